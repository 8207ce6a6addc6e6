/**
 * What client-side `kubectl apply` computes: the last-applied-configuration annotation exactly as
 * kubectl writes it (k8s.io/kubectl/pkg/util/apply.go) and the patch it sends for an object that
 * exists (k8s.io/kubectl/pkg/cmd/apply/patcher.go): a three-way strategic merge patch for built-in
 * kinds, a three-way JSON merge patch for kinds kubectl has no Go type for.
 */
import { PatchType } from '../request-options.js';
import type { GroupVersionKind } from '../schema.js';
import { marshalGoJSON } from './go-json.js';
import { cloneJson, isJsonObject, type JsonObject } from './json-value.js';
import { createThreeWayMergePatch as createThreeWayJSONMergePatch, requireKeyUnchanged, requireMetadataKeyUnchanged } from './merge-patch.js';
import { patchMetaForKind } from './patch-meta.js';
import { StrategicMergePatchError } from './strategic-merge-errors.js';
import { createThreeWayMergePatch } from './strategic-merge-diff.js';

/** corev1.LastAppliedConfigAnnotation. */
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** runtime.Encode with unstructured.UnstructuredJSONScheme: json.Encoder output, so compact with a trailing newline. */
const encode = (obj: unknown) => `${marshalGoJSON(obj)}\n`;

function annotationsOf(obj: JsonObject): Record<string, string> | undefined {
  const md = obj['metadata'];
  const annotations = isJsonObject(md) ? md['annotations'] : undefined;
  if (!isJsonObject(annotations)) return undefined;
  // NestedStringMap: a map holding anything but strings reads as no annotations at all.
  return Object.values(annotations).every((v) => typeof v === 'string') ? (annotations as Record<string, string>) : undefined;
}

function setAnnotations(obj: JsonObject, annotations: Record<string, string>): void {
  if (!isJsonObject(obj['metadata'])) obj['metadata'] = {};
  (obj['metadata'] as JsonObject)['annotations'] = annotations;
}

/** The last applied configuration kept on a live object (GetOriginalConfiguration), if any. */
export function getOriginalConfiguration(obj: unknown): string | undefined {
  return isJsonObject(obj) ? annotationsOf(obj)?.[LAST_APPLIED_CONFIG_ANNOTATION] : undefined;
}

/**
 * The configuration to apply, as JSON text (GetModifiedConfiguration): the object with its own
 * last-applied annotation dropped, keys sorted, a trailing newline. An object without annotations
 * gets `"annotations":{}`, as kubectl's does. With `annotate`, that text is also embedded as the
 * object's last-applied-configuration annotation. `obj` is not changed; it should carry the
 * namespace kubectl would give it (the default namespace when the file names none).
 */
export function getModifiedConfiguration(obj: unknown, annotate: boolean): string {
  const o = cloneJson(obj);
  if (!isJsonObject(o)) throw new StrategicMergePatchError('invalid JSON document', 400);
  const annotations = { ...(annotationsOf(o) ?? {}) };
  delete annotations[LAST_APPLIED_CONFIG_ANNOTATION];
  setAnnotations(o, annotations);
  const modified = encode(o);
  if (!annotate) return modified;
  setAnnotations(o, { ...annotations, [LAST_APPLIED_CONFIG_ANNOTATION]: modified });
  return encode(o);
}

/**
 * The object `kubectl apply` (or `create --save-config`) creates: the file's object with the
 * last-applied-configuration annotation set (CreateApplyAnnotation).
 */
export function withLastAppliedConfiguration<T>(obj: T): T {
  const o = cloneJson(obj);
  if (!isJsonObject(o)) throw new StrategicMergePatchError('invalid JSON document', 400);
  const lastApplied = getModifiedConfiguration(o, false);
  setAnnotations(o, { ...(annotationsOf(o) ?? {}), [LAST_APPLIED_CONFIG_ANNOTATION]: lastApplied });
  return o;
}

export interface ApplyPatch {
  /** The Content-Type kubectl sends the patch with. */
  readonly contentType: PatchType;
  readonly patch: JsonObject;
  /** The request body byte for byte as kubectl sends it. */
  readonly body: string;
  /** Nothing to send: kubectl makes no request and prints `<kind>/<name> unchanged`. */
  readonly unchanged: boolean;
}

export interface ComputeApplyPatchOptions {
  /** kubectl apply --overwrite (default true): with false, a field changed both in the file and on the live object is a conflict. */
  readonly overwrite?: boolean;
}

/**
 * The patch `kubectl apply` sends for an object that already exists (Patcher.patchSimple).
 * `lastApplied` is the live object's last-applied-configuration annotation (undefined when it has
 * none), `modified` the object read from the file, `current` the live object. Fields removed from
 * the file since the last apply are deleted, fields others set (controllers, `kubectl scale`,
 * `kubectl label`) that the file never had are kept, and what the file says wins.
 */
export function computeApplyPatch(
  lastApplied: string | undefined,
  modified: unknown,
  current: unknown,
  gvk: GroupVersionKind,
  options: ComputeApplyPatchOptions = {},
): ApplyPatch {
  const modifiedConfig = JSON.parse(getModifiedConfiguration(modified, true)) as JsonObject;
  let original: JsonObject = {};
  if (lastApplied) {
    try {
      original = JSON.parse(lastApplied) as JsonObject;
    } catch {
      throw new StrategicMergePatchError('invalid JSON document', 400);
    }
    if (!isJsonObject(original)) throw new StrategicMergePatchError('invalid JSON document', 400);
  }

  const schema = patchMetaForKind(gvk);
  const patch = schema
    ? createThreeWayMergePatch(original, modifiedConfig, current, schema, options.overwrite ?? true)
    : createThreeWayJSONMergePatch(original, modifiedConfig, current as JsonObject, [
        requireKeyUnchanged('apiVersion'),
        requireKeyUnchanged('kind'),
        requireMetadataKeyUnchanged('name'),
      ]);
  const body = marshalGoJSON(patch);
  return {
    contentType: schema ? PatchType.StrategicMerge : PatchType.Merge,
    patch,
    body,
    unchanged: body === '{}',
  };
}

/** The warning kubectl prints when applying to an object that has no last-applied-configuration annotation. */
export function missingLastAppliedWarning(objectName: string, baseName = 'kubectl'): string {
  return (
    `Warning: resource ${objectName} is missing the ${LAST_APPLIED_CONFIG_ANNOTATION} annotation which is required by ${baseName} apply. ` +
    `${baseName} apply should only be used on resources created declaratively by either ${baseName} create --save-config or ${baseName} apply. ` +
    'The missing annotation will be patched automatically.\n'
  );
}
