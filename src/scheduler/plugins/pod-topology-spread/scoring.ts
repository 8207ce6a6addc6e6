/**
 * PodTopologySpread's scoring for ScheduleAnyway constraints (upstream podtopologyspread/scoring.go): a node scores
 * the matching pods of its topology domains, weighted by log(domains+2) and watered down by maxSkew-1; fewer is
 * better after normalization.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { MaxNodeScore, type NodeScore, type StateData } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/types.js';
import { countPodsMatchSelector, LabelHostname, nodeLabelsMatchSpreadConstraints, type TopologySpreadConstraint } from './common.js';

export const preScoreStateKey = 'PreScorePodTopologySpread';
const invalidScore = -1;

export class PreScoreState implements StateData {
  constraints: TopologySpreadConstraint[] = [];
  /** Nodes missing some constraint's topology key: not scored. */
  ignoredNodes = new Set<string>();
  /** Per constraint: topology value -> matching pods (hostname counts are made in Score). */
  topologyValueToPodCounts: Array<Map<string, number>> = [];
  topologyNormalizingWeight: number[] = [];
  clone(): PreScoreState {
    return this;
  }
}

/** log(size+2): smaller topologies' counts are not watered down by bigger ones. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function scoreForCount(cnt: number, maxSkew: number, tpWeight: number): number {
  return cnt * tpWeight + (maxSkew - 1);
}

/** Sets up ignored nodes, the domains of the filtered nodes and the weights (upstream initPreScoreState, constraints given). */
export function initPreScoreState(s: PreScoreState, filteredNodes: readonly NodeInfo[], requireAllTopologies: boolean): void {
  if (s.constraints.length === 0) return;
  s.topologyValueToPodCounts = s.constraints.map(() => new Map());
  const topoSize = s.constraints.map(() => 0);
  for (const ni of filteredNodes) {
    const node = ni.node()!;
    const labels = node.metadata?.labels ?? {};
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, s.constraints)) {
      s.ignoredNodes.add(node.metadata?.name ?? '');
      continue;
    }
    s.constraints.forEach((c, i) => {
      if (c.topologyKey === LabelHostname) return; // per-node counts are made in Score
      const value = labels[c.topologyKey] ?? '';
      if (!s.topologyValueToPodCounts[i]!.has(value)) {
        s.topologyValueToPodCounts[i]!.set(value, 0);
        topoSize[i]!++;
      }
    });
  }
  s.topologyNormalizingWeight = s.constraints.map((c, i) => topologyNormalizingWeight(c.topologyKey === LabelHostname ? filteredNodes.length - s.ignoredNodes.size : topoSize[i]!));
}

/** The node's raw score: the sum over constraints of the weighted counts of its domains. */
export function scoreNode(s: PreScoreState, pod: Pod, nodeInfo: NodeInfo): number {
  const node = nodeInfo.node()!;
  if (s.ignoredNodes.has(node.metadata?.name ?? '')) return 0;
  const labels = node.metadata?.labels ?? {};
  let score = 0;
  s.constraints.forEach((c, i) => {
    if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return;
    const cnt = c.topologyKey === LabelHostname ? countPodsMatchSelector(nodeInfo.pods, c.selector, pod.metadata?.namespace ?? '') : (s.topologyValueToPodCounts[i]!.get(labels[c.topologyKey]!) ?? 0);
    score += scoreForCount(cnt, c.maxSkew, s.topologyNormalizingWeight[i]!);
  });
  return Math.round(score);
}

/** Fewest matching pods scores MaxNodeScore: max*(max+min-s)/max; ignored nodes score 0. */
export function normalizeScores(s: PreScoreState, scores: NodeScore[]): void {
  let minScore = Number.MAX_SAFE_INTEGER;
  let maxScore = 0;
  for (const sc of scores) {
    if (s.ignoredNodes.has(sc.name)) {
      sc.score = invalidScore;
      continue;
    }
    if (sc.score < minScore) minScore = sc.score;
    if (sc.score > maxScore) maxScore = sc.score;
  }
  for (const sc of scores) {
    if (sc.score === invalidScore) {
      sc.score = 0;
      continue;
    }
    if (maxScore === 0) {
      sc.score = MaxNodeScore;
      continue;
    }
    sc.score = Math.trunc((MaxNodeScore * (maxScore + minScore - sc.score)) / maxScore);
  }
}
