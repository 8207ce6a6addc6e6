/** DefaultPreemption: upstream default_preemption_test.go's TestPickOneNodeForPreemption cases, victim selection, eligibility and the PostFilter message. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Code, CycleState, Status, type NodeToStatus } from '../framework/interface.js';
import { newTestHandle, type TestHandle } from '../framework/test-handle.js';
import { DefaultMemoryRequest, DefaultMilliCPURequest } from '../framework/types.js';
import { makeNode, makePod } from '../testing/pod-wrapper.js';
import { DefaultPreemption, newDefaultPreemption } from './default-preemption.js';
import { newInterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.js';
import * as names from './names.js';
import { newFit } from './node-resources/fit.js';
import { argsDefaulters } from '../config/defaults.js';

const res = (n: number) => ({ cpu: `${DefaultMilliCPURequest * n}m`, memory: `${DefaultMemoryRequest * n}` });
const [small, medium, large, veryLarge] = [res(1), res(2), res(3), res(5)];
const [negPriority, lowPriority, midPriority, highPriority, veryHighPriority] = [-100, 0, 100, 1000, 10000];
const startTime = '2019-01-01T01:01:01Z';
const startTimeDay = (d: number) => `2019-01-0${d}T01:01:01Z`;

/** A pod with one container of these requests, like upstream's `{Containers: largeContainers, Priority: &midPriority}`. */
const pod = (name: string, requests: Record<string, string>, priority: number, nodeName?: string, start = startTime): Pod => {
  const w = makePod().name(name).uid(name).namespace('default').req(requests).priority(priority);
  if (nodeName) w.node(nodeName).startTime(start);
  return w.obj();
};
const nodesOf = (names: string[]): Node[] => names.map((n) => makeNode().name(n).label('kubernetes.io/hostname', n).capacity({ cpu: veryLarge.cpu, memory: veryLarge.memory }).obj());

function setup(pods: Pod[], nodes: Node[], extra: Parameters<typeof newTestHandle>[0] = {}): { handle: TestHandle; pl: DefaultPreemption } {
  const handle = newTestHandle({
    pods,
    nodes,
    plugins: [
      { name: names.NodeResourcesFit, factory: newFit, args: argsDefaulters[names.NodeResourcesFit]!({}) },
      { name: names.InterPodAffinity, factory: newInterPodAffinity },
    ],
    ...extra,
  });
  const pl = new DefaultPreemption({}, handle, () => 0);
  return { handle, pl };
}

describe('DefaultPreemption picks one node for preemption', () => {
  const cases: Array<{ name: string; nodes: string[]; pod: Pod; pods: Pod[]; expected: string[] }> = [
    {
      name: 'a pod that fits on both machines when lower priority pods are preempted',
      nodes: ['machine1', 'machine2'],
      pod: pod('machine1', large, highPriority),
      pods: [pod('m1.1', large, midPriority, 'machine1'), pod('m2.1', large, midPriority, 'machine2')],
      expected: ['machine1', 'machine2'],
    },
    {
      name: 'machine with min highest priority pod is picked',
      nodes: ['machine1', 'machine2', 'machine3'],
      pod: pod('machine1', veryLarge, highPriority),
      pods: [
        pod('m1.1', medium, midPriority, 'machine1'),
        pod('m1.2', large, midPriority, 'machine1'),
        pod('m2.1', medium, midPriority, 'machine2'),
        pod('m2.2', medium, lowPriority, 'machine2'),
        pod('m3.1', medium, lowPriority, 'machine3'),
        pod('m3.2', medium, lowPriority, 'machine3'),
      ],
      expected: ['machine3'],
    },
    {
      name: 'when highest priorities are the same, minimum sum of priorities is picked',
      nodes: ['machine1', 'machine2', 'machine3'],
      pod: pod('machine1', veryLarge, highPriority),
      pods: [
        pod('m1.1', medium, midPriority, 'machine1'),
        pod('m1.2', large, midPriority, 'machine1'),
        pod('m2.1', large, midPriority, 'machine2'),
        pod('m2.2', medium, lowPriority, 'machine2'),
        pod('m3.1', medium, midPriority, 'machine3'),
        pod('m3.2', medium, midPriority, 'machine3'),
      ],
      expected: ['machine2'],
    },
    {
      name: 'when highest priority and sum are the same, minimum number of pods is picked',
      nodes: ['machine1', 'machine2', 'machine3'],
      pod: pod('machine1', veryLarge, highPriority),
      pods: [
        pod('m1.1', small, midPriority, 'machine1'),
        pod('m1.2', small, negPriority, 'machine1'),
        pod('m1.3', small, midPriority, 'machine1'),
        pod('m1.4', small, negPriority, 'machine1'),
        pod('m2.1', large, midPriority, 'machine2'),
        pod('m2.2', medium, negPriority, 'machine2'),
        pod('m3.1', medium, midPriority, 'machine3'),
        pod('m3.2', small, negPriority, 'machine3'),
        pod('m3.3', small, lowPriority, 'machine3'),
      ],
      expected: ['machine2'],
    },
    {
      name: 'sum of adjusted priorities is considered',
      nodes: ['machine1', 'machine2', 'machine3'],
      pod: pod('machine1', veryLarge, highPriority),
      pods: [
        pod('m1.1', small, midPriority, 'machine1'),
        pod('m1.2', small, negPriority, 'machine1'),
        pod('m1.3', small, negPriority, 'machine1'),
        pod('m2.1', large, midPriority, 'machine2'),
        pod('m2.2', medium, negPriority, 'machine2'),
        pod('m3.1', medium, midPriority, 'machine3'),
        pod('m3.2', small, negPriority, 'machine3'),
        pod('m3.3', small, lowPriority, 'machine3'),
      ],
      expected: ['machine2'],
    },
    {
      name: 'non-overlapping lowest high priority, sum priorities, and number of pods',
      nodes: ['machine1', 'machine2', 'machine3', 'machine4'],
      pod: pod('pod1', veryLarge, veryHighPriority),
      pods: [
        pod('m1.1', small, midPriority, 'machine1'),
        pod('m1.2', small, lowPriority, 'machine1'),
        pod('m1.3', small, lowPriority, 'machine1'),
        pod('m2.1', large, highPriority, 'machine2'),
        pod('m3.1', medium, midPriority, 'machine3'),
        pod('m3.2', small, lowPriority, 'machine3'),
        pod('m3.3', small, lowPriority, 'machine3'),
        pod('m3.4', medium, lowPriority, 'machine3'),
        pod('m4.1', medium, midPriority, 'machine4'),
        pod('m4.2', small, midPriority, 'machine4'),
        pod('m4.3', small, midPriority, 'machine4'),
        pod('m4.4', small, negPriority, 'machine4'),
      ],
      expected: ['machine1'],
    },
    {
      name: "same priority, same number of victims, different start time for each machine's pod",
      nodes: ['machine1', 'machine2', 'machine3'],
      pod: pod('machine1', veryLarge, highPriority),
      pods: [
        pod('m1.1', medium, midPriority, 'machine1', startTimeDay(2)),
        pod('m1.2', medium, midPriority, 'machine1', startTimeDay(2)),
        pod('m2.1', medium, midPriority, 'machine2', startTimeDay(3)),
        pod('m2.2', medium, midPriority, 'machine2', startTimeDay(3)),
        pod('m3.1', medium, midPriority, 'machine3', startTimeDay(4)),
        pod('m3.2', medium, midPriority, 'machine3', startTimeDay(4)),
      ],
      expected: ['machine3'],
    },
  ];

  it.each(cases)('$name', ({ nodes, pod: preemptor, pods, expected }) => {
    const { handle, pl } = setup(pods, nodesOf(nodes));
    const state = new CycleState();
    expect(handle.runPreFilterPlugins(state, preemptor).status.isSuccess()).toBe(true);
    const all = handle.snapshotSharedLister().nodeInfos().list();
    const { offset, numCandidates } = pl.getOffsetAndNumCandidates(all.length);
    const { candidates } = pl.evaluator.dryRunPreemption(state, preemptor, all, offset, numCandidates);
    const chosen = pl.evaluator.selectCandidate(candidates);
    expect(expected).toContain(chosen?.name);
  });
});

describe('DefaultPreemption selects the fewest victims on a node', () => {
  const cases: Array<{ name: string; pod: Pod; pods: Pod[]; victims: string[] | undefined; status?: object }> = [
    {
      name: 'only the lower-priority pods needed to make room are victims, the most important are reprieved first',
      pod: pod('p', medium, highPriority),
      pods: [pod('a', small, midPriority, 'machine1'), pod('b', small, lowPriority, 'machine1'), pod('c', large, negPriority, 'machine1')],
      // 5 units, 5 used; the pod needs 2: a (mid) and b (low) are reprieved, c (neg, 3 units) goes.
      victims: ['c'],
    },
    {
      name: 'a higher-priority pod is never a victim even if evicting it would help',
      pod: pod('p', veryLarge, midPriority),
      pods: [pod('a', small, highPriority, 'machine1'), pod('b', small, lowPriority, 'machine1')],
      victims: undefined,
      status: { code: Code.Unschedulable, reasons: ['Insufficient cpu', 'Insufficient memory'] },
    },
    {
      name: 'a node without lower-priority pods has no victims to offer',
      pod: pod('p', veryLarge, lowPriority),
      pods: [pod('a', small, midPriority, 'machine1')],
      victims: undefined,
      status: { code: Code.UnschedulableAndUnresolvable, reasons: ['No preemption victims found for incoming pod'] },
    },
    {
      name: 'among equal priorities the earlier-started pod is reprieved first',
      pod: pod('p', large, highPriority),
      pods: [pod('late', large, midPriority, 'machine1', startTimeDay(3)), pod('early', small, midPriority, 'machine1', startTimeDay(2))],
      victims: ['late'],
    },
  ];

  it.each(cases)('$name', ({ pod: preemptor, pods, victims, status }) => {
    const { handle, pl } = setup(pods, nodesOf(['machine1']));
    const state = new CycleState();
    handle.runPreFilterPlugins(state, preemptor);
    const ni = handle.snapshotSharedLister().nodeInfos().get('machine1').clone();
    const got = pl.selectVictimsOnNode(state.clone(), preemptor, ni);
    if (victims) {
      expect(got.status.isSuccess()).toBe(true);
      expect(got.victims.map((v) => v.metadata!.name)).toEqual(victims);
    } else {
      expect({ code: got.status.code, reasons: got.status.reasons }).toEqual(status);
    }
    // The snapshot's NodeInfo is untouched by the what-if.
    expect(handle.snapshotSharedLister().nodeInfos().get('machine1').pods.map((p) => p.pod.metadata!.name)).toEqual(pods.map((p) => p.metadata!.name));
  });

  it('a victim whose required anti-affinity repels the preemptor is kept out through the PreFilter extensions', () => {
    const anti = makePod().name('anti').uid('anti').namespace('default').label('app', 'x').priority(lowPriority).node('machine1').startTime(startTime).req(small);
    anti.podAntiAffinityExists('app', 'kubernetes.io/hostname', 4);
    const preemptor = makePod().name('p').uid('p').namespace('default').label('app', 'y').priority(highPriority).req(small).obj();
    const { handle, pl } = setup([anti.obj()], nodesOf(['machine1']));
    const state = new CycleState();
    handle.runPreFilterPlugins(state, preemptor);
    // Without eviction the existing pod's anti-affinity (app exists, hostname) rejects the preemptor.
    expect(handle.runFilterPluginsWithNominatedPods(state, preemptor, handle.snapshotSharedLister().nodeInfos().get('machine1')).code).toBe(Code.Unschedulable);
    const got = pl.selectVictimsOnNode(state.clone(), preemptor, handle.snapshotSharedLister().nodeInfos().get('machine1').clone());
    expect(got.victims.map((v) => v.metadata!.name)).toEqual(['anti']);
  });
});

describe('DefaultPreemption and PodDisruptionBudgets', () => {
  const pdb = (name: string, matchLabels: Record<string, string>, disruptionsAllowed: number, disruptedPods?: Record<string, string>) =>
    ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: 'default' },
      spec: { selector: { matchLabels } },
      status: { disruptionsAllowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, ...(disruptedPods ? { disruptedPods } : {}) },
    }) as never;
  const labeled = (name: string, app: string, requests: Record<string, string>, priority: number, nodeName: string) =>
    makePod().name(name).uid(name).namespace('default').label('app', app).req(requests).priority(priority).node(nodeName).startTime(startTime).obj();

  const cases = [
    {
      name: 'a node whose victims would violate no budget is preferred over one whose victims would',
      pdbs: [pdb('pdb-a', { app: 'a' }, 0)],
      pods: [labeled('a1', 'a', large, lowPriority, 'machine1'), labeled('b1', 'b', large, midPriority, 'machine2')],
      want: { node: 'machine2', victims: ['b1'], violations: 0 },
    },
    {
      name: 'a budget with disruptions left lets its pods go without a violation',
      pdbs: [pdb('pdb-a', { app: 'a' }, 1)],
      pods: [labeled('a1', 'a', large, lowPriority, 'machine1'), labeled('b1', 'b', large, midPriority, 'machine2')],
      want: { node: 'machine1', victims: ['a1'], violations: 0 },
    },
    {
      name: 'a pod the API server already counted in disruptedPods is not a violation',
      pdbs: [pdb('pdb-a', { app: 'a' }, 0, { a1: '2019-01-01T01:01:01Z' })],
      pods: [labeled('a1', 'a', large, lowPriority, 'machine1'), labeled('b1', 'b', large, midPriority, 'machine2')],
      want: { node: 'machine1', victims: ['a1'], violations: 0 },
    },
  ];

  it.each(cases)('$name', ({ pdbs, pods, want }) => {
    const { handle, pl } = setup(pods, nodesOf(['machine1', 'machine2']), { objects: pdbs });
    const preemptor = pod('p', large, highPriority);
    const state = new CycleState();
    handle.runPreFilterPlugins(state, preemptor);
    const m: NodeToStatus = new Map([
      ['machine1', new Status(Code.Unschedulable, 'Insufficient cpu')],
      ['machine2', new Status(Code.Unschedulable, 'Insufficient cpu')],
    ]);
    const all = handle.snapshotSharedLister().nodeInfos().list();
    const { candidates } = pl.evaluator.findCandidates(state, all, preemptor, m);
    const best = pl.evaluator.selectCandidate(candidates)!;
    expect({ node: best.name, victims: best.victims.pods.map((v) => v.metadata!.name), violations: best.victims.numPDBViolations }).toEqual(want);
  });

  it('victims that would violate a budget are counted and reprieved first', () => {
    const pods = [labeled('a1', 'a', small, lowPriority, 'machine1'), labeled('b1', 'b', large, lowPriority, 'machine1'), labeled('a2', 'a', small, negPriority, 'machine1')];
    const { handle, pl } = setup(pods, nodesOf(['machine1']));
    const preemptor = pod('p', large, highPriority);
    const state = new CycleState();
    handle.runPreFilterPlugins(state, preemptor);
    // The budget allows one disruption: a1 (more important) would take it, so a2 would violate.
    const got = pl.selectVictimsOnNode(state, preemptor, handle.snapshotSharedLister().nodeInfos().get('machine1').clone(), [pdb('pdb-a', { app: 'a' }, 1)]);
    // a2 (violating) is reprieved first and fits, then a1 fits too; b1 (3 units) must go, violating nothing.
    expect({ victims: got.victims.map((v) => v.metadata!.name), violations: got.numPDBViolations }).toEqual({ victims: ['b1'], violations: 0 });
  });
});

describe('DefaultPreemption eligibility', () => {
  const terminatingVictim = () =>
    makePod().name('victim').uid('victim').namespace('default').priority(lowPriority).node('node1').req(small).terminating().condition('DisruptionTarget', 'True', 'PreemptionByScheduler').obj();
  const cases: Array<{ name: string; pod: Pod; pods: Pod[]; nominatedNodeStatus: Status; want: { ok: boolean; message: string } }> = [
    {
      name: 'a pod with preemptionPolicy Never is not eligible',
      pod: makePod().name('p').uid('p').priority(highPriority).preemptionPolicy('Never').obj(),
      pods: [],
      nominatedNodeStatus: Status.success(),
      want: { ok: false, message: 'not eligible due to preemptionPolicy=Never.' },
    },
    {
      name: 'a pod nominated to a node where a lower-priority victim is still terminating waits for it',
      pod: makePod().name('p').uid('p').priority(highPriority).nominatedNodeName('node1').obj(),
      pods: [terminatingVictim()],
      nominatedNodeStatus: new Status(Code.Unschedulable),
      want: { ok: false, message: 'not eligible due to a terminating pod on the nominated node.' },
    },
    {
      name: 'a pod whose nominated node became unresolvable for it may preempt again',
      pod: makePod().name('p').uid('p').priority(highPriority).nominatedNodeName('node1').obj(),
      pods: [terminatingVictim()],
      nominatedNodeStatus: new Status(Code.UnschedulableAndUnresolvable),
      want: { ok: true, message: '' },
    },
    {
      name: 'a terminating pod that is not a preemption victim does not hold the pod back',
      pod: makePod().name('p').uid('p').priority(highPriority).nominatedNodeName('node1').obj(),
      pods: [makePod().name('t').uid('t').namespace('default').priority(lowPriority).node('node1').terminating().obj()],
      nominatedNodeStatus: new Status(Code.Unschedulable),
      want: { ok: true, message: '' },
    },
  ];

  it.each(cases)('$name', ({ pod: p, pods, nominatedNodeStatus, want }) => {
    const { pl } = setup(pods, nodesOf(['node1']));
    expect(pl.podEligibleToPreemptOthers(p, nominatedNodeStatus)).toEqual(want);
  });

  it('the number of candidates is minCandidateNodesPercentage of the nodes, at least minCandidateNodesAbsolute, at most all', () => {
    const { handle } = setup([], nodesOf(['node1']));
    const pl = new DefaultPreemption({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 }, handle);
    expect([10, 100, 1000, 5000].map((n) => pl.calculateNumCandidates(n))).toEqual([10, 100, 100, 500]);
    const pl2 = new DefaultPreemption({ minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 }, handle);
    expect([1, 5, 9].map((n) => pl2.calculateNumCandidates(n))).toEqual([1, 2, 3]);
  });
});

describe('DefaultPreemption PostFilter', () => {
  const run = async (pl: DefaultPreemption, handle: TestHandle, preemptor: Pod, m: NodeToStatus) => {
    const state = new CycleState();
    handle.runPreFilterPlugins(state, preemptor);
    return pl.postFilter(state, preemptor, m);
  };

  it("says upstream's message when preemption cannot help on any node", async () => {
    // node1 is out for an unresolvable reason; node2 and node3 only hold higher-priority pods.
    const pods = [pod('a', large, highPriority, 'node2'), pod('b', large, highPriority, 'node3')];
    const { handle, pl } = setup(pods, nodesOf(['node1', 'node2', 'node3']));
    const m: NodeToStatus = new Map([
      ['node1', new Status(Code.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector")],
      ['node2', new Status(Code.Unschedulable, 'Insufficient cpu')],
      ['node3', new Status(Code.Unschedulable, 'Insufficient cpu')],
    ]);
    const { result, status } = await run(pl, handle, pod('p', large, midPriority), m);
    expect(status.code).toBe(Code.Unschedulable);
    expect(status.message()).toBe('preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
    expect(result?.nominatingInfo).toEqual({ nominatedNodeName: '', nominatingMode: 'ModeOverride' });
  });

  it('a pod with preemptionPolicy Never gets the not-eligible message and keeps its nomination', async () => {
    const { handle, pl } = setup([pod('a', large, lowPriority, 'node1')], nodesOf(['node1']));
    const p = makePod().name('p').uid('p').namespace('default').req(large).priority(highPriority).preemptionPolicy('Never').obj();
    const { result, status } = await run(pl, handle, p, new Map([['node1', new Status(Code.Unschedulable, 'Insufficient cpu')]]));
    expect(status.message()).toBe('preemption: not eligible due to preemptionPolicy=Never.');
    expect(result).toBeUndefined();
  });

  it('evicts the victims (DisruptionTarget, delete, Preempted event) and nominates the node', async () => {
    const pods = [pod('m1.1', large, midPriority, 'node1'), pod('m1.2', small, lowPriority, 'node1'), pod('m2.1', veryLarge, highPriority, 'node2')];
    const { handle, pl } = setup(pods, nodesOf(['node1', 'node2']));
    const p = makePod().name('p').uid('p-uid').namespace('default').req(large).priority(highPriority).obj();
    const m: NodeToStatus = new Map([
      ['node1', new Status(Code.Unschedulable, 'Insufficient cpu')],
      ['node2', new Status(Code.Unschedulable, 'Insufficient cpu')],
    ]);
    const { result, status } = await run(pl, handle, p, m);
    expect(status.isSuccess()).toBe(true);
    expect(result?.nominatingInfo).toEqual({ nominatedNodeName: 'node1', nominatingMode: 'ModeOverride' });
    await handle.eventRecorder.flush();
    const podActions = handle.actions.filter((a) => a.resource === 'pods').map((a) => `${a.verb} ${a.name}${a.subresource ? '/' + a.subresource : ''}`);
    // m1.1 (3 units, mid) is the only victim: m1.2 (1 unit, low) is reprieved since 1 + 3 <= 5.
    expect(podActions).toEqual(['patch m1.1/status', 'delete m1.1']);
    const patch = handle.actions.find((a) => a.verb === 'patch')!.body as { status: { conditions: Array<Record<string, string>> } };
    expect(patch.status.conditions[0]).toMatchObject({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    const events = handle.actions.filter((a) => a.resource === 'events' && a.verb === 'create').map((a) => a.body as { reason: string; message: string; involvedObject: { name: string } });
    expect(events.map((e) => `${e.involvedObject.name} ${e.reason}: ${e.message}`)).toEqual(['m1.1 Preempted: Preempted by pod p-uid on node node1']);
  });

  it('clears the nomination of lower-priority pods nominated to the chosen node', async () => {
    const nominated = makePod().name('low-nominated').uid('ln').namespace('default').priority(lowPriority).req(small).nominatedNodeName('node1').obj();
    const higher = makePod().name('high-nominated').uid('hn').namespace('default').priority(veryHighPriority).req(small).nominatedNodeName('node1').obj();
    const { handle, pl } = setup([pod('m1.1', large, midPriority, 'node1')], nodesOf(['node1']), { nominatedPods: [nominated, higher] });
    const p = makePod().name('p').uid('p').namespace('default').req(large).priority(highPriority).obj();
    const { status } = await run(pl, handle, p, new Map([['node1', new Status(Code.Unschedulable, 'Insufficient cpu')]]));
    expect(status.isSuccess()).toBe(true);
    const patches = handle.actions.filter((a) => a.verb === 'patch' && a.name === 'low-nominated');
    expect(patches.map((a) => a.body)).toEqual([{ status: { nominatedNodeName: null } }]);
    expect(handle.actions.some((a) => a.name === 'high-nominated')).toBe(false);
  });

  it('is registered under its upstream name', () => {
    const { handle } = setup([], nodesOf(['node1']));
    expect(newDefaultPreemption(undefined, handle).name()).toBe('DefaultPreemption');
  });
});
