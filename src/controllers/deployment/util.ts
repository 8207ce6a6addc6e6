/**
 * The deployment controller's helpers (pkg/controller/deployment/util/deployment_util.go and the ReplicaSet sort
 * orders of controller_utils.go): annotations, conditions, the maxSurge/maxUnavailable fenceposts, finding the new
 * and old ReplicaSets, and the proportions used when a Deployment is scaled in the middle of a rollout.
 */
import type { DeploymentCondition, DeploymentSpec, DeploymentStatus, ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { getScaledValueFromIntOrPercent } from '../../api/int-or-string.js';
import { deepCopy, type KubeObject } from '../../api/object.js';

/** A Deployment as stored (defaults applied by the registry). */
export interface DeploymentObject extends KubeObject {
  spec: DeploymentSpec;
  status?: DeploymentStatus;
}

/** A ReplicaSet as stored. */
export interface ReplicaSetObject extends KubeObject {
  spec: ReplicaSetSpec;
  status?: ReplicaSetStatus;
}

export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** apps.DeprecatedRollbackTo: the rollback request of the old `kubectl rollout undo` (extensions/v1beta1 rollback). */
export const DeprecatedRollbackTo = 'deprecated.deployment.rollback.to';
export const LastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
/** apps.DefaultDeploymentUniqueLabelKey. */
export const DefaultDeploymentUniqueLabelKey = 'pod-template-hash';

export const RollbackRevisionNotFound = 'DeploymentRollbackRevisionNotFound';
export const RollbackTemplateUnchanged = 'DeploymentRollbackTemplateUnchanged';
export const RollbackDone = 'DeploymentRollback';

// Reasons of the Progressing and Available conditions.
export const ReplicaSetUpdatedReason = 'ReplicaSetUpdated';
export const FailedRSCreateReason = 'ReplicaSetCreateError';
export const NewReplicaSetReason = 'NewReplicaSetCreated';
export const FoundNewRSReason = 'FoundNewReplicaSet';
export const NewRSAvailableReason = 'NewReplicaSetAvailable';
export const TimedOutReason = 'ProgressDeadlineExceeded';
export const PausedDeployReason = 'DeploymentPaused';
export const ResumedDeployReason = 'DeploymentResumed';
export const MinimumReplicasAvailable = 'MinimumReplicasAvailable';
export const MinimumReplicasUnavailable = 'MinimumReplicasUnavailable';

/** The controller's limit on the revision-history annotation (maxRevHistoryLengthInChars). */
export const MaxRevHistoryLengthInChars = 2000;
const MaxInt32 = 2147483647;

// ---- conditions --------------------------------------------------------------

/** NewDeploymentCondition: both times are now (RFC 3339 seconds). */
export function newDeploymentCondition(type: string, status: string, reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no change for the same status and reason; lastTransitionTime kept while the status holds. */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const c = { ...condition };
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...filterOutCondition(status.conditions, c.type), c];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = filterOutCondition(status.conditions, type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

function filterOutCondition(conditions: DeploymentCondition[] | undefined, type: string): DeploymentCondition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** ReplicaSetToDeploymentCondition: a ReplicaFailure of a ReplicaSet surfaces on its Deployment. */
export function replicaSetToDeploymentCondition(c: ReplicaSetCondition): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    ...(c.lastTransitionTime ? { lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  };
}

// ---- revisions and annotations -------------------------------------------------

/** SetDeploymentRevision: true when the annotation changed. */
export function setDeploymentRevision(d: KubeObject, revision: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[RevisionAnnotation] === revision) return false;
  annotations[RevisionAnnotation] = revision;
  return true;
}

/** Revision: the revision annotation as a number (0 when absent; NaN when not a number, as Go's parse error). */
export function revisionOf(obj: KubeObject): number {
  const v = obj.metadata.annotations?.[RevisionAnnotation];
  if (v === undefined) return 0;
  return parseGoInt(v);
}

/** strconv.ParseInt(v, 10, 64): NaN for anything but an optionally signed decimal integer. */
function parseGoInt(v: string): number {
  return /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
}

/** MaxRevision: the highest revision among the ReplicaSets (unparsable ones skipped). */
export function maxRevision(rss: ReplicaSetObject[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second highest revision, what `undo` without --to-revision goes back to. */
export function lastRevision(rss: ReplicaSetObject[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (Number.isNaN(v)) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

const annotationsToSkip = new Set([LastAppliedConfigAnnotation, RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation, DeprecatedRollbackTo]);

export const skipCopyAnnotation = (key: string) => annotationsToSkip.has(key);

/** copyDeploymentAnnotationsToReplicaSet: every annotation but the controller's own (kubernetes.io/change-cause among them). */
function copyDeploymentAnnotationsToReplicaSet(d: KubeObject, rs: KubeObject): boolean {
  let changed = false;
  const annotations = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** SetDeploymentAnnotationsTo: a rollback takes the ReplicaSet's annotations (change-cause), keeping the controller's own. */
export function setDeploymentAnnotationsTo(d: KubeObject, rollbackToRS: KubeObject): void {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (skipCopyAnnotation(k)) kept[k] = v;
  for (const [k, v] of Object.entries(rollbackToRS.metadata.annotations ?? {})) if (!skipCopyAnnotation(k)) kept[k] = v;
  d.metadata.annotations = kept;
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations, raises the revision to newRevision (keeping the
 * revisions it served before in revision-history, as a rollback re-uses a ReplicaSet), and on creation records the
 * desired and max replicas. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: DeploymentObject, rs: ReplicaSetObject, newRevision: string, exists: boolean, revHistoryLimitInChars: number): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const had = RevisionAnnotation in annotations;
  const oldRevision = annotations[RevisionAnnotation] ?? '';
  let oldRevisionInt = parseGoInt(oldRevision);
  if (Number.isNaN(oldRevisionInt)) {
    if (oldRevision !== '') return false;
    oldRevisionInt = 0;
  }
  const newRevisionInt = parseGoInt(newRevision);
  if (Number.isNaN(newRevisionInt)) return false;
  if (oldRevisionInt < newRevisionInt) {
    annotations[RevisionAnnotation] = newRevision;
    changed = true;
  }
  if (had && oldRevisionInt < newRevisionInt) {
    const history = annotations[RevisionHistoryAnnotation] ?? '';
    const oldRevisions = history.split(',');
    if (oldRevisions[0]!.length === 0) annotations[RevisionHistoryAnnotation] = oldRevision;
    else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < oldRevisions.length) {
        totalLen = totalLen - oldRevisions[start]!.length - 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars) annotations[RevisionHistoryAnnotation] = [...oldRevisions.slice(start), oldRevision].join(',');
    }
  }
  const replicas = d.spec.replicas ?? 1;
  if (!exists && setReplicasAnnotations(rs, replicas, replicas + maxSurge(d))) changed = true;
  return changed;
}

function getIntFromAnnotation(rs: KubeObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

export const getDesiredReplicasAnnotation = (rs: KubeObject) => getIntFromAnnotation(rs, DesiredReplicasAnnotation);
const getMaxReplicasAnnotation = (rs: KubeObject) => getIntFromAnnotation(rs, MaxReplicasAnnotation);

/** SetReplicasAnnotations: desired-replicas and max-replicas; true when either changed. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let updated = false;
  if (annotations[DesiredReplicasAnnotation] !== String(desired)) {
    annotations[DesiredReplicasAnnotation] = String(desired);
    updated = true;
  }
  if (annotations[MaxReplicasAnnotation] !== String(max)) {
    annotations[MaxReplicasAnnotation] = String(max);
    updated = true;
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  if (!a) return true;
  return a[DesiredReplicasAnnotation] !== String(desired) || a[MaxReplicasAnnotation] !== String(max);
}

// ---- fenceposts ------------------------------------------------------------------

/** ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both zero means one may be unavailable. */
export function resolveFenceposts(maxSurgeV: number | string | undefined, maxUnavailableV: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = getScaledValueFromIntOrPercent(maxSurgeV ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailableV ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (d: DeploymentObject) => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function maxUnavailable(d: DeploymentObject): number {
  const replicas = d.spec.replicas ?? 1;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return unavailable > replicas ? replicas : unavailable;
}

export function minAvailable(d: DeploymentObject): number {
  if (!isRollingUpdate(d)) return 0;
  return (d.spec.replicas ?? 1) - maxUnavailable(d);
}

export function maxSurge(d: DeploymentObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, d.spec.replicas ?? 1).surge;
}

// ---- proportions -------------------------------------------------------------------

/** GetProportion: the share of replicasToAdd this ReplicaSet takes, bounded by what is still allowed. */
export function getProportion(rs: ReplicaSetObject | undefined, d: DeploymentObject, deploymentReplicasToAdd: number, deploymentReplicasAdded: number): number {
  if (!rs || specReplicas(rs) === 0 || deploymentReplicasToAdd === 0 || deploymentReplicasToAdd === deploymentReplicasAdded) return 0;
  const rsFraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  return deploymentReplicasToAdd > 0 ? Math.min(rsFraction, allowed) : Math.max(rsFraction, allowed);
}

function getReplicaSetFraction(rs: ReplicaSetObject, d: DeploymentObject): number {
  const replicas = d.spec.replicas ?? 1;
  if (replicas === 0) return -specReplicas(rs);
  const deploymentReplicas = replicas + maxSurge(d);
  const annotated = getMaxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  const newRSsize = (specReplicas(rs) * deploymentReplicas) / annotated;
  return roundToInt32(newRSsize) - specReplicas(rs);
}

/** integer.RoundToInt32: math.Round, halves away from zero. */
function roundToInt32(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// ---- finding ReplicaSets -------------------------------------------------------------

export const specReplicas = (rs: ReplicaSetObject | undefined) => rs?.spec.replicas ?? 1;

/**
 * EqualIgnoreHash: the templates are equal but for the pod-template-hash label, compared as apimachinery's
 * Semantic.DeepEqual (an empty map or list equals an absent one).
 */
export function equalIgnoreHash(t1: PodTemplateSpec | undefined, t2: PodTemplateSpec | undefined): boolean {
  const a = deepCopy(t1 ?? {});
  const b = deepCopy(t2 ?? {});
  if (a.metadata?.labels) delete a.metadata.labels[DefaultDeploymentUniqueLabelKey];
  if (b.metadata?.labels) delete b.metadata.labels[DefaultDeploymentUniqueLabelKey];
  return semanticEqual(a, b);
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** Equality of JSON values where an empty map or list equals a missing one (Go's nil vs empty). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b) && (typeof a === 'object' || a === undefined) && (typeof b === 'object' || b === undefined)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

const creationTime = (o: KubeObject) => (o.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : 0);

/** ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  const ta = creationTime(a);
  const tb = creationTime(b);
  if (ta === tb) return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
  return ta - tb;
}

/** ReplicaSetsBySizeOlder: larger first; of equal size, older first (scaling down takes from the old first). */
export function bySizeOlder(a: ReplicaSetObject, b: ReplicaSetObject): number {
  if (specReplicas(a) === specReplicas(b)) return byCreationTimestamp(a, b);
  return specReplicas(b) - specReplicas(a);
}

/** ReplicaSetsBySizeNewer: larger first; of equal size, newer first (scaling up gives to the new first). */
export function bySizeNewer(a: ReplicaSetObject, b: ReplicaSetObject): number {
  if (specReplicas(a) === specReplicas(b)) return byCreationTimestamp(b, a);
  return specReplicas(b) - specReplicas(a);
}

/** ReplicaSetsByRevision: lower revision first; creation time when equal or unparsable. */
export function byRevision(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (Number.isNaN(ra) || Number.isNaN(rb) || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: DeploymentObject, rsList: ReplicaSetObject[]): ReplicaSetObject | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: the others; `required` leaves out those scaled to zero. */
export function findOldReplicaSets(d: DeploymentObject, rsList: ReplicaSetObject[]): { required: ReplicaSetObject[]; all: ReplicaSetObject[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return { required: all.filter((rs) => specReplicas(rs) !== 0), all };
}

/** FilterActiveReplicaSets: those with replicas wanted. */
export const filterActiveReplicaSets = (rss: Array<ReplicaSetObject | undefined>): ReplicaSetObject[] => rss.filter((rs): rs is ReplicaSetObject => !!rs && specReplicas(rs) > 0);

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** SetFromReplicaSetTemplate: a rollback copies the ReplicaSet's template, without its hash label. */
export function setFromReplicaSetTemplate(d: DeploymentObject, template: PodTemplateSpec): void {
  const t = deepCopy(template);
  if (t.metadata?.labels) {
    delete t.metadata.labels[DefaultDeploymentUniqueLabelKey];
  }
  d.spec.template = t as DeploymentSpec['template'];
}

// ---- counts ---------------------------------------------------------------------------------

const sum = (rss: Array<ReplicaSetObject | undefined>, f: (rs: ReplicaSetObject) => number) => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
export const getReplicaCountForReplicaSets = (rss: Array<ReplicaSetObject | undefined>) => sum(rss, specReplicas);
export const getActualReplicaCountForReplicaSets = (rss: Array<ReplicaSetObject | undefined>) => sum(rss, (rs) => rs.status?.replicas ?? 0);
export const getReadyReplicaCountForReplicaSets = (rss: Array<ReplicaSetObject | undefined>) => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const getAvailableReplicaCountForReplicaSets = (rss: Array<ReplicaSetObject | undefined>) => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

// ---- progress ---------------------------------------------------------------------------------

/** DeploymentComplete: every desired replica updated and available, no old ones left, the latest spec observed. */
export function deploymentComplete(d: DeploymentObject, s: DeploymentStatus): boolean {
  const replicas = d.spec.replicas ?? 1;
  return (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: new pods updated, ready or available, or old ones gone, since the last status. */
export function deploymentProgressing(d: DeploymentObject, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

export const hasProgressDeadline = (d: DeploymentObject) => d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MaxInt32;
export const hasRevisionHistoryLimit = (d: DeploymentObject) => d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== MaxInt32;

/** DeploymentTimedOut: no progress recorded for progressDeadlineSeconds (or already reported so). */
export function deploymentTimedOut(d: DeploymentObject, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getDeploymentCondition(s, 'Progressing');
  if (!condition) return false;
  if (condition.reason === NewRSAvailableReason) return false;
  if (condition.reason === TimedOutReason) return true;
  const from = condition.lastUpdateTime ? Date.parse(condition.lastUpdateTime) : 0;
  return from + d.spec.progressDeadlineSeconds! * 1000 < nowMs;
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now (RollingUpdate: within maxSurge; Recreate: all). */
export function newRSNewReplicas(d: DeploymentObject, allRSs: Array<ReplicaSetObject | undefined>, newRS: ReplicaSetObject): number {
  const replicas = d.spec.replicas ?? 1;
  switch (d.spec.strategy?.type ?? 'RollingUpdate') {
    case 'RollingUpdate': {
      const surge = getScaledValueFromIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge, replicas, true);
      const currentPodCount = getReplicaCountForReplicaSets(allRSs);
      const maxTotalPods = replicas + surge;
      if (currentPodCount >= maxTotalPods) return specReplicas(newRS);
      const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - specReplicas(newRS));
      return specReplicas(newRS) + scaleUpCount;
    }
    case 'Recreate':
      return replicas;
    default:
      throw new Error(`deployment type ${d.spec.strategy?.type} isn't supported`);
  }
}

/** IsSaturated: the new ReplicaSet holds, wants and has available all the Deployment's replicas. */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = d.spec.replicas ?? 1;
  return specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}
