/**
 * CronJob schedules as the controller reads them (robfig/cron/v3 ParseStandard + Schedule.Next): five fields or a
 * descriptor, an optional `TZ=`/`CRON_TZ=` prefix, `@every <duration>`. Validity and error texts come from the
 * API's port of the parser; cron-parser computes the run times of field schedules.
 */
import { CronExpressionParser } from 'cron-parser';
import { cronScheduleError } from '../../api/validation/cron-schedule.js';

export interface Schedule {
  /** The first run time strictly after t (whole seconds). */
  next(t: Date): Date;
}

/** Go's zero time: what robfig's Next returns when no time matches within five years. */
export const zeroTime = new Date('0001-01-01T00:00:00Z');

const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Go's time.ParseDuration for valid input (validated before), in ms. */
function parseGoDurationMs(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let sign = 1;
  let rest = s;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  let total = 0;
  for (const m of rest.matchAll(/([0-9]*\.?[0-9]*)([^0-9.]+)/g)) total += Number(m[1]) * units[m[2]!]!;
  return sign * total;
}

/** Parses like cron.ParseStandard; throws with robfig's error text. */
export function parseStandard(spec: string): Schedule {
  const err = cronScheduleError(spec);
  if (err !== undefined) throw new Error(err);
  let tz: string | undefined;
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const i = rest.indexOf(' ');
    tz = rest.slice(rest.indexOf('=') + 1, i);
    rest = rest.slice(i).trim();
  }
  if (tz === 'Local' || tz === '') tz = undefined;
  if (rest.startsWith('@every ')) {
    // ConstantDelaySchedule: at least a second, whole seconds, counted from t with its fraction dropped.
    let delay = parseGoDurationMs(rest.slice('@every '.length));
    delay = delay < 1000 ? 1000 : delay - (delay % 1000);
    return { next: (t) => new Date(t.getTime() - (t.getTime() % 1000) + delay) };
  }
  const expr = descriptors[rest] ?? rest.split(/\s+/).filter(Boolean).join(' ');
  let valid = true;
  try {
    CronExpressionParser.parse(expr, { currentDate: new Date(0), ...(tz ? { tz } : {}) });
  } catch {
    // Grammatical but impossible (February 31st): robfig finds no time and returns the zero time.
    valid = false;
  }
  return {
    next(t) {
      if (!valid) return zeroTime;
      try {
        return CronExpressionParser.parse(expr, { currentDate: t, ...(tz ? { tz } : {}) }).next().toDate();
      } catch {
        return zeroTime;
      }
    },
  };
}
