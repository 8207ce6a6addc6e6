import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '../util/random.js';
import { Code, Status } from './framework/interface.js';
import type { NodePluginScores } from './framework/runtime/framework.js';
import { fitErrorMessage, newDiagnosis } from './framework/types.js';
import { numFeasibleNodesToFind, selectHost } from './schedule-one.js';

// Cases from upstream schedule_one_test.go TestNumFeasibleNodesToFind.
describe('numFeasibleNodesToFind', () => {
  it.each([
    ['not set percentageOfNodesToScore and nodes number not more than 50', 0, undefined, 10, 10],
    ['set profile percentageOfNodesToScore and nodes number not more than 50', 0, 40, 10, 10],
    ['not set percentageOfNodesToScore and nodes number more than 50', 0, undefined, 1000, 420],
    ['set profile percentageOfNodesToScore and nodes number more than 50', 0, 40, 1000, 400],
    ['set global and profile percentageOfNodesToScore and nodes number more than 50', 100, 40, 1000, 400],
    ['set global percentageOfNodesToScore and nodes number more than 50', 40, undefined, 1000, 400],
    ['not set profile percentageOfNodesToScore and nodes number more than 50*125', 0, undefined, 6000, 300],
    ['set profile percentageOfNodesToScore and nodes number more than 50*125', 0, 40, 6000, 2400],
    ['5000 nodes (scheduler_perf) check 10%', 0, undefined, 5000, 500],
    ['a small percentage still checks 100 nodes', 1, undefined, 500, 100],
  ])('%s', (_name, global, profile, numAllNodes, want) => {
    expect(numFeasibleNodesToFind(profile, global, numAllNodes)).toBe(want);
  });
});

// Cases from upstream schedule_one_test.go TestSelectHost.
describe('selectHost', () => {
  const list = (...xs: Array<[string, number]>): NodePluginScores[] => xs.map(([name, totalScore]) => ({ name, scores: [], totalScore }));
  it.each([
    ['unique properly ordered scores', list(['node1.1', 1], ['node2.1', 2]), ['node2.1']],
    ['equal scores', list(['node1.1', 1], ['node1.2', 2], ['node1.3', 2], ['node2.1', 2]), ['node1.2', 'node1.3', 'node2.1']],
    ['out of order scores', list(['node1.1', 3], ['node1.2', 3], ['node2.1', 2], ['node3.1', 1], ['node1.3', 3]), ['node1.1', 'node1.2', 'node1.3']],
  ])('with %s, picks only a highest scored node and every one of them sometimes', (_name, scores, possible) => {
    const random = seededRandom(3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(selectHost(scores, 3, random).host);
    expect([...seen].sort()).toEqual(possible);
  });

  it('an empty priority list is an error', () => {
    expect(() => selectHost([], 3, Math.random)).toThrow('empty priorityList');
  });

  it('reports the selected node first, then the next best', () => {
    const { host, top } = selectHost(list(['a', 10], ['b', 30], ['c', 20], ['d', 5]), 3, () => 0.5);
    expect(host).toBe('b');
    expect(top.map((n) => n.name)).toEqual(['b', 'c', 'a']);
  });
});

// Cases from upstream framework/types_test.go TestFitError_Error (v1.32 appends the PostFilter message as it is).
describe('FitError message', () => {
  const diag = (statuses: Record<string, Status>, preFilterMsg = '', postFilterMsg = '') => {
    const d = newDiagnosis();
    for (const [n, s] of Object.entries(statuses)) d.nodeToStatus.set(n, s);
    d.preFilterMsg = preFilterMsg;
    d.postFilterMsg = postFilterMsg;
    return d;
  };
  const u = (msg: string) => new Status(Code.Unschedulable, msg);
  it.each([
    [
      'nodes failed Prefilter plugin',
      3,
      diag({ node1: u('Node(s) failed PreFilter plugin FalsePreFilter'), node2: u('Node(s) failed PreFilter plugin FalsePreFilter'), node3: u('Node(s) failed PreFilter plugin FalsePreFilter') }, 'Node(s) failed PreFilter plugin FalsePreFilter'),
      '0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter.',
    ],
    [
      'nodes failed Prefilter plugin and the preemption also failed',
      3,
      diag({ node1: u('Node(s) failed PreFilter plugin FalsePreFilter') }, 'Node(s) failed PreFilter plugin FalsePreFilter', 'Error running PreFilter plugin FalsePreFilter'),
      '0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter. Error running PreFilter plugin FalsePreFilter',
    ],
    [
      'nodes failed one Filter plugin with an empty PostFilterMsg',
      3,
      diag({ node1: u('Node(s) failed Filter plugin FalseFilter-1'), node2: u('Node(s) failed Filter plugin FalseFilter-1'), node3: u('Node(s) failed Filter plugin FalseFilter-1') }),
      '0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1.',
    ],
    [
      'nodes failed one Filter plugin with a non-empty PostFilterMsg',
      3,
      diag({ node1: u('Node(s) failed Filter plugin FalseFilter-1'), node2: u('Node(s) failed Filter plugin FalseFilter-1'), node3: u('Node(s) failed Filter plugin FalseFilter-1') }, '', 'Error running Filter plugin FalseFilter-1'),
      '0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1. Error running Filter plugin FalseFilter-1',
    ],
    [
      'nodes failed two Filter plugins with an empty PostFilterMsg',
      3,
      diag({ node1: u('Node(s) failed Filter plugin FalseFilter-1'), node2: u('Node(s) failed Filter plugin FalseFilter-1'), node3: u('Node(s) failed Filter plugin FalseFilter-2') }),
      '0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1.',
    ],
    ['failed to Permit on node', 1, diag({ node1: u('Node failed Permit plugin Permit-1') }), '0/1 nodes are available: 1 Node failed Permit plugin Permit-1.'],
    ['failed to Reserve on node', 1, diag({ node1: u('Node failed Reserve plugin Reserve-1') }), '0/1 nodes are available: 1 Node failed Reserve plugin Reserve-1.'],
    [
      'a status with two reasons counts both, and counts sort as strings (10 before 2)',
      12,
      diag({
        ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, new Status(Code.Unschedulable, 'Insufficient cpu', 'Insufficient memory')])),
        b0: new Status(Code.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector"),
        b1: new Status(Code.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector"),
      }),
      "0/12 nodes are available: 10 Insufficient cpu, 10 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector.",
    ],
  ])('%s', (_name, numAllNodes, d, want) => {
    expect(fitErrorMessage(numAllNodes, d)).toBe(want);
  });
});
