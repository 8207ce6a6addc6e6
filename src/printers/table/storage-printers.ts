/** Storage printers (printPersistentVolume, printPersistentVolumeClaim, printStorageClass). */
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { KubeObject } from '../../api/object.js';
import { quantityString, str, timeMs, translateTimestampSince, zeroTime } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

const core = 'io.k8s.api.core.v1';
const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata.creationTimestamp, now);

/** The storage class annotation that predates spec.storageClassName; it still wins when present. */
export const BetaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';
export const IsDefaultStorageClassAnnotation = 'storageclass.kubernetes.io/is-default-class';
export const BetaIsDefaultStorageClassAnnotation = 'storageclass.beta.kubernetes.io/is-default-class';

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

const annotation = (obj: KubeObject, key: string): string | undefined => {
  const annotations = obj.metadata.annotations;
  return annotations && Object.prototype.hasOwnProperty.call(annotations, key) ? annotations[key] : undefined;
};

type WithClass = { spec?: { volumeAttributesClassName?: string | null } };

export const persistentVolumePrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Capacity', 'string', fieldDoc(`${core}.PersistentVolumeSpec`, 'capacity')),
    column('Access Modes', 'string', fieldDoc(`${core}.PersistentVolumeSpec`, 'accessModes')),
    column('Reclaim Policy', 'string', fieldDoc(`${core}.PersistentVolumeSpec`, 'persistentVolumeReclaimPolicy')),
    column('Status', 'string', fieldDoc(`${core}.PersistentVolumeStatus`, 'phase')),
    column('Claim', 'string', fieldDoc(`${core}.PersistentVolumeSpec`, 'claimRef')),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', fieldDoc(`${core}.PersistentVolumeStatus`, 'reason')),
    ageColumn(),
    column('VolumeMode', 'string', fieldDoc(`${core}.PersistentVolumeSpec`, 'volumeMode'), { priority: 1 }),
  ],
  (obj, now) => {
    const pv = obj as unknown as PersistentVolume & WithClass;
    const spec = pv.spec ?? {};
    const claimRef = spec.claimRef ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}` : '';
    const phase = timeMs(obj.metadata.deletionTimestamp) !== zeroTime ? 'Terminating' : str(pv.status?.phase);
    return [
      str(obj.metadata.name),
      quantityString(spec.capacity?.storage),
      accessModesString(spec.accessModes),
      str(spec.persistentVolumeReclaimPolicy),
      phase,
      claimRef,
      annotation(obj, BetaStorageClassAnnotation) ?? str(spec.storageClassName),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      str(pv.status?.reason),
      age(obj, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
);

export const persistentVolumeClaimPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Status', 'string', fieldDoc(`${core}.PersistentVolumeClaimStatus`, 'phase')),
    column('Volume', 'string', fieldDoc(`${core}.PersistentVolumeClaimSpec`, 'volumeName')),
    column('Capacity', 'string', fieldDoc(`${core}.PersistentVolumeClaimStatus`, 'capacity')),
    column('Access Modes', 'string', fieldDoc(`${core}.PersistentVolumeClaimStatus`, 'accessModes')),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    column('VolumeMode', 'string', fieldDoc(`${core}.PersistentVolumeClaimSpec`, 'volumeMode'), { priority: 1 }),
  ],
  (obj, now) => {
    const pvc = obj as unknown as PersistentVolumeClaim & WithClass;
    const spec = pvc.spec ?? {};
    const phase = timeMs(obj.metadata.deletionTimestamp) !== zeroTime ? 'Terminating' : str(pvc.status?.phase);
    const volumeName = str(spec.volumeName);
    // Capacity and access modes are the bound volume's, so they show only once the claim is bound.
    const bound = volumeName !== '';
    const storageClass = annotation(obj, BetaStorageClassAnnotation) ?? spec.storageClassName ?? '';
    return [
      str(obj.metadata.name),
      phase,
      volumeName,
      bound ? quantityString(pvc.status?.capacity?.storage) : '',
      bound ? accessModesString(pvc.status?.accessModes) : '',
      storageClass,
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      age(obj, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
);

export const storageClassPrinter: KindPrinter = kindPrinter(
  () => {
    const sc = 'io.k8s.api.storage.v1.StorageClass';
    return [
      nameColumn(),
      column('Provisioner', 'string', fieldDoc(sc, 'provisioner')),
      column('ReclaimPolicy', 'string', fieldDoc(sc, 'reclaimPolicy')),
      column('VolumeBindingMode', 'string', fieldDoc(sc, 'volumeBindingMode')),
      column('AllowVolumeExpansion', 'string', fieldDoc(sc, 'allowVolumeExpansion')),
      ageColumn(),
    ];
  },
  (obj, now) => {
    const sc = obj as unknown as StorageClass;
    const isDefault = annotation(obj, IsDefaultStorageClassAnnotation) === 'true' || annotation(obj, BetaIsDefaultStorageClassAnnotation) === 'true';
    return [
      isDefault ? `${str(obj.metadata.name)} (default)` : str(obj.metadata.name),
      str(sc.provisioner),
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      age(obj, now),
    ];
  },
);
