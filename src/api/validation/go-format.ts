/** Go's %#v of the few internal structs upstream puts into field errors, so bad values print as on a real cluster. */
import { GoRaw, goQuote } from '../field-error.js';
import { tryParseQuantity } from '../../util/quantity.js';

/** A field of a Go struct literal: its Go name and its already formatted value. */
export type GoField = readonly [name: string, text: string];

/** `pkg.Type{A:1, B:"x"}` as %#v prints a struct. */
export function goStruct(type: string, fields: readonly GoField[]): string {
  return `${type}{${fields.map(([n, t]) => `${n}:${t}`).join(', ')}}`;
}

/** %#v of a *T that is nil: `(*T)(nil)`. */
export const goNilPtr = (type: string) => `(*${type})(nil)`;

/** %#v of a string pointer inside a struct: nil, or an address (Go prints the address, which nobody can predict). */
export const goStringPtr = (v: string | undefined | null) => (v === undefined || v === null ? goNilPtr('string') : '(*string)(0xc000a1e0a0)');

/** %#v of a Go string. */
export const goStr = (v: unknown) => goQuote(typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** %#v of a Go integer (missing is 0). */
export const goInt = (v: unknown) => String(typeof v === 'number' ? Math.trunc(v) : 0);

/** %#v of an intstr.IntOrString. */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return goStruct('intstr.IntOrString', [['Type', '1'], ['IntVal', '0'], ['StrVal', goQuote(v)]]);
  return goStruct('intstr.IntOrString', [['Type', '0'], ['IntVal', goInt(v)], ['StrVal', '""']]);
}

/** %#v of a []string (nil when absent). */
export function goStringSlice(v: readonly string[] | undefined | null): string {
  if (v === undefined || v === null) return '[]string(nil)';
  return `[]string{${v.map(goQuote).join(', ')}}`;
}

/** A bad value printed as %#v of []T for a named string type T (`[]core.IPFamily{"IPv4"}`). */
export function goNamedStringSlice(type: string, v: readonly string[] | undefined | null): GoRaw {
  if (v === undefined || v === null) return new GoRaw(`[]${type}(nil)`);
  return new GoRaw(`[]${type}{${v.map(goQuote).join(', ')}}`);
}

/**
 * The parts of a resource.Quantity as ParseQuantity leaves them: the int64 mantissa and decimal scale, the
 * format, and whether it needed an inf.Dec (fractions of binary units, or values beyond int64).
 */
export interface QuantityParts {
  value: bigint;
  scale: number;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
  inf: boolean;
}

const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const quantityRe = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;
const maxInt64 = (1n << 63n) - 1n;

/** Splits a quantity the way resource.ParseQuantity does; undefined when it does not parse. */
export function quantityParts(text: string): QuantityParts | undefined {
  const m = quantityRe.exec(text.trim());
  if (!m) return undefined;
  const [, sign, intPart = '', fracPart = '', suffix = ''] = m;
  if (intPart === '' && fracPart === '') return undefined;
  let format: QuantityParts['format'];
  let exponent: number;
  if (suffix in binarySuffixes) {
    format = 'BinarySI';
    exponent = binarySuffixes[suffix]!;
  } else if (suffix in decimalSuffixes) {
    format = 'DecimalSI';
    exponent = decimalSuffixes[suffix]!;
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    exponent = Number(suffix.slice(1));
  } else return undefined;
  const num = intPart.replace(/^0+(?=[0-9])/, '');
  const denom = fracPart.replace(/0+$/, '');
  const negative = sign === '-';
  const inf = (): QuantityParts => ({ value: 0n, scale: 0, format, inf: true });
  if (format === 'BinarySI') {
    if (denom.length > 0) return inf();
    const v = BigInt(num || '0') << BigInt(exponent);
    if (v > maxInt64) return inf();
    return { value: negative ? -v : v, scale: 0, format, inf: false };
  }
  const scale = exponent - denom.length;
  if (scale < -9) return inf();
  const v = BigInt((num + denom).replace(/^0+(?=[0-9])/, '') || '0');
  if (v > maxInt64) return inf();
  return { value: negative ? -v : v, scale, format, inf: false };
}

/**
 * %#v of a resource.Quantity (not a Stringer by value, so Go dumps its fields):
 * `resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1", Format:"DecimalSI"}`.
 * `s` is the input kept by the parser when it was already canonical, else empty (nothing cached it yet).
 */
export function goQuantity(input: unknown): GoRaw {
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input : '';
  const p = quantityParts(text);
  const q = tryParseQuantity(text);
  const format = q?.format ?? p?.format ?? 'DecimalSI';
  const i = p && !p.inf ? `resource.int64Amount{value:${p.value}, scale:${p.scale}}` : 'resource.int64Amount{value:0, scale:0}';
  const d = p?.inf ? 'resource.infDecAmount{Dec:(*inf.Dec)(0xc000a1e0c0)}' : 'resource.infDecAmount{Dec:(*inf.Dec)(nil)}';
  const s = q && q.toString() === text.trim() ? text.trim() : '';
  return new GoRaw(`resource.Quantity{i:${i}, d:${d}, s:${goQuote(s)}, Format:${goQuote(format)}}`);
}
