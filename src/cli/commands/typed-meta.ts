/** metav1.ObjectMeta as a Go struct serializes it: fields in declaration order, `creationTimestamp: null` when unset. */
import type { ObjectMeta } from '../../api/object.js';
import { goMap } from './typed-json.js';

/** ObjectMeta's fields in the order of the Go struct. */
const objectMetaOrder = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
] as const;

/** The metadata of an object kubectl builds: only what is set, labels and annotations as (sorted) maps. */
export function typedMeta(meta: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }): ObjectMeta {
  return orderMeta({ ...meta, creationTimestamp: null });
}

/** The same metadata with its fields put back in Go order (after a field was added), empty maps dropped as omitempty does. */
export function orderMeta(meta: ObjectMeta): ObjectMeta {
  const out: Record<string, unknown> = {};
  const m = meta as Record<string, unknown>;
  for (const k of objectMetaOrder) {
    const v = m[k];
    if (v === undefined || v === '') continue;
    if ((k === 'labels' || k === 'annotations') && typeof v === 'object' && v) {
      if (!Object.keys(v).length) continue;
      out[k] = goMap({ ...(v as Record<string, string>) });
      continue;
    }
    out[k] = v;
  }
  return out as ObjectMeta;
}
