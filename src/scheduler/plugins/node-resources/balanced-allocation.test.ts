import type { Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ResourceSpec } from '../../config/types.js';
import { CycleState, MaxNodeScore, type NodeScore } from '../../framework/interface.js';
import { Snapshot } from '../../framework/snapshot.js';
import { makeNode, makePod } from '../../testing/pod-wrapper.js';
import { BalancedAllocation } from './balanced-allocation.js';

// Cases from upstream noderesources/balanced_allocation_test.go (v1.32, standard deviation).
const resNode = (name: string, milliCPU: number, memory: number, extended?: Record<string, number>): Node =>
  makeNode()
    .name(name)
    .capacity({ cpu: `${milliCPU}m`, memory: `${memory}`, ...Object.fromEntries(Object.entries(extended ?? {}).map(([k, v]) => [k, `${v}`])) })
    .obj();
const c = (requests: Record<string, string>) => ({ name: 'c', resources: { requests } });
const cpuAndMemoryAndGPU: PodSpec = { nodeName: 'node1', containers: [c({ cpu: '1000m', memory: '2000' }), c({ cpu: '2000m', memory: '3000', 'nvidia.com/gpu': '3' })] };
const cpuOnly: PodSpec = { nodeName: 'node1', containers: [c({ cpu: '1000m', memory: '0' }), c({ cpu: '2000m', memory: '0' })] };
const cpuOnly2: PodSpec = { ...cpuOnly, nodeName: 'node2' };
const cpuAndMemory: PodSpec = { nodeName: 'node2', containers: [c({ cpu: '1000m', memory: '2000' }), c({ cpu: '2000m', memory: '3000' })] };
const labels1 = { foo: 'bar', baz: 'blah' };
const labels2 = { bar: 'foo', baz: 'blah' };
const podOf = (spec: PodSpec, labels?: Record<string, string>): Pod => ({ metadata: { labels }, spec: structuredClone(spec) });
const defaultSet: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const scalarResource = { 'nvidia.com/gpu': 8 };

describe('NodeResourcesBalancedAllocation score', () => {
  it.each<{ name: string; pod: Pod; pods?: Pod[]; nodes: Node[]; expected: NodeScore[]; resources: ResourceSpec[]; runPreScore: boolean }>([
    {
      name: 'nothing scheduled, nothing requested',
      pod: makePod().obj(),
      nodes: [resNode('node1', 4000, 10000), resNode('node2', 4000, 10000)],
      expected: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: MaxNodeScore },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes',
      pod: podOf(cpuAndMemory),
      nodes: [resNode('node1', 4000, 10000), resNode('node2', 6000, 10000)],
      expected: [
        { name: 'node1', score: 87 },
        { name: 'node2', score: MaxNodeScore },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'no resources requested, pods without container scheduled',
      pod: makePod().obj(),
      nodes: [resNode('node1', 4000, 10000), resNode('node2', 4000, 10000)],
      pods: [makePod().node('node1').labels(labels2).obj(), makePod().node('node1').labels(labels1).obj(), makePod().node('node2').labels(labels1).obj(), makePod().node('node2').labels(labels1).obj()],
      expected: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: MaxNodeScore },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'no resources requested, pods with container scheduled',
      pod: makePod().obj(),
      nodes: [resNode('node1', 250, 1000 * 1024 * 1024), resNode('node2', 250, 1000 * 1024 * 1024)],
      pods: [makePod().node('node1').obj(), makePod().node('node1').obj()],
      expected: [
        { name: 'node1', score: 100 },
        { name: 'node2', score: 100 },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      pod: makePod().obj(),
      nodes: [resNode('node1', 10000, 20000), resNode('node2', 10000, 20000)],
      pods: [podOf(cpuOnly, labels2), podOf(cpuOnly, labels1), podOf(cpuOnly2, labels1), podOf(cpuAndMemory, labels1)],
      expected: [
        { name: 'node1', score: 70 },
        { name: 'node2', score: 82 },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'resources requested, pods scheduled with resources',
      pod: podOf(cpuAndMemory),
      nodes: [resNode('node1', 10000, 20000), resNode('node2', 10000, 20000)],
      pods: [podOf(cpuOnly), podOf(cpuAndMemory)],
      expected: [
        { name: 'node1', score: 82 },
        { name: 'node2', score: 95 },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      pod: podOf(cpuAndMemory),
      nodes: [resNode('node1', 10000, 20000), resNode('node2', 10000, 50000)],
      pods: [podOf(cpuOnly), podOf(cpuAndMemory)],
      expected: [
        { name: 'node1', score: 82 },
        { name: 'node2', score: 80 },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'requested resources at node capacity',
      pod: podOf(cpuOnly),
      nodes: [resNode('node1', 6000, 10000), resNode('node2', 6000, 10000)],
      pods: [podOf(cpuOnly), podOf(cpuAndMemory)],
      expected: [
        { name: 'node1', score: 50 },
        { name: 'node2', score: 75 },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'zero node resources, pods scheduled with resources',
      pod: makePod().obj(),
      nodes: [resNode('node1', 0, 0), resNode('node2', 0, 0)],
      pods: [podOf(cpuOnly), podOf(cpuAndMemory)],
      expected: [
        { name: 'node1', score: 100 },
        { name: 'node2', score: 100 },
      ],
      resources: defaultSet,
      runPreScore: true,
    },
    {
      name: 'include scalar resource on a node for balanced resource allocation',
      pod: makePod().req({ memory: '0', 'nvidia.com/gpu': '1' }).obj(),
      nodes: [resNode('node1', 3500, 40000, scalarResource), resNode('node2', 3500, 40000, scalarResource)],
      pods: [podOf(cpuAndMemory), podOf(cpuAndMemoryAndGPU)],
      expected: [
        { name: 'node1', score: 70 },
        { name: 'node2', score: 65 },
      ],
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
        { name: 'nvidia.com/gpu', weight: 1 },
      ],
      runPreScore: true,
    },
    {
      name: 'node without the scalar resource results to a higher score',
      pod: makePod().obj(),
      nodes: [resNode('node1', 3500, 40000, scalarResource), resNode('node2', 3500, 40000)],
      pods: [podOf(cpuOnly), podOf(cpuOnly2)],
      expected: [
        { name: 'node1', score: 100 },
        { name: 'node2', score: 100 },
      ],
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'nvidia.com/gpu', weight: 1 },
      ],
      runPreScore: true,
    },
    {
      name: 'resources requested, pods scheduled with resources if PreScore not called',
      pod: podOf(cpuAndMemory),
      nodes: [resNode('node1', 10000, 20000), resNode('node2', 10000, 20000)],
      pods: [podOf(cpuOnly), podOf(cpuAndMemory)],
      expected: [
        { name: 'node1', score: 82 },
        { name: 'node2', score: 95 },
      ],
      resources: defaultSet,
      runPreScore: false,
    },
  ])('$name', ({ pod, pods, nodes, expected, resources, runPreScore }) => {
    const withUIDs = (pods ?? []).map((p, i) => ({ ...p, metadata: { ...p.metadata, uid: `uid-${i}` } }));
    const snapshot = Snapshot.fromPodsAndNodes(withUIDs, nodes);
    const p = new BalancedAllocation({ resources });
    const state = new CycleState();
    if (runPreScore) expect(p.preScore(state, pod, snapshot.nodeInfos().list()).isSuccess()).toBe(true);
    const got = nodes.map((n) => {
      const { score, status } = p.score(state, pod, snapshot.get(n.metadata!.name!));
      expect(status.isSuccess()).toBe(true);
      return { name: n.metadata!.name!, score };
    });
    expect(got).toEqual(expected);
  });

  it('a resource weight out of range is refused', () => {
    expect(() => new BalancedAllocation({ resources: [{ name: 'cpu', weight: 0 }] })).toThrow('resources[0].weight: Invalid value: 0: resource weight of cpu not in valid range (0, 100]');
  });
});
