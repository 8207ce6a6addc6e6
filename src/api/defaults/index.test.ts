import type { KubeObject } from '../object.js';
import { applyDefaults } from './index.js';

const defaulted = (o: KubeObject): KubeObject => {
  const copy = structuredClone(o);
  applyDefaults(copy);
  return copy;
};

describe('applyDefaults for the remaining groups', () => {
  it.each<[string, KubeObject, KubeObject]>([
    [
      'an autoscaling/v2 HPA gets minReplicas 1, the implicit 80% cpu target and its always-written status, with behavior left unset',
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 } },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          maxReplicas: 5,
          minReplicas: 1,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        },
        status: { currentMetrics: null, desiredReplicas: 0 },
      },
    ],
    [
      'a network policy without types is an Ingress policy, its ports TCP and its selector written',
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { ingress: [{ ports: [{ port: 80 }] }] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }], policyTypes: ['Ingress'] } },
    ],
    [
      'a network policy with egress rules is also an Egress policy',
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: { matchLabels: { a: 'b' } }, egress: [{}] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np' }, spec: { podSelector: { matchLabels: { a: 'b' } }, egress: [{}], policyTypes: ['Ingress', 'Egress'] } },
    ],
    [
      'an ingress keeps its path types as written and gets an empty load balancer status',
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] }, status: { loadBalancer: {} } },
    ],
    [
      'ingress class parameters are cluster-scoped by default',
      { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { kind: 'X', name: 'y' } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx', parameters: { kind: 'X', name: 'y', scope: 'Cluster' } } },
    ],
    [
      'a role binding gets the RBAC api group on its role ref and user subjects, none on service accounts',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'b' },
        roleRef: { kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'default' }, { kind: 'User', name: 'jane' }, { kind: 'Group', name: 'devs' }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'b' },
        roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
        subjects: [
          { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
          { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
          { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
        ],
      },
    ],
    [
      'a role without rules writes rules: null',
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' }, rules: null },
    ],
    [
      'a pod disruption budget writes its zero counters',
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1, selector: { matchLabels: { a: 'b' } } } },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'p' },
        spec: { minAvailable: 1, selector: { matchLabels: { a: 'b' } } },
        status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
      },
    ],
    [
      'a storage class deletes its volumes and binds immediately',
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path' },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' },
    ],
    [
      'a priority class preempts lower priorities',
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'PreemptLowerPriority' },
    ],
    [
      'endpoint slice ports get an empty name and TCP, endpoints their conditions',
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'e' },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['10.0.0.1'], conditions: {} }],
        ports: [{ port: 80, name: '', protocol: 'TCP' }],
      },
    ],
    [
      'an endpoint slice without endpoints or ports writes them as null',
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, addressType: 'IPv4' },
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, addressType: 'IPv4', endpoints: null, ports: null },
    ],
    [
      'a lease writes its empty spec',
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' } },
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: {} },
    ],
    [
      'a controller revision is untouched',
      { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1 },
      { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1 },
    ],
    [
      'an unknown kind is untouched',
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} },
    ],
    [
      'an unknown kind of a known group is untouched',
      { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'b' } },
      { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'b' } },
    ],
  ])('%s', (_name, input, want) => {
    expect(defaulted(input)).toEqual(want);
  });

  it('an HPA behavior fills both directions from upstream defaults, keeping what the user set', () => {
    const hpa = defaulted({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { maxReplicas: 3, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } }, metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1000m' } } }] },
    });
    expect(hpa.spec).toEqual({
      maxReplicas: 3,
      minReplicas: 1,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
      metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '1' } } }],
    });
  });

  it('an autoscaling/v1 HPA gets minReplicas 1 and its v1 status counters', () => {
    const hpa = defaulted({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 3 } });
    expect(hpa).toEqual({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { maxReplicas: 3, minReplicas: 1 }, status: { currentReplicas: 0, desiredReplicas: 0 } });
  });

  it('objects without an apiVersion or kind are left alone', () => {
    const o = { metadata: {} } as unknown as KubeObject;
    applyDefaults(o);
    expect(o).toEqual({ metadata: {} });
  });
});
