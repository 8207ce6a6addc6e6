/** NodeResourcesBalancedAllocation: favors nodes whose resource fractions would stay close to each other (upstream noderesources/balanced_allocation.go, v1.32 standard deviation). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NodeResourcesBalancedAllocationArgs } from '../../config/types.js';
import { MaxNodeScore, Status, type CycleState, type Handle, type Plugin, type PreScorePlugin, type ScoreExtensions, type ScorePlugin, type StateData } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/types.js';
import * as names from '../names.js';
import { validateResources } from './fit.js';
import { ResourceAllocationScorer } from './resource-allocation.js';
import { aggregate, FieldPath } from '../../../api/field-error.js';

export const Name = names.NodeResourcesBalancedAllocation;

/** The cycle-state key of the pod's per-resource requests. */
export const PreScoreStateKey = `PreScore${Name}`;

class PreScoreState implements StateData {
  /** In the order of the configured resources. */
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly scorer: ResourceAllocationScorer;

  /** Throws on resource weights outside (0, 100], as upstream's ValidateNodeResourcesBalancedAllocationArgs. */
  constructor(args: NodeResourcesBalancedAllocationArgs) {
    const errs = validateResources(args.resources ?? [], FieldPath.root('resources'));
    if (errs.length) throw new Error(aggregate(errs));
    // Real requests, not the 100m/200Mi defaults: a pod without requests does not unbalance a node.
    this.scorer = new ResourceAllocationScorer(Name, balancedResourceScorer, args.resources ?? [], true);
  }

  name(): string {
    return Name;
  }

  preScore(state: CycleState, pod: Pod, _nodes: NodeInfo[]): Status {
    state.write(PreScoreStateKey, new PreScoreState(this.scorer.calculatePodResourceRequestList(pod)));
    return Status.success();
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): { score: number; status: Status } {
    const s = state.read<PreScoreState>(PreScoreStateKey) ?? new PreScoreState(this.scorer.calculatePodResourceRequestList(pod));
    return this.scorer.score(nodeInfo, s.podRequests);
  }

  scoreNodes(state: CycleState, pod: Pod, nodes: NodeInfo[], out: number[]): Status {
    const s = state.read<PreScoreState>(PreScoreStateKey) ?? new PreScoreState(this.scorer.calculatePodResourceRequestList(pod));
    return this.scorer.scoreNodes(nodes, s.podRequests, out);
  }

  scoreExtensions(): ScoreExtensions | undefined {
    return undefined;
  }
}

/**
 * (1 - std) * 100 over the fractions requested/allocatable (capped at 1) of the resources the node has: for two
 * resources std = |f1 - f2| / 2, for more the population standard deviation, for one or none 0.
 */
export function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  // Two passes over the resources the node has instead of collecting the fractions: no allocation per node.
  let count = 0;
  let totalFraction = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = Math.min(requested[i]! / allocatable[i]!, 1);
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    totalFraction += fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = totalFraction / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = Math.min(requested[i]! / allocatable[i]!, 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MaxNodeScore);
}

export function newBalancedAllocation(args: unknown, _h: Handle): Plugin {
  return new BalancedAllocation(args as NodeResourcesBalancedAllocationArgs);
}
