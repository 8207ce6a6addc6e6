/** Validators of the non-core kinds by kind name, so the registry can look one up (the apps, batch, ... groups' validation packages). */
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { validateControllerRevision, validateControllerRevisionUpdate } from './controller-revision.js';
import { validateCronJob, validateCronJobStatusUpdate, validateCronJobUpdate } from './cron-job.js';
import { validateDaemonSet, validateDaemonSetStatusUpdate, validateDaemonSetUpdate } from './daemon-set.js';
import { validateDeployment, validateDeploymentStatusUpdate, validateDeploymentUpdate } from './deployment.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpoint-slice.js';
import {
  validateHorizontalPodAutoscaler,
  validateHorizontalPodAutoscalerStatusUpdate,
  validateHorizontalPodAutoscalerUpdate,
} from './horizontal-pod-autoscaler.js';
import { validateIngressClass, validateIngressClassUpdate } from './ingress-class.js';
import { validateIngress, validateIngressStatusUpdate, validateIngressUpdate } from './ingress.js';
import { validateJob, validateJobStatusUpdate, validateJobUpdate } from './job.js';
import { validateLease, validateLeaseUpdate } from './lease.js';
import { validateNetworkPolicy, validateNetworkPolicyUpdate } from './network-policy.js';
import { validatePodDisruptionBudget, validatePodDisruptionBudgetStatusUpdate, validatePodDisruptionBudgetUpdate } from './pod-disruption-budget.js';
import { validatePriorityClass, validatePriorityClassUpdate } from './priority-class.js';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateClusterRoleUpdate,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
  validateRoleUpdate,
} from './rbac.js';
import { validateReplicaSet, validateReplicaSetStatusUpdate, validateReplicaSetUpdate } from './replica-set.js';
import { validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from './stateful-set.js';
import { validateStorageClass, validateStorageClassUpdate } from './storage-class.js';

export { withGeneratedSelector } from './job.js';

/** What a strategy calls: validate on create, validateUpdate on update, validateStatusUpdate for the status subresource. */
export interface OtherKindValidator {
  validate(obj: KubeObject): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

/**
 * Every non-core kind's validator. Objects come defaulted, in the served (v1/v2) JSON form; a Job must already
 * carry its generated selector (withGeneratedSelector), as upstream's strategy adds it before validating.
 */
export const otherValidators: Record<string, OtherKindValidator> = {
  Deployment: { validate: validateDeployment, validateUpdate: validateDeploymentUpdate, validateStatusUpdate: validateDeploymentStatusUpdate },
  ReplicaSet: { validate: validateReplicaSet, validateUpdate: validateReplicaSetUpdate, validateStatusUpdate: validateReplicaSetStatusUpdate },
  DaemonSet: { validate: validateDaemonSet, validateUpdate: validateDaemonSetUpdate, validateStatusUpdate: validateDaemonSetStatusUpdate },
  StatefulSet: { validate: validateStatefulSet, validateUpdate: validateStatefulSetUpdate, validateStatusUpdate: validateStatefulSetStatusUpdate },
  ControllerRevision: { validate: validateControllerRevision, validateUpdate: validateControllerRevisionUpdate },
  Job: { validate: (obj) => validateJob(obj), validateUpdate: validateJobUpdate, validateStatusUpdate: validateJobStatusUpdate },
  CronJob: { validate: validateCronJob, validateUpdate: validateCronJobUpdate, validateStatusUpdate: validateCronJobStatusUpdate },
  HorizontalPodAutoscaler: {
    validate: validateHorizontalPodAutoscaler,
    validateUpdate: validateHorizontalPodAutoscalerUpdate,
    validateStatusUpdate: validateHorizontalPodAutoscalerStatusUpdate,
  },
  Lease: { validate: validateLease, validateUpdate: validateLeaseUpdate },
  Role: { validate: validateRole, validateUpdate: validateRoleUpdate },
  ClusterRole: { validate: (obj) => validateClusterRole(obj), validateUpdate: validateClusterRoleUpdate },
  RoleBinding: { validate: validateRoleBinding, validateUpdate: validateRoleBindingUpdate },
  ClusterRoleBinding: { validate: validateClusterRoleBinding, validateUpdate: validateClusterRoleBindingUpdate },
  PriorityClass: { validate: validatePriorityClass, validateUpdate: validatePriorityClassUpdate },
  EndpointSlice: { validate: validateEndpointSlice, validateUpdate: validateEndpointSliceUpdate },
  Ingress: { validate: validateIngress, validateUpdate: validateIngressUpdate, validateStatusUpdate: validateIngressStatusUpdate },
  IngressClass: { validate: validateIngressClass, validateUpdate: validateIngressClassUpdate },
  NetworkPolicy: { validate: validateNetworkPolicy, validateUpdate: validateNetworkPolicyUpdate },
  StorageClass: { validate: validateStorageClass, validateUpdate: validateStorageClassUpdate },
  PodDisruptionBudget: {
    validate: validatePodDisruptionBudget,
    validateUpdate: validatePodDisruptionBudgetUpdate,
    validateStatusUpdate: validatePodDisruptionBudgetStatusUpdate,
  },
};
