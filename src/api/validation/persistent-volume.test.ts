import type { KubeObject } from '../object.js';
import { validatePersistentVolume, validatePersistentVolumeUpdate } from './persistent-volume.js';

type Json = Record<string, any>;
const makeVolume = (spec: Json = {}, meta: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-1', uid: 'u1', resourceVersion: '2', ...meta },
  spec: {
    capacity: { storage: '10Gi' },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: 'Retain',
    volumeMode: 'Filesystem',
    hostPath: { path: '/mnt/data', type: '' },
    ...spec,
  },
});

describe('validatePersistentVolume', () => {
  test.each([
    ['a hostPath volume of 10Gi is valid', makeVolume(), []],
    [
      'a volume needs access modes and a storage capacity',
      makeVolume({ accessModes: undefined, capacity: undefined }),
      [
        'spec.accessModes: Required value',
        'spec.capacity: Required value',
        'spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage"',
      ],
    ],
    [
      'capacity may hold only storage',
      makeVolume({ capacity: { storage: '1Gi', cpu: '1' } }),
      [
        'spec.capacity: Unsupported value: core.ResourceList{"cpu":resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1", Format:"DecimalSI"}, "storage":resource.Quantity{i:resource.int64Amount{value:1073741824, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1Gi", Format:"BinarySI"}}: supported values: "storage"',
      ],
    ],
    ['a volume needs a source', makeVolume({ hostPath: undefined }), ['spec: Required value: must specify a volume type']],
    [
      'a volume takes one source',
      makeVolume({ nfs: { server: 'nfs.local', path: '/export' } }),
      ['spec.nfs: Forbidden: may not specify more than 1 volume type'],
    ],
    [
      'a reclaim policy comes from a fixed list',
      makeVolume({ persistentVolumeReclaimPolicy: 'Keep' }),
      ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"'],
    ],
    [
      'a local volume requires node affinity',
      makeVolume({ hostPath: undefined, local: { path: '/mnt/disks/ssd1' } }),
      ['spec.nodeAffinity: Required value: Local volume requires node affinity'],
    ],
    [
      'a hostPath of / may not be recycled',
      makeVolume({ hostPath: { path: '/' }, persistentVolumeReclaimPolicy: 'Recycle' }),
      ["spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, pv, expected) => {
    expect(validatePersistentVolume(pv as never).map(String)).toEqual(expected);
  });
});

describe('validatePersistentVolumeUpdate', () => {
  test.each([
    ['claiming a volume is allowed', makeVolume(), makeVolume({ claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' } }), []],
    [
      'the source is immutable',
      makeVolume(),
      makeVolume({ hostPath: { path: '/mnt/other', type: '' } }),
      ['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation'],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validatePersistentVolumeUpdate(cur as never, old as never).map(String)).toEqual(expected);
  });
});
