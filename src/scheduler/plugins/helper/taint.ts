/** Which taints a filter looks at (upstream helper/taint.go), shared by TaintToleration, PodTopologySpread and the DaemonSet-like checks. */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { toleratesTaint } from '../../../api/taints.js';

/** Selects the taints that keep pods off a node: NoSchedule and NoExecute (DoNotScheduleTaintsFilterFunc). */
const doNotSchedule = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
export const doNotScheduleTaintsFilterFunc = (): ((t: Taint) => boolean) => doNotSchedule;

/**
 * The first taint that passes the filter and no toleration tolerates (v1helper.FindMatchingUntoleratedTaint);
 * undefined when every such taint is tolerated.
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  inclusionFilter?: (t: Taint) => boolean,
): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (inclusionFilter && !inclusionFilter(taint)) continue;
    if (!tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}

function tolerated(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const tol of tolerations) if (toleratesTaint(tol, taint)) return true;
  return false;
}
