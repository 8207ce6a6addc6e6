/**
 * The explain view of a pod's scheduling record, against whole expected texts for records built by hand: what the
 * header says for each outcome, the filter verdicts (passed, reason, not run, skipped) and the scores table.
 */
import {
  renderSchedulerExplain,
  SchedulerExplainAnnotation,
  schedulerExplainOf,
  type SchedulerExplainFilter,
  type SchedulerExplainNode,
  type SchedulerExplainRecord,
} from './scheduler-explain.js';

const pass = (plugin: string): SchedulerExplainFilter => ({ plugin, code: 'Success' });
const reject = (plugin: string, ...reasons: string[]): SchedulerExplainFilter => ({ plugin, code: 'Unschedulable', reasons });
const unresolvable = (plugin: string, ...reasons: string[]): SchedulerExplainFilter => ({ plugin, code: 'UnschedulableAndUnresolvable', reasons });

const defaultFilters = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit'];
const defaultScores = [
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodeResourcesFit', weight: 1 },
];
const controlPlaneTaint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';

/** A node every default filter passed. */
const feasible = (name: string, scores: Array<[string, number, number, number]>): SchedulerExplainNode => ({
  name,
  filters: defaultFilters.map(pass),
  scores: scores.map(([plugin, raw, normalized, weighted]) => ({ plugin, raw, normalized, weighted })),
  totalScore: scores.reduce((s, x) => s + x[3], 0),
});
/** The control-plane node, rejected by TaintToleration after NodeUnschedulable and NodeName passed. */
const tainted = (name = 'controlplane'): SchedulerExplainNode => ({ name, filters: [pass('NodeUnschedulable'), pass('NodeName'), unresolvable('TaintToleration', controlPlaneTaint)] });

const record = (r: Partial<SchedulerExplainRecord>): SchedulerExplainRecord => ({
  scheduler: 'default-scheduler',
  attempt: 1,
  time: '2026-11-23T17:00:00Z',
  outcome: 'Scheduled',
  numNodes: 3,
  evaluatedNodes: 3,
  feasibleNodes: 2,
  filterPlugins: defaultFilters,
  scorePlugins: defaultScores,
  nodes: [],
  ...r,
});

const pod = { namespace: 'default', name: 'web' };
const now = new Date('2026-11-23T17:05:00Z');

describe('renderSchedulerExplain', () => {
  it.each<[string, SchedulerExplainRecord, string]>([
    [
      'a pod placed on the better of two workers shows why controlplane was out and how each worker scored',
      record({
        selectedNode: 'node01',
        nodes: [
          feasible('node01', [['TaintToleration', 0, 100, 300], ['NodeAffinity', 0, 0, 0], ['NodeResourcesFit', 95, 95, 95]]),
          feasible('node02', [['TaintToleration', 1, 0, 0], ['NodeAffinity', 0, 0, 0], ['NodeResourcesFit', 97, 97, 97]]),
          tainted(),
        ],
      }),
      [
        'Pod:        default/web',
        'Scheduler:  default-scheduler',
        'Attempt:    1 at 2026-11-23T17:00:00Z (5m ago)',
        'Outcome:    Scheduled to node01',
        'Nodes:      3 in the cluster, 3 evaluated, 2 feasible',
        '',
        'Filters:',
        'NODE           NodeUnschedulable   NodeName   TaintToleration                                                           NodeAffinity   NodePorts   NodeResourcesFit',
        'node01         passed              passed     passed                                                                    passed         passed      passed',
        'node02         passed              passed     passed                                                                    passed         passed      passed',
        'controlplane   passed              passed     node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }   -              -           -',
        '',
        'Scores (raw -> normalized x weight = weighted):',
        'SELECTED   NODE     TaintToleration     NodeAffinity    NodeResourcesFit   TOTAL',
        '*          node01   0 -> 100 x3 = 300   0 -> 0 x2 = 0   95 -> 95 x1 = 95   395',
        '           node02   1 -> 0 x3 = 0       0 -> 0 x2 = 0   97 -> 97 x1 = 97   97',
        '',
      ].join('\n'),
    ],
    [
      'a pod that fits nowhere shows the FailedScheduling message, each node\'s reason, and why preemption did not help',
      record({
        outcome: 'Unschedulable',
        attempt: 4,
        feasibleNodes: 0,
        message: `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
        nodes: [
          tainted(),
          { name: 'node01', filters: [...defaultFilters.slice(0, 5).map(pass), reject('NodeResourcesFit', 'Insufficient cpu')] },
          { name: 'node02', filters: [...defaultFilters.slice(0, 5).map(pass), reject('NodeResourcesFit', 'Insufficient cpu', 'Insufficient memory')] },
        ],
        postFilter: {
          plugin: 'DefaultPreemption',
          code: 'Unschedulable',
          message: 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
        },
      }),
      [
        'Pod:         default/web',
        'Scheduler:   default-scheduler',
        'Attempt:     4 at 2026-11-23T17:00:00Z (5m ago)',
        'Outcome:     Unschedulable',
        'Message:     0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
        'Nodes:       3 in the cluster, 3 evaluated, 0 feasible',
        'PostFilter:  DefaultPreemption (Unschedulable): preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
        '',
        'Filters:',
        'NODE           NodeUnschedulable   NodeName   TaintToleration                                                           NodeAffinity   NodePorts   NodeResourcesFit',
        'controlplane   passed              passed     node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }   -              -           -',
        'node01         passed              passed     passed                                                                    passed         passed      Insufficient cpu',
        'node02         passed              passed     passed                                                                    passed         passed      Insufficient cpu, Insufficient memory',
        '',
        'Scores: none computed (no feasible node)',
        '',
      ].join('\n'),
    ],
    [
      'a pod rejected by PreFilter shows the rejecting plugin and no filter table',
      record({
        outcome: 'Unschedulable',
        feasibleNodes: 0,
        message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        preFilter: { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', message: "node(s) didn't match Pod's node affinity/selector" },
        nodes: [{ name: 'controlplane', filters: [] }, { name: 'node01', filters: [] }, { name: 'node02', filters: [] }],
      }),
      [
        'Pod:        default/web',
        'Scheduler:  default-scheduler',
        'Attempt:    1 at 2026-11-23T17:00:00Z (5m ago)',
        'Outcome:    Unschedulable',
        'Message:    0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
        'Nodes:      3 in the cluster, 3 evaluated, 0 feasible',
        'PreFilter:  NodeAffinity rejected the pod (UnschedulableAndUnresolvable): node(s) didn\'t match Pod\'s node affinity/selector',
        '',
        'Filters: none ran (PreFilter rejected the pod)',
        '',
        'Scores: none computed (no feasible node)',
        '',
      ].join('\n'),
    ],
    [
      'a pod whose PreFilter narrowed the search to one node says it was not scored',
      record({
        attempt: 2,
        selectedNode: 'node02',
        evaluatedNodes: 1,
        feasibleNodes: 1,
        preFilterNodeNames: ['node02'],
        nominatedNodeName: 'node02',
        nodes: [{ name: 'node02', filters: defaultFilters.map(pass) }],
      }),
      [
        'Pod:             default/web',
        'Scheduler:       default-scheduler',
        'Attempt:         2 at 2026-11-23T17:00:00Z (5m ago)',
        'Outcome:         Scheduled to node02',
        'Nodes:           3 in the cluster, 1 evaluated, 1 feasible',
        'PreFilter:       narrowed the search to 1 of 3 nodes: node02',
        'Nominated Node:  node02 (filtered first)',
        '',
        'Filters:',
        'NODE     NodeUnschedulable   NodeName   TaintToleration   NodeAffinity   NodePorts   NodeResourcesFit',
        'node02   passed              passed     passed            passed         passed      passed',
        '',
        'Scores: none computed (node02 was the only feasible node)',
        '',
      ].join('\n'),
    ],
    [
      'a pod that preemption made room for shows the nominated node',
      record({
        outcome: 'Unschedulable',
        numNodes: 2,
        evaluatedNodes: 2,
        feasibleNodes: 0,
        message: '0/2 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 Preemption is not helpful for scheduling.',
        nodes: [tainted(), { name: 'node01', filters: [...defaultFilters.slice(0, 5).map(pass), reject('NodeResourcesFit', 'Insufficient memory')] }],
        postFilter: { plugin: 'DefaultPreemption', code: 'Success', message: '', nominatedNodeName: 'node01' },
      }),
      [
        'Pod:         default/web',
        'Scheduler:   default-scheduler',
        'Attempt:     1 at 2026-11-23T17:00:00Z (5m ago)',
        'Outcome:     Unschedulable',
        'Message:     0/2 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 Preemption is not helpful for scheduling.',
        'Nodes:       2 in the cluster, 2 evaluated, 0 feasible',
        'PostFilter:  DefaultPreemption nominated node01; the pod waits for its victims to go',
        '',
        'Filters:',
        'NODE           NodeUnschedulable   NodeName   TaintToleration                                                           NodeAffinity   NodePorts   NodeResourcesFit',
        'controlplane   passed              passed     node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }   -              -           -',
        'node01         passed              passed     passed                                                                    passed         passed      Insufficient memory',
        '',
        'Scores: none computed (no feasible node)',
        '',
      ].join('\n'),
    ],
    [
      'plugins a PreFilter skipped, a plugin that did not score, and nodes left out of the record are told apart',
      record({
        scheduler: 'my-scheduler',
        numNodes: 60,
        evaluatedNodes: 60,
        feasibleNodes: 58,
        selectedNode: 'node02',
        scorePlugins: [...defaultScores, { name: 'ImageLocality', weight: 1 }],
        nodes: [
          { ...feasible('node02', [['TaintToleration', 0, 100, 300], ['NodeResourcesFit', 50, 50, 50], ['ImageLocality', 0, 0, 0]]), filters: defaultFilters.filter((p) => p !== 'NodeAffinity').map(pass) },
          { ...feasible('node01', [['TaintToleration', 0, 100, 300], ['NodeResourcesFit', 40, 40, 40], ['ImageLocality', 0, 0, 0]]), filters: defaultFilters.filter((p) => p !== 'NodeAffinity').map(pass) },
          { name: 'node03', filters: [pass('NodeUnschedulable'), pass('NodeName'), pass('TaintToleration'), reject('NodePorts', "node(s) didn't have free ports for the requested pod ports")] },
        ],
        omittedNodes: 57,
      }),
      [
        'Pod:        default/web',
        'Scheduler:  my-scheduler',
        'Attempt:    1 at 2026-11-23T17:00:00Z',
        'Outcome:    Scheduled to node02',
        'Nodes:      60 in the cluster, 60 evaluated, 58 feasible',
        '',
        'Filters:',
        'NODE     NodeUnschedulable   NodeName   TaintToleration   NodeAffinity   NodePorts                                                    NodeResourcesFit',
        'node02   passed              passed     passed            skipped        passed                                                       passed',
        'node01   passed              passed     passed            skipped        passed                                                       passed',
        'node03   passed              passed     passed            skipped        node(s) didn\'t have free ports for the requested pod ports   -',
        '',
        'Scores (raw -> normalized x weight = weighted):',
        'SELECTED   NODE     TaintToleration     NodeAffinity   NodeResourcesFit   ImageLocality   TOTAL',
        '*          node02   0 -> 100 x3 = 300   skipped        50 -> 50 x1 = 50   0 -> 0 x1 = 0   350',
        '           node01   0 -> 100 x3 = 300   skipped        40 -> 40 x1 = 40   0 -> 0 x1 = 0   340',
        '',
        '57 more nodes were evaluated but left out of the record.',
        '',
      ].join('\n'),
    ],
    [
      'a filter error ends the attempt: the error is the outcome and the cell',
      record({
        outcome: 'Error',
        numNodes: 2,
        evaluatedNodes: 0,
        feasibleNodes: 0,
        message: 'running "NodeResourcesFit" filter plugin: quantity overflow',
        nodes: [{ name: 'node01', filters: [...defaultFilters.slice(0, 5).map(pass), { plugin: 'NodeResourcesFit', code: 'Error', reasons: ['quantity overflow'] }] }],
      }),
      [
        'Pod:        default/web',
        'Scheduler:  default-scheduler',
        'Attempt:    1 at 2026-11-23T17:00:00Z (5m ago)',
        'Outcome:    Error',
        'Message:    running "NodeResourcesFit" filter plugin: quantity overflow',
        'Nodes:      2 in the cluster, 0 evaluated, 0 feasible',
        '',
        'Filters:',
        'NODE     NodeUnschedulable   NodeName   TaintToleration   NodeAffinity   NodePorts   NodeResourcesFit',
        'node01   passed              passed     passed            passed         passed      Error: quantity overflow',
        '',
        'Scores: none computed (the attempt ended with an error)',
        '',
      ].join('\n'),
    ],
    [
      'a cluster without nodes: the attempt ends with upstream\'s error and nothing is filtered',
      record({ outcome: 'Error', numNodes: 0, evaluatedNodes: 0, feasibleNodes: 0, message: 'no nodes available to schedule pods' }),
      [
        'Pod:        default/web',
        'Scheduler:  default-scheduler',
        'Attempt:    1 at 2026-11-23T17:00:00Z (5m ago)',
        'Outcome:    Error',
        'Message:    no nodes available to schedule pods',
        'Nodes:      0 in the cluster, 0 evaluated, 0 feasible',
        '',
        'Filters: no node was filtered',
        '',
        'Scores: none computed (the attempt ended with an error)',
        '',
      ].join('\n'),
    ],
  ])('%s', (_name, rec, expected) => {
    const out = renderSchedulerExplain(pod, rec, rec.scheduler === 'my-scheduler' ? undefined : now);
    expect(out).toBe(expected);
  });
});

describe('schedulerExplainOf', () => {
  const good = JSON.stringify(record({ selectedNode: 'node01' }));
  it.each([
    ['a pod with the annotation', { [SchedulerExplainAnnotation]: good }, JSON.parse(good)],
    ['a pod without annotations', undefined, undefined],
    ['a pod with other annotations only', { a: 'b' }, undefined],
    ['an annotation that is not JSON', { [SchedulerExplainAnnotation]: '{' }, undefined],
    ['an annotation that is JSON but no record', { [SchedulerExplainAnnotation]: '{"a":1}' }, undefined],
  ])('reads %s', (_name, annotations, expected) => {
    expect(schedulerExplainOf(annotations)).toEqual(expected);
  });
});
