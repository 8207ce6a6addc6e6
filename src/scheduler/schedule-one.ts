/**
 * The scheduling algorithm of one attempt (upstream pkg/scheduler/schedule_one.go): PreFilter, the nominated node
 * first, Filter over the nodes from a round-robin start until enough feasible nodes are found
 * (percentageOfNodesToScore), PreScore/Score, and the highest score with a random tie break.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Code, codeString, Status, type CycleState } from './framework/interface.js';
import type { Framework, NodePluginScores } from './framework/runtime/framework.js';
import type { Snapshot } from './framework/snapshot.js';
import { FitError, newDiagnosis, type Diagnosis, type NodeInfo } from './framework/types.js';
import type { ExplainFilter } from '../api/scheduler-explain-record.js';

/** upstream minFeasibleNodesToFind / minFeasibleNodesPercentageToFind. */
export const MinFeasibleNodesToFind = 100;
export const MinFeasibleNodesPercentageToFind = 5;
/** How many top nodes a result keeps (upstream numberOfHighestScoredNodesToReport). */
export const NumberOfHighestScoredNodesToReport = 3;

export const ErrNoNodesAvailable = new Error('no nodes available to schedule pods');

/** What the algorithm keeps between attempts. */
export interface AlgorithmState {
  snapshot: Snapshot;
  /** Where the next Filter pass starts in the node list (upstream nextStartNodeIndex). */
  nextStartNodeIndex: number;
  /** The configuration's percentageOfNodesToScore (0: adaptive). */
  percentageOfNodesToScore: number;
  /** A number in [0, 1), as Math.random; injected so tests are deterministic. */
  random: () => number;
}

/** What an attempt saw, for the explain record (filled only when given). */
export interface AttemptTrace {
  filters: Map<string, ExplainFilter[]>;
  scores?: NodePluginScores[];
  preFilterNodeNames?: string[];
  preFilterStatus?: Status;
  postFilterStatus?: Status;
  postFilterNominated?: string;
}

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** The highest scored nodes, best first (at most NumberOfHighestScoredNodesToReport). */
  topNodes?: NodePluginScores[];
}

/**
 * How many feasible nodes to find before stopping: all below 100 nodes, else percentageOfNodesToScore of them
 * (adaptive when 0: 50% minus 1% per 125 nodes, at least 5%), at least 100 (upstream numFeasibleNodesToFind).
 */
export function numFeasibleNodesToFind(profilePercentage: number | undefined, globalPercentage: number, numAllNodes: number): number {
  if (numAllNodes < MinFeasibleNodesToFind) return numAllNodes;
  let percentage = profilePercentage ?? globalPercentage;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MinFeasibleNodesPercentageToFind) percentage = MinFeasibleNodesPercentageToFind;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  if (numNodes < MinFeasibleNodesToFind) return MinFeasibleNodesToFind;
  return numNodes;
}

/**
 * The node with the highest total score; among equal ones each is picked with equal probability (reservoir
 * sampling, as upstream selectHost). Also returns the `count` best nodes, best first.
 */
export function selectHost(list: NodePluginScores[], count: number, random: () => number): { host: string; top: NodePluginScores[] } {
  if (list.length === 0) throw new Error('empty priorityList');
  let maxScore = list[0]!.totalScore;
  let selected = list[0]!;
  let cntOfMaxScore = 1;
  for (let i = 1; i < list.length; i++) {
    const ns = list[i]!;
    if (ns.totalScore > maxScore) {
      maxScore = ns.totalScore;
      selected = ns;
      cntOfMaxScore = 1;
    } else if (ns.totalScore === maxScore) {
      cntOfMaxScore++;
      if (Math.floor(random() * cntOfMaxScore) === 0) selected = ns;
    }
  }
  const top = topScored(list, count, selected);
  return { host: selected.name, top };
}

/** The count best nodes, the selected one first, then by score (stable). */
function topScored(list: NodePluginScores[], count: number, selected: NodePluginScores): NodePluginScores[] {
  const out: NodePluginScores[] = [selected];
  if (count <= 1) return out;
  const rest = list.filter((n) => n !== selected);
  // Partial selection: count is tiny.
  for (let k = 1; k < count && rest.length; k++) {
    let best = 0;
    for (let i = 1; i < rest.length; i++) if (rest[i]!.totalScore > rest[best]!.totalScore) best = i;
    out.push(rest.splice(best, 1)[0]!);
  }
  return out;
}

/** The reasons of a rejecting status, as the explain record keeps them. */
function traceFilter(trace: AttemptTrace | undefined, nodeName: string): ((plugin: string, s: Status) => void) | undefined {
  if (!trace) return undefined;
  const list: ExplainFilter[] = [];
  trace.filters.set(nodeName, list);
  return (plugin, s) => list.push(s.isSuccess() ? { plugin, code: 'Success' } : { plugin, code: codeString(s.code), reasons: s.reasons });
}

/**
 * Runs Filter plugins over nodes starting at nextStartNodeIndex until numFeasibleNodesToFind fit; rejected nodes
 * go to the diagnosis (upstream findNodesThatPassFilters).
 */
export function findNodesThatPassFilters(
  alg: AlgorithmState,
  fwk: Framework,
  state: CycleState,
  pod: Pod,
  diagnosis: Diagnosis,
  nodes: NodeInfo[],
  trace?: AttemptTrace,
): NodeInfo[] {
  const numAllNodes = nodes.length;
  const numNodesToFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore, alg.percentageOfNodesToScore, numAllNodes);
  const feasible: NodeInfo[] = [];
  if (!fwk.hasFilterPlugins()) {
    for (let i = 0; i < numNodesToFind; i++) feasible.push(nodes[(alg.nextStartNodeIndex + i) % numAllNodes]!);
    return feasible;
  }
  let index = alg.nextStartNodeIndex % numAllNodes;
  for (let i = 0; i < numAllNodes && feasible.length < numNodesToFind; i++) {
    const nodeInfo = nodes[index]!;
    if (++index === numAllNodes) index = 0;
    const status = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo, trace ? traceFilter(trace, nodeInfo.nodeName()) : undefined);
    if (status.code === Code.Error) throw status.asError()!;
    if (status.isSuccess()) feasible.push(nodeInfo);
    else {
      diagnosis.nodeToStatus.set(nodeInfo.nodeName(), status);
      if (status.plugin) {
        if (status.code === Code.Pending) diagnosis.pendingPlugins.add(status.plugin);
        else diagnosis.unschedulablePlugins.add(status.plugin);
      }
    }
  }
  return feasible;
}

function addPluginStatus(d: Diagnosis, s: Status): void {
  if (!s.plugin) return;
  if (s.code === Code.Pending) d.pendingPlugins.add(s.plugin);
  else d.unschedulablePlugins.add(s.plugin);
}

/** PreFilter, then the nominated node, then Filter over all (or PreFilter's) nodes (upstream findNodesThatFitPod). */
export function findNodesThatFitPod(
  alg: AlgorithmState,
  fwk: Framework,
  state: CycleState,
  pod: Pod,
  trace?: AttemptTrace,
): { feasible: NodeInfo[]; diagnosis: Diagnosis } {
  const diagnosis = newDiagnosis();
  const allNodes = alg.snapshot.nodeInfos().list();
  const { result: preRes, status: s, unschedulablePlugins } = fwk.runPreFilterPlugins(state, pod);
  for (const p of unschedulablePlugins) diagnosis.unschedulablePlugins.add(p);
  if (!s.isSuccess()) {
    if (!s.isRejected()) throw s.asError()!;
    // Every node shares PreFilter's status, so that preemption sees them all rejected.
    for (const n of allNodes) diagnosis.nodeToStatus.set(n.nodeName(), s);
    diagnosis.preFilterMsg = s.message();
    addPluginStatus(diagnosis, s);
    if (trace) trace.preFilterStatus = s;
    return { feasible: [], diagnosis };
  }
  const nnn = pod.status?.nominatedNodeName;
  if (nnn) {
    const ni = alg.snapshot.nodeInfoMap.get(nnn);
    if (ni?.node()) {
      try {
        const feasible = findNodesThatPassFilters(alg, fwk, state, pod, diagnosis, [ni], trace);
        if (feasible.length) return { feasible, diagnosis };
      } catch {
        // upstream logs "Evaluation failed on nominated node" and goes on with every node
      }
    }
  }
  let nodes = allNodes;
  if (preRes?.nodeNames) {
    nodes = [];
    for (const name of preRes.nodeNames) {
      const ni = alg.snapshot.nodeInfoMap.get(name);
      if (ni?.node()) nodes.push(ni);
    }
    const absent = new Status(Code.UnschedulableAndUnresolvable, `node(s) didn't satisfy plugin(s) [${[...unschedulablePlugins].sort().join(' ')}]`);
    for (const n of allNodes) if (!preRes.nodeNames.has(n.nodeName())) diagnosis.nodeToStatus.set(n.nodeName(), absent);
    if (trace) trace.preFilterNodeNames = nodes.map((n) => n.nodeName());
  }
  const absentCount = allNodes.length - nodes.length;
  let feasible: NodeInfo[] = [];
  try {
    feasible = findNodesThatPassFilters(alg, fwk, state, pod, diagnosis, nodes, trace);
  } finally {
    const processed = feasible.length + diagnosis.nodeToStatus.size - absentCount;
    if (allNodes.length) alg.nextStartNodeIndex = (alg.nextStartNodeIndex + processed) % allNodes.length;
  }
  return { feasible, diagnosis };
}

/** PreScore and Score (every node scores 1 without score plugins), upstream prioritizeNodes. */
export function prioritizeNodes(fwk: Framework, state: CycleState, pod: Pod, nodes: NodeInfo[], withDetails = true): NodePluginScores[] {
  if (!fwk.hasScorePlugins()) return nodes.map((n) => ({ name: n.nodeName(), scores: [], totalScore: 1 }));
  const pre = fwk.runPreScorePlugins(state, pod, nodes);
  if (!pre.isSuccess()) throw pre.asError()!;
  const { scores, status } = fwk.runScorePlugins(state, pod, nodes, withDetails);
  if (!status.isSuccess()) throw status.asError()!;
  return scores;
}

/** One attempt of the algorithm: throws ErrNoNodesAvailable, a FitError, or another error (upstream schedulePod). */
export function schedulePod(alg: AlgorithmState, fwk: Framework, state: CycleState, pod: Pod, trace?: AttemptTrace): ScheduleResult {
  if (alg.snapshot.numNodes() === 0) throw ErrNoNodesAvailable;
  const { feasible, diagnosis } = findNodesThatFitPod(alg, fwk, state, pod, trace);
  if (feasible.length === 0) throw new FitError(pod, alg.snapshot.numNodes(), diagnosis);
  if (feasible.length === 1) return { suggestedHost: feasible[0]!.nodeName(), evaluatedNodes: 1 + diagnosis.nodeToStatus.size, feasibleNodes: 1 };
  const priorityList = prioritizeNodes(fwk, state, pod, feasible, !!trace);
  if (trace) trace.scores = priorityList;
  // The runners-up only matter to the explain record.
  const { host, top } = selectHost(priorityList, trace ? NumberOfHighestScoredNodesToReport : 1, alg.random);
  return { suggestedHost: host, evaluatedNodes: feasible.length + diagnosis.nodeToStatus.size, feasibleNodes: feasible.length, topNodes: top };
}
