/** Scales scores to [0, maxPriority] by the highest one (upstream helper.DefaultNormalizeScore), so plugins share one rounding. */
import { Status, type NodeScore } from '../../framework/interface.js';

/**
 * score = maxPriority * score / max (integer division, as Go int64); reverse gives maxPriority - that.
 * All zero: unchanged, or all maxPriority when reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): Status {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return Status.success();
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
  return Status.success();
}
