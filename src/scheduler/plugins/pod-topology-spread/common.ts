/** What PodTopologySpread's filter and score share (upstream podtopologyspread/common.go): parsed constraints, node inclusion, counting. */
import type { Node, Pod, TopologySpreadConstraint as V1Constraint } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, selectorFromSet, type LabelSelector, type Labels } from '../../../api/label-selector.js';
import type { RequiredNodeAffinity } from '../../../api/node-affinity.js';
import type { PodInfo } from '../../framework/types.js';
import { doNotScheduleTaintsFilterFunc, findMatchingUntoleratedTaint } from '../helper/taint.js';

export const LabelHostname = 'kubernetes.io/hostname';
export const LabelTopologyZone = 'topology.kubernetes.io/zone';

/** A v1 constraint with its selector parsed and defaults applied. */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** Whether the node counts for this constraint under its nodeAffinityPolicy and nodeTaintsPolicy. */
export function matchNodeInclusionPolicies(c: TopologySpreadConstraint, pod: Pod, node: Node, require: RequiredNodeAffinity): boolean {
  // Parse errors are ignored for backwards compatibility (a non-match).
  if (c.nodeAffinityPolicy === 'Honor' && !require.match(node).matched) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaintsFilterFunc())) return false;
  return true;
}

/** Whether the node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(labels: Labels, constraints: readonly TopologySpreadConstraint[]): boolean {
  for (const c of constraints) if (!labels || !Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

/**
 * The pod's constraints with this whenUnsatisfiable, parsed (upstream filterTopologySpreadConstraints): matchLabelKeys
 * add `key=value` of the pod's own labels to the selector; minDomains defaults to 1, nodeAffinityPolicy to Honor
 * and nodeTaintsPolicy to Ignore. Throws on a bad selector.
 */
export function filterTopologySpreadConstraints(constraints: readonly V1Constraint[], podLabels: Labels, action: string): TopologySpreadConstraint[] {
  const result: TopologySpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = labelSelectorAsSelector(c.labelSelector as never);
    if (c.matchLabelKeys?.length) {
      const matchLabels: Record<string, string> = {};
      for (const k of c.matchLabelKeys) if (podLabels && Object.prototype.hasOwnProperty.call(podLabels, k)) matchLabels[k] = podLabels[k]!;
      if (Object.keys(matchLabels).length > 0) selector = mergeLabelSetWithSelector(matchLabels, selector);
    }
    result.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Honor',
      nodeTaintsPolicy: (c.nodeTaintsPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Ignore',
    });
  }
  return result;
}

function mergeLabelSetWithSelector(matchLabels: Record<string, string>, s: LabelSelector): LabelSelector {
  // A selector without requirements (Nothing) stays as it is, as upstream's Requirements() ok=false.
  if (s.requirements().length === 0 && !s.isEmpty()) return s;
  return selectorFromSet(matchLabels).add(...s.requirements());
}

/** How many pods of the namespace match, terminating pods left out (an Everything selector counts none). */
export function countPodsMatchSelector(podInfos: readonly PodInfo[], selector: LabelSelector, ns: string): number {
  if (selector.isEmpty()) return 0;
  let count = 0;
  for (const p of podInfos) {
    if (p.pod.metadata?.deletionTimestamp || (p.pod.metadata?.namespace ?? '') !== ns) continue;
    if (selector.matches(p.pod.metadata?.labels)) count++;
  }
  return count;
}

/** Whether the labels match any constraint's selector. */
export function podLabelsMatchSpreadConstraints(constraints: readonly TopologySpreadConstraint[], labels: Labels): boolean {
  return constraints.some((c) => c.selector.matches(labels));
}
