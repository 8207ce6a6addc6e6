/** The LeastAllocated strategy: nodes with more free capacity score higher (upstream noderesources/least_allocated.go). */
import type { ResourceSpec } from '../../config/types.js';
import { MaxNodeScore } from '../../framework/interface.js';
import type { ResourceScorerFunc } from './resource-allocation.js';

/** The weighted mean, over resources the node has, of (allocatable - requested) * 100 / allocatable. */
export function leastResourceScorer(resources: readonly ResourceSpec[]): ResourceScorerFunc {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += leastRequestedScore(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    if (weightSum === 0) return 0;
    return Math.trunc(nodeScore / weightSum);
  };
}

/** Unused capacity as 0-100; 0 when more than the capacity is requested. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MaxNodeScore) / capacity);
}
