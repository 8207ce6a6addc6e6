import type { KubeObject } from '../object.js';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimStatusUpdate, validatePersistentVolumeClaimUpdate } from './persistent-volume-claim.js';

type Json = Record<string, any>;
const makeClaim = (spec: Json = {}, status?: Json, meta: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default', uid: 'u1', resourceVersion: '3', ...meta },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', ...spec },
  ...(status ? { status } : {}),
});

describe('validatePersistentVolumeClaim', () => {
  test.each([
    ['a claim for 1Gi ReadWriteOnce is valid', makeClaim(), []],
    [
      'a claim needs access modes and a storage request',
      makeClaim({ accessModes: [], resources: { requests: {} } }),
      ['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources[storage]: Required value'],
    ],
    [
      'access modes come from a fixed list',
      makeClaim({ accessModes: ['ReadWriteAll'] }),
      ['spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    ],
    [
      'ReadWriteOncePod stands alone',
      makeClaim({ accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }),
      ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes'],
    ],
    ['the storage request must be positive', makeClaim({ resources: { requests: { storage: '0' } } }), ['spec.resources[storage]: Invalid value: "0": must be greater than zero']],
    [
      'a storage class name is a DNS subdomain',
      makeClaim({ storageClassName: 'Fast_SSD' }),
      [
        "spec.storageClassName: Invalid value: \"Fast_SSD\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    ['a volume mode is Block or Filesystem', makeClaim({ volumeMode: 'Raw' }), ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']],
  ] as [string, KubeObject, string[]][])('%s', (_n, pvc, expected) => {
    expect(validatePersistentVolumeClaim(pvc as never).map(String)).toEqual(expected);
  });
});

describe('validatePersistentVolumeClaimUpdate', () => {
  const bound = { phase: 'Bound', capacity: { storage: '1Gi' } };
  test.each([
    ['binding sets volumeName once', makeClaim(), makeClaim({ volumeName: 'pv-1' }), []],
    ['a bound claim may grow', makeClaim({ volumeName: 'pv-1' }, bound), makeClaim({ volumeName: 'pv-1', resources: { requests: { storage: '2Gi' } } }, bound), []],
    [
      'a bound claim may not shrink below its capacity',
      makeClaim({ volumeName: 'pv-1', resources: { requests: { storage: '2Gi' } } }, bound),
      makeClaim({ volumeName: 'pv-1', resources: { requests: { storage: '1Gi' } } }, bound),
      ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity'],
    ],
    [
      'an unbound claim may not change its request',
      makeClaim(),
      makeClaim({ resources: { requests: { storage: '2Gi' } } }),
      ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    ],
    [
      'access modes are immutable',
      makeClaim({ volumeName: 'pv-1' }, bound),
      makeClaim({ volumeName: 'pv-1', accessModes: ['ReadWriteMany'] }, bound),
      ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    ],
    [
      'volumeMode is immutable (reported without the spec prefix)',
      makeClaim(),
      makeClaim({ volumeMode: 'Block' }),
      ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims', 'volumeMode: Invalid value: "Block": field is immutable'],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validatePersistentVolumeClaimUpdate(cur as never, old as never).map(String)).toEqual(expected);
  });

  test('a status write needs a resourceVersion', () => {
    expect(validatePersistentVolumeClaimStatusUpdate(makeClaim({}, undefined, { resourceVersion: '' }) as never, makeClaim() as never).map(String)).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'resourceVersion: Required value',
    ]);
  });
});
