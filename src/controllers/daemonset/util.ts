/**
 * The DaemonSet controller's pure helpers (pkg/controller/daemon/util/daemonset_util.go and the predicates of
 * daemon_controller.go): which nodes a DaemonSet's pod should run on, the tolerations every daemon pod gets, the
 * pod template with its hash and generation labels, the node affinity that pins a pod to its node, and the
 * rolling-update numbers.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Affinity, Node, Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { getScaledValueFromIntOrPercent } from '../../api/int-or-string.js';
import { getRequiredNodeAffinity, ObjectNameField } from '../../api/node-affinity.js';
import { deepCopy, deepEqual } from '../../api/object.js';
import { TaintKey, tolerationsTolerateTaint, type Taint } from '../../api/taints.js';

/** apps/v1 DefaultDaemonSetUniqueLabelKey (= ControllerRevisionHashLabelKey). */
export const DaemonSetUniqueLabelKey = 'controller-revision-hash';
/** extensions DaemonSetTemplateGenerationKey: the label with the template generation of a pod. */
export const DaemonSetTemplateGenerationKey = 'pod-template-generation';
/** apps/v1 DeprecatedTemplateGeneration: the annotation holding the template generation. */
export const DeprecatedTemplateGeneration = 'deprecated.daemonset.template.generation';

/** GetTemplateGeneration: the annotation's number; undefined when absent, an error when it is not an int64. */
export function getTemplateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[DeprecatedTemplateGeneration];
  if (v === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** The template generation, or undefined when it is missing or unparsable (callers treat both the same). */
export function templateGenerationOrUndefined(ds: DaemonSet): number | undefined {
  try {
    return getTemplateGeneration(ds);
  } catch {
    return undefined;
  }
}

/** Toleration.MatchToleration: same key, operator, value and effect. */
function matchToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** v1helper.AddOrUpdateTolerationInPodSpec: replaces a matching toleration (e.g. one with tolerationSeconds), else appends. */
export function addOrUpdateTolerationInPodSpec(spec: PodSpec, toleration: Toleration): boolean {
  const current = spec.tolerations ?? [];
  const next: Toleration[] = [];
  let updated = false;
  for (const t of current) {
    if (matchToleration(toleration, t)) {
      if (deepEqual(toleration, t)) return false;
      next.push({ ...toleration });
      updated = true;
      continue;
    }
    next.push(t);
  }
  if (!updated) next.push({ ...toleration });
  spec.tolerations = next;
  return true;
}

/**
 * AddOrUpdateDaemonPodTolerations: daemon pods survive not-ready and unreachable nodes forever (NoExecute), and
 * are placed despite disk, memory and PID pressure and unschedulable nodes (NoSchedule); host-network pods also
 * despite an unavailable network.
 */
export function addOrUpdateDaemonPodTolerations(spec: PodSpec): void {
  addOrUpdateTolerationInPodSpec(spec, { key: TaintKey.NodeNotReady, operator: 'Exists', effect: 'NoExecute' });
  addOrUpdateTolerationInPodSpec(spec, { key: TaintKey.NodeUnreachable, operator: 'Exists', effect: 'NoExecute' });
  addOrUpdateTolerationInPodSpec(spec, { key: TaintKey.NodeDiskPressure, operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateTolerationInPodSpec(spec, { key: TaintKey.NodeMemoryPressure, operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateTolerationInPodSpec(spec, { key: TaintKey.NodePIDPressure, operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateTolerationInPodSpec(spec, { key: TaintKey.NodeUnschedulable, operator: 'Exists', effect: 'NoSchedule' });
  if (spec.hostNetwork) addOrUpdateTolerationInPodSpec(spec, { key: TaintKey.NodeNetworkUnavailable, operator: 'Exists', effect: 'NoSchedule' });
}

/** CreatePodTemplate: a copy with the daemon tolerations, the template-generation label (if known) and the hash label. */
export function createPodTemplate(template: PodTemplateSpec, generation: number | undefined, hash: string): PodTemplateSpec {
  const t = deepCopy(template);
  t.spec ??= { containers: [] };
  addOrUpdateDaemonPodTolerations(t.spec);
  t.metadata ??= {};
  t.metadata.labels = { ...(t.metadata.labels ?? {}) };
  if (generation !== undefined) t.metadata.labels[DaemonSetTemplateGenerationKey] = String(generation);
  if (hash) t.metadata.labels[DaemonSetUniqueLabelKey] = hash;
  return t;
}

export { getScaledValueFromIntOrPercent };

type RollingUpdate = { maxUnavailable?: number | string; maxSurge?: number | string };

function rollingUpdateOf(ds: DaemonSet): RollingUpdate | undefined {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return undefined;
  return ds.spec.updateStrategy.rollingUpdate as RollingUpdate | undefined;
}

/** SurgeCount: the surge allowed out of numberToSchedule (0 without RollingUpdate or maxSurge). */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const r = rollingUpdateOf(ds);
  if (!r || r.maxSurge === undefined) return 0;
  return getScaledValueFromIntOrPercent(r.maxSurge, numberToSchedule, true);
}

/** UnavailableCount: the unavailability allowed out of numberToSchedule (0 without RollingUpdate). */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const r = rollingUpdateOf(ds);
  if (!r) return 0;
  return getScaledValueFromIntOrPercent(r.maxUnavailable, numberToSchedule, true);
}

/** AllowsSurge: more than one pod per node is allowed during an update. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/** IsPodUpdated: the pod carries the current hash or the current template generation. */
export function isPodUpdated(pod: Pod, hash: string, dsTemplateGeneration: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches = dsTemplateGeneration !== undefined && labels[DaemonSetTemplateGenerationKey] === String(dsTemplateGeneration);
  const hashMatches = hash.length > 0 && labels[DaemonSetUniqueLabelKey] === hash;
  return hashMatches || templateMatches;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes one term `metadata.name In [node]`,
 * so the default scheduler binds the pod to that node (other required terms are replaced; preferred ones stay).
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const nodeSelector = { nodeSelectorTerms: [{ matchFields: [{ key: ObjectNameField, operator: 'In', values: [nodeName] }] }] };
  if (!affinity) return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: nodeSelector } };
  if (!affinity.nodeAffinity) {
    affinity.nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: nodeSelector };
    return affinity;
  }
  if (!affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution) {
    affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = nodeSelector;
    return affinity;
  }
  affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = nodeSelector.nodeSelectorTerms;
  return affinity;
}

/** GetTargetNodeName: spec.nodeName, or for a pod not yet scheduled the node its `metadata.name In [x]` term names. */
export function getTargetNodeName(pod: Pod): string {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const ns = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) throw new Error(`no spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution for pod ${ns}`);
  const terms = required.nodeSelectorTerms ?? [];
  if (terms.length < 1) throw new Error(`no nodeSelectorTerms in requiredDuringSchedulingIgnoredDuringExecution of pod ${ns}`);
  for (const term of terms) {
    for (const exp of term.matchFields ?? []) {
      if (exp.key === ObjectNameField && exp.operator === 'In') {
        if ((exp.values ?? []).length !== 1) throw new Error(`the matchFields value of '${ObjectNameField}' is not unique for pod ${ns}`);
        return exp.values![0]!;
      }
    }
  }
  throw new Error(`no node name found for pod ${ns}`);
}

/** NewPod: the pod the DaemonSet would run on nodeName, with the daemon tolerations (for the predicates only). */
export function newDaemonPod(ds: DaemonSet, nodeName: string): Pod {
  const template = ds.spec?.template ?? {};
  // Shallow copies, as upstream's struct copy: only namespace, nodeName and tolerations change, and the tolerations
  // helper builds a new list (a deep copy of the template per node per sync was most of a sync with 100 nodes).
  const pod: Pod = { metadata: { ...(template.metadata ?? {}) }, spec: { ...(template.spec ?? { containers: [] }) } };
  pod.metadata!.namespace = ds.metadata?.namespace;
  pod.spec!.nodeName = nodeName;
  addOrUpdateDaemonPodTolerations(pod.spec!);
  return pod;
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint passing filter that no toleration tolerates. */
function findMatchingUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, filter: (t: Taint) => boolean): Taint | undefined {
  return taints.find((t) => filter(t) && !tolerationsTolerateTaint(tolerations as never, t));
}

/**
 * NodeShouldRunDaemonPod: shouldRun (a pod should be created there) and shouldContinueRunning (a pod already
 * there may stay: it tolerates the NoExecute taints even if a NoSchedule one keeps new pods away).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const nodeName = node.metadata?.name ?? '';
  const pod = newDaemonPod(ds, nodeName);
  const templateNodeName = ds.spec?.template?.spec?.nodeName;
  if (templateNodeName && templateNodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  const taints = (node.spec?.taints ?? []) as Taint[];
  const fitsNodeName = !pod.spec!.nodeName || pod.spec!.nodeName === nodeName;
  // Parse errors of the affinity count as no match, as upstream ignores them.
  const fitsNodeAffinity = getRequiredNodeAffinity(pod).match(node).matched;
  const fitsTaints = !findMatchingUntoleratedTaint(taints, pod.spec!.tolerations, (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (!fitsNodeName || !fitsNodeAffinity) return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsTaints) {
    const untoleratedNoExecute = findMatchingUntoleratedTaint(taints, pod.spec!.tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !untoleratedNoExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name. */
export function podByCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const an = !!a.spec?.nodeName;
  const bn = !!b.spec?.nodeName;
  if (an !== bn) return an ? -1 : 1;
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ta === tb) {
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return ta - tb;
}

/** getUnscheduledPodsWithoutNode: unscheduled pods aimed at nodes that no longer exist (the pod GC never sees them). */
export function getUnscheduledPodsWithoutNode(nodes: readonly Node[], nodeToDaemonPods: ReadonlyMap<string, Pod[]>): string[] {
  const running = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  const out: string[] = [];
  for (const [name, pods] of nodeToDaemonPods) {
    if (running.has(name)) continue;
    for (const p of pods) if (!p.spec?.nodeName) out.push(p.metadata!.name!);
  }
  return out;
}
