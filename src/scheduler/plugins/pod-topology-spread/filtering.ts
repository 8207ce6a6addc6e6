/**
 * PodTopologySpread's PreFilter/Filter state (upstream podtopologyspread/filtering.go): per DoNotSchedule
 * constraint, matching pods per topology value and the two "critical paths" with the fewest, so Filter computes
 * `matchNum + selfMatch - globalMin <= maxSkew` in O(1) and preemption can add and remove pods.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { getRequiredNodeAffinity } from '../../../api/node-affinity.js';
import { Code, Status, type StateData } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/types.js';
import { countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints, type TopologySpreadConstraint } from './common.js';

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';

export const preFilterStateKey = 'PreFilterPodTopologySpread';

const MaxInt32 = 2147483647;

interface CriticalPath {
  topologyValue: string;
  matchNum: number;
}

/**
 * Two paths instead of all: [0] always holds the minimum; [1] is >= [0] but not necessarily the 2nd minimum. Enough
 * because preemption only removes pods from one node, each on its own copy of the state.
 */
export class CriticalPaths {
  p: [CriticalPath, CriticalPath] = [
    { topologyValue: '', matchNum: MaxInt32 },
    { topologyValue: '', matchNum: MaxInt32 },
  ];

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.p = [{ ...this.p[0] }, { ...this.p[1] }];
    return c;
  }

  update(tpVal: string, num: number): void {
    const p = this.p;
    let i = -1;
    if (tpVal === p[0].topologyValue) i = 0;
    else if (tpVal === p[1].topologyValue) i = 1;
    if (i >= 0) {
      p[i]!.matchNum = num;
      if (p[0].matchNum > p[1].matchNum) this.p = [p[1], p[0]];
    } else if (num < p[0].matchNum) {
      p[1] = { ...p[0] };
      p[0] = { topologyValue: tpVal, matchNum: num };
    } else if (num < p[1].matchNum) {
      p[1] = { topologyValue: tpVal, matchNum: num };
    }
  }
}

export class PreFilterState implements StateData {
  constructor(
    public constraints: TopologySpreadConstraint[] = [],
    public criticalPaths: CriticalPaths[] = [],
    /** Per constraint: topology value -> number of matching pods. */
    public tpValueToMatchNum: Array<Map<string, number>> = [],
  ) {}

  clone(): PreFilterState {
    // Constraints do not change; share them.
    return new PreFilterState(
      this.constraints,
      this.criticalPaths.map((c) => c.clone()),
      this.tpValueToMatchNum.map((m) => new Map(m)),
    );
  }

  /** The global minimum for the skew; 0 while fewer domains than minDomains are eligible. */
  minMatchNum(constraintID: number, minDomains: number): number {
    const domainsNum = this.tpValueToMatchNum[constraintID]!.size;
    if (domainsNum < minDomains) return 0;
    return this.criticalPaths[constraintID]!.p[0].matchNum;
  }

  /** Adds (delta 1) or removes (-1) a pod on node, for preemption's what-ifs (upstream updateWithPod). */
  updateWithPod(updatedPod: Pod, preemptorPod: Pod, node: Node | undefined, delta: number): void {
    if (!node || (updatedPod.metadata?.namespace ?? '') !== (preemptorPod.metadata?.namespace ?? '')) return;
    if (!nodeLabelsMatchSpreadConstraints(node.metadata?.labels, this.constraints)) return;
    const required = getRequiredNodeAffinity(preemptorPod);
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(updatedPod.metadata?.labels)) return;
      if (!matchNodeInclusionPolicies(c, preemptorPod, node, required)) return;
      const v = node.metadata!.labels![c.topologyKey]!;
      const m = this.tpValueToMatchNum[i]!;
      const n = (m.get(v) ?? 0) + delta;
      m.set(v, n);
      this.criticalPaths[i]!.update(v, n);
    });
  }
}

/** Counts matching pods per topology value over all nodes (upstream calPreFilterState, constraints given). */
export function calPreFilterState(pod: Pod, constraints: TopologySpreadConstraint[], allNodes: readonly NodeInfo[]): PreFilterState {
  if (constraints.length === 0) return new PreFilterState();
  const s = new PreFilterState(
    constraints,
    constraints.map(() => new CriticalPaths()),
    constraints.map(() => new Map<string, number>()),
  );
  const required = getRequiredNodeAffinity(pod);
  const ns = pod.metadata?.namespace ?? '';
  for (const nodeInfo of allNodes) {
    const node = nodeInfo.node();
    if (!node) continue;
    const labels = node.metadata?.labels;
    // The node must have every constraint's topology key.
    if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod, node, required)) return;
      const value = labels![c.topologyKey]!;
      const m = s.tpValueToMatchNum[i]!;
      m.set(value, (m.get(value) ?? 0) + countPodsMatchSelector(nodeInfo.pods, c.selector, ns));
    });
  }
  constraints.forEach((_, i) => {
    for (const [value, num] of s.tpValueToMatchNum[i]!) s.criticalPaths[i]!.update(value, num);
  });
  return s;
}

/** Filter: for each constraint the node must have the key, and placing the pod must keep the skew within maxSkew. */
export function filterNode(s: PreFilterState, pod: Pod, nodeInfo: NodeInfo): Status {
  // An empty state is legit: it tolerates every pod.
  if (s.constraints.length === 0) return Status.success();
  const labels = nodeInfo.node()?.metadata?.labels ?? {};
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return new Status(Code.UnschedulableAndUnresolvable, ErrReasonNodeLabelNotMatch);
    const tpVal = labels[c.topologyKey]!;
    const minMatchNum = s.minMatchNum(i, c.minDomains);
    const selfMatchNum = c.selector.matches(pod.metadata?.labels) ? 1 : 0;
    const matchNum = s.tpValueToMatchNum[i]!.get(tpVal) ?? 0;
    const skew = matchNum + selfMatchNum - minMatchNum;
    if (skew > c.maxSkew) return new Status(Code.Unschedulable, ErrReasonConstraintsNotMatch);
  }
  return Status.success();
}
