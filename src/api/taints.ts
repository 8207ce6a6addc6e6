/**
 * Taints and tolerations as core/v1's helpers read them (Toleration.ToleratesTaint, Taint.MatchTaint,
 * v1helper.GetMatchingTolerations): shared by the node lifecycle and taint eviction controllers and the scheduler.
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | string;
  /** RFC 3339; set by the node lifecycle controller on the taints it adds. */
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: TaintEffect | string;
  tolerationSeconds?: number;
}

/** Well-known taint keys (core/v1 well_known_taints.go). */
export const TaintKey = {
  NodeNotReady: 'node.kubernetes.io/not-ready',
  NodeUnreachable: 'node.kubernetes.io/unreachable',
  NodeUnschedulable: 'node.kubernetes.io/unschedulable',
  NodeMemoryPressure: 'node.kubernetes.io/memory-pressure',
  NodeDiskPressure: 'node.kubernetes.io/disk-pressure',
  NodeNetworkUnavailable: 'node.kubernetes.io/network-unavailable',
  NodePIDPressure: 'node.kubernetes.io/pid-pressure',
  NodeOutOfService: 'node.kubernetes.io/out-of-service',
  ControlPlane: 'node-role.kubernetes.io/control-plane',
} as const;

/** Same key and effect: the identity of a taint on a node (Taint.MatchTaint). */
export function matchTaint(a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** Whether the node's taints hold one matching t (taintutils.TaintExists). */
export function taintExists(taints: readonly Taint[] | undefined, t: Pick<Taint, 'key' | 'effect'>): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/** Toleration.ToleratesTaint: effect (empty matches all), key (empty with Exists matches all), then operator. */
export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator) {
    case undefined:
    case '':
    case 'Equal':
      return (tol.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether some toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/**
 * v1helper.GetMatchingTolerations: whether every taint is tolerated, and the tolerations used (the first matching
 * one per taint). With no taints, everything is tolerated and none is used.
 */
export function getMatchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  if (!tolerations || tolerations.length === 0) return { allTolerated: false, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const tol = tolerations.find((t) => toleratesTaint(t, taint));
    if (!tol) return { allTolerated: false, used: [] };
    used.push(tol);
  }
  return { allTolerated: true, used };
}

/** `key=value:Effect` or `key:Effect`, as kubectl prints and parses taints. */
export function taintString(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}
