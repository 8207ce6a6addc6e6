/** Kubernetes resource.Quantity: exact fixed-point amounts parsed, compared and printed exactly as apimachinery does. */

export const QuantityFormat = {
  /** e.g. 12e6 */
  DecimalExponent: 'DecimalExponent',
  /** e.g. 12Mi (12 * 2^20) */
  BinarySI: 'BinarySI',
  /** e.g. 12M (12 * 10^6) */
  DecimalSI: 'DecimalSI',
} as const;
export type QuantityFormat = (typeof QuantityFormat)[keyof typeof QuantityFormat];

/** Power-of-ten scales, as apimachinery's resource.Scale. */
export const Scale = { Nano: -9, Micro: -6, Milli: -3, Kilo: 3, Mega: 6, Giga: 9, Tera: 12, Peta: 15, Exa: 18 } as const;

/** The regular expression upstream quotes in its format error. */
export const quantityRegExp = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ErrFormatWrong = `quantities must match the regular expression '${quantityRegExp}'`;
export const ErrNumeric = 'unable to parse numeric part of quantity';
export const ErrSuffix = "unable to parse quantity's suffix";

/** A string that is not a quantity; the message is upstream's. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const maxInt64 = (1n << 63n) - 1n;
const minInt64 = -(1n << 63n);
const maxInt32 = 2147483647;

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixOf = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binarySuffixOf = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const suffixChars = 'eEinumkKMGTP';

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);
const digitCount = (v: bigint): number => (v === 0n ? 0 : abs(v).toString().length);
const clampInt64 = (v: bigint): bigint => (v > maxInt64 ? maxInt64 : v < minInt64 ? minInt64 : v);

/** Divides by 10^n, rounding the magnitude up (away from zero), as inf.RoundUp. */
function divRoundAway(v: bigint, n: number): bigint {
  if (n <= 0) return v * pow10(-n);
  if (v === 0n) return 0n;
  if (n > digitCount(v)) return v < 0n ? -1n : 1n;
  const d = pow10(n);
  const q = v / d;
  if (q * d === v) return q;
  return v < 0n ? q - 1n : q + 1n;
}

interface Parts {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** A port of upstream's parseQuantityString: splits sign, integer digits, fraction digits and suffix. */
function parseQuantityString(str: string): Parts {
  let positive = true;
  let pos = 0;
  const end = str.length;
  let num = '';
  let denom = '';
  if (pos < end && (str[0] === '-' || str[0] === '+')) {
    positive = str[0] !== '-';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i]!)) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  num = str.slice(pos, i) || '0';
  pos = i;
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i]!)) i++;
    if (i >= end) return { positive, value: str, num, denom: str.slice(pos), suffix: '' };
    denom = str.slice(pos, i);
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && suffixChars.includes(str[i]!)) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i]!)) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityError(ErrFormatWrong);
}

const isDigit = (c: string) => c >= '0' && c <= '9';

interface Interpreted {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(s: string): Interpreted | undefined {
  if (Object.prototype.hasOwnProperty.call(decimalSuffixes, s)) return { base: 10, exponent: decimalSuffixes[s]!, format: QuantityFormat.DecimalSI };
  if (Object.prototype.hasOwnProperty.call(binarySuffixes, s)) return { base: 2, exponent: binarySuffixes[s]!, format: QuantityFormat.BinarySI };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E')) {
    // strconv.ParseInt: an optional sign and decimal digits; exponents past int32 are rejected rather than wrapped.
    if (!/^[+-]?[0-9]+$/.test(s.slice(1))) return undefined;
    const e = BigInt(s.slice(1));
    if (e > BigInt(maxInt32) || e < BigInt(-maxInt32)) return undefined;
    return { base: 10, exponent: Number(e), format: QuantityFormat.DecimalExponent };
  }
  return undefined;
}

/**
 * Whether upstream's int64 fast path keeps the input string as the quantity's serialized form: it does so when
 * the input is already in canonical shape, and then MarshalJSON writes the input back verbatim (`1.234` stays).
 */
function keepsInputString(p: Parts, it: Interpreted): boolean {
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (it.format === QuantityFormat.BinarySI) {
    if (it.exponent < 0 || p.denom.length > 0) return false;
    mantissa = 1n << BigInt(it.exponent);
    precision = 15 - p.num.length - Math.trunc((it.exponent * 3) / 10) - 1;
  } else {
    scale = it.exponent;
    precision = 18 - (p.num.length + p.denom.length);
  }
  if (precision < 0) return false;
  scale -= p.denom.length;
  if (scale < Scale.Nano) return false;
  const shifted = p.num + p.denom;
  const value = BigInt(shifted);
  if (value * mantissa > maxInt64) return false;
  if (it.format === QuantityFormat.BinarySI) return it.exponent % 10 === 0 && (value & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

/** A fixed-point quantity: `unscaled * 10^scale`, remembering the format it was written in. */
export class Quantity {
  /** @param cached the serialized form upstream keeps verbatim from parsing, if any */
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
    readonly format: QuantityFormat,
    private readonly cached?: string,
  ) {}

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than y. */
  cmp(y: Quantity): -1 | 0 | 1 {
    const a = this.sign();
    const b = y.sign();
    if (a !== b) return a > b ? 1 : -1;
    if (a === 0) return 0;
    // Settle by order of magnitude first so huge exponents are never expanded.
    const ma = digitCount(this.unscaled) + this.scale;
    const mb = digitCount(y.unscaled) + y.scale;
    if (ma !== mb) return (ma > mb) === (a > 0) ? 1 : -1;
    const s = Math.min(this.scale, y.scale);
    const x1 = this.unscaled * pow10(this.scale - s);
    const y1 = y.unscaled * pow10(y.scale - s);
    return x1 === y1 ? 0 : x1 > y1 ? 1 : -1;
  }

  equal(y: Quantity): boolean {
    return this.cmp(y) === 0;
  }

  /** this + y; a zero quantity takes y's format, as upstream's Add. */
  add(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format;
    if (y.isZero()) return new Quantity(this.unscaled, this.scale, format);
    if (this.isZero()) return new Quantity(y.unscaled, y.scale, format);
    const s = Math.min(this.scale, y.scale);
    return new Quantity(this.unscaled * pow10(this.scale - s) + y.unscaled * pow10(y.scale - s), s, format);
  }

  /** this - y; a zero quantity takes y's format, as upstream's Sub. */
  sub(y: Quantity): Quantity {
    return this.add(y.neg()).withFormat(this.isZero() ? y.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.unscaled, this.scale, this.format);
  }

  /** this * n for an integer n. */
  mul(n: number | bigint): Quantity {
    return new Quantity(this.unscaled * BigInt(n), this.scale, this.format);
  }

  withFormat(format: QuantityFormat): Quantity {
    return new Quantity(this.unscaled, this.scale, format);
  }

  /**
   * The value rounded away from zero to the given power-of-ten scale, and whether that was exact;
   * like upstream's RoundUp it keeps the parsed string when no rounding is needed.
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (this.scale >= scale) return { quantity: this, exact: true };
    const v = divRoundAway(this.unscaled, scale - this.scale);
    const exact = v * pow10(scale - this.scale) === this.unscaled;
    return { quantity: new Quantity(v, scale, this.format), exact };
  }

  /** ceil(q / 10^scale) away from zero, saturated to int64 (upstream's ScaledValue). */
  scaledValue(scale: number): bigint {
    return clampInt64(divRoundAway(this.unscaled, scale - this.scale));
  }

  /** The value rounded up (away from zero) to an integer, as upstream's Value(). */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** ceil(q * 1000), as upstream's MilliValue(). */
  milliValue(): number {
    return Number(this.scaledValue(Scale.Milli));
  }

  asApproximateFloat64(): number {
    return Number(this.unscaled) * 10 ** this.scale;
  }

  /** The serialized form: upstream's Quantity.String() (canonical, or the input kept verbatim by the parser). */
  toString(): string {
    return this.cached ?? canonicalString(this);
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Upstream's CanonicalizeBytes: largest exponent, no fraction digits, same suffix family where exact. */
function canonicalString(q: Quantity): string {
  if (q.isZero()) return '0';
  const negative = q.unscaled < 0n;
  let format = q.format;
  if (format === QuantityFormat.BinarySI) {
    const inRange = q.cmp(new Quantity(-1024n, 0, format)) > 0 && q.cmp(new Quantity(1024n, 0, format)) < 0;
    if (inRange || (q.scale < 0 && abs(q.unscaled) % pow10(-q.scale) !== 0n)) format = QuantityFormat.DecimalSI;
  }
  let body: string;
  if (format === QuantityFormat.BinarySI) {
    let v = q.scale >= 0 ? abs(q.unscaled) * pow10(q.scale) : abs(q.unscaled) / pow10(-q.scale);
    let k = 0;
    while (v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    // Past Ei there is no binary suffix: fall back to an exact decimal form rather than drop the magnitude.
    body = k < binarySuffixOf.length ? v.toString() + binarySuffixOf[k] : decimalBody(q, QuantityFormat.DecimalSI);
  } else {
    body = decimalBody(q, format);
  }
  return negative ? `-${body}` : body;
}

function decimalBody(q: Quantity, format: QuantityFormat): string {
  let v = abs(q.unscaled);
  let e = q.scale;
  while (v % 10n === 0n) {
    v /= 10n;
    e++;
  }
  const r = ((e % 3) + 3) % 3;
  v *= pow10(r);
  e -= r;
  if (format === QuantityFormat.DecimalExponent) return e === 0 ? v.toString() : `${v}e${e}`;
  const suffix = decimalSuffixOf.get(e);
  return suffix === undefined ? `${v}e${e}` : v.toString() + suffix;
}

/**
 * Parses a quantity as the API server decodes one from JSON: a string, or a JSON number (which arrives as
 * its JSON text, the same text JavaScript prints for it). Throws QuantityError with upstream's messages.
 */
export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(ErrFormatWrong);
    input = String(input);
  }
  const str = input;
  if (str.length === 0) throw new QuantityError(ErrFormatWrong);
  if (str === '0') return new Quantity(0n, 0, QuantityFormat.DecimalSI, '0');
  const p = parseQuantityString(str);
  const it = interpretSuffix(p.suffix);
  if (!it) throw new QuantityError(ErrSuffix);
  const cached = keepsInputString(p, it) ? str : undefined;

  const digits = BigInt(p.num + p.denom);
  let unscaled: bigint;
  let scale: number;
  if (it.base === 10) {
    unscaled = digits;
    scale = it.exponent - p.denom.length;
  } else {
    unscaled = digits << BigInt(it.exponent);
    scale = -p.denom.length;
  }
  // Values finer than a nano are rounded up: asking for some of a resource gets at least the least amount.
  if (scale < Scale.Nano) {
    unscaled = divRoundAway(unscaled, Scale.Nano - scale);
    scale = Scale.Nano;
  }
  let format = it.format;
  if (format === QuantityFormat.BinarySI) {
    const magnitude = new Quantity(unscaled, scale, format);
    if (magnitude.cmp(new Quantity(maxInt64, 0, format)) > 0) {
      unscaled = maxInt64;
      scale = 0;
    }
    if (unscaled !== 0n && new Quantity(unscaled, scale, format).cmp(new Quantity(1n, 0, format)) < 0) format = QuantityFormat.DecimalSI;
  }
  if (!p.positive) unscaled = -unscaled;
  return new Quantity(unscaled, scale, format, cached);
}

/** parseQuantity for callers that prefer undefined to an exception. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return parseQuantity(input);
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

/** A quantity of `value` units (upstream's NewQuantity). */
export const newQuantity = (value: number | bigint, format: QuantityFormat = QuantityFormat.DecimalSI) => new Quantity(BigInt(value), 0, format);

/** A quantity of `value` thousandths (upstream's NewMilliQuantity). */
export const newMilliQuantity = (value: number | bigint, format: QuantityFormat = QuantityFormat.DecimalSI) => new Quantity(BigInt(value), Scale.Milli, format);

/** `value * 10^scale` in DecimalSI (upstream's NewScaledQuantity). */
export const newScaledQuantity = (value: number | bigint, scale: number) => new Quantity(BigInt(value), scale, QuantityFormat.DecimalSI);
