/** PodTopologySpread PreFilter/Filter: upstream filtering_test.go's TestSingleConstraint, TestMultipleConstraints and TestPreFilterState (node inclusion policies). */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { Code, CycleState } from '../../framework/interface.js';
import { newTestHandle } from '../../framework/test-handle.js';
import { PodInfo } from '../../framework/types.js';
import { makeLabelSelector, makeNode, makePod } from '../../testing/pod-wrapper.js';
import { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch, PreFilterState, preFilterStateKey } from './filtering.js';
import { PodTopologySpread } from './pod-topology-spread.js';

let uid = 0;
const withUIDs = (pods: Pod[]) => pods.map((p) => (p.metadata!.uid ? p : { ...p, metadata: { ...p.metadata, uid: `u${++uid}` } }));

function setup(pods: Pod[], nodes: Node[]) {
  const handle = newTestHandle({ pods: withUIDs(pods), nodes });
  return { handle, plugin: new PodTopologySpread({ defaultingType: 'List', defaultConstraints: [] }, handle) };
}

const fooSelector = makeLabelSelector().exists('foo').obj();
const barSelector = makeLabelSelector().exists('bar').obj();
const p = (name: string) => makePod().name(name);
const n = (name: string, zone?: string) => {
  const w = makeNode().name(name);
  if (zone) w.label('zone', zone);
  return w.label('node', name);
};
const fourNodes = () => [n('node-a', 'zone1').obj(), n('node-b', 'zone1').obj(), n('node-x', 'zone2').obj(), n('node-y', 'zone2').obj()];
const spread2103 = () => [
  p('p-a1').node('node-a').label('foo', '').obj(),
  p('p-a2').node('node-a').label('foo', '').obj(),
  p('p-b1').node('node-b').label('foo', '').obj(),
  p('p-y1').node('node-y').label('foo', '').obj(),
  p('p-y2').node('node-y').label('foo', '').obj(),
  p('p-y3').node('node-y').label('foo', '').obj(),
];
const { Success, Unschedulable, UnschedulableAndUnresolvable } = Code;

describe('PodTopologySpread filter with a single constraint', () => {
  const cases: Array<{ name: string; pod: Pod; nodes: Node[]; existingPods?: Pod[]; want: Record<string, number> }> = [
    {
      name: 'no existing pods',
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      want: { 'node-a': Success, 'node-b': Success, 'node-x': Success, 'node-y': Success },
    },
    {
      name: "no existing pods, incoming pod doesn't match itself",
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', barSelector).obj(),
      nodes: fourNodes(),
      want: { 'node-a': Success, 'node-b': Success, 'node-x': Success, 'node-y': Success },
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: [
        p('p-a1').namespace('ns1').node('node-a').label('foo', '').obj(),
        p('p-b1').namespace('ns2').node('node-a').label('foo', '').obj(),
        p('p-x1').node('node-x').label('foo', '').obj(),
        p('p-y1').node('node-y').label('foo', '').obj(),
      ],
      want: { 'node-a': Success, 'node-b': Success, 'node-x': Unschedulable, 'node-y': Unschedulable },
    },
    {
      name: 'pods spread across zones as 3/3, all nodes fit',
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: spread2103(),
      want: { 'node-a': Success, 'node-b': Success, 'node-x': Success, 'node-y': Success },
    },
    {
      name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: [n('node-a', 'zone1').obj(), makeNode().name('node-b').label('zon', 'zone1').label('node', 'node-b').obj(), n('node-x', 'zone2').obj(), n('node-y', 'zone2').obj()],
      existingPods: [p('p-a1').node('node-a').label('foo', '').obj(), p('p-b1').node('node-b').label('foo', '').obj(), p('p-x1').node('node-x').label('foo', '').obj(), p('p-y1').node('node-y').label('foo', '').obj()],
      want: { 'node-a': Success, 'node-b': UnschedulableAndUnresolvable, 'node-x': Unschedulable, 'node-y': Unschedulable },
    },
    {
      name: "pod cannot be scheduled as all nodes don't have label 'rack'",
      pod: p('p').label('foo', '').spreadConstraint(1, 'rack', 'DoNotSchedule', fooSelector).obj(),
      nodes: [n('node-a', 'zone1').obj(), n('node-x', 'zone2').obj()],
      want: { 'node-a': UnschedulableAndUnresolvable, 'node-x': UnschedulableAndUnresolvable },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
      pod: p('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: spread2103(),
      want: { 'node-a': Unschedulable, 'node-b': Unschedulable, 'node-x': Success, 'node-y': Unschedulable },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
      pod: p('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: spread2103(),
      want: { 'node-a': Unschedulable, 'node-b': Success, 'node-x': Success, 'node-y': Unschedulable },
    },
    {
      name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
      pod: p('p').label('bar', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: spread2103(),
      want: { 'node-a': Unschedulable, 'node-b': Success, 'node-x': Success, 'node-y': Unschedulable },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
      pod: p('p').label('foo', '').nodeAffinityIn('node', ['node-a', 'node-y']).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: spread2103(),
      want: { 'node-a': Success, 'node-b': Success, 'node-x': Success, 'node-y': Unschedulable },
    },
    {
      name: 'terminating Pods should be excluded',
      pod: p('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: [n('node-a').obj(), n('node-b').obj()],
      existingPods: [p('p-a').node('node-a').label('foo', '').terminating().obj(), p('p-b').node('node-b').label('foo', '').obj()],
      want: { 'node-a': Success, 'node-b': Unschedulable },
    },
    {
      name: 'pods spread across zones as 1/1 with minDomains 3: the global minimum is 0, so no zone fits a second pod',
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, 3).obj(),
      nodes: fourNodes(),
      existingPods: [p('p-a1').node('node-a').label('foo', '').obj(), p('p-x1').node('node-x').label('foo', '').obj()],
      want: { 'node-a': Unschedulable, 'node-b': Unschedulable, 'node-x': Unschedulable, 'node-y': Unschedulable },
    },
  ];

  it.each(cases)('$name', ({ pod, nodes, existingPods = [], want }) => {
    const { handle, plugin } = setup(existingPods, nodes);
    const state = new CycleState();
    expect(plugin.preFilter(state, pod, handle.snapshotSharedLister().nodeInfos().list()).status.isSuccess()).toBe(true);
    const got: Record<string, number> = {};
    for (const node of nodes) got[node.metadata!.name!] = plugin.filter(state, pod, handle.snapshotSharedLister().nodeInfos().get(node.metadata!.name!)).code;
    expect(got).toEqual(want);
  });

  it('the reasons are upstream\'s: a skew violation and a missing topology label', () => {
    const nodes = [n('node-a', 'zone1').obj(), makeNode().name('node-b').label('node', 'node-b').obj()];
    const pod = p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj();
    const { handle, plugin } = setup([p('p-a1').node('node-a').label('foo', '').obj()], [...nodes, n('node-x', 'zone2').obj()]);
    const state = new CycleState();
    plugin.preFilter(state, pod, handle.snapshotSharedLister().nodeInfos().list());
    const get = (name: string) => handle.snapshotSharedLister().nodeInfos().get(name);
    expect(plugin.filter(state, pod, get('node-a')).reasons).toEqual([ErrReasonConstraintsNotMatch]);
    expect(ErrReasonConstraintsNotMatch).toBe("node(s) didn't match pod topology spread constraints");
    expect(plugin.filter(state, pod, get('node-b')).reasons).toEqual([ErrReasonNodeLabelNotMatch]);
    expect(ErrReasonNodeLabelNotMatch).toBe("node(s) didn't match pod topology spread constraints (missing required label)");
  });

  it('a pod without constraints (and no default constraints) skips the filter', () => {
    const { handle, plugin } = setup([], fourNodes());
    expect(plugin.preFilter(new CycleState(), p('p').obj(), handle.snapshotSharedLister().nodeInfos().list()).status.code).toBe(Code.Skip);
  });
});

describe('PodTopologySpread filter with multiple constraints', () => {
  const cases: Array<{ name: string; pod: Pod; nodes: Node[]; existingPods: Pod[]; want: Record<string, number> }> = [
    {
      name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: spread2103(),
      want: { 'node-a': Unschedulable, 'node-b': Unschedulable, 'node-x': Success, 'node-y': Unschedulable },
    },
    {
      name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: fourNodes(),
      existingPods: [...spread2103(), p('p-y4').node('node-y').label('foo', '').obj()],
      want: { 'node-a': Unschedulable, 'node-b': Unschedulable, 'node-x': Unschedulable, 'node-y': Unschedulable },
    },
  ];

  it.each(cases)('$name', ({ pod, nodes, existingPods, want }) => {
    const { handle, plugin } = setup(existingPods, nodes);
    const state = new CycleState();
    expect(plugin.preFilter(state, pod, handle.snapshotSharedLister().nodeInfos().list()).status.isSuccess()).toBe(true);
    const got: Record<string, number> = {};
    for (const node of nodes) got[node.metadata!.name!] = plugin.filter(state, pod, handle.snapshotSharedLister().nodeInfos().get(node.metadata!.name!)).code;
    expect(got).toEqual(want);
  });
});

describe('PodTopologySpread PreFilter state with node inclusion policies', () => {
  const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];
  const tainted = [
    makeNode().name('node-a').label('node', 'node-a').obj(),
    makeNode().name('node-b').label('node', 'node-b').obj(),
    makeNode().name('node-c').label('node', 'node-c').taints(taints).label('bar', '').obj(),
  ];
  const barPods = () => [p('p-a').node('node-a').label('bar', '').obj(), p('p-b').node('node-b').label('bar', '').obj(), p('p-c').node('node-b').label('bar', '').obj(), p('p-d').node('node-c').obj()];
  /** Per constraint: critical paths and matching pods per topology value. */
  type Want = Array<{ paths: Array<[string, number]>; match: Record<string, number> }>;

  const cases: Array<{ name: string; pod: Pod; nodes: Node[]; existingPods: Pod[]; want: Want }> = [
    {
      name: 'NodeTaintsPolicy ignored',
      pod: p('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      nodes: tainted,
      existingPods: barPods(),
      want: [{ paths: [['node-c', 0], ['node-a', 1]], match: { 'node-a': 1, 'node-b': 2, 'node-c': 0 } }],
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: p('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', barSelector, undefined, undefined, 'Honor').obj(),
      nodes: tainted,
      existingPods: barPods(),
      want: [{ paths: [['node-a', 1], ['node-b', 2]], match: { 'node-a': 1, 'node-b': 2 } }],
    },
    {
      name: 'NodeTaintsPolicy honored with tolerated taints',
      pod: p('p').label('foo', '').toleration('node.kubernetes.io/unschedulable').spreadConstraint(1, 'node', 'DoNotSchedule', barSelector, undefined, undefined, 'Honor').obj(),
      nodes: tainted,
      existingPods: barPods(),
      want: [{ paths: [['node-c', 0], ['node-a', 1]], match: { 'node-a': 1, 'node-b': 2, 'node-c': 0 } }],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
      pod: p('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, 'Ignore').obj(),
      nodes: [n('node-a', 'zone1').label('foo', '').obj(), n('node-b', 'zone1').obj(), n('node-x', 'zone2').label('foo', '').obj()],
      existingPods: [p('p-b1').node('node-b').label('foo', '').obj(), p('p-b2').node('node-b').label('foo', '').obj(), p('p-x1').node('node-x').label('foo', '').obj()],
      want: [
        { paths: [['zone1', 0], ['zone2', 1]], match: { zone1: 0, zone2: 1 } },
        { paths: [['node-a', 0], ['node-x', 1]], match: { 'node-a': 0, 'node-b': 2, 'node-x': 1 } },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      pod: p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, undefined, 'Honor').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: [n('node-a', 'zone1').label('foo', '').obj(), n('node-b', 'zone1').taints(taints).obj(), n('node-x', 'zone2').label('foo', '').obj()],
      existingPods: [p('p-b1').node('node-b').label('foo', '').obj(), p('p-b2').node('node-b').label('foo', '').obj(), p('p-x1').node('node-x').label('foo', '').obj()],
      want: [
        { paths: [['zone1', 0], ['zone2', 1]], match: { zone1: 0, zone2: 1 } },
        { paths: [['node-a', 0], ['node-x', 1]], match: { 'node-a': 0, 'node-b': 2, 'node-x': 1 } },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      pod: p('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: [n('node-a', 'zone1').obj(), n('node-b', 'zone1').label('foo', '').taints(taints).obj(), n('node-x', 'zone2').label('foo', '').obj(), n('node-y', 'zone2').obj()],
      existingPods: [p('p-a1').node('node-a').label('foo', '').obj(), p('p-a2').node('node-a').label('foo', '').obj(), p('p-x1').node('node-x').label('foo', '').obj(), p('p-y1').node('node-y').label('foo', '').obj()],
      want: [
        { paths: [['zone1', 0], ['zone2', 1]], match: { zone1: 0, zone2: 1 } },
        { paths: [['node-b', 0], ['node-x', 1]], match: { 'node-b': 0, 'node-x': 1 } },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: ignore/ignore, node: honor/honor',
      pod: p('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, 'Ignore').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, undefined, 'Honor').obj(),
      nodes: [n('node-a', 'zone1').obj(), n('node-b', 'zone1').label('foo', '').taints(taints).obj(), n('node-x', 'zone2').label('foo', '').obj(), n('node-y', 'zone2').label('foo', '').obj()],
      existingPods: [
        p('p-a1').node('node-a').label('foo', '').obj(),
        p('p-a2').node('node-a').label('foo', '').obj(),
        p('p-x1').node('node-x').label('foo', '').obj(),
        p('p-x2').node('node-x').label('foo', '').obj(),
        p('p-y1').node('node-y').label('foo', '').obj(),
      ],
      want: [
        { paths: [['zone1', 2], ['zone2', 3]], match: { zone1: 2, zone2: 3 } },
        { paths: [['node-y', 1], ['node-x', 2]], match: { 'node-x': 2, 'node-y': 1 } },
      ],
    },
    {
      name: "matchLabelKeys AND the pod's own label values with the constraint's selector",
      pod: p('p').label('foo', '').label('bar', 'a').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, undefined, undefined, ['bar']).obj(),
      nodes: fourNodes(),
      existingPods: [
        p('p-a1').node('node-a').label('foo', '').label('bar', 'a').obj(),
        p('p-a2').node('node-a').label('foo', '').obj(),
        p('p-b1').node('node-b').label('foo', '').obj(),
        p('p-y1').node('node-y').label('foo', '').label('bar', 'a').obj(),
        p('p-y2').node('node-y').label('foo', '').label('bar', 'a').obj(),
      ],
      want: [{ paths: [['zone1', 1], ['zone2', 2]], match: { zone1: 1, zone2: 2 } }],
    },
  ];

  const stateOf = (s: PreFilterState): Want =>
    s.constraints.map((_, i) => ({
      paths: s.criticalPaths[i]!.p.map((x) => [x.topologyValue, x.matchNum] as [string, number]),
      match: Object.fromEntries([...s.tpValueToMatchNum[i]!].sort(([a], [b]) => (a < b ? -1 : 1))),
    }));

  it.each(cases)('$name', ({ pod, nodes, existingPods, want }) => {
    const { handle, plugin } = setup(existingPods, nodes);
    const state = new CycleState();
    expect(plugin.preFilter(state, pod, handle.snapshotSharedLister().nodeInfos().list()).status.isSuccess()).toBe(true);
    expect(stateOf(state.read<PreFilterState>(preFilterStateKey)!)).toEqual(want);
  });

  it('AddPod and RemovePod move the counts and critical paths of a cloned state only', () => {
    const pod = p('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj();
    const { handle, plugin } = setup(spread2103().slice(0, 3), fourNodes());
    const state = new CycleState();
    plugin.preFilter(state, pod, handle.snapshotSharedLister().nodeInfos().list());
    // zone1 has 3 matching pods, zone2 none.
    const original = stateOf(state.read<PreFilterState>(preFilterStateKey)!);
    expect(original).toEqual([{ paths: [['zone2', 0], ['zone1', 3]], match: { zone1: 3, zone2: 0 } }]);
    const cloned = state.clone();
    const nodeX = handle.snapshotSharedLister().nodeInfos().get('node-x');
    const added = PodInfo.of(p('p-x1').uid('x1').node('node-x').label('foo', '').obj());
    plugin.addPod(cloned, pod, added, nodeX);
    plugin.addPod(cloned, pod, PodInfo.of(p('p-x2').uid('x2').node('node-x').label('foo', '').obj()), nodeX);
    expect(stateOf(cloned.read<PreFilterState>(preFilterStateKey)!)).toEqual([{ paths: [['zone2', 2], ['zone1', 3]], match: { zone1: 3, zone2: 2 } }]);
    plugin.removePod(cloned, pod, added, nodeX);
    expect(stateOf(cloned.read<PreFilterState>(preFilterStateKey)!)).toEqual([{ paths: [['zone2', 1], ['zone1', 3]], match: { zone1: 3, zone2: 1 } }]);
    expect(stateOf(state.read<PreFilterState>(preFilterStateKey)!)).toEqual(original);
    // A pod of another namespace does not count.
    plugin.addPod(cloned, pod, PodInfo.of(p('other').uid('o1').namespace('other').node('node-x').label('foo', '').obj()), nodeX);
    expect(stateOf(cloned.read<PreFilterState>(preFilterStateKey)!)[0]!.match).toEqual({ zone1: 3, zone2: 1 });
  });
});

describe('PodTopologySpread default constraints', () => {
  it("a pod without constraints gets the profile's List defaults over its Service's selector", () => {
    const nodes = fourNodes();
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: '' }, spec: { selector: { foo: '' } } } as never;
    const handle = newTestHandle({ pods: withUIDs(spread2103()), nodes, objects: [service] });
    const plugin = new PodTopologySpread({ defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }] }, handle);
    const pod = p('p').label('foo', '').obj();
    const state = new CycleState();
    expect(plugin.preFilter(state, pod, handle.snapshotSharedLister().nodeInfos().list()).status.isSuccess()).toBe(true);
    const got = Object.fromEntries(nodes.map((node) => [node.metadata!.name, plugin.filter(state, pod, handle.snapshotSharedLister().nodeInfos().get(node.metadata!.name!)).code]));
    // Same as the pod's own `node` constraint over 2/1/0/3: only node-x fits.
    expect(got).toEqual({ 'node-a': Unschedulable, 'node-b': Unschedulable, 'node-x': Success, 'node-y': Unschedulable });
    // A pod no Service selects gets no default constraint.
    expect(plugin.preFilter(new CycleState(), p('q').label('bar', '').obj(), handle.snapshotSharedLister().nodeInfos().list()).status.code).toBe(Code.Skip);
  });

  it('the System defaults are hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway only, so they never filter', () => {
    const handle = newTestHandle({ nodes: fourNodes() });
    const plugin = new PodTopologySpread({ defaultingType: 'System' }, handle);
    expect(plugin.defaultConstraints).toEqual([
      { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
      { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
    ]);
    const owned = p('p').label('foo', '').ownerReference('rs', 'ReplicaSet', 'apps/v1').obj();
    expect(plugin.preFilter(new CycleState(), owned, handle.snapshotSharedLister().nodeInfos().list()).status.code).toBe(Code.Skip);
  });
});
