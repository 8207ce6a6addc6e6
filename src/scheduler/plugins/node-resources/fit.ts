/**
 * NodeResourcesFit: the pod's requests (containers, init containers, sidecars, overhead) must fit in what the node
 * has left, and the pod count under its limit; scores by the configured strategy (upstream noderesources/fit.go).
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { aggregate, FieldPath, invalid, required, type FieldError } from '../../../api/field-error.js';
import type { NodeResourcesFitArgs, ResourceSpec, ScoringStrategyType, UtilizationShapePoint } from '../../config/types.js';
import {
  Code,
  Status,
  type ClusterEvent,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type Plugin,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
  type StateData,
} from '../../framework/interface.js';
import { computePodResourceRequest, type NodeInfo, type Resource } from '../../framework/types.js';
import * as names from '../names.js';
import { leastResourceScorer } from './least-allocated.js';
import { mostResourceScorer } from './most-allocated.js';
import { requestedToCapacityRatioScorer } from './requested-to-capacity-ratio.js';
import { ResourceAllocationScorer } from './resource-allocation.js';

export const Name = names.NodeResourcesFit;

/** Cycle-state keys: the pod's requests for Filter, and its per-resource requests for Score. */
export const PreFilterStateKey = `PreFilter${Name}`;
export const PreScoreStateKey = `PreScore${Name}`;

/** The node already has as many pods as its allocatable `pods`. */
export const ErrReasonTooManyPods = 'Too many pods';
/** The reason for a resource the node does not have enough of: `Insufficient cpu`. */
export const errReasonInsufficient = (resourceName: string): string => `Insufficient ${resourceName}`;

class PreFilterState implements StateData {
  constructor(readonly request: Resource) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  /** In the order of the strategy's resources. */
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

/** One resource the node lacks, with the numbers behind it (upstream InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

const strategies: Record<ScoringStrategyType, (args: NodeResourcesFitArgs) => ResourceAllocationScorer> = {
  LeastAllocated: (a) => new ResourceAllocationScorer('LeastAllocated', leastResourceScorer(a.scoringStrategy.resources), a.scoringStrategy.resources),
  MostAllocated: (a) => new ResourceAllocationScorer('MostAllocated', mostResourceScorer(a.scoringStrategy.resources), a.scoringStrategy.resources),
  RequestedToCapacityRatio: (a) =>
    new ResourceAllocationScorer(
      'RequestedToCapacityRatio',
      requestedToCapacityRatioScorer(a.scoringStrategy.resources, a.scoringStrategy.requestedToCapacityRatio?.shape ?? []),
      a.scoringStrategy.resources,
    ),
};

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  private readonly ignoredResources: Set<string>;
  private readonly ignoredResourceGroups: Set<string>;
  readonly scorer: ResourceAllocationScorer;

  /** Throws as upstream NewFit for a missing or unknown scoring strategy. */
  constructor(args: NodeResourcesFitArgs) {
    const errs = validateNodeResourcesFitArgs(args);
    if (errs.length) throw new Error(aggregate(errs));
    if (!args.scoringStrategy) throw new Error('scoring strategy not specified');
    const make = strategies[args.scoringStrategy.type];
    if (!make) throw new Error(`scoring strategy ${args.scoringStrategy.type} is not supported`);
    this.ignoredResources = new Set(args.ignoredResources ?? []);
    this.ignoredResourceGroups = new Set(args.ignoredResourceGroups ?? []);
    this.scorer = make(args);
  }

  name(): string {
    return Name;
  }

  /** A pod leaving frees resources; a new node or more allocatable adds some (v1.32 with queueing hints). */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ['Delete'] },
      { resource: 'Node', actionType: ['Add', 'UpdateNodeAllocatable'] },
    ];
  }

  preFilter(state: CycleState, pod: Pod, _nodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    state.write(PreFilterStateKey, new PreFilterState(computePodResourceRequest(pod).res));
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  /** Every resource the node lacks is a reason, so the message counts them all. */
  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PreFilterStateKey);
    if (!s) return Status.error(`error reading "${PreFilterStateKey}" from cycleState: not found`);
    const insufficient = fitsRequest(s.request, nodeInfo, this.ignoredResources, this.ignoredResourceGroups);
    if (insufficient.length) return new Status(Code.Unschedulable, ...insufficient.map((r) => r.reason));
    return Status.success();
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

/** The resources a node lacks for the pod, without ignoring any (upstream Fits, used by preemption and DaemonSets). */
export function fits(pod: Pod, nodeInfo: NodeInfo): InsufficientResource[] {
  return fitsRequest(computePodResourceRequest(pod).res, nodeInfo, new Set(), new Set());
}

/** Shared by every node the pod fits on (Filter runs once per node): never mutated. */
const fitsEverything = Object.freeze([]) as unknown as InsufficientResource[];

/**
 * Pod count first, then cpu, memory, ephemeral-storage, then the scalar resources the pod requests. A node with
 * room for everything gets a shared empty list, so filtering thousands of nodes allocates nothing.
 */
export function fitsRequest(podRequest: Resource, nodeInfo: NodeInfo, ignoredExtendedResources: Set<string>, ignoredResourceGroups: Set<string>): InsufficientResource[] {
  if (fitsAll(podRequest, nodeInfo)) return fitsEverything;
  const out: InsufficientResource[] = [];
  const allowedPodNumber = nodeInfo.allocatable.allowedPodNumber;
  if (nodeInfo.pods.length + 1 > allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: ErrReasonTooManyPods, requested: 1, used: nodeInfo.pods.length, capacity: allowedPodNumber });
  }
  if (podRequest.milliCPU === 0 && podRequest.memory === 0 && podRequest.ephemeralStorage === 0 && podRequest.scalarResources.size === 0) return out;

  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: 'cpu', reason: errReasonInsufficient('cpu'), requested: podRequest.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU });
  }
  if (podRequest.memory > 0 && podRequest.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: errReasonInsufficient('memory'), requested: podRequest.memory, used: used.memory, capacity: alloc.memory });
  }
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({
      resourceName: 'ephemeral-storage',
      reason: errReasonInsufficient('ephemeral-storage'),
      requested: podRequest.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
    });
  }
  for (const [rName, rQuant] of podRequest.scalarResources) {
    if (rQuant === 0) continue;
    if (isExtendedResourceName(rName)) {
      // The group is the part before the slash (API validation guarantees one).
      const group = ignoredResourceGroups.size > 0 ? rName.split('/')[0]! : '';
      if (ignoredExtendedResources.has(rName) || ignoredResourceGroups.has(group)) continue;
    }
    const capacity = alloc.scalarResources.get(rName) ?? 0;
    const inUse = used.scalarResources.get(rName) ?? 0;
    if (rQuant > capacity - inUse) out.push({ resourceName: rName, reason: errReasonInsufficient(rName), requested: rQuant, used: inUse, capacity });
  }
  return out;
}

/** Whether nothing is short: the pod count and every requested amount fit (the common case, checked first). */
function fitsAll(podRequest: Resource, nodeInfo: NodeInfo): boolean {
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) return false;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > alloc.milliCPU - used.milliCPU) return false;
  if (podRequest.memory > 0 && podRequest.memory > alloc.memory - used.memory) return false;
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) return false;
  // Scalar resources (rare) take the full path, with its ignored resources and groups.
  return podRequest.scalarResources.size === 0;
}

/**
 * v1helper.IsExtendedResourceName: a domain-prefixed name outside kubernetes.io (not native, not `requests.`), so
 * ignoredResources and ignoredResourceGroups can apply to it.
 */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/') || name.includes('kubernetes.io/')) return false;
  if (name.startsWith('requests.')) return false;
  return true;
}

/** ValidateNodeResourcesFitArgs, for what a profile can get wrong in the strategy: weights and the shape. */
export function validateNodeResourcesFitArgs(args: NodeResourcesFitArgs): FieldError[] {
  const errs: FieldError[] = [];
  const strategy = args.scoringStrategy;
  if (!strategy) return errs;
  const path = FieldPath.root('scoringStrategy');
  errs.push(...validateResources(strategy.resources ?? [], path.child('resources')));
  if (strategy.type === 'RequestedToCapacityRatio') {
    errs.push(...validateFunctionShape(strategy.requestedToCapacityRatio?.shape ?? [], path.child('shape')));
  }
  return errs;
}

/** Each weight in (0, 100]. */
export function validateResources(resources: readonly ResourceSpec[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) errs.push(invalid(path.index(i).child('weight'), r.weight, `resource weight of ${r.name} not in valid range (0, 100]`));
  });
  return errs;
}

/** At least one point, utilizations increasing within [0, 100], scores within [0, 10]. */
export function validateFunctionShape(shape: readonly UtilizationShapePoint[], path: FieldPath): FieldError[] {
  if (shape.length === 0) return [required(path, 'at least one point must be specified')];
  const errs: FieldError[] = [];
  for (let i = 1; i < shape.length; i++) {
    if (shape[i - 1]!.utilization >= shape[i]!.utilization) {
      errs.push(invalid(path.index(i).child('utilization'), shape[i]!.utilization, 'utilization values must be sorted in increasing order'));
      break;
    }
  }
  shape.forEach((p, i) => {
    if (p.utilization < 0 || p.utilization > 100) errs.push(invalid(path.index(i).child('utilization'), p.utilization, 'not in valid range [0, 100]'));
    if (p.score < 0 || p.score > 10) errs.push(invalid(path.index(i).child('score'), p.score, 'not in valid range [0, 10]'));
  });
  return errs;
}

export function newFit(args: unknown, _h: Handle): Plugin {
  return new Fit(args as NodeResourcesFitArgs);
}
