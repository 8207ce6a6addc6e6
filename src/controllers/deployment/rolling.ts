/**
 * The RollingUpdate strategy (pkg/controller/deployment/rolling.go): each sync either grows the new ReplicaSet
 * within maxSurge or shrinks old ones within maxUnavailable, never both, so that the pod count stays within
 * [replicas - maxUnavailable, replicas + maxSurge] of available / total pods at every step.
 */
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, type SyncContext } from './sync.js';
import { syncRolloutStatus } from './progress.js';
import {
  byCreationTimestamp,
  deploymentComplete,
  filterActiveReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  specReplicas,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util.js';

/** rolloutRolling: scale up if we can, else scale down if we can, then status (and cleanup once complete). */
export async function rolloutRolling(ctx: SyncContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(ctx, allRSs, newRS!, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(ctx, allRSs, filterActiveReplicaSets(oldRSs), newRS!, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: the new ReplicaSet grows toward replicas within maxSurge (or shrinks to replicas). */
export async function reconcileNewReplicaSet(ctx: SyncContext, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject, d: DeploymentObject): Promise<boolean> {
  const replicas = d.spec.replicas ?? 1;
  if (specReplicas(newRS) === replicas) return false;
  if (specReplicas(newRS) > replicas) return (await scaleReplicaSetAndRecordEvent(ctx, newRS, replicas, d)).scaled;
  const newReplicasCount = newRSNewReplicas(d, allRSs, newRS);
  return (await scaleReplicaSetAndRecordEvent(ctx, newRS, newReplicasCount, d)).scaled;
}

/**
 * reconcileOldReplicaSets: how many old pods may go (all pods - minAvailable - the new ReplicaSet's unavailable
 * ones), unhealthy old replicas first, then available ones while more than minAvailable are available.
 */
export async function reconcileOldReplicaSets(
  ctx: SyncContext,
  allRSs: ReplicaSetObject[],
  oldRSs: ReplicaSetObject[],
  newRS: ReplicaSetObject,
  d: DeploymentObject,
): Promise<boolean> {
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false;
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
  const newRSUnavailablePodCount = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;
  // Unhealthy replicas go first, or they would block the rollout.
  const cleaned = await cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const scaledDownCount = await scaleDownOldReplicaSetsForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.cleanupCount + scaledDownCount > 0;
}

/** cleanupUnhealthyReplicas: scales old ReplicaSets down by their unavailable replicas, oldest first, up to maxCleanupCount. */
export async function cleanupUnhealthyReplicas(
  ctx: SyncContext,
  oldRSs: ReplicaSetObject[],
  d: DeploymentObject,
  maxCleanupCount: number,
): Promise<{ oldRSs: ReplicaSetObject[]; cleanupCount: number }> {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let totalScaledDown = 0;
  for (let i = 0; i < sorted.length; i++) {
    const targetRS = sorted[i]!;
    if (totalScaledDown >= maxCleanupCount) break;
    if (specReplicas(targetRS) === 0) continue;
    const available = targetRS.status?.availableReplicas ?? 0;
    if (specReplicas(targetRS) === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, specReplicas(targetRS) - available);
    const newReplicasCount = specReplicas(targetRS) - scaledDownCount;
    if (newReplicasCount > specReplicas(targetRS)) {
      throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${targetRS.metadata.namespace}/${targetRS.metadata.name} ${specReplicas(targetRS)} -> ${newReplicasCount}`);
    }
    const { rs } = await scaleReplicaSetAndRecordEvent(ctx, targetRS, newReplicasCount, d);
    totalScaledDown += scaledDownCount;
    sorted[i] = rs;
  }
  return { oldRSs: sorted, cleanupCount: totalScaledDown };
}

/** scaleDownOldReplicaSetsForRollingUpdate: removes available old pods, oldest ReplicaSet first, down to minAvailable. */
export async function scaleDownOldReplicaSetsForRollingUpdate(ctx: SyncContext, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], d: DeploymentObject): Promise<number> {
  const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let totalScaledDown = 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  for (const targetRS of sorted) {
    if (totalScaledDown >= totalScaleDownCount) break;
    if (specReplicas(targetRS) === 0) continue;
    const scaleDownCount = Math.min(specReplicas(targetRS), totalScaleDownCount - totalScaledDown);
    const newReplicasCount = specReplicas(targetRS) - scaleDownCount;
    if (newReplicasCount > specReplicas(targetRS)) {
      throw new Error(`when scaling down old RS, got invalid request to scale down ${targetRS.metadata.namespace}/${targetRS.metadata.name} ${specReplicas(targetRS)} -> ${newReplicasCount}`);
    }
    await scaleReplicaSetAndRecordEvent(ctx, targetRS, newReplicasCount, d);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}
