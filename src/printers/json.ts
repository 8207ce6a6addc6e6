/**
 * kubectl's `-o json` (cli-runtime's JSONPrinter): json.MarshalIndent with four spaces and Go's escaping.
 *
 * Key order: `kubectl get` decodes the server's reply into unstructured maps, and Go marshals maps with sorted
 * keys, so `get -o json` prints keys sorted whatever order the server sent (checked against kubectl 1.32 in
 * test/golden/printers). Only typed objects kubectl builds itself (`create ... --dry-run=client -o json`) keep
 * their Go struct field order; for those pass `sortKeys: false` and build the object in that order (our objects
 * keep the order in which the code that made them wrote their fields).
 */
import { compareGoStrings, isJsonObject } from '../api/patch/json-value.js';
import type { KubeObject } from '../api/object.js';
import { FloatLiteral, isGoInt, toWellFormed } from './jsonpath/go-format.js';

export interface JsonOptions {
  /** Sort object keys as Go does for maps (default, as `kubectl get`); false keeps insertion order. */
  sortKeys?: boolean;
}

/** Go escapes these on top of what JSON.stringify escapes (HTML-safe output, and the JavaScript line separators). */
const GO_EXTRA_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** A JSON string literal exactly as Go's encoding/json writes it. */
export function goJsonString(s: string): string {
  return JSON.stringify(toWellFormed(s)).replace(/[<>&\u2028\u2029]/g, (c) => GO_EXTRA_ESCAPES[c]!);
}

/** A JSON number as Go writes an int64 or a float64 (JSON.stringify's float format is Go's: 'f' below 1e21, 'e' above, e-7 not e-07). */
export function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return isGoInt(n) ? BigInt(n).toString() : JSON.stringify(n);
}

const keysOf = (o: Record<string, unknown>, sort: boolean) => {
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  return sort ? keys.sort(compareGoStrings) : keys;
};

function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (v instanceof FloatLiteral) return JSON.stringify(v.value);
  switch (typeof v) {
    case 'string':
      return goJsonString(v);
    case 'number':
      return goJsonNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  return undefined;
}

/** json.Marshal: compact, map keys sorted. What kubectl's jsonpath prints for maps and lists. */
export function marshalJson(v: unknown, options: JsonOptions = {}): string {
  const sort = options.sortKeys ?? true;
  const s = scalar(v);
  if (s !== undefined) return s;
  if (Array.isArray(v)) return `[${v.map((x) => marshalJson(x, options)).join(',')}]`;
  if (isJsonObject(v)) return `{${keysOf(v, sort).map((k) => `${goJsonString(k)}:${marshalJson(v[k], options)}`).join(',')}}`;
  throw new Error(`json: unsupported type: ${typeof v}`);
}

function indented(v: unknown, indent: string, step: string, sort: boolean): string {
  const s = scalar(v);
  if (s !== undefined) return s;
  const inner = indent + step;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + indented(x, inner, step, sort)).join(',\n')}\n${indent}]`;
  }
  if (isJsonObject(v)) {
    const keys = keysOf(v, sort);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${goJsonString(k)}: ${indented(v[k], inner, step, sort)}`).join(',\n')}\n${indent}}`;
  }
  throw new Error(`json: unsupported type: ${typeof v}`);
}

/** json.MarshalIndent(v, "", indent): Go's indented form (empty maps and lists stay `{}` and `[]`), without a newline. */
export function marshalJsonIndent(v: unknown, step: string, options: JsonOptions = {}): string {
  return indented(v, '', step, options.sortKeys ?? true);
}

/** What `kubectl get -o json` prints for one object (or the List of several): four-space indent and a newline. */
export function toJson(v: unknown, options: JsonOptions = {}): string {
  return `${marshalJsonIndent(v, '    ', options)}\n`;
}

/** The List kubectl prints when a get names several objects, a type, or a selector (`printGeneric`): resourceVersion is always "". */
export interface GenericList {
  apiVersion: 'v1';
  items: KubeObject[];
  kind: 'List';
  metadata: { resourceVersion: string };
}

/**
 * What kubectl's non-table printers receive from a get: the object itself when the command named exactly one
 * object (`get pod web`), else a List of all of them, even of one or none (`get pods`, `get pod a b`).
 */
export function genericOutput(items: KubeObject[], singleItemImplied: boolean): KubeObject | GenericList {
  if (singleItemImplied && items.length === 1) return items[0]!;
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** kubectl's check before printing (JSON, YAML and name printers): an object without apiVersion or kind is refused. */
export function assertTyped(obj: unknown): void {
  const o = obj as { apiVersion?: unknown; kind?: unknown } | null;
  if (!o || (!o.apiVersion && !o.kind)) throw new Error('missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type');
}
