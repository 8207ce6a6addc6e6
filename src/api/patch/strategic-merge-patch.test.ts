import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { extractRetainKeysPatchStrategy, deduplicateScalars, sliceElementType, sortMapsBasedOnField, sortScalars } from './element-order.js';
import { isJsonObject, type JsonObject } from './json-value.js';
import { definitionsFieldTypes, patchMetaForDefinition, patchMetaForKind, type FieldPatchMeta, type LookupPatchMeta, type SchemaObject } from './patch-meta.js';
import { createThreeWayMergePatch, createTwoWayMergePatch, StrategicMergePatchConflictError } from './strategic-merge-diff.js';
import { StrategicMergePatchError } from './strategic-merge-errors.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/definitions/${name}` });
const listOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };

const definitions: Record<string, SchemaObject> = {
  mergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      mergingList: listOf(ref('mergeItem')),
      nonMergingList: listOf(ref('mergeItem')),
      mergingIntList: listOf(int),
      nonMergingIntList: listOf(int),
      mergeItemPtr: listOf(ref('mergeItem')),
      simpleMap: { type: 'object', additionalProperties: str },
      replacingItem: ref('rawExtension'),
      jsonItem: ref('jsonItem'),
      retainKeysMap: ref('retainKeysMergeItem'),
      retainKeysMergingList: listOf(ref('mergeItem')),
    },
  },
  retainKeysMergeItem: {
    type: 'object',
    properties: {
      name: str,
      value: str,
      other: str,
      simpleMap: { type: 'object', additionalProperties: str },
      mergingIntList: listOf(int),
      mergingList: listOf(ref('mergeItem')),
      nonMergingList: listOf(ref('mergeItem')),
    },
  },
  /** runtime.RawExtension: free-form JSON. */
  rawExtension: { type: 'object' },
  /** A struct whose only Go field has no JSON name the fixtures use: any nested lookup fails. */
  jsonItem: { type: 'object', properties: { Raw: str } },
};

const table: Record<string, FieldPatchMeta> = {
  'mergeItem.mergingList': { strategy: 'merge', mergeKey: 'name' },
  'mergeItem.mergingIntList': { strategy: 'merge' },
  'mergeItem.mergeItemPtr': { strategy: 'merge', mergeKey: 'name' },
  'mergeItem.replacingItem': { strategy: 'replace' },
  'mergeItem.retainKeysMap': { strategy: 'retainKeys' },
  'mergeItem.retainKeysMergingList': { strategy: 'merge,retainKeys', mergeKey: 'name' },
  'retainKeysMergeItem.mergingIntList': { strategy: 'merge' },
  'retainKeysMergeItem.mergingList': { strategy: 'merge', mergeKey: 'name' },
};

/** Upstream's MergeItem test type (strategicpatch/patch_test.go) as a schema, for the ported fixtures. */
const mergeItemSchema: LookupPatchMeta = patchMetaForDefinition(
  'mergeItem',
  definitionsFieldTypes((name) => definitions[name]),
  table,
);

interface Case {
  description: string;
  original?: JsonObject;
  modified?: JsonObject;
  current?: JsonObject;
  twoWay?: JsonObject;
  threeWay?: JsonObject;
  result?: JsonObject;
  twoWayResult?: JsonObject;
  expectedError?: string;
  sorted?: boolean;
}

const fixtures = (file: string) => load(readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8')) as Case[];
const rawCases = fixtures('strategic-merge-raw-cases.yaml');
const sortedCases = fixtures('strategic-merge-sorted-cases.yaml');
const applyCases = fixtures('strategic-merge-apply-cases.yaml');

/** sortMergeListsByName: merging lists sorted by merge key (scalars deduplicated), so list order stops mattering. */
function sortMergeLists(m: JsonObject, schema: LookupPatchMeta): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(m)) {
    if (k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList')) out[k] = sortScalars([...(v as unknown[])]);
    else if (k.startsWith('$setElementOrder') || k === '$patch') out[k] = v;
    else if (isJsonObject(v)) out[k] = sortMergeLists(v, schema.lookupForStruct(k).schema);
    else if (Array.isArray(v)) {
      const { schema: sub, meta } = schema.lookupForSlice(k);
      out[k] = extractRetainKeysPatchStrategy(meta.strategies).strategy === 'merge' ? sortMergeList(v, sub, meta.mergeKey) : v;
    } else out[k] = v;
  }
  return out;
}

function sortMergeList(s: unknown[], schema: LookupPatchMeta, mergeKey: string): unknown[] {
  if (s.length === 0) return s;
  if (sliceElementType(s) !== 'map') return sortScalars(deduplicateScalars(s));
  return sortMapsBasedOnField(
    s.map((e) => sortMergeLists(e as JsonObject, schema)),
    mergeKey,
  );
}

const sorted = (o: JsonObject | undefined) => (o ? sortMergeLists(o, mergeItemSchema) : o);

describe('strategic merge patch, upstream raw cases', () => {
  describe.each(rawCases.map((c) => [c.description, c] as const))('%s', (_name, c) => {
    it('computes the two-way patch and applying it to original gives the expected object', () => {
      const patch = createTwoWayMergePatch(c.original, c.modified, mergeItemSchema);
      expect(patch).toEqual(c.twoWay);
      expect(strategicMergePatch(c.original, patch, mergeItemSchema)).toEqual(c.twoWayResult ?? c.modified);
    });

    it('computes the three-way patch and applying it to current gives the result', () => {
      const patch = createThreeWayMergePatch(c.original, c.modified, c.current, mergeItemSchema);
      expect(patch).toEqual(c.threeWay);
      expect(strategicMergePatch(c.current, patch, mergeItemSchema)).toEqual(c.result);
    });

    const conflicts = c.description.includes('conflict');
    it(`${conflicts ? 'conflicts' : 'does not conflict'} when computed without overwrite`, () => {
      const compute = () => createThreeWayMergePatch(c.original, c.modified, c.current, mergeItemSchema, false);
      if (conflicts) expect(compute).toThrow(StrategicMergePatchConflictError);
      else expect(compute()).toEqual(c.threeWay);
    });
  });
});

describe('strategic merge patch, upstream cases compared with merging lists sorted', () => {
  describe.each(sortedCases.map((c) => [c.description, c] as const))('%s', (_name, c) => {
    it('computes the two-way patch and applying it to original gives the expected object', () => {
      const patch = createTwoWayMergePatch(sorted(c.original), sorted(c.modified), mergeItemSchema);
      expect(patch).toEqual(sorted(c.twoWay));
      expect(strategicMergePatch(sorted(c.original), patch, mergeItemSchema)).toEqual(sorted(c.twoWayResult ?? c.modified));
    });

    it('computes the three-way patch and applying it to current gives the result', () => {
      const patch = createThreeWayMergePatch(sorted(c.original), sorted(c.modified), sorted(c.current), mergeItemSchema);
      expect(patch).toEqual(sorted(c.threeWay));
      expect(strategicMergePatch(sorted(c.current), patch, mergeItemSchema)).toEqual(sorted(c.result));
    });

    const conflicts = c.description.includes('conflict');
    it(`${conflicts ? 'conflicts' : 'does not conflict'} when computed without overwrite`, () => {
      const compute = () => createThreeWayMergePatch(sorted(c.original), sorted(c.modified), sorted(c.current), mergeItemSchema, false);
      if (conflicts) expect(compute).toThrow(StrategicMergePatchConflictError);
      else expect(compute).not.toThrow();
    });
  });
});

describe('applying patches no client computes (upstream custom cases)', () => {
  it.each(applyCases.map((c) => [c.description, c] as const))('%s', (_name, c) => {
    const original = c.sorted ? sorted(c.original) : c.original;
    const patch = c.sorted ? sorted(c.twoWay) : c.twoWay;
    const apply = () => strategicMergePatch(original, patch, mergeItemSchema);
    if (c.expectedError) expect(apply).toThrow(c.expectedError);
    else expect(apply()).toEqual(c.sorted ? sorted(c.modified) : c.modified);
  });
});

describe('fields the schema does not know (upstream TestUnknownField)', () => {
  const cases: [string, { original: string; current: string; modified: string; twoWay?: string; twoWayResult?: string; threeWay?: string; threeWayResult?: string; error?: string }][] = [
    ['no difference gives empty patches', { original: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', current: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', modified: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', twoWay: '{}', twoWayResult: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', threeWay: '{}', threeWayResult: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}' }],
    ['a null added inside a new map is sent but not stored', { original: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', current: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', modified: '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{"key":null},"name":"foo","scalar":true}', twoWay: '{"complex_nullable":{"key":null}}', twoWayResult: '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{},"name":"foo","scalar":true}', threeWay: '{"complex_nullable":{"key":null}}', threeWayResult: '{"array":[1,2,3],"complex":{"nested":true},"complex_nullable":{},"name":"foo","scalar":true}' }],
    ['nested nulls are discarded and the rest added', { original: '{"name":"foo"}', current: '{"name":"foo"}', modified: '{"complex_nullable":{"key":{"keynotnull":"value","keynull":null}},"name":"foo"}', twoWay: '{"complex_nullable":{"key":{"keynotnull":"value","keynull":null}}}', twoWayResult: '{"complex_nullable":{"key":{"keynotnull":"value"}},"name":"foo"}', threeWay: '{"complex_nullable":{"key":{"keynotnull":"value","keynull":null}}}', threeWayResult: '{"complex_nullable":{"key":{"keynotnull":"value"}},"name":"foo"}' }],
    ['a new map of only nulls is stored empty', { original: '{}', current: '{}', modified: '{"complex":{"nested":null}}', twoWay: '{"complex":{"nested":null}}', twoWayResult: '{"complex":{}}', threeWay: '{"complex":{"nested":null}}', threeWayResult: '{"complex":{}}' }],
    ['null values already in the original are preserved', { original: '{"thing":null}', current: '{"thing":null}', modified: '{"nested":{"value":5},"thing":null}', twoWay: '{"nested":{"value":5}}', twoWayResult: '{"nested":{"value":5},"thing":null}', threeWay: '{"nested":{"value":5}}', threeWayResult: '{"nested":{"value":5},"thing":null}' }],
    ['nested null values already in the original are preserved', { original: '{"complex":{"key":null},"thing":null}', current: '{"complex":{"key":null},"thing":null}', modified: '{"complex":{"key":null},"nested":{"value":5},"thing":null}', twoWay: '{"nested":{"value":5}}', twoWayResult: '{"complex":{"key":null},"nested":{"value":5},"thing":null}', threeWay: '{"nested":{"value":5}}', threeWayResult: '{"complex":{"key":null},"nested":{"value":5},"thing":null}' }],
    ['an added empty list is kept', { original: '{"name":"foo"}', current: '{"name":"foo"}', modified: '{"complex_nullable":[],"name":"foo"}', twoWay: '{"complex_nullable":[]}', twoWayResult: '{"complex_nullable":[],"name":"foo"}', threeWay: '{"complex_nullable":[]}', threeWayResult: '{"complex_nullable":[],"name":"foo"}' }],
    ['nulls are filtered from maps inside added lists', { original: '{}', current: '{}', modified: '{"complex_nullable":[{"inner_one":{"key_one":"foo","key_two":null}}]}', twoWay: '{"complex_nullable":[{"inner_one":{"key_one":"foo","key_two":null}}]}', twoWayResult: '{"complex_nullable":[{"inner_one":{"key_one":"foo"}}]}', threeWay: '{"complex_nullable":[{"inner_one":{"key_one":"foo","key_two":null}}]}', threeWayResult: '{"complex_nullable":[{"inner_one":{"key_one":"foo"}}]}' }],
    ['null items of a list of scalars are kept', { original: '{}', current: '{}', modified: '{"complex_nullable":["key1",null,"key2"]}', twoWay: '{"complex_nullable":["key1",null,"key2"]}', twoWayResult: '{"complex_nullable":["key1",null,"key2"]}', threeWay: '{"complex_nullable":["key1",null,"key2"]}', threeWayResult: '{"complex_nullable":["key1",null,"key2"]}' }],
    ['fields only added', { original: '{"name":"foo"}', current: '{"name":"foo"}', modified: '{"name":"foo","scalar":true,"complex":{"nested":true},"array":[1,2,3]}', twoWay: '{"array":[1,2,3],"complex":{"nested":true},"scalar":true}', twoWayResult: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', threeWay: '{"array":[1,2,3],"complex":{"nested":true},"scalar":true}', threeWayResult: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}' }],
    ['fields only removed, and a field others set is kept', { original: '{"name":"foo","scalar":true,"complex":{"nested":true}}', current: '{"name":"foo","scalar":true,"complex":{"nested":true},"array":[1,2,3]}', modified: '{"name":"foo"}', twoWay: '{"complex":null,"scalar":null}', twoWayResult: '{"name":"foo"}', threeWay: '{"complex":null,"scalar":null}', threeWayResult: '{"array":[1,2,3],"name":"foo"}' }],
    ['a changed map the schema does not know cannot be diffed', { original: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', current: '{"array":[1,2,3],"complex":{"nested":true},"name":"foo","scalar":true}', modified: '{"array":[1,2,3],"complex":{"nested":false},"name":"foo","scalar":true}', error: 'unable to find api field in struct mergeItem for the json field "complex"' }],
    ['a change inside a struct with no such JSON field cannot be diffed', { original: '{"name":"foo","jsonItem":{"nested":{"nested2":{"nested3":{}}}}}', current: '{"name":"foo","jsonItem":{"nested":{"nested2":{"nested3":{}}}}}', modified: '{"name":"foo","jsonItem":{"nested":{"nested2":{"nested3":{"a":"b"}}}}}', error: 'unable to find api field in struct jsonItem for the json field "nested"' }],
  ];
  it.each(cases)('%s', (_name, c) => {
    const [original, current, modified] = [c.original, c.current, c.modified].map((s) => JSON.parse(s) as JsonObject);
    if (c.error) {
      expect(() => createTwoWayMergePatch(original, modified, mergeItemSchema)).toThrow(c.error);
      expect(() => createThreeWayMergePatch(original, modified, current, mergeItemSchema)).toThrow(c.error);
      return;
    }
    const twoWay = createTwoWayMergePatch(original, modified, mergeItemSchema);
    expect(twoWay).toEqual(JSON.parse(c.twoWay!));
    expect(strategicMergePatch(original, twoWay, mergeItemSchema)).toEqual(JSON.parse(c.twoWayResult!));
    const threeWay = createThreeWayMergePatch(original, modified, current, mergeItemSchema);
    expect(threeWay).toEqual(JSON.parse(c.threeWay!));
    expect(strategicMergePatch(current, threeWay, mergeItemSchema)).toEqual(JSON.parse(c.threeWayResult!));
  });
});

describe('numbers keep their value through a patch (upstream TestNumberConversion)', () => {
  const precisionItem = patchMetaForDefinition(
    'precisionItem',
    definitionsFieldTypes((n) =>
      n === 'precisionItem'
        ? { type: 'object', properties: { name: { type: 'string' }, int32: { type: 'integer' }, int64: { type: 'integer' }, float32: { type: 'number' }, float64: { type: 'number' } } }
        : undefined,
    ),
  );
  it.each([
    ['an empty object', '{}', '{}', '{}'],
    ['a medium int32', '{"int32":1000000}', '{"int32":1000000,"name":"newname"}', '{"name":"newname"}'],
    ['the largest int32', '{"int32":2147483647}', '{"int32":2147483647,"name":"newname"}', '{"name":"newname"}'],
    ['a medium int64', '{"int64":1000000}', '{"int64":1000000,"name":"newname"}', '{"name":"newname"}'],
    ['the largest float32', '{"float32":3.4028234663852886e+38}', '{"float32":3.4028234663852886e+38,"name":"newname"}', '{"name":"newname"}'],
    ['the largest float64', '{"float64":1.7976931348623157e+308}', '{"float64":1.7976931348623157e+308,"name":"newname"}', '{"name":"newname"}'],
  ])('%s', (_name, oldJSON, newJSON, expectedPatch) => {
    const patch = createTwoWayMergePatch(JSON.parse(oldJSON), JSON.parse(newJSON), precisionItem);
    expect(patch).toEqual(JSON.parse(expectedPatch));
    expect(strategicMergePatch(JSON.parse(oldJSON), patch, precisionItem)).toEqual(JSON.parse(newJSON));
  });
});

describe('errors carry the status code the API server answers with', () => {
  const cases: [string, unknown, unknown, string, number][] = [
    ['a merge list item without its merge key is a 500', { mergingList: [{ name: 1 }] }, { mergingList: [{ value: 'b' }] }, 'map: map[value:b] does not contain declared merge key: name', 500],
    ['an unknown $patch directive in a map is a 500', { simpleMap: { a: 'b' } }, { simpleMap: { $patch: 'nonsense' } }, 'unknown patch type: nonsense in map: map[$patch:nonsense]', 500],
    ['a merge directive in a list is not supported', { mergingList: [{ name: 1 }] }, { mergingList: [{ name: 1, $patch: 'merge' }] }, 'merging lists cannot yet be specified in the patch', 500],
    ['a malformed $retainKeys is a 400', { retainKeysMap: { name: 'a' } }, { retainKeysMap: { $retainKeys: 'name' } }, 'invalid patch format of retainKeys', 400],
    ['a patch key missing from $retainKeys is a 400', { retainKeysMap: { name: 'a' } }, { retainKeysMap: { $retainKeys: ['name'], value: 'b' } }, 'invalid patch format of retainKeys', 400],
    ['a list of lists is a 422', { mergingIntList: [[1]] }, { mergingIntList: [[2]] }, 'lists of lists are not supported', 422],
    ['a patch that is not an object is a 400', {}, [1], 'invalid JSON document', 400],
  ];
  it.each(cases)('%s', (_name, original, patch, message, code) => {
    let caught: unknown;
    try {
      strategicMergePatch(original, patch, mergeItemSchema);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StrategicMergePatchError);
    expect((caught as StrategicMergePatchError).message).toBe(message);
    expect((caught as StrategicMergePatchError).code).toBe(code);
  });
});

describe('patches are computed and applied without changing their inputs', () => {
  it('leaves original, modified and current as they were', () => {
    const original = { mergingIntList: [3, 1, 2], mergingList: [{ name: 'b' }, { name: 'a' }] };
    const modified = { mergingIntList: [2, 1], mergingList: [{ name: 'a', value: 'x' }] };
    const current = { mergingIntList: [3, 2, 1, 9], mergingList: [{ name: 'b' }, { name: 'a', other: 'y' }] };
    const copies = structuredClone([original, modified, current]);
    const patch = createThreeWayMergePatch(original, modified, current, mergeItemSchema);
    const patchCopy = structuredClone(patch);
    strategicMergePatch(current, patch, mergeItemSchema);
    createTwoWayMergePatch(original, modified, mergeItemSchema);
    expect([original, modified, current]).toEqual(copies);
    expect(patch).toEqual(patchCopy);
  });
});

describe('strategic merge patches on built-in kinds, as kubectl sends them', () => {
  const schemaOf = (group: string, version: string, kind: string) => patchMetaForKind({ group, version, kind })!;
  const pod = () => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', finalizers: ['a/keep', 'b/drop'], labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'web', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
        { name: 'log', image: 'busybox' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [{ key: 'a', operator: 'Exists' }],
    },
  });
  const deployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  });
  const containers = (o: JsonObject) => ((o['spec'] as JsonObject)['containers'] as JsonObject[]);

  it('kubectl set image changes one container by name and keeps the others', () => {
    const result = strategicMergePatch(pod(), { spec: { containers: [{ image: 'nginx:1.26', name: 'web' }] } }, schemaOf('', 'v1', 'Pod'));
    expect(containers(result).map((c) => [c['name'], c['image']])).toEqual([['web', 'nginx:1.26'], ['log', 'busybox']]);
    expect(containers(result)[0]!['env']).toEqual(pod().spec.containers[0]!.env);
  });

  it('$patch: delete removes a list item by its merge key', () => {
    const patch = { spec: { containers: [{ name: 'web', env: [{ name: 'A', $patch: 'delete' }] }] } };
    expect(containers(strategicMergePatch(pod(), patch, schemaOf('', 'v1', 'Pod')))[0]!['env']).toEqual([{ name: 'B', value: '2' }]);
  });

  it('$patch: replace in a list makes the patch the whole list', () => {
    const patch = { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } };
    expect(containers(strategicMergePatch(pod(), patch, schemaOf('', 'v1', 'Pod')))).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('$patch: replace in a map makes the patch the whole map', () => {
    const patch = { metadata: { labels: { tier: 'front', $patch: 'replace' } } };
    expect(strategicMergePatch(pod(), patch, schemaOf('', 'v1', 'Pod'))['metadata']).toMatchObject({ labels: { tier: 'front' } });
  });

  it('$patch: delete on a map empties it', () => {
    const patch = { metadata: { labels: { $patch: 'delete' } } };
    expect((strategicMergePatch(pod(), patch, schemaOf('', 'v1', 'Pod'))['metadata'] as JsonObject)['labels']).toEqual({});
  });

  it('$deleteFromPrimitiveList removes a finalizer and a plain list adds one as a set', () => {
    const patch = { metadata: { finalizers: ['c/new', 'a/keep'], '$deleteFromPrimitiveList/finalizers': ['b/drop'] } };
    expect((strategicMergePatch(pod(), patch, schemaOf('', 'v1', 'Pod'))['metadata'] as JsonObject)['finalizers']).toEqual(['c/new', 'a/keep']);
  });

  it('lists without a strategy (tolerations) are replaced whole', () => {
    const patch = { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } };
    expect((strategicMergePatch(pod(), patch, schemaOf('', 'v1', 'Pod'))['spec'] as JsonObject)['tolerations']).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  it('$retainKeys on a volume switches its source', () => {
    const patch = { spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] } };
    expect((strategicMergePatch(pod(), patch, schemaOf('', 'v1', 'Pod'))['spec'] as JsonObject)['volumes']).toEqual([{ name: 'data', configMap: { name: 'cm' } }]);
  });

  it('$retainKeys on the deployment strategy drops rollingUpdate when switching to Recreate', () => {
    const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
    expect((strategicMergePatch(deployment(), patch, schemaOf('apps', 'v1', 'Deployment'))['spec'] as JsonObject)['strategy']).toEqual({ type: 'Recreate' });
  });

  it('null deletes a field', () => {
    const result = strategicMergePatch(deployment(), { spec: { replicas: null } }, schemaOf('apps', 'v1', 'Deployment'));
    expect(result['spec']).not.toHaveProperty('replicas');
  });

  it('kubectl rollout restart adds the restartedAt annotation to the template', () => {
    const at = '2025-01-01T00:00:00Z';
    const result = strategicMergePatch(deployment(), { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } }, schemaOf('apps', 'v1', 'Deployment'));
    expect(((result['spec'] as JsonObject)['template'] as JsonObject)['metadata']).toEqual({ labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': at } });
  });

  it('kubectl edit of an image sends the container by name with its order', () => {
    const edited = deployment();
    edited.spec.template.spec.containers[0]!.image = 'nginx:1.26';
    expect(createTwoWayMergePatch(deployment(), edited, schemaOf('apps', 'v1', 'Deployment'))).toEqual({
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.26', name: 'web' }] } } },
    });
  });

  it('a patch for a field the kind lacks is kept (strict decoding rejects it later)', () => {
    expect(strategicMergePatch(deployment(), { spec: { bogus: 1 } }, schemaOf('apps', 'v1', 'Deployment'))['spec']).toMatchObject({ bogus: 1 });
  });
});

describe('keys that name members of JavaScript objects are plain data', () => {
  const configMap = patchMetaForKind({ group: '', version: 'v1', kind: 'ConfigMap' })!;
  it.each([
    ['constructor', { data: { constructor: 'x' } }],
    ['toString', { data: { toString: 'x' } }],
    ['__proto__', JSON.parse('{"data":{"__proto__":"x"}}') as JsonObject],
  ])('a data key named %s is added, diffed and deleted like any other', (key, patch) => {
    const base = { data: { a: '1' } };
    const added = strategicMergePatch(base, patch, configMap);
    expect(Object.keys(added['data'] as JsonObject).sort()).toEqual(['a', key].sort());
    expect(Object.getPrototypeOf(added['data'])).toBe(Object.prototype);
    expect(createTwoWayMergePatch(base, added, configMap)).toEqual(patch);
    const removed = createTwoWayMergePatch(added, base, configMap);
    expect(Object.keys(removed['data'] as JsonObject)).toEqual([key]);
    expect(strategicMergePatch(added, removed, configMap)).toEqual(base);
  });
});
