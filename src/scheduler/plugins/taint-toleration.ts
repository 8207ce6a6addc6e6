/** TaintToleration: NoSchedule/NoExecute taints a pod does not tolerate keep it off; untolerated PreferNoSchedule taints lower the score (upstream plugins/tainttoleration). */
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { tolerationsTolerateTaint } from '../../api/taints.js';
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
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
  type StateData,
} from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';
import { defaultNormalizeScore } from './helper/normalize-score.js';
import { doNotScheduleTaintsFilterFunc, findMatchingUntoleratedTaint } from './helper/taint.js';
import * as names from './names.js';

export const Name = names.TaintToleration;

/** The cycle-state key of the tolerations Score looks at. */
export const PreScoreStateKey = `PreScore${Name}`;

/** The reason for a taint the pod does not tolerate, as upstream formats it: `{key: value}`. */
export const errReasonUntoleratedTaint = (t: Pick<Taint, 'key' | 'value'>): string => `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;

/** The pod's tolerations that can tolerate PreferNoSchedule taints. */
class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  name(): string {
    return Name;
  }

  /** A new node, a node's taints changing, or the pod gaining tolerations (v1.32 with queueing hints). */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Node', actionType: ['Add', 'UpdateNodeTaint'] },
      { resource: 'Pod', actionType: ['UpdatePodTolerations'] },
    ];
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const taint = findMatchingUntoleratedTaint(nodeInfo.taints(), pod.spec?.tolerations, doNotScheduleTaintsFilterFunc());
    if (!taint) return Status.success();
    return new Status(Code.UnschedulableAndUnresolvable, errReasonUntoleratedTaint(taint));
  }

  preScore(state: CycleState, pod: Pod, _nodes: NodeInfo[]): Status {
    state.write(PreScoreStateKey, new PreScoreState(getAllTolerationPreferNoSchedule(pod.spec?.tolerations)));
    return Status.success();
  }

  /** The number of PreferNoSchedule taints the pod does not tolerate (reversed by normalizeScore). */
  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): { score: number; status: Status } {
    const s = state.read<PreScoreState>(PreScoreStateKey);
    if (!s) return { score: 0, status: Status.error(`failed to read "${PreScoreStateKey}" from cycleState: not found`) };
    return { score: countIntolerableTaintsPreferNoSchedule(nodeInfo.taints(), s.tolerationsPreferNoSchedule), status: Status.success() };
  }

  scoreNodes(state: CycleState, _pod: Pod, nodes: NodeInfo[], out: number[]): Status {
    const s = state.read<PreScoreState>(PreScoreStateKey);
    if (!s) return Status.error(`failed to read "${PreScoreStateKey}" from cycleState: not found`);
    for (let i = 0; i < nodes.length; i++) out[i] = countIntolerableTaintsPreferNoSchedule(nodes[i]!.taints(), s.tolerationsPreferNoSchedule);
    return Status.success();
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  /** Fewer untolerated taints is better: normalized in reverse. */
  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    return defaultNormalizeScore(MaxNodeScore, true, scores);
  }
}

/** Tolerations with effect PreferNoSchedule or none (an empty effect matches every effect). */
function getAllTolerationPreferNoSchedule(tolerations: Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

function countIntolerableTaintsPreferNoSchedule(taints: Taint[] | undefined, tolerations: Toleration[]): number {
  let n = 0;
  for (const taint of taints ?? []) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

export function newTaintToleration(_args: unknown, _h: Handle): Plugin {
  return new TaintToleration();
}
