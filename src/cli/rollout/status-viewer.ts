/**
 * kubectl's rollout status viewers (polymorphichelpers/rollout_status.go): for one state of a Deployment, DaemonSet
 * or StatefulSet, the line `rollout status` prints and whether the rollout is done.
 */
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../api/object.js';
import { CliError } from '../errors.js';

export interface RolloutStatus {
  message: string;
  done: boolean;
}

export type StatusViewer = (obj: KubeObject, revision: number) => RolloutStatus;

const RevisionAnnotation = 'deployment.kubernetes.io/revision';

/** StatusViewerFor: the viewer of a group/kind, or kubectl's error for the others. */
export function statusViewerFor(group: string, kind: string): StatusViewer {
  if (group === 'apps' && kind === 'Deployment') return deploymentStatus;
  if (group === 'apps' && kind === 'DaemonSet') return daemonSetStatus;
  if (group === 'apps' && kind === 'StatefulSet') return statefulSetStatus;
  throw new CliError(`error: no status viewer has been implemented for ${group ? `${kind}.${group}` : kind}`);
}

export function deploymentStatus(obj: KubeObject, revision: number): RolloutStatus {
  const d = obj as unknown as Deployment & KubeObject;
  const name = d.metadata.name;
  if (revision > 0) {
    const v = d.metadata.annotations?.[RevisionAnnotation];
    const deploymentRev = v === undefined ? 0 : /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isNaN(deploymentRev)) throw new CliError(`error: cannot get the revision of deployment "${name}": strconv.ParseInt: parsing "${v}": invalid syntax`);
    if (revision !== deploymentRev) throw new CliError(`error: desired revision (${revision}) is different from the running revision (${deploymentRev})`);
  }
  const status = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const cond = status.conditions?.find((c) => c.type === 'Progressing');
    if (cond?.reason === 'ProgressDeadlineExceeded') throw new CliError(`error: deployment "${name}" exceeded its progress deadline`);
    const replicas = d.spec?.replicas;
    const updated = status.updatedReplicas ?? 0;
    if (replicas !== undefined && updated < replicas) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    }
    if ((status.replicas ?? 0) > updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
    }
    if ((status.availableReplicas ?? 0) < updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
    }
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

export function daemonSetStatus(obj: KubeObject): RolloutStatus {
  const ds = obj as unknown as DaemonSet & KubeObject;
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new CliError('error: rollout status is only available for RollingUpdate strategy type');
  }
  const s = ds.status ?? ({} as NonNullable<DaemonSet['status']>);
  const name = ds.metadata.name;
  if ((ds.metadata.generation ?? 0) <= (s.observedGeneration ?? 0)) {
    if ((s.updatedNumberScheduled ?? 0) < (s.desiredNumberScheduled ?? 0)) {
      return { message: `Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${s.desiredNumberScheduled ?? 0} new pods have been updated...\n`, done: false };
    }
    if ((s.numberAvailable ?? 0) < (s.desiredNumberScheduled ?? 0)) {
      return { message: `Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable ?? 0} of ${s.desiredNumberScheduled ?? 0} updated pods are available...\n`, done: false };
    }
    return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
}

export function statefulSetStatus(obj: KubeObject): RolloutStatus {
  const sts = obj as unknown as StatefulSet & KubeObject;
  const strategy = sts.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new CliError('error: rollout status is only available for RollingUpdate strategy type');
  }
  const s = sts.status ?? ({} as NonNullable<StatefulSet['status']>);
  if (!s.observedGeneration || (sts.metadata.generation ?? 0) > s.observedGeneration) {
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  }
  const replicas = sts.spec?.replicas;
  if (replicas !== undefined && (s.readyReplicas ?? 0) < replicas) {
    return { message: `Waiting for ${replicas - (s.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  }
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined) {
      if ((s.updatedReplicas ?? 0) < replicas - partition) {
        return { message: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, done: false };
      }
    }
    return { message: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
  }
  if (s.updateRevision !== s.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision ?? ''}...\n`, done: false };
  }
  return { message: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision ?? ''}...\n`, done: true };
}
