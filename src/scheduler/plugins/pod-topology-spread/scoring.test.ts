/** PodTopologySpread scoring: upstream scoring_test.go's TestPodTopologySpreadScore cases. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/object.js';
import { CycleState, type NodeScore } from '../../framework/interface.js';
import { newTestHandle } from '../../framework/test-handle.js';
import { makeLabelSelector, makeNode, makePod } from '../../testing/pod-wrapper.js';
import { LabelHostname } from './common.js';
import { PodTopologySpread } from './pod-topology-spread.js';

const fooSelector = makeLabelSelector().exists('foo').obj();
let uid = 0;
const p = (name: string, node: string) => makePod().name(name).uid(`${name}-${++uid}`).node(node).label('foo', '').obj();
const host = (name: string, extra: Record<string, string> = {}) => makeNode().name(name).labels(extra).label(LabelHostname, name).obj();
const zoned = (name: string, zone: string) => makeNode().name(name).label('zone', zone).label(LabelHostname, name).obj();
const spread = (counts: Record<string, number>) => Object.entries(counts).flatMap(([node, n]) => Array.from({ length: n }, (_, i) => p(`p-${node.slice(-1)}${i + 1}`, node)));
/** The incoming pod with one ScheduleAnyway constraint; selector null means none (a nil labelSelector). */
const incoming = (maxSkew: number, key = LabelHostname, selector: object | null = fooSelector) =>
  makePod().name('p').label('foo', '').spreadConstraint(maxSkew, key, 'ScheduleAnyway', (selector ?? undefined) as never).obj();

const barSelector = makeLabelSelector().exists('bar').obj();
/** A pod on node with these labels (all empty-valued). */
const q = (name: string, node: string, ...labels: string[]) => {
  const w = makePod().name(name).uid(`${name}-${++uid}`).node(node);
  for (const l of labels) w.label(l, '');
  return w.obj();
};
const twoSelectors = () =>
  makePod().name('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).spreadConstraint(1, LabelHostname, 'ScheduleAnyway', barSelector).obj();
/** Matching pods spread as 2/1/1 over node-a, node-b, node-c. */
const abc = () => [q('p-a1', 'node-a', 'foo'), q('p-a2', 'node-a', 'foo'), q('p-b1', 'node-b', 'foo'), q('p-c1', 'node-c', 'foo')];
const fooNodes = () => [makeNode().name('node-a').label('node', 'node-a').label('foo', '').obj(), makeNode().name('node-b').label('node', 'node-b').label('foo', '').obj(), makeNode().name('node-c').label('node', 'node-c').obj()];
const taintedNodes = () => [
  makeNode().name('node-a').label('node', 'node-a').obj(),
  makeNode().name('node-b').label('node', 'node-b').obj(),
  makeNode().name('node-c').label('node', 'node-c').taints([{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }]).obj(),
];

describe('PodTopologySpread scoring', () => {
  const cases: Array<{ name: string; pod: Pod; existingPods?: Pod[]; nodes: Node[]; failedNodes?: Node[]; objs?: KubeObject[]; system?: boolean; want: Record<string, number> }> = [
    {
      name: 'one constraint on node, no existing pods',
      pod: incoming(1),
      nodes: [host('node-a'), host('node-b')],
      want: { 'node-a': 100, 'node-b': 100 },
    },
    {
      name: 'one constraint on node, only one node is candidate',
      pod: incoming(1),
      existingPods: spread({ 'node-a': 2, 'node-b': 1 }),
      nodes: [host('node-a')],
      failedNodes: [host('node-b')],
      want: { 'node-a': 100 },
    },
    {
      name: 'one constraint on node, all nodes have the same number of matching pods',
      pod: incoming(1),
      existingPods: spread({ 'node-a': 1, 'node-b': 1 }),
      nodes: [host('node-a'), host('node-b')],
      want: { 'node-a': 100, 'node-b': 100 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates',
      pod: incoming(1),
      existingPods: spread({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
      nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
      want: { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 },
    },
    {
      name: 'one constraint on node, null selector',
      pod: incoming(1, LabelHostname, null),
      existingPods: spread({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
      nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
      want: { 'node-a': 100, 'node-b': 100, 'node-c': 100, 'node-d': 100 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
      pod: incoming(2),
      existingPods: spread({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
      nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
      want: { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
      pod: incoming(3),
      existingPods: spread({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }),
      nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
      want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
    },
    {
      name: "system defaulting, nodes don't have zone, pods match service",
      pod: makePod().name('p').label('foo', '').obj(),
      existingPods: spread({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }),
      nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
      objs: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: '' }, spec: { selector: { foo: '' } } }],
      system: true,
      want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
    },
    {
      name: 'one constraint on node, 3 out of 4 nodes are candidates',
      pod: incoming(1),
      existingPods: spread({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }),
      nodes: [host('node-a'), host('node-b'), host('node-x')],
      failedNodes: [host('node-y')],
      want: { 'node-a': 33, 'node-b': 83, 'node-x': 100 },
    },
    {
      name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
      pod: incoming(1),
      existingPods: spread({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }),
      nodes: [host('node-a'), makeNode().name('node-b').label('n', 'node-b').obj(), host('node-x')],
      failedNodes: [host('node-y')],
      want: { 'node-a': 16, 'node-b': 0, 'node-x': 100 },
    },
    {
      name: 'one constraint on zone, 3 out of 4 nodes are candidates',
      pod: incoming(1, 'zone'),
      existingPods: spread({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }),
      nodes: [zoned('node-a', 'zone1'), zoned('node-b', 'zone1'), zoned('node-x', 'zone2')],
      failedNodes: [zoned('node-y', 'zone2')],
      want: { 'node-a': 75, 'node-b': 75, 'node-x': 100 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors',
      pod: twoSelectors(),
      existingPods: [q('p-a1', 'node-a', 'foo'), q('p-b1', 'node-b', 'foo', 'bar'), q('p-y1', 'node-y', 'foo'), q('p-y2', 'node-y', 'bar')],
      nodes: [zoned('node-a', 'zone1'), zoned('node-b', 'zone1'), zoned('node-x', 'zone2'), zoned('node-y', 'zone2')],
      want: { 'node-a': 60, 'node-b': 20, 'node-x': 100, 'node-y': 60 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
      pod: twoSelectors(),
      existingPods: [q('p-b1', 'node-b', 'bar'), q('p-x1', 'node-x', 'foo'), q('p-y1', 'node-y', 'foo', 'bar')],
      nodes: [zoned('node-a', 'zone1'), zoned('node-b', 'zone1'), zoned('node-x', 'zone2'), zoned('node-y', 'zone2')],
      want: { 'node-a': 100, 'node-b': 60, 'node-x': 40, 'node-y': 0 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
      pod: twoSelectors(),
      existingPods: [q('p-a1', 'node-a', 'foo'), q('p-b1', 'node-b', 'foo', 'bar'), q('p-y1', 'node-y', 'foo'), q('p-y2', 'node-y', 'bar')],
      nodes: [zoned('node-a', 'zone1'), zoned('node-b', 'zone1'), zoned('node-x', 'zone2')],
      failedNodes: [zoned('node-y', 'zone2')],
      want: { 'node-a': 50, 'node-b': 25, 'node-x': 100 },
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: incoming(1),
      existingPods: [makePod().name('p-a1').uid('ns-a1').namespace('ns1').node('node-a').label('foo', '').obj(), q('p-a2', 'node-a', 'foo'), q('p-b1', 'node-b', 'foo'), q('p-b2', 'node-b', 'foo')],
      nodes: [host('node-a'), host('node-b')],
      want: { 'node-a': 100, 'node-b': 33 },
    },
    {
      name: 'terminating Pods should be excluded',
      pod: incoming(1),
      existingPods: [makePod().name('p-a').uid('term-a').node('node-a').label('foo', '').terminating().obj(), q('p-b', 'node-b', 'foo')],
      nodes: [host('node-a'), host('node-b')],
      want: { 'node-a': 100, 'node-b': 0 },
    },
    {
      name: 'minDomains has no effect when ScheduleAnyway',
      pod: makePod().name('p').label('foo', '').spreadConstraint(2, 'node', 'ScheduleAnyway', fooSelector, 10).obj(),
      existingPods: [q('p-a1', 'node-a', 'foo'), q('p-a2', 'node-a', 'foo'), q('p-b1', 'node-b', 'foo'), q('p-b2', 'node-b', 'foo'), q('p-c1', 'node-c', 'foo')],
      nodes: ['node-a', 'node-b', 'node-c'].map((name) => makeNode().name(name).label('node', name).obj()),
      want: { 'node-a': 75, 'node-b': 75, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy honoed with labelSelectors',
      pod: makePod().name('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector).obj(),
      existingPods: abc(),
      nodes: fooNodes(),
      want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: makePod().name('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector, undefined, 'Ignore').obj(),
      existingPods: abc(),
      nodes: fooNodes(),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy honoed with nodeAffinity',
      pod: makePod().name('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector).obj(),
      existingPods: abc(),
      nodes: fooNodes(),
      want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: makePod().name('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector, undefined, 'Ignore').obj(),
      existingPods: abc(),
      nodes: fooNodes(),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector, undefined, undefined, 'Honor').obj(),
      existingPods: abc(),
      nodes: taintedNodes(),
      want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector).obj(),
      existingPods: abc(),
      nodes: taintedNodes(),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
  ];

  it.each(cases)('$name', ({ pod, existingPods = [], nodes, failedNodes = [], objs = [], system = false, want }) => {
    const handle = newTestHandle({ pods: existingPods, nodes: [...nodes, ...failedNodes], objects: objs });
    const plugin = new PodTopologySpread(system ? { defaultingType: 'System' } : { defaultingType: 'List', defaultConstraints: [] }, handle);
    const state = new CycleState();
    const candidates = nodes.map((n) => handle.snapshotSharedLister().nodeInfos().get(n.metadata!.name!));
    expect(plugin.preScore(state, pod, candidates).isSuccess()).toBe(true);
    const scores: NodeScore[] = candidates.map((ni) => ({ name: ni.nodeName(), score: plugin.score(state, pod, ni).score }));
    plugin.normalizeScore(state, pod, scores);
    expect(Object.fromEntries(scores.map((s) => [s.name, s.score]))).toEqual(want);
  });

  it('system default constraints apply only to pods some Service, ReplicaSet or StatefulSet selects', () => {
    const nodes = [host('node-a'), host('node-b')];
    const handle = newTestHandle({ nodes, pods: spread({ 'node-a': 1 }) });
    const plugin = new PodTopologySpread(undefined, handle);
    expect(plugin.preScore(new CycleState(), makePod().name('p').label('foo', '').obj(), handle.snapshotSharedLister().nodeInfos().list()).code).toBe(5 /* Skip */);
  });
});
