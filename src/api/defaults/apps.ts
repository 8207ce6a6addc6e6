/** Defaulting for apps/v1 workloads, after pkg/apis/apps/v1/defaults.go and the generated template defaulters. */
import { setPersistentVolumeClaimDefaults, setPodTemplateSpecDefaults } from './core.js';
import { defaultString, defaultUnset, listAt, materialize, structAt, templateMetadata, type Obj } from './fields.js';

function setDeploymentDefaults(d: Obj): void {
  const spec = structAt(d, 'spec');
  defaultUnset(spec, 'replicas', 1);
  const strategy = structAt(spec, 'strategy');
  defaultString(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = structAt(strategy, 'rollingUpdate');
    defaultUnset(rollingUpdate, 'maxUnavailable', '25%');
    defaultUnset(rollingUpdate, 'maxSurge', '25%');
  }
  defaultUnset(spec, 'revisionHistoryLimit', 10);
  defaultUnset(spec, 'progressDeadlineSeconds', 600);
  setPodTemplateSpecDefaults(structAt(spec, 'template'));
  structAt(d, 'status');
}

function setReplicaSetDefaults(rs: Obj): void {
  const spec = structAt(rs, 'spec');
  defaultUnset(spec, 'replicas', 1);
  setPodTemplateSpecDefaults(structAt(spec, 'template'));
  materialize(structAt(rs, 'status'), 'replicas', 0);
}

function setDaemonSetDefaults(ds: Obj): void {
  const spec = structAt(ds, 'spec');
  const strategy = structAt(spec, 'updateStrategy');
  defaultString(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = structAt(strategy, 'rollingUpdate');
    defaultUnset(rollingUpdate, 'maxUnavailable', 1);
    defaultUnset(rollingUpdate, 'maxSurge', 0);
  }
  defaultUnset(spec, 'revisionHistoryLimit', 10);
  setPodTemplateSpecDefaults(structAt(spec, 'template'));
  const status = structAt(ds, 'status');
  for (const f of ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']) materialize(status, f, 0);
}

function setStatefulSetDefaults(sts: Obj): void {
  const spec = structAt(sts, 'spec');
  defaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = structAt(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    defaultUnset(strategy, 'rollingUpdate', {});
  }
  // Only a rollingUpdate that exists gets a partition: `type: RollingUpdate` alone stays as written.
  const rollingUpdate = strategy.rollingUpdate;
  if (strategy.type === 'RollingUpdate' && rollingUpdate && typeof rollingUpdate === 'object') defaultUnset(rollingUpdate as Obj, 'partition', 0);
  const retention = structAt(spec, 'persistentVolumeClaimRetentionPolicy');
  defaultString(retention, 'whenDeleted', 'Retain');
  defaultString(retention, 'whenScaled', 'Retain');
  defaultUnset(spec, 'replicas', 1);
  defaultUnset(spec, 'revisionHistoryLimit', 10);
  setPodTemplateSpecDefaults(structAt(spec, 'template'));
  for (const pvc of listAt(spec, 'volumeClaimTemplates')) {
    materialize(pvc, 'apiVersion', 'v1');
    materialize(pvc, 'kind', 'PersistentVolumeClaim');
    templateMetadata(pvc);
    setPersistentVolumeClaimDefaults(pvc);
  }
  const status = structAt(sts, 'status');
  materialize(status, 'replicas', 0);
  materialize(status, 'availableReplicas', 0);
}

/** Defaults an apps/v1 object of the given kind in place. */
export function setAppsDefaults(obj: Obj, kind: string): void {
  switch (kind) {
    case 'Deployment':
      return setDeploymentDefaults(obj);
    case 'ReplicaSet':
      return setReplicaSetDefaults(obj);
    case 'DaemonSet':
      return setDaemonSetDefaults(obj);
    case 'StatefulSet':
      return setStatefulSetDefaults(obj);
    default:
      // ControllerRevision: nothing to default.
      return;
  }
}
