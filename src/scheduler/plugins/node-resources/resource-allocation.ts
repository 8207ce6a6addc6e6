/**
 * What the resource scorers share (upstream noderesources/resource_allocation.go): the pod's request and the node's
 * allocatable and requested amounts per configured resource, handed to a strategy's scoring function.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ResourceSpec } from '../../config/types.js';
import { Code, Status } from '../../framework/interface.js';
import { computePodResourceRequest, isScalarResourceName, type NodeInfo } from '../../framework/types.js';

/** A strategy's function: requested and allocatable amounts, in the order of the configured resources, to a score. */
export type ResourceScorerFunc = (requested: number[], allocatable: number[]) => number;

/** How a configured resource is read from a NodeInfo, decided once per scorer rather than per node. */
const Kind = { CPU: 0, Memory: 1, EphemeralStorage: 2, Scalar: 3 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

function kindOf(name: string): Kind {
  switch (name) {
    case 'cpu':
      return Kind.CPU;
    case 'memory':
      return Kind.Memory;
    case 'ephemeral-storage':
      return Kind.EphemeralStorage;
    default:
      return Kind.Scalar;
  }
}

const resourcesNotFound = () => new Status(Code.Error, 'resources not found');

export class ResourceAllocationScorer {
  private readonly kinds: Kind[];
  private readonly scalar: boolean[];
  // Scratch space reused by every score() call (scores run one at a time), so scoring thousands of nodes allocates nothing.
  private readonly requested: number[];
  private readonly allocatable: number[];

  /**
   * useRequested: score against what pods really request (BalancedAllocation); otherwise against the non-zero
   * requests, where a container without cpu or memory request counts as 100m / 200Mi.
   */
  constructor(
    readonly name: string,
    readonly scorer: ResourceScorerFunc,
    readonly resources: ResourceSpec[],
    readonly useRequested = false,
  ) {
    this.kinds = resources.map((r) => kindOf(r.name));
    this.scalar = resources.map((r) => isScalarResourceName(r.name));
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
  }

  /** The node's score for a pod whose requests (in the order of the resources) are podRequests. */
  score(nodeInfo: NodeInfo, podRequests: number[]): { score: number; status: Status } {
    if (this.resources.length === 0) return { score: 0, status: resourcesNotFound() };
    return { score: this.scoreOf(nodeInfo, podRequests), status: Status.success() };
  }

  /** score() for every node into out (the scorer's scratch space is reused: nothing allocated per node). */
  scoreNodes(nodes: NodeInfo[], podRequests: number[], out: number[]): Status {
    if (this.resources.length === 0) return resourcesNotFound();
    for (let i = 0; i < nodes.length; i++) out[i] = this.scoreOf(nodes[i]!, podRequests);
    return Status.success();
  }

  /** The score, with at least one resource configured. */
  private scoreOf(nodeInfo: NodeInfo, podRequests: number[]): number {
    const n = this.resources.length;
    const requested = this.requested;
    const allocatable = this.allocatable;
    const used = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    for (let i = 0; i < n; i++) {
      // Only fill the entry of a resource the node has; an extended resource the pod does not request gives
      // (0, 0), which takes it out of the score.
      const podRequest = podRequests[i]!;
      let alloc = 0;
      let req = 0;
      if (!(podRequest === 0 && this.scalar[i])) {
        switch (this.kinds[i]) {
          case Kind.CPU:
            alloc = nodeInfo.allocatable.milliCPU;
            req = used.milliCPU + podRequest;
            break;
          case Kind.Memory:
            alloc = nodeInfo.allocatable.memory;
            req = used.memory + podRequest;
            break;
          case Kind.EphemeralStorage:
            alloc = nodeInfo.allocatable.ephemeralStorage;
            req = nodeInfo.requested.ephemeralStorage + podRequest;
            break;
          default: {
            const name = this.resources[i]!.name;
            const a = nodeInfo.allocatable.scalarResources.get(name);
            if (a !== undefined) {
              alloc = a;
              req = (nodeInfo.requested.scalarResources.get(name) ?? 0) + podRequest;
            }
          }
        }
      }
      allocatable[i] = alloc;
      requested[i] = alloc === 0 ? 0 : req;
    }
    return this.scorer(requested, allocatable);
  }

  /** The pod's request of each configured resource (cpu in millicores), non-zero defaults unless useRequested. */
  calculatePodResourceRequestList(pod: Pod): number[] {
    const { res, non0CPU, non0Mem } = computePodResourceRequest(pod);
    return this.resources.map(({ name }) => {
      switch (name) {
        case 'cpu':
          return this.useRequested ? res.milliCPU : non0CPU;
        case 'memory':
          return this.useRequested ? res.memory : non0Mem;
        case 'ephemeral-storage':
          return res.ephemeralStorage;
        case 'pods':
          return res.allowedPodNumber;
        default:
          return res.scalarResources.get(name) ?? 0;
      }
    });
  }
}
