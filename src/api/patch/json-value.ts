/** JSON values as the patch code sees them, and the Go view of them that upstream's algorithms branch on. */

/** A decoded JSON object (Go's map[string]interface{}). */
export type JsonObject = { [key: string]: unknown };

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The Go dynamic type of a decoded JSON value, as apimachinery's json package decodes it
 * (integers become int64, other numbers float64): upstream compares reflect.TypeOf of two values.
 */
export type GoKind = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

export function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    default:
      return 'map';
  }
}

/** reflect.TypeOf(v).String() for a decoded JSON value, as mergepatch's error messages print it. */
export function goTypeName(v: unknown): string {
  switch (goKind(v)) {
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'nil':
      return '%!s(<nil>)';
    default:
      return goKind(v);
  }
}

/** A plain-data copy: drops undefined members, so inputs typed loosely behave as decoded JSON. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * An empty map for data keys. It has no prototype, so any key (`constructor`, `__proto__`) is data:
 * `key in map` and `map[key] = v` mean what they say. The patch code works on such maps only.
 */
export const newMap = (): JsonObject => Object.create(null) as JsonObject;

/** cloneJson into prototype-less maps (see newMap), the working copies the patch code changes. */
export function cloneBare<T>(v: T): T {
  if (v === undefined) return v;
  return JSON.parse(JSON.stringify(v), (_key, value: unknown) =>
    isJsonObject(value) ? Object.assign(newMap(), value) : value,
  ) as T;
}

/** Orders strings as Go compares them (by UTF-8 bytes, i.e. by code point). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Go's %v of a float64 (strconv 'g' with the shortest precision). */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 6) {
    const [mantissa, e] = n.toExponential().split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[-+]/, '');
    return `${mantissa}e${sign}${digits.padStart(2, '0')}`;
  }
  return String(n);
}

/** fmt.Sprintf("%v", v) of a decoded JSON value: how upstream compares and prints merge keys and scalars. */
export function goSprint(v: unknown): string {
  switch (goKind(v)) {
    case 'nil':
      return '<nil>';
    case 'string':
      return v as string;
    case 'bool':
      return String(v);
    case 'int64':
      return BigInt(v as number).toString();
    case 'float64':
      return goFloat(v as number);
    case 'slice':
      return `[${(v as unknown[]).map(goSprint).join(' ')}]`;
    default: {
      const o = v as JsonObject;
      const keys = Object.keys(o).sort(compareGoStrings);
      return `map[${keys.map((k) => `${k}:${goSprint(o[k])}`).join(' ')}]`;
    }
  }
}
