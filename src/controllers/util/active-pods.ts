/**
 * Which pods count and in what order controllers give them up (pkg/controller/controller_utils.go ActivePods,
 * ActivePodsWithRanks, FilterActivePods; pkg/api/v1/pod IsPodReady/IsPodAvailable): the pods to delete first
 * sort first.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';

/** The annotation whose integer value makes a pod cheaper (lower) or dearer to delete (PodDeletionCost, on by default). */
export const PodDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

/** `namespace/name`, as controllers key pods (cache.MetaNamespaceKeyFunc). */
export function podKey(pod: Pod): string {
  const ns = pod.metadata?.namespace;
  return ns ? `${ns}/${pod.metadata?.name ?? ''}` : (pod.metadata?.name ?? '');
}

/** Not Succeeded, not Failed and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function filterActivePods(pods: Pod[]): Pod[] {
  return pods.filter(isPodActive);
}

export function getPodReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return getPodReadyCondition(pod)?.status === 'True';
}

/** Ready for at least minReadySeconds (always, when minReadySeconds is 0). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const c = getPodReadyCondition(pod)!;
  if (!c.lastTransitionTime) return false;
  return timeOf(c.lastTransitionTime) + minReadySeconds * 1000 < now.getTime();
}

/** Pending < Unknown < Running; anything else (Succeeded, Failed, '') is 0, as a missing map key in Go. */
const podPhaseToOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrdinal = (p: Pod) => podPhaseToOrdinal[p.status?.phase ?? ''] ?? 0;

/** A metav1.Time in ms; 0 is Go's zero time. */
function timeOf(t: string | undefined | null): number {
  if (!t) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

function podReadyTime(pod: Pod): number {
  if (!isPodReady(pod)) return 0;
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  return timeOf(c?.lastTransitionTime);
}

/** t1 after t2, a zero time sorting before any other (afterOrZero). */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** The highest restart count of the regular containers and of the sidecars (restartable init containers). */
function maxContainerRestarts(pod: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  let sidecar = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => (c as { restartPolicy?: string }).restartPolicy === 'Always').map((c) => c.name));
  for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return { regular, sidecar };
}

/** More restarts sorts first; undefined when equal (compareMaxContainerRestarts). */
function compareMaxContainerRestarts(a: Pod, b: Pod): boolean | undefined {
  const ra = maxContainerRestarts(a);
  const rb = maxContainerRestarts(b);
  if (ra.regular !== rb.regular) return ra.regular > rb.regular;
  if (ra.sidecar !== rb.sidecar) return ra.sidecar > rb.sidecar;
  return undefined;
}

/** The deletion cost annotation as an int32; 0 when absent or invalid (GetDeletionCostFromPodAnnotations). */
export function getDeletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[PodDeletionCostAnnotation];
  if (v === undefined) return 0;
  if (!/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < -2147483648 || n > 2147483647 ? 0 : n;
}

/** upstream ActivePods.Less: true when a should be deleted before b. */
export function activePodsLess(a: Pod, b: Pod): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  // 1. Unassigned < assigned
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. PodPending < PodUnknown < PodRunning
  if (phaseOrdinal(a) !== phaseOrdinal(b)) return phaseOrdinal(a) < phaseOrdinal(b);
  // 3. Not ready < ready
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  // 4. Been ready for empty time < less time < more time
  if (isPodReady(a) && isPodReady(b)) {
    const ta = podReadyTime(a);
    const tb = podReadyTime(b);
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  // 5. Pods with containers with higher restart counts < lower restart counts
  const r = compareMaxContainerRestarts(a, b);
  if (r !== undefined) return r;
  // 6. Empty creation time pods < newer pods < older pods
  const ca = timeOf(a.metadata?.creationTimestamp);
  const cb = timeOf(b.metadata?.creationTimestamp);
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/** A sort comparator from upstream's ActivePods (stable sort keeps equal pods in input order). */
export function activePodsComparator(a: Pod, b: Pod): number {
  if (activePodsLess(a, b)) return -1;
  if (activePodsLess(b, a)) return 1;
  return 0;
}

/** floor(log2(now - t)) in nanoseconds, -1 when t is not in the past (logarithmicRankDiff's per-time rank). */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** Pods with a rank each (ActivePodsWithRanks); now enables the LogarithmicScaleDown buckets (on by default). */
export interface RankedPod {
  pod: Pod;
  rank: number;
}

/** upstream ActivePodsWithRanks.Less with PodDeletionCost and LogarithmicScaleDown enabled (their 1.32 defaults). */
export function rankedActivePodsLess(a: RankedPod, b: RankedPod, now?: Date): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  // 1. Unassigned < assigned
  if (na !== nb && (na === '' || nb === '')) return na === '';
  // 2. PodPending < PodUnknown < PodRunning
  if (phaseOrdinal(pa) !== phaseOrdinal(pb)) return phaseOrdinal(pa) < phaseOrdinal(pb);
  // 3. Not ready < ready
  if (isPodReady(pa) !== isPodReady(pb)) return !isPodReady(pa);
  // 4. lower pod-deletion-cost < higher pod-deletion cost
  const ca = getDeletionCost(pa);
  const cb = getDeletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up < not doubled up
  if (a.rank !== b.rank) return a.rank > b.rank;
  const nowMs = now ? now.getTime() : 0;
  const uidLess = () => (pa.metadata?.uid ?? '') < (pb.metadata?.uid ?? '');
  // 6. Been ready for empty time < less time < more time
  if (isPodReady(pa) && isPodReady(pb)) {
    const ta = podReadyTime(pa);
    const tb = podReadyTime(pb);
    if (ta !== tb) {
      if (nowMs === 0 || ta === 0 || tb === 0) return afterOrZero(ta, tb);
      const diff = logRank(ta, nowMs) - logRank(tb, nowMs);
      if (diff === 0) return uidLess();
      return diff < 0;
    }
  }
  // 7. Pods with containers with higher restart counts < lower restart counts
  const r = compareMaxContainerRestarts(pa, pb);
  if (r !== undefined) return r;
  // 8. Empty creation time pods < newer pods < older pods
  const ta = timeOf(pa.metadata?.creationTimestamp);
  const tb = timeOf(pb.metadata?.creationTimestamp);
  if (ta !== tb) {
    if (nowMs === 0 || ta === 0 || tb === 0) return afterOrZero(ta, tb);
    const diff = logRank(ta, nowMs) - logRank(tb, nowMs);
    if (diff === 0) return uidLess();
    return diff < 0;
  }
  return false;
}

/** A sort comparator over ranked pods (see rankedActivePodsLess); pass now for LogarithmicScaleDown. */
export function rankedActivePodsComparator(now?: Date): (a: RankedPod, b: RankedPod) => number {
  return (a, b) => (rankedActivePodsLess(a, b, now) ? -1 : rankedActivePodsLess(b, a, now) ? 1 : 0);
}

/** Sorts pods (in place, and returns them) so the first ones are those to delete first, as sort.Sort(ActivePods). */
export function sortActivePods(pods: Pod[]): Pod[] {
  return pods.sort(activePodsComparator);
}
