import type { Node, NodeStatus, PodSpec } from 'kubernetes-types/core/v1.js';
import { CycleState, MaxNodeScore, type NodeScore } from '../framework/interface.js';
import { newTestHandle } from '../framework/test-handle.js';
import { ImageLocality, normalizedImageName } from './image-locality.js';

// Cases from upstream imagelocality/image_locality_test.go (v1.32: thresholds per container, init containers count).
const mb = 1024 * 1024;
const spec = (images: string[], init: string[] = []): PodSpec => ({
  containers: images.map((image, i) => ({ name: `c${i}`, image })),
  ...(init.length ? { initContainers: init.map((image, i) => ({ name: `i${i}`, image })) } : {}),
});
const test40250 = spec(['gcr.io/40', 'gcr.io/250']);
const test40300 = spec(['gcr.io/40', 'gcr.io/300']);
const testMinMax = spec(['gcr.io/10', 'gcr.io/4000']);
const test300600900 = spec(['gcr.io/300', 'gcr.io/600', 'gcr.io/900']);
const test3040 = spec(['gcr.io/30', 'gcr.io/40']);
const test30Init300 = spec(['gcr.io/30'], ['gcr.io/300']);
const img = (size: number, ...names: string[]) => ({ names, sizeBytes: size * mb });
const node403002000: NodeStatus = { images: [img(40, 'gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'), img(300, 'gcr.io/300:latest', 'gcr.io/300:v1'), img(2000, 'gcr.io/2000:latest')] };
const node25010: NodeStatus = { images: [img(250, 'gcr.io/250:latest'), img(10, 'gcr.io/10:latest', 'gcr.io/10:v1')] };
const node60040900: NodeStatus = { images: [img(600, 'gcr.io/600:latest'), img(40, 'gcr.io/40:latest'), img(900, 'gcr.io/900:latest')] };
const node300600900: NodeStatus = { images: [img(300, 'gcr.io/300:latest'), img(600, 'gcr.io/600:latest'), img(900, 'gcr.io/900:latest')] };
const node400030: NodeStatus = { images: [img(4000, 'gcr.io/4000:latest'), img(30, 'gcr.io/30:latest')] };
const node203040: NodeStatus = { images: [img(20, 'gcr.io/20:latest'), img(30, 'gcr.io/30:latest'), img(40, 'gcr.io/40:latest')] };
const makeImageNode = (name: string, status: NodeStatus): Node => ({ metadata: { name }, status });

describe('ImageLocality score', () => {
  it.each<{ name: string; pod: PodSpec; nodes: Node[]; expected: NodeScore[] }>([
    {
      name: 'two images spread on two nodes, prefer the larger image one',
      pod: test40250,
      nodes: [makeImageNode('node1', node403002000), makeImageNode('node2', node25010)],
      expected: [
        { name: 'node1', score: 0 },
        { name: 'node2', score: 5 },
      ],
    },
    {
      name: 'two images on one node, prefer this node',
      pod: test40300,
      nodes: [makeImageNode('node1', node403002000), makeImageNode('node2', node25010)],
      expected: [
        { name: 'node1', score: 7 },
        { name: 'node2', score: 0 },
      ],
    },
    {
      name: 'if exceed limit, use limit',
      pod: testMinMax,
      nodes: [makeImageNode('node1', node400030), makeImageNode('node2', node25010)],
      expected: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: 0 },
      ],
    },
    {
      name: 'if exceed limit, use limit (with node which has no images present)',
      pod: testMinMax,
      nodes: [makeImageNode('node1', node400030), makeImageNode('node2', node25010), makeImageNode('node3', {})],
      expected: [
        { name: 'node1', score: 66 },
        { name: 'node2', score: 0 },
        { name: 'node3', score: 0 },
      ],
    },
    {
      name: 'pod with multiple large images, node2 is preferred',
      pod: test300600900,
      nodes: [makeImageNode('node1', node60040900), makeImageNode('node2', node300600900), makeImageNode('node3', {})],
      expected: [
        { name: 'node1', score: 32 },
        { name: 'node2', score: 36 },
        { name: 'node3', score: 0 },
      ],
    },
    {
      name: 'pod with multiple small images',
      pod: test3040,
      nodes: [makeImageNode('node1', node203040), makeImageNode('node2', node400030)],
      expected: [
        { name: 'node1', score: 1 },
        { name: 'node2', score: 0 },
      ],
    },
    {
      name: 'include InitContainers: two images spread on two nodes, prefer the larger image one',
      pod: test30Init300,
      nodes: [makeImageNode('node1', node403002000), makeImageNode('node2', node203040)],
      expected: [
        { name: 'node1', score: 6 },
        { name: 'node2', score: 0 },
      ],
    },
  ])('$name', ({ pod, nodes, expected }) => {
    const h = newTestHandle({ nodes });
    const p = new ImageLocality(h);
    const snapshot = h.snapshotSharedLister().nodeInfos();
    const got = nodes.map((n) => {
      const { score, status } = p.score(new CycleState(), { spec: pod }, snapshot.get(n.metadata!.name!));
      expect(status.isSuccess()).toBe(true);
      return { name: n.metadata!.name!, score };
    });
    expect(got).toEqual(expected);
  });
});

describe('normalizedImageName', () => {
  it.each([
    { name: 'add :latest postfix 1', input: 'root', output: 'root:latest' },
    { name: 'add :latest postfix 2', input: 'gcr.io:5000/root', output: 'gcr.io:5000/root:latest' },
    { name: 'keep it as is 1', input: 'root:tag', output: 'root:tag' },
    { name: 'keep it as is 2', input: 'root@sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2', output: 'root@sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2' },
  ])('$name', ({ input, output }) => {
    expect(normalizedImageName(input)).toBe(output);
  });
});
