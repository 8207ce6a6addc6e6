import type { KubeObject } from '../object.js';
import { validateControllerRevision, validateControllerRevisionUpdate } from './controller-revision.js';

/** A ControllerRevision holding a DaemonSet template patch. */
const makeRevision = (data: unknown = { spec: { template: { $patch: 'replace' } } }, revision = 1): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  metadata: { name: 'agent-6d4cf56db6', namespace: 'kube-system', resourceVersion: '1' },
  data,
  revision,
});

describe('validateControllerRevision', () => {
  it.each<[string, KubeObject, string[]]>([
    ['a revision with data is valid', makeRevision(), []],
    ['data is mandatory', makeRevision(null), ['data: Required value: data is mandatory']],
    ['the revision number may not be negative', makeRevision(undefined, -1), ['revision: Invalid value: -1: must be greater than or equal to 0']],
  ])('%s', (_name, obj, expected) => {
    expect(validateControllerRevision(obj).map(String)).toEqual(expected);
  });
});

describe('validateControllerRevisionUpdate', () => {
  it('an unchanged revision (new labels only) is fine', () => {
    const cur = makeRevision();
    cur.metadata.labels = { app: 'agent' };
    expect(validateControllerRevisionUpdate(cur, makeRevision()).map(String)).toEqual([]);
  });

  it('rewriting data is rejected, printing the raw JSON bytes as upstream does', () => {
    expect(validateControllerRevisionUpdate(makeRevision({ a: 1 }), makeRevision()).map(String)).toEqual([
      'data: Invalid value: runtime.Unknown{TypeMeta:runtime.TypeMeta{APIVersion:"", Kind:""}, Raw:[]byte{0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d}, ContentEncoding:"", ContentType:"application/json"}: field is immutable',
    ]);
  });
});
