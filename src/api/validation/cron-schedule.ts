/**
 * CronJob schedules as the API server checks them: a port of robfig/cron/v3's ParseStandard (which upstream calls),
 * with its exact error texts. cron-parser accepts more (seconds, L, #) and words its errors differently, so it
 * computes run times but does not decide validity.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const dom: Bounds = { min: 1, max: 31 };
const months: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const dow: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** Go's strconv.Quote for the ASCII a schedule holds (enough for error texts). */
const quote = (s: string) => JSON.stringify(s);

const maxInt = 9223372036854775807n;

/** strconv.Atoi with its error text (`strconv.Atoi: parsing "x": invalid syntax`). */
function atoi(s: string): number | Error {
  if (!/^[+-]?[0-9]+$/.test(s)) return new Error(`strconv.Atoi: parsing ${quote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > maxInt || n < -maxInt - 1n) return new Error(`strconv.Atoi: parsing ${quote(s)}: value out of range`);
  return Number(n);
}

/** robfig's mustParseInt: a non-negative int. */
function mustParseInt(expr: string): number | Error {
  const n = atoi(expr);
  if (n instanceof Error) return new Error(`failed to parse int from ${expr}: ${n.message}`);
  if (n < 0) return new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Bounds['names']): number | Error {
  if (names) {
    const named = names[expr.toLowerCase()];
    if (named !== undefined) return named;
  }
  return mustParseInt(expr);
}

/** robfig's getRange for one comma-separated part: `*`, `?`, `n`, `a-b`, with an optional `/step`. */
function getRange(expr: string, r: Bounds): Error | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0]!, r.names);
    if (s instanceof Error) return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1]!, r.names);
      if (e instanceof Error) return e;
      end = e;
    } else return new Error(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]!);
    if (s instanceof Error) return s;
    step = s;
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
  } else return new Error(`too many slashes: ${expr}`);
  if (start < r.min) return new Error(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) return new Error(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) return new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) return new Error(`step of range should be a positive number: ${expr}`);
  return undefined;
}

function getField(field: string, r: Bounds): Error | undefined {
  // strings.FieldsFunc on ',': empty parts vanish.
  for (const expr of field.split(',').filter((p) => p !== '')) {
    const err = getRange(expr, r);
    if (err) return err;
  }
  return undefined;
}

const durationUnits: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration, only for its error text (undefined when the duration parses). */
export function goParseDurationError(orig: string): string | undefined {
  const invalidDuration = `time: invalid duration ${quote(orig)}`;
  let s = orig;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  if (s === '0') return undefined;
  if (s === '') return invalidDuration;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) return invalidDuration;
    const intPart = /^[0-9]*/.exec(s)![0];
    s = s.slice(intPart.length);
    let fracPart = '';
    let post = false;
    if (s.startsWith('.')) {
      s = s.slice(1);
      fracPart = /^[0-9]*/.exec(s)![0];
      s = s.slice(fracPart.length);
      post = fracPart.length > 0;
    }
    if (intPart.length === 0 && !post) return invalidDuration;
    const unitMatch = /^[^0-9.]*/.exec(s)![0];
    if (unitMatch.length === 0) return `time: missing unit in duration ${quote(orig)}`;
    s = s.slice(unitMatch.length);
    const unit = durationUnits[unitMatch];
    if (unit === undefined) return `time: unknown unit ${quote(unitMatch)} in duration ${quote(orig)}`;
    const v = BigInt(intPart || '0');
    if (v > (1n << 63n) / unit) return invalidDuration;
    total += v * unit;
    if (total > 1n << 63n) return invalidDuration;
  }
  return undefined;
}

const zoneNames = new Set(Intl.supportedValuesOf('timeZone'));
const zoneNamesLower = new Map([...zoneNames].map((z) => [z.toLowerCase(), z]));

/**
 * Go's time.LoadLocation, only for its error text: "", UTC and Local always load; other names must be IANA
 * zones (tz database names are case-sensitive files, so a name that differs from a zone only in case fails).
 */
export function loadLocationError(name: string): string | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') return undefined;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) return 'time: invalid location name';
  const canonical = zoneNamesLower.get(name.toLowerCase());
  if (canonical !== undefined && canonical !== name) return `unknown time zone ${name}`;
  if (zoneNames.has(name)) return undefined;
  try {
    // Aliases (US/Eastern, Etc/UTC, EST...) that Intl knows but does not list; ICU ignores case, Go does not.
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    // Every tz database name's parts start with a capital (US/Eastern, Etc/GMT+5); ICU would take us/eastern too.
    return name.split('/').some((part) => /^[a-z]/.test(part)) ? `unknown time zone ${name}` : undefined;
  } catch {
    return `unknown time zone ${name}`;
  }
}

const descriptors = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/**
 * Why robfig/cron/v3's ParseStandard rejects a schedule (its error text), or undefined when it accepts it:
 * five fields (minute hour day-of-month month day-of-week), a descriptor (@hourly, @every 5m), and an
 * optional TZ=/CRON_TZ= prefix.
 */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    // Without a space upstream slices spec[eq+1:-1] and panics; report it the way the panic reads.
    if (i < 0) return `runtime error: slice bounds out of range [:${i}]`;
    const zone = spec.slice(eq + 1, i);
    const err = loadLocationError(zone);
    if (err) return `provided bad location ${zone}: ${err}`;
    spec = spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    if (descriptors.has(spec)) return undefined;
    const every = '@every ';
    if (spec.startsWith(every)) {
      const err = goParseDurationError(spec.slice(every.length));
      return err ? `failed to parse duration ${spec}: ${err}` : undefined;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  // strings.Fields: split on Unicode white space.
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const bounds = [minutes, hours, dom, months, dow];
  for (let i = 0; i < 5; i++) {
    const err = getField(fields[i]!, bounds[i]!);
    if (err) return err.message;
  }
  return undefined;
}
