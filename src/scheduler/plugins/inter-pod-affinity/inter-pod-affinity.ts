/**
 * InterPodAffinity (upstream pkg/scheduler/framework/plugins/interpodaffinity/plugin.go): required pod affinity and
 * anti-affinity (the incoming pod's and existing pods') as a filter, preferred terms as a score.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { nothing, type Labels } from '../../../api/label-selector.js';
import type { KubeObject } from '../../../api/object.js';
import type { Informer } from '../../../client/informer.js';
import { Namespaces } from '../../../client/resources.js';
import type { InterPodAffinityArgs } from '../../config/types.js';
import {
  Code,
  Status,
  type ClusterEvent,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScoreExtensions,
  type ScorePlugin,
} from '../../framework/interface.js';
import type { SharedLister } from '../../framework/listers.js';
import { newAffinityTerm, PodInfo, type AffinityTerm, type NodeInfo } from '../../framework/types.js';
import * as names from '../names.js';
import {
  countExistingAntiAffinity,
  countIncomingAffinity,
  existingAntiAffinityKey,
  filterNode,
  getPreFilterState,
  incomingAffinityKey,
  IncrementalTopologyCounts,
  PreFilterState,
  preFilterStateKey,
  TopologyCounts,
} from './filtering.js';
import { getPreScoreState, normalizeScores, PreScoreState, preScoreStateKey, processExistingPod, scoreNode } from './scoring.js';

export const Name = names.InterPodAffinity;

/** Upstream's default hardPodAffinityWeight. */
export const DefaultHardPodAffinityWeight = 1;

/** The handle's namespace informer as upstream's NamespaceLister. */
interface NamespaceLister {
  list(): KubeObject[];
  get(name: string): KubeObject | undefined;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions, PreFilterExtensions, ScoreExtensions {
  private readonly args: InterPodAffinityArgs;
  private readonly sharedLister: SharedLister;
  private readonly nsLister: NamespaceLister;
  /** PreFilter's counts, kept between cycles. */
  private readonly existingCounts = new IncrementalTopologyCounts(1);
  private readonly incomingCounts = new IncrementalTopologyCounts(2);

  constructor(args: Partial<InterPodAffinityArgs> | undefined, handle: Handle) {
    this.args = { hardPodAffinityWeight: DefaultHardPodAffinityWeight, ...(args ?? {}) };
    if (this.args.hardPodAffinityWeight < 0 || this.args.hardPodAffinityWeight > 100) {
      throw new Error(`hardPodAffinityWeight: Invalid value: ${this.args.hardPodAffinityWeight}: not in valid range [0-100]`);
    }
    this.sharedLister = handle.snapshotSharedLister();
    const informer: Informer = handle.informers.forResource(Namespaces);
    this.nsLister = { list: () => informer.list(), get: (name) => informer.get(undefined, name) };
  }

  name(): string {
    return Name;
  }

  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ['Add', 'UpdatePodLabel', 'Delete'] },
      { resource: 'Node', actionType: ['Add', 'UpdateNodeLabel', 'UpdateNodeTaint'] },
    ];
  }

  /** Puts the namespaces a term's namespaceSelector picks into its namespaces; the selector then matches nothing. */
  private mergeAffinityTermNamespacesIfNotEmpty(t: AffinityTerm): void {
    if (t.namespaceSelector.isEmpty()) return;
    for (const ns of this.nsLister.list()) if (t.namespaceSelector.matches(ns.metadata.labels)) t.namespaces.add(ns.metadata.name!);
    t.namespaceSelector = nothing();
  }

  /** The labels of the pod's namespace (none when it is unknown), as upstream GetNamespaceLabelsSnapshot. */
  private namespaceLabels(ns: string): Labels {
    const n = this.nsLister.get(ns);
    return n ? { ...(n.metadata.labels ?? {}) } : undefined;
  }

  /** A PodInfo whose terms this plugin may rewrite (namespaceSelector merged) without touching the cache's. */
  private freshPodInfo(pod: Pod): PodInfo {
    const pi = PodInfo.of(pod);
    const copy = <T extends AffinityTerm>(t: T): T => ({ ...t, namespaces: new Set(t.namespaces) });
    pi.requiredAffinityTerms = pi.requiredAffinityTerms.map(copy);
    pi.requiredAntiAffinityTerms = pi.requiredAntiAffinityTerms.map(copy);
    pi.preferredAffinityTerms = pi.preferredAffinityTerms.map(copy);
    pi.preferredAntiAffinityTerms = pi.preferredAntiAffinityTerms.map(copy);
    return pi;
  }

  preFilter(cycleState: CycleState, pod: Pod, allNodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const nodesWithRequiredAntiAffinityPods = this.sharedLister.nodeInfos().havePodsWithRequiredAntiAffinityList();
    const podInfo = this.freshPodInfo(pod);
    if (podInfo.parseError) return { status: new Status(Code.UnschedulableAndUnresolvable, `parsing pod: ${podInfoParseError(pod) ?? podInfo.parseError.message}`) };
    for (const t of podInfo.requiredAffinityTerms) this.mergeAffinityTermNamespacesIfNotEmpty(t);
    for (const t of podInfo.requiredAntiAffinityTerms) this.mergeAffinityTermNamespacesIfNotEmpty(t);
    const nsLabels = this.namespaceLabels(pod.metadata?.namespace ?? '');
    // As getExistingAntiAffinityCounts and getIncomingAffinityAntiAffinityCounts, counting again only changed nodes.
    const [existing] = this.existingCounts.compute(existingAntiAffinityKey(pod, nsLabels), nodesWithRequiredAntiAffinityPods, (node, ni, [into]) =>
      countExistingAntiAffinity(pod, nsLabels, node, ni, into!),
    );
    let affinity = new TopologyCounts();
    let antiAffinity = new TopologyCounts();
    if (podInfo.requiredAffinityTerms.length || podInfo.requiredAntiAffinityTerms.length) {
      [affinity, antiAffinity] = this.incomingCounts.compute(incomingAffinityKey(podInfo), allNodes, (node, ni, [a, anti]) => countIncomingAffinity(podInfo, node, ni, a!, anti!)) as [
        TopologyCounts,
        TopologyCounts,
      ];
    }
    if (existing.size === 0 && podInfo.requiredAffinityTerms.length === 0 && podInfo.requiredAntiAffinityTerms.length === 0) {
      return { status: new Status(Code.Skip) };
    }
    cycleState.write(preFilterStateKey, new PreFilterState(existing, affinity, antiAffinity, podInfo, nsLabels));
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(cycleState: CycleState, _podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status {
    return this.updateWithPod(cycleState, podInfoToAdd, nodeInfo, 1);
  }

  removePod(cycleState: CycleState, _podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status {
    return this.updateWithPod(cycleState, podInfoToRemove, nodeInfo, -1);
  }

  private updateWithPod(cycleState: CycleState, pi: PodInfo, nodeInfo: NodeInfo, multiplier: number): Status {
    try {
      const node = nodeInfo.node();
      if (node) getPreFilterState(cycleState).updateWithPod(pi, node, multiplier);
      return Status.success();
    } catch (e) {
      return Status.error(e as Error);
    }
  }

  filter(cycleState: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    return filterNode(cycleState, nodeInfo);
  }

  preScore(cycleState: CycleState, pod: Pod, _nodes: NodeInfo[]): Status {
    const affinity = pod.spec?.affinity;
    const hasPreferredAffinity = !!affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length;
    const hasPreferredAntiAffinity = !!affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length;
    const hasConstraints = hasPreferredAffinity || hasPreferredAntiAffinity;
    // Optionally ignore existing pods' preferences when the incoming pod has none.
    if (this.args.ignorePreferredTermsOfExistingPods && !hasConstraints) return new Status(Code.Skip);
    // Without preferred terms of its own, only nodes hosting pods with affinity matter.
    const allNodes = hasConstraints ? this.sharedLister.nodeInfos().list() : this.sharedLister.nodeInfos().havePodsWithAffinityList();
    const podInfo = this.freshPodInfo(pod);
    if (podInfo.parseError) return Status.error(`failed to parse pod: ${podInfoParseError(pod) ?? podInfo.parseError.message}`);
    for (const t of podInfo.preferredAffinityTerms) this.mergeAffinityTermNamespacesIfNotEmpty(t);
    for (const t of podInfo.preferredAntiAffinityTerms) this.mergeAffinityTermNamespacesIfNotEmpty(t);
    const state = new PreScoreState(new Map(), podInfo, this.namespaceLabels(pod.metadata?.namespace ?? ''));
    // Upstream sums per-node maps made in parallel; one map filled in order gives the same sums.
    for (const nodeInfo of allNodes) {
      const node = nodeInfo.node();
      if (!node) continue;
      const podsToProcess = hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity;
      for (const existing of podsToProcess) processExistingPod(state, existing, node, pod, this.args.hardPodAffinityWeight, state.topologyScore);
    }
    if (state.topologyScore.size === 0) return new Status(Code.Skip);
    cycleState.write(preScoreStateKey, state);
    return Status.success();
  }

  score(cycleState: CycleState, _pod: Pod, nodeInfo: NodeInfo): { score: number; status: Status } {
    return scoreNode(cycleState, nodeInfo);
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(cycleState: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    return normalizeScores(cycleState, scores);
  }
}

/**
 * The error upstream's NewPodInfo returns for bad affinity terms: the first bad term of each kind, prefixed by its
 * kind, aggregated as utilerrors does ("[a, b]" when more than one).
 */
export function podInfoParseError(pod: Pod): string | undefined {
  const a = pod.spec?.affinity;
  const kinds: Array<[string, Array<{ labelSelector?: unknown }> | undefined]> = [
    ['requiredAffinityTerms', a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution],
    ['requiredAntiAffinityTerms', a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution],
    ['preferredAffinityTerms', a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.map((w) => w.podAffinityTerm)],
    ['preferredAntiAffinityTerms', a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.map((w) => w.podAffinityTerm)],
  ];
  const errs: string[] = [];
  for (const [kind, terms] of kinds) {
    for (const t of terms ?? []) {
      try {
        newAffinityTerm(pod, t as never);
      } catch (e) {
        errs.push(`${kind}: ${(e as Error).message}`);
        break;
      }
    }
  }
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

/** Registry constructor. */
export function newInterPodAffinity(args: unknown, handle: Handle): InterPodAffinity {
  return new InterPodAffinity(args as Partial<InterPodAffinityArgs> | undefined, handle);
}

// Exported for tests and preemption.
export { getPreScoreState };
