/**
 * Applying a strategic merge patch (application/strategic-merge-patch+json) as the API server does:
 * a port of apimachinery's strategicpatch.StrategicMergePatch. Lists merge by key where the schema
 * says so, `$patch: delete|replace|merge`, `$deleteFromPrimitiveList/<field>`,
 * `$setElementOrder/<field>` and `$retainKeys` are honoured, and null deletes a field.
 */
import { deepEqual } from '../object.js';
import type { GroupVersionKind } from '../schema.js';
import {
  deduplicateScalars,
  deleteDirective,
  deleteFromPrimitiveListDirectivePrefix,
  directiveMarker,
  extractRetainKeysPatchStrategy,
  extractToDeleteItems,
  findMapInSliceBasedOnKeyValue,
  mergeDirective,
  normalizeElementOrder,
  partitionMapsByPresentInList,
  partitionPrimitivesByPresentInList,
  replaceDirective,
  retainKeysDirective,
  setElementOrderDirectivePrefix,
  sliceElementType,
} from './element-order.js';
import { cloneBare, cloneJson, goKind, goSprint, isJsonObject, newMap, type JsonObject } from './json-value.js';
import { patchMetaForKind, type LookupPatchMeta } from './patch-meta.js';
import {
  errBadArgType,
  errBadJSONDoc,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  StrategicMergePatchError,
} from './strategic-merge-errors.js';

export interface MergeOptions {
  /**
   * Whether `$deleteFromPrimitiveList` lists delete (applying a patch, server side) or are carried
   * along (merging two patches, as the three-way patch computation does).
   */
  readonly mergeParallelList: boolean;
  /** Whether a null for a field the original lacks is dropped (applying) or kept (merging patches). */
  readonly ignoreUnmatchedNulls: boolean;
}

/** Applying a patch to an object. */
export const APPLY_OPTIONS: MergeOptions = { mergeParallelList: true, ignoreUnmatchedNulls: true };

/**
 * Applies a strategic merge patch to an object whose type `schema` describes
 * (StrategicMergeMapPatch). Neither input is changed. Throws StrategicMergePatchError.
 */
export function strategicMergePatch(original: unknown, patch: unknown, schema: LookupPatchMeta): JsonObject {
  const o = cloneBare(original ?? {});
  const p = cloneBare(patch ?? {});
  if (!isJsonObject(o) || !isJsonObject(p)) throw errBadJSONDoc();
  return cloneJson(mergeMap(o, p, schema, APPLY_OPTIONS));
}

/**
 * Applies a strategic merge patch to an object of a built-in kind. Kinds the schema lacks (custom
 * resources) have no strategic merge metadata: the API server refuses such patches with 415.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, gvk: GroupVersionKind): JsonObject {
  const schema = patchMetaForKind(gvk);
  if (!schema) {
    throw new StrategicMergePatchError(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      415,
    );
  }
  return strategicMergePatch(original, patch, schema);
}

/**
 * Merges `patch` into `original` (mergeMap). Both may be changed, as upstream's are; callers pass
 * copies made with cloneBare. `original` may itself be a patch (the three-way computation merges two).
 */
export function mergeMap(original: JsonObject | null, patch: JsonObject, schema: LookupPatchMeta, options: MergeOptions): JsonObject {
  if (directiveMarker in patch) return handleDirectiveInMergeMap(patch[directiveMarker], patch);
  const target = original ?? newMap();
  applyRetainKeysDirective(target, patch, options);
  // $setElementOrder and the lists it orders are merged here and removed from the patch.
  mergePatchIntoOriginal(target, patch, schema, options);

  for (const [key, patchV] of Object.entries(patch)) {
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(deleteFromPrimitiveListDirectivePrefix)) {
      if (!options.mergeParallelList) {
        target[key] = patchV;
        continue;
      }
      k = extractKey(key, deleteFromPrimitiveListDirectivePrefix);
      isDeleteList = true;
    }

    // A null deletes the field; when merging patches it is kept, to delete it on the server.
    if (patchV === null) {
      delete target[k];
      if (options.ignoreUnmatchedNulls) continue;
    }

    if (!(k in target) || goKind(target[k]) !== goKind(patchV)) {
      if (!isDeleteList) takePatchValue(target, k, patchV, options);
      continue;
    }

    switch (goKind(target[k])) {
      case 'map': {
        const { schema: sub, meta } = schema.lookupForStruct(k);
        const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
        target[k] = mergeMapHandler(target[k], patchV, sub, strategy, options);
        break;
      }
      case 'slice': {
        const { schema: sub, meta } = schema.lookupForSlice(k);
        const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
        target[k] = mergeSliceHandler(target[k], patchV, sub, strategy, meta.mergeKey, isDeleteList, options);
        break;
      }
      default:
        takePatchValue(target, k, patchV, options);
    }
  }
  return target;
}

/** A value the original lacks (or has with another type) is taken from the patch, without nulls and directives. */
function takePatchValue(target: JsonObject, k: string, patchV: unknown, options: MergeOptions): void {
  if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
  const { value, keep } = removeDirectives(patchV);
  if (keep) target[k] = value;
  else delete target[k];
}

/** Drops every null member of maps inside a patch value (lists keep their null items). */
export function discardNullValuesFromPatch(v: unknown): void {
  if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const item of v) discardNullValuesFromPatch(item);
  }
}

/** Removes `$patch` maps from a value; `keep` is false when the value itself is one. May change its input. */
export function removeDirectives(obj: unknown): { value: unknown; keep: boolean } {
  if (isJsonObject(obj)) {
    if (directiveMarker in obj) return { value: null, keep: false };
    for (const k of Object.keys(obj)) {
      const { value, keep } = removeDirectives(obj[k]);
      if (keep) obj[k] = value;
      else delete obj[k];
    }
    return { value: obj, keep: true };
  }
  if (Array.isArray(obj)) {
    const res: unknown[] = [];
    for (const v of obj) {
      const { value, keep } = removeDirectives(v);
      if (keep) res.push(value);
    }
    return { value: res, keep: true };
  }
  return { value: obj, keep: true };
}

function handleDirectiveInMergeMap(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === replaceDirective) {
    // Not merged: the patch is the new value of the map.
    delete patch[directiveMarker];
    return patch;
  }
  if (directive === deleteDirective) return newMap();
  throw errBadPatchType(directive, patch);
}

/** The field name after a directive prefix (`$setElementOrder/containers` -> containers). */
export function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === deleteFromPrimitiveListDirectivePrefix) throw errBadPatchFormatForPrimitiveList();
    if (prefix === setElementOrderDirectivePrefix) throw errBadPatchFormatForSetElementOrderList();
    throw new StrategicMergePatchError(`fail to find unknown prefix ${JSON.stringify(prefix)} in ${s}\n`);
  }
  return s.slice(slash + 1);
}

/**
 * `$retainKeys`: applied, it clears every key of the original not listed (and every patch key must
 * be listed); when merging two patches it is carried along, and both must agree.
 */
function applyRetainKeysDirective(original: JsonObject, patch: JsonObject, options: MergeOptions): void {
  if (!(retainKeysDirective in patch)) return;
  const retainKeysInPatch = patch[retainKeysDirective];
  delete patch[retainKeysDirective];

  if (!options.mergeParallelList) {
    if (retainKeysDirective in original) {
      const inOriginal = original[retainKeysDirective];
      if (!deepEqual(inOriginal, retainKeysInPatch)) {
        throw new StrategicMergePatchError(
          `${goSprint(inOriginal)} and ${goSprint(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
      }
    } else {
      original[retainKeysDirective] = retainKeysInPatch;
    }
    return;
  }

  if (!Array.isArray(retainKeysInPatch)) throw errBadPatchFormatForRetainKeys();
  const retain = new Set(retainKeysInPatch);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListDirectivePrefix) || k.startsWith(setElementOrderDirectivePrefix)) continue;
    if (!retain.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!retain.has(k)) delete original[k];
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return (left ?? null) === (right ?? null);
  if (!isJsonObject(left)) throw errBadArgType('map', left);
  if (!isJsonObject(right)) throw errBadArgType('map', right);
  if (!(mergeKey in left)) throw errNoMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw errNoMergeKey(right, mergeKey);
  return (left[mergeKey] ?? null) === (right[mergeKey] ?? null);
}

/**
 * The patch list must follow the order of `$setElementOrder` and hold no item it lacks
 * (delete directives aside).
 */
function validatePatchWithSetOrderList(patchList: unknown, setOrderList: unknown, mergeKey: string): void {
  if (!Array.isArray(setOrderList)) throw errBadPatchFormatForSetElementOrderList();
  if (patchList !== undefined && !Array.isArray(patchList)) throw errBadPatchFormatForSetElementOrderList();
  const typedPatchList = (patchList ?? []) as unknown[];
  if (setOrderList.length === 0 || typedPatchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(typedPatchList).nonDelete : typedPatchList;
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDelete.length && setOrderIndex < setOrderList.length) {
    const item = nonDelete[patchIndex];
    if (isJsonObject(item) && directiveMarker in item) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[setOrderIndex], mergeKey)) patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDelete.length && setOrderIndex >= setOrderList.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goSprint(typedPatchList)}\n doesn't match ${setElementOrderDirectivePrefix} list:\n${goSprint(setOrderList)}\n`,
    );
  }
}

/**
 * `$setElementOrder/<field>`: merges the list it names (if the patch has it) and orders the result:
 * the directive's order first, then live-only items where the live list had them. When merging two
 * patches the directive is carried along instead, and both must agree.
 */
function mergePatchIntoOriginal(original: JsonObject, patch: JsonObject, schema: LookupPatchMeta, options: MergeOptions): void {
  for (const [key, setElementOrderInPatch] of Object.entries(patch)) {
    if (!key.startsWith(setElementOrderDirectivePrefix)) continue;
    if (!options.mergeParallelList) {
      if (key in original) {
        if (!deepEqual(original[key], setElementOrderInPatch)) throw errBadPatchFormatForSetElementOrderList();
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];

    if (!Array.isArray(setElementOrderInPatch)) throw errBadArgType('slice', setElementOrderInPatch);
    const originalKey = extractKey(key, setElementOrderDirectivePrefix);
    const foundOriginal = originalKey in original;
    const foundPatch = originalKey in patch;
    const originalList = original[originalKey];
    const patchList = patch[originalKey];
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType('slice', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('slice', patchList);
    // The merge below may shift items inside this array (see mergeSlice); the order is read after it.
    const originalFieldValue = foundOriginal ? (originalList as unknown[]) : undefined;
    const patchFieldValue = foundPatch ? (patchList as unknown[]) : undefined;

    const { schema: sub, meta } = schema.lookupForSlice(originalKey);
    const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
    validatePatchWithSetOrderList(patchFieldValue, setElementOrderInPatch, meta.mergeKey);

    let merged: unknown[];
    if (originalFieldValue && !patchFieldValue) {
      merged = originalFieldValue;
    } else if (!originalFieldValue && patchFieldValue) {
      merged = removeDirectives(patchFieldValue).value as unknown[];
    } else if (originalFieldValue && patchFieldValue) {
      merged = mergeSliceHandler(originalFieldValue, patchFieldValue, sub, strategy, meta.mergeKey, false, options);
    } else {
      continue;
    }

    const [patchItems, serverOnlyItems] = meta.mergeKey
      ? partitionMapsByPresentInList(merged, setElementOrderInPatch, meta.mergeKey)
      : partitionPrimitivesByPresentInList(merged, setElementOrderInPatch);
    const kind = sliceElementType(originalFieldValue, patchFieldValue);
    original[originalKey] = normalizeElementOrder(patchItems, serverOnlyItems, setElementOrderInPatch, originalFieldValue ?? [], meta.mergeKey, kind);
    delete patch[originalKey];
  }
}

function mergeMapHandler(original: unknown, patch: unknown, schema: LookupPatchMeta, strategy: string, options: MergeOptions): JsonObject {
  if (!isJsonObject(original)) throw errBadArgType('map', original);
  if (!isJsonObject(patch)) throw errBadArgType('map', patch);
  return strategy !== replaceDirective ? mergeMap(original, patch, schema, options) : patch;
}

/** Lists merge when their field's strategy is merge (and delete lists always delete); otherwise the patch replaces them. */
export function mergeSliceHandler(
  original: unknown,
  patch: unknown,
  schema: LookupPatchMeta,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): unknown[] {
  if (!Array.isArray(original)) throw errBadArgType('slice', original);
  if (!Array.isArray(patch)) throw errBadArgType('slice', patch);
  if (strategy === mergeDirective || isDeleteList) return mergeSlice(original, patch, schema, mergeKey, options, isDeleteList);
  return patch;
}

/*
 * Go slices share backing arrays, and upstream's list merge leans on that: deleting an item shifts
 * the rest left inside the original list's array, and an appended item lands in the slot that
 * frees. $setElementOrder then orders server-only items by that mutated array, which decides where
 * they end up. The original list is our backing array here (capacity equal to its length, as a
 * deep-copied object's lists have), changed in place the same way, with `len` the slice's length.
 */

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: LookupPatchMeta,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  let serverOrder: unknown[];
  let items = patch;
  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
    serverOrder = original;
  } else {
    if (!mergeKey) throw new StrategicMergePatchError(`cannot merge lists without merge key for ${schema.name}`);
    const special = mergeSliceWithSpecialElements(original, patch, mergeKey);
    items = special.patch;
    merged = mergeSliceWithoutSpecialElements(special.backing, special.len, items, mergeKey, schema, options);
    serverOrder = special.backing.slice(0, special.len);
  }
  const [patchItems, serverOnlyItems] = mergeKey
    ? partitionMapsByPresentInList(merged, items, mergeKey)
    : partitionPrimitivesByPresentInList(merged, items);
  return normalizeElementOrder(patchItems, serverOnlyItems, items, serverOrder, mergeKey, kind);
}

/**
 * Handles `$patch` items of a patch list: delete removes every item with that key from the original
 * (in place), replace drops the original list for the patch's plain items.
 */
function mergeSliceWithSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): { backing: unknown[]; len: number; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  let len = original.length;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!(directiveMarker in item)) {
      plain.push(v);
      continue;
    }
    const patchType = item[directiveMarker];
    if (patchType === deleteDirective) {
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
      len = deleteMatchingEntries(original, len, mergeKey, item[mergeKey]);
    } else if (patchType === replaceDirective) {
      replace = true;
    } else if (patchType === mergeDirective) {
      throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(patchType, item);
    }
  }
  return replace ? { backing: plain, len: plain.length, patch: [] } : { backing: original, len, patch: plain };
}

/** Removes every item with this key from backing[0:len] as Go's append(s[:i], s[i+1:]...) does; returns the new length. */
function deleteMatchingEntries(backing: unknown[], len: number, mergeKey: string, mergeValue: unknown): number {
  for (;;) {
    const found = findMapInSliceBasedOnKeyValue(backing, mergeKey, mergeValue, len);
    if (!found) return len;
    backing.copyWithin(found.index, found.index + 1, len);
    len--;
  }
}

/** Merges each patch item into the item with the same key in backing[0:len], or appends it (in place while capacity lasts). */
function mergeSliceWithoutSpecialElements(
  backing: unknown[],
  len: number,
  patch: unknown[],
  mergeKey: string,
  schema: LookupPatchMeta,
  options: MergeOptions,
): unknown[] {
  let arr = backing;
  let n = len;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(arr, mergeKey, item[mergeKey], n);
    if (found) {
      arr[found.index] = mergeMap(found.map, item, schema, options);
    } else {
      if (n === arr.length && arr === backing) arr = arr.slice(0, n);
      arr[n++] = v;
    }
  }
  return arr.slice(0, n);
}

/** `$deleteFromPrimitiveList`: every occurrence of the listed values goes. */
function deleteFromSlice(current: readonly unknown[], toDelete: readonly unknown[]): unknown[] {
  const gone = new Set(toDelete.map((v) => v ?? null));
  return current.filter((v) => !gone.has(v ?? null));
}
