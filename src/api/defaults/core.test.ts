import type { KubeObject } from '../object.js';
import { defaultServiceIPFamilies } from './core.js';
import { applyDefaults } from './index.js';

const defaulted = (o: KubeObject): KubeObject => {
  const copy = structuredClone(o);
  applyDefaults(copy);
  return copy;
};

const makePod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web', namespace: 'default' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});

const makeService = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default' }, spec });

describe('core/v1 defaults', () => {
  it('a minimal pod defaults to what a 1.32 API server writes (before admission and status)', () => {
    expect(defaulted(makePod({ containers: [{ name: 'nginx', image: 'nginx' }] }))).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx',
            imagePullPolicy: 'Always',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
      status: {},
    });
  });

  it('a pod with ports, probes, env, volumes and limits gets every nested default', () => {
    const pod = makePod({
      containers: [
        {
          name: 'app',
          image: 'registry.example.com:5000/team/app:1.2',
          ports: [{ name: 'http', containerPort: 8080 }],
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          livenessProbe: { httpGet: { port: 8080 } },
          readinessProbe: { grpc: { port: 9090 }, periodSeconds: 5 },
          lifecycle: { preStop: { httpGet: { port: 8080, path: '/stop' } } },
          resources: { limits: { cpu: '0.5', memory: '1024Mi' } },
          volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'app-config' } },
        { name: 'secret', secret: { secretName: 'app' } },
        { name: 'scratch' },
        { name: 'cache', emptyDir: { sizeLimit: '1.5Gi' } },
        { name: 'logs', hostPath: { path: '/var/log' } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      ],
    });
    expect(defaulted(pod).spec).toEqual({
      containers: [
        {
          name: 'app',
          image: 'registry.example.com:5000/team/app:1.2',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
          livenessProbe: { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { grpc: { port: 9090, service: '' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
          lifecycle: { preStop: { httpGet: { port: 8080, path: '/stop', scheme: 'HTTP' } } },
          resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'app-config', defaultMode: 420 } },
        { name: 'secret', secret: { secretName: 'app', defaultMode: 420 } },
        { name: 'scratch', emptyDir: {} },
        { name: 'cache', emptyDir: { sizeLimit: '1536Mi' } },
        { name: 'logs', hostPath: { path: '/var/log', type: '' } },
        { name: 'info', downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }] } },
        { name: 'token', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
  });

  it.each([
    ['an untagged image is pulled always', 'nginx', 'Always'],
    ['a :latest image is pulled always', 'nginx:latest', 'Always'],
    ['a tagged image is pulled if not present', 'nginx:1.17-alpine', 'IfNotPresent'],
    ['a digest counts as tagged', 'nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent'],
    ['a registry port is not a tag', 'localhost:5000/app', 'Always'],
    ['a registry port with a tag', 'localhost:5000/app:v1', 'IfNotPresent'],
    ['an unparseable name is treated as pinned', 'Nginx', 'IfNotPresent'],
  ])('%s (%s -> %s)', (_name, image, policy) => {
    const pod = defaulted(makePod({ containers: [{ name: 'c', image }] }));
    expect((pod.spec as { containers: { imagePullPolicy: string }[] }).containers[0]!.imagePullPolicy).toBe(policy);
  });

  it('a pod that sets every defaulted field keeps its own values', () => {
    const spec = {
      containers: [
        {
          name: 'c',
          image: 'nginx',
          imagePullPolicy: 'Never',
          terminationMessagePath: '/tmp/msg',
          terminationMessagePolicy: 'FallbackToLogsOnError',
          ports: [{ containerPort: 53, protocol: 'UDP' }],
          resources: { limits: { cpu: '1' }, requests: { cpu: '250m' } },
          livenessProbe: { exec: { command: ['true'] }, timeoutSeconds: 5, periodSeconds: 7, successThreshold: 1, failureThreshold: 9 },
        },
      ],
      volumes: [{ name: 'cm', configMap: { name: 'x', defaultMode: 256 } }, { name: 'hp', hostPath: { path: '/x', type: 'Directory' } }],
      dnsPolicy: 'Default',
      enableServiceLinks: false,
      restartPolicy: 'Never',
      schedulerName: 'my-scheduler',
      securityContext: { runAsUser: 1000 },
      terminationGracePeriodSeconds: 0,
      serviceAccountName: 'robot',
      serviceAccount: 'robot',
    };
    expect(defaulted(makePod(structuredClone(spec))).spec).toEqual(spec);
  });

  it('a template keeps requests unset where a pod would copy them from limits', () => {
    const rs = defaulted({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'x:1', resources: { limits: { memory: '200Mi' } } }] } } },
    });
    const container = (rs.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
    expect(container.resources).toEqual({ limits: { memory: '200Mi' } });
    expect((rs.spec as { template: { spec: Record<string, unknown> } }).template.spec.enableServiceLinks).toBeUndefined();
  });

  it('host networking turns container ports into host ports on pods', () => {
    const pod = defaulted(makePod({ hostNetwork: true, containers: [{ name: 'c', image: 'x:1', ports: [{ containerPort: 80 }] }] }));
    expect((pod.spec as { containers: { ports: unknown[] }[] }).containers[0]!.ports).toEqual([{ containerPort: 80, hostPort: 80, protocol: 'TCP' }]);
  });

  it('the deprecated serviceAccount field mirrors serviceAccountName both ways', () => {
    expect(defaulted(makePod({ serviceAccount: 'old', containers: [] })).spec).toMatchObject({ serviceAccountName: 'old', serviceAccount: 'old' });
    expect(defaulted(makePod({ serviceAccountName: 'new', serviceAccount: 'old', containers: [] })).spec).toMatchObject({ serviceAccountName: 'new', serviceAccount: 'new' });
  });

  it('resource quantities are rounded up to millis and written canonically', () => {
    const pod = defaulted(makePod({ containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '100u', memory: 128974848, 'example.com/gpu': 1 } } }] }));
    expect((pod.spec as { containers: { resources: unknown }[] }).containers[0]!.resources).toEqual({ requests: { cpu: '1m', memory: '128974848', 'example.com/gpu': '1' } });
  });

  it('an unparseable quantity is left for decoding to refuse', () => {
    const pod = defaulted(makePod({ containers: [{ name: 'c', image: 'x:1', resources: { limits: { cpu: 'lots' } } }] }));
    expect((pod.spec as { containers: { resources: { limits: unknown } }[] }).containers[0]!.resources.limits).toEqual({ cpu: 'lots' });
  });

  it('a minimal ClusterIP service defaults to what a real cluster shows (before IP allocation)', () => {
    expect(defaulted(makeService({ selector: { app: 'web' }, ports: [{ port: 80 }] }))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc', namespace: 'default' },
      spec: {
        selector: { app: 'web' },
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        sessionAffinity: 'None',
        type: 'ClusterIP',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    });
  });

  it('a LoadBalancer service gets externalTrafficPolicy and node port allocation defaults', () => {
    expect(defaulted(makeService({ type: 'LoadBalancer', ports: [{ port: 8088, targetPort: 80 }] })).spec).toEqual({
      type: 'LoadBalancer',
      ports: [{ port: 8088, targetPort: 80, protocol: 'TCP' }],
      sessionAffinity: 'None',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
  });

  it('a ClientIP affinity gets the three-hour timeout, and None drops a stray config', () => {
    expect(defaulted(makeService({ sessionAffinity: 'ClientIP', ports: [{ port: 1 }] })).spec).toMatchObject({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
    expect(defaulted(makeService({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } })).spec).not.toHaveProperty('sessionAffinityConfig');
  });

  it('an ExternalName service gets no traffic policies', () => {
    expect(defaulted(makeService({ type: 'ExternalName', externalName: 'google.com' })).spec).toEqual({ type: 'ExternalName', externalName: 'google.com', sessionAffinity: 'None' });
  });

  it.each([
    ['a ClusterIP service is single-stack IPv4', { clusterIP: '10.96.0.10', selector: { a: 'b' } }, 'SingleStack', ['IPv4']],
    ['a headless service with a selector is single-stack', { clusterIP: 'None', selector: { a: 'b' } }, 'SingleStack', ['IPv4']],
    ['a headless service without a selector requires dual-stack', { clusterIP: 'None' }, 'RequireDualStack', ['IPv4', 'IPv6']],
  ])('%s', (_name, spec, policy, families) => {
    const s: Record<string, unknown> = { type: 'ClusterIP', ...spec };
    defaultServiceIPFamilies(s);
    expect(s.ipFamilyPolicy).toBe(policy);
    expect(s.ipFamilies).toEqual(families);
  });

  it('a namespace is labelled with its name and Active', () => {
    expect(defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } })).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } },
      spec: {},
      status: { phase: 'Active' },
    });
  });

  it('a node keeps its taints, gets allocatable from capacity and writes its empty status structs', () => {
    const node = defaulted({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'worker1' },
      spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] },
      status: { capacity: { cpu: '2', memory: '4096Mi', pods: '110' } },
    });
    expect(node).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'worker1' },
      spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] },
      status: {
        capacity: { cpu: '2', memory: '4Gi', pods: '110' },
        allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
        daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
        nodeInfo: {
          machineID: '',
          systemUUID: '',
          bootID: '',
          kernelVersion: '',
          osImage: '',
          containerRuntimeVersion: '',
          kubeletVersion: '',
          kubeProxyVersion: '',
          operatingSystem: '',
          architecture: '',
        },
      },
    });
  });

  it.each([
    ['a secret is Opaque', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque' }],
    ['a typed secret keeps its type', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls' }, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls' }],
    ['a config map is untouched', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }],
    ['a service account is untouched', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } }],
    [
      'endpoints ports default to TCP',
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] },
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }] },
    ],
    [
      'a persistent volume is Retain, Filesystem and Pending',
      { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { capacity: { storage: '1024Mi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv' },
        spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ],
    [
      'a claim is Filesystem and Pending',
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
        status: { phase: 'Pending' },
      },
    ],
    [
      'a container limit range defaults its limit from max and its request from the limit',
      { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, default: { memory: '512Mi' }, min: { cpu: '0.1' } }] } },
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'l' },
        spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' }, default: { memory: '512Mi', cpu: '2' }, defaultRequest: { memory: '512Mi', cpu: '2' } }] },
      },
    ],
    [
      'a resource quota writes its hard limits canonically',
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '1000m', pods: 10 } } },
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '1', pods: '10' } }, status: {} },
    ],
    [
      'an event writes its empty timestamps and reporting fields',
      { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, reason: 'Scheduled' },
      { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, reason: 'Scheduled', involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null, reportingComponent: '', reportingInstance: '' },
    ],
  ])('%s', (_name, input, want) => {
    expect(defaulted(input as KubeObject)).toEqual(want);
  });

  it('defaulting twice changes nothing more', () => {
    const once = defaulted(makePod({ containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '0.5' } } }] }));
    expect(defaulted(once)).toEqual(once);
  });
});
