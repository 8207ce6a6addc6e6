/**
 * `kubectl describe` output, byte for byte as kubectl 1.32 prints it. Pure: the CLI fetches the object and what
 * `relatedRequests` asks for through the Client, then calls `describe` with its clock's now.
 */
import type { KubeObject } from '../../api/object.js';
import { parseApiVersion } from '../../api/object.js';
import { labelSelectorAsSelector, type MetaLabelSelector } from '../../api/label-selector.js';
import { describeConfigMap, describeSecret } from './describe-config.js';
import type { DescribeContext } from './describe-context.js';
import { describeDaemonSet } from './describe-daemon-set.js';
import { describeDeployment } from './describe-deployment.js';
import { describeGeneric } from './describe-generic.js';
import { describeHorizontalPodAutoscalerV1, describeHorizontalPodAutoscalerV2 } from './describe-hpa.js';
import { describeCronJob, describeJob } from './describe-job.js';
import { describeLimitRange, describeNamespace, describeResourceQuota } from './describe-namespace.js';
import { describeEndpointSlice, describeIngress, describeIngressClass, describeNetworkPolicy, ingressServiceNames, serviceErrorKey } from './describe-networking.js';
import { describeNode } from './describe-node.js';
import { describePod, MIRROR_POD_ANNOTATION } from './describe-pod.js';
import { describePodDisruptionBudget, describePriorityClass } from './describe-policy.js';
import { describeReplicaSet } from './describe-replica-set.js';
import { describeRole, describeRoleBinding } from './describe-rbac.js';
import { describeEndpoints, describeService } from './describe-service.js';
import { describeServiceAccount } from './describe-service-account.js';
import { describeStatefulSet } from './describe-stateful-set.js';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from './describe-storage.js';
import type { Related, RelatedRequest } from './related.js';

export type { Related, RelatedError, RelatedKey, RelatedRequest } from './related.js';
export type { DescribeContext } from './describe-context.js';

type Describer = (obj: KubeObject, related: Related, ctx: DescribeContext) => string;

/** The describers by `group/Kind` (core group: `/Kind`); anything else gets the generic describer. */
const describers: Readonly<Record<string, Describer>> = {
  '/Pod': describePod,
  '/Node': describeNode,
  '/Service': describeService,
  '/Endpoints': describeEndpoints,
  '/ConfigMap': describeConfigMap,
  '/Secret': describeSecret,
  '/Namespace': describeNamespace,
  '/ServiceAccount': describeServiceAccount,
  '/ResourceQuota': describeResourceQuota,
  '/LimitRange': describeLimitRange,
  '/PersistentVolume': describePersistentVolume,
  '/PersistentVolumeClaim': describePersistentVolumeClaim,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'apps/DaemonSet': describeDaemonSet,
  'apps/StatefulSet': describeStatefulSet,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'autoscaling/HorizontalPodAutoscaler': (obj, related, ctx) =>
    obj.apiVersion === 'autoscaling/v1' ? describeHorizontalPodAutoscalerV1(obj, related, ctx) : describeHorizontalPodAutoscalerV2(obj, related, ctx),
  'rbac.authorization.k8s.io/Role': describeRole,
  'rbac.authorization.k8s.io/ClusterRole': describeRole,
  'rbac.authorization.k8s.io/RoleBinding': describeRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeRoleBinding,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
  'policy/PodDisruptionBudget': describePodDisruptionBudget,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'networking.k8s.io/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': (obj, _related, ctx) => describeNetworkPolicy(obj, ctx),
  'storage.k8s.io/StorageClass': describeStorageClass,
};

/** Kinds whose describer prints no events, so none need fetching. */
const withoutEvents = new Set([
  '/Secret',
  '/Namespace',
  '/ResourceQuota',
  '/LimitRange',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'networking.k8s.io/NetworkPolicy',
]);

const groupKindOf = (obj: KubeObject) => `${parseApiVersion(obj.apiVersion).group}/${obj.kind}`;

/** Whether kubesim prints this kind with a describer of its own (else kubectl's generic one). */
export const hasDescriber = (group: string, kind: string) => `${group}/${kind}` in describers;

/**
 * Renders `kubectl describe` of one object. `kind` names the kind being described (the object's own kind
 * and apiVersion pick the describer); `now` is what ages are measured from, `options.timeZone` the zone for
 * absolute times (default: the process's local zone, as kubectl).
 */
export function describe(kind: string, obj: KubeObject, related: Related, now: Date, options: { timeZone?: string } = {}): string {
  const key = `${parseApiVersion(obj.apiVersion).group}/${obj.kind || kind}`;
  const describer = describers[key] ?? describeGeneric;
  return describer(obj, related, { now, timeZone: options.timeZone });
}

const core = (resource: string) => ({ group: '', version: 'v1', resource });

/** searchEvents' field selector: name, namespace, kind (when known) and uid of the involved object. */
function eventsRequest(obj: KubeObject, kind: string | undefined, uid: string | undefined): RelatedRequest {
  const namespace = obj.metadata.namespace ?? '';
  const terms = [`involvedObject.name=${obj.metadata.name ?? ''}`, `involvedObject.namespace=${namespace}`];
  if (kind) terms.push(`involvedObject.kind=${kind}`);
  if (uid) terms.push(`involvedObject.uid=${uid}`);
  return { key: 'events', gvr: core('events'), namespace: namespace || undefined, listOptions: { fieldSelector: terms.join(',') }, onError: 'empty' };
}

const selectorOf = (sel: MetaLabelSelector | undefined) => labelSelectorAsSelector(sel).toString();

/**
 * What describing `obj` needs fetched besides the object, in the order kubectl asks (for `--show-events=false`
 * pass `showEvents: false`). Requests sharing a key are concatenated.
 */
export function relatedRequests(obj: KubeObject, options: { showEvents?: boolean } = {}): RelatedRequest[] {
  const key = groupKindOf(obj);
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name ?? '';
  const uid = obj.metadata.uid;
  const spec = (obj as { spec?: { selector?: MetaLabelSelector } }).spec;
  const out: RelatedRequest[] = [];
  const events = options.showEvents !== false && !withoutEvents.has(key);
  switch (key) {
    case '/Pod': {
      // Pod events are searched without the kind; a mirror pod's are recorded against its config's uid.
      const mirror = obj.metadata.annotations?.[MIRROR_POD_ANNOTATION];
      if (events) out.push(eventsRequest(obj, undefined, mirror ?? uid));
      return out;
    }
    case '/Node':
      out.push({
        key: 'pods',
        gvr: core('pods'),
        listOptions: { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` },
        // A user who may read the node but not its pods sees `Pods: not authorized`.
        onError: 'record',
        whenReason: 'Forbidden',
      });
      // The node controller records events against the node's uid, the kubelet against its name.
      if (events) out.push(eventsRequest(obj, 'Node', uid), eventsRequest(obj, 'Node', name));
      out.push({ key: 'lease', gvr: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }, namespace: 'kube-node-lease', name, onError: 'record' });
      return out;
    case 'apps/Deployment':
      if (events) out.push(eventsRequest(obj, obj.kind, uid));
      out.push({ key: 'replicaSets', gvr: { group: 'apps', version: 'v1', resource: 'replicasets' }, namespace: ns, listOptions: { labelSelector: selectorOf(spec?.selector) }, onError: 'empty' });
      return out;
    case 'apps/ReplicaSet':
    case 'apps/DaemonSet':
    case 'apps/StatefulSet':
      out.push({ key: 'pods', gvr: core('pods'), namespace: ns, listOptions: { labelSelector: selectorOf(spec?.selector) }, onError: key === 'apps/ReplicaSet' ? 'record' : 'fail' });
      if (events) out.push(eventsRequest(obj, obj.kind, uid));
      return out;
    case '/Service':
      out.push({ key: 'endpointSlices', gvr: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, namespace: ns, listOptions: { labelSelector: `kubernetes.io/service-name=${name}` }, onError: 'empty' });
      if (events) out.push(eventsRequest(obj, obj.kind, uid));
      return out;
    case '/Namespace':
      // A server without quotas or limit ranges (NotFound) just leaves those sections out.
      out.push({ key: 'resourceQuotas', gvr: core('resourcequotas'), namespace: name, onError: 'omit', whenReason: 'NotFound' });
      out.push({ key: 'limitRanges', gvr: core('limitranges'), namespace: name, onError: 'omit', whenReason: 'NotFound' });
      return out;
    case '/ServiceAccount':
      out.push({ key: 'secrets', gvr: core('secrets'), namespace: ns, onError: 'record' });
      if (events) out.push(eventsRequest(obj, obj.kind, uid));
      return out;
    case '/PersistentVolumeClaim':
      out.push({ key: 'pods', gvr: core('pods'), namespace: ns, onError: 'fail' });
      if (events) out.push(eventsRequest(obj, obj.kind, uid));
      return out;
    case 'networking.k8s.io/Ingress':
      if (events) out.push(eventsRequest(obj, obj.kind, uid));
      // For each backend Service: its EndpointSlices, then the Service (for the port's name).
      for (const svc of ingressServiceNames(obj as Parameters<typeof ingressServiceNames>[0])) {
        out.push({ key: 'endpointSlices', gvr: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, namespace: ns, listOptions: { labelSelector: `kubernetes.io/service-name=${svc}` }, onError: 'record', errorKey: serviceErrorKey(svc) });
        out.push({ key: 'services', gvr: core('services'), namespace: ns, name: svc, onError: 'record', errorKey: serviceErrorKey(svc) });
      }
      return out;
    case '/ConfigMap':
      // Unlike the others, a failed event search fails describe configmap.
      if (events) out.push({ ...eventsRequest(obj, obj.kind, uid), onError: 'fail' });
      return out;
    default:
      if (events) out.push(eventsRequest(obj, obj.kind, uid));
      return out;
  }
}
