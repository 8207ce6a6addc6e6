/** Defaulting for storage.k8s.io/v1, after pkg/apis/storage/v1/defaults.go. */
import { defaultUnset, type Obj } from './fields.js';

export function setStorageDefaults(obj: Obj, kind: string): void {
  if (kind !== 'StorageClass') return;
  defaultUnset(obj, 'reclaimPolicy', 'Delete');
  defaultUnset(obj, 'volumeBindingMode', 'Immediate');
}
