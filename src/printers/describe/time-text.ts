/** Times as describe prints them: RFC 1123 with a numeric zone in the local zone, and ages by HumanDuration. */
import { humanDuration } from '../../util/human-duration.js';
import type { DescribeContext } from './describe-context.js';

/** How Go formats a zero metav1.Time (a JSON null or a missing field) with time.RFC1123Z. */
export const ZERO_TIME_RFC1123Z = 'Mon, 01 Jan 0001 00:00:00 +0000';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(key, f);
  }
  return f;
}

const isZero = (t: string | null | undefined): t is null | undefined | '' => t === undefined || t === null || t === '';

/** `t.Format(time.RFC1123Z)` after metav1.Time decoding moved it to the local zone: `Mon, 02 Jan 2006 15:04:05 -0700`. */
export function rfc1123z(t: string | null | undefined, ctx: Pick<DescribeContext, 'timeZone'>): string {
  if (isZero(t)) return ZERO_TIME_RFC1123Z;
  const parts = Object.fromEntries(formatterFor(ctx.timeZone).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const offset = /^GMT([+-]\d{2}):(\d{2})$/.exec(parts.timeZoneName ?? '');
  const zone = offset ? `${offset[1]}${offset[2]}` : '+0000';
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year!.padStart(4, '0')} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`;
}

/** translateTimestampSince: the age of a timestamp, `<unknown>` when unset. */
export function timestampSince(t: string | null | undefined, ctx: Pick<DescribeContext, 'now'>): string {
  if (isZero(t)) return '<unknown>';
  return humanDuration(ctx.now.getTime() - new Date(t).getTime());
}

/** duration.HumanDuration of the time between two timestamps. */
export const durationBetween = (from: string, to: string) => humanDuration(new Date(to).getTime() - new Date(from).getTime());
