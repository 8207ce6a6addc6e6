/** Defaulting for the core group (v1), after pkg/apis/core/v1/defaults.go and its generated nested defaulters. */
import {
  canonicalQuantity,
  canonicalResourceList,
  defaultNumber,
  defaultString,
  defaultUnset,
  isEmptyString,
  isObj,
  isUnset,
  isZeroNumber,
  listAt,
  materialize,
  objAt,
  structAt,
  templateMetadata,
  type Obj,
} from './fields.js';
import { defaultImagePullPolicy } from './image-pull-policy.js';

export const DefaultTerminationGracePeriodSeconds = 30;
export const DefaultSchedulerName = 'default-scheduler';
export const TerminationMessagePathDefault = '/dev/termination-log';
/** 0644, the default file mode of secret, configMap, downwardAPI and projected volumes. */
export const DefaultVolumeMode = 420;
export const DefaultClientIPServiceAffinitySeconds = 10800;
export const LabelMetadataName = 'kubernetes.io/metadata.name';

interface PodSpecOptions {
  /** SetDefaults_Pod applies only to Pods, never to pod templates. */
  isPod: boolean;
}

/** Every default of a PodSpec and what it nests (containers, volumes, probes), as SetObjectDefaults_Pod/PodTemplate. */
export function setPodSpecDefaults(spec: Obj, { isPod }: PodSpecOptions): void {
  const containers = listAt(spec, 'containers');
  const initContainers = listAt(spec, 'initContainers');
  if (isPod) {
    // SetDefaults_Pod: requests default to limits, on Pods only (a template must stay as written).
    for (const c of [...containers, ...initContainers]) {
      const resources = objAt(c, 'resources');
      const limits = resources && objAt(resources, 'limits');
      if (!resources || !limits) continue;
      const missing = Object.keys(limits).filter((k) => !(k in (objAt(resources, 'requests') ?? {})));
      if (missing.length === 0) continue;
      const requests = structAt(resources, 'requests');
      for (const k of missing) requests[k] = limits[k];
    }
    defaultUnset(spec, 'enableServiceLinks', true);
    if (spec.hostNetwork === true) {
      for (const c of [...containers, ...initContainers]) {
        for (const p of listAt(c, 'ports')) if (isZeroNumber(p.hostPort)) p.hostPort = p.containerPort;
      }
    }
  }
  // SetDefaults_PodSpec
  defaultString(spec, 'dnsPolicy', 'ClusterFirst');
  defaultString(spec, 'restartPolicy', 'Always');
  defaultUnset(spec, 'securityContext', {});
  defaultUnset(spec, 'terminationGracePeriodSeconds', DefaultTerminationGracePeriodSeconds);
  defaultString(spec, 'schedulerName', DefaultSchedulerName);
  // v1 conversion: serviceAccount is the deprecated alias of serviceAccountName, and is written back from it.
  if (isEmptyString(spec.serviceAccountName) && !isEmptyString(spec.serviceAccount)) spec.serviceAccountName = spec.serviceAccount;
  if (isEmptyString(spec.serviceAccountName)) delete spec.serviceAccount;
  else spec.serviceAccount = spec.serviceAccountName;

  for (const v of listAt(spec, 'volumes')) setVolumeDefaults(v);
  for (const c of containers) setContainerDefaults(c);
  for (const c of initContainers) setContainerDefaults(c);
  for (const c of listAt(spec, 'ephemeralContainers')) setContainerDefaults(c);
  canonicalResourceList(spec, 'overhead');
  const podResources = objAt(spec, 'resources');
  canonicalResourceList(podResources, 'limits');
  canonicalResourceList(podResources, 'requests');
}

/** A PodTemplateSpec inside a workload: template metadata plus PodSpec defaults without the Pod-only ones. */
export function setPodTemplateSpecDefaults(template: Obj): void {
  templateMetadata(template);
  setPodSpecDefaults(structAt(template, 'spec'), { isPod: false });
}

function setContainerDefaults(c: Obj): void {
  if (isEmptyString(c.imagePullPolicy)) c.imagePullPolicy = defaultImagePullPolicy(c.image);
  defaultString(c, 'terminationMessagePath', TerminationMessagePathDefault);
  defaultString(c, 'terminationMessagePolicy', 'File');
  for (const p of listAt(c, 'ports')) defaultString(p, 'protocol', 'TCP');
  for (const e of listAt(c, 'env')) {
    const from = objAt(e, 'valueFrom');
    if (!from) continue;
    const fieldRef = objAt(from, 'fieldRef');
    if (fieldRef) defaultString(fieldRef, 'apiVersion', 'v1');
    canonicalQuantity(objAt(from, 'resourceFieldRef'), 'divisor');
  }
  const resources = structAt(c, 'resources');
  canonicalResourceList(resources, 'limits');
  canonicalResourceList(resources, 'requests');
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = objAt(c, key);
    if (!probe) continue;
    defaultNumber(probe, 'timeoutSeconds', 1);
    defaultNumber(probe, 'periodSeconds', 10);
    defaultNumber(probe, 'successThreshold', 1);
    defaultNumber(probe, 'failureThreshold', 3);
    setHandlerDefaults(probe);
  }
  const lifecycle = objAt(c, 'lifecycle');
  if (lifecycle) {
    for (const key of ['postStart', 'preStop']) {
      const handler = objAt(lifecycle, key);
      if (handler) setHandlerDefaults(handler);
    }
  }
}

function setHandlerDefaults(handler: Obj): void {
  const httpGet = objAt(handler, 'httpGet');
  if (httpGet) {
    defaultString(httpGet, 'path', '/');
    defaultString(httpGet, 'scheme', 'HTTP');
  }
  const grpc = objAt(handler, 'grpc');
  if (grpc) defaultUnset(grpc, 'service', '');
}

/** Volume source keys: a volume naming none of them becomes an emptyDir (SetDefaults_Volume). */
function hasVolumeSource(v: Obj): boolean {
  return Object.entries(v).some(([k, val]) => k !== 'name' && !isUnset(val));
}

function setVolumeDefaults(v: Obj): void {
  if (!hasVolumeSource(v)) v.emptyDir = {};
  const hostPath = objAt(v, 'hostPath');
  if (hostPath) defaultUnset(hostPath, 'type', '');
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = objAt(v, key);
    if (src) defaultUnset(src, 'defaultMode', DefaultVolumeMode);
  }
  const downwardAPI = objAt(v, 'downwardAPI');
  if (downwardAPI) setDownwardAPIItemDefaults(downwardAPI);
  const projected = objAt(v, 'projected');
  if (projected) {
    for (const source of listAt(projected, 'sources')) {
      const dapi = objAt(source, 'downwardAPI');
      if (dapi) setDownwardAPIItemDefaults(dapi);
      const token = objAt(source, 'serviceAccountToken');
      if (token) defaultUnset(token, 'expirationSeconds', 3600);
    }
  }
  canonicalQuantity(objAt(v, 'emptyDir'), 'sizeLimit');
  setLegacyVolumeSourceDefaults(v);
  const ephemeral = objAt(v, 'ephemeral');
  const claimTemplate = ephemeral && objAt(ephemeral, 'volumeClaimTemplate');
  if (claimTemplate) {
    templateMetadata(claimTemplate);
    setPersistentVolumeClaimSpecDefaults(structAt(claimTemplate, 'spec'));
  }
}

function setDownwardAPIItemDefaults(src: Obj): void {
  for (const item of listAt(src, 'items')) {
    const fieldRef = objAt(item, 'fieldRef');
    if (fieldRef) defaultString(fieldRef, 'apiVersion', 'v1');
    canonicalQuantity(objAt(item, 'resourceFieldRef'), 'divisor');
  }
}

/** The in-tree volume plugins' defaults (shared by Pod volumes and PersistentVolume sources). */
function setLegacyVolumeSourceDefaults(v: Obj): void {
  const iscsi = objAt(v, 'iscsi');
  if (iscsi) defaultString(iscsi, 'iscsiInterface', 'default');
  const rbd = objAt(v, 'rbd');
  if (rbd) {
    defaultString(rbd, 'pool', 'rbd');
    defaultString(rbd, 'user', 'admin');
    defaultString(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const azureDisk = objAt(v, 'azureDisk');
  if (azureDisk) {
    defaultUnset(azureDisk, 'cachingMode', 'ReadWrite');
    defaultUnset(azureDisk, 'kind', 'Shared');
    defaultUnset(azureDisk, 'fsType', 'ext4');
    defaultUnset(azureDisk, 'readOnly', false);
  }
  const scaleIO = objAt(v, 'scaleIO');
  if (scaleIO) {
    defaultString(scaleIO, 'storageMode', 'ThinProvisioned');
    defaultString(scaleIO, 'fsType', 'xfs');
  }
}

/** SetDefaults_PersistentVolumeClaimSpec plus its resource lists; `resources` is a struct Go always writes. */
export function setPersistentVolumeClaimSpecDefaults(spec: Obj): void {
  defaultUnset(spec, 'volumeMode', 'Filesystem');
  const resources = structAt(spec, 'resources');
  canonicalResourceList(resources, 'limits');
  canonicalResourceList(resources, 'requests');
}

/** A whole PersistentVolumeClaim (also a StatefulSet's volumeClaimTemplates item). */
export function setPersistentVolumeClaimDefaults(pvc: Obj): void {
  setPersistentVolumeClaimSpecDefaults(structAt(pvc, 'spec'));
  const status = structAt(pvc, 'status');
  defaultString(status, 'phase', 'Pending');
  canonicalResourceList(status, 'capacity');
  canonicalResourceList(status, 'allocatedResources');
}

function setPodDefaults(pod: Obj): void {
  setPodSpecDefaults(structAt(pod, 'spec'), { isPod: true });
  const status = structAt(pod, 'status');
  for (const key of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
    for (const cs of listAt(status, key)) {
      canonicalResourceList(cs, 'allocatedResources');
      const res = objAt(cs, 'resources');
      canonicalResourceList(res, 'limits');
      canonicalResourceList(res, 'requests');
    }
  }
}

/** ExternallyAccessible: reachable from outside the cluster, so externalTrafficPolicy applies. */
function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

function setServiceDefaults(svc: Obj): void {
  const spec = structAt(svc, 'spec');
  defaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = objAt(spec, 'sessionAffinityConfig') && objAt(spec.sessionAffinityConfig as Obj, 'clientIP');
    if (!clientIP || isUnset(clientIP.timeoutSeconds)) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DefaultClientIPServiceAffinitySeconds } };
  }
  defaultString(spec, 'type', 'ClusterIP');
  for (const p of listAt(spec, 'ports')) {
    defaultString(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec)) defaultString(spec, 'externalTrafficPolicy', 'Cluster');
  if (isUnset(spec.internalTrafficPolicy) && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  const status = structAt(svc, 'status');
  const lb = structAt(status, 'loadBalancer');
  if (spec.type === 'LoadBalancer') {
    defaultUnset(spec, 'allocateLoadBalancerNodePorts', true);
    for (const ing of listAt(lb, 'ingress')) if (!isEmptyString(ing.ip)) defaultUnset(ing, 'ipMode', 'VIP');
  }
}

/**
 * The IP family fields the service registry fills on a single-stack IPv4 cluster (upstream's initIPFamilyFields):
 * a headless service without a selector may be dual-stack, so it asks for RequireDualStack and both families.
 * Not applied by applyDefaults: allocation decides it, on create and update.
 */
export function defaultServiceIPFamilies(spec: Obj): void {
  if (spec.type === 'ExternalName') return;
  const clusterIPs = Array.isArray(spec.clusterIPs) ? (spec.clusterIPs as unknown[]) : [];
  const headless = spec.clusterIP === 'None' || clusterIPs[0] === 'None';
  const selector = objAt(spec, 'selector');
  if (headless && (!selector || Object.keys(selector).length === 0)) {
    defaultUnset(spec, 'ipFamilyPolicy', 'RequireDualStack');
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    const families = spec.ipFamilies as string[];
    if (families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') families.push(families[0] === 'IPv6' ? 'IPv4' : 'IPv6');
    return;
  }
  defaultUnset(spec, 'ipFamilyPolicy', 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
}

function setNamespaceDefaults(ns: Obj): void {
  const meta = structAt(ns, 'metadata');
  if (!isEmptyString(meta.name)) structAt(meta, 'labels')[LabelMetadataName] = meta.name;
  structAt(ns, 'spec');
  defaultString(structAt(ns, 'status'), 'phase', 'Active');
}

const nodeInfoFields = [
  'machineID',
  'systemUUID',
  'bootID',
  'kernelVersion',
  'osImage',
  'containerRuntimeVersion',
  'kubeletVersion',
  'kubeProxyVersion',
  'operatingSystem',
  'architecture',
];

function setNodeDefaults(node: Obj): void {
  structAt(node, 'spec');
  const status = structAt(node, 'status');
  if (isUnset(status.allocatable) && isObj(status.capacity)) status.allocatable = { ...status.capacity };
  canonicalResourceList(status, 'capacity');
  canonicalResourceList(status, 'allocatable');
  // NodeStatus nests structs whose fields have no omitempty: Go writes them even when empty.
  materialize(structAt(structAt(status, 'daemonEndpoints'), 'kubeletEndpoint'), 'Port', 0);
  const nodeInfo = structAt(status, 'nodeInfo');
  for (const f of nodeInfoFields) materialize(nodeInfo, f, '');
}

function setPersistentVolumeDefaults(pv: Obj): void {
  const spec = structAt(pv, 'spec');
  defaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  defaultUnset(spec, 'volumeMode', 'Filesystem');
  canonicalResourceList(spec, 'capacity');
  const hostPath = objAt(spec, 'hostPath');
  if (hostPath) defaultUnset(hostPath, 'type', '');
  setLegacyVolumeSourceDefaults(spec);
  defaultString(structAt(pv, 'status'), 'phase', 'Pending');
}

function setLimitRangeDefaults(lr: Obj): void {
  const spec = structAt(lr, 'spec');
  materialize(spec, 'limits', null);
  for (const item of listAt(spec, 'limits')) {
    if (item.type === 'Container') {
      // Default limit from max, default request from default limit, then from min.
      const fill = (to: string, from: string) => {
        const src = objAt(item, from);
        if (!src) return;
        const missing = Object.keys(src).filter((k) => !(k in (objAt(item, to) ?? {})));
        if (missing.length === 0) return;
        const dst = structAt(item, to);
        for (const k of missing) dst[k] = src[k];
      };
      fill('default', 'max');
      fill('defaultRequest', 'default');
      fill('defaultRequest', 'min');
    }
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) canonicalResourceList(item, key);
  }
}

function setResourceQuotaDefaults(rq: Obj): void {
  const spec = structAt(rq, 'spec');
  canonicalResourceList(spec, 'hard');
  const status = structAt(rq, 'status');
  canonicalResourceList(status, 'hard');
  canonicalResourceList(status, 'used');
}

function setEventDefaults(ev: Obj): void {
  // core/v1 Event: structs and non-omitempty fields Go always writes.
  structAt(ev, 'involvedObject');
  structAt(ev, 'source');
  materialize(ev, 'firstTimestamp', null);
  materialize(ev, 'lastTimestamp', null);
  materialize(ev, 'eventTime', null);
  materialize(ev, 'reportingComponent', '');
  materialize(ev, 'reportingInstance', '');
}

/** Defaults a core/v1 object of the given kind in place. */
export function setCoreDefaults(obj: Obj, kind: string): void {
  switch (kind) {
    case 'Pod':
      return setPodDefaults(obj);
    case 'Service':
      return setServiceDefaults(obj);
    case 'Namespace':
      return setNamespaceDefaults(obj);
    case 'Node':
      return setNodeDefaults(obj);
    case 'Secret':
      return defaultString(obj, 'type', 'Opaque');
    case 'Endpoints':
      for (const ss of listAt(obj, 'subsets')) for (const p of listAt(ss, 'ports')) defaultString(p, 'protocol', 'TCP');
      return;
    case 'PersistentVolume':
      return setPersistentVolumeDefaults(obj);
    case 'PersistentVolumeClaim':
      return setPersistentVolumeClaimDefaults(obj);
    case 'LimitRange':
      return setLimitRangeDefaults(obj);
    case 'ResourceQuota':
      return setResourceQuotaDefaults(obj);
    case 'Event':
      return setEventDefaults(obj);
    default:
      // ConfigMap (its empty data map is omitted), ServiceAccount: nothing to default.
      return;
  }
}
