import type { KubeObject } from '../../api/object.js';
import { accessModesString, persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage-printers.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
const make = (apiVersion: string, kind: string, fields: Obj, metadata: Obj = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', creationTimestamp: '2025-03-01T11:00:00Z', ...metadata },
  ...fields,
});

describe('accessModesString', () => {
  it.each<[string[] | undefined, string]>([
    [['ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOnce'], 'RWO,ROX,RWX,RWOP'],
    [[], ''],
    [undefined, ''],
  ])('abbreviates %j in a fixed order as %j', (modes, printed) => {
    expect(accessModesString(modes)).toBe(printed);
  });
});

describe('persistentVolumePrinter', () => {
  it('prints capacity, modes, policy, phase, claim, class and the rest', () => {
    const pv = make('v1', 'PersistentVolume', {
      spec: { capacity: { storage: '2048Mi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'ns', name: 'c' }, storageClassName: 'std', volumeMode: 'Block', volumeAttributesClassName: 'gold' },
      status: { phase: 'Bound', reason: 'r' },
    });
    expect(persistentVolumePrinter.cells(pv, now)).toEqual(['x', '2Gi', 'RWO', 'Retain', 'Bound', 'ns/c', 'std', 'gold', 'r', '60m', 'Block']);
  });

  it('prints 0 without a capacity, <unset> for unset classes and modes, and Terminating while deleted', () => {
    const pv = make('v1', 'PersistentVolume', { spec: {}, status: { phase: 'Released' } }, { deletionTimestamp: '2025-03-01T11:59:00Z' });
    expect(persistentVolumePrinter.cells(pv, now)).toEqual(['x', '0', '', '', 'Terminating', '', '', '<unset>', '', '60m', '<unset>']);
  });

  it('takes the class from the beta annotation first', () => {
    const pv = make('v1', 'PersistentVolume', { spec: { storageClassName: 'new' } }, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } });
    expect(persistentVolumePrinter.cells(pv, now)[6]).toBe('old');
  });
});

describe('persistentVolumeClaimPrinter', () => {
  it('shows the bound volume with its capacity and access modes', () => {
    const pvc = make('v1', 'PersistentVolumeClaim', {
      spec: { volumeName: 'pv1', storageClassName: 'std', resources: { requests: { storage: '1Gi' } } },
      status: { phase: 'Bound', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'] },
    });
    expect(persistentVolumeClaimPrinter.cells(pvc, now)).toEqual(['x', 'Bound', 'pv1', '5Gi', 'RWO', 'std', '<unset>', '60m', '<unset>']);
  });

  it('shows no capacity or access modes before it is bound, and the beta class annotation first', () => {
    const pvc = make(
      'v1',
      'PersistentVolumeClaim',
      { spec: { storageClassName: 'std', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending', accessModes: ['ReadWriteOnce'] } },
      { annotations: { 'volume.beta.kubernetes.io/storage-class': 'beta' } },
    );
    expect(persistentVolumeClaimPrinter.cells(pvc, now)).toEqual(['x', 'Pending', '', '', '', 'beta', '<unset>', '60m', 'Filesystem']);
  });
});

describe('storageClassPrinter', () => {
  it.each<[string, Record<string, string>, string]>([
    ['the default class is marked (default)', { 'storageclass.kubernetes.io/is-default-class': 'true' }, 'x (default)'],
    ['the beta annotation marks it too', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' }, 'x (default)'],
    ['another value does not', { 'storageclass.kubernetes.io/is-default-class': 'yes' }, 'x'],
  ])('%s', (_name, annotations, name) => {
    expect(storageClassPrinter.cells(make('storage.k8s.io/v1', 'StorageClass', { provisioner: 'p' }, { annotations }), now)[0]).toBe(name);
  });

  it('prints the defaults for unset reclaim policy, binding mode and expansion', () => {
    expect(storageClassPrinter.cells(make('storage.k8s.io/v1', 'StorageClass', { provisioner: 'p' }), now)).toEqual(['x', 'p', 'Delete', 'Immediate', false, '60m']);
  });
});
