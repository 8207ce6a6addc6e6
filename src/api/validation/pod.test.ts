import type { KubeObject } from '../object.js';
import { podUpdateForbiddenMessage, validatePod, validatePodBinding, validatePodEphemeralContainersUpdate, validatePodStatusUpdate, validatePodUpdate } from './pod.js';

type Json = Record<string, any>;

const makeContainer = (over: Json = {}): Json => ({
  name: 'web',
  image: 'nginx',
  imagePullPolicy: 'Always',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
  ...over,
});

/** A pod as stored after defaulting and creation. */
function makePod(spec: Json = {}, meta: Json = {}, status?: Json): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5', creationTimestamp: '2024-01-01T00:00:00Z', ...meta },
    spec: {
      containers: [makeContainer()],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

const forbiddenUpdate = `spec: Forbidden: ${podUpdateForbiddenMessage}`;

describe('validatePod', () => {
  test.each([
    ['a defaulted pod is valid', makePod(), []],
    ['a pod needs a name', makePod({}, { name: undefined }), ['metadata.name: Required value: name or generateName is required']],
    ['a pod needs a namespace', makePod({}, { namespace: undefined }), ['metadata.namespace: Required value']],
    [
      'a static pod annotation needs a node name',
      makePod({}, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }),
      ['metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "abc": must set spec.nodeName if mirror pod annotation is set'],
    ],
    [
      'the pod deletion cost must be an int32',
      makePod({}, { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '+10' } }),
      ['metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+10": must be a 32bit integer'],
    ],
    [
      'ephemeral containers cannot be set on create',
      makePod({ ephemeralContainers: [{ name: 'debug', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }] }),
      ['spec.ephemeralContainers: Forbidden: cannot be set on create'],
    ],
    [
      'an image may not be padded with spaces',
      makePod({ containers: [makeContainer({ image: ' nginx ' })] }),
      ['spec.containers[0].image: Invalid value: " nginx ": must not have leading or trailing whitespace'],
    ],
    [
      'a projected service account token needs a service account name',
      makePod({ volumes: [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } }] }),
      ['spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set'],
    ],
    [
      'a pod with scheduling gates may not name a node',
      makePod({ nodeName: 'n1', schedulingGates: [{ name: 'example.com/gate' }] }),
      ['spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared'],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, pod, expected) => {
    expect(validatePod(pod).map(String)).toEqual(expected);
  });
});

describe('validatePodUpdate', () => {
  test.each([
    ['changing the image is allowed', makePod(), makePod({ containers: [makeContainer({ image: 'nginx:1.27' })] }), []],
    ['adding a toleration is allowed', makePod(), makePod({ tolerations: [{ key: 'a', operator: 'Exists' }] }), []],
    [
      'changing a toleration other than its seconds is forbidden',
      makePod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] }),
      makePod({ tolerations: [{ key: 'b', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] }),
      ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'],
    ],
    [
      'changing only tolerationSeconds is allowed',
      makePod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] }),
      makePod({ tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 50 }] }),
      [],
    ],
    [
      'changing resources is forbidden with upstream sentence',
      makePod(),
      makePod({ containers: [makeContainer({ resources: { limits: { cpu: '1' } } })] }),
      [forbiddenUpdate],
    ],
    [
      'adding a container is forbidden',
      makePod(),
      makePod({ containers: [makeContainer(), makeContainer({ name: 'sidecar' })] }),
      ['spec.containers: Forbidden: pod updates may not add or remove containers'],
    ],
    [
      'activeDeadlineSeconds may only go down',
      makePod({ activeDeadlineSeconds: 10 }),
      makePod({ activeDeadlineSeconds: 20 }),
      ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value'],
    ],
    [
      'activeDeadlineSeconds may not be removed',
      makePod({ activeDeadlineSeconds: 10 }),
      makePod(),
      ['spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value'],
    ],
    ['labels may change', makePod(), makePod({}, { labels: { tier: 'web' } }), []],
    [
      'the name may not change',
      makePod(),
      makePod({}, { name: 'web2' }),
      ['metadata.name: Invalid value: "web2": field is immutable'],
    ],
    [
      'an update must carry a resourceVersion',
      makePod(),
      makePod({}, { resourceVersion: undefined }),
      ['metadata.resourceVersion: Invalid value: "": must be specified for an update'],
    ],
    [
      'the mirror pod annotation may not be removed',
      makePod({ nodeName: 'n1' }, { annotations: { 'kubernetes.io/config.mirror': 'x' } }),
      makePod({ nodeName: 'n1' }),
      ['metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not remove or update mirror pod annotation'],
    ],
    [
      'a gated pod may gain node selector entries but not lose them',
      makePod({ schedulingGates: [{ name: 'g' }], nodeSelector: { a: '1' } }),
      makePod({ schedulingGates: [{ name: 'g' }], nodeSelector: { b: '2' } }),
      ['spec.nodeSelector: Invalid value: map[string]string{"b":"2"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)'],
    ],
    [
      'scheduling gates may only be removed',
      makePod({ schedulingGates: [{ name: 'g' }] }),
      makePod({ schedulingGates: [{ name: 'g' }, { name: 'h' }] }),
      ["spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'h'"],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validatePodUpdate(cur, old).map(String)).toEqual(expected);
  });
});

describe('validatePodStatusUpdate', () => {
  const running = { phase: 'Running', qosClass: 'BestEffort' };
  test.each([
    ['a kubelet status write is valid', makePod({ nodeName: 'n1' }, {}, running), makePod({ nodeName: 'n1' }, {}, { ...running, podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }] }), []],
    [
      'the QoS class may not change',
      makePod({}, {}, running),
      makePod({}, {}, { ...running, qosClass: 'Burstable' }),
      ['status.qosClass: Invalid value: "Burstable": field is immutable'],
    ],
    [
      'a status write may not move the pod to another node',
      makePod({ nodeName: 'n1' }, {}, running),
      makePod({ nodeName: 'n2' }, {}, running),
      ['status.nodeName: Forbidden: may not be changed directly'],
    ],
    [
      'pod IPs must be valid and one per family',
      makePod({}, {}, running),
      makePod({}, {}, { ...running, podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.1' }] }),
      [
        'status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.1"}}: may specify no more than one IP for each IP family',
        'status.podIPs[1]: Duplicate value: core.PodIP{IP:"10.0.0.1"}',
      ],
    ],
    [
      'a terminated container of a Never pod may not run again',
      makePod({ restartPolicy: 'Never' }, {}, { ...running, containerStatuses: [{ name: 'web', state: { terminated: { exitCode: 0 } } }] }),
      makePod({ restartPolicy: 'Never' }, {}, { ...running, containerStatuses: [{ name: 'web', state: { running: {} } }] }),
      ['status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state'],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validatePodStatusUpdate(cur, old).map(String)).toEqual(expected);
  });
});

describe('validatePodBinding', () => {
  test.each([
    ['a binding to a node is valid', { target: { kind: 'Node', name: 'n1' } }, []],
    ['a binding needs a target name', { target: { kind: 'Node' } }, ['target.name: Required value']],
    ['a binding may only target a Node', { target: { kind: 'Pod', name: 'x' } }, ['target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"']],
  ] as [string, Json, string[]][])('%s', (_n, binding, expected) => {
    expect(validatePodBinding(binding).map(String)).toEqual(expected);
  });
});

describe('validatePodEphemeralContainersUpdate', () => {
  const debug = { name: 'debug', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' };
  test.each([
    ['adding a debug container is allowed', makePod(), makePod({ ephemeralContainers: [debug] }), []],
    [
      'a debug container may not have ports',
      makePod(),
      makePod({ ephemeralContainers: [{ ...debug, ports: [{ containerPort: 80, protocol: 'TCP' }] }] }),
      ['spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container'],
    ],
    [
      'static pods take no debug containers',
      makePod({ nodeName: 'n1' }, { annotations: { 'kubernetes.io/config.mirror': 'x' } }),
      makePod({ nodeName: 'n1', ephemeralContainers: [debug] }, { annotations: { 'kubernetes.io/config.mirror': 'x' } }),
      ['[]: Forbidden: static pods do not support ephemeral containers'],
    ],
    [
      'a debug container name must not clash with a container',
      makePod(),
      makePod({ ephemeralContainers: [{ ...debug, name: 'web' }] }),
      ['spec.ephemeralContainers[0].name: Duplicate value: "web"'],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validatePodEphemeralContainersUpdate(cur, old).map(String)).toEqual(expected);
  });
});
