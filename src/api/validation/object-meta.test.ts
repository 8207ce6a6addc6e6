import type { ObjectMeta } from '../object.js';
import { nameIsDNS1035Label, nameIsDNSSubdomain } from '../name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateTemplateObjectMeta } from './object-meta.js';
import { FieldPath } from '../field-error.js';

const makeMeta = (over: ObjectMeta = {}): ObjectMeta => ({ name: 'web', namespace: 'default', ...over });
const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const qualifiedNameMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' };

describe('validateObjectMeta', () => {
  test.each([
    ['a named, namespaced object is valid', makeMeta(), true, []],
    ['a name or generateName is required', makeMeta({ name: '' }), true, ['metadata.name: Required value: name or generateName is required']],
    ['a generateName may end in a dash', makeMeta({ generateName: 'web-' }), true, []],
    [
      'an invalid name is reported with the DNS subdomain rule',
      makeMeta({ name: 'Web' }),
      true,
      [`metadata.name: Invalid value: "Web": ${subdomainMsg}`],
    ],
    ['a namespaced kind needs a namespace', makeMeta({ namespace: '' }), true, ['metadata.namespace: Required value']],
    ['a cluster-scoped kind takes no namespace', makeMeta(), false, ['metadata.namespace: Forbidden: not allowed on this type']],
    [
      'a namespace name must be a DNS label',
      makeMeta({ namespace: 'my.ns' }),
      true,
      ['metadata.namespace: Invalid value: "my.ns": must not contain dots'],
    ],
    ['generation may not be negative', makeMeta({ generation: -1 }), true, ['metadata.generation: Invalid value: -1: must be greater than or equal to 0']],
    [
      'label keys are qualified names and values label values',
      makeMeta({ labels: { 'app/name/x': 'a', tier: 'front end' } }),
      true,
      [
        "metadata.labels: Invalid value: \"app/name/x\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        "metadata.labels: Invalid value: \"front end\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
    ['annotation keys ignore case', makeMeta({ annotations: { 'Example.COM/Note': 'x' } }), true, []],
    [
      'annotations may not exceed 256 KiB in total',
      makeMeta({ annotations: { big: 'x'.repeat(262142) } }),
      true,
      ['metadata.annotations: Too long: must have at most 262144 bytes'],
    ],
    [
      'owner references need apiVersion, kind, name and uid',
      makeMeta({ ownerReferences: [{ apiVersion: '', kind: '', name: '', uid: '' }] }),
      true,
      [
        'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
        'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
        'metadata.ownerReferences.name: Invalid value: "": must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
      ],
    ],
    [
      'only one owner may be the controller',
      makeMeta({ ownerReferences: [{ ...owner, controller: true }, { ...owner, name: 'rs2', controller: true }] }),
      true,
      [
        'metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"rs", UID:"u1", Controller:(*bool)(0xc000a1e0b8), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"rs2", UID:"u1", Controller:(*bool)(0xc000a1e0b8), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and ReplicaSet/rs2',
      ],
    ],
    [
      'an unqualified finalizer must be a standard one',
      makeMeta({ finalizers: ['kubernetes', 'cleanup', 'example.com/cleanup'] }),
      true,
      ['metadata.finalizers[1]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'],
    ],
    [
      'orphan and foregroundDeletion exclude each other',
      makeMeta({ finalizers: ['orphan', 'foregroundDeletion'] }),
      true,
      ['metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set'],
    ],
    [
      'a finalizer must be a qualified name (reported at the list)',
      makeMeta({ finalizers: ['example.com/'] }),
      true,
      ['metadata.finalizers: Invalid value: "example.com/": name part must be non-empty', `metadata.finalizers: Invalid value: "example.com/": ${qualifiedNameMsg}`],
    ],
  ] as [string, ObjectMeta, boolean, string[]][])('%s', (_n, meta, namespaced, expected) => {
    expect(validateObjectMeta(meta, namespaced, nameIsDNSSubdomain).map(String)).toEqual(expected);
  });

  test('Service names are DNS-1035 labels', () => {
    expect(validateObjectMeta(makeMeta({ name: '8080-svc' }), true, nameIsDNS1035Label).map(String)).toEqual([
      "metadata.name: Invalid value: \"8080-svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const stored = makeMeta({ uid: 'u1', resourceVersion: '7', creationTimestamp: '2024-01-02T03:04:05Z', generation: 2 });
  test.each([
    ['an update that keeps identity is valid', { ...stored, labels: { a: 'b' } }, stored, []],
    ['the name is immutable', { ...stored, name: 'web2' }, stored, ['metadata.name: Invalid value: "web2": field is immutable']],
    ['the namespace is immutable', { ...stored, namespace: 'prod' }, stored, ['metadata.namespace: Invalid value: "prod": field is immutable']],
    ['the uid is immutable', { ...stored, uid: 'u2' }, stored, ['metadata.uid: Invalid value: "u2": field is immutable']],
    [
      'the creation timestamp is immutable',
      { ...stored, creationTimestamp: '2025-01-01T00:00:00Z' },
      stored,
      ['metadata.creationTimestamp: Invalid value: 2025-01-01 00:00:00 +0000 UTC: field is immutable'],
    ],
    ['a resourceVersion is required', { ...stored, resourceVersion: '' }, stored, ['metadata.resourceVersion: Invalid value: "": must be specified for an update']],
    ['generation may not go back', { ...stored, generation: 1 }, stored, ['metadata.generation: Invalid value: 1: must not be decremented']],
    [
      'no finalizer may be added while deleting',
      { ...stored, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['example.com/a'] },
      { ...stored, deletionTimestamp: '2024-02-01T00:00:00Z' },
      ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/a"}'],
    ],
  ] as [string, ObjectMeta, ObjectMeta, string[]][])('%s', (_n, cur, old, expected) => {
    expect(validateObjectMetaUpdate(cur, old).map(String)).toEqual(expected);
  });
});

describe('validateTemplateObjectMeta', () => {
  test('a claim template may set only labels and annotations', () => {
    const p = FieldPath.root('spec', 'volumeClaimTemplate', 'metadata');
    expect(validateTemplateObjectMeta({ labels: { a: 'b' } }, p).map(String)).toEqual([]);
    expect(validateTemplateObjectMeta({ name: 'x', namespace: 'y' }, p).map(String)).toEqual([
      'spec.volumeClaimTemplate.metadata.name: Forbidden: cannot be set',
      'spec.volumeClaimTemplate.metadata.namespace: Forbidden: cannot be set',
    ]);
  });
});
