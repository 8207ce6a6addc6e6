/** The apps group's printers (printDeployment, printReplicaSet, printDaemonSet, printStatefulSet, printControllerRevision). */
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import { formatLabelSelector, labelSelectorAsSelector, LabelSelectorError, type MetaLabelSelector } from '../../api/label-selector.js';
import { parseApiVersion, type KubeObject } from '../../api/object.js';
import { formatLabels, int, layoutContainerCells, str, translateTimestampSince } from './cell-formats.js';
import { ageColumn, column, containersColumn, fieldDoc, imagesColumn, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

const apps = 'io.k8s.api.apps.v1';
const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata.creationTimestamp, now);

/** LabelSelectorAsSelector(...).String() as printDeployment uses it: no `<none>` for an empty selector, `<invalid>` for a bad one. */
function selectorString(selector: MetaLabelSelector | undefined): string {
  try {
    return labelSelectorAsSelector(selector).toString();
  } catch (e) {
    if (e instanceof LabelSelectorError) return '<invalid>';
    throw e;
  }
}

const selectorColumn = (definition: string) => column('Selector', 'string', fieldDoc(definition, 'selector'), { priority: 1 });

export const deploymentPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', fieldDoc(`${apps}.DeploymentStatus`, 'updatedReplicas')),
    column('Available', 'string', fieldDoc(`${apps}.DeploymentStatus`, 'availableReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(`${apps}.DeploymentSpec`),
  ],
  (obj, now) => {
    const d = obj as unknown as Deployment;
    const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
    return [
      str(obj.metadata.name),
      `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas)}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      age(obj, now),
      names,
      images,
      selectorString(d.spec?.selector),
    ];
  },
);

export const replicaSetPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Desired', 'integer', fieldDoc(`${apps}.ReplicaSetSpec`, 'replicas')),
    column('Current', 'integer', fieldDoc(`${apps}.ReplicaSetStatus`, 'replicas')),
    column('Ready', 'integer', fieldDoc(`${apps}.ReplicaSetStatus`, 'readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(`${apps}.ReplicaSetSpec`),
  ],
  (obj, now) => {
    const rs = obj as unknown as ReplicaSet;
    const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
    return [
      str(obj.metadata.name),
      int(rs.spec?.replicas),
      int(rs.status?.replicas),
      int(rs.status?.readyReplicas),
      age(obj, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
);

export const daemonSetPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Desired', 'integer', fieldDoc(`${apps}.DaemonSetStatus`, 'desiredNumberScheduled')),
    column('Current', 'integer', fieldDoc(`${apps}.DaemonSetStatus`, 'currentNumberScheduled')),
    column('Ready', 'integer', fieldDoc(`${apps}.DaemonSetStatus`, 'numberReady')),
    column('Up-to-date', 'integer', fieldDoc(`${apps}.DaemonSetStatus`, 'updatedNumberScheduled')),
    column('Available', 'integer', fieldDoc(`${apps}.DaemonSetStatus`, 'numberAvailable')),
    column('Node Selector', 'string', fieldDoc('io.k8s.api.core.v1.PodSpec', 'nodeSelector')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(`${apps}.DaemonSetSpec`),
  ],
  (obj, now) => {
    const ds = obj as unknown as DaemonSet;
    const status = ds.status;
    const [names, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
    return [
      str(obj.metadata.name),
      int(status?.desiredNumberScheduled),
      int(status?.currentNumberScheduled),
      int(status?.numberReady),
      int(status?.updatedNumberScheduled),
      int(status?.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(obj, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
);

export const statefulSetPrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), containersColumn(), imagesColumn()],
  (obj, now) => {
    const sts = obj as unknown as StatefulSet;
    const [names, images] = layoutContainerCells(sts.spec?.template?.spec?.containers);
    return [str(obj.metadata.name), `${int(sts.status?.readyReplicas)}/${int(sts.spec?.replicas)}`, age(obj, now), names, images];
  },
);

/** formatResourceName with the kind: `daemonset.apps/fluentd` (GroupKind.String lowercased). */
function controllerName(obj: KubeObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const { group } = parseApiVersion(ref.apiVersion ?? '');
  if (!ref.kind && !group) return ref.name;
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', fieldDoc(`${apps}.ControllerRevision`, 'revision')),
    ageColumn(),
  ],
  (obj, now) => [str(obj.metadata.name), controllerName(obj), int((obj as unknown as ControllerRevision).revision), age(obj, now)],
);
