/** Go's `%#v` of an unstructured object, which kubectl prints when an edited object matches none it opened. */
import { goQuote } from '../../api/field-error.js';
import { isJsonObject } from '../../api/patch/json-value.js';

/** `&unstructured.Unstructured{Object:map[string]interface {}{...}}`, map keys sorted as fmt sorts them. */
export function goSyntaxUnstructured(obj: unknown): string {
  return `&unstructured.Unstructured{Object:${goSyntax(obj)}}`;
}

function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goNumber(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${goSyntax(v[k])}`).join(', ')}}`;
  }
  return String(v);
}

/** A JSON number as the unstructured decoder holds it: int64 when whole and in range, else float64 as fmt's %v (shortest %g). */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(n);
}
