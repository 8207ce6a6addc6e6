/**
 * DefaultPreemption (upstream plugins/defaultpreemption/default_preemption.go): the PostFilter that, when a pod fits
 * nowhere, evicts the fewest lower-priority pods from one node and nominates the pod to it. Its message is
 * upstream's: `preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ...`.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { labelSelectorAsSelector, LabelSelectorError } from '../../api/label-selector.js';
import type { DefaultPreemptionArgs } from '../config/types.js';
import { Code, Status, type CycleState, type Handle, type NodeToStatus, type PostFilterPlugin, type PostFilterResult } from '../framework/interface.js';
import { Evaluator, moreImportantPod, podPriority, type PreemptionInterface, type Victims } from '../framework/preemption/preemption.js';
import type { NodeInfo, PodInfo } from '../framework/types.js';
import * as names from './names.js';

export const Name = names.DefaultPreemption;

export const ErrReasonNoVictims = 'No preemption victims found for incoming pod';

/** Upstream defaults of DefaultPreemptionArgs. */
export const DefaultMinCandidateNodesPercentage = 10;
export const DefaultMinCandidateNodesAbsolute = 100;

/** A victim already being evicted by preemption: deleting, with DisruptionTarget=True reason PreemptionByScheduler. */
export function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return !!c && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

export class DefaultPreemption implements PostFilterPlugin, PreemptionInterface {
  readonly args: DefaultPreemptionArgs;
  readonly evaluator: Evaluator;

  constructor(
    args: Partial<DefaultPreemptionArgs> | undefined,
    private readonly handle: Handle,
    /** Source of the random offset into the potential nodes (upstream rand.Int31n); tests pin it. */
    private readonly random: () => number = Math.random,
  ) {
    this.args = { minCandidateNodesPercentage: DefaultMinCandidateNodesPercentage, minCandidateNodesAbsolute: DefaultMinCandidateNodesAbsolute, ...(args ?? {}) };
    this.evaluator = new Evaluator({ pluginName: Name, handle, impl: this });
  }

  name(): string {
    return Name;
  }

  async postFilter(state: CycleState, pod: Pod, m: NodeToStatus): Promise<{ result?: PostFilterResult; status: Status }> {
    const { result, status } = await this.evaluator.preempt(state, pod, m);
    const msg = status.message();
    if (msg.length > 0) {
      const s = new Status(status.code, `preemption: ${msg}`);
      if (status.err) s.err = status.err;
      return { result, status: s };
    }
    return { result, status };
  }

  /** max(numNodes * percentage / 100, absolute), at most numNodes (integer arithmetic as upstream's int32). */
  calculateNumCandidates(numNodes: number): number {
    let n = Math.trunc((numNodes * this.args.minCandidateNodesPercentage) / 100);
    if (n < this.args.minCandidateNodesAbsolute) n = this.args.minCandidateNodesAbsolute;
    if (n > numNodes) n = numNodes;
    return n;
  }

  getOffsetAndNumCandidates(numNodes: number): { offset: number; numCandidates: number } {
    return { offset: Math.floor(this.random() * numNodes), numCandidates: this.calculateNumCandidates(numNodes) };
  }

  /**
   * preemptionPolicy Never never preempts; a pod nominated to a node where a lower-priority victim is still
   * terminating waits for it (unless that node became unresolvable for it).
   */
  podEligibleToPreemptOthers(pod: Pod, nominatedNodeStatus: Status): { ok: boolean; message: string } {
    if (pod.spec?.preemptionPolicy === 'Never') return { ok: false, message: 'not eligible due to preemptionPolicy=Never.' };
    const nomNodeName = pod.status?.nominatedNodeName ?? '';
    if (nomNodeName) {
      if (nominatedNodeStatus.code === Code.UnschedulableAndUnresolvable) return { ok: true, message: '' };
      let nodeInfo: NodeInfo | undefined;
      try {
        nodeInfo = this.handle.snapshotSharedLister().nodeInfos().get(nomNodeName);
      } catch {
        nodeInfo = undefined;
      }
      if (nodeInfo) {
        const prio = podPriority(pod);
        for (const p of nodeInfo.pods) {
          if (podPriority(p.pod) < prio && podTerminatingByPreemption(p.pod)) return { ok: false, message: 'not eligible due to a terminating pod on the nominated node.' };
        }
      }
    }
    return { ok: true, message: '' };
  }

  /**
   * Removes every lower-priority pod; if the pod then fits, adds them back from the most important down, keeping
   * each that still lets the pod fit (a reprieve); the rest are the victims, most important first.
   */
  selectVictimsOnNode(state: CycleState, pod: Pod, nodeInfo: NodeInfo, pdbs: PodDisruptionBudget[] = []): { victims: Pod[]; numPDBViolations: number; status: Status } {
    const fail = (s: Status) => ({ victims: [], numPDBViolations: 0, status: s });
    const removePod = (rpi: PodInfo): Status => {
      try {
        nodeInfo.removePod(rpi.pod);
      } catch (e) {
        return Status.error(e as Error);
      }
      return this.handle.runPreFilterExtensionRemovePod(state, pod, rpi, nodeInfo);
    };
    const addPod = (api: PodInfo): Status => {
      nodeInfo.addPodInfo(api);
      return this.handle.runPreFilterExtensionAddPod(state, pod, api, nodeInfo);
    };
    const prio = podPriority(pod);
    const potentialVictims: PodInfo[] = [];
    for (const pi of [...nodeInfo.pods]) {
      if (podPriority(pi.pod) < prio) {
        potentialVictims.push(pi);
        const s = removePod(pi);
        if (!s.isSuccess()) return fail(Status.error(s.asError() ?? new Error(s.message())));
      }
    }
    // Nothing to evict: the node's state did not change, no need to evaluate it again.
    if (potentialVictims.length === 0) return fail(new Status(Code.UnschedulableAndUnresolvable, ErrReasonNoVictims));
    // Still no fit without all lower-priority pods: this node cannot help (affinity to victims is not supported).
    const fits = this.handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (!fits.isSuccess()) return fail(fits);
    const now = this.handle.clock.now();
    potentialVictims.sort((a, b) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0));
    // Reprieve as many as possible: PDB-violating victims first, then the others, most important first in each.
    const { violating, nonViolating } = filterPodsWithPDBViolation(potentialVictims, pdbs);
    const victims: Pod[] = [];
    /** Adds the pod back; if the preemptor no longer fits, removes it again and makes it a victim. */
    const reprieve = (pi: PodInfo): { fits: boolean; error?: Status } => {
      const added = addPod(pi);
      if (!added.isSuccess()) return { fits: false, error: Status.error(added.asError() ?? new Error(added.message())) };
      const fits = this.handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo).isSuccess();
      if (!fits) {
        const removed = removePod(pi);
        if (!removed.isSuccess()) return { fits: false, error: Status.error(removed.asError() ?? new Error(removed.message())) };
        victims.push(pi.pod);
      }
      return { fits };
    };
    let numViolatingVictim = 0;
    for (const pi of violating) {
      const r = reprieve(pi);
      if (r.error) return fail(r.error);
      if (!r.fits) numViolatingVictim++;
    }
    for (const pi of nonViolating) {
      const r = reprieve(pi);
      if (r.error) return fail(r.error);
    }
    // Keep the victims ordered by importance when both groups contributed.
    if (violating.length && nonViolating.length) victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
    return { victims, numPDBViolations: numViolatingVictim, status: Status.success() };
  }

  orderedScoreFuncs(_nodesToVictims: Map<string, Victims>): Array<(node: string) => number> {
    return [];
  }
}

/**
 * Splits pods into those whose eviction would exceed a matching PDB's disruptionsAllowed (counting down as pods
 * are taken, pods already in status.disruptedPods excepted) and the others (upstream filterPodsWithPDBViolation).
 */
export function filterPodsWithPDBViolation(podInfos: PodInfo[], pdbs: PodDisruptionBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((pdb) => pdb.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of podInfos) {
    const pod = pi.pod;
    let violated = false;
    // A pod without labels matches no PDB.
    if (Object.keys(pod.metadata?.labels ?? {}).length !== 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata?.namespace ?? '') !== (pod.metadata?.namespace ?? '')) return;
        let selector;
        try {
          selector = labelSelectorAsSelector(pdb.spec?.selector as never);
        } catch (e) {
          if (e instanceof LabelSelectorError) return; // an invalid selector matches nothing
          throw e;
        }
        // A nil or empty selector matches nothing.
        if (selector.isEmpty() || !selector.matches(pod.metadata?.labels)) return;
        // Already processed by the API server (in disruptedPods): not a violation.
        if (pdb.status?.disruptedPods && Object.prototype.hasOwnProperty.call(pdb.status.disruptedPods, pod.metadata?.name ?? '')) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}

/** Registry constructor. */
export function newDefaultPreemption(args: unknown, handle: Handle): DefaultPreemption {
  return new DefaultPreemption(args as Partial<DefaultPreemptionArgs> | undefined, handle);
}
