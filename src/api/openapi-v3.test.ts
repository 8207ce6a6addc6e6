import { openApiV3Document, openApiV3Index, servedSchema } from './openapi-v3.js';

describe('servedSchema', () => {
  it.each([
    ['a described reference moves into allOf', { description: 'd', $ref: '#/x' }, { description: 'd', allOf: [{ $ref: '#/x' }] }],
    ['a bare reference stays', { $ref: '#/x' }, { $ref: '#/x' }],
    ['kubesim notes are dropped', { type: 'string', 'x-kubesim-go-type': 'v1.Protocol' }, { type: 'string' }],
    [
      'properties, items and map values are shaped too',
      { properties: { a: { description: 'a', $ref: '#/a' } }, items: { readOnly: true, $ref: '#/i' }, additionalProperties: { $ref: '#/v' } },
      { properties: { a: { description: 'a', allOf: [{ $ref: '#/a' }] } }, items: { readOnly: true, allOf: [{ $ref: '#/i' }] }, additionalProperties: { $ref: '#/v' } },
    ],
  ])('%s', (_name, stored, served) => {
    expect(servedSchema(stored)).toEqual(served);
  });
});

describe('openApiV3Index', () => {
  it('lists each served group-version once, where its document is', () => {
    const index = openApiV3Index(undefined, (path) => `H-${path}`);
    expect(index.paths['api/v1']).toEqual({ serverRelativeURL: '/openapi/v3/api/v1?hash=H-api/v1' });
    expect(Object.keys(index.paths)).toEqual(expect.arrayContaining(['apis/apps/v1', 'apis/autoscaling/v2', 'apis/autoscaling/v1', 'apis/rbac.authorization.k8s.io/v1']));
    expect(index.paths['apis/apps/v2']).toBeUndefined();
  });
});

describe('openApiV3Document', () => {
  it('names a namespaced resource\'s operations and their kind as the API server does', () => {
    const doc = openApiV3Document('rbac.authorization.k8s.io', 'v1');
    const collection = doc.paths['/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings']!;
    expect(collection.get!.operationId).toBe('listRbacAuthorizationV1NamespacedRoleBinding');
    expect(collection.delete!.operationId).toBe('deleteRbacAuthorizationV1CollectionNamespacedRoleBinding');
    expect(collection.get!['x-kubernetes-group-version-kind']).toEqual({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', version: 'v1' });
    expect(doc.paths['/apis/rbac.authorization.k8s.io/v1/rolebindings']!.get!.operationId).toBe('listRbacAuthorizationV1RoleBindingForAllNamespaces');
  });

  it('a cluster-scoped resource has no namespace in its paths', () => {
    const doc = openApiV3Document('', 'v1');
    expect(doc.paths['/api/v1/nodes/{name}']!.get!.operationId).toBe('readCoreV1Node');
    expect(doc.paths['/api/v1/namespaces/{namespace}/nodes']).toBeUndefined();
  });

  it('holds the definitions its operations reach, and no others', () => {
    const schemas = openApiV3Document('apps', 'v1').components.schemas;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['io.k8s.api.apps.v1.Deployment', 'io.k8s.api.apps.v1.DeploymentList', 'io.k8s.api.core.v1.PodSpec', 'io.k8s.apimachinery.pkg.apis.meta.v1.Status']));
    expect(schemas['io.k8s.api.core.v1.Pod']).toBeUndefined();
    expect(schemas['io.k8s.api.apps.v1.Deployment']!.properties!.spec).toEqual({ description: expect.any(String), allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }] });
  });

  it('a version the kind is not served in has no paths', () => {
    expect(openApiV3Document('apps', 'v2').paths).toEqual({});
  });
});
