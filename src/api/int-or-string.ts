/**
 * IntOrString fields (maxSurge, maxUnavailable, ...) as apimachinery's util/intstr reads them, shared by the
 * controllers so that every rollout rounds and fails the same way upstream does.
 */
import { goQuote } from './field-error.js';

/** An IntOrString as JSON holds it: a number, or a string such as `25%`. */
export type IntOrString = number | string;

const maxInt64 = 2n ** 63n - 1n;
const minInt64 = -(2n ** 63n);

/** strconv.Atoi on a 64-bit platform: optional sign then decimal digits; its error text on failure. */
function atoi(s: string): number {
  const quoted = goQuote(s);
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${quoted}: invalid syntax`);
  const big = BigInt(s);
  if (big > maxInt64 || big < minInt64) throw new Error(`strconv.Atoi: parsing ${quoted}: value out of range`);
  return Number(big);
}

/** getIntOrPercentValueSafely: the number, and whether it is a percentage (a string must end in `%`). */
function intOrPercentValueSafely(v: IntOrString): { value: number; isPercent: boolean } {
  if (typeof v === 'number') return { value: Math.trunc(v), isPercent: false };
  if (typeof v !== 'string') throw new Error('invalid type: neither int nor percentage');
  if (!v.endsWith('%')) throw new Error('invalid type: string is not a percentage');
  try {
    return { value: atoi(v.slice(0, -1)), isPercent: true };
  } catch (e) {
    throw new Error(`invalid value ${goQuote(v)}: ${(e as Error).message}`);
  }
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is; `N%` is N percent of total rounded up (math.Ceil) or down
 * (math.Floor); a missing value or a string that is not a percentage throws with upstream's message.
 */
export function getScaledValueFromIntOrPercent(intOrPercent: IntOrString | undefined | null, total: number, roundUp: boolean): number {
  if (intOrPercent === undefined || intOrPercent === null) throw new Error('nil value for IntOrString');
  let parsed: { value: number; isPercent: boolean };
  try {
    parsed = intOrPercentValueSafely(intOrPercent);
  } catch (e) {
    throw new Error(`invalid value for IntOrString: ${(e as Error).message}`);
  }
  if (!parsed.isPercent) return parsed.value;
  const scaled = (parsed.value * total) / 100;
  // `|| 0`: Go's int has no negative zero (ceil(-0.5) is 0, not -0).
  return (roundUp ? Math.ceil(scaled) : Math.floor(scaled)) || 0;
}
