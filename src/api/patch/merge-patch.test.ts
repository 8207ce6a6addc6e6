import { marshalGoJSON } from './go-json.js';
import {
  applyMergePatch,
  createMergePatch,
  createThreeWayMergePatch,
  MergePatchError,
  requireKeyUnchanged,
  requireMetadataKeyUnchanged,
} from './merge-patch.js';

describe('applying a JSON merge patch', () => {
  // RFC 7386 appendix A and evanphx/json-patch v4.12's own cases (nulls inside arrays are kept since v4.11).
  it.each([
    ['a changed member is replaced', '{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
    ['a new member is added', '{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
    ['null removes a member', '{"a":"b"}', '{"a":null}', '{}'],
    ['null removes only the member it names', '{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
    ['a scalar replaces an array', '{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
    ['an array replaces a scalar', '{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
    ['objects merge recursively', '{"a":{"b":"c"}}', '{"a":{"b":"d","c":null}}', '{"a":{"b":"d"}}'],
    ['arrays are replaced whole, never merged', '{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
    ['an array patch replaces an array document', '["a","b"]', '["c","d"]', '["c","d"]'],
    ['an array patch replaces an object document', '{"a":"b"}', '["c"]', '["c"]'],
    ['a null already in the document stays', '{"e":null}', '{"a":1}', '{"e":null,"a":1}'],
    ['an object patch on an array document drops its nulls', '[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
    ['nulls are dropped from objects the patch adds', '{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
    ['nulls inside an added array stay, nulls in its objects go', '{"a":"foo"}', '{"b":[3,null,{"x":null}]}', '{"a":"foo","b":[3,null,{}]}'],
    ['an array patch keeps its null items', '[1,2]', '[1,null,3]', '[1,null,3]'],
    ['a member that was null is replaced by the patch value without its nulls', '{"a":null}', '{"a":{"b":1,"c":null}}', '{"a":{"b":1}}'],
    ['kubectl scale sets replicas and leaves the rest', '{"spec":{"replicas":2,"selector":{"app":"x"}}}', '{"spec":{"replicas":4}}', '{"spec":{"replicas":4,"selector":{"app":"x"}}}'],
  ])('%s', (_name, doc, patch, expected) => {
    expect(applyMergePatch(JSON.parse(doc), JSON.parse(patch))).toEqual(JSON.parse(expected));
  });

  it.each([
    ['a null patch is a bad patch (400)', '{"a":"foo"}', 'null', 'Invalid JSON Patch', 400],
    ['a scalar patch is a bad patch (400)', '{"a":"foo"}', '"bar"', 'Invalid JSON Patch', 400],
    ['a null document is a bad document', 'null', '{"a":1}', 'Invalid JSON Document', 500],
  ])('%s', (_name, doc, patch, message, code) => {
    const run = () => applyMergePatch(JSON.parse(doc), JSON.parse(patch));
    expect(run).toThrow(MergePatchError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as MergePatchError).code).toBe(code);
    }
  });

  it('does not change the document or the patch', () => {
    const doc = { a: { b: 1, c: 2 } };
    const patch = { a: { b: null, d: { e: null } } };
    applyMergePatch(doc, patch);
    expect(doc).toEqual({ a: { b: 1, c: 2 } });
    expect(patch).toEqual({ a: { b: null, d: { e: null } } });
  });
});

describe('computing a JSON merge patch', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: {} as Record<string, string> },
    spec: { replicas: 2 },
  };
  const labelled = (labels: Record<string, string>) => ({ ...deployment, metadata: { ...deployment.metadata, labels } });

  // Bodies recorded from kubectl 1.32 (label, annotate and scale send merge patches).
  it.each([
    ['kubectl label adds a label', deployment, labelled({ app: 'web', team: 'blue' }), '{"metadata":{"labels":{"team":"blue"}}}'],
    ['kubectl label with a trailing dash removes it as null', deployment, labelled({}), '{"metadata":{"labels":{"app":null}}}'],
    ['kubectl label --overwrite changes it', deployment, labelled({ app: 'api' }), '{"metadata":{"labels":{"app":"api"}}}'],
    [
      'kubectl annotate escapes & as Go does',
      deployment,
      { ...deployment, metadata: { ...deployment.metadata, annotations: { note: 'a&b' } } },
      '{"metadata":{"annotations":{"note":"a\\u0026b"}}}',
    ],
    ['kubectl scale sends only replicas', { spec: { replicas: 2 } }, { spec: { replicas: 4 } }, '{"spec":{"replicas":4}}'],
  ])('%s', (_name, before, after, body) => {
    expect(marshalGoJSON(createMergePatch(before, after))).toBe(body);
  });

  // evanphx/json-patch's CreateMergePatch cases.
  it.each([
    ['a changed nested member is sent, unchanged ones are not', '{"title":"hello","nested":{"one":1,"two":2}}', '{"title":"goodbye","nested":{"one":2,"two":2}}', '{"nested":{"one":2},"title":"goodbye"}'],
    ['a changed array is sent whole', '{"title":"hello","array":["one","two"],"notmatch":[1,2,3]}', '{"title":"hello","array":["one","two","three"],"notmatch":[1,2,3]}', '{"array":["one","two","three"]}'],
    ['a removed nested member is sent as null', '{"title":"hello","nested":{"one":1,"two":2}}', '{"title":"hello","nested":{"one":1}}', '{"nested":{"two":null}}'],
    ['a null replaced by an empty array sends the array', '{"array":null}', '{"array":[]}', '{"array":[]}'],
    ['identical documents give an empty patch', '{"hello":"world","t":true,"n":null,"i":123,"pi":3.1416,"a":[1,2],"o":{"a":[{"b":2}]}}', '{"hello":"world","t":true,"n":null,"i":123,"pi":3.1416,"a":[1,2],"o":{"a":[{"b":2}]}}', '{}'],
    ['everything removed is sent as nulls', '{"hello":"world","n":null,"nested":{"a":1}}', '{}', '{"hello":null,"n":null,"nested":null}'],
  ])('%s', (_name, a, b, expected) => {
    expect(marshalGoJSON(createMergePatch(JSON.parse(a), JSON.parse(b)))).toBe(expected);
  });

  it('refuses an object and an array', () => {
    expect(() => createMergePatch({}, [])).toThrow('Mismatched JSON Documents');
  });

  it('turns the original into the modified document when applied', () => {
    const a = { x: 1, y: { z: [1, 2], w: 'q' }, gone: true };
    const b = { x: 2, y: { z: [3], v: null }, added: { deep: 1 } };
    expect(applyMergePatch(a, createMergePatch(a, b))).toEqual({ x: 2, y: { z: [3] }, added: { deep: 1 } });
  });
});

describe('the three-way JSON merge patch kubectl apply sends for custom resources', () => {
  const preconditions = [requireKeyUnchanged('apiVersion'), requireKeyUnchanged('kind'), requireMetadataKeyUnchanged('name')];
  it.each([
    [
      'a field removed from the file since the last apply is deleted',
      { spec: { size: 1, colour: 'red' } },
      { spec: { size: 1 } },
      { spec: { size: 1, colour: 'red', status: 'x' } },
      { spec: { colour: null } },
    ],
    ['a field set by someone else and never applied is kept', { spec: { size: 1 } }, { spec: { size: 1 } }, { spec: { size: 1, extra: true } }, {}],
    ['the file wins over a change made on the live object', { spec: { size: 1 } }, { spec: { size: 1 } }, { spec: { size: 5 } }, { spec: { size: 1 } }],
    ['an added field is sent', {}, { spec: { size: 2 } }, { spec: {} }, { spec: { size: 2 } }],
  ])('%s', (_name, original, modified, current, expected) => {
    expect(createThreeWayMergePatch(original, modified, current, preconditions)).toEqual(expected);
  });

  it('refuses to change the name', () => {
    expect(() =>
      createThreeWayMergePatch({ metadata: { name: 'a' } }, { metadata: { name: 'b' } }, { metadata: { name: 'a' } }, preconditions),
    ).toThrow('precondition failed for: map[metadata:map[name:b]]');
  });
});
