import { StatusError } from '../errors.js';
import type { KubeObject } from '../object.js';
import { admitDefaults, generateName, type AdmitOptions } from './admission.js';
import { applyDefaults } from './index.js';

/** A random source that walks a fixed sequence, so generated names are known. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

const makePod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web', namespace: 'default' }): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });

const admitted = (o: KubeObject, options: AdmitOptions = {}): KubeObject => {
  const copy = structuredClone(o);
  applyDefaults(copy);
  admitDefaults(copy, { random: sequence(0), ...options });
  return copy;
};

describe('admitDefaults', () => {
  it('a minimal pod after defaulting and admission is what a 1.32 API server stores (before status)', () => {
    expect(admitted(makePod({ containers: [{ name: 'nginx', image: 'nginx' }] }), { priorityClasses: [] })).toEqual({
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
            volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-bbbbb', readOnly: true }],
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        serviceAccount: 'default',
        serviceAccountName: 'default',
        terminationGracePeriodSeconds: 30,
        tolerations: [
          { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
          { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
        ],
        volumes: [
          {
            name: 'kube-api-access-bbbbb',
            projected: {
              defaultMode: 420,
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
                { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
              ],
            },
          },
        ],
      },
      status: {},
    });
  });

  it('generated names use the five-character alphabet of SimpleNameGenerator', () => {
    expect(generateName('kube-api-access-', sequence(0, 0.999, 0.5, 0.1, 0.3))).toBe('kube-api-access-b9rdl');
    expect(generateName('x-')).toMatch(/^x-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('every container and init container mounts the token unless it already mounts that path', () => {
    const pod = admitted(
      makePod({
        initContainers: [{ name: 'init', image: 'busybox:1' }],
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1', volumeMounts: [{ name: 'mine', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] },
        ],
        volumes: [{ name: 'mine', emptyDir: {} }],
      }),
    );
    const spec = pod.spec as { initContainers: { volumeMounts: unknown[] }[]; containers: { volumeMounts: { name: string }[] }[]; volumes: { name: string }[] };
    expect(spec.initContainers[0]!.volumeMounts).toHaveLength(1);
    expect(spec.containers[0]!.volumeMounts.map((m) => m.name)).toEqual(['kube-api-access-bbbbb']);
    expect(spec.containers[1]!.volumeMounts.map((m) => m.name)).toEqual(['mine']);
    expect(spec.volumes.map((v) => v.name)).toEqual(['mine', 'kube-api-access-bbbbb']);
  });

  it.each([
    ['the pod opts out', { automountServiceAccountToken: false }, {}],
    ['its service account opts out', {}, { serviceAccount: { automountServiceAccountToken: false } }],
  ])('no token is mounted when %s, but the account name is still set', (_name, spec, options) => {
    const pod = admitted(makePod({ ...spec, containers: [{ name: 'a', image: 'a:1' }] }), options);
    expect(pod.spec).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default' });
    expect((pod.spec as Record<string, unknown>).volumes).toBeUndefined();
  });

  it('a mirror pod gets no service account but still the default tolerations', () => {
    const pod = admitted(makePod({ containers: [{ name: 'a', image: 'a:1' }] }, { name: 'static-web-node1', annotations: { 'kubernetes.io/config.mirror': 'abc' } }));
    expect((pod.spec as Record<string, unknown>).serviceAccountName).toBeUndefined();
    expect((pod.spec as Record<string, unknown[]>).tolerations).toHaveLength(2);
  });

  it.each([
    ['a toleration of every NoExecute taint covers both', [{ operator: 'Exists', effect: 'NoExecute' }], 1],
    ['a toleration of everything covers both', [{ operator: 'Exists' }], 1],
    ['a not-ready toleration leaves only unreachable to add', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }], 2],
    ['a NoSchedule toleration covers neither', [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }], 3],
  ])('%s', (_name, tolerations, count) => {
    const pod = admitted(makePod({ tolerations, containers: [] }));
    expect((pod.spec as { tolerations: unknown[] }).tolerations).toHaveLength(count);
    expect((pod.spec as { tolerations: unknown[] }).tolerations.slice(0, tolerations.length)).toEqual(tolerations);
  });

  it('the priority plugin resolves a named class and refuses an unknown one', () => {
    const classes = [{ name: 'system-node-critical', value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' }];
    expect(admitted(makePod({ priorityClassName: 'system-node-critical', containers: [] }), { priorityClasses: classes }).spec).toMatchObject({ priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
    expect(() => admitted(makePod({ priorityClassName: 'gold', containers: [] }), { priorityClasses: classes })).toThrow('pods "web" is forbidden: no PriorityClass with name gold was found');
    expect(() => admitted(makePod({ priorityClassName: 'gold', containers: [] }), { priorityClasses: classes })).toThrow(StatusError);
  });

  it('the priority plugin applies the global default class and refuses a hand-written priority', () => {
    const classes = [{ name: 'low', value: 10, globalDefault: true, preemptionPolicy: 'Never' }];
    expect(admitted(makePod({ containers: [] }), { priorityClasses: classes }).spec).toMatchObject({ priorityClassName: 'low', priority: 10, preemptionPolicy: 'Never' });
    expect(() => admitted(makePod({ priority: 5, containers: [] }), { priorityClasses: classes })).toThrow(
      'the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 10 from the given PriorityClass name',
    );
  });

  it('without priority classes the plugin is left to the caller', () => {
    expect((admitted(makePod({ containers: [] })).spec as Record<string, unknown>).priority).toBeUndefined();
  });

  it('LimitRanger fills missing container resources and says so in an annotation', () => {
    const lr: KubeObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' } }] } };
    applyDefaults(lr);
    const pod = admitted(makePod({ containers: [{ name: 'app', image: 'a:1', resources: { requests: { cpu: '100m' } } }] }), { limitRanges: [lr] });
    expect((pod.spec as { containers: { resources: unknown }[] }).containers[0]!.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(pod.metadata.annotations).toEqual({ 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: memory request for container app; cpu, memory limit for container app' });
  });

  it('a new node is tainted not-ready unless it already is', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: {} };
    admitDefaults(node);
    admitDefaults(node);
    expect(node.spec).toEqual({ taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
  });

  it('claims and volumes get their protection finalizers, and a classless claim the newest default class', () => {
    const pvc: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {} };
    admitDefaults(pvc, {
      storageClasses: [
        { name: 'old', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' }, creationTimestamp: '2024-01-01T00:00:00Z' },
        { name: 'new', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' }, creationTimestamp: '2024-06-01T00:00:00Z' },
        { name: 'other' },
      ],
    });
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(pvc.spec).toEqual({ storageClassName: 'new' });
    const pv: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' } };
    admitDefaults(pv);
    expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
  });

  it('an explicitly empty storage class name stays empty', () => {
    const pvc: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { storageClassName: '' } };
    admitDefaults(pvc, { storageClasses: [{ name: 'std', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }] });
    expect(pvc.spec).toEqual({ storageClassName: '' });
  });

  it('an ingress without a class gets the default ingress class', () => {
    const ing: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: {} };
    admitDefaults(ing, { ingressClasses: [{ name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }] });
    expect(ing.spec).toEqual({ ingressClassName: 'nginx' });
  });
});
