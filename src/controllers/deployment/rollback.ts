/**
 * Rollback through the deprecated `deprecated.deployment.rollback.to` annotation (pkg/controller/deployment/
 * rollback.go), which old clients (extensions/v1beta1 DeploymentRollback) set; kubectl 1.32's `rollout undo`
 * patches the template itself instead.
 */
import { Deployments } from '../../client/resources.js';
import { event, getAllReplicaSetsAndSyncRevision, type SyncContext } from './sync.js';
import {
  DeprecatedRollbackTo,
  equalIgnoreHash,
  lastRevision,
  revisionOf,
  RollbackDone,
  RollbackRevisionNotFound,
  RollbackTemplateUnchanged,
  setDeploymentAnnotationsTo,
  setFromReplicaSetTemplate,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util.js';

/** getRollbackTo: the revision asked for (0: the previous one), undefined when none or unparsable. */
export function getRollbackTo(d: DeploymentObject): number | undefined {
  const v = d.metadata.annotations?.[DeprecatedRollbackTo];
  if (!v) return undefined;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export async function rollback(ctx: SyncContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  let revision = getRollbackTo(d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(allRSs);
    if (revision === 0) {
      event(ctx, d, 'Warning', RollbackRevisionNotFound, 'Unable to find last revision.');
      return updateDeploymentAndClearRollbackTo(ctx, d);
    }
  }
  for (const rs of allRSs) {
    const v = revisionOf(rs);
    if (Number.isNaN(v) || v !== revision) continue;
    // Copies the ReplicaSet's template; the revision is raised on the next sync.
    let performed = false;
    if (!equalIgnoreHash(d.spec.template, rs.spec.template)) {
      setFromReplicaSetTemplate(d, rs.spec.template!);
      setDeploymentAnnotationsTo(d, rs);
      performed = true;
    } else {
      event(ctx, d, 'Warning', RollbackTemplateUnchanged, `The rollback revision contains the same template as current deployment "${d.metadata.name}"`);
    }
    await updateDeploymentAndClearRollbackTo(ctx, d);
    if (performed) event(ctx, d, 'Normal', RollbackDone, `Rolled back deployment "${d.metadata.name}" to revision ${revision}`);
    return;
  }
  event(ctx, d, 'Warning', RollbackRevisionNotFound, 'Unable to find the revision to rollback to.');
  return updateDeploymentAndClearRollbackTo(ctx, d);
}

async function updateDeploymentAndClearRollbackTo(ctx: SyncContext, d: DeploymentObject): Promise<void> {
  if (d.metadata.annotations) delete d.metadata.annotations[DeprecatedRollbackTo];
  await ctx.client.resource(Deployments).namespace(d.metadata.namespace!).update(d);
}
