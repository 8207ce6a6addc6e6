/**
 * Rollout progress (pkg/controller/deployment/progress.go): the Progressing condition (NewReplicaSetAvailable once
 * complete, ReplicaSetUpdated while progressing, ProgressDeadlineExceeded after progressDeadlineSeconds without
 * progress), ReplicaFailure surfaced from the ReplicaSets, and the requeue that checks the deadline in time.
 */
import type { DeploymentCondition } from 'kubernetes-types/apps/v1.js';
import { calculateStatus, nowString, statusEqual, updateDeploymentStatus, type SyncContext } from './sync.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  newDeploymentCondition,
  NewRSAvailableReason,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  ReplicaSetUpdatedReason,
  setDeploymentCondition,
  TimedOutReason,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util.js';

export async function syncRolloutStatus(ctx: SyncContext, allRSs: Array<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined, d: DeploymentObject): Promise<void> {
  const newStatus = calculateStatus(ctx, allRSs, newRS, d);
  const now = nowString(ctx);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, 'Progressing');
  // Only one active ReplicaSet and the last rollout complete: a resync, no progress to estimate.
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment = newStatus.replicas === newStatus.updatedReplicas && currentCond?.reason === NewRSAvailableReason;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    if (deploymentComplete(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setDeploymentCondition(newStatus, newDeploymentCondition('Progressing', 'True', NewRSAvailableReason, msg, now));
    } else if (deploymentProgressing(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const condition = newDeploymentCondition('Progressing', 'True', ReplicaSetUpdatedReason, msg, now);
      // Progress refreshes lastUpdateTime even when the reason stays, which SetDeploymentCondition would not do.
      if (currentCond) {
        if (currentCond.status === 'True') condition.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, 'Progressing');
      }
      setDeploymentCondition(newStatus, condition);
    } else if (deploymentTimedOut(d, newStatus, ctx.now().getTime())) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setDeploymentCondition(newStatus, newDeploymentCondition('Progressing', 'False', TimedOutReason, msg, now));
    }
  }
  // The new ReplicaSet's ReplicaFailure wins over old ones'; only one is shown.
  const failures = getReplicaFailures(allRSs, newRS);
  if (failures.length) setDeploymentCondition(newStatus, failures[0]!);
  else removeDeploymentCondition(newStatus, 'ReplicaFailure');

  if (statusEqual(d.status, newStatus)) {
    requeueStuckDeployment(ctx, d, newStatus);
    return;
  }
  d.status = newStatus;
  await updateDeploymentStatus(ctx, d);
}

function getReplicaFailures(allRSs: Array<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined): DeploymentCondition[] {
  const failuresOf = (rs: ReplicaSetObject) => (rs.status?.conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(replicaSetToDeploymentCondition);
  if (newRS) {
    const own = failuresOf(newRS);
    if (own.length) return own;
  }
  return allRSs.flatMap((rs) => (rs ? failuresOf(rs) : []));
}

/**
 * requeueStuckDeployment: a rollout without progress is looked at again when its deadline passes
 * (lastUpdateTime + progressDeadlineSeconds - now, plus a second), so ProgressDeadlineExceeded is reported on time.
 * Returns the delay in ms (-1: none needed).
 */
export function requeueStuckDeployment(ctx: SyncContext, d: DeploymentObject, newStatus: ReturnType<typeof calculateStatus>): number {
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !currentCond) return -1;
  if (deploymentComplete(d, newStatus) || currentCond.reason === TimedOutReason) return -1;
  const last = currentCond.lastUpdateTime ? Date.parse(currentCond.lastUpdateTime) : 0;
  const after = last + d.spec.progressDeadlineSeconds! * 1000 - ctx.now().getTime();
  if (after < 1000) {
    ctx.enqueueRateLimited(d);
    return 0;
  }
  ctx.enqueueAfter(d, after + 1000);
  return after;
}
