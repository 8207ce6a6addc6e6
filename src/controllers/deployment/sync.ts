/**
 * The deployment controller's shared steps (pkg/controller/deployment/sync.go): finding or creating the new
 * ReplicaSet and keeping revisions in step, scaling (proportionally when several ReplicaSets are active),
 * cleaning up old ReplicaSets beyond revisionHistoryLimit, and computing status.
 */
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { hasStatusCause, isAlreadyExists, isNotFound } from '../../api/errors.js';
import { NamespaceTerminatingCause } from '../util/pod-control.js';
import { deepCopy, deepEqual } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { referenceOf, type EventRecorder } from '../../client/event-recorder.js';
import { Deployments, ReplicaSets } from '../../client/resources.js';
import { rfc3339 } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { getControllerOf, newControllerRef } from '../util/controller-ref.js';
import { computeHash } from '../util/hash.js';
import {
  bySizeNewer,
  bySizeOlder,
  byRevision,
  DefaultDeploymentUniqueLabelKey,
  DeprecatedRollbackTo,
  equalIgnoreHash,
  FailedRSCreateReason,
  filterActiveReplicaSets,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  FoundNewRSReason,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getDesiredReplicasAnnotation,
  getProportion,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  MaxRevHistoryLengthInChars,
  maxSurge,
  maxUnavailable,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  newDeploymentCondition,
  NewReplicaSetReason,
  newRSNewReplicas,
  PausedDeployReason,
  replicasAnnotationsNeedUpdate,
  RevisionAnnotation,
  ResumedDeployReason,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  TimedOutReason,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util.js';

export const DeploymentKind = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;

/** What the sync steps need from the controller. */
export interface SyncContext {
  client: Client;
  events: EventRecorder;
  log: Logger;
  now(): Date;
  /** The cached ReplicaSet (the lister). */
  getCachedReplicaSet(namespace: string, name: string): ReplicaSetObject | undefined;
  enqueueAfter(d: DeploymentObject, delayMs: number): void;
  enqueueRateLimited(d: DeploymentObject): void;
}

export const nowString = (ctx: SyncContext) => rfc3339(ctx.now());

export function event(ctx: SyncContext, d: DeploymentObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
  ctx.events.event(referenceOf(d), type, reason, message);
}

/** UpdateStatus of the Deployment; the local copy takes the new resourceVersion so later writes of this sync apply. */
export async function updateDeploymentStatus(ctx: SyncContext, d: DeploymentObject): Promise<void> {
  const updated = await ctx.client.resource(Deployments).namespace(d.metadata.namespace!).updateStatus(d);
  d.metadata.resourceVersion = updated.metadata.resourceVersion;
}

/** syncStatusOnly: a deleted Deployment only has its status refreshed. */
export async function syncStatusOnly(ctx: SyncContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** sync: a scaling event or a paused Deployment: scale, clean up (when paused), refresh status. */
export async function sync(ctx: SyncContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  await scale(ctx, d, newRS, oldRSs);
  // Clean up the deployment when it's paused and no rollback is in flight.
  if (d.spec.paused && !d.metadata.annotations?.[DeprecatedRollbackTo]) await cleanupDeployment(ctx, oldRSs, d);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/**
 * checkPausedConditions: a paused Deployment gets Progressing=Unknown DeploymentPaused (and DeploymentResumed when
 * resumed) so that the time it was paused never counts against progressDeadlineSeconds.
 */
export async function checkPausedConditions(ctx: SyncContext, d: DeploymentObject): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === TimedOutReason) return;
  const pausedCondExists = cond?.reason === PausedDeployReason;
  const status = (d.status ??= {});
  let needsUpdate = false;
  if (d.spec.paused && !pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', PausedDeployReason, 'Deployment is paused', nowString(ctx)));
    needsUpdate = true;
  } else if (!d.spec.paused && pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', ResumedDeployReason, 'Deployment is resumed', nowString(ctx)));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing) with its revision raised
 * above every old one, and all the old ReplicaSets.
 */
export async function getAllReplicaSetsAndSyncRevision(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
  createIfNotExisted: boolean,
): Promise<{ newRS: ReplicaSetObject | undefined; oldRSs: ReplicaSetObject[] }> {
  const { all: allOldRSs } = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(ctx, d, rsList, allOldRSs, createIfNotExisted);
  return { newRS, oldRSs: allOldRSs };
}

/** getNewReplicaSet: see getAllReplicaSetsAndSyncRevision. */
async function getNewReplicaSet(
  ctx: SyncContext,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
  oldRSs: ReplicaSetObject[],
  createIfNotExisted: boolean,
): Promise<ReplicaSetObject | undefined> {
  const existingNewRS = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const namespace = d.metadata.namespace!;
  const replicaSets = ctx.client.resource(ReplicaSets).namespace(namespace);

  // The new ReplicaSet exists: bring its annotations (revision, the Deployment's own) and minReadySeconds up to
  // date, and the Deployment's revision to the ReplicaSet's.
  if (existingNewRS) {
    const rsCopy = deepCopy(existingNewRS);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true, MaxRevHistoryLengthInChars);
    const minReadySecondsNeedsUpdate = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadySecondsNeedsUpdate) {
      if (d.spec.minReadySeconds) rsCopy.spec.minReadySeconds = d.spec.minReadySeconds;
      else delete rsCopy.spec.minReadySeconds;
      return (await replicaSets.update(rsCopy)) as ReplicaSetObject;
    }
    // The revision already on the ReplicaSet is the one to show.
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[RevisionAnnotation] ?? '');
    const cond = getDeploymentCondition(d.status, 'Progressing');
    if (hasProgressDeadline(d) && !cond) {
      setDeploymentCondition((d.status ??= {}), newDeploymentCondition('Progressing', 'True', FoundNewRSReason, `Found new replica set "${rsCopy.metadata.name}"`, nowString(ctx)));
      needsUpdate = true;
    }
    if (needsUpdate) await updateDeploymentStatus(ctx, d);
    return rsCopy;
  }

  if (!createIfNotExisted) return undefined;

  // The new ReplicaSet does not exist: create it, named after the template's hash so that creation is idempotent.
  const template = deepCopy(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(d.spec.template.metadata?.labels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash } };
  const selector = deepCopy(d.spec.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [DefaultDeploymentUniqueLabelKey]: hash };
  const newRS: ReplicaSetObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [newControllerRef(d, DeploymentKind)],
    },
    spec: {
      replicas: 0,
      ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
      selector,
      template,
    },
  };
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, MaxRevHistoryLengthInChars);

  let createdRS: ReplicaSetObject;
  let alreadyExists = false;
  try {
    createdRS = (await replicaSets.create(newRS)) as ReplicaSetObject;
  } catch (err) {
    if (isAlreadyExists(err)) {
      // A slow cache or a fast resync: if the ReplicaSet of that name is ours and has our template it is the new
      // one; otherwise the hash collided, and collisionCount changes the name for the next attempt.
      alreadyExists = true;
      const rs = ctx.getCachedReplicaSet(namespace, newRS.metadata.name!) ?? ((await replicaSets.get(newRS.metadata.name!)) as ReplicaSetObject);
      const ref = getControllerOf(rs);
      if (ref && ref.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, rs.spec.template)) {
        createdRS = rs;
      } else {
        const status = (d.status ??= {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        try {
          await updateDeploymentStatus(ctx, d);
          ctx.log.info('Found a hash collision for deployment - bumping collisionCount to resolve it', {
            deployment: `${namespace}/${d.metadata.name}`,
            oldCollisionCount: status.collisionCount - 1,
            newCollisionCount: status.collisionCount,
          });
        } catch {
          // The original error requeues the Deployment.
        }
        throw err;
      }
    } else if (hasStatusCause(err, NamespaceTerminatingCause)) {
      throw err;
    } else {
      const msg = `Failed to create new replica set "${newRS.metadata.name}": ${(err as Error).message}`;
      if (hasProgressDeadline(d)) {
        setDeploymentCondition((d.status ??= {}), newDeploymentCondition('Progressing', 'False', FailedRSCreateReason, msg, nowString(ctx)));
        await updateDeploymentStatus(ctx, d).catch(() => undefined);
      }
      event(ctx, d, 'Warning', FailedRSCreateReason, msg);
      throw err;
    }
  }
  if (!alreadyExists && newReplicasCount > 0) {
    event(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${createdRS.metadata.name} from 0 to ${newReplicasCount}`);
  }
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    setDeploymentCondition((d.status ??= {}), newDeploymentCondition('Progressing', 'True', NewReplicaSetReason, `Created new replica set "${createdRS.metadata.name}"`, nowString(ctx)));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ctx, d);
  return createdRS;
}

/**
 * scale: a single active ReplicaSet (or the newest, when none is) takes all replicas; a saturated new ReplicaSet
 * scales the old ones to zero; otherwise (a scale in the middle of a rolling update) every active ReplicaSet
 * gets its proportional share of the change, leftovers going to the largest.
 */
export async function scale(ctx: SyncContext, d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): Promise<void> {
  const replicas = d.spec.replicas ?? 1;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === replicas) return;
    await scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, replicas, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(ctx, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allRSsReplicas = getReplicaCountForReplicaSets(allRSs);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const deploymentReplicasToAdd = allowedSize - allRSsReplicas;
  let scalingOperation = '';
  if (deploymentReplicasToAdd > 0) {
    allRSs.sort(bySizeNewer);
    scalingOperation = 'up';
  } else if (deploymentReplicasToAdd < 0) {
    allRSs.sort(bySizeOlder);
    scalingOperation = 'down';
  }
  let deploymentReplicasAdded = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of allRSs) {
    if (deploymentReplicasToAdd !== 0) {
      const proportion = getProportion(rs, d, deploymentReplicasToAdd, deploymentReplicasAdded);
      nameToSize.set(rs.metadata.name!, specReplicas(rs) + proportion);
      deploymentReplicasAdded += proportion;
    } else nameToSize.set(rs.metadata.name!, specReplicas(rs));
  }
  for (let i = 0; i < allRSs.length; i++) {
    const rs = allRSs[i]!;
    if (i === 0 && deploymentReplicasToAdd !== 0) {
      const leftover = deploymentReplicasToAdd - deploymentReplicasAdded;
      nameToSize.set(rs.metadata.name!, Math.max(0, nameToSize.get(rs.metadata.name!)! + leftover));
    }
    await scaleReplicaSet(ctx, rs, nameToSize.get(rs.metadata.name!)!, d, scalingOperation);
  }
}

/** scaleReplicaSetAndRecordEvent: up or down to newScale, with the ScalingReplicaSet event. */
export async function scaleReplicaSetAndRecordEvent(
  ctx: SyncContext,
  rs: ReplicaSetObject,
  newScale: number,
  d: DeploymentObject,
): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d, specReplicas(rs) < newScale ? 'up' : 'down');
}

/** scaleReplicaSet: writes replicas and the desired/max-replicas annotations when either changed. */
export async function scaleReplicaSet(
  ctx: SyncContext,
  rs: ReplicaSetObject,
  newScale: number,
  d: DeploymentObject,
  scalingOperation: string,
): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
  const replicas = d.spec.replicas ?? 1;
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, replicas, replicas + maxSurge(d));
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const rsCopy = deepCopy(rs);
  rsCopy.spec.replicas = newScale;
  setReplicasAnnotations(rsCopy, replicas, replicas + maxSurge(d));
  const updated = (await ctx.client.resource(ReplicaSets).namespace(rs.metadata.namespace!).update(rsCopy)) as ReplicaSetObject;
  if (sizeNeedsUpdate) {
    event(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled ${scalingOperation} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/**
 * cleanupDeployment: keeps the newest revisionHistoryLimit old ReplicaSets and deletes older ones that are fully
 * scaled down (and observed so by the ReplicaSet controller).
 */
export async function cleanupDeployment(ctx: SyncContext, oldRSs: ReplicaSetObject[], d: DeploymentObject): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => rs && !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec.revisionHistoryLimit!;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
    try {
      await ctx.client.resource(ReplicaSets).namespace(rs.metadata.namespace!).delete(rs.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** calculateStatus: the counts over all ReplicaSets, and the Available condition against maxUnavailable. */
export function calculateStatus(ctx: SyncContext, allRSs: Array<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined, d: DeploymentObject): DeploymentStatus {
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);
  const totalReplicas = getReplicaCountForReplicaSets(allRSs);
  const unavailableReplicas = Math.max(0, totalReplicas - availableReplicas);
  // Go's omitempty: zero counts are not written.
  const status: DeploymentStatus = {};
  const set = (k: keyof DeploymentStatus, v: number | undefined) => {
    if (v) (status as Record<string, unknown>)[k] = v;
  };
  set('observedGeneration', d.metadata.generation);
  set('replicas', getActualReplicaCountForReplicaSets(allRSs));
  set('updatedReplicas', getActualReplicaCountForReplicaSets([newRS]));
  set('readyReplicas', getReadyReplicaCountForReplicaSets(allRSs));
  set('availableReplicas', availableReplicas);
  set('unavailableReplicas', unavailableReplicas);
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const now = nowString(ctx);
  if (availableReplicas >= (d.spec.replicas ?? 1) - maxUnavailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'True', MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'False', MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Orders a status's keys as the API serves it, so equal statuses compare equal. */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return deepEqual(a ?? {}, b ?? {});
}

/** syncDeploymentStatus: writes the calculated status when it differs. */
export async function syncDeploymentStatus(ctx: SyncContext, allRSs: Array<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined, d: DeploymentObject): Promise<void> {
  const newStatus = calculateStatus(ctx, allRSs, newRS, d);
  if (statusEqual(d.status, newStatus)) return;
  d.status = newStatus;
  await updateDeploymentStatus(ctx, d);
}

/** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from the Deployment's replicas. */
export async function isScalingEvent(ctx: SyncContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== (d.spec.replicas ?? 1)) return true;
  }
  return false;
}
