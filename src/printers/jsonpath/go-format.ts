/** Go's fmt and strconv renderings of decoded JSON values, as kubectl's jsonpath and custom-columns print them. */
import { compareGoStrings } from '../../api/patch/json-value.js';

/** A float literal of a template (`{1.0}`, `[?(@.x>2.0)]`): Go keeps it a float64 even when it is whole. */
export class FloatLiteral {
  constructor(readonly value: number) {}
}

/** An invalid reflect.Value (what Go walks when a range ran over nothing); it prints as `<no value>`. */
export const NO_VALUE: unique symbol = Symbol('no value');

/** A value as kubectl's jsonpath engine holds it: decoded JSON, a template literal, or no value at all. */
export type GoValue = unknown;

const TWO_63 = 2 ** 63;

/** Whether Go decodes this JSON number as int64 (apimachinery keeps whole numbers that fit as int64, the rest float64). */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && n >= -TWO_63 && n < TWO_63;
}

/** The digits and decimal exponent of the shortest decimal that reads back as n (n finite, not zero). */
function shortestDigits(n: number): { digits: string; exp: number } {
  const [mantissa, e] = Math.abs(n).toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exp: Number(e) };
}

/** strconv.FormatFloat(n, 'g', -1, 64): Go's %v of a float64. */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const { digits, exp } = shortestDigits(n);
  const sign = n < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return String(n);
}

/** An integer as Go prints an int64 (exactly, not in JavaScript's shortened form). */
export const formatGoInt = (n: number) => BigInt(n).toString();

/** Go's text of a JSON number held as int64 or float64. */
export const formatGoNumber = (n: number) => (isGoInt(n) ? formatGoInt(n) : formatGoFloat(n));

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function goIsPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp < 0x7f) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

const hex = (cp: number, width: number) => cp.toString(16).padStart(width, '0');

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of toWellFormed(s)) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (goIsPrint(cp)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + '"';
}

/** Go strings are UTF-8: a lone surrogate could only have come from bad bytes, which Go decodes as U+FFFD. */
export function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof FloatLiteral);

/** Sorted keys, as fmt prints maps. */
const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort(compareGoStrings);

/** fmt.Sprint of a value: `map[a:1 b:x]`, `[a b]`, `<nil>`; what custom-columns prints. */
export function goSprint(v: GoValue): string {
  if (v === NO_VALUE) return '<invalid reflect.Value>';
  if (v === null || v === undefined) return '<nil>';
  if (v instanceof FloatLiteral) return formatGoFloat(v.value);
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatGoNumber(v);
    case 'boolean':
      return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isMap(v)) return `map[${sortedKeys(v).map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  return String(v);
}

/** fmt's %#v of a decoded JSON value held in an interface{}: what kubectl shows of the object after a jsonpath error. */
export function goSharpV(v: GoValue, top = true): string {
  if (v === null || v === undefined) return top ? '<nil>' : 'interface {}(nil)';
  if (v instanceof FloatLiteral) return formatGoFloat(v.value);
  switch (typeof v) {
    case 'string':
      return goQuote(v);
    case 'number':
      return formatGoNumber(v);
    case 'boolean':
      return String(v);
  }
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, false)).join(', ')}}`;
  if (isMap(v)) return `map[string]interface {}{${sortedKeys(v).map((k) => `${goQuote(k)}:${goSharpV(v[k], false)}`).join(', ')}}`;
  return String(v);
}

/** %#U of a rune: `U+0021 '!'` (the character only when printable). */
export function goRuneU(cp: number): string {
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return goIsPrint(cp) ? `${code} '${String.fromCodePoint(cp)}'` : code;
}
