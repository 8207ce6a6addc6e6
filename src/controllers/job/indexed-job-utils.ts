/**
 * Indexed Jobs (pkg/controller/job/indexed_job_utils.go): completion indexes live in a pod annotation (and, with
 * PodIndexLabel, a label); finished indexes are kept in status as compressed intervals ("1,3-5,7").
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { activePodsComparator } from '../util/active-pods.js';

export const JobCompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
export const JobIndexFailureCountAnnotation = 'batch.kubernetes.io/job-index-failure-count';
export const JobIndexIgnoredFailureCountAnnotation = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const completionIndexEnvName = 'JOB_COMPLETION_INDEX';
export const unknownCompletionIndex = -1;
/** names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
const maxGeneratedNameLength = 58;

export const isIndexedJob = (job: Job) => job.spec?.completionMode === 'Indexed';

/** BackoffLimitPerIndex is beta and on in 1.32. */
export const hasBackoffLimitPerIndex = (job: Job) => job.spec?.backoffLimitPerIndex !== undefined && job.spec?.backoffLimitPerIndex !== null;

export interface Interval {
  first: number;
  last: number;
}

/** Sorted, non-overlapping, non-adjacent intervals of indexes (orderedIntervals). */
export class OrderedIntervals {
  constructor(readonly intervals: Interval[] = []) {}

  /** A new list with newIndexes (given in increasing order) merged in. */
  withOrderedIndexes(newIndexes: number[]): OrderedIntervals {
    return this.merge(new OrderedIntervals(newIndexes.map((i) => ({ first: i, last: i }))));
  }

  merge(other: OrderedIntervals): OrderedIntervals {
    const result: Interval[] = [];
    let last: Interval | undefined;
    const push = (iv: Interval) => {
      if (!last || iv.first > last.last + 1) {
        last = { ...iv };
        result.push(last);
      } else if (last.last < iv.last) last.last = iv.last;
    };
    const a = this.intervals;
    const b = other.intervals;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i]!.first < b[j]!.first) push(a[i++]!);
      else push(b[j++]!);
    }
    while (i < a.length) push(a[i++]!);
    while (j < b.length) push(b[j++]!);
    return new OrderedIntervals(result);
  }

  total(): number {
    return this.intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
  }

  has(ix: number): boolean {
    return this.intervals.some((iv) => iv.first <= ix && ix <= iv.last);
  }

  /** "1,3-5,7": two adjacent indexes are written "1,2". */
  toString(): string {
    return this.intervals.map((v) => (v.last > v.first ? `${v.first}${v.last === v.first + 1 ? ',' : '-'}${v.last}` : `${v.first}`)).join(',');
  }
}

/** Go's strconv.Atoi for the small decimal numbers of these fields. */
function atoi(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** parseIndexesFromString: corrupted intervals are skipped, indexes at or past completions dropped. */
export function parseIndexesFromString(indexesStr: string | undefined, completions: number): OrderedIntervals {
  if (!indexesStr) return new OrderedIntervals();
  const result: Interval[] = [];
  for (const intervalStr of indexesStr.split(',')) {
    const limits = intervalStr.split('-');
    const first = atoi(limits[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const l = atoi(limits[1]);
      if (l === undefined) continue;
      last = l >= completions ? completions - 1 : l;
    }
    const prev = result[result.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return new OrderedIntervals(result);
}

export function getCompletionIndex(annotations: Record<string, string> | undefined): number {
  const i = atoi(annotations?.[JobCompletionIndexAnnotation]);
  return i === undefined || i < 0 ? unknownCompletionIndex : i;
}

export function getIndexes(pods: Pod[]): Set<number> {
  const out = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix !== unknownCompletionIndex) out.add(ix);
  }
  return out;
}

const sortedList = (s: Set<number>) => [...s].sort((a, b) => a - b);

/** firstPendingIndexes: `count` indexes below completions not active, succeeded, failed (or terminating, when only failed pods are replaced). */
export function firstPendingIndexes(
  opts: { activePods: Pod[]; succeededIndexes: OrderedIntervals; failedIndexes?: OrderedIntervals; terminatingPods?: Pod[] },
  count: number,
  completions: number,
): number[] {
  if (count === 0) return [];
  let nonPending = opts.succeededIndexes.withOrderedIndexes(sortedList(getIndexes(opts.activePods)));
  if (opts.terminatingPods) nonPending = nonPending.withOrderedIndexes(sortedList(getIndexes(opts.terminatingPods)));
  if (opts.failedIndexes) nonPending = nonPending.merge(opts.failedIndexes);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending.intervals) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

export const byCompletionIndex = (a: Pod, b: Pod) => getCompletionIndex(a.metadata?.annotations) - getCompletionIndex(b.metadata?.annotations);

/**
 * appendDuplicatedIndexPodsForRemoval: of pods sharing an index all but the best are removed; pods without an
 * index or with one out of range are removed too.
 */
export function duplicatedIndexPodsForRemoval(pods: Pod[], completions: number): { rm: Pod[]; left: Pod[] } {
  const sorted = [...pods].sort(byCompletionIndex);
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const flush = (group: Pod[], ix: number) => {
    if (group.length === 0) return;
    if (ix === unknownCompletionIndex) return void rm.push(...group);
    if (group.length === 1) return void left.push(group[0]!);
    const ordered = [...group].sort(activePodsComparator);
    rm.push(...ordered.slice(0, -1));
    left.push(ordered[ordered.length - 1]!);
  };
  let lastIndex = unknownCompletionIndex;
  let group: Pod[] = [];
  let i = 0;
  for (; i < sorted.length; i++) {
    const p = sorted[i]!;
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix >= completions) {
      rm.push(...sorted.slice(i));
      break;
    }
    if (ix !== lastIndex) {
      flush(group, lastIndex);
      group = [];
      lastIndex = ix;
    }
    group.push(p);
  }
  flush(group, lastIndex);
  return { rm, left };
}

/** JOB_COMPLETION_INDEX from the pod's completion-index label (PodIndexLabel is on), in every container. */
export function addCompletionIndexEnvVariables(template: PodTemplateSpec): void {
  const add = (c: Container) => {
    if (c.env?.some((v) => v.name === completionIndexEnvName)) return;
    (c.env ??= []).push({ name: completionIndexEnvName, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JobCompletionIndexAnnotation}']` } } });
  };
  for (const c of template.spec?.initContainers ?? []) add(c);
  for (const c of template.spec?.containers ?? []) add(c);
}

export function addCompletionIndexAnnotation(template: PodTemplateSpec, index: number): void {
  const meta = (template.metadata ??= {});
  (meta.annotations ??= {})[JobCompletionIndexAnnotation] = String(index);
}

export function addCompletionIndexLabel(template: PodTemplateSpec, index: number): void {
  const meta = (template.metadata ??= {});
  (meta.labels ??= {})[JobCompletionIndexAnnotation] = String(index);
}

/** `<job>-<index>-`, the job name cut so the whole stays within the generated-name limit. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendIndex = `-${index}-`;
  let prefix = jobName + appendIndex;
  if (prefix.length > maxGeneratedNameLength) prefix = prefix.slice(0, maxGeneratedNameLength - appendIndex.length) + appendIndex;
  return prefix;
}

/** The job-index-failure-count annotation (0 when absent, unparsable or out of int32 range). */
export function getIndexFailureCount(pod: Pod): number {
  return parseCount(pod.metadata?.annotations?.[JobIndexFailureCountAnnotation]);
}

export function getIndexIgnoredFailureCount(pod: Pod): number {
  return parseCount(pod.metadata?.annotations?.[JobIndexIgnoredFailureCountAnnotation]);
}

export const getIndexAbsoluteFailureCount = (pod: Pod) => getIndexFailureCount(pod) + getIndexIgnoredFailureCount(pod);

function parseCount(v: string | undefined): number {
  const n = atoi(v);
  return n === undefined || n < 0 || n > 2147483647 ? 0 : n;
}
