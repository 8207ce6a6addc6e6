/**
 * Computing strategic merge patches as kubectl does (apimachinery's CreateTwoWayMergePatch and
 * CreateThreeWayMergePatch): the two-way patch turns one object into another; the three-way patch
 * is what `kubectl apply` sends, built from the last applied configuration, the new file and the
 * live object.
 */
import { deepEqual } from '../object.js';
import {
  deduplicateScalars,
  deleteDirective,
  deleteFromPrimitiveListDirectivePrefix,
  directiveMarker,
  extractRetainKeysPatchStrategy,
  mergeDirective,
  normalizeSliceOrder,
  replaceDirective,
  retainKeysDirective,
  setElementOrderDirectivePrefix,
  sliceElementType,
  sortMapsBasedOnField,
  sortScalars,
} from './element-order.js';
import { cloneBare, cloneJson, compareGoStrings, goKind, goSprint, isJsonObject, newMap, type JsonObject } from './json-value.js';
import type { LookupPatchMeta } from './patch-meta.js';
import { mergingMapsHaveConflicts, StrategicMergePatchConflictError } from './strategic-merge-conflicts.js';
import { errBadArgType, errBadJSONDoc, errNoListOfLists, errNoMergeKey, StrategicMergePatchError } from './strategic-merge-errors.js';
import { mergeMap } from './strategic-merge-patch.js';

export interface DiffOptions {
  /** Whether merged lists get a `$setElementOrder` list. */
  readonly setElementOrder?: boolean;
  /** Whether to leave out what was added or changed (computing deletions only). */
  readonly ignoreChangesAndAdditions?: boolean;
  /** Whether to leave out what was removed (computing additions and changes only). */
  readonly ignoreDeletions?: boolean;
  /** Whether this map's strategy is retainKeys, so the patch lists the keys to keep. */
  readonly buildRetainKeysDirective?: boolean;
}

/** The patch that turns original into modified, given the object's schema (CreateTwoWayMergePatch). */
export function createTwoWayMergePatch(original: unknown, modified: unknown, schema: LookupPatchMeta): JsonObject {
  const o = cloneBare(original ?? {});
  const m = cloneBare(modified ?? {});
  if (!isJsonObject(o) || !isJsonObject(m)) throw errBadJSONDoc();
  return cloneJson(diffMaps(o, m, schema, { setElementOrder: true }));
}

/**
 * The patch `kubectl apply` sends (CreateThreeWayMergePatch): the changes from current (the live
 * object) to modified (the new configuration) without deletions, plus the deletions from original
 * (the last applied configuration) to modified. Fields that others set and the configuration never
 * had are kept; fields removed from the configuration are deleted; what the configuration says wins.
 * With `overwrite` false, a change that also changed differently on the live object is a conflict.
 */
export function createThreeWayMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
  schema: LookupPatchMeta,
  overwrite = true,
): JsonObject {
  const o = cloneBare(original ?? {});
  const m = cloneBare(modified ?? {});
  const c = cloneBare(current ?? {});
  if (!isJsonObject(o) || !isJsonObject(m) || !isJsonObject(c)) throw errBadJSONDoc();

  const delta = diffMaps(c, m, schema, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(o, m, schema, { setElementOrder: true, ignoreChangesAndAdditions: true });
  const patch = mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });

  if (!overwrite) {
    const changed = diffMaps(o, c, schema, {});
    if (mergingMapsHaveConflicts(patch, changed, schema)) throw new StrategicMergePatchConflictError(cloneJson(patch), cloneJson(changed));
  }
  return cloneJson(patch);
}

/**
 * The recursive difference between two maps (diffMaps): added and changed fields as they are in
 * modified, removed ones as null, merged lists as their changed items plus `$patch: delete` items,
 * `$deleteFromPrimitiveList` and `$setElementOrder` lists, and `$retainKeys` for retainKeys maps.
 * Lists of scalars in `original` are sorted in place, as upstream's are.
 */
export function diffMaps(original: JsonObject, modified: JsonObject, schema: LookupPatchMeta, options: DiffOptions): JsonObject {
  const patch = newMap();
  const retainKeysList: string[] = [];

  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!(key in original)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];

    if (key === directiveMarker) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') {
        throw new StrategicMergePatchError(`invalid value for special key: ${directiveMarker}`);
      }
      if (originalValue !== modifiedValue) patch[directiveMarker] = modifiedValue;
      continue;
    }

    if (goKind(originalValue) !== goKind(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }

    if (isJsonObject(originalValue)) handleMapDiff(key, originalValue, modifiedValue as JsonObject, patch, schema, options);
    else if (Array.isArray(originalValue)) handleSliceDiff(key, originalValue, modifiedValue as unknown[], patch, schema, options);
    else if (!options.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) patch[key] = modifiedValue;
  }

  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  if (retainKeysList.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[retainKeysDirective] = sortScalars(retainKeysList);
  }
  return patch;
}

/** Whether original has a non-null field that modified lacks (so a retainKeys map must still be cleared). */
function hasAdditionalNewField(original: JsonObject, modified: JsonObject): boolean {
  return Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
}

function handleMapDiff(
  key: string,
  originalValue: JsonObject,
  modifiedValue: JsonObject,
  patch: JsonObject,
  schema: LookupPatchMeta,
  options: DiffOptions,
): void {
  let lookup;
  try {
    lookup = schema.lookupForStruct(key);
  } catch (e) {
    // Without metadata the field can only be left alone, which is right when nothing changed.
    if (deepEqual(originalValue, modifiedValue)) return;
    throw e;
  }
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(lookup.meta.strategies);
  if (strategy === replaceDirective) {
    if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
    return;
  }
  const patchValue = diffMaps(originalValue, modifiedValue, lookup.schema, { ...options, buildRetainKeysDirective: retainKeys });
  if (Object.keys(patchValue).length > 0) patch[key] = patchValue;
}

function handleSliceDiff(
  key: string,
  originalValue: unknown[],
  modifiedValue: unknown[],
  patch: JsonObject,
  schema: LookupPatchMeta,
  options: DiffOptions,
): void {
  let lookup;
  try {
    lookup = schema.lookupForSlice(key);
  } catch (e) {
    if (deepEqual(originalValue, modifiedValue)) return;
    throw e;
  }
  const { retainKeys, strategy } = extractRetainKeysPatchStrategy(lookup.meta.strategies);
  if (strategy !== mergeDirective) {
    if (!options.ignoreChangesAndAdditions && !deepEqual(originalValue, modifiedValue)) patch[key] = modifiedValue;
    return;
  }
  const { patchList, deleteList, setOrderList } = diffLists(originalValue, modifiedValue, lookup.schema, lookup.meta.mergeKey, {
    ...options,
    buildRetainKeysDirective: retainKeys,
  });
  if (patchList.length > 0) patch[key] = patchList;
  if (deleteList.length > 0) patch[`${deleteFromPrimitiveListDirectivePrefix}/${key}`] = deleteList;
  if (setOrderList.length > 0) patch[`${setElementOrderDirectivePrefix}/${key}`] = setOrderList;
}

interface ListDiff {
  patchList: unknown[];
  deleteList: unknown[];
  setOrderList: unknown[];
}

/**
 * The difference between two merged lists: for maps, the changed and added items in modified's
 * order followed by delete directives; for scalars, the added items and a parallel deletion list.
 */
function diffLists(original: unknown[], modified: unknown[], schema: LookupPatchMeta, mergeKey: string, options: DiffOptions): ListDiff {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return { patchList: [], deleteList: [], setOrderList: [] };
    return { patchList: modified, deleteList: [], setOrderList: [] };
  }
  const kind = sliceElementType(original, modified);
  if (kind === 'slice') throw errNoListOfLists();

  if (kind === 'map') {
    const { patch, deletions } = diffListsOfMaps(original, modified, schema, mergeKey, options);
    const orderSame = isOrderSame(original, modified, mergeKey);
    const patchList = [...normalizeSliceOrder(patch, modified, mergeKey, kind), ...deletions];
    let setOrderList: unknown[] = [];
    if (
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!options.ignoreDeletions && patchList.length > 0))
    ) {
      setOrderList = modified.map((v) => Object.assign(newMap(), { [mergeKey]: (v as JsonObject)[mergeKey] }));
    }
    return { patchList, deleteList: [], setOrderList };
  }

  const { additions, deletions } = diffListsOfScalars(original, modified, options);
  const patchList = normalizeSliceOrder(additions, modified, mergeKey, kind);
  // `original` is sorted by now, so a list that was only reordered into sorted order counts as unchanged, as upstream.
  const setOrder =
    options.setElementOrder &&
    ((!options.ignoreDeletions && deletions.length > 0) || (!options.ignoreChangesAndAdditions && !deepEqual(original, modified)));
  return { patchList, deleteList: deletions, setOrderList: setOrder ? modified : [] };
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  for (let i = 0; i < modified.length; i++) {
    const l = original[i];
    const r = modified[i];
    if (!isJsonObject(l)) throw errBadArgType('map', l);
    if (!isJsonObject(r)) throw errBadArgType('map', r);
    if (!(mergeKey in l)) throw errNoMergeKey(l, mergeKey);
    if (!(mergeKey in r)) throw errNoMergeKey(r, mergeKey);
    if ((l[mergeKey] ?? null) !== (r[mergeKey] ?? null)) return false;
  }
  return true;
}

/** Walks both lists sorted by %v: what only modified has was added, what only original has was deleted. */
function diffListsOfScalars(original: unknown[], modified: unknown[], options: DiffOptions): { additions: unknown[]; deletions: unknown[] } {
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars([...modified]);
  const additions: unknown[] = [];
  const deletions: unknown[] = [];
  let oi = 0;
  let mi = 0;
  while (oi < originalScalars.length || mi < modifiedScalars.length) {
    const oIn = oi < originalScalars.length;
    const mIn = mi < modifiedScalars.length;
    const cmp = oIn && mIn ? compareGoStrings(goSprint(originalScalars[oi]), goSprint(modifiedScalars[mi])) : 0;
    if (oIn && mIn && cmp === 0) {
      oi++;
      mi++;
    } else if (!oIn || cmp > 0) {
      if (!options.ignoreChangesAndAdditions) additions.push(modifiedScalars[mi]);
      mi++;
    } else {
      if (!options.ignoreDeletions) deletions.push(originalScalars[oi]);
      oi++;
    }
  }
  return { additions, deletions: deduplicateScalars(deletions) };
}

function mapAndMergeKeyValue(list: unknown[], i: number, mergeKey: string): { map: JsonObject; value: unknown } {
  const m = list[i];
  if (!isJsonObject(m)) throw errBadArgType('map', m);
  if (!(mergeKey in m)) throw errNoMergeKey(m, mergeKey);
  return { map: m, value: m[mergeKey] };
}

/** Walks both lists sorted by merge key: matching items are diffed, added ones kept whole, removed ones become delete directives. */
function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  schema: LookupPatchMeta,
  mergeKey: string,
  options: DiffOptions,
): { patch: unknown[]; deletions: unknown[] } {
  const originalSorted = sortMapsBasedOnField(original, mergeKey);
  const modifiedSorted = sortMapsBasedOnField(modified, mergeKey);
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  let oi = 0;
  let mi = 0;
  while (oi < originalSorted.length || mi < modifiedSorted.length) {
    const oIn = oi < originalSorted.length;
    const mIn = mi < modifiedSorted.length;
    const o = oIn ? mapAndMergeKeyValue(originalSorted, oi, mergeKey) : undefined;
    const m = mIn ? mapAndMergeKeyValue(modifiedSorted, mi, mergeKey) : undefined;
    const cmp = o && m ? compareGoStrings(goSprint(o.value), goSprint(m.value)) : 0;
    if (o && m && cmp === 0) {
      const patchValue = diffMaps(o.map, m.map, schema, options);
      if (Object.keys(patchValue).length > 0) {
        patchValue[mergeKey] = m.value;
        patch.push(patchValue);
      }
      oi++;
      mi++;
    } else if (!o || cmp > 0) {
      if (!options.ignoreChangesAndAdditions) patch.push(m!.map);
      mi++;
    } else {
      if (!options.ignoreDeletions) deletions.push(Object.assign(newMap(), { [mergeKey]: o.value, [directiveMarker]: deleteDirective }));
      oi++;
    }
  }
  return { patch, deletions };
}

export { StrategicMergePatchConflictError };
