/**
 * JSON merge patch (RFC 7386) as the API server applies it and kubectl computes it: a port of
 * evanphx/json-patch v4 (MergePatch, CreateMergePatch) and apimachinery's jsonmergepatch
 * (CreateThreeWayJSONMergePatch, which kubectl apply uses for kinds it has no Go type for).
 */
import { deepEqual } from '../object.js';
import { cloneBare, cloneJson, goSprint, isJsonObject, newMap, type JsonObject } from './json-value.js';

/** evanphx/json-patch's sentinel errors, with their exact texts. */
export const MergePatchErrorText = {
  badJSONDoc: 'Invalid JSON Document',
  badJSONPatch: 'Invalid JSON Patch',
  badMergeTypes: 'Mismatched JSON Documents',
} as const;

/** A merge patch that cannot be applied or computed; the API server answers 400 for a bad patch, 500 otherwise. */
export class MergePatchError extends Error {
  constructor(
    message: string,
    /** HTTP status the API server would answer with. */
    readonly code: 400 | 409 | 500,
  ) {
    super(message);
    this.name = 'MergePatchError';
  }
}

function pruneNulls(v: unknown): unknown {
  if (isJsonObject(v)) return pruneDocNulls(v);
  if (Array.isArray(v)) return pruneAryNulls(v);
  return v;
}

function pruneDocNulls(doc: JsonObject): JsonObject {
  for (const k of Object.keys(doc)) {
    if (doc[k] === null) delete doc[k];
    else pruneNulls(doc[k]);
  }
  return doc;
}

/** Nulls inside arrays are kept; only the objects within are pruned. */
function pruneAryNulls(ary: unknown[]): unknown[] {
  for (const v of ary) if (v !== null) pruneNulls(v);
  return ary;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (!(k in doc) || cur === null) doc[k] = pruneNulls(v);
    else doc[k] = mergeValue(cur, v);
  }
}

function mergeValue(cur: unknown, patch: unknown): unknown {
  if (!isJsonObject(cur)) return pruneNulls(patch);
  // A non-object patch value replaces an object as it is (its nested nulls are not pruned).
  if (!isJsonObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

/**
 * Applies a merge patch to a document (jsonpatch.MergePatch). Neither input is changed.
 * A patch that is not an object replaces the document (an array) or is rejected (a scalar or null).
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  return cloneJson(mergePatch(doc, patch));
}

function mergePatch(doc: unknown, patch: unknown): unknown {
  if (doc === null || doc === undefined) throw new MergePatchError(MergePatchErrorText.badJSONDoc, 500);
  if (patch === null || patch === undefined) throw new MergePatchError(MergePatchErrorText.badJSONPatch, 400);
  const d = cloneBare(doc);
  const p = cloneBare(patch);
  if (isJsonObject(d) && isJsonObject(p)) {
    mergeDocs(d, p);
    return d;
  }
  if (isJsonObject(p)) return pruneDocNulls(p);
  if (Array.isArray(p)) return pruneAryNulls(p);
  throw new MergePatchError(MergePatchErrorText.badJSONPatch, 400);
}

/** The JSON kinds encoding/json decodes into (all numbers are float64 here). */
function jsonKind(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  return typeof v === 'object' ? 'map' : typeof v;
}

function getDiff(a: JsonObject, b: JsonObject): JsonObject {
  const into = newMap();
  for (const [key, bv] of Object.entries(b)) {
    if (!(key in a)) {
      into[key] = bv;
      continue;
    }
    const av = a[key];
    if (jsonKind(av) !== jsonKind(bv)) {
      into[key] = bv;
      continue;
    }
    if (isJsonObject(av)) {
      const dst = getDiff(av, bv as JsonObject);
      if (Object.keys(dst).length > 0) into[key] = dst;
    } else if (av !== null && !deepEqual(av, bv)) {
      into[key] = bv;
    }
  }
  for (const key of Object.keys(a)) if (!(key in b)) into[key] = null;
  return into;
}

/**
 * The merge patch that turns original into modified (jsonpatch.CreateMergePatch), as kubectl label,
 * annotate and scale send: changed and added fields as they are now, removed fields as null.
 */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  return cloneJson(diff(original, modified));
}

function diff(original: unknown, modified: unknown): unknown {
  const o = cloneBare(original);
  const m = cloneBare(modified);
  if (Array.isArray(o) && Array.isArray(m)) {
    if (o.length !== m.length) throw new MergePatchError(MergePatchErrorText.badJSONDoc, 500);
    return o.map((item, i) => diff(item, m[i]));
  }
  if (Array.isArray(o) || Array.isArray(m)) throw new MergePatchError(MergePatchErrorText.badMergeTypes, 500);
  if (!isJsonObject(o) || !isJsonObject(m)) throw new MergePatchError(MergePatchErrorText.badJSONDoc, 500);
  return getDiff(o, m);
}

/** Keeps only the nulls of a patch (deletions), or everything but them (additions and changes). */
function keepOrDeleteNull(m: JsonObject, keepNull: boolean): JsonObject {
  const filtered = newMap();
  for (const [key, val] of Object.entries(m)) {
    if (val === null) {
      if (keepNull) filtered[key] = null;
    } else if (isJsonObject(val)) {
      // Explicitly-set empty maps are values, not empty patches.
      if (Object.keys(val).length === 0) {
        if (!keepNull) filtered[key] = val;
        continue;
      }
      const sub = keepOrDeleteNull(val, keepNull);
      if (Object.keys(sub).length !== 0) filtered[key] = sub;
    } else if (!keepNull) {
      filtered[key] = val;
    }
  }
  return filtered;
}

/** mergepatch.HasConflicts: whether two patches set some key to different values. */
export function hasConflicts(left: unknown, right: unknown): boolean {
  if (isJsonObject(left)) {
    if (!isJsonObject(right)) return true;
    for (const [key, lv] of Object.entries(left)) if (key in right && hasConflicts(lv, right[key])) return true;
    return false;
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((l, i) => hasConflicts(l, right[i]));
  }
  return !deepEqual(left ?? null, right ?? null);
}

/** A check on a computed patch; kubectl requires that apply never changes apiVersion, kind or name. */
export type Precondition = (patch: JsonObject) => boolean;

/** mergepatch.RequireKeyUnchanged: the patch must not touch this top-level key. */
export const requireKeyUnchanged =
  (key: string): Precondition =>
  (patch) =>
    !(key in patch);

/** mergepatch.RequireMetadataKeyUnchanged: the patch must not touch this key of metadata. */
export const requireMetadataKeyUnchanged =
  (key: string): Precondition =>
  (patch) => {
    const md = patch['metadata'];
    return !isJsonObject(md) || !(key in md);
  };

/**
 * The three-way JSON merge patch kubectl apply sends for kinds it has no Go type for
 * (jsonmergepatch.CreateThreeWayJSONMergePatch): what changed from current to modified, without
 * deletions, plus the deletions from original (the last applied configuration) to modified.
 */
export function createThreeWayMergePatch(
  original: JsonObject | undefined,
  modified: JsonObject | undefined,
  current: JsonObject | undefined,
  preconditions: readonly Precondition[] = [],
): JsonObject {
  const addAndChange = keepOrDeleteNull(diff(current ?? {}, modified ?? {}) as JsonObject, false);
  const deletions = keepOrDeleteNull(diff(original ?? {}, modified ?? {}) as JsonObject, true);
  if (hasConflicts(addAndChange, deletions)) {
    throw new MergePatchError(
      `patch:\n${goSprint(addAndChange)}\nconflicts with changes made from original to current:\n${goSprint(deletions)}\n`,
      409,
    );
  }
  const patch = mergePatch(deletions, addAndChange) as JsonObject;
  for (const ok of preconditions) {
    if (!ok(patch)) throw new MergePatchError(`precondition failed for: ${goSprint(patch)}`, 500);
  }
  return cloneJson(patch);
}
