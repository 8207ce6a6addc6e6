import { definitionFor, getDefinition, REF_PREFIX, resolveField, schemaDocument, valueDefinitionName } from './schema.js';

const kinds: readonly [group: string, version: string, kind: string, definition: string][] = [
  ['', 'v1', 'Namespace', 'io.k8s.api.core.v1.Namespace'],
  ['', 'v1', 'Node', 'io.k8s.api.core.v1.Node'],
  ['', 'v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
  ['', 'v1', 'Service', 'io.k8s.api.core.v1.Service'],
  ['', 'v1', 'Endpoints', 'io.k8s.api.core.v1.Endpoints'],
  ['', 'v1', 'ConfigMap', 'io.k8s.api.core.v1.ConfigMap'],
  ['', 'v1', 'Secret', 'io.k8s.api.core.v1.Secret'],
  ['', 'v1', 'ServiceAccount', 'io.k8s.api.core.v1.ServiceAccount'],
  ['', 'v1', 'Event', 'io.k8s.api.core.v1.Event'],
  ['', 'v1', 'PersistentVolume', 'io.k8s.api.core.v1.PersistentVolume'],
  ['', 'v1', 'PersistentVolumeClaim', 'io.k8s.api.core.v1.PersistentVolumeClaim'],
  ['', 'v1', 'ResourceQuota', 'io.k8s.api.core.v1.ResourceQuota'],
  ['', 'v1', 'LimitRange', 'io.k8s.api.core.v1.LimitRange'],
  ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
  ['apps', 'v1', 'ReplicaSet', 'io.k8s.api.apps.v1.ReplicaSet'],
  ['apps', 'v1', 'DaemonSet', 'io.k8s.api.apps.v1.DaemonSet'],
  ['apps', 'v1', 'StatefulSet', 'io.k8s.api.apps.v1.StatefulSet'],
  ['apps', 'v1', 'ControllerRevision', 'io.k8s.api.apps.v1.ControllerRevision'],
  ['batch', 'v1', 'Job', 'io.k8s.api.batch.v1.Job'],
  ['batch', 'v1', 'CronJob', 'io.k8s.api.batch.v1.CronJob'],
  ['autoscaling', 'v1', 'HorizontalPodAutoscaler', 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler'],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler'],
  ['coordination.k8s.io', 'v1', 'Lease', 'io.k8s.api.coordination.v1.Lease'],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'io.k8s.api.rbac.v1.Role'],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'io.k8s.api.rbac.v1.ClusterRole'],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'io.k8s.api.rbac.v1.RoleBinding'],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'io.k8s.api.rbac.v1.ClusterRoleBinding'],
  ['scheduling.k8s.io', 'v1', 'PriorityClass', 'io.k8s.api.scheduling.v1.PriorityClass'],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'io.k8s.api.discovery.v1.EndpointSlice'],
  ['networking.k8s.io', 'v1', 'Ingress', 'io.k8s.api.networking.v1.Ingress'],
  ['networking.k8s.io', 'v1', 'IngressClass', 'io.k8s.api.networking.v1.IngressClass'],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'io.k8s.api.networking.v1.NetworkPolicy'],
  ['storage.k8s.io', 'v1', 'StorageClass', 'io.k8s.api.storage.v1.StorageClass'],
  ['policy', 'v1', 'PodDisruptionBudget', 'io.k8s.api.policy.v1.PodDisruptionBudget'],
];

describe('the generated API schema', () => {
  it.each(kinds)('knows %s/%s %s by its upstream name, with a description of the kind and its fields', (group, version, kind, name) => {
    const found = definitionFor(group, version, kind);
    expect(found?.name).toBe(name);
    expect(found?.definition['x-kubernetes-group-version-kind']).toEqual([{ group, version, kind }]);
    expect(found?.definition.description).toMatch(/\w/);
    const metadata = found?.definition.properties?.['metadata'];
    expect(metadata).toMatchObject({ $ref: `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` });
    expect(metadata?.description).toMatch(/metadata/i);
  });

  it('finds no kind for a group, version or kind that does not exist', () => {
    expect(definitionFor('apps', 'v1', 'Pod')).toBeUndefined();
    expect(definitionFor('extensions', 'v1beta1', 'Deployment')).toBeUndefined();
    expect(definitionFor('', 'v1', 'Deployment')).toBeUndefined();
  });

  it('gives list kinds their own group, version and kind', () => {
    expect(definitionFor('apps', 'v1', 'DaemonSetList')?.name).toBe('io.k8s.api.apps.v1.DaemonSetList');
  });

  it.each([
    ['io.k8s.api.apps.v1.DeploymentSpec', 'replicas', { type: 'integer', format: 'int32' }],
    ['io.k8s.api.core.v1.PodSpec', 'terminationGracePeriodSeconds', { type: 'integer', format: 'int64' }],
    ['io.k8s.api.core.v1.PodSpec', 'activeDeadlineSeconds', { type: 'integer', format: 'int64' }],
    ['io.k8s.api.core.v1.PodSpec', 'priority', { type: 'integer', format: 'int32' }],
    ['io.k8s.api.core.v1.SecurityContext', 'runAsUser', { type: 'integer', format: 'int64' }],
    ['io.k8s.api.core.v1.PodSecurityContext', 'fsGroup', { type: 'integer', format: 'int64' }],
    ['io.k8s.api.core.v1.Toleration', 'tolerationSeconds', { type: 'integer', format: 'int64' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'generation', { type: 'integer', format: 'int64' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'deletionGracePeriodSeconds', { type: 'integer', format: 'int64' }],
    ['io.k8s.api.batch.v1.CronJobSpec', 'startingDeadlineSeconds', { type: 'integer', format: 'int64' }],
    ['io.k8s.api.apps.v1.DeploymentStatus', 'observedGeneration', { type: 'integer', format: 'int64' }],
    ['io.k8s.api.core.v1.ContainerPort', 'containerPort', { type: 'integer', format: 'int32' }],
    ['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', 'maximum', { type: 'number', format: 'double' }],
    ['io.k8s.api.core.v1.Secret', 'data', { type: 'object', additionalProperties: { type: 'string', format: 'byte' } }],
    ['io.k8s.api.core.v1.ContainerPort', 'protocol', { type: 'string', 'x-kubesim-go-type': 'v1.Protocol' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'labels', { type: 'object', additionalProperties: { type: 'string' } }],
    [
      'io.k8s.api.core.v1.ResourceRequirements',
      'limits',
      { type: 'object', additionalProperties: { $ref: `${REF_PREFIX}io.k8s.apimachinery.pkg.api.resource.Quantity` }, 'x-kubesim-go-type': 'v1.ResourceList' },
    ],
    ['io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge', { $ref: `${REF_PREFIX}io.k8s.apimachinery.pkg.util.intstr.IntOrString` }],
    ['io.k8s.api.core.v1.PodSpec', 'containers', { type: 'array', items: { $ref: `${REF_PREFIX}io.k8s.api.core.v1.Container` } }],
  ])('types %s.%s as upstream does', (definition, field, expected) => {
    expect(getDefinition(definition)?.properties?.[field]).toMatchObject(expected);
  });

  it.each([
    ['io.k8s.apimachinery.pkg.api.resource.Quantity', { oneOf: [{ type: 'string' }, { type: 'number' }] }],
    ['io.k8s.apimachinery.pkg.util.intstr.IntOrString', { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.Time', { type: 'string', format: 'date-time' }],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', { type: 'string', format: 'date-time' }],
    ['io.k8s.apimachinery.pkg.runtime.RawExtension', { type: 'object' }],
  ])('gives %s the JSON form of its custom marshalling, with a description', (name, expected) => {
    const definition = getDefinition(name);
    expect(definition).toMatchObject(expected);
    expect(definition?.description).toMatch(/\w/);
    expect(definition?.properties).toBeUndefined();
  });

  it('marks the fields kubernetes-types declares required and readonly', () => {
    expect(getDefinition('io.k8s.api.apps.v1.DaemonSetSpec')?.required).toEqual(['selector', 'template']);
    expect(getDefinition('io.k8s.api.apps.v1.DaemonSet')?.properties?.['status']?.readOnly).toBe(true);
    expect(getDefinition('io.k8s.api.apps.v1.DaemonSet')?.properties?.['spec']?.readOnly).toBeUndefined();
  });

  it('has the fields kubernetes-types 1.30 lacks and the v1.32 API has', () => {
    const props = (name: string) => Object.keys(getDefinition(name)?.properties ?? {});
    expect(props('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps')).toEqual(
      expect.arrayContaining(['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-validations']),
    );
    expect(props('io.k8s.api.admissionregistration.v1.RuleWithOperations')).toEqual(expect.arrayContaining(['resources', 'scope']));
    expect(props('io.k8s.api.authorization.v1.ResourceRule')).toEqual(expect.arrayContaining(['verbs', 'resources']));
    expect(props('io.k8s.api.core.v1.PodResourceClaim')).toEqual(['name', 'resourceClaimName', 'resourceClaimTemplateName']);
    expect(getDefinition('io.k8s.api.core.v1.ClaimSource')).toBeUndefined();
  });

  it('points every $ref at a definition it has', () => {
    const schemas = schemaDocument().components.schemas;
    const dangling: string[] = [];
    const visit = (where: string, p: { $ref?: string; items?: unknown; additionalProperties?: unknown } | undefined) => {
      if (!p) return;
      if (p.$ref !== undefined && !(p.$ref.slice(REF_PREFIX.length) in schemas)) dangling.push(`${where} -> ${p.$ref}`);
      visit(where, p.items as never);
      visit(where, p.additionalProperties as never);
    };
    for (const [name, definition] of Object.entries(schemas)) {
      for (const [field, property] of Object.entries(definition.properties ?? {})) visit(`${name}.${field}`, property);
    }
    expect(dangling).toEqual([]);
  });

  it('finds a definition by $ref as well as by name', () => {
    expect(getDefinition(`${REF_PREFIX}io.k8s.api.core.v1.Pod`)).toBe(getDefinition('io.k8s.api.core.v1.Pod'));
    expect(getDefinition('io.k8s.api.core.v1.Nope')).toBeUndefined();
  });
});

describe('resolveField', () => {
  it('walks through arrays to the definition of their items, as kubectl explain pods.spec.containers.ports does', () => {
    const field = resolveField('io.k8s.api.core.v1.Pod', ['spec', 'containers', 'ports']);
    expect(field?.parentName).toBe('io.k8s.api.core.v1.Container');
    expect(field?.definitionName).toBe('io.k8s.api.core.v1.ContainerPort');
    expect(field?.property.description).toMatch(/ports to expose/i);
  });

  it('walks through maps to the definition of their values', () => {
    const field = resolveField('io.k8s.api.core.v1.Pod', ['spec', 'containers', 'resources', 'limits']);
    expect(field?.definitionName).toBe('io.k8s.apimachinery.pkg.api.resource.Quantity');
    expect(field?.parentName).toBe('io.k8s.api.core.v1.ResourceRequirements');
  });

  it('stops at a scalar field, which has no definition', () => {
    const field = resolveField('io.k8s.api.apps.v1.Deployment', ['spec', 'replicas']);
    expect(field?.definitionName).toBeUndefined();
    expect(field?.property).toMatchObject({ type: 'integer', format: 'int32' });
  });

  it.each([
    [['spec', 'slector']],
    [['spec', 'replicas', 'value']],
    [['Spec']],
  ])('finds nothing down a path naming no field: %j', (path) => {
    expect(resolveField('io.k8s.api.apps.v1.Deployment', path)).toBeUndefined();
  });

  it('names what an array or map holds', () => {
    expect(valueDefinitionName({ type: 'array', items: { $ref: `${REF_PREFIX}io.k8s.api.core.v1.Container` } })).toBe('io.k8s.api.core.v1.Container');
    expect(valueDefinitionName({ type: 'array', items: { type: 'string' } })).toBeUndefined();
  });
});
