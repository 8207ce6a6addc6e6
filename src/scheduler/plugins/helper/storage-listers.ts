/** Typed reads of the storage objects volume plugins look up, from the handle's shared informers (upstream's PVC/PV/StorageClass listers). */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { PersistentVolumeClaims, PersistentVolumes, StorageClasses } from '../../../client/resources.js';
import type { Handle } from '../../framework/interface.js';

/** An object the lister does not have, with the API's NotFound text (`persistentvolumeclaim "x" not found`). */
export class NotFoundError extends Error {
  readonly reason = 'NotFound';
}

export function getPVC(h: Handle, namespace: string, name: string): PersistentVolumeClaim {
  const o = h.informers.forResource(PersistentVolumeClaims).get(namespace, name);
  if (!o) throw new NotFoundError(`persistentvolumeclaim "${name}" not found`);
  return o as unknown as PersistentVolumeClaim;
}

export function getPV(h: Handle, name: string): PersistentVolume {
  const o = h.informers.forResource(PersistentVolumes).get(undefined, name);
  if (!o) throw new NotFoundError(`persistentvolume "${name}" not found`);
  return o as unknown as PersistentVolume;
}

export function getStorageClass(h: Handle, name: string): StorageClass {
  const o = h.informers.forResource(StorageClasses).get(undefined, name);
  if (!o) throw new NotFoundError(`storageclass.storage.k8s.io "${name}" not found`);
  return o as unknown as StorageClass;
}
