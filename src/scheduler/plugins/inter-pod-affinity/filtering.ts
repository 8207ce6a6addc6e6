/**
 * InterPodAffinity's PreFilter/Filter (upstream interpodaffinity/filtering.go): counts, per topology pair, the
 * existing pods whose required anti-affinity matches the incoming pod, and the existing pods matching the incoming
 * pod's required affinity and anti-affinity terms; Filter then only looks the node's pairs up.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { matchesNothing, type Labels } from '../../../api/label-selector.js';
import { Code, Status, type CycleState, type StateData } from '../../framework/interface.js';
import { affinityTermMatches, type AffinityTerm, type NodeInfo, type PodInfo } from '../../framework/types.js';

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/** The cycle-state key of the PreFilter data ("PreFilter" + plugin name). */
export const preFilterStateKey = 'PreFilterInterPodAffinity';

/** Topology pairs (key, value) to a count of matching pods (upstream topologyToMatchedTermCount), as key -> value -> count. */
export class TopologyCounts {
  readonly m = new Map<string, Map<string, number>>();
  private pairs = 0;

  /** The number of pairs with a count. */
  get size(): number {
    return this.pairs;
  }
  get(key: string, value: string): number {
    return this.m.get(key)?.get(value) ?? 0;
  }
  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, byValue] of this.m) c.m.set(k, new Map(byValue));
    c.pairs = this.pairs;
    return c;
  }
  /** Adds value to the node's pair for topology key tk; a pair down to zero is dropped (value may be negative). */
  update(node: Node, tk: string, value: number): void {
    const labels = node.metadata?.labels;
    if (!labels || !Object.prototype.hasOwnProperty.call(labels, tk)) return;
    this.add(tk, labels[tk]!, value);
  }
  /** Adds value to the pair (tk, v); a pair down to zero is dropped. */
  add(tk: string, v: string, value: number): void {
    let byValue = this.m.get(tk);
    if (!byValue) this.m.set(tk, (byValue = new Map()));
    const old = byValue.get(v);
    const n = (old ?? 0) + value;
    if (n === 0) {
      if (old !== undefined) {
        byValue.delete(v);
        this.pairs--;
        if (byValue.size === 0) this.m.delete(tk);
      }
    } else {
      if (old === undefined) this.pairs++;
      byValue.set(v, n);
    }
  }
  /** For each term, when pod matches ALL terms. */
  updateWithAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, node: Node, value: number): void {
    if (podMatchesAllAffinityTerms(terms, pod)) for (const t of terms) this.update(node, t.topologyKey, value);
  }
  /** For each anti-affinity term the pod matches. */
  updateWithAntiAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels, node: Node, value: number): void {
    for (const t of terms) if (affinityTermMatches(t, pod, nsLabels)) this.update(node, t.topologyKey, value);
  }
  /** `key=value` -> count, sorted (for tests and logs). */
  toObject(): Record<string, number> {
    const entries: Array<[string, number]> = [];
    for (const [k, byValue] of this.m) for (const [v, n] of byValue) entries.push([`${k}=${v}`, n]);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
}

/** One node's share of some counts: (which counts, key, value, count). */
type Contribution = Array<[number, string, string, number]>;

interface NodeEntry {
  generation: number;
  stamp: number;
  contribution: Contribution;
}

/** The counts for one question (key) and each node's share of them. */
interface KeyedCounts {
  totals: TopologyCounts[];
  entries: Map<NodeInfo, NodeEntry>;
}

const noContribution: Contribution = [];
/** How many questions are kept: pods of a few kinds scheduled in turn each find theirs. */
const maxKeys = 4;

/**
 * Counts summed over nodes that PreFilter computes every cycle, kept between cycles for the same question (key):
 * only the nodes whose NodeInfo changed since (another generation) are counted again, the others add what they
 * added last time. The sums are the same as counting every node (pairs only hold sums; their order means nothing).
 * A node without pods adds nothing (both counts come from the pods on the node).
 */
export class IncrementalTopologyCounts {
  private readonly byKey = new Map<string, KeyedCounts>();
  private stamp = 0;

  constructor(private readonly n: number) {}

  /** Copies of the counts over nodes; count adds one node's pods to the n (fresh) counts it is given. */
  compute(key: string, nodes: readonly NodeInfo[], count: (node: Node, nodeInfo: NodeInfo, into: TopologyCounts[]) => void): TopologyCounts[] {
    let kc = this.byKey.get(key);
    if (kc) this.byKey.delete(key);
    else kc = { totals: Array.from({ length: this.n }, () => new TopologyCounts()), entries: new Map() };
    this.byKey.set(key, kc);
    if (this.byKey.size > maxKeys) this.byKey.delete(this.byKey.keys().next().value!);
    const { totals, entries } = kc;
    const stamp = ++this.stamp;
    let seen = 0;
    for (let i = 0; i < nodes.length; i++) {
      const nodeInfo = nodes[i]!;
      const e = entries.get(nodeInfo);
      if (e && e.generation === nodeInfo.generation) {
        if (e.stamp !== stamp) seen++;
        e.stamp = stamp;
        continue;
      }
      if (e) {
        apply(totals, e.contribution, -1);
        if (e.stamp === stamp) seen--;
      }
      const contribution = this.countNode(nodeInfo, count);
      apply(totals, contribution, 1);
      entries.set(nodeInfo, { generation: nodeInfo.generation, stamp, contribution });
      seen++;
    }
    if (entries.size > seen) {
      for (const [nodeInfo, e] of entries) {
        if (e.stamp === stamp) continue;
        apply(totals, e.contribution, -1);
        entries.delete(nodeInfo);
      }
    }
    return totals.map((t) => t.clone());
  }

  private countNode(nodeInfo: NodeInfo, count: (node: Node, nodeInfo: NodeInfo, into: TopologyCounts[]) => void): Contribution {
    const node = nodeInfo.node();
    if (!node || nodeInfo.pods.length === 0) return noContribution;
    const into = Array.from({ length: this.n }, () => new TopologyCounts());
    count(node, nodeInfo, into);
    const out: Contribution = [];
    into.forEach((c, which) => {
      for (const [k, byValue] of c.m) for (const [v, n] of byValue) out.push([which, k, v, n]);
    });
    return out;
  }
}

function apply(totals: TopologyCounts[], contribution: Contribution, sign: 1 | -1): void {
  for (const [which, k, v, n] of contribution) totals[which]!.add(k, v, sign * n);
}

/** True iff the pod matches all the terms (false for no terms). The incoming pod's namespaceSelector is merged already. */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!affinityTermMatches(t, pod, undefined)) return false;
  return true;
}

/** What PreFilter computes and Filter reads. */
export class PreFilterState implements StateData {
  constructor(
    /** Pairs to the number of existing pods whose required anti-affinity matches the incoming pod. */
    public existingAntiAffinityCounts: TopologyCounts,
    /** Pairs to the number of existing pods matching all of the incoming pod's required affinity terms. */
    public affinityCounts: TopologyCounts,
    /** Pairs to the number of existing pods matching the incoming pod's required anti-affinity terms. */
    public antiAffinityCounts: TopologyCounts,
    public podInfo: PodInfo,
    public namespaceLabels: Labels,
  ) {}

  clone(): PreFilterState {
    // The podInfo does not change; no need to copy it.
    return new PreFilterState(this.existingAntiAffinityCounts.clone(), this.affinityCounts.clone(), this.antiAffinityCounts.clone(), this.podInfo, this.namespaceLabels);
  }

  /** Adds (multiplier 1) or removes (-1) an existing pod's contributions, for preemption's what-ifs. */
  updateWithPod(pInfo: PodInfo, node: Node, multiplier: number): void {
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(pInfo.requiredAntiAffinityTerms, this.podInfo.pod, this.namespaceLabels, node, multiplier);
    this.affinityCounts.updateWithAffinityTerms(this.podInfo.requiredAffinityTerms, pInfo.pod, node, multiplier);
    // The incoming pod's terms have their namespaceSelector merged into namespaces: no namespace labels needed.
    this.antiAffinityCounts.updateWithAntiAffinityTerms(this.podInfo.requiredAntiAffinityTerms, pInfo.pod, undefined, node, multiplier);
  }
}

/** Counts over the nodes having pods with required anti-affinity: which of those terms match the incoming pod. */
export function getExistingAntiAffinityCounts(pod: Pod, nsLabels: Labels, nodes: readonly NodeInfo[]): TopologyCounts {
  const result = new TopologyCounts();
  for (const nodeInfo of nodes) {
    const node = nodeInfo.node();
    if (!node) continue;
    countExistingAntiAffinity(pod, nsLabels, node, nodeInfo, result);
  }
  return result;
}

/** One node's part of getExistingAntiAffinityCounts. */
export function countExistingAntiAffinity(pod: Pod, nsLabels: Labels, node: Node, nodeInfo: NodeInfo, into: TopologyCounts): void {
  for (const existing of nodeInfo.podsWithRequiredAntiAffinity) into.updateWithAntiAffinityTerms(existing.requiredAntiAffinityTerms, pod, nsLabels, node, 1);
}

/** What getExistingAntiAffinityCounts depends on besides the nodes: the incoming pod's namespace, labels and namespace labels. */
export function existingAntiAffinityKey(pod: Pod, nsLabels: Labels): string {
  return JSON.stringify([pod.metadata?.namespace ?? '', pod.metadata?.labels ?? null, nsLabels ?? null]);
}

/** What getIncomingAffinityAntiAffinityCounts depends on besides the nodes: the incoming pod's required terms. */
export function incomingAffinityKey(podInfo: PodInfo): string {
  const sel = (s: AffinityTerm['selector']) => (matchesNothing(s) ? '!' : s.isEmpty() ? '*' : `=${s.toString()}`);
  const term = (t: AffinityTerm) => [t.topologyKey, [...t.namespaces].sort(), sel(t.selector), sel(t.namespaceSelector)];
  return JSON.stringify([podInfo.requiredAffinityTerms.map(term), podInfo.requiredAntiAffinityTerms.map(term)]);
}

/** Counts of existing pods matching the incoming pod's required affinity (all terms) and anti-affinity terms. */
export function getIncomingAffinityAntiAffinityCounts(podInfo: PodInfo, allNodes: readonly NodeInfo[]): { affinity: TopologyCounts; antiAffinity: TopologyCounts } {
  const affinity = new TopologyCounts();
  const antiAffinity = new TopologyCounts();
  if (podInfo.requiredAffinityTerms.length === 0 && podInfo.requiredAntiAffinityTerms.length === 0) return { affinity, antiAffinity };
  // Every pod on every node is looked at: skip what cannot count.
  for (let i = 0; i < allNodes.length; i++) {
    const nodeInfo = allNodes[i]!;
    if (nodeInfo.pods.length === 0) continue;
    const node = nodeInfo.node();
    if (!node) continue;
    countIncomingAffinity(podInfo, node, nodeInfo, affinity, antiAffinity);
  }
  return { affinity, antiAffinity };
}

/** One node's part of getIncomingAffinityAntiAffinityCounts (skipping a kind of term the pod lacks). */
export function countIncomingAffinity(podInfo: PodInfo, node: Node, nodeInfo: NodeInfo, affinity: TopologyCounts, antiAffinity: TopologyCounts): void {
  const affinityTerms = podInfo.requiredAffinityTerms;
  const antiAffinityTerms = podInfo.requiredAntiAffinityTerms;
  const pods = nodeInfo.pods;
  for (let j = 0; j < pods.length; j++) {
    const existing = pods[j]!.pod;
    if (affinityTerms.length) affinity.updateWithAffinityTerms(affinityTerms, existing, node, 1);
    if (antiAffinityTerms.length) antiAffinity.updateWithAntiAffinityTerms(antiAffinityTerms, existing, undefined, node, 1);
  }
}

export function getPreFilterState(cycleState: CycleState): PreFilterState {
  const s = cycleState.read<PreFilterState>(preFilterStateKey);
  if (!s) throw new Error(`error reading "${preFilterStateKey}" from cycleState: not found`);
  if (!(s instanceof PreFilterState)) throw new Error(`${String(s)}  convert to interpodaffinity.state error`);
  return s;
}

const nodeLabels = (nodeInfo: NodeInfo): Record<string, string> => nodeInfo.node()?.metadata?.labels ?? {};
const hasKey = (o: Record<string, string>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Whether placing the pod on this node breaks an existing pod's required anti-affinity. */
export function satisfyExistingPodsAntiAffinity(state: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (state.existingAntiAffinityCounts.size > 0) {
    const labels = nodeLabels(nodeInfo);
    for (const [k, byValue] of state.existingAntiAffinityCounts.m) {
      if (hasKey(labels, k) && (byValue.get(labels[k]!) ?? 0) > 0) return false;
    }
  }
  return true;
}

/** Whether the node satisfies the incoming pod's required anti-affinity. */
export function satisfyPodAntiAffinity(state: PreFilterState, nodeInfo: NodeInfo): boolean {
  if (state.antiAffinityCounts.size > 0) {
    const labels = nodeLabels(nodeInfo);
    for (const term of state.podInfo.requiredAntiAffinityTerms) {
      if (hasKey(labels, term.topologyKey) && state.antiAffinityCounts.get(term.topologyKey, labels[term.topologyKey]!) > 0) return false;
    }
  }
  return true;
}

/** Whether the node satisfies the incoming pod's required affinity (or the pod is the first of a self-affine group). */
export function satisfyPodAffinity(state: PreFilterState, nodeInfo: NodeInfo): boolean {
  let podsExist = true;
  const labels = nodeLabels(nodeInfo);
  for (const term of state.podInfo.requiredAffinityTerms) {
    if (!hasKey(labels, term.topologyKey)) return false; // all topology labels must exist on the node
    if (state.affinityCounts.get(term.topologyKey, labels[term.topologyKey]!) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a series with affinity to themselves: when no pod anywhere matches and the pod matches
    // its own terms, let it in so the group is not pending forever.
    return state.affinityCounts.size === 0 && podMatchesAllAffinityTerms(state.podInfo.requiredAffinityTerms, state.podInfo.pod);
  }
  return true;
}

/** Filter: affinity first (unresolvable), then the pod's anti-affinity, then existing pods' anti-affinity. */
export function filterNode(cycleState: CycleState, nodeInfo: NodeInfo): Status {
  let state: PreFilterState;
  try {
    state = getPreFilterState(cycleState);
  } catch (e) {
    return Status.error(e as Error);
  }
  if (!satisfyPodAffinity(state, nodeInfo)) return new Status(Code.UnschedulableAndUnresolvable, ErrReasonAffinityRulesNotMatch);
  if (!satisfyPodAntiAffinity(state, nodeInfo)) return new Status(Code.Unschedulable, ErrReasonAntiAffinityRulesNotMatch);
  if (!satisfyExistingPodsAntiAffinity(state, nodeInfo)) return new Status(Code.Unschedulable, ErrReasonExistingAntiAffinityRulesNotMatch);
  return Status.success();
}
