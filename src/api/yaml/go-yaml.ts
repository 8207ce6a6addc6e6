/**
 * YAML to JSON as Kubernetes converts it: sigs.k8s.io/yaml v1.4.0's YAMLToJSON over its go-yaml v2 fork (a port of
 * which is decode.ts, parser.ts, scanner.ts, resolve.ts). Only the first document counts; plain scalars resolve by
 * YAML 1.1 rules (`yes`, `on` and `y` are booleans, `0644` is octal, `1_000` is a number); later duplicate keys win;
 * non-string keys become strings (`1`, `true`, floats at float32 precision); NaN and infinities are refused as
 * json.Marshal refuses them; syntax errors read as go-yaml writes them (`yaml: line 4: could not find expected ':'`).
 * The kubelet (static pods) and the CLI (`-f` manifests, through yaml-or-json-decoder.ts) both read YAML here.
 */
import { compareGoStrings } from '../patch/json-value.js';
import { GoMap, goSyntax, type GoValue, unmarshal, YamlError } from './decode.js';
import { GoUint64 } from './resolve.js';

export type YamlToJsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Why sigs.k8s.io/yaml refused a document after go-yaml read it (an unsupported key, a value JSON cannot hold). */
class ConversionError extends Error {}

/** yaml.YAMLToJSON(text), as the JSON value it returns (object keys in Go's sorted order), or its error. */
export function yamlToJSON(text: string | Uint8Array): YamlToJsonResult {
  try {
    return { ok: true, value: yamlToJSONValue(text) };
  } catch (e) {
    if (e instanceof YamlError || e instanceof ConversionError) return { ok: false, error: e.message };
    throw e;
  }
}

/** The same, throwing: YamlError for go-yaml's errors, an Error for the conversion's. */
export function yamlToJSONValue(text: string | Uint8Array): unknown {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const value = toJSONable(unmarshal(bytes));
  const unsupported = firstUnsupportedValue(value);
  if (unsupported !== undefined) throw new ConversionError(`json: unsupported value: ${unsupported}`);
  return value;
}

/** convertToJSONableObject with no target: maps get string keys, everything else passes through. */
function toJSONable(v: GoValue): unknown {
  if (Array.isArray(v)) return v.map(toJSONable);
  if (v instanceof GoMap) {
    const entries: [string, unknown][] = [];
    const index = new Map<string, number>();
    for (const [k, x] of v) {
      const key = keyString(k, x);
      const value = toJSONable(x);
      // Two keys with one spelling (`1` and `"1"`): Go keeps whichever its random map order visits last.
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, entries.length);
        entries.push([key, value]);
      } else {
        entries[at] = [key, value];
      }
    }
    entries.sort(([a], [b]) => compareGoStrings(a, b));
    const out: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoUint64) return Number(v.value);
  return v;
}

function keyString(k: GoValue, value: GoValue): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'boolean') return String(k);
  if (typeof k === 'number') {
    const s = formatFloat32G(k);
    return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
  }
  const type = k === null ? '%!s(<nil>)' : k instanceof GoUint64 ? 'uint64' : Array.isArray(k) ? '[]interface {}' : 'map[interface {}]interface {}';
  throw new ConversionError(`unsupported map key of type: ${type}, key: ${goSyntax(k)}, value: ${goSyntax(value)}`);
}

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that read back as the same float32. */
export function formatFloat32G(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  const f32 = Math.fround(f);
  if (!Number.isFinite(f32)) return f32 > 0 ? '+Inf' : '-Inf';
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = f32.toExponential(p - 1);
    if (Math.fround(Number(digits)) === f32) break;
  }
  const [mantissa, e] = digits.split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(Number(digits));
}

/** json.Marshal's first refusal, in its traversal order (object keys sorted). */
function firstUnsupportedValue(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const bad = firstUnsupportedValue(x);
      if (bad !== undefined) return bad;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) {
      const bad = firstUnsupportedValue(x);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}
