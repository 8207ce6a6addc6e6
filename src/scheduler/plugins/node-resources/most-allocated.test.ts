import { Code, MinNodeScore } from '../../framework/interface.js';
import { makeNode, makePod } from '../../testing/pod-wrapper.js';
import { defaultResources, expectedResult, extendedRes, extendedResourceSet, runStrategyCase, type StrategyCase } from './scoring-cases.js';

// Cases from upstream noderesources/most_allocated_test.go.
const node = (name: string, cap: Record<string, string>) => makeNode().name(name).capacity(cap).obj();
const twoContainers = () => makePod().req({ cpu: '1000', memory: '2000' }).req({ cpu: '2000', memory: '3000' });

describe('NodeResourcesFit MostAllocated scoring', () => {
  it.each<StrategyCase>([
    {
      name: 'nothing scheduled, nothing requested',
      requestedPod: makePod().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '4000', memory: '10000' })],
      expectedScores: [
        { name: 'node1', score: MinNodeScore },
        { name: 'node2', score: MinNodeScore },
      ],
      resources: defaultResources,
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000' })],
      expectedScores: [
        { name: 'node1', score: 62 },
        { name: 'node2', score: 50 },
      ],
      resources: defaultResources,
    },
    {
      name: 'Resources not set, pods scheduled with error',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000' })],
      expectedScores: [
        { name: 'node1', score: MinNodeScore },
        { name: 'node2', score: MinNodeScore },
      ],
      resources: [],
      wantStatusCode: Code.Error,
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      requestedPod: makePod().obj(),
      nodes: [node('node1', { cpu: '10000', memory: '20000' }), node('node2', { cpu: '10000', memory: '20000' })],
      existingPods: [
        makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
        makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(),
        makePod().node('node2').req({ cpu: '3000', memory: '0' }).obj(),
        makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj(),
      ],
      expectedScores: [
        { name: 'node1', score: 30 },
        { name: 'node2', score: 42 },
      ],
      resources: defaultResources,
    },
    {
      name: 'resources requested, pods scheduled with resources',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '10000', memory: '20000' }), node('node2', { cpu: '10000', memory: '20000' })],
      existingPods: [makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(), makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj()],
      expectedScores: [
        { name: 'node1', score: 42 },
        { name: 'node2', score: 55 },
      ],
      resources: defaultResources,
    },
    {
      name: 'resources requested equal node capacity',
      requestedPod: makePod().req({ cpu: '2000', memory: '4000' }).req({ cpu: '3000', memory: '5000' }).obj(),
      nodes: [node('node1', { cpu: '5000', memory: '10000' }), node('node2', { cpu: '10000', memory: '9000' })],
      expectedScores: [
        { name: 'node1', score: 95 },
        { name: 'node2', score: 75 },
      ],
      resources: defaultResources,
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes, memory weighted twice',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000' })],
      expectedScores: [
        { name: 'node1', score: 58 },
        { name: 'node2', score: 50 },
      ],
      resources: [
        { name: 'memory', weight: 2 },
        { name: 'cpu', weight: 1 },
      ],
    },
    {
      name: 'no resources requested, pods scheduled, nonzero request for resource',
      requestedPod: makePod().containerImage('container').obj(),
      nodes: [node('node1', { cpu: '250m', memory: '1000Mi' }), node('node2', { cpu: '250m', memory: '1000Mi' })],
      existingPods: [makePod().node('node1').containerImage('container').obj(), makePod().node('node1').containerImage('container').obj()],
      expectedScores: [
        { name: 'node1', score: 80 },
        { name: 'node2', score: 30 },
      ],
      resources: defaultResources,
    },
    {
      name: 'resource with negative weight',
      requestedPod: twoContainers().obj(),
      nodes: [node('node2', { cpu: '4000', memory: '10000' })],
      resources: [
        { name: 'memory', weight: -1 },
        { name: 'cpu', weight: 1 },
      ],
      wantErrs: ['scoringStrategy.resources[0].weight'],
    },
    {
      name: 'resource with zero weight',
      requestedPod: twoContainers().obj(),
      nodes: [node('node2', { cpu: '4000', memory: '10000' })],
      resources: [
        { name: 'memory', weight: 1 },
        { name: 'cpu', weight: 0 },
      ],
      wantErrs: ['scoringStrategy.resources[1].weight'],
    },
    {
      name: 'resource weight larger than MaxNodeScore',
      requestedPod: twoContainers().obj(),
      nodes: [node('node2', { cpu: '4000', memory: '10000' })],
      resources: [{ name: 'memory', weight: 101 }],
      wantErrs: ['scoringStrategy.resources[0].weight'],
    },
    {
      name: 'bypass extended resource if the pod does not request',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '6000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000', [extendedRes]: '4' })],
      expectedScores: [
        { name: 'node1', score: 50 },
        { name: 'node2', score: 50 },
      ],
      resources: extendedResourceSet,
    },
    {
      name: 'honor extended resource if the pod request',
      requestedPod: makePod().node('node1').req({ cpu: '3000', memory: '5000', [extendedRes]: '2' }).obj(),
      nodes: [node('node1', { cpu: '6000', memory: '10000', [extendedRes]: '4' }), node('node2', { cpu: '6000', memory: '10000', [extendedRes]: '10' })],
      expectedScores: [
        { name: 'node1', score: 50 },
        { name: 'node2', score: 40 },
      ],
      resources: extendedResourceSet,
    },
    {
      name: "if the node doesn't have a resource",
      requestedPod: makePod().node('node1').req({ cpu: '3000', memory: '4000' }).obj(),
      nodes: [node('node1', { cpu: '6000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000', [extendedRes]: '4' })],
      expectedScores: [
        { name: 'node1', score: 45 },
        { name: 'node2', score: 45 },
      ],
      resources: [
        { name: extendedRes, weight: 2 },
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    },
  ])('$name', (tc) => {
    const got = runStrategyCase(tc, { type: 'MostAllocated' });
    expect(got).toEqual(expectedResult(tc, got));
  });
});
