/** A broken-line function over utilization points (upstream helper/shape_score.go), the curve RequestedToCapacityRatio and VolumeBinding score with. */

/** One point of the curve: at this utilization (0-100), this score. */
export interface FunctionShapePoint {
  utilization: number;
  score: number;
}

/**
 * Linear between the points, flat before the first and after the last (BuildBrokenLinearFunction); points must be
 * sorted by increasing utilization. Integer arithmetic truncating toward zero, as Go's int64 division.
 */
export function buildBrokenLinearFunction(shape: readonly FunctionShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const prev = shape[i - 1]!;
        const cur = shape[i]!;
        return prev.score + Math.trunc(((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization));
      }
    }
    return shape[shape.length - 1]!.score;
  };
}
