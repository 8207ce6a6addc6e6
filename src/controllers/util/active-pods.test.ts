import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  activePodsComparator,
  filterActivePods,
  isPodAvailable,
  PodDeletionCostAnnotation,
  rankedActivePodsLess,
  type RankedPod,
} from './active-pods.js';

const now = new Date('2024-06-01T12:00:00Z');
const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
const ago = (ms: number) => iso(new Date(now.getTime() - ms));
const hour = 3600_000;
const nowT = iso(now);
const then1Month = iso(new Date(Date.UTC(2024, 4, 1, 12)));

/** Shuffles deterministically (a small LCG), so sorting is checked from many starting orders. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('ActivePods ordering (upstream TestSortingActivePods)', () => {
  const p = (name: string, nodeName: string, phase: string, extra: { ready?: string | null; restarts?: number[]; created?: string } = {}): Pod => ({
    metadata: { name, ...(extra.created ? { creationTimestamp: extra.created } : {}) },
    spec: { nodeName, containers: [] },
    status: {
      phase,
      ...(extra.ready !== undefined ? { conditions: [{ type: 'Ready', status: 'True', ...(extra.ready ? { lastTransitionTime: extra.ready } : {}) }] } : {}),
      ...(extra.restarts ? { containerStatuses: extra.restarts.map((r, i) => ({ name: `c${i}`, restartCount: r, image: '', imageID: '', ready: true })) } : {}),
    },
  });
  const pods = [
    p('unscheduled', '', 'Pending'),
    p('scheduledButPending', 'bar', 'Pending'),
    p('unknownPhase', 'foo', 'Unknown'),
    p('runningButNotReady', 'foo', 'Running'),
    p('runningNoLastTransitionTime', 'foo', 'Running', { ready: null, restarts: [3, 0] }),
    p('runningWithLastTransitionTime', 'foo', 'Running', { ready: nowT, restarts: [3, 0] }),
    p('runningLongerTime', 'foo', 'Running', { ready: then1Month, restarts: [3, 0] }),
    p('lowerContainerRestartCount', 'foo', 'Running', { ready: then1Month, restarts: [2, 1], created: nowT }),
    p('oldest', 'foo', 'Running', { ready: then1Month, restarts: [2, 1], created: then1Month }),
  ];

  it.each(Array.from({ length: 20 }, (_, i) => i))('sorts unscheduled, pending, unknown, not ready, then shortest ready, most restarts, newest first (shuffle %i)', (seed) => {
    const sorted = shuffled(pods, seed + 1).sort(activePodsComparator);
    expect(sorted.map((x) => x.metadata!.name)).toEqual(pods.map((x) => x.metadata!.name));
  });
});

describe('ActivePodsWithRanks ordering (upstream TestSortingActivePodsWithRanks, LogarithmicScaleDown and PodDeletionCost on)', () => {
  const pod = (name: string, nodeName: string, phase: string, ready: boolean, restarts: number, readySince: string, created: string, annotations?: Record<string, string>): Pod => ({
    metadata: { name, ...(created ? { creationTimestamp: created } : {}), ...(annotations ? { annotations } : {}) },
    spec: { nodeName, containers: [] },
    status: {
      phase,
      ...(ready
        ? {
            conditions: [{ type: 'Ready', status: 'True', ...(readySince ? { lastTransitionTime: readySince } : {}) }],
            containerStatuses: [{ name: 'c', restartCount: restarts, image: '', imageID: '', ready: true }],
          }
        : {}),
    },
  });
  const then2Hours = ago(2 * hour);
  const then5Hours = ago(5 * hour);
  const then8Hours = ago(8 * hour);
  const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0, '', '');
  const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0, '', '');
  const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0, '', '');
  const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0, '', '');
  const runningReadyNoLastTransitionTimePod = pod('ready-no-last-transition-time', 'node', 'Running', true, 0, '', '');
  const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, nowT, nowT);
  const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, then1Month, then1Month);
  const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, nowT, nowT);
  const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, nowT, then1Month);
  const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, nowT, then1Month, { [PodDeletionCostAnnotation]: '10' });
  const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, nowT, then1Month, { [PodDeletionCostAnnotation]: '100' });
  const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, then5Hours, then5Hours);
  const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, then8Hours, then8Hours);
  const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, then2Hours, then1Month);
  const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, then5Hours, then1Month);
  const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, then8Hours, then1Month);

  const equal: Array<[Pod, Pod]> = [
    [unscheduledPod, unscheduledPod],
    [scheduledPendingPod, scheduledPendingPod],
    [unknownPhasePod, unknownPhasePod],
    [runningNotReadyPod, runningNotReadyPod],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    [runningReadyNow, runningReadyNow],
    [runningReadyThen, runningReadyThen],
    [runningReadyNowHighRestarts, runningReadyNowHighRestarts],
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ];
  it.each(equal.map(([a, b]) => [a.metadata!.name, b.metadata!.name, a, b] as const))('%s and %s rank equal', (_a, _b, a, b) => {
    const ra: RankedPod = { pod: a, rank: 1 };
    const rb: RankedPod = { pod: b, rank: 1 };
    expect(rankedActivePodsLess(ra, rb, now)).toBe(false);
    expect(rankedActivePodsLess(rb, ra, now)).toBe(false);
  });

  const lesser: Array<[Pod, number, Pod, number]> = [
    [unscheduledPod, 1, scheduledPendingPod, 2],
    [unscheduledPod, 2, scheduledPendingPod, 1],
    [scheduledPendingPod, 1, unknownPhasePod, 2],
    [unknownPhasePod, 1, runningNotReadyPod, 2],
    [runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNow, 1, runningReadyThen, 1],
    [runningReadyNow, 2, runningReadyThen, 1],
    [runningReadyNowHighRestarts, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNowHighRestarts, 1],
    [runningReadyNow, 1, runningReadyNowCreatedThen, 1],
    [runningReadyNowCreatedThen, 2, runningReadyNow, 1],
    [lowPodDeletionCost, 2, highPodDeletionCost, 1],
    [ready2Hours, 1, ready5Hours, 1],
  ];
  it.each(lesser.map(([a, ra, b, rb]) => [a.metadata!.name, ra, b.metadata!.name, rb, a, b] as const))(
    '%s (rank %i) is deleted before %s (rank %i)',
    (_a, ra, _b, rb, a, b) => {
      expect(rankedActivePodsLess({ pod: a, rank: ra }, { pod: b, rank: rb }, now)).toBe(true);
      expect(rankedActivePodsLess({ pod: b, rank: rb }, { pod: a, rank: ra }, now)).toBe(false);
    },
  );
});

describe('active and available pods', () => {
  const phasePod = (name: string, phase: string, deleting = false): Pod => ({
    metadata: { name, ...(deleting ? { deletionTimestamp: nowT } : {}) },
    status: { phase },
  });

  it('filterActivePods drops Succeeded, Failed and terminating pods (upstream TestActivePodFiltering)', () => {
    const pods = [phasePod('pod-1', 'Succeeded'), phasePod('pod-2', 'Failed'), phasePod('pod-3', 'Running'), phasePod('pod-4', 'Pending'), phasePod('pod-5', 'Unknown'), phasePod('pod-6', 'Running', true)];
    expect(filterActivePods(pods).map((x) => x.metadata!.name)).toEqual(['pod-3', 'pod-4', 'pod-5']);
  });

  it.each([
    ['a ready pod with minReadySeconds 0 is available at once', 0, nowT, true],
    ['a pod ready for 10 s is not available with minReadySeconds 10', 10, ago(10_000), false],
    ['a pod ready for 11 s is available with minReadySeconds 10', 10, ago(11_000), true],
    ['a ready pod without a transition time is not available with minReadySeconds', 10, '', false],
  ])('%s', (_name, minReadySeconds, since, want) => {
    const pod: Pod = { metadata: { name: 'p' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', ...(since ? { lastTransitionTime: since } : {}) }] } };
    expect(isPodAvailable(pod, minReadySeconds, now)).toBe(want);
  });
});
