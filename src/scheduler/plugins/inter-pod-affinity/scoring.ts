/**
 * InterPodAffinity's PreScore/Score/NormalizeScore (upstream interpodaffinity/scoring.go): per topology key and
 * value, the sum of preferred (anti-)affinity weights of the incoming pod toward existing pods and of existing
 * pods toward it (plus hardPodAffinityWeight for existing pods' required affinity); a node scores the sum over its
 * labels, normalized to 0..100 between the lowest and highest node.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../../../api/label-selector.js';
import { MaxNodeScore, Status, type CycleState, type NodeScore, type StateData } from '../../framework/interface.js';
import { affinityTermMatches, type AffinityTerm, type NodeInfo, type PodInfo, type WeightedAffinityTerm } from '../../framework/types.js';

export const preScoreStateKey = 'PreScoreInterPodAffinity';

/** topologyKey -> topology value -> score. */
export type ScoreMap = Map<string, Map<string, number>>;

export class PreScoreState implements StateData {
  constructor(
    public topologyScore: ScoreMap,
    public podInfo: PodInfo,
    public namespaceLabels: Labels,
  ) {}
  // Not modified after PreScore: no copy needed (as upstream).
  clone(): PreScoreState {
    return this;
  }
}

function processTerm(m: ScoreMap, term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels, node: Node, multiplier: number): void {
  if (!affinityTermMatches(term, pod, nsLabels)) return;
  const labels = node.metadata?.labels ?? {};
  if (!Object.prototype.hasOwnProperty.call(labels, term.topologyKey)) return;
  let byValue = m.get(term.topologyKey);
  if (!byValue) m.set(term.topologyKey, (byValue = new Map()));
  const v = labels[term.topologyKey]!;
  byValue.set(v, (byValue.get(v) ?? 0) + weight * multiplier);
}

function processTerms(m: ScoreMap, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels, node: Node, multiplier: number): void {
  for (const t of terms) processTerm(m, t, t.weight, pod, nsLabels, node, multiplier);
}

function hasAnyLabel(node: Node): boolean {
  for (const _ in node.metadata?.labels ?? {}) return true;
  return false;
}

/** Adds one existing pod's contributions to the score map. */
export function processExistingPod(state: PreScoreState, existing: PodInfo, existingNode: Node, incoming: Pod, hardPodAffinityWeight: number, m: ScoreMap): void {
  // Most existing pods with affinity have only required anti-affinity, which does not score: no term, nothing to add.
  const incomingTerms = state.podInfo.preferredAffinityTerms.length + state.podInfo.preferredAntiAffinityTerms.length;
  const existingTerms = (hardPodAffinityWeight > 0 ? existing.requiredAffinityTerms.length : 0) + existing.preferredAffinityTerms.length + existing.preferredAntiAffinityTerms.length;
  if (incomingTerms + existingTerms === 0) return;
  if (!hasAnyLabel(existingNode)) return;
  // The incoming pod's preferred terms (namespaceSelector merged already) toward the existing pod.
  processTerms(m, state.podInfo.preferredAffinityTerms, existing.pod, undefined, existingNode, 1);
  processTerms(m, state.podInfo.preferredAntiAffinityTerms, existing.pod, undefined, existingNode, -1);
  // The existing pod's required affinity toward the incoming pod, with the hard weight.
  if (hardPodAffinityWeight > 0) {
    for (const t of existing.requiredAffinityTerms) processTerm(m, t, hardPodAffinityWeight, incoming, state.namespaceLabels, existingNode, 1);
  }
  processTerms(m, existing.preferredAffinityTerms, incoming, state.namespaceLabels, existingNode, 1);
  processTerms(m, existing.preferredAntiAffinityTerms, incoming, state.namespaceLabels, existingNode, -1);
}

export function getPreScoreState(cycleState: CycleState): PreScoreState {
  const s = cycleState.read<PreScoreState>(preScoreStateKey);
  if (!s) throw new Error(`failed to read "${preScoreStateKey}" from cycleState: not found`);
  return s;
}

/** Sum of the scores of the node's topology pairs; positive for affinity, negative for anti-affinity. */
export function scoreNode(cycleState: CycleState, nodeInfo: NodeInfo): { score: number; status: Status } {
  let s: PreScoreState;
  try {
    s = getPreScoreState(cycleState);
  } catch (e) {
    return { score: 0, status: Status.error(e as Error) };
  }
  const labels = nodeInfo.node()?.metadata?.labels ?? {};
  let score = 0;
  for (const [tpKey, byValue] of s.topologyScore) {
    if (Object.prototype.hasOwnProperty.call(labels, tpKey)) score += byValue.get(labels[tpKey]!) ?? 0;
  }
  return { score, status: Status.success() };
}

/** Scales scores to 0..MaxNodeScore between the minimum and maximum (all 0 when they are equal). */
export function normalizeScores(cycleState: CycleState, scores: NodeScore[]): Status {
  let s: PreScoreState;
  try {
    s = getPreScoreState(cycleState);
  } catch (e) {
    return Status.error(e as Error);
  }
  if (s.topologyScore.size === 0) return Status.success();
  let min = Infinity;
  let max = -Infinity;
  for (const { score } of scores) {
    if (score > max) max = score;
    if (score < min) min = score;
  }
  const diff = max - min;
  for (const ns of scores) ns.score = diff > 0 ? Math.trunc(MaxNodeScore * ((ns.score - min) / diff)) : 0;
  return Status.success();
}
