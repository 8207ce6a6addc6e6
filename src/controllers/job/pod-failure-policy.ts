/**
 * Pod failure policy (pkg/controller/job/pod_failure_policy.go): the first rule a failed pod matches, by a
 * container's exit code or by a pod condition (DisruptionTarget...), decides whether the Job fails at once
 * (FailJob), the failure is not counted (Ignore), counted (Count) or fails only its index (FailIndex).
 */
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement, PodFailurePolicyOnPodConditionsPattern } from 'kubernetes-types/batch/v1.js';
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailurePolicyMatch {
  /** Present when a FailJob rule matched. */
  jobFailureMessage?: string;
  /** Whether the failure counts towards backoffLimit (and backoffLimitPerIndex). */
  countFailed: boolean;
  action?: PodFailurePolicyAction;
}

export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, failedPod: Pod): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const ns = failedPod.metadata?.namespace ?? '';
  const name = failedPod.metadata?.name ?? '';
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    const action = rule.action as PodFailurePolicyAction;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(failedPod, rule.onExitCodes);
      if (!cs) continue;
      switch (action) {
        case 'Ignore':
          return { countFailed: false, action };
        case 'FailIndex':
          return { countFailed: true, action };
        case 'Count':
          return { countFailed: true, action };
        case 'FailJob':
          return {
            jobFailureMessage: `Container ${cs.name} for pod ${ns}/${name} failed with exit code ${cs.state!.terminated!.exitCode} matching ${action} rule at index ${index}`,
            countFailed: true,
            action,
          };
      }
    } else if (rule.onPodConditions) {
      const cond = matchOnPodConditions(failedPod, rule.onPodConditions);
      if (!cond) continue;
      switch (action) {
        case 'Ignore':
          return { countFailed: false, action };
        case 'FailIndex':
          return { countFailed: true, action };
        case 'Count':
          return { countFailed: true, action };
        case 'FailJob':
          return { jobFailureMessage: `Pod ${ns}/${name} has condition ${cond.type} matching ${action} rule at index ${index}`, countFailed: true, action };
      }
    }
  }
  return { countFailed: true };
}

function matchOnExitCodes(pod: Pod, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return matchingContainer(pod.status?.containerStatuses ?? [], req) ?? matchingContainer(pod.status?.initContainerStatuses ?? [], req);
}

function matchOnPodConditions(pod: Pod, patterns: PodFailurePolicyOnPodConditionsPattern[]): PodCondition | undefined {
  for (const c of pod.status?.conditions ?? []) {
    for (const p of patterns) if (c.type === p.type && c.status === p.status) return c;
  }
  return undefined;
}

/** The first terminated container (exit code not 0) whose name and exit code match. */
function matchingContainer(statuses: ContainerStatus[], req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  for (const cs of statuses) {
    const t = cs.state?.terminated;
    if (!t) continue;
    if (req.containerName && req.containerName !== cs.name) continue;
    if (t.exitCode === 0) continue;
    const listed = (req.values ?? []).includes(t.exitCode);
    if ((req.operator === 'In' && listed) || (req.operator === 'NotIn' && !listed)) return cs;
  }
  return undefined;
}
