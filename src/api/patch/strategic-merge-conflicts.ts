/**
 * Conflict detection for `kubectl apply --overwrite=false` (strategicpatch.MergingMapsHaveConflicts):
 * whether the apply patch changes a key that also changed, differently, between the last applied
 * configuration and the live object.
 */
import { dump } from 'js-yaml';
import { deepEqual } from '../object.js';
import {
  deduplicateScalars,
  directiveMarker,
  extractRetainKeysPatchStrategy,
  mergeDirective,
  replaceDirective,
  retainKeysDirective,
  sliceElementType,
  sortScalars,
} from './element-order.js';
import { goKind, goSprint, isJsonObject, type JsonObject } from './json-value.js';
import type { LookupPatchMeta } from './patch-meta.js';
import { StrategicMergePatchError } from './strategic-merge-errors.js';

const toYAML = (v: unknown) => dump(v, { sortKeys: true });

/** mergepatch.ErrConflict: the apply patch and the live object's changes disagree. */
export class StrategicMergePatchConflictError extends StrategicMergePatchError {
  constructor(patch: JsonObject, changed: JsonObject) {
    super(`patch:\n${toYAML(patch)}\nconflicts with changes made from original to current:\n${toYAML(changed)}\n`, 409);
    this.name = 'StrategicMergePatchConflictError';
  }
}

/** Whether two patches of the same type set some key differently. Throws when the schema has no such field. */
export function mergingMapsHaveConflicts(left: JsonObject, right: JsonObject, schema: LookupPatchMeta): boolean {
  return fieldsHaveConflicts(left, right, schema, '', '');
}

function fieldsHaveConflicts(left: unknown, right: unknown, schema: LookupPatchMeta, strategy: string, mergeKey: string): boolean {
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return true;
    const okLeft = directiveMarker in left;
    const okRight = directiveMarker in right;
    // A directive acts on the whole map, so it conflicts with anything but the same directive.
    if (okLeft || okRight) {
      if (okLeft !== okRight || left[directiveMarker] !== right[directiveMarker]) return true;
    }
    if (strategy === replaceDirective) return false;
    return mapsHaveConflicts(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesHaveConflicts(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left ?? null, right ?? null);
}

function mapsHaveConflicts(left: JsonObject, right: JsonObject, schema: LookupPatchMeta): boolean {
  for (const [key, leftValue] of Object.entries(left)) {
    if (key === directiveMarker || key === retainKeysDirective || !(key in right)) continue;
    let sub = schema;
    let strategy = '';
    let mergeKey = '';
    if (Array.isArray(leftValue) || isJsonObject(leftValue)) {
      const found = Array.isArray(leftValue) ? schema.lookupForSlice(key) : schema.lookupForStruct(key);
      sub = found.schema;
      strategy = extractRetainKeysPatchStrategy(found.meta.strategies).strategy;
      mergeKey = found.meta.mergeKey;
    }
    if (fieldsHaveConflicts(leftValue, right[key], sub, strategy, mergeKey)) return true;
  }
  return false;
}

function sliceOfMapsToMapOfMaps(slice: unknown[], mergeKey: string): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (const value of slice) {
    if (!isJsonObject(value)) throw new StrategicMergePatchError(`invalid element type in merging list:${goSprint(slice)}`);
    if (!(mergeKey in value)) throw new StrategicMergePatchError(`cannot find merge key \`${mergeKey}\` in merging list element:${goSprint(value)}`);
    result.set(goSprint(value[mergeKey]), value);
  }
  return result;
}

function slicesHaveConflicts(left: unknown[], right: unknown[], schema: LookupPatchMeta, strategy: string, mergeKey: string): boolean {
  const kind = sliceElementType(left, right);
  if (strategy === mergeDirective) {
    // Merging lists of scalars never conflict; lists of maps are compared item by merge key.
    if (kind !== 'map') return false;
    const leftMap = sliceOfMapsToMapOfMaps(left, mergeKey);
    const rightMap = sliceOfMapsToMapOfMaps(right, mergeKey);
    for (const [key, lv] of leftMap) if (rightMap.has(key) && fieldsHaveConflicts(lv, rightMap.get(key), schema, '', '')) return true;
    return false;
  }
  if (left.length !== right.length) return true;
  const l = kind === 'map' ? left : sortScalars(deduplicateScalars(left));
  const r = kind === 'map' ? right : sortScalars(deduplicateScalars(right));
  return l.some((item, i) => goKind(item) !== goKind(r[i]) || fieldsHaveConflicts(item, r[i], schema, '', ''));
}
