import { MaxNodeScore, MinNodeScore, Code } from '../../framework/interface.js';
import { makeNode, makePod } from '../../testing/pod-wrapper.js';
import { defaultResources, expectedResult, extendedRes, extendedResourceSet, runStrategyCase, type StrategyCase } from './scoring-cases.js';

// Cases from upstream noderesources/least_allocated_test.go.
const node = (name: string, cap: Record<string, string>) => makeNode().name(name).capacity(cap).obj();
const twoContainers = () => makePod().req({ cpu: '1000', memory: '2000' }).req({ cpu: '2000', memory: '3000' });

describe('NodeResourcesFit LeastAllocated scoring', () => {
  it.each<StrategyCase>([
    {
      name: 'nothing scheduled, nothing requested',
      requestedPod: makePod().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '4000', memory: '10000' })],
      expectedScores: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: MaxNodeScore },
      ],
      resources: defaultResources,
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000' })],
      expectedScores: [
        { name: 'node1', score: 37 },
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
      name: 'no resources requested, pods scheduled',
      requestedPod: makePod().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '4000', memory: '10000' })],
      existingPods: [makePod().node('node1').obj(), makePod().node('node1').obj(), makePod().node('node2').obj(), makePod().node('node2').obj()],
      expectedScores: [
        { name: 'node1', score: MaxNodeScore },
        { name: 'node2', score: MaxNodeScore },
      ],
      resources: defaultResources,
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
        { name: 'node1', score: 70 },
        { name: 'node2', score: 57 },
      ],
      resources: defaultResources,
    },
    {
      name: 'resources requested, pods scheduled with resources',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '10000', memory: '20000' }), node('node2', { cpu: '10000', memory: '20000' })],
      existingPods: [makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(), makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj()],
      expectedScores: [
        { name: 'node1', score: 57 },
        { name: 'node2', score: 45 },
      ],
      resources: defaultResources,
    },
    {
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '10000', memory: '20000' }), node('node2', { cpu: '10000', memory: '50000' })],
      existingPods: [makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(), makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj()],
      expectedScores: [
        { name: 'node1', score: 57 },
        { name: 'node2', score: 60 },
      ],
      resources: defaultResources,
    },
    {
      name: 'requested resources exceed node capacity',
      requestedPod: makePod().req({ cpu: '3000', memory: '0' }).obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '4000', memory: '10000' })],
      existingPods: [makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(), makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj()],
      expectedScores: [
        { name: 'node1', score: 50 },
        { name: 'node2', score: 25 },
      ],
      resources: defaultResources,
    },
    {
      name: 'zero node resources, pods scheduled with resources',
      requestedPod: makePod().obj(),
      nodes: [makeNode().name('node1').obj(), makeNode().name('node2').obj()],
      existingPods: [makePod().node('node1').req({ cpu: '3000', memory: '0' }).obj(), makePod().node('node2').req({ cpu: '3000', memory: '5000' }).obj()],
      expectedScores: [
        { name: 'node1', score: MinNodeScore },
        { name: 'node2', score: MinNodeScore },
      ],
      resources: defaultResources,
    },
    {
      name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
      requestedPod: twoContainers().node('node1').obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000' })],
      expectedScores: [
        { name: 'node1', score: 41 },
        { name: 'node2', score: 50 },
      ],
      resources: [
        { name: 'memory', weight: 2 },
        { name: 'cpu', weight: 1 },
      ],
    },
    {
      name: 'resource with negative weight',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' })],
      resources: [
        { name: 'memory', weight: -1 },
        { name: 'cpu', weight: 1 },
      ],
      wantErrs: ['scoringStrategy.resources[0].weight'],
    },
    {
      name: 'resource with zero weight',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' })],
      resources: [
        { name: 'memory', weight: 1 },
        { name: 'cpu', weight: 0 },
      ],
      wantErrs: ['scoringStrategy.resources[1].weight'],
    },
    {
      name: 'resource weight larger than MaxNodeScore',
      requestedPod: twoContainers().obj(),
      nodes: [node('node1', { cpu: '4000', memory: '10000' })],
      resources: [
        { name: 'memory', weight: 1 },
        { name: 'cpu', weight: 101 },
      ],
      wantErrs: ['scoringStrategy.resources[1].weight'],
    },
    {
      name: 'bypass extended resource if the pod does not request',
      requestedPod: twoContainers().node('node1').obj(),
      nodes: [node('node1', { cpu: '6000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000', [extendedRes]: '4' })],
      expectedScores: [
        { name: 'node1', score: 50 },
        { name: 'node2', score: 50 },
      ],
      resources: extendedResourceSet,
    },
    {
      name: 'honor extended resource if the pod requests',
      requestedPod: makePod().node('node1').req({ cpu: '3000', memory: '5000', [extendedRes]: '2' }).obj(),
      nodes: [node('node1', { cpu: '6000', memory: '10000', [extendedRes]: '4' }), node('node2', { cpu: '6000', memory: '10000', [extendedRes]: '10' })],
      expectedScores: [
        { name: 'node1', score: 50 },
        { name: 'node2', score: 60 },
      ],
      resources: extendedResourceSet,
    },
    {
      name: "if the node doesn't have a resource",
      requestedPod: makePod().node('node1').req({ cpu: '3000', memory: '4000' }).obj(),
      nodes: [node('node1', { cpu: '6000', memory: '10000' }), node('node2', { cpu: '6000', memory: '10000', [extendedRes]: '4' })],
      expectedScores: [
        { name: 'node1', score: 55 },
        { name: 'node2', score: 55 },
      ],
      resources: [
        { name: extendedRes, weight: 2 },
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    },
  ])('$name', (tc) => {
    const got = runStrategyCase(tc, { type: 'LeastAllocated' });
    expect(got).toEqual(expectedResult(tc, got));
  });
});
