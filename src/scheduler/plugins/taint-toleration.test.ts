import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { Code, CycleState, MaxNodeScore, type NodeScore } from '../framework/interface.js';
import { makeNode, makePod } from '../testing/pod-wrapper.js';
import { nodeInfoOf, runScorePlugin } from '../testing/run-plugins.js';
import { TaintToleration } from './taint-toleration.js';

const nodeWithTaints = (name: string, taints: Taint[]): Node => makeNode().name(name).taints(taints).obj();
const podWithTolerations = (name: string, tolerations: Toleration[]): Pod => makePod().name(name).tolerations(tolerations).obj();

// Cases from upstream tainttoleration/taint_toleration_test.go (v1.32 reasons).
describe('TaintToleration score', () => {
  it.each<{ name: string; pod: Pod; nodes: Node[]; want: NodeScore[] }>([
    {
      name: 'a node whose taints the pod tolerates scores higher than one with intolerable taints',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      nodes: [nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }]), nodeWithTaints('nodeB', [{ key: 'foo', value: 'blah', effect: 'PreferNoSchedule' }])],
      want: [
        { name: 'nodeA', score: MaxNodeScore },
        { name: 'nodeB', score: 0 },
      ],
    },
    {
      name: 'nodes whose taints are all tolerated score the same, however many taints they have',
      pod: podWithTolerations('pod1', [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' },
      ]),
      nodes: [
        nodeWithTaints('nodeA', []),
        nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }]),
        nodeWithTaints('nodeC', [
          { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' },
          { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
        ]),
      ],
      want: [
        { name: 'nodeA', score: MaxNodeScore },
        { name: 'nodeB', score: MaxNodeScore },
        { name: 'nodeC', score: MaxNodeScore },
      ],
    },
    {
      name: 'the more intolerable taints a node has, the lower it scores',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      nodes: [
        nodeWithTaints('nodeA', []),
        nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }]),
        nodeWithTaints('nodeC', [
          { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' },
          { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
        ]),
      ],
      want: [
        { name: 'nodeA', score: MaxNodeScore },
        { name: 'nodeB', score: 50 },
        { name: 'nodeC', score: 0 },
      ],
    },
    {
      name: 'only taints and tolerations of effect PreferNoSchedule count for the score',
      pod: podWithTolerations('pod1', [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
      ]),
      nodes: [
        nodeWithTaints('nodeA', []),
        nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }]),
        nodeWithTaints('nodeC', [
          { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' },
          { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' },
        ]),
      ],
      want: [
        { name: 'nodeA', score: MaxNodeScore },
        { name: 'nodeB', score: MaxNodeScore },
        { name: 'nodeC', score: 0 },
      ],
    },
    {
      name: 'without taints and tolerations, the pod prefers the node without taints',
      pod: podWithTolerations('pod1', []),
      nodes: [nodeWithTaints('nodeA', []), nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }])],
      want: [
        { name: 'nodeA', score: MaxNodeScore },
        { name: 'nodeB', score: 0 },
      ],
    },
  ])('$name', ({ pod, nodes, want }) => {
    expect(runScorePlugin(new TaintToleration(), pod, nodes.map((n) => nodeInfoOf(n)))).toEqual(want);
  });

  it('Score without PreScore is an error', () => {
    const { status } = new TaintToleration().score(new CycleState(), makePod().obj(), nodeInfoOf(nodeWithTaints('a', [])));
    expect(status.code).toBe(Code.Error);
    expect(status.message()).toBe('failed to read "PreScoreTaintToleration" from cycleState: not found');
  });
});

describe('TaintToleration filter', () => {
  it.each<{ name: string; pod: Pod; node: Node; wantCode: number; wantReasons: string[] }>([
    {
      name: "a pod having no tolerations can't be scheduled onto a node with nonempty taints",
      pod: podWithTolerations('pod1', []),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      wantCode: Code.UnschedulableAndUnresolvable,
      wantReasons: ['node(s) had untolerated taint {dedicated: user1}'],
    },
    {
      name: 'a pod tolerating the taint can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
      pod: podWithTolerations('pod1', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      wantCode: Code.Success,
      wantReasons: [],
    },
    {
      name: "a pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      pod: podWithTolerations('pod1', [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }]),
      wantCode: Code.UnschedulableAndUnresolvable,
      wantReasons: ['node(s) had untolerated taint {dedicated: user1}'],
    },
    {
      name: 'a toleration with operator Exists tolerates the taint on the node',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
      wantCode: Code.Success,
      wantReasons: [],
    },
    {
      name: 'a pod with multiple tolerations tolerating all of the node multiple taints can be scheduled onto the node',
      pod: podWithTolerations('pod1', [
        { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      ]),
      node: nodeWithTaints('nodeA', [
        { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      ]),
      wantCode: Code.Success,
      wantReasons: [],
    },
    {
      name: "a toleration whose key and value match but whose (non-empty) effect doesn't can't be scheduled onto the node",
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
      wantCode: Code.UnschedulableAndUnresolvable,
      wantReasons: ['node(s) had untolerated taint {foo: bar}'],
    },
    {
      name: 'a toleration with matching key and value and an empty effect tolerates a NoSchedule taint',
      pod: podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar' }]),
      node: nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }]),
      wantCode: Code.Success,
      wantReasons: [],
    },
    {
      name: "a toleration that doesn't match a PreferNoSchedule taint still lets the pod be scheduled",
      pod: podWithTolerations('pod1', [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }]),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }]),
      wantCode: Code.Success,
      wantReasons: [],
    },
    {
      name: 'a pod without tolerations can be scheduled onto a node with a PreferNoSchedule taint',
      pod: podWithTolerations('pod1', []),
      node: nodeWithTaints('nodeA', [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }]),
      wantCode: Code.Success,
      wantReasons: [],
    },
    {
      name: 'an untolerated NoExecute taint keeps the pod off, a valueless taint printed with an empty value',
      pod: podWithTolerations('pod1', []),
      node: nodeWithTaints('nodeA', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoExecute' }]),
      wantCode: Code.UnschedulableAndUnresolvable,
      wantReasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    },
  ])('$name', ({ pod, node, wantCode, wantReasons }) => {
    const st = new TaintToleration().filter(new CycleState(), pod, nodeInfoOf(node));
    expect({ code: st.code, reasons: st.reasons }).toEqual({ code: wantCode, reasons: wantReasons });
  });
});
