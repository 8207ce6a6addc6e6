/** How objects cross the registry's edges: strict decoding and defaulting on the way in, versions on the way out. */
import type { KindInfo } from '../api/kinds.js';
import { apiVersionOf, type KubeObject } from '../api/object.js';
import { toStored as hpaToStored, toVersion as hpaToVersion } from '../api/conversion/hpa.js';
import type { KeyValue } from '../store/store.js';

/** The stored form: the object without its resourceVersion (the store's mod revision is the truth). */
export function toStored(obj: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

/** An object read from the store, in the requested version, with its resourceVersion. */
export function fromStored(kv: KeyValue, kind: KindInfo, version: string): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata.resourceVersion = String(kv.modRevision);
  return version === kind.versions[0] ? obj : toServedVersion(obj, kind, version);
}

/** Kinds served in several versions are converted to their storage version (only HPAs today). */
export function toStoredVersion(obj: KubeObject, kind: KindInfo): KubeObject {
  return kind.kind === 'HorizontalPodAutoscaler' && obj.apiVersion !== apiVersionOf(kind.group, kind.versions[0]!) ? (hpaToStored(obj as never) as KubeObject) : obj;
}

function toServedVersion(obj: KubeObject, kind: KindInfo, version: string): KubeObject {
  return kind.kind === 'HorizontalPodAutoscaler' ? (hpaToVersion(obj as never, version as never) as KubeObject) : obj;
}
