/** Which printer the API server uses for each kind: printers.go's handler, or the default NAME / CREATED AT table. */
import type { KindInfo } from '../../api/kinds.js';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps-printers.js';
import { cronJobPrinter, jobPrinter } from './batch-printers.js';
import { leasePrinter, podDisruptionBudgetPrinter, priorityClassPrinter } from './cluster-printers.js';
import { configMapPrinter, eventPrinter, namespacePrinter, resourceQuotaPrinter, secretPrinter, serviceAccountPrinter } from './core-printers.js';
import { defaultPrinter } from './default-printer.js';
import { horizontalPodAutoscalerPrinter } from './hpa-printer.js';
import type { KindPrinter } from './kind-printer.js';
import { endpointSlicePrinter, endpointsPrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './network-printers.js';
import { nodePrinter } from './node-printer.js';
import { podPrinter } from './pod-printer.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac-printers.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage-printers.js';

/** Keyed `group/Kind`. Role, ClusterRole and LimitRange are absent on purpose: upstream registers no printer for them. */
const printers: ReadonlyMap<string, KindPrinter> = new Map([
  ['/Pod', podPrinter],
  ['/Node', nodePrinter],
  ['/Namespace', namespacePrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/Event', eventPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
]);

/** The printer for a kind; kinds upstream prints with rest.DefaultTableConvertor get the default one. */
export function printerFor(kind: Pick<KindInfo, 'group' | 'kind'>): KindPrinter {
  return printers.get(`${kind.group}/${kind.kind}`) ?? defaultPrinter;
}

/** Whether upstream has a dedicated printer for the kind (false: NAME and CREATED AT). */
export const hasDedicatedPrinter = (kind: Pick<KindInfo, 'group' | 'kind'>): boolean => printers.has(`${kind.group}/${kind.kind}`);
