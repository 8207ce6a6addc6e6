import type { Affinity, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1.js';
import { Code, CycleState, MaxNodeScore, type NodeScore } from '../framework/interface.js';
import type { NodeAffinityArgs } from '../config/types.js';
import { makeNode, makePod } from '../testing/pod-wrapper.js';
import { nodeInfoOf, runScorePlugin } from '../testing/run-plugins.js';
import { ErrReasonConflict, ErrReasonEnforced, ErrReasonPod, NodeAffinity } from './node-affinity.js';

// Cases from upstream nodeaffinity/node_affinity_test.go.
const expr = (key: string, operator: string, ...values: string[]): NodeSelectorRequirement => ({ key, operator, ...(values.length ? { values } : {}) });
const nameIn = (...values: string[]): NodeSelectorRequirement => ({ key: 'metadata.name', operator: 'In', values });
const withRequired = (...terms: NodeSelectorTerm[]): Pod => ({ spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } });
const addedRequired = (...terms: NodeSelectorTerm[]): NodeAffinityArgs => ({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });

interface FilterCase {
  name: string;
  pod: Pod;
  labels?: Record<string, string>;
  nodeName?: string;
  wantStatus?: { code: number; reasons: string[] };
  wantPreFilterStatus?: { code: number; reasons: string[] };
  wantPreFilterNodes?: string[];
  args?: NodeAffinityArgs;
  runPreFilter: boolean;
}
const podRejected = { code: Code.UnschedulableAndUnresolvable, reasons: [ErrReasonPod] };
const ok = { code: Code.Success, reasons: [] };

describe('NodeAffinity filter', () => {
  it.each<FilterCase>([
    { name: 'missing labels', pod: makePod().nodeSelector({ foo: 'bar' }).obj(), wantStatus: podRejected, runPreFilter: true },
    { name: 'same labels', pod: makePod().nodeSelector({ foo: 'bar' }).obj(), labels: { foo: 'bar' }, runPreFilter: true },
    { name: 'node labels are superset', pod: makePod().nodeSelector({ foo: 'bar' }).obj(), labels: { foo: 'bar', baz: 'blah' }, runPreFilter: true },
    { name: 'node labels are subset', pod: makePod().nodeSelector({ foo: 'bar', baz: 'blah' }).obj(), labels: { foo: 'bar' }, wantStatus: podRejected, runPreFilter: true },
    { name: 'Pod with matchExpressions using In operator that matches the existing node', pod: withRequired({ matchExpressions: [expr('foo', 'In', 'bar', 'value2')] }), labels: { foo: 'bar' }, runPreFilter: true },
    { name: 'Pod with matchExpressions using Gt operator that matches the existing node', pod: withRequired({ matchExpressions: [expr('kernel-version', 'Gt', '0204')] }), labels: { 'kernel-version': '0206' }, runPreFilter: true },
    { name: 'Pod with matchExpressions using NotIn operator that matches the existing node', pod: withRequired({ matchExpressions: [expr('mem-type', 'NotIn', 'DDR', 'DDR2')] }), labels: { 'mem-type': 'DDR3' }, runPreFilter: true },
    { name: 'Pod with matchExpressions using Exists operator that matches the existing node', pod: withRequired({ matchExpressions: [expr('GPU', 'Exists')] }), labels: { GPU: 'NVIDIA-GRID-K1' }, runPreFilter: true },
    {
      name: "Pod with affinity that don't match node's labels won't schedule onto the node",
      pod: withRequired({ matchExpressions: [expr('foo', 'In', 'value1', 'value2')] }),
      labels: { foo: 'bar' },
      wantStatus: podRejected,
      runPreFilter: true,
    },
    {
      name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      pod: withRequired({ matchExpressions: [] }),
      labels: { foo: 'bar' },
      wantStatus: podRejected,
      runPreFilter: true,
    },
    { name: 'Pod with no Affinity will schedule onto a node', pod: { spec: { containers: [] } }, labels: { foo: 'bar' }, wantPreFilterStatus: { code: Code.Skip, reasons: [] }, runPreFilter: true },
    {
      name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
      pod: { spec: { containers: [], affinity: { nodeAffinity: {} } } },
      labels: { foo: 'bar' },
      wantPreFilterStatus: { code: Code.Skip, reasons: [] },
      runPreFilter: true,
    },
    {
      name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
      pod: withRequired({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', 'AMD', 'INTER')] }),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      runPreFilter: true,
    },
    {
      name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      pod: withRequired({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'In', 'AMD', 'INTER')] }),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      wantStatus: podRejected,
      runPreFilter: true,
    },
    {
      name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      pod: withRequired({ matchExpressions: [expr('foo', 'In', 'bar', 'value2')] }, { matchExpressions: [expr('diffkey', 'In', 'wrong', 'value2')] }),
      labels: { foo: 'bar' },
      runPreFilter: true,
    },
    {
      name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
      pod: { spec: { containers: [], nodeSelector: { foo: 'bar' }, affinity: withRequired({ matchExpressions: [expr('foo', 'Exists')] }).spec!.affinity } },
      labels: { foo: 'bar' },
      runPreFilter: true,
    },
    {
      name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      pod: { spec: { containers: [], nodeSelector: { foo: 'bar' }, affinity: withRequired({ matchExpressions: [expr('foo', 'Exists')] }).spec!.affinity } },
      labels: { foo: 'barrrrrr' },
      wantStatus: podRejected,
      runPreFilter: true,
    },
    {
      name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      pod: withRequired({ matchExpressions: [expr('foo', 'NotIn', 'invalid value: ___@#$%^')] }),
      labels: { foo: 'bar' },
      wantStatus: podRejected,
      runPreFilter: true,
    },
    { name: 'Pod with matchFields using In operator that matches the existing node', pod: withRequired({ matchFields: [nameIn('node1')] }), nodeName: 'node1', wantPreFilterNodes: ['node1'], runPreFilter: true },
    {
      name: 'Pod with matchFields using In operator that does not match the existing node',
      pod: withRequired({ matchFields: [nameIn('node1')] }),
      nodeName: 'node2',
      wantStatus: podRejected,
      wantPreFilterNodes: ['node1'],
      runPreFilter: true,
    },
    {
      name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
      pod: withRequired({ matchFields: [nameIn('node1'), nameIn('node2')] }, { matchExpressions: [expr('foo', 'In', 'bar')] }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
      runPreFilter: true,
    },
    {
      name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
      pod: withRequired({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', 'bar')] }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
      wantPreFilterNodes: ['node1'],
      wantStatus: podRejected,
      runPreFilter: true,
    },
    {
      name: 'Pod with one term: both matchFields and matchExpressions match',
      pod: withRequired({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', 'bar')] }),
      nodeName: 'node1',
      labels: { foo: 'bar' },
      wantPreFilterNodes: ['node1'],
      runPreFilter: true,
    },
    {
      name: 'Pod with two terms: both matchFields and matchExpressions do not match',
      pod: withRequired({ matchFields: [nameIn('node1')] }, { matchExpressions: [expr('foo', 'In', 'not-match-to-bar')] }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
      wantStatus: podRejected,
      runPreFilter: true,
    },
    {
      name: 'Pod with two terms of node.Name affinity',
      pod: withRequired({ matchFields: [nameIn('node1')] }, { matchFields: [nameIn('node2')] }),
      nodeName: 'node2',
      wantPreFilterNodes: ['node1', 'node2'],
      runPreFilter: true,
    },
    {
      name: 'Pod with two conflicting mach field requirements',
      pod: withRequired({ matchFields: [nameIn('node1'), nameIn('node2')] }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
      wantPreFilterStatus: { code: Code.UnschedulableAndUnresolvable, reasons: [ErrReasonConflict] },
      wantStatus: podRejected,
      runPreFilter: true,
    },
    {
      name: "Matches added affinity and Pod's node affinity",
      pod: withRequired({ matchExpressions: [expr('zone', 'In', 'foo')] }),
      nodeName: 'node2',
      labels: { zone: 'foo' },
      args: addedRequired({ matchFields: [nameIn('node2')] }),
      runPreFilter: true,
    },
    {
      name: "Matches added affinity but not Pod's node affinity",
      pod: withRequired({ matchExpressions: [expr('zone', 'In', 'bar')] }),
      nodeName: 'node2',
      labels: { zone: 'foo' },
      args: addedRequired({ matchFields: [nameIn('node2')] }),
      wantStatus: podRejected,
      runPreFilter: true,
    },
    {
      name: "Doesn't match added affinity",
      pod: { spec: { containers: [] } },
      nodeName: 'node2',
      labels: { zone: 'foo' },
      args: addedRequired({ matchExpressions: [expr('zone', 'In', 'bar')] }),
      wantStatus: { code: Code.UnschedulableAndUnresolvable, reasons: [ErrReasonEnforced] },
      runPreFilter: true,
    },
    { name: 'Matches node selector correctly even if PreFilter is not called', pod: makePod().nodeSelector({ foo: 'bar' }).obj(), labels: { foo: 'bar', baz: 'blah' }, runPreFilter: false },
    {
      name: 'Matches node affinity correctly even if PreFilter is not called',
      pod: withRequired({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', 'AMD', 'INTER')] }),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      runPreFilter: false,
    },
  ])('$name', (tc) => {
    const node: Node = { metadata: { name: tc.nodeName ?? '', labels: tc.labels } };
    const p = new NodeAffinity(tc.args);
    const state = new CycleState();
    if (tc.runPreFilter) {
      const { result, status } = p.preFilter(state, tc.pod, []);
      expect({ code: status.code, reasons: status.reasons }).toEqual(tc.wantPreFilterStatus ?? ok);
      expect(result?.nodeNames ? [...result.nodeNames].sort() : undefined).toEqual(tc.wantPreFilterNodes);
    }
    const st = p.filter(state, tc.pod, nodeInfoOf(node));
    expect({ code: st.code, reasons: st.reasons }).toEqual(tc.wantStatus ?? ok);
  });

  it('an addedAffinity that does not parse is refused when the plugin is built', () => {
    expect(() => new NodeAffinity(addedRequired({ matchFields: [nameIn('a', 'b')] }))).toThrow(/^parsing addedAffinity\.requiredDuringSchedulingIgnoredDuringExecution: .*must have one element/);
  });
});

describe('NodeAffinity score', () => {
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label4 = { abc: 'az11', def: 'az22' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  const affinity1: Affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 2, preference: { matchExpressions: [expr('foo', 'In', 'bar')] } }] } };
  const affinity2: Affinity = {
    nodeAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 2, preference: { matchExpressions: [expr('foo', 'In', 'bar')] } },
        { weight: 4, preference: { matchExpressions: [expr('key', 'In', 'value')] } },
        { weight: 5, preference: { matchExpressions: [expr('foo', 'In', 'bar'), expr('key', 'In', 'value'), expr('az', 'In', 'az1')] } },
      ],
    },
  };
  const node = (name: string, labels: Record<string, string>) => makeNode().name(name).labels(labels).obj();
  const podWith = (affinity?: Affinity): Pod => ({ metadata: { annotations: {} }, spec: { containers: [], affinity } });

  it.each<{ name: string; pod: Pod; nodes: Node[]; want: NodeScore[]; args?: NodeAffinityArgs; runPreScore: boolean }>([
    {
      name: 'all nodes are same priority as NodeAffinity is nil',
      pod: podWith(),
      nodes: [node('node1', label1), node('node2', label2), node('node3', label3)],
      want: [
        { name: 'node1', score: 0 },
        { name: 'node2', score: 0 },
        { name: 'node3', score: 0 },
      ],
      runPreScore: false,
    },
    {
      name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
      pod: podWith(affinity1),
      nodes: [node('node1', label4), node('node2', label2), node('node3', label3)],
      want: [
        { name: 'node1', score: 0 },
        { name: 'node2', score: 0 },
        { name: 'node3', score: 0 },
      ],
      runPreScore: true,
    },
    {
      name: 'only node1 matches the preferred scheduling requirements of pod',
      pod: podWith(affinity1),
      nodes: [node('node1', label1), node('node2', label2), node('node3', label3)],
      want: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: 0 },
        { name: 'node3', score: 0 },
      ],
      runPreScore: true,
    },
    {
      name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities',
      pod: podWith(affinity2),
      nodes: [node('node1', label1), node('node5', label5), node('node2', label2)],
      want: [
        { name: 'node1', score: 18 },
        { name: 'node5', score: MaxNodeScore },
        { name: 'node2', score: 36 },
      ],
      runPreScore: true,
    },
    {
      name: 'added affinity',
      pod: podWith(),
      nodes: [node('node1', label1), node('node2', label2)],
      want: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: 0 },
      ],
      args: { addedAffinity: affinity1.nodeAffinity as Record<string, unknown> },
      runPreScore: true,
    },
    {
      name: 'added affinity and pod has default affinity',
      pod: podWith(affinity1),
      nodes: [node('node1', label1), node('node2', label2), node('node3', label5)],
      want: [
        { name: 'node1', score: 40 },
        { name: 'node2', score: 60 },
        { name: 'node3', score: MaxNodeScore },
      ],
      args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, preference: { matchExpressions: [expr('key', 'In', 'value')] } }] } },
      runPreScore: true,
    },
    {
      name: 'calculate the priorities correctly even if PreScore is not called',
      pod: podWith(affinity2),
      nodes: [node('node1', label1), node('node5', label5), node('node2', label2)],
      want: [
        { name: 'node1', score: 18 },
        { name: 'node5', score: MaxNodeScore },
        { name: 'node2', score: 36 },
      ],
      runPreScore: false,
    },
  ])('$name', ({ pod, nodes, want, args, runPreScore }) => {
    expect(runScorePlugin(new NodeAffinity(args), pod, nodes.map((n) => nodeInfoOf(n)), { runPreScore })).toEqual(want);
  });

  it('PreScore skips a pod without preferred terms when the profile adds none', () => {
    expect(new NodeAffinity().preScore(new CycleState(), podWith(), []).code).toBe(Code.Skip);
  });
});
