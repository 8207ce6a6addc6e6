/** The MostAllocated strategy: fuller nodes score higher, to bin-pack (upstream noderesources/most_allocated.go). */
import type { ResourceSpec } from '../../config/types.js';
import { MaxNodeScore } from '../../framework/interface.js';
import type { ResourceScorerFunc } from './resource-allocation.js';

/** The weighted mean, over resources the node has, of requested * 100 / allocatable. */
export function mostResourceScorer(resources: readonly ResourceSpec[]): ResourceScorerFunc {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += mostRequestedScore(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    if (weightSum === 0) return 0;
    return Math.trunc(nodeScore / weightSum);
  };
}

/** Used capacity as 0-100; requests beyond the capacity (pods without requests count defaults) count as full. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MaxNodeScore) / capacity);
}
