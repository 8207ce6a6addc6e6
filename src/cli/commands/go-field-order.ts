/**
 * The Go struct field order of the types kubectl run and expose print, for objects that went through --overrides:
 * kubectl decodes the patched JSON back into its Go types, so fields return to struct order and zero-valued
 * structs (`resources: {}`, `status: {}`) reappear.
 */
import type { KubeObject } from '../../api/object.js';
import { goMap } from './typed-json.js';
import { orderMeta } from './typed-meta.js';

const podSpecOrder = [
  'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds',
  'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID',
  'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName',
  'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks',
  'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources',
];
const containerOrder = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'volumeMounts',
  'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy',
  'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
];
const serviceSpecOrder = [
  'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP', 'loadBalancerSourceRanges',
  'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses', 'sessionAffinityConfig', 'ipFamilies',
  'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy', 'trafficDistribution',
];
const servicePortOrder = ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The keys in `order` first, in that order, then any others as they were. */
function ordered(o: Json, order: readonly string[]): Json {
  const out: Json = {};
  for (const k of order) if (o[k] !== undefined && o[k] !== null) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined && o[k] !== null) out[k] = o[k];
  return out;
}

const container = (c: unknown) => (isObject(c) ? ordered({ ...c, resources: c.resources ?? {} }, containerOrder) : c);

/** A Pod as kubectl holds it after decoding it into corev1.Pod. */
export function asTypedPod(obj: KubeObject): KubeObject {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const typedSpec = ordered(
    {
      ...spec,
      ...(Array.isArray(spec.containers) ? { containers: spec.containers.map(container) } : { containers: [] }),
      ...(Array.isArray(spec.initContainers) ? { initContainers: spec.initContainers.map(container) } : {}),
      ...(isObject(spec.nodeSelector) ? { nodeSelector: goMap({ ...spec.nodeSelector }) } : {}),
    },
    podSpecOrder,
  );
  return { kind: 'Pod', apiVersion: 'v1', metadata: orderMeta({ ...obj.metadata, creationTimestamp: obj.metadata?.creationTimestamp ?? null }), spec: typedSpec, status: obj.status ?? {} };
}

/** A Service as kubectl holds it after decoding it into corev1.Service. */
export function asTypedService(obj: KubeObject): KubeObject {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const typedSpec = ordered(
    {
      ...spec,
      ...(Array.isArray(spec.ports) ? { ports: spec.ports.map((p) => (isObject(p) ? ordered(p, servicePortOrder) : p)) } : {}),
      ...(isObject(spec.selector) ? { selector: goMap({ ...spec.selector }) } : {}),
    },
    serviceSpecOrder,
  );
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: orderMeta({ ...obj.metadata, creationTimestamp: obj.metadata?.creationTimestamp ?? null }),
    spec: typedSpec,
    status: isObject(obj.status) ? { ...obj.status, loadBalancer: (obj.status as Json).loadBalancer ?? {} } : { loadBalancer: {} },
  };
}
