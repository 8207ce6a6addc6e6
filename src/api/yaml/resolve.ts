/**
 * go-yaml v2's resolve.go: what a plain scalar means under YAML 1.1 as go-yaml reads it. `yes`/`on`/`y` are true,
 * `0644` is octal (420), `0x1F` hex, `1_000` a thousand, `0b101` binary, `1e3` a float, `~` null, while `1:20`
 * (YAML 1.1's base 60) and `0xFFFFFFFFFFFFFFFFFF` (too big) stay strings. Numbers follow Go's strconv exactly,
 * since resolve.go leans on ParseInt, ParseUint and ParseFloat. Pure: shared by the parser and, where it helps, the
 * `-o yaml` printer.
 */

export const Tag = {
  NULL: 'tag:yaml.org,2002:null',
  BOOL: 'tag:yaml.org,2002:bool',
  STR: 'tag:yaml.org,2002:str',
  INT: 'tag:yaml.org,2002:int',
  FLOAT: 'tag:yaml.org,2002:float',
  TIMESTAMP: 'tag:yaml.org,2002:timestamp',
  SEQ: 'tag:yaml.org,2002:seq',
  MAP: 'tag:yaml.org,2002:map',
  BINARY: 'tag:yaml.org,2002:binary',
  MERGE: 'tag:yaml.org,2002:merge',
} as const;

/** A Go uint64 (go-yaml's type for integers from 2^63 up); a Go int is a bigint, a float64 a number. */
export class GoUint64 {
  constructor(readonly value: bigint) {}
}

/** What resolve returns: Go's nil, bool, int, uint64, float64 or string. */
export type Resolved = null | boolean | bigint | GoUint64 | number | string;

/** go-yaml's failf from inside resolve: the message without the `yaml: ` prefix. */
export class ResolveError extends Error {}

const LONG_TAG_PREFIX = 'tag:yaml.org,2002:';

/** `!!int` for `tag:yaml.org,2002:int`. */
export const shortTag = (tag: string): string => (tag.startsWith(LONG_TAG_PREFIX) ? `!!${tag.slice(LONG_TAG_PREFIX.length)}` : tag);

const RESOLVE_MAP = new Map<string, { tag: string; value: Resolved }>();
for (const [value, tag, words] of [
  [true, Tag.BOOL, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, Tag.BOOL, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, Tag.NULL, ['', '~', 'null', 'Null', 'NULL']],
  [NaN, Tag.FLOAT, ['.nan', '.NaN', '.NAN']],
  [Infinity, Tag.FLOAT, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [-Infinity, Tag.FLOAT, ['-.inf', '-.Inf', '-.INF']],
  ['<<', Tag.MERGE, ['<<']],
] as const) {
  for (const w of words) RESOLVE_MAP.set(w, { tag, value });
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

const resolvableTag = (tag: string) => tag === '' || tag === Tag.STR || tag === Tag.BOOL || tag === Tag.INT || tag === Tag.FLOAT || tag === Tag.NULL || tag === Tag.TIMESTAMP;

/** resolveTable: the hint a scalar's first byte gives. */
function hintOf(s: string): string {
  if (s === '') return 'N';
  const ch = s[0]!;
  if (ch === '+' || ch === '-') return 'S';
  if (ch >= '0' && ch <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(ch)) return 'M';
  if (ch === '.') return '.';
  return '';
}

/**
 * resolve(tag, in): the tag the text resolves to and its value. Throws ResolveError (`cannot decode !!str `abc` as a
 * !!int`) when an explicit tag does not fit the text.
 */
export function resolve(tag: string, text: string): { tag: string; value: Resolved } {
  if (!resolvableTag(tag)) return { tag, value: text };
  const out = resolveUntagged(tag, text);
  // resolve's deferred check of an explicit tag against what the text turned out to be.
  if (tag === '' || tag === out.tag || tag === Tag.STR) return out;
  if (tag === Tag.FLOAT && out.tag === Tag.INT && typeof out.value === 'bigint') return { tag: Tag.FLOAT, value: Number(out.value) };
  throw new ResolveError(`cannot decode ${shortTag(out.tag)} \`${text}\` as a ${shortTag(tag)}`);
}

function resolveUntagged(tag: string, text: string): { tag: string; value: Resolved } {
  const hint = hintOf(text);
  if (hint !== '' && tag !== Tag.STR && tag !== Tag.BINARY) {
    const item = RESOLVE_MAP.get(text);
    if (item) return item;
    switch (hint) {
      case 'M':
        break;
      case '.': {
        const f = parseFloat64(text);
        if (f !== undefined) return { tag: Tag.FLOAT, value: f };
        break;
      }
      case 'D':
      case 'S': {
        if ((tag === '' || tag === Tag.TIMESTAMP) && isTimestamp(text)) return { tag: Tag.TIMESTAMP, value: text };
        const plain = text.replaceAll('_', '');
        const int = parseInt64(plain, 0);
        if (int !== undefined) return { tag: Tag.INT, value: int };
        const uint = parseUint64(plain, 0);
        if (uint !== undefined) return { tag: Tag.INT, value: new GoUint64(uint) };
        if (YAML_STYLE_FLOAT.test(plain)) {
          const f = parseFloat64(plain);
          if (f !== undefined) return { tag: Tag.FLOAT, value: f };
        }
        if (plain.startsWith('0b')) {
          const i = parseInt64(plain.slice(2), 2);
          if (i !== undefined) return { tag: Tag.INT, value: i };
          const u = parseUint64(plain.slice(2), 2);
          if (u !== undefined) return { tag: Tag.INT, value: new GoUint64(u) };
        } else if (plain.startsWith('-0b')) {
          const i = parseInt64(`-${plain.slice(3)}`, 2);
          if (i !== undefined) return { tag: Tag.INT, value: i };
        }
        break;
      }
    }
  }
  return { tag: Tag.STR, value: text };
}

// -----------------------------------------------------------------------------------------------------------------
// Go's strconv

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1]!.toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1]!.toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const ch = s[i]!;
    if ((ch >= '0' && ch <= '9') || (hex && ch.toLowerCase() >= 'a' && ch.toLowerCase() <= 'f')) {
      saw = '0';
      continue;
    }
    if (ch === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, base, 64); undefined where Go returns an error (syntax or range). */
export function parseUint64(s0: string, base0: number): bigint | undefined {
  if (s0 === '') return undefined;
  const base0Mode = base0 === 0;
  let s = s0;
  let base = base0;
  if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      const p = s[1]?.toLowerCase();
      if (s.length >= 3 && p === 'b') [base, s] = [2, s.slice(2)];
      else if (s.length >= 3 && p === 'o') [base, s] = [8, s.slice(2)];
      else if (s.length >= 3 && p === 'x') [base, s] = [16, s.slice(2)];
      else [base, s] = [8, s.slice(1)];
    }
  }
  let n = 0n;
  let underscores = false;
  const b = BigInt(base);
  for (const ch of s) {
    let d: number;
    if (ch === '_' && base0Mode) {
      underscores = true;
      continue;
    } else if (ch >= '0' && ch <= '9') d = ch.charCodeAt(0) - 48;
    else if (ch.toLowerCase() >= 'a' && ch.toLowerCase() <= 'z') d = ch.toLowerCase().charCodeAt(0) - 97 + 10;
    else return undefined;
    if (d >= base) return undefined;
    n = n * b + BigInt(d);
  }
  if (underscores && !underscoreOK(s0)) return undefined;
  return n > UINT64_MAX ? undefined : n;
}

/** strconv.ParseInt(s, base, 64). */
export function parseInt64(s0: string, base: number): bigint | undefined {
  if (s0 === '') return undefined;
  let s = s0;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  const un = parseUint64(s, base);
  if (un === undefined) return undefined;
  const v = neg ? -un : un;
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/**
 * strconv.ParseFloat(s, 64): decimal (with Go's underscores), hexadecimal (`0x1p-2`), `inf`/`infinity`/`nan` in any
 * case; undefined on a syntax error or overflow (Go's ErrRange), underflow reads as zero.
 */
export function parseFloat64(s: string): number | undefined {
  let i = 0;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    i = 1;
  }
  const rest = s.slice(i).toLowerCase();
  if (rest === 'inf' || rest === 'infinity') return sign * Infinity;
  if (rest === 'nan' && i === 0) return NaN;
  if (/^0x/i.test(s.slice(i))) return parseHexFloat(s.slice(i + 2), sign, s);
  const body = s.slice(i);
  if (!/^([0-9_]+\.?[0-9_]*|\.[0-9_]+)([eE][-+]?[0-9_]+)?$/.test(body)) return undefined;
  // Underscores only between digits (readFloat checks the whole text with underscoreOK).
  if (body.includes('_') && !underscoreOK(s)) return undefined;
  const v = Number(body.replaceAll('_', ''));
  if (!Number.isFinite(v)) return undefined;
  return sign * v;
}

function parseHexFloat(digits: string, sign: number, whole: string): number | undefined {
  const m = /^([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([-+]?[0-9_]+)$/.exec(digits);
  if (!m) return undefined;
  const [, intPart = '', fracPart = '', exp = ''] = m;
  if (intPart.replaceAll('_', '') === '' && fracPart.replaceAll('_', '') === '') return undefined;
  if (whole.includes('_') && !underscoreOK(whole.slice(0, whole.search(/[pP]/)))) return undefined;
  let mant = 0;
  for (const ch of intPart.replaceAll('_', '')) mant = mant * 16 + parseInt(ch, 16);
  let scale = 1;
  for (const ch of fracPart.replaceAll('_', '')) {
    scale /= 16;
    mant += parseInt(ch, 16) * scale;
  }
  const v = mant * 2 ** Number(exp.replaceAll('_', ''));
  if (!Number.isFinite(v)) return undefined;
  return sign * v;
}

// -----------------------------------------------------------------------------------------------------------------
// Timestamps

const daysIn = (month: number, year: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** go-yaml's parseTimestamp: time.Parse with "2006-1-2T15:4:5.999999999Z07:00", its 't' twin, "2006-1-2 15:4:5.999999999" or "2006-1-2". */
export function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  return ['T', 't', ' ', ''].some((sep) => parseLayout(s, sep));
}

/** time.Parse of one of the layouts (`sep` '' for the date-only one). */
function parseLayout(s: string, sep: string): boolean {
  let rest = s.slice(5);
  const year = Number(s.slice(0, 4));
  // getnum: one digit, or two when two are there.
  const num = (): number | undefined => {
    if (!/^\d/.test(rest)) return undefined;
    const n = /^\d\d/.test(rest) ? 2 : 1;
    const v = Number(rest.slice(0, n));
    rest = rest.slice(n);
    return v;
  };
  const lit = (l: string) => {
    if (!rest.startsWith(l)) return false;
    rest = rest.slice(l.length);
    return true;
  };
  const month = num();
  if (month === undefined || month < 1 || month > 12 || !lit('-')) return false;
  const day = num();
  if (day === undefined) return false;
  if (sep) {
    if (!lit(sep)) return false;
    const hour = num();
    if (hour === undefined || hour >= 24 || !lit(':')) return false;
    const minute = num();
    if (minute === undefined || minute >= 60 || !lit(':')) return false;
    const second = num();
    if (second === undefined || second >= 60) return false;
    const frac = /^[.,]\d+/.exec(rest);
    if (frac) rest = rest.slice(frac[0].length);
    if (sep !== ' ') {
      if (!lit('Z')) {
        const zone = /^[+-](\d\d):(\d\d)/.exec(rest);
        if (!zone || Number(zone[1]) > 24 || Number(zone[2]) > 60) return false;
        rest = rest.slice(6);
      }
    }
  }
  if (rest !== '') return false;
  return day >= 1 && day <= daysIn(month, year);
}
