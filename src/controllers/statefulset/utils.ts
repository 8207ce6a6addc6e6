/**
 * The StatefulSet controller's pure helpers (pkg/controller/statefulset/stateful_set_utils.go): ordinals from pod
 * names, the stable identity (name, hostname, subdomain, pod-name and pod-index labels), one PVC per claim
 * template and ordinal, the PVC retention policy's owner references, revisions as patches of the pod template,
 * and the status arithmetic.
 */
import type { ControllerRevision as CR, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from '../../api/object.js';
import { deepCopy } from '../../api/object.js';
import { isPodAvailable, isPodReady } from '../util/active-pods.js';
import { newControllerRevision, type ControllerRevision } from '../util/controller-history.js';
import { getPodFromTemplate } from '../util/pod-control.js';

export const statefulSetKind = { apiVersion: 'apps/v1', kind: 'StatefulSet' } as const;
export const podKind = { apiVersion: 'v1', kind: 'Pod' } as const;

/** apps/v1 label keys. */
export const StatefulSetPodNameLabel = 'statefulset.kubernetes.io/pod-name';
export const PodIndexLabel = 'apps.kubernetes.io/pod-index';
export const StatefulSetRevisionLabel = 'controller-revision-hash';

export type { CR };

const statefulPodRegex = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-3` → web, 3; a name without an int32 suffix → '', -1. */
export function getParentNameAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = statefulPodRegex.exec(pod.metadata?.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1]!, ordinal: n <= 2147483647 ? n : -1 };
}

export const getOrdinal = (pod: Pod) => getParentNameAndOrdinal(pod).ordinal;

/** spec.ordinals.start, or 0. */
export function getStartOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

export function getEndOrdinal(set: StatefulSet): number {
  return getStartOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
}

export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = getOrdinal(pod);
  return o >= getStartOrdinal(set) && o <= getEndOrdinal(set);
}

export const getPodName = (set: StatefulSet, ordinal: number) => `${set.metadata!.name}-${ordinal}`;

/** `<template>-<set>-<ordinal>`: the claim a pod keeps across restarts and rescheduling. */
export function getPersistentVolumeClaimName(set: StatefulSet, claim: PersistentVolumeClaim, ordinal: number): string {
  return `${claim.metadata?.name}-${set.metadata!.name}-${ordinal}`;
}

export const isMemberOf = (set: StatefulSet, pod: Pod) => getParentNameAndOrdinal(pod).parent === set.metadata!.name;

/** identityMatches: name, namespace and pod-name label fit the set and the ordinal. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = getParentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata!.name === parent &&
    pod.metadata?.name === getPodName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata!.namespace &&
    pod.metadata?.labels?.[StatefulSetPodNameLabel] === pod.metadata?.name
  );
}

/** storageMatches: every claim template is mounted from this ordinal's claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const claim of set.spec?.volumeClaimTemplates ?? []) {
    const v = volumes.get(claim.metadata?.name ?? '');
    if (!v?.persistentVolumeClaim || v.persistentVolumeClaim.claimName !== getPersistentVolumeClaimName(set, claim, ordinal)) return false;
  }
  return true;
}

export interface RetentionPolicy {
  whenDeleted: string;
  whenScaled: string;
}

/** The PVC retention policy, Retain/Retain when unset. */
export function getPersistentVolumeClaimRetentionPolicy(set: StatefulSet): RetentionPolicy {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

type Meta = { metadata?: { name?: string; uid?: string; ownerReferences?: OwnerReference[] } };

/** matchesRef: the reference names obj by name and kind (not uid). */
function matchesRef(ref: OwnerReference, obj: Meta, kind: { apiVersion: string; kind: string }): boolean {
  return ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === obj.metadata?.name;
}

/** hasUnexpectedController: under a deleting policy, another controller (or a stale set/pod uid) owns the claim. */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of (claim.metadata?.ownerReferences ?? []) as OwnerReference[]) {
    if (matchesRef(ref, set as Meta, statefulSetKind)) {
      if (ref.uid !== set.metadata?.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod as Meta, podKind)) {
      if (ref.uid !== pod.metadata?.uid) return true;
      continue;
    }
    if (ref.controller) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return ((claim.metadata?.ownerReferences ?? []) as OwnerReference[]).some((r) => (r.uid === set.metadata?.uid || r.uid === pod.metadata?.uid) && !r.controller);
}

/** hasOwnerRef: target has a reference to owner's uid. */
export function hasOwnerRef(target: Meta, owner: Meta): boolean {
  return (target.metadata?.ownerReferences ?? []).some((r) => r.uid === owner.metadata?.uid);
}

/** hasStaleOwnerRef: a reference to obj by name and kind, but to another uid. */
export function hasStaleOwnerRef(target: Meta, obj: Meta, kind: { apiVersion: string; kind: string }): boolean {
  for (const r of target.metadata?.ownerReferences ?? []) if (matchesRef(r, obj, kind)) return r.uid !== obj.metadata?.uid;
  return false;
}

/**
 * isClaimOwnerUpToDate: the claim's owners fit the retention policy (Retain/Retain: no refs to set or pod;
 * WhenDeleted=Delete: the set; WhenScaled=Delete: the pod once it is scaled away). Stale or foreign
 * controllers leave the claim alone.
 */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim as Meta, set as Meta, statefulSetKind) || hasStaleOwnerRef(claim as Meta, pod as Meta, podKind)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim as Meta, set as Meta) || hasOwnerRef(claim as Meta, pod as Meta));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const policy = getPersistentVolumeClaimRetentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const onSet = hasOwnerRef(claim as Meta, set as Meta);
  const onPod = hasOwnerRef(claim as Meta, pod as Meta);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Delete') return onSet && !onPod;
  if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Retain') return !onSet && scaledDown === onPod;
  if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Delete') return scaledDown !== onSet && scaledDown === onPod;
  return !onSet && !onPod;
}

function controllerRef(owner: Meta, kind: { apiVersion: string; kind: string }): OwnerReference {
  return { apiVersion: kind.apiVersion, kind: kind.kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

/** updateClaimOwnerRefForSetAndPod: rewrites the claim's references to set and pod to fit the policy. */
export function updateClaimOwnerRefForSetAndPod(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): void {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = ((claim.metadata?.ownerReferences ?? []) as OwnerReference[]).filter((r) => !matchesRef(r, set as Meta, statefulSetKind) && !matchesRef(r, pod as Meta, podKind));
  const add = (owner: Meta, kind: { apiVersion: string; kind: string }) => {
    if (!refs.some((r) => r.uid === owner.metadata?.uid)) refs = [...refs, controllerRef(owner, kind)];
  };
  if (!unexpected) {
    const policy = getPersistentVolumeClaimRetentionPolicy(set);
    const scaledDown = !podInOrdinalRange(pod, set);
    if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Delete') add(set as Meta, statefulSetKind);
    else if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Retain') {
      if (scaledDown) add(pod as Meta, podKind);
    } else if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Delete') {
      if (scaledDown) add(pod as Meta, podKind);
      else add(set as Meta, statefulSetKind);
    }
  }
  claim.metadata ??= {};
  if (refs.length) claim.metadata.ownerReferences = refs as never;
  else delete claim.metadata.ownerReferences;
}

/** getPersistentVolumeClaims: this pod's claims by template name, labelled with the set's matchLabels. */
export function getPersistentVolumeClaims(set: StatefulSet, pod: Pod): Map<string, PersistentVolumeClaim> {
  const ordinal = getOrdinal(pod);
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const claim = deepCopy(template);
    claim.metadata ??= {};
    claim.metadata.name = getPersistentVolumeClaimName(set, template, ordinal);
    claim.metadata.namespace = set.metadata!.namespace;
    claim.metadata.labels = { ...(claim.metadata.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    claims.set(template.metadata?.name ?? '', claim);
  }
  return claims;
}

/** updateStorage: a persistentVolumeClaim volume per claim template (replacing same-named volumes), then the rest. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = getPersistentVolumeClaims(set, pod);
  const volumes: Volume[] = [];
  for (const [name, claim] of claims) volumes.push({ name, persistentVolumeClaim: { claimName: claim.metadata!.name! } });
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec ??= { containers: [] };
  pod.spec.volumes = volumes;
}

/** updateIdentity: name, namespace, and the pod-name and pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = getOrdinal(pod);
  pod.metadata ??= {};
  pod.metadata.name = getPodName(set, ordinal);
  pod.metadata.namespace = set.metadata!.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [StatefulSetPodNameLabel]: pod.metadata.name, [PodIndexLabel]: String(ordinal) };
}

/** initIdentity: updateIdentity plus the immutable hostname and subdomain (the headless service's DNS names). */
export function initIdentity(set: StatefulSet, pod: Pod): void {
  updateIdentity(set, pod);
  pod.spec ??= { containers: [] };
  pod.spec.hostname = pod.metadata!.name;
  pod.spec.subdomain = set.spec?.serviceName;
  if (!pod.spec.subdomain) delete pod.spec.subdomain;
}

export const isRunningAndReady = (pod: Pod) => pod.status?.phase === 'Running' && isPodReady(pod);
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, now: Date) => isPodAvailable(pod, minReadySeconds, now);
export const isCreated = (pod: Pod) => !!pod.status?.phase;
export const isPending = (pod: Pod) => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod) => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod) => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod) => !!pod.metadata?.deletionTimestamp;
export const isHealthy = (pod: Pod) => isRunningAndReady(pod) && !isTerminating(pod);
/** isUnavailable: not available yet, or going away. */
export const isUnavailable = (pod: Pod, minReadySeconds: number, now: Date) => !isPodAvailable(pod, minReadySeconds, now) || isTerminating(pod);
/** Parallel pod management lifts the one-at-a-time ordering. */
export const allowsBurst = (set: StatefulSet) => set.spec?.podManagementPolicy === 'Parallel';

export function setPodRevision(pod: Pod, revision: string): void {
  pod.metadata ??= {};
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [StatefulSetRevisionLabel]: revision };
}

export const getPodRevision = (pod: Pod) => pod.metadata?.labels?.[StatefulSetRevisionLabel] ?? '';

/** newStatefulSetPod: the template's pod with this ordinal's identity and claims, owned by the set. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const ref = controllerRef(set as Meta, statefulSetKind);
  const pod = getPodFromTemplate(set.spec!.template, set as never, ref);
  pod.metadata!.name = getPodName(set, ordinal);
  initIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition (or, without rollingUpdate, below the current
 * replicas) get the current revision's template; the others the update revision's.
 */
export function newVersionedStatefulSetPod(currentSet: StatefulSet, updateSet: StatefulSet, currentRevision: string, updateRevision: string, ordinal: number): Pod {
  const strategy = currentSet.spec?.updateStrategy;
  const start = getStartOrdinal(currentSet);
  // Go's && binds tighter than ||: the partition case applies whatever the strategy type.
  const useCurrent =
    (strategy?.type === 'RollingUpdate' && !strategy.rollingUpdate && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (!!strategy?.rollingUpdate && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(useCurrent ? currentSet : updateSet, ordinal);
  setPodRevision(pod, useCurrent ? currentRevision : updateRevision);
  return pod;
}

/** getPatch: a strategic merge patch replacing spec.template, as a revision stores it. */
export function getPatch(set: StatefulSet): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...(deepCopy(set.spec!.template) as Record<string, unknown>), $patch: 'replace' } } };
}

/** newRevision: the set's template as ControllerRevision number revision, with the set's annotations. */
export function newRevision(set: StatefulSet, revision: number, collisionCount: number): ControllerRevision {
  const cr = newControllerRevision(set as never, statefulSetKind, set.spec?.template?.metadata?.labels, getPatch(set), revision, collisionCount);
  cr.metadata.annotations = { ...(cr.metadata.annotations ?? {}), ...(set.metadata?.annotations ?? {}) };
  return cr;
}

/** ApplyRevision: the set with the revision's template (the `$patch: replace` strategic merge). */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const clone = deepCopy(set);
  const template = deepCopy((revision.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template);
  if (template) {
    delete template.$patch;
    clone.spec!.template = template as never;
  }
  return clone;
}

/** nextRevision: one past the last of revisions sorted by number (1 for none). */
export function nextRevision(revisions: readonly ControllerRevision[]): number {
  return revisions.length ? revisions[revisions.length - 1]!.revision + 1 : 1;
}

export interface SetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: unknown[];
  availableReplicas: number;
}

/** inconsistentStatus: status says something the set's status does not. */
export function inconsistentStatus(set: StatefulSet, status: SetStatus): boolean {
  const s = set.status ?? ({} as NonNullable<StatefulSet['status']>);
  return (
    (status.observedGeneration ?? 0) > (s.observedGeneration ?? 0) ||
    status.replicas !== (s.replicas ?? 0) ||
    (status.currentReplicas ?? 0) !== (s.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (s.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (s.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (s.currentRevision ?? '') ||
    status.availableReplicas !== (s.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (s.updateRevision ?? '')
  );
}

/** completeRollingUpdate: once every replica is updated and ready, the update revision becomes current. */
export function completeRollingUpdate(set: StatefulSet, status: SetStatus): void {
  const replicas = set.spec?.replicas ?? 1;
  if (set.spec?.updateStrategy?.type === 'RollingUpdate' && (status.updatedReplicas ?? 0) === replicas && (status.readyReplicas ?? 0) === replicas && status.replicas === replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** Ascending by ordinal (non-members, -1, first). */
export const ascendingOrdinal = (a: Pod, b: Pod) => getOrdinal(a) - getOrdinal(b);
/** Descending by ordinal. */
export const descendingOrdinal = (a: Pod, b: Pod) => getOrdinal(b) - getOrdinal(a);

/** The status as Go serializes StatefulSetStatus: its field order, zero values of omitempty fields left out. */
export function statusJSON(s: SetStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  out.replicas = s.replicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision) out.currentRevision = s.currentRevision;
  if (s.updateRevision) out.updateRevision = s.updateRevision;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  if (s.conditions?.length) out.conditions = s.conditions;
  out.availableReplicas = s.availableReplicas;
  return out;
}
