/**
 * PodTopologySpread (upstream podtopologyspread/plugin.go): DoNotSchedule constraints filter, ScheduleAnyway ones
 * score; pods without constraints get the profile's defaults (System: hostname maxSkew 3 and zone maxSkew 5,
 * ScheduleAnyway) over the selectors of the Services / ReplicaSets / StatefulSets owning them.
 */
import type { Pod, TopologySpreadConstraint as V1Constraint } from 'kubernetes-types/core/v1.js';
import { getRequiredNodeAffinity } from '../../../api/node-affinity.js';
import type { PodTopologySpreadArgs } from '../../config/types.js';
import {
  Code,
  Status,
  type ClusterEvent,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface.js';
import type { SharedLister } from '../../framework/listers.js';
import type { NodeInfo, PodInfo } from '../../framework/types.js';
import { defaultSelector, spreadListersFrom, type SpreadListers } from '../helper/default-selector.js';
import * as names from '../names.js';
import { countPodsMatchSelector, filterTopologySpreadConstraints, LabelHostname, LabelTopologyZone, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints, type TopologySpreadConstraint } from './common.js';
import { calPreFilterState, filterNode, PreFilterState, preFilterStateKey } from './filtering.js';
import { initPreScoreState, normalizeScores, PreScoreState, preScoreStateKey, scoreNode } from './scoring.js';

export const Name = names.PodTopologySpread;

/** The constraints of defaultingType System. */
export const systemDefaultConstraints: V1Constraint[] = [
  { topologyKey: LabelHostname, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LabelTopologyZone, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterExtensions, ScoreExtensions {
  readonly systemDefaulted: boolean;
  readonly defaultConstraints: V1Constraint[];
  private readonly sharedLister: SharedLister;
  private readonly listers: SpreadListers | undefined;

  constructor(args: Partial<PodTopologySpreadArgs> | undefined, handle: Handle, listers?: SpreadListers) {
    const a: PodTopologySpreadArgs = { defaultingType: 'System', ...(args ?? {}) };
    this.sharedLister = handle.snapshotSharedLister();
    this.systemDefaulted = a.defaultingType === 'System';
    this.defaultConstraints = this.systemDefaulted ? systemDefaultConstraints : ((a.defaultConstraints ?? []) as V1Constraint[]);
    if (this.defaultConstraints.length) this.listers = listers ?? spreadListersFrom(handle.informers);
  }

  name(): string {
    return Name;
  }

  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ['Add', 'UpdatePodLabel', 'Delete'] },
      { resource: 'Node', actionType: ['Add', 'Delete', 'UpdateNodeLabel', 'UpdateNodeTaint'] },
    ];
  }

  /** The default constraints of this action, over the pod's group selector (none when nothing selects the pod). */
  private buildDefaultConstraints(pod: Pod, action: string): TopologySpreadConstraint[] {
    const constraints = filterTopologySpreadConstraints(this.defaultConstraints, pod.metadata?.labels, action);
    if (constraints.length === 0 || !this.listers) return [];
    const selector = defaultSelector(pod, this.listers);
    if (selector.isEmpty()) return [];
    return constraints.map((c) => ({ ...c, selector }));
  }

  /** The pod's DoNotSchedule constraints, or the defaults when it has none. */
  getConstraints(pod: Pod): TopologySpreadConstraint[] {
    if (pod.spec?.topologySpreadConstraints?.length) {
      try {
        return filterTopologySpreadConstraints(pod.spec.topologySpreadConstraints, pod.metadata?.labels, 'DoNotSchedule');
      } catch (e) {
        throw new Error(`obtaining pod's hard topology spread constraints: ${(e as Error).message}`);
      }
    }
    try {
      return this.buildDefaultConstraints(pod, 'DoNotSchedule');
    } catch (e) {
      throw new Error(`setting default hard topology spread constraints: ${(e as Error).message}`);
    }
  }

  preFilter(cycleState: CycleState, pod: Pod, nodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    let s: PreFilterState;
    try {
      s = calPreFilterState(pod, this.getConstraints(pod), nodes);
    } catch (e) {
      return { status: Status.error(`get constraints from pod: ${(e as Error).message}`) };
    }
    if (s.constraints.length === 0) return { status: new Status(Code.Skip) };
    cycleState.write(preFilterStateKey, s);
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(cycleState: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status {
    return this.updateWithPod(cycleState, podToSchedule, podInfoToAdd, nodeInfo, 1);
  }

  removePod(cycleState: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status {
    return this.updateWithPod(cycleState, podToSchedule, podInfoToRemove, nodeInfo, -1);
  }

  private updateWithPod(cycleState: CycleState, podToSchedule: Pod, pi: PodInfo, nodeInfo: NodeInfo, delta: number): Status {
    const s = this.readPreFilterState(cycleState);
    if (s instanceof Status) return s;
    s.updateWithPod(pi.pod, podToSchedule, nodeInfo.node(), delta);
    return Status.success();
  }

  private readPreFilterState(cycleState: CycleState): PreFilterState | Status {
    const s = cycleState.read<PreFilterState>(preFilterStateKey);
    if (!s) return Status.error(`reading "${preFilterStateKey}" from cycleState: not found`);
    return s;
  }

  filter(cycleState: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const s = this.readPreFilterState(cycleState);
    if (s instanceof Status) return s;
    return filterNode(s, pod, nodeInfo);
  }

  preScore(cycleState: CycleState, pod: Pod, filteredNodes: NodeInfo[]): Status {
    const allNodes = this.sharedLister.nodeInfos().list();
    if (allNodes.length === 0) return new Status(Code.Skip);
    const state = new PreScoreState();
    // Only non-system-default spreading requires every topology label, so nodes without a zone label still get hostname spreading.
    const requireAllTopologies = (pod.spec?.topologySpreadConstraints?.length ?? 0) > 0 || !this.systemDefaulted;
    try {
      state.constraints = pod.spec?.topologySpreadConstraints?.length
        ? filterTopologySpreadConstraints(pod.spec.topologySpreadConstraints, pod.metadata?.labels, 'ScheduleAnyway')
        : this.buildDefaultConstraints(pod, 'ScheduleAnyway');
    } catch (e) {
      return Status.error(`calculating preScoreState: ${(e as Error).message}`);
    }
    initPreScoreState(state, filteredNodes, requireAllTopologies);
    if (state.constraints.length === 0) return new Status(Code.Skip);
    const required = getRequiredNodeAffinity(pod);
    const ns = pod.metadata?.namespace ?? '';
    for (const nodeInfo of allNodes) {
      const node = nodeInfo.node();
      if (!node) continue;
      const labels = node.metadata?.labels ?? {};
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, state.constraints)) continue;
      state.constraints.forEach((c, i) => {
        if (!matchNodeInclusionPolicies(c, pod, node, required)) return;
        const value = labels[c.topologyKey] ?? '';
        const counts = state.topologyValueToPodCounts[i]!;
        // Only domains of candidate nodes; per-node (hostname) counts are made in Score.
        if (!counts.has(value)) return;
        counts.set(value, counts.get(value)! + countPodsMatchSelector(nodeInfo.pods, c.selector, ns));
      });
    }
    cycleState.write(preScoreStateKey, state);
    return Status.success();
  }

  score(cycleState: CycleState, pod: Pod, nodeInfo: NodeInfo): { score: number; status: Status } {
    const s = cycleState.read<PreScoreState>(preScoreStateKey);
    if (!s) return { score: 0, status: Status.error(`error reading "${preScoreStateKey}" from cycleState: not found`) };
    return { score: scoreNode(s, pod, nodeInfo), status: Status.success() };
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(cycleState: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    const s = cycleState.read<PreScoreState>(preScoreStateKey);
    if (!s) return Status.error(`error reading "${preScoreStateKey}" from cycleState: not found`);
    normalizeScores(s, scores);
    return Status.success();
  }
}

/** Registry constructor. */
export function newPodTopologySpread(args: unknown, handle: Handle): PodTopologySpread {
  return new PodTopologySpread(args as Partial<PodTopologySpreadArgs> | undefined, handle);
}
