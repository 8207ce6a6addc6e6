/** JSON text byte-for-byte as Go's encoding/json writes a decoded map: kubectl's patches and annotations are such text. */
import { compareGoStrings, isJsonObject } from './json-value.js';

/** Go escapes these on top of what JSON.stringify escapes (HTML-safe output, and the JS line separators). */
const GO_EXTRA_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => GO_EXTRA_ESCAPES[c]!);
}

/**
 * json.Marshal of a map[string]interface{} tree: compact, object keys sorted, `<`, `>` and `&` escaped.
 * Undefined members are skipped, as a decoded document never has them.
 */
export function marshalGoJSON(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${v}`);
    return Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : JSON.stringify(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => marshalGoJSON(x === undefined ? null : x)).join(',')}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(compareGoStrings);
    return `{${keys.map((k) => `${goString(k)}:${marshalGoJSON(v[k])}`).join(',')}}`;
  }
  throw new Error(`json: unsupported type: ${typeof v}`);
}
