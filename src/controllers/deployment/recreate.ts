/**
 * The Recreate strategy (pkg/controller/deployment/recreate.go): every old pod is gone before the new ReplicaSet
 * is created and scaled up.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent, type SyncContext } from './sync.js';
import { syncRolloutStatus } from './progress.js';
import { deploymentComplete, filterActiveReplicaSets, getActualReplicaCountForReplicaSets, specReplicas, type DeploymentObject, type ReplicaSetObject } from './util.js';

/** Pods of the Deployment by the uid of the ReplicaSet that controls them. */
export type PodMap = Map<string, Pod[]>;

export async function rolloutRecreate(ctx: SyncContext, d: DeploymentObject, rsList: ReplicaSetObject[], podMap: PodMap): Promise<void> {
  // Don't create a new RS if not already existed, so that we avoid scaling up before scaling down.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  const activeOldRSs = filterActiveReplicaSets(oldRSs);
  // Scale down old replica sets.
  if (await scaleDownOldReplicaSetsForRecreate(ctx, activeOldRSs, d)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  // Wait for all old replica sets' pods to be terminated.
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, allRSs, newRS, d);
  // Only now create the new RS (if it does not exist yet) and scale it up.
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  await scaleReplicaSetAndRecordEvent(ctx, newRS!, d.spec.replicas ?? 1, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allRSs, newRS, d);
}

async function scaleDownOldReplicaSetsForRecreate(ctx: SyncContext, oldRSs: ReplicaSetObject[], d: DeploymentObject): Promise<boolean> {
  let scaled = false;
  for (const rs of oldRSs) {
    if (specReplicas(rs) === 0) continue;
    if ((await scaleReplicaSetAndRecordEvent(ctx, rs, 0, d)).scaled) scaled = true;
  }
  return scaled;
}

/** oldPodsRunning: old ReplicaSets still report pods, or a pod of theirs is neither Succeeded nor Failed. */
export function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[], podMap: PodMap): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  for (const [rsUID, pods] of podMap) {
    if (newRS && newRS.metadata.uid === rsUID) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
