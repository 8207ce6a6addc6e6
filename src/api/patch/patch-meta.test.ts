import { getDefinition } from '../schema.js';
import {
  definitionsFieldTypes,
  PATCH_META_TABLE,
  patchMetaForKind,
  schemaFieldTypes,
  type LookupPatchMeta,
  type SchemaObject,
} from './patch-meta.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

/** Upstream tags on types newer than the generated schema (kubernetes-types 1.30) knows. */
const NOT_IN_GENERATED_SCHEMA = new Set([
  'io.k8s.api.core.v1.ContainerStatus.allocatedResourcesStatus',
  'io.k8s.api.resource.v1beta1.ResourceClaimStatus.reservedFor',
  'io.k8s.api.resource.v1alpha3.ResourceClaimStatus.reservedFor',
]);

const deployment = () => patchMetaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' })!;

/** Follows fields (into the items of lists on the way), then takes the last as a list or an object. */
function lookup(root: LookupPatchMeta, path: string[], asList: boolean) {
  let node = root;
  for (const step of path.slice(0, -1)) {
    const field = node.lookupForStruct(step).schema;
    node = field.name === 'slice' ? node.lookupForSlice(step).schema : field;
  }
  const last = path[path.length - 1]!;
  return asList ? node.lookupForSlice(last) : node.lookupForStruct(last);
}

describe('the patch strategy table', () => {
  it.each(Object.entries(PATCH_META_TABLE))('%s names a field of that shape in the API schema', (key, meta) => {
    const dot = key.lastIndexOf('.');
    const [defName, field] = [key.slice(0, dot), key.slice(dot + 1)];
    const shape = schemaFieldTypes.fieldType(defName, field);
    if (!shape) {
      expect(NOT_IN_GENERATED_SCHEMA.has(key)).toBe(true);
      return;
    }
    expect(NOT_IN_GENERATED_SCHEMA.has(key)).toBe(false);
    if (meta.strategy.startsWith('merge')) {
      expect(shape.kind).toBe('list');
      if (shape.kind !== 'list') return;
      if (meta.mergeKey) {
        expect(shape.items.kind).toBe('struct');
        if (shape.items.kind === 'struct') expect(getDefinition(shape.items.defName)?.properties?.[meta.mergeKey]).toBeDefined();
      } else {
        expect(shape.items.kind).toBe('scalar');
      }
    } else {
      expect(shape.kind).toBe('struct');
    }
  });
});

describe('navigating a kind to its fields', () => {
  it.each([
    ['containers merge by name', ['spec', 'template', 'spec', 'containers'], true, ['merge'], 'name'],
    ['container ports merge by containerPort', ['spec', 'template', 'spec', 'containers', 'ports'], true, ['merge'], 'containerPort'],
    ['volume mounts merge by mountPath', ['spec', 'template', 'spec', 'containers', 'volumeMounts'], true, ['merge'], 'mountPath'],
    ['volumes merge by name and retain keys', ['spec', 'template', 'spec', 'volumes'], true, ['merge', 'retainKeys'], 'name'],
    ['tolerations are replaced whole', ['spec', 'template', 'spec', 'tolerations'], true, [], ''],
    ['container args are replaced whole', ['spec', 'template', 'spec', 'containers', 'args'], true, [], ''],
    ['finalizers merge as a set', ['metadata', 'finalizers'], true, ['merge'], ''],
    ['owner references merge by uid', ['metadata', 'ownerReferences'], true, ['merge'], 'uid'],
    ['the rollout strategy retains only the keys sent', ['spec', 'strategy'], false, ['retainKeys'], ''],
    ['labels are a plain map', ['metadata', 'labels'], false, [], ''],
    ['a key inside labels has no strategy', ['metadata', 'labels', 'app'], false, [], ''],
    ['a resource quantity under limits has no strategy', ['spec', 'template', 'spec', 'containers', 'resources', 'limits', 'cpu'], false, [], ''],
    ['status conditions merge by type', ['status', 'conditions'], true, ['merge'], 'type'],
  ])('%s', (_name, path, asList, strategies, mergeKey) => {
    const { meta } = lookup(deployment(), path, asList);
    expect(meta.strategies).toEqual(strategies);
    expect(meta.mergeKey).toBe(mergeKey);
  });

  it('says which field a struct lacks, as upstream does', () => {
    expect(() => lookup(deployment(), ['spec', 'templat'], false)).toThrow('unable to find api field in struct DeploymentSpec for the json field "templat"');
  });

  it('refuses to take a scalar field as a list', () => {
    expect(() => lookup(deployment(), ['spec', 'replicas'], true)).toThrow('expected slice or array type, but got: struct');
  });

  it('has no strategic merge metadata for a custom resource', () => {
    expect(patchMetaForKind({ group: 'example.com', version: 'v1', kind: 'Widget' })).toBeUndefined();
  });

  it('merges free-form JSON like a map without failing', () => {
    const schema = patchMetaForKind({ group: 'apps', version: 'v1', kind: 'ControllerRevision' })!;
    const result = strategicMergePatch({ data: { spec: { a: 1, list: [1, 2] } } }, { data: { spec: { b: 2, list: [3] } } }, schema);
    expect(result).toEqual({ data: { spec: { a: 1, b: 2, list: [3] } } });
  });
});

describe('reading shapes from OpenAPI definitions', () => {
  const defs: Record<string, SchemaObject> = {
    'x.Thing': {
      type: 'object',
      properties: {
        name: { type: 'string' },
        items: { type: 'array', items: { $ref: '#/components/schemas/x.Item' } },
        byName: { type: 'object', additionalProperties: { $ref: '#/components/schemas/x.Item' } },
        wrapped: { allOf: [{ $ref: '#/components/schemas/x.Item' }] },
        quantity: { $ref: '#/components/schemas/x.Quantity' },
        raw: { $ref: '#/components/schemas/x.Raw' },
        anything: {},
      },
    },
    'x.Item': { type: 'object', properties: { id: { type: 'string' } } },
    'x.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
    'x.Raw': { type: 'object' },
  };
  const types = definitionsFieldTypes((n) => defs[n]);
  it.each([
    ['a string is a scalar', 'name', { kind: 'scalar' }],
    ['an array of references is a list of structs', 'items', { kind: 'list', items: { kind: 'struct', defName: 'x.Item' } }],
    ['additionalProperties is a map', 'byName', { kind: 'map', values: { kind: 'struct', defName: 'x.Item' } }],
    ['a reference inside allOf is followed', 'wrapped', { kind: 'struct', defName: 'x.Item' }],
    ['a oneOf definition is a scalar', 'quantity', { kind: 'scalar' }],
    ['an object without properties is free-form', 'raw', { kind: 'opaque' }],
    ['a schema without a type is free-form', 'anything', { kind: 'opaque' }],
    ['a field the definition lacks has no shape', 'nope', undefined],
  ])('%s', (_name, field, shape) => {
    expect(types.fieldType('x.Thing', field)).toEqual(shape);
  });
});
