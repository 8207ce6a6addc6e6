/**
 * The pod-failure back-off (pkg/controller/job/backoff_utils.go): after n consecutive failed pods (since the last
 * success) a replacement waits 10 s · 2^(n-1), capped at MaxJobPodFailureBackOff, counted from the last failure.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { getIndexAbsoluteFailureCount } from './indexed-job-utils.js';

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go). */
export const DefaultJobPodFailureBackOffMs = 10_000;
export const MaxJobPodFailureBackOffMs = 10 * 60_000;

export interface BackoffRecord {
  key: string;
  failuresAfterLastSuccess: number;
  /** ms since the epoch */
  lastFailureTime?: number;
}

export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  updateBackoffRecord(record: BackoffRecord): void {
    this.records.set(record.key, { ...record });
  }

  removeBackoffRecord(key: string): void {
    this.records.delete(key);
  }

  /** The record as it will be once these newly finished pods are counted. */
  newBackoffRecord(key: string, newSucceededPods: Pod[], newFailedPods: Pod[]): BackoffRecord {
    const old = this.records.get(key);
    const backoff: BackoffRecord = old ? { ...old } : { key, failuresAfterLastSuccess: 0 };
    const succeeded = [...newSucceededPods].sort(byFinishedTime);
    const failed = [...newFailedPods].sort(byFinishedTime);
    if (succeeded.length === 0) {
      if (failed.length === 0) return backoff;
      backoff.failuresAfterLastSuccess += failed.length;
      backoff.lastFailureTime = getFinishedTime(failed[failed.length - 1]!);
      return backoff;
    }
    backoff.failuresAfterLastSuccess = 0;
    backoff.lastFailureTime = undefined;
    if (failed.length === 0) return backoff;
    const lastSuccessTime = getFinishedTime(succeeded[succeeded.length - 1]!);
    for (let i = failed.length - 1; i >= 0; i--) {
      const failedTime = getFinishedTime(failed[i]!);
      if (!(failedTime > lastSuccessTime)) break;
      if (backoff.lastFailureTime === undefined) backoff.lastFailureTime = failedTime;
      backoff.failuresAfterLastSuccess += 1;
    }
    return backoff;
  }
}

const byFinishedTime = (a: Pod, b: Pod) => getFinishedTime(a) - getFinishedTime(b);

const ms = (t: string | null | undefined) => (t ? new Date(t).getTime() : undefined);

/**
 * When a pod finished: the latest container finish time if every container finished, else the Ready=False
 * transition, else deletionTimestamp minus the grace period, else its creation time.
 */
export function getFinishedTime(p: Pod): number {
  return finishTimeFromContainers(p) ?? finishTimeFromReadyFalse(p) ?? finishTimeFromDeletion(p) ?? ms(p.metadata?.creationTimestamp) ?? 0;
}

function finishTimeFromContainers(p: Pod): number | undefined {
  let finish: number | undefined;
  for (const cs of p.status?.containerStatuses ?? []) {
    const t = ms(cs.state?.terminated?.finishedAt);
    if (t === undefined) return undefined;
    if (finish === undefined || finish < t) finish = t;
  }
  return finish;
}

function finishTimeFromReadyFalse(p: Pod): number | undefined {
  const c = p.status?.conditions?.find((x) => x.type === 'Ready');
  return c && c.status === 'False' ? ms(c.lastTransitionTime) : undefined;
}

function finishTimeFromDeletion(p: Pod): number | undefined {
  const d = ms(p.metadata?.deletionTimestamp);
  return d === undefined ? undefined : d - (p.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
}

/** getRemainingTimeForFailuresCount: how long a replacement still waits (0 when it may be created now). */
export function remainingTimeForFailuresCount(now: number, failuresCount: number, lastFailureTime: number | undefined, defaultMs = DefaultJobPodFailureBackOffMs, maxMs = MaxJobPodFailureBackOffMs): number {
  if (failuresCount === 0 || lastFailureTime === undefined) return 0;
  let backoff = defaultMs;
  for (let i = 1; i < failuresCount; i++) {
    backoff *= 2;
    if (backoff >= maxMs) {
      backoff = maxMs;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}

export function remainingTime(record: BackoffRecord, now: number): number {
  return remainingTimeForFailuresCount(now, record.failuresAfterLastSuccess, record.lastFailureTime);
}

/** getRemainingTimePerIndex: the back-off of one index, from its last failed pod's failure-count annotations. */
export function remainingTimePerIndex(now: number, lastFailedPod: Pod | undefined): number {
  if (!lastFailedPod) return 0;
  return remainingTimeForFailuresCount(now, getIndexAbsoluteFailureCount(lastFailedPod) + 1, getFinishedTime(lastFailedPod));
}
