/** apiequality.Semantic.DeepEqual over JSON: empty lists and maps equal missing ones, quantities compare by value. */
import { deepEqual } from '../object.js';
import { tryParseQuantity } from '../../util/quantity.js';

// JSON keys whose value is a Go map (so an empty one equals none) rather than a struct (where {} is not nil).
const mapKeys = new Set([
  'labels', 'annotations', 'nodeSelector', 'matchLabels', 'limits', 'requests', 'overhead', 'capacity', 'allocatable',
  'volumeAttributes', 'options', 'data', 'binaryData', 'stringData', 'selector', 'hard', 'used', 'parameters',
]);
// JSON keys whose value is a map of quantities, and keys whose value is one quantity.
const quantityMapKeys = new Set(['limits', 'requests', 'overhead', 'capacity', 'allocatable', 'hard', 'used', 'max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);
const quantityKeys = new Set(['sizeLimit', 'divisor']);

function normalize(v: unknown, key: string | undefined, parentKey: string | undefined): unknown {
  if (v === null || v === undefined) return undefined;
  if (parentKey !== undefined && quantityMapKeys.has(parentKey)) return tryParseQuantity(v)?.toString() ?? v;
  if (key !== undefined && quantityKeys.has(key)) return tryParseQuantity(v)?.toString() ?? v;
  if (Array.isArray(v)) return v.length ? v.map((x) => normalize(x, undefined, undefined)) : undefined;
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const n = normalize(x, k, key);
      if (n !== undefined) out[k] = n;
    }
    if (Object.keys(out).length === 0 && key !== undefined && mapKeys.has(key)) return undefined;
    return out;
  }
  return v;
}

/** Whether two JSON values are equal the way upstream compares internal objects. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return deepEqual(normalize(a, undefined, undefined), normalize(b, undefined, undefined));
}
