/**
 * The preemption Evaluator (upstream pkg/scheduler/framework/preemption/preemption.go): finds nodes where evicting
 * lower-priority pods lets the preemptor fit (a dry run on copies of the NodeInfos and cycle state), picks one by
 * upstream's ordered criteria, then evicts the victims (DisruptionTarget condition, delete, `Preempted` event) and
 * clears lower-priority nominations on that node. PodDisruptionBudgets come from the informer as they are (their
 * status.disruptionsAllowed is whatever the disruption controller last wrote). Async preemption (alpha in v1.32,
 * off by default) and extenders are not implemented.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { PatchType } from '../../../api/request-options.js';
import { referenceOf } from '../../../client/event-recorder.js';
import type { Informer } from '../../../client/informer.js';
import { PodDisruptionBudgets, Pods } from '../../../client/resources.js';
import { rfc3339 } from '../../../util/clock.js';
import { Code, Status, type CycleState, type Handle, type NodeToStatus, type PostFilterResult } from '../interface.js';
import { fitErrorMessage, newDiagnosis, type NodeInfo } from '../types.js';

/** Pods to evict on a node and how many PodDisruptionBudgets that would violate (upstream extenderv1.Victims). */
export interface Victims {
  pods: Pod[];
  numPDBViolations: number;
}

/** A node the preemptor could be nominated to, with its victims. */
export interface Candidate {
  name: string;
  victims: Victims;
}

/** What a preemption plugin customizes (upstream preemption.Interface). */
export interface PreemptionInterface {
  /** A random offset into the potential nodes and how many candidates to shortlist. */
  getOffsetAndNumCandidates(numNodes: number): { offset: number; numCandidates: number };
  /** Whether the pod may preempt at all; the message says why not. */
  podEligibleToPreemptOthers(pod: Pod, nominatedNodeStatus: Status): { ok: boolean; message: string };
  /** The fewest pods to evict on this node (state and nodeInfo are copies the method may change). */
  selectVictimsOnNode(state: CycleState, pod: Pod, nodeInfo: NodeInfo, pdbs: PodDisruptionBudget[]): { victims: Pod[]; numPDBViolations: number; status: Status };
  /** Score functions to pick among candidates; empty for upstream's defaults. */
  orderedScoreFuncs(nodesToVictims: Map<string, Victims>): Array<(node: string) => number>;
}

export const PreemptionNotHelpful = 'Preemption is not helpful for scheduling';

/** The pod's priority (corev1helpers.PodPriority): spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** status.startTime, or now for pods that have not started (upstream GetPodStartTime). */
export function getPodStartTime(pod: Pod, now: Date): number {
  const st = pod.status?.startTime;
  return st ? Date.parse(st) : now.getTime();
}

/** Higher priority first; then the earlier start (upstream MoreImportantPod). */
export function moreImportantPod(a: Pod, b: Pod, now: Date): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return getPodStartTime(a, now) < getPodStartTime(b, now);
}

/** The earliest start time among the highest-priority victims (upstream GetEarliestPodStartTime). */
export function getEarliestPodStartTime(victims: Victims, now: Date): number | undefined {
  if (victims.pods.length === 0) return undefined;
  let earliest = getPodStartTime(victims.pods[0]!, now);
  let maxPriority = podPriority(victims.pods[0]!);
  for (const pod of victims.pods) {
    const p = podPriority(pod);
    if (p === maxPriority) {
      const t = getPodStartTime(pod, now);
      if (t < earliest) earliest = t;
    } else if (p > maxPriority) {
      maxPriority = p;
      earliest = getPodStartTime(pod, now);
    }
  }
  return earliest;
}

const MaxInt32 = 2147483647;

/**
 * Picks one node (upstream pickOneNodeForPreemption); victims are ordered by decreasing priority. Default order:
 * fewest PDB violations, lowest highest-priority victim, smallest sum of priorities, fewest victims, latest start
 * time of the highest-priority victims, then the first node.
 */
export function pickOneNodeForPreemption(nodesToVictims: Map<string, Victims>, scoreFuncs: Array<(node: string) => number>, now: Date): string {
  if (nodesToVictims.size === 0) return '';
  let all = [...nodesToVictims.keys()];
  const v = (n: string) => nodesToVictims.get(n)!;
  const funcs = scoreFuncs.length
    ? scoreFuncs
    : [
        (n: string) => -v(n).numPDBViolations,
        (n: string) => -podPriority(v(n).pods[0]!),
        // MaxInt32+1 makes every priority >= 0, so a few negative-priority pods do not beat fewer of them.
        (n: string) => -v(n).pods.reduce((s, p) => s + podPriority(p) + MaxInt32 + 1, 0),
        (n: string) => -v(n).pods.length,
        (n: string) => getEarliestPodStartTime(v(n), now) ?? Number.MIN_SAFE_INTEGER,
      ];
  for (const f of funcs) {
    let selected: string[] = [];
    let max = -Infinity;
    for (const node of all) {
      const score = f(node);
      if (score > max) {
        max = score;
        selected = [];
      }
      if (score === max) selected.push(node);
    }
    if (selected.length === 1) return selected[0]!;
    all = selected;
  }
  return all[0]!;
}

export interface EvaluatorOptions {
  pluginName: string;
  handle: Handle;
  impl: PreemptionInterface;
}

/** Runs preemption for a PostFilter plugin (upstream Evaluator). */
export class Evaluator {
  readonly pluginName: string;
  private readonly handle: Handle;
  private readonly impl: PreemptionInterface;
  /** Made at construction so they start (and sync) with the scheduler's informers, as upstream's listers. */
  private readonly podLister: Informer;
  private readonly pdbLister: Informer;

  constructor(opts: EvaluatorOptions) {
    this.pluginName = opts.pluginName;
    this.handle = opts.handle;
    this.impl = opts.impl;
    this.podLister = opts.handle.informers.forResource(Pods);
    this.pdbLister = opts.handle.informers.forResource(PodDisruptionBudgets);
  }

  /**
   * Upstream Preempt: <undefined, Error> for transient errors, <undefined, Unschedulable> to keep the nomination,
   * <result with "", Unschedulable> when preemption cannot help (clears it), <result with node, Success> on success.
   */
  async preempt(state: CycleState, podIn: Pod, m: NodeToStatus): Promise<{ result?: PostFilterResult; status: Status }> {
    // 0) The latest version of the pod (the informer's), as upstream reads the pod lister.
    const pod = this.latestPod(podIn);
    // 1) Is the pod eligible to preempt?
    const nominated = pod.status?.nominatedNodeName ?? '';
    const nominatedNodeStatus = m.get(nominated) ?? new Status(Code.UnschedulableAndUnresolvable);
    const eligible = this.impl.podEligibleToPreemptOthers(pod, nominatedNodeStatus);
    if (!eligible.ok) return { status: new Status(Code.Unschedulable, eligible.message) };
    // 2) Find all candidates.
    const allNodes = this.handle.snapshotSharedLister().nodeInfos().list();
    const { candidates, nodeStatuses, error } = this.findCandidates(state, allNodes, pod, m);
    if (error && candidates.length === 0) return { status: Status.error(error) };
    if (candidates.length === 0) {
      // A FitError over the dry run's statuses; nodes it did not look at were not helped by preemption.
      const d = newDiagnosis();
      for (const ni of allNodes) {
        const name = ni.nodeName();
        d.nodeToStatus.set(name, nodeStatuses.get(name) ?? new Status(Code.UnschedulableAndUnresolvable, PreemptionNotHelpful));
      }
      return { result: { nominatingInfo: { nominatedNodeName: '', nominatingMode: 'ModeOverride' } }, status: new Status(Code.Unschedulable, fitErrorMessage(allNodes.length, d)) };
    }
    // 3) Extenders are not supported. 4) The best candidate.
    const best = this.selectCandidate(candidates);
    if (!best || !best.name) return { status: new Status(Code.Unschedulable, 'no candidate node for preemption') };
    // 5) Evict the victims and clear lower-priority nominations.
    const st = await this.prepareCandidate(best, pod);
    if (!st.isSuccess()) return { status: st };
    return { result: { nominatingInfo: { nominatedNodeName: best.name, nominatingMode: 'ModeOverride' } }, status: Status.success() };
  }

  private latestPod(pod: Pod): Pod {
    const ns = pod.metadata?.namespace ?? '';
    const latest = this.podLister.get(ns, pod.metadata?.name ?? '') as Pod | undefined;
    return latest ?? pod;
  }

  /** Potential nodes are those a filter found Unschedulable (not unresolvable); dry-run preemption on them. */
  findCandidates(state: CycleState, allNodes: NodeInfo[], pod: Pod, m: NodeToStatus): { candidates: Candidate[]; nodeStatuses: NodeToStatus; error?: Error } {
    if (allNodes.length === 0) return { candidates: [], nodeStatuses: new Map(), error: new Error('no nodes available') };
    const potentialNodes = allNodes.filter((ni) => m.get(ni.nodeName())?.code === Code.Unschedulable);
    if (potentialNodes.length === 0) return { candidates: [], nodeStatuses: new Map() };
    const pdbs = this.pdbLister.list() as unknown as PodDisruptionBudget[];
    const { offset, numCandidates } = this.impl.getOffsetAndNumCandidates(potentialNodes.length);
    return this.dryRunPreemption(state, pod, potentialNodes, offset, numCandidates, pdbs);
  }

  /** Simulates preemption on potential nodes from offset until enough candidates; PDB-respecting candidates come first. */
  dryRunPreemption(state: CycleState, pod: Pod, potentialNodes: NodeInfo[], offset: number, numCandidates: number, pdbs: PodDisruptionBudget[] = []): { candidates: Candidate[]; nodeStatuses: NodeToStatus; error?: Error } {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const nodeStatuses: NodeToStatus = new Map();
    const errs: Error[] = [];
    for (let i = 0; i < potentialNodes.length; i++) {
      const nodeInfoCopy = potentialNodes[(offset + i) % potentialNodes.length]!.clone();
      const name = nodeInfoCopy.nodeName();
      const stateCopy = state.clone();
      let { victims, numPDBViolations, status } = this.impl.selectVictimsOnNode(stateCopy, pod, nodeInfoCopy, pdbs);
      if (status.isSuccess() && victims.length !== 0) {
        const c = { name, victims: { pods: victims, numPDBViolations } };
        if (numPDBViolations === 0) nonViolating.push(c);
        else violating.push(c);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      if (status.isSuccess() && victims.length === 0) status = Status.error(`expected at least one victim pod on node "${name}"`);
      if (status.code === Code.Error) errs.push(status.asError()!);
      nodeStatuses.set(name, status);
    }
    const candidates = [...nonViolating.slice(0, numCandidates), ...violating.slice(0, numCandidates)];
    return { candidates, nodeStatuses, ...(errs.length ? { error: new Error(errs.map((e) => e.message).join(', ')) } : {}) };
  }

  selectCandidate(candidates: Candidate[]): Candidate | undefined {
    if (candidates.length === 0) return undefined;
    if (candidates.length === 1) return candidates[0];
    const victimsMap = new Map(candidates.map((c) => [c.name, c.victims]));
    const node = pickOneNodeForPreemption(victimsMap, this.impl.orderedScoreFuncs(victimsMap), this.handle.clock.now());
    const victims = victimsMap.get(node);
    return victims ? { name: node, victims } : candidates[0];
  }

  /** Evicts the victims, then clears the nomination of lower-priority pods nominated to the node. */
  async prepareCandidate(c: Candidate, pod: Pod): Promise<Status> {
    try {
      await Promise.all(c.victims.pods.map((v) => this.preemptPod(c, pod, v)));
    } catch (e) {
      return Status.error(e as Error);
    }
    // Lower-priority pods nominated here may no longer fit: clearing their nomination sends them back to the queue.
    const prio = podPriority(pod);
    for (const pi of this.handle.nominatedPodsForNode(c.name)) {
      if (podPriority(pi.pod) >= prio || !pi.pod.status?.nominatedNodeName) continue;
      try {
        await this.handle.client
          .resource(Pods)
          .namespace(pi.pod.metadata?.namespace ?? '')
          .patch(pi.pod.metadata?.name ?? '', PatchType.Merge, { status: { nominatedNodeName: null } }, { subresource: 'status' });
      } catch {
        // Not critical, as upstream.
      }
    }
    return Status.success();
  }

  /** Marks the victim DisruptionTarget (PreemptionByScheduler), deletes it and records `Preempted` on it. */
  private async preemptPod(c: Candidate, preemptor: Pod, victim: Pod): Promise<void> {
    const pods = this.handle.client.resource(Pods).namespace(victim.metadata?.namespace ?? '');
    const name = victim.metadata?.name ?? '';
    const schedulerName = preemptor.spec?.schedulerName || 'default-scheduler';
    const condition: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      lastTransitionTime: rfc3339(this.handle.clock.now()),
      reason: 'PreemptionByScheduler',
      message: `${schedulerName}: preempting to accommodate a higher priority pod`,
    };
    const existing = victim.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
    if (!existing || existing.status !== condition.status || existing.reason !== condition.reason || existing.message !== condition.message) {
      await pods.patch(name, PatchType.StrategicMerge, { status: { conditions: [condition] } }, { subresource: 'status' });
    }
    try {
      await pods.delete(name);
    } catch (e) {
      if ((e as { code?: number }).code !== 404 && (e as { reason?: string }).reason !== 'NotFound') throw e;
      return; // already deleted
    }
    this.handle.eventRecorder.event(
      referenceOf({ apiVersion: 'v1', kind: 'Pod', metadata: victim.metadata ?? {} } as never),
      'Normal',
      'Preempted',
      `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${c.name}`,
    );
  }
}
