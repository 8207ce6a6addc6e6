/**
 * Create-time mutations of the API server's default admission plugins (ServiceAccount, LimitRanger, Priority,
 * DefaultTolerationSeconds, TaintNodesByCondition, StorageObjectInUseProtection, DefaultStorageClass,
 * DefaultIngressClass). Unlike applyDefaults they apply to new objects only, never to templates.
 */
import { forbidden } from '../errors.js';
import type { KubeObject } from '../object.js';
import { isEmptyString, isObj, isUnset, listAt, objAt, structAt, type Obj } from './fields.js';

export const DefaultServiceAccountName = 'default';
export const ServiceAccountVolumeName = 'kube-api-access';
export const DefaultAPITokenMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
/** kubelet's mirror-pod annotation: mirror pods may not use service accounts. */
export const MirrorPodAnnotation = 'kubernetes.io/config.mirror';
export const LimitRangerAnnotation = 'kubernetes.io/limit-ranger';
export const DefaultTolerationSeconds = 300;
/** A bound token's lifetime as the ServiceAccount plugin requests it (an hour plus 7s of jitter). */
export const BoundTokenExpirationSeconds = 3607;
export const IsDefaultStorageClassAnnotation = 'storageclass.kubernetes.io/is-default-class';
export const IsDefaultIngressClassAnnotation = 'ingressclass.kubernetes.io/is-default-class';

/** The alphabet of apimachinery's SimpleNameGenerator (no vowels, no confusable characters). */
const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export interface PriorityClassInfo {
  name: string;
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

export interface ClassInfo {
  name: string;
  annotations?: Record<string, string>;
  /** RFC 3339; the newest default class wins. */
  creationTimestamp?: string;
}

export interface AdmitOptions {
  /** [0, 1) randomness for generated names; Math.random unless a test injects one. */
  random?: () => number;
  /** The pod's service account, when known: its automountServiceAccountToken is the fallback of the pod's. */
  serviceAccount?: { automountServiceAccountToken?: boolean };
  /** When given, the Priority plugin runs: priority classes of the cluster (omit when the registry resolves priority itself). */
  priorityClasses?: readonly PriorityClassInfo[];
  /** When given, the LimitRanger plugin applies the namespace's LimitRanges' container defaults. */
  limitRanges?: readonly KubeObject[];
  /** When given, DefaultStorageClass fills a claim's storageClassName. */
  storageClasses?: readonly ClassInfo[];
  /** When given, DefaultIngressClass fills an Ingress's ingressClassName. */
  ingressClasses?: readonly ClassInfo[];
}

/** A name with a random 5-character suffix, as SimpleNameGenerator.GenerateName. */
export function generateName(base: string, random: () => number = Math.random): string {
  // maxNameLength 63 minus the random suffix, as upstream truncates the base.
  if (base.length > 58) base = base.slice(0, 58);
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += nameAlphabet[Math.floor(random() * nameAlphabet.length) % nameAlphabet.length];
  return base + suffix;
}

/** Applies the create-time admission mutations for obj's kind in place; throws Forbidden as the plugins do. */
export function admitDefaults(obj: KubeObject, options: AdmitOptions = {}): void {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  const key = `${group}/${obj.kind}`;
  if (key === '/Pod') return admitPod(obj, options);
  if (key === '/Node') return addNotReadyTaint(obj);
  if (key === '/PersistentVolumeClaim') return admitClaim(obj, options);
  if (key === '/PersistentVolume') return addFinalizer(obj, 'kubernetes.io/pv-protection');
  if (key === 'networking.k8s.io/Ingress') return admitIngress(obj, options);
}

function admitPod(pod: KubeObject, options: AdmitOptions): void {
  const spec = structAt(pod as Obj, 'spec');
  if (options.limitRanges) applyLimitRanges(pod, spec, options.limitRanges);
  if (!pod.metadata.annotations?.[MirrorPodAnnotation]) admitServiceAccount(spec, options);
  if (options.priorityClasses) admitPriority(pod, spec, options.priorityClasses);
  addDefaultTolerations(spec);
}

/** The ServiceAccount plugin: the `default` account, and its token projected into every container. */
function admitServiceAccount(spec: Obj, options: AdmitOptions): void {
  if (isEmptyString(spec.serviceAccountName)) spec.serviceAccountName = DefaultServiceAccountName;
  spec.serviceAccount = spec.serviceAccountName;
  const automount = typeof spec.automountServiceAccountToken === 'boolean' ? spec.automountServiceAccountToken : (options.serviceAccount?.automountServiceAccountToken ?? true);
  if (!automount) return;

  const volumes = listAt(spec, 'volumes');
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(`${ServiceAccountVolumeName}-`));
  const volumeName = (existing?.name as string | undefined) ?? generateName(`${ServiceAccountVolumeName}-`, options.random);
  let needsVolume = false;
  // A container that already mounts something at the token path keeps its own mount.
  for (const c of [...listAt(spec, 'initContainers'), ...listAt(spec, 'containers')]) {
    const mounts = Array.isArray(c.volumeMounts) ? (c.volumeMounts as unknown[]) : [];
    if (mounts.some((m) => isObj(m) && m.mountPath === DefaultAPITokenMountPath)) continue;
    c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: DefaultAPITokenMountPath }];
    needsVolume = true;
  }
  if (!existing && needsVolume) {
    spec.volumes = [...(Array.isArray(spec.volumes) ? spec.volumes : []), serviceAccountTokenVolume(volumeName)];
  }
}

/** The projected volume a 1.32 API server writes for the service account token, CA bundle and namespace. */
export function serviceAccountTokenVolume(name: string): Obj {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: BoundTokenExpirationSeconds, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  };
}

/** DefaultTolerationSeconds: tolerate not-ready and unreachable nodes for 300s unless the pod already does. */
function addDefaultTolerations(spec: Obj): void {
  const tolerations = listAt(spec, 'tolerations');
  const tolerates = (key: string) =>
    tolerations.some((t) => (t.key === key || isEmptyString(t.key)) && (t.effect === 'NoExecute' || isEmptyString(t.effect)));
  const added: Obj[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerates(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DefaultTolerationSeconds });
  }
  if (added.length > 0) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

/** Priority: the class's value (or the global default's, or 0) and its preemption policy; a mismatching value is forbidden. */
function admitPriority(pod: KubeObject, spec: Obj, classes: readonly PriorityClassInfo[]): void {
  const name = pod.metadata.name ?? '';
  let value = 0;
  let policy: string | undefined = 'PreemptLowerPriority';
  if (isEmptyString(spec.priorityClassName)) {
    const defaults = classes.filter((c) => c.globalDefault);
    // Several global defaults can exist transiently; upstream takes the lowest value.
    const dpc = defaults.sort((a, b) => a.value - b.value)[0];
    if (dpc) {
      spec.priorityClassName = dpc.name;
      value = dpc.value;
      policy = dpc.preemptionPolicy;
    }
  } else {
    const pc = classes.find((c) => c.name === spec.priorityClassName);
    if (!pc) throw forbidden({ group: '', resource: 'pods' }, name, `no PriorityClass with name ${String(spec.priorityClassName)} was found`);
    value = pc.value;
    policy = pc.preemptionPolicy;
  }
  if (!isUnset(spec.priority) && spec.priority !== value) {
    throw forbidden(
      { group: '', resource: 'pods' },
      name,
      `the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
    );
  }
  spec.priority = value;
  if (policy !== undefined) {
    if (!isUnset(spec.preemptionPolicy) && spec.preemptionPolicy !== policy) {
      throw forbidden(
        { group: '', resource: 'pods' },
        name,
        `the string value of PreemptionPolicy (${String(spec.preemptionPolicy)}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = policy;
  }
}

/** LimitRanger: container defaults from the namespace's LimitRanges, recorded in the kubernetes.io/limit-ranger annotation. */
function applyLimitRanges(pod: KubeObject, spec: Obj, limitRanges: readonly KubeObject[]): void {
  const defaultLimits: Obj = {};
  const defaultRequests: Obj = {};
  for (const lr of limitRanges) {
    for (const item of listAt(structAt(lr as Obj, 'spec'), 'limits')) {
      if (item.type !== 'Container') continue;
      Object.assign(defaultRequests, objAt(item, 'defaultRequest') ?? {});
      Object.assign(defaultLimits, objAt(item, 'default') ?? {});
    }
  }
  const notes: string[] = [];
  const merge = (c: Obj, prefix: string) => {
    const resources = structAt(c, 'resources');
    const setLimits = fillMissing(resources, 'limits', defaultLimits);
    const setRequests = fillMissing(resources, 'requests', defaultRequests);
    if (setRequests.length > 0) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${String(c.name)}`);
    if (setLimits.length > 0) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${String(c.name)}`);
  };
  for (const c of listAt(spec, 'containers')) merge(c, 'container');
  for (const c of listAt(spec, 'initContainers')) merge(c, 'init container');
  if (notes.length > 0) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LimitRangerAnnotation]: `LimitRanger plugin set: ${notes.join('; ')}` };
  }
}

function fillMissing(resources: Obj, key: string, defaults: Obj): string[] {
  const current = objAt(resources, key) ?? {};
  const missing = Object.keys(defaults).filter((k) => !(k in current));
  if (missing.length === 0) return [];
  const target = structAt(resources, key);
  for (const k of missing) target[k] = defaults[k];
  return missing;
}

/** TaintNodesByCondition: a new node is not ready until its kubelet says so. */
function addNotReadyTaint(node: KubeObject): void {
  const spec = structAt(node as Obj, 'spec');
  const taints = listAt(spec, 'taints');
  if (taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoSchedule')) return;
  spec.taints = [...(Array.isArray(spec.taints) ? spec.taints : []), { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }];
}

function addFinalizer(obj: KubeObject, finalizer: string): void {
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}

/** The newest class annotated as default (by creation time, then name), as both default-class plugins choose. */
function defaultClass(classes: readonly ClassInfo[], annotation: string): ClassInfo | undefined {
  return classes
    .filter((c) => c.annotations?.[annotation] === 'true')
    .sort((a, b) => (b.creationTimestamp ?? '').localeCompare(a.creationTimestamp ?? '') || a.name.localeCompare(b.name))[0];
}

/** StorageObjectInUseProtection and DefaultStorageClass for a new claim. */
function admitClaim(pvc: KubeObject, options: AdmitOptions): void {
  const spec = structAt(pvc as Obj, 'spec');
  if (options.storageClasses && isUnset(spec.storageClassName) && !pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class']) {
    const dc = defaultClass(options.storageClasses, IsDefaultStorageClassAnnotation);
    if (dc) spec.storageClassName = dc.name;
  }
  addFinalizer(pvc, 'kubernetes.io/pvc-protection');
}

/** DefaultIngressClass: an Ingress naming no class gets the default one. */
function admitIngress(ing: KubeObject, options: AdmitOptions): void {
  const spec = structAt(ing as Obj, 'spec');
  if (!options.ingressClasses || !isUnset(spec.ingressClassName) || ing.metadata.annotations?.['kubernetes.io/ingress.class']) return;
  const dc = defaultClass(options.ingressClasses, IsDefaultIngressClassAnnotation);
  if (dc) spec.ingressClassName = dc.name;
}
