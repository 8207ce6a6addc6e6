/** NodeAffinity: a pod's nodeSelector and node affinity (required as filter, preferred as score), plus the profile's addedAffinity (upstream plugins/nodeaffinity). */
import type { NodeAffinity as V1NodeAffinity, Pod } from 'kubernetes-types/core/v1.js';
import { getRequiredNodeAffinity, NodeSelector, ObjectNameField, PreferredSchedulingTerms, type RequiredNodeAffinity } from '../../api/node-affinity.js';
import type { NodeAffinityArgs } from '../config/types.js';
import {
  Code,
  MaxNodeScore,
  Status,
  type ClusterEvent,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type Plugin,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
  type StateData,
} from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';
import { defaultNormalizeScore } from './helper/normalize-score.js';
import * as names from './names.js';

export const Name = names.NodeAffinity;

/** Cycle-state keys of the parsed required and preferred terms. */
export const PreFilterStateKey = `PreFilter${Name}`;
export const PreScoreStateKey = `PreScore${Name}`;

/** The pod's node affinity or nodeSelector does not match the node. */
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
/** The profile's addedAffinity does not match the node. */
export const ErrReasonEnforced = "node(s) didn't match scheduler-enforced node affinity";
/** Every term names nodes by metadata.name and no node satisfies them all. */
export const ErrReasonConflict = 'pod affinity terms conflict';

class PreFilterState implements StateData {
  constructor(readonly requiredNodeSelectorAndAffinity: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferredNodeAffinity: PreferredSchedulingTerms | undefined) {}
  clone(): StateData {
    return this;
  }
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  private readonly addedNodeSelector?: NodeSelector;
  private readonly addedPrefSchedTerms?: PreferredSchedulingTerms;

  /** Throws when addedAffinity does not parse, with upstream's message. */
  constructor(args: NodeAffinityArgs = {}) {
    const added = args.addedAffinity as V1NodeAffinity | undefined;
    const required = added?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required) {
      try {
        this.addedNodeSelector = NodeSelector.parse(required);
      } catch (e) {
        throw new Error(`parsing addedAffinity.requiredDuringSchedulingIgnoredDuringExecution: ${(e as Error).message}`);
      }
    }
    const preferred = added?.preferredDuringSchedulingIgnoredDuringExecution;
    if (preferred?.length) {
      try {
        this.addedPrefSchedTerms = PreferredSchedulingTerms.parse(preferred);
      } catch (e) {
        throw new Error(`parsing addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: ${(e as Error).message}`);
      }
    }
  }

  name(): string {
    return Name;
  }

  /** A new node, or a node's labels changing, can start matching (v1.32 with queueing hints). */
  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', actionType: ['Add', 'UpdateNodeLabel'] }];
  }

  /**
   * Parses the pod's requirements once; Skip when there are none. Terms that all name nodes by metadata.name
   * narrow the nodes to those names (their union), or conflict when a term's names do not intersect.
   */
  preFilter(state: CycleState, pod: Pod, _nodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !this.addedNodeSelector && pod.spec?.nodeSelector == null) return { status: new Status(Code.Skip) };
    state.write(PreFilterStateKey, new PreFilterState(getRequiredNodeAffinity(pod)));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return { status: Status.success() };

    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNodeNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== ObjectNameField || r.operator !== 'In') continue;
        // Requirements of a term are ANDed: intersect.
        const s = new Set(r.values ?? []);
        termNodeNames = termNodeNames ? new Set([...termNodeNames].filter((n) => s.has(n))) : s;
      }
      // A term without a metadata.name requirement lets every node through: terms are ORed.
      if (!termNodeNames) return { status: Status.success() };
      nodeNames = new Set([...(nodeNames ?? []), ...termNodeNames]);
    }
    if (nodeNames && nodeNames.size === 0) return { status: new Status(Code.UnschedulableAndUnresolvable, ErrReasonConflict) };
    if (nodeNames && nodeNames.size > 0) return { result: { nodeNames }, status: Status.success() };
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const node = nodeInfo.node()!;
    if (this.addedNodeSelector && !this.addedNodeSelector.match(node)) return new Status(Code.UnschedulableAndUnresolvable, ErrReasonEnforced);
    // Without PreFilter (disabled), parse here.
    const s = state.read<PreFilterState>(PreFilterStateKey) ?? new PreFilterState(getRequiredNodeAffinity(pod));
    // Parse errors never match, and are otherwise ignored for backwards compatibility.
    if (!s.requiredNodeSelectorAndAffinity.match(node).matched) return new Status(Code.UnschedulableAndUnresolvable, ErrReasonPod);
    return Status.success();
  }

  preScore(state: CycleState, pod: Pod, _nodes: NodeInfo[]): Status {
    let preferred: PreferredSchedulingTerms | undefined;
    try {
      preferred = getPodPreferredNodeAffinity(pod);
    } catch (e) {
      return Status.error(e as Error);
    }
    if (!preferred && !this.addedPrefSchedTerms) return new Status(Code.Skip);
    state.write(PreScoreStateKey, new PreScoreState(preferred));
    return Status.success();
  }

  /** The sum of the weights of the preferred terms (the pod's and the added ones) the node matches. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): { score: number; status: Status } {
    const node = nodeInfo.node()!;
    let count = 0;
    if (this.addedPrefSchedTerms) count += this.addedPrefSchedTerms.score(node);
    let s = state.read<PreScoreState>(PreScoreStateKey);
    if (!s) {
      try {
        s = new PreScoreState(getPodPreferredNodeAffinity(pod));
      } catch (e) {
        return { score: 0, status: Status.error(e as Error) };
      }
    }
    if (s.preferredNodeAffinity) count += s.preferredNodeAffinity.score(node);
    return { score: count, status: Status.success() };
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    return defaultNormalizeScore(MaxNodeScore, false, scores);
  }
}

function getPodPreferredNodeAffinity(pod: Pod): PreferredSchedulingTerms | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  return terms ? PreferredSchedulingTerms.parse(terms) : undefined;
}

export function newNodeAffinity(args: unknown, _h: Handle): Plugin {
  return new NodeAffinity((args ?? {}) as NodeAffinityArgs);
}
