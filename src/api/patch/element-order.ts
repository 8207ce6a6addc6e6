/**
 * List helpers shared by applying and computing strategic merge patches: matching items by merge
 * key, and upstream's ordering rules ($setElementOrder first, then the patch's order, then the live
 * object's), ported from apimachinery's strategicpatch so results keep the same item order.
 */
import {
  errBadArgType,
  errNoListOfLists,
  errNoMergeKey,
  StrategicMergePatchError,
} from './strategic-merge-errors.js';
import { compareGoStrings, goKind, goSprint, isJsonObject, type GoKind, type JsonObject } from './json-value.js';

export const directiveMarker = '$patch';
export const deleteDirective = 'delete';
export const replaceDirective = 'replace';
export const mergeDirective = 'merge';
export const retainKeysStrategy = 'retainKeys';
export const retainKeysDirective = '$retainKeys';
export const deleteFromPrimitiveListDirectivePrefix = '$deleteFromPrimitiveList';
export const setElementOrderDirectivePrefix = '$setElementOrder';

/** The value an item is matched by: its merge key for maps, itself otherwise (Go's nil for a missing key). */
function matchValue(item: unknown, mergeKey: string, kind: GoKind): unknown {
  if (kind !== 'map') return item ?? null;
  return isJsonObject(item) ? (item[mergeKey] ?? null) : null;
}

/**
 * Upstream's index(): the position of an item in a list, matched by merge key (maps) or by value, or
 * -1; answered from a table built once, since sorting asks it for every comparison.
 */
function indexer(l: readonly unknown[], mergeKey: string, kind: GoKind): (item: unknown) => number {
  const first = new Map<unknown, number>();
  l.forEach((v, i) => {
    const key = matchValue(v, mergeKey, kind);
    if (!first.has(key)) first.set(key, i);
  });
  return (item) => first.get(matchValue(item, mergeKey, kind)) ?? -1;
}

/** sort.SliceStable's insertion sort, which is what upstream's (not always consistent) comparators see on short lists. */
function insertionSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j]!, items[j - 1]!); j--) {
      const t = items[j]!;
      items[j] = items[j - 1]!;
      items[j - 1] = t;
    }
  }
  return items;
}

/** Sorts scalars in place by their %v text (sortScalars). */
export function sortScalars(s: unknown[]): unknown[] {
  return s.sort((a, b) => compareGoStrings(goSprint(a), goSprint(b)));
}

/** Removes duplicate scalars with upstream's in-place algorithm (which moves the last item into a hole). */
export function deduplicateScalars(input: readonly unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Sorts maps by the %v text of a field (sortMapsBasedOnField), without changing the input. */
export function sortMapsBasedOnField(m: readonly unknown[], field: string): unknown[] {
  return [...m].sort((a, b) => compareGoStrings(goSprint((a as JsonObject)[field] ?? null), goSprint((b as JsonObject)[field] ?? null)));
}

/** The Go kind shared by every item of the lists; lists of lists and mixed lists are errors. */
export function sliceElementType(...slices: (readonly unknown[] | undefined)[]): GoKind {
  let prev: GoKind | undefined;
  for (const s of slices) {
    for (const v of s ?? []) {
      const current = goKind(v);
      if (prev === undefined) {
        prev = current;
        if (prev === 'slice') throw errNoListOfLists();
      } else if (prev !== current) {
        throw new StrategicMergePatchError(`list element types are not identical: ${goSprint(slices.map((x) => x ?? []))}`);
      }
    }
  }
  if (prev === undefined) throw new StrategicMergePatchError('no elements in any of the given slices');
  return prev;
}

/** Each item of the lists must be a map holding the merge key. */
function validateMergeKeyInLists(mergeKey: string, ...lists: readonly unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType('map', item);
      if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Splits a patch list into its items and its `$patch: delete` items. */
export function extractToDeleteItems(l: readonly unknown[]): { nonDelete: unknown[]; toDelete: unknown[] } {
  const nonDelete: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of l) {
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    if (directiveMarker in v && v[directiveMarker] === deleteDirective) toDelete.push(v);
    else nonDelete.push(v);
  }
  return { nonDelete, toDelete };
}

/** Sorts a list by the position of each item in `order`; delete directives go last. */
export function normalizeSliceOrder(toSort: readonly unknown[], order: readonly unknown[], mergeKey: string, kind: GoKind): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, items, [...order]);
    ({ nonDelete: items, toDelete } = extractToDeleteItems(items));
  }
  const indexIn = indexer(order, mergeKey, kind);
  insertionSort(items, (a, b) => {
    const ia = indexIn(a);
    if (ia >= 0) {
      const ib = indexIn(b);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...items, ...toDelete];
}

/**
 * Interleaves server-only items (left) into patch items (right), keeping each side's order: a
 * server-only item goes before a patch item only when the live list had it before that item.
 */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: readonly unknown[], mergeKey: string, kind: GoKind): unknown[] {
  const indexIn = indexer(serverOrder, mergeKey, kind);
  const less = (l: unknown, r: unknown): boolean => {
    const li = indexIn(l);
    const ri = indexIn(r);
    return li >= 0 && ri >= 0 && li < ri;
  };
  const s: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (less(left[i], right[j])) s.push(left[i++]);
    else s.push(right[j++]);
  }
  return [...s, ...left.slice(i), ...right.slice(j)];
}

/** Orders patch items by the patch (or $setElementOrder), server-only items by the live list, then interleaves them. */
export function normalizeElementOrder(
  patch: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: GoKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** The first map among the first `length` items of a list whose merge key has this value; those items must be maps. */
export function findMapInSliceBasedOnKeyValue(
  m: readonly unknown[],
  key: string,
  value: unknown,
  length = m.length,
): { map: JsonObject; index: number } | undefined {
  for (let k = 0; k < length; k++) {
    const v = m[k];
    if (!isJsonObject(v)) throw new StrategicMergePatchError(`value for key ${k} is not a map.`);
    if (key in v && (v[key] ?? null) === (value ?? null)) return { map: v, index: k };
  }
  return undefined;
}

/** Splits scalars into those present in `partitionBy` and the others, keeping their order. */
export function partitionPrimitivesByPresentInList(original: readonly unknown[], partitionBy: readonly unknown[]): [unknown[], unknown[]] {
  const inPatch = new Set(partitionBy.map((v) => v ?? null));
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) (inPatch.has(v ?? null) ? patch : serverOnly).push(v);
  return [patch, serverOnly];
}

/** Splits maps into those whose merge key appears in `partitionBy` and the others, keeping their order. */
export function partitionMapsByPresentInList(original: readonly unknown[], partitionBy: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) {
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    if (!(mergeKey in v)) throw errNoMergeKey(v, mergeKey);
    (findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey]) ? patch : serverOnly).push(v);
  }
  return [patch, serverOnly];
}

/** Splits "retainKeys" off a field's strategies: at most one other strategy may stand beside it. */
export function extractRetainKeysPatchStrategy(strategies: readonly string[]): { retainKeys: boolean; strategy: string } {
  switch (strategies.length) {
    case 0:
      return { retainKeys: false, strategy: '' };
    case 1:
      return strategies[0] === retainKeysStrategy ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: strategies[0]! };
    case 2:
      if (strategies[0] === retainKeysStrategy) return { retainKeys: true, strategy: strategies[1]! };
      if (strategies[1] === retainKeysStrategy) return { retainKeys: true, strategy: strategies[0]! };
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
