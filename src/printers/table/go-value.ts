/** Go's fmt.Sprint of a decoded JSON value, which is how kubectl prints a table cell that is not a string. */

/** %v of a float64 (strconv 'g', shortest): exponent form (`1e+06`, `1.5e-05`) when the exponent is below -4 or at least 6. */
function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(v);
}

/**
 * fmt.Sprint of what Go's unstructured JSON decoding yields: integers (int64) in decimal, other numbers as float64,
 * `true`/`false`, `<nil>`, slices as `[a b]`, maps as `map[k:v]` with sorted keys.
 */
export function formatGoValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      // JSON integers decode to int64; anything else (or out of int64 range) to float64.
      return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? String(v) : formatGoFloat(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
  }
  if (Array.isArray(v)) return `[${v.map(formatGoValue).join(' ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, x]) => `${k}:${formatGoValue(x)}`).join(' ')}]`;
  }
  return String(v);
}
