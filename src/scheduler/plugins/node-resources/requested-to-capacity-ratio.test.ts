import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { MaxNodeScore, type NodeScore } from '../../framework/interface.js';
import { makeNode, makePod } from '../../testing/pod-wrapper.js';
import { buildBrokenLinearFunction } from '../helper/shape-score.js';
import { defaultResources, expectedResult, runStrategyCase, type StrategyCase } from './scoring-cases.js';

// Cases from upstream noderesources/requested_to_capacity_ratio_test.go.
const node = (name: string, cap: Record<string, string>) => makeNode().name(name).capacity(cap).obj();
/** Upstream test_util makeNode: milli-cpu, memory bytes and extended resources as capacity and allocatable. */
const resNode = (name: string, milliCPU: number, memory: number, extended: Record<string, number>): Node =>
  node(name, { cpu: `${milliCPU}m`, memory: `${memory}`, ...Object.fromEntries(Object.entries(extended).map(([k, v]) => [k, `${v}`])) });
const shape = [
  { utilization: 0, score: 10 },
  { utilization: 100, score: 0 },
];

describe('NodeResourcesFit RequestedToCapacityRatio scoring', () => {
  it.each<StrategyCase>([
    {
      name: 'nothing scheduled, nothing requested (default - least requested nodes have priority)',
      requestedPod: makePod().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '4000', memory: '10000' })],
      existingPods: [makePod().node('node1').obj(), makePod().node('node1').obj()],
      expectedScores: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: MaxNodeScore },
      ],
      resources: defaultResources,
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)',
      requestedPod: makePod().req({ cpu: '1000', memory: '2000' }).req({ cpu: '2000', memory: '3000' }).obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000' })],
      existingPods: [makePod().node('node1').obj(), makePod().node('node1').obj()],
      expectedScores: [
        { name: 'node1', score: 38 },
        { name: 'node2', score: 50 },
      ],
      resources: defaultResources,
    },
    {
      name: 'no resources requested, pods scheduled with resources (default - least requested nodes have priority)',
      requestedPod: makePod().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000' })],
      existingPods: [makePod().node('node1').req({ cpu: '3000', memory: '5000' }).obj(), makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj()],
      expectedScores: [
        { name: 'node1', score: 38 },
        { name: 'node2', score: 50 },
      ],
      resources: defaultResources,
    },
    {
      name: 'a shape with utilizations out of order is refused',
      requestedPod: makePod().obj(),
      nodes: [],
      resources: defaultResources,
      shapeOverride: [
        { utilization: 50, score: 1 },
        { utilization: 10, score: 2 },
      ],
      wantErrs: ['scoringStrategy.shape[1].utilization'],
    } as StrategyCase,
  ])('$name', (tc) => {
    const got = runStrategyCase(tc, { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: (tc as { shapeOverride?: typeof shape }).shapeOverride ?? shape } });
    expect(got).toEqual(expectedResult(tc, got));
  });
});

describe('buildBrokenLinearFunction', () => {
  it.each([
    {
      name: 'a rising line flat outside its points',
      points: [
        { utilization: 10, score: 1 },
        { utilization: 90, score: 9 },
      ],
      assertions: [[-10, 1], [0, 1], [9, 1], [10, 1], [15, 1], [19, 1], [20, 2], [89, 8], [90, 9], [99, 9], [100, 9], [110, 9]],
    },
    {
      name: 'a line up then down',
      points: [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 10 },
        { utilization: 100, score: 0 },
      ],
      assertions: [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]],
    },
    {
      name: 'a flat line',
      points: [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 2 },
        { utilization: 100, score: 2 },
      ],
      assertions: [[-10, 2], [0, 2], [20, 2], [30, 2], [40, 2], [70, 2], [100, 2], [110, 2]],
    },
  ])('$name', ({ points, assertions }) => {
    const f = buildBrokenLinearFunction(points);
    expect(assertions.map(([p]) => [p, f(p!)])).toEqual(assertions);
  });
});

describe('RequestedToCapacityRatio bin packing of one extended resource', () => {
  const extendedResource1 = { 'intel.com/foo': 4 };
  const extendedResource2 = { 'intel.com/foo': 8 };
  const nodes = () => [resNode('node1', 4000, 10000 * 1024 * 1024, extendedResource2), resNode('node2', 4000, 10000 * 1024 * 1024, extendedResource1)];
  it.each<{ name: string; pod: Pod; pods?: Pod[]; expected: NodeScore[] }>([
    {
      name: 'nothing scheduled, nothing requested',
      pod: makePod().obj(),
      expected: [
        { name: 'node1', score: 0 },
        { name: 'node2', score: 0 },
      ],
    },
    {
      name: 'resources requested, pods scheduled with less resources',
      pod: makePod().req({ 'intel.com/foo': '2' }).obj(),
      pods: [makePod().obj()],
      expected: [
        { name: 'node1', score: 2 },
        { name: 'node2', score: 5 },
      ],
    },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running',
      pod: makePod().req({ 'intel.com/foo': '2' }).obj(),
      pods: [makePod().req({ 'intel.com/foo': '2' }).node('node2').obj()],
      expected: [
        { name: 'node1', score: 2 },
        { name: 'node2', score: 10 },
      ],
    },
    {
      name: 'resources requested, pods scheduled with more resources',
      pod: makePod().req({ 'intel.com/foo': '4' }).obj(),
      pods: [makePod().obj()],
      expected: [
        { name: 'node1', score: 5 },
        { name: 'node2', score: 10 },
      ],
    },
  ])('$name', ({ pod, pods, expected }) => {
    const tc: StrategyCase = { name: '', requestedPod: pod, nodes: nodes(), existingPods: pods, resources: [{ name: 'intel.com/foo', weight: 1 }], expectedScores: expected };
    const got = runStrategyCase(tc, {
      type: 'RequestedToCapacityRatio',
      requestedToCapacityRatio: {
        shape: [
          { utilization: 0, score: 0 },
          { utilization: 100, score: 1 },
        ],
      },
    });
    expect(got).toEqual(expectedResult(tc, got));
  });
});
