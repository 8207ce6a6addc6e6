/** The RequestedToCapacityRatio strategy: utilization mapped through a user-given curve (upstream noderesources/requested_to_capacity_ratio.go). */
import type { ResourceSpec, UtilizationShapePoint } from '../../config/types.js';
import { MaxNodeScore } from '../../framework/interface.js';
import { buildBrokenLinearFunction, type FunctionShapePoint } from '../helper/shape-score.js';
import type { ResourceScorerFunc } from './resource-allocation.js';

/** The highest score of a shape point in the configuration (config.MaxCustomPriorityScore). */
export const MaxCustomPriorityScore = 10;
const maxUtilization = 100;

/** Shape scores (0-10) are scaled to the scheduler's 0-100. */
export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): ResourceScorerFunc {
  const shapes: FunctionShapePoint[] = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MaxNodeScore / MaxCustomPriorityScore) }));
  return buildRequestedToCapacityRatioScorerFunction(shapes, resources);
}

/** The weighted mean of the curve's value at each resource's utilization, rounded; resources scoring 0 do not count. */
function buildRequestedToCapacityRatioScorerFunction(shape: FunctionShapePoint[], resources: readonly ResourceSpec[]): ResourceScorerFunc {
  const rawScoringFunction = buildBrokenLinearFunction(shape);
  const resourceScoringFunction = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return rawScoringFunction(maxUtilization);
    return rawScoringFunction(Math.trunc((requested * maxUtilization) / capacity));
  };
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      const resourceScore = resourceScoringFunction(requested[i]!, allocatable[i]!);
      if (resourceScore > 0) {
        nodeScore += resourceScore * weight;
        weightSum += weight;
      }
    }
    if (weightSum === 0) return 0;
    return goRound(nodeScore / weightSum);
  };
}

/** math.Round: half away from zero. */
const goRound = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));
