import type { KubeObject } from '../object.js';
import { validateStorageClass, validateStorageClassUpdate } from './storage-class.js';

/** A defaulted StorageClass for the local-path provisioner; `rest` overrides fields. */
const makeClass = (rest: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', resourceVersion: '1' },
  provisioner: 'rancher.io/local-path',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
  ...rest,
});

describe('validateStorageClass', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a class with a provisioner is valid', {}, []],
    ['parameters are free-form strings', { parameters: { type: 'gp3', fsType: 'ext4' } }, []],
    ['a provisioner is required', { provisioner: '' }, ['provisioner: Required value']],
    [
      'the provisioner must be a qualified name',
      { provisioner: 'kubernetes.io/aws ebs' },
      [
        "provisioner: Invalid value: \"kubernetes.io/aws ebs\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    ['Recycle is not a reclaim policy for classes', { reclaimPolicy: 'Recycle' }, ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
    ['a binding mode is required', { volumeBindingMode: undefined }, ['volumeBindingMode: Required value']],
    ['an unknown binding mode is not supported', { volumeBindingMode: 'Lazy' }, ['volumeBindingMode: Unsupported value: "Lazy": supported values: "Immediate", "WaitForFirstConsumer"']],
    [
      'allowed topologies need values and may not repeat',
      {
        allowedTopologies: [
          { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a', 'a'] }] },
          { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a'] }] },
          { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone' }] },
        ],
      },
      [
        'allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: "a"',
        'allowedTopologies[1].matchLabelExpressions: Duplicate value: ""',
        'allowedTopologies[2].matchLabelExpressions[0].values: Required value',
      ],
    ],
  ])('%s', (_name, rest, expected) => {
    expect(validateStorageClass(makeClass(rest)).map(String)).toEqual(expected);
  });
});

describe('validateStorageClassUpdate', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['labels and allowVolumeExpansion may change', { allowVolumeExpansion: true }, []],
    ['parameters are immutable', { parameters: { type: 'io2' } }, ['parameters: Forbidden: updates to parameters are forbidden.']],
    ['the provisioner is immutable', { provisioner: 'ebs.csi.aws.com' }, ['provisioner: Forbidden: updates to provisioner are forbidden.']],
    ['the reclaim policy is immutable', { reclaimPolicy: 'Retain' }, ['reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.']],
    ['the binding mode is immutable', { volumeBindingMode: 'Immediate' }, ['volumeBindingMode: Invalid value: "Immediate": field is immutable']],
  ])('%s', (_name, rest, expected) => {
    expect(validateStorageClassUpdate(makeClass(rest), makeClass()).map(String)).toEqual(expected);
  });
});
