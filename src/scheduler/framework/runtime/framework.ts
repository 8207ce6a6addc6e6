/**
 * One profile's framework (upstream pkg/scheduler/framework/runtime/framework.go frameworkImpl): the profile's
 * plugins per extension point, run with upstream's rules for statuses, skips, PreFilterResult merging, nominated
 * pods, score normalization and weights. It is also the Handle the plugins get.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Client } from '../../../client/client.js';
import type { EventRecorder } from '../../../client/event-recorder.js';
import type { InformerFactory } from '../../../client/informer.js';
import type { Timer, TimerClock } from '../../../util/clock.js';
import {
  Code,
  CycleState,
  isBindPlugin,
  isEnqueueExtensions,
  isFilterPlugin,
  isPermitPlugin,
  isPostBindPlugin,
  isPostFilterPlugin,
  isPreBindPlugin,
  isPreEnqueuePlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isQueueSortPlugin,
  isReservePlugin,
  isScorePlugin,
  MaxNodeScore,
  mergePreFilterResults,
  MinNodeScore,
  Status,
  type BindPlugin,
  type ClusterEvent,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type NodeToStatus,
  type PermitPlugin,
  type Plugin,
  type PluginFactory,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
} from '../interface.js';
import type { SharedLister } from '../listers.js';
import type { NodeInfo, PodInfo, QueuedPodInfo } from '../types.js';

/** One plugin's scores on a node: raw from Score, after NormalizeScore, and times the weight. */
export interface PluginScore {
  name: string;
  raw: number;
  normalized: number;
  /** normalized * weight (upstream PluginScore.Score). */
  score: number;
}

/** A node's scores from every score plugin and their weighted total (upstream NodePluginScores). */
export interface NodePluginScores {
  name: string;
  scores: PluginScore[];
  totalScore: number;
}

/** Plugin events by plugin name, with the plugin's name (upstream EnqueueExtensions list). */
export interface PluginEvents {
  pluginName: string;
  events: ClusterEvent[];
}

export interface FrameworkOptions {
  profileName: string;
  client: Client;
  clock: TimerClock;
  informers: InformerFactory;
  eventRecorder: EventRecorder;
  parallelism: number;
  /** The snapshot of the current cycle (the scheduler updates it before each attempt). */
  snapshot: () => SharedLister;
  nominatedPodsForNode: (nodeName: string) => PodInfo[];
  /**
   * The plugins, in order; each is put on the extension points whose methods it has (a test framework), unless
   * `points` says which plugins run at which point (a profile's expanded lists).
   */
  plugins: Array<{ name: string; factory: PluginFactory; args?: unknown }>;
  points?: Partial<Record<ExtensionPointName, string[]>>;
  scoreWeights?: Map<string, number>;
  /**
   * Computes the points and weights once the plugins exist, from which points each implements (a profile's
   * expandProfilePlugins); overrides points and scoreWeights.
   */
  expand?: (pointsOf: (name: string) => ExtensionPointName[] | undefined) => {
    points: Partial<Record<ExtensionPointName, string[]>>;
    scoreWeights: Map<string, number>;
  };
  /** The profile's percentageOfNodesToScore, when it sets one. */
  percentageOfNodesToScore?: number;
}

export type ExtensionPointName =
  | 'preEnqueue'
  | 'queueSort'
  | 'preFilter'
  | 'filter'
  | 'postFilter'
  | 'preScore'
  | 'score'
  | 'reserve'
  | 'permit'
  | 'preBind'
  | 'bind'
  | 'postBind';

const guards: Record<ExtensionPointName, (p: Plugin) => boolean> = {
  preEnqueue: isPreEnqueuePlugin,
  queueSort: isQueueSortPlugin,
  preFilter: isPreFilterPlugin,
  filter: isFilterPlugin,
  postFilter: isPostFilterPlugin,
  preScore: isPreScorePlugin,
  score: isScorePlugin,
  reserve: isReservePlugin,
  permit: isPermitPlugin,
  preBind: isPreBindPlugin,
  bind: isBindPlugin,
  postBind: isPostBindPlugin,
};

/** The extension points a plugin instance implements. */
export function pluginPoints(p: Plugin): ExtensionPointName[] {
  return (Object.keys(guards) as ExtensionPointName[]).filter((e) => guards[e](p));
}

/** The per-plugin details of a node's scores when they are not kept. */
const noScores: PluginScore[] = [];

/** Upstream's maximum time a Permit plugin may make a pod wait (15 minutes). */
const maxTimeoutMs = 15 * 60 * 1000;

/** A pod a Permit plugin made wait (upstream waitingPod). */
export class WaitingPod {
  private readonly pending = new Map<string, Timer>();
  private settle!: (s: Status) => void;
  readonly done: Promise<Status>;

  constructor(
    readonly pod: Pod,
    timeouts: Map<string, number>,
    clock: TimerClock,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
    for (const [plugin, ms] of timeouts) {
      this.pending.set(
        plugin,
        clock.setTimeout(() => this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`), ms),
      );
    }
  }

  pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  allow(plugin: string): void {
    this.pending.get(plugin)?.cancel();
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.settle(Status.success());
  }

  reject(plugin: string, msg: string): void {
    for (const t of this.pending.values()) t.cancel();
    this.pending.clear();
    this.settle(new Status(Code.Unschedulable, msg).withPlugin(plugin));
  }
}

export class Framework implements Handle {
  readonly profileName: string;
  readonly client: Client;
  readonly clock: TimerClock;
  readonly informers: InformerFactory;
  readonly eventRecorder: EventRecorder;
  readonly parallelism: number;
  readonly percentageOfNodesToScore: number | undefined;
  /** Plugin instances by name. */
  readonly pluginsMap = new Map<string, Plugin>();
  preEnqueuePlugins: PreEnqueuePlugin[] = [];
  queueSortPlugins: QueueSortPlugin[] = [];
  preFilterPlugins: PreFilterPlugin[] = [];
  filterPlugins: FilterPlugin[] = [];
  postFilterPlugins: PostFilterPlugin[] = [];
  preScorePlugins: PreScorePlugin[] = [];
  scorePlugins: ScorePlugin[] = [];
  reservePlugins: ReservePlugin[] = [];
  permitPlugins: PermitPlugin[] = [];
  preBindPlugins: PreBindPlugin[] = [];
  bindPlugins: BindPlugin[] = [];
  postBindPlugins: PostBindPlugin[] = [];
  readonly scorePluginWeight = new Map<string, number>();
  readonly waitingPods = new Map<string, WaitingPod>();
  private readonly snapshot: () => SharedLister;
  private readonly nominated: (nodeName: string) => PodInfo[];

  constructor(opts: FrameworkOptions) {
    this.profileName = opts.profileName;
    this.client = opts.client;
    this.clock = opts.clock;
    this.informers = opts.informers;
    this.eventRecorder = opts.eventRecorder;
    this.parallelism = opts.parallelism;
    this.percentageOfNodesToScore = opts.percentageOfNodesToScore;
    this.snapshot = opts.snapshot;
    this.nominated = opts.nominatedPodsForNode;
    for (const { name, factory, args } of opts.plugins) {
      const p = factory(args, this);
      this.pluginsMap.set(name, p);
    }
    let points = opts.points;
    let weights = opts.scoreWeights;
    if (opts.expand) {
      const e = opts.expand((name) => {
        const p = this.pluginsMap.get(name);
        return p ? pluginPoints(p) : undefined;
      });
      points = e.points;
      weights = e.scoreWeights;
    }
    const lists: Record<ExtensionPointName, Plugin[]> = {
      preEnqueue: this.preEnqueuePlugins,
      queueSort: this.queueSortPlugins,
      preFilter: this.preFilterPlugins,
      filter: this.filterPlugins,
      postFilter: this.postFilterPlugins,
      preScore: this.preScorePlugins,
      score: this.scorePlugins,
      reserve: this.reservePlugins,
      permit: this.permitPlugins,
      preBind: this.preBindPlugins,
      bind: this.bindPlugins,
      postBind: this.postBindPlugins,
    };
    for (const e of Object.keys(lists) as ExtensionPointName[]) {
      const names = points ? (points[e] ?? []) : opts.plugins.map((p) => p.name).filter((n) => guards[e](this.pluginsMap.get(n)!));
      for (const n of names) {
        const p = this.pluginsMap.get(n);
        if (!p) throw new Error(`${e} plugin "${n}" does not exist`);
        if (!guards[e](p)) throw new Error(`plugin "${n}" does not extend ${e} plugin`);
        lists[e].push(p);
      }
    }
    for (const p of this.scorePlugins) this.scorePluginWeight.set(p.name(), weights?.get(p.name()) || 1);
  }

  // ---- Handle ----

  snapshotSharedLister(): SharedLister {
    return this.snapshot();
  }

  nominatedPodsForNode(nodeName: string): PodInfo[] {
    return this.nominated(nodeName);
  }

  /** Plugins used anywhere in the profile (for EventsToRegister), in a stable order. */
  listPlugins(): Plugin[] {
    return [...this.pluginsMap.values()];
  }

  /** Each plugin's events; a plugin without EventsToRegister gets every event, as upstream's default. */
  enqueueExtensions(): PluginEvents[] {
    const used = new Set<Plugin>([
      ...this.preEnqueuePlugins,
      ...this.preFilterPlugins,
      ...this.filterPlugins,
      ...this.reservePlugins,
      ...this.permitPlugins,
    ]);
    const out: PluginEvents[] = [];
    for (const p of used) {
      out.push({ pluginName: p.name(), events: isEnqueueExtensions(p) ? p.eventsToRegister() : [{ resource: '*', actionType: ['All'] }] });
    }
    return out;
  }

  /** The QueueSort plugin's less (exactly one is enabled in a valid profile). */
  queueSortFunc(): (a: QueuedPodInfo, b: QueuedPodInfo) => boolean {
    const qs = this.queueSortPlugins[0];
    if (!qs) throw new Error('No QueueSort plugin is registered in the frameworkImpl.');
    return (a, b) => qs.less(a, b);
  }

  hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }

  hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }

  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }

  // ---- PreFilter ----

  runPreFilterPlugins(state: CycleState, pod: Pod): { result?: PreFilterResult; status: Status; unschedulablePlugins: Set<string> } {
    const skip = new Set<string>();
    try {
      const nodes = this.snapshot().nodeInfos().list();
      let result: PreFilterResult | undefined;
      const pluginsWithNodes = new Set<string>();
      let returnStatus = Status.success();
      for (const pl of this.preFilterPlugins) {
        const { result: r, status: s } = pl.preFilter(state, pod, nodes);
        if (s.isSkip()) {
          skip.add(pl.name());
          continue;
        }
        if (!s.isSuccess()) {
          s.withPlugin(pl.name());
          if (s.code === Code.UnschedulableAndUnresolvable) return { status: s, unschedulablePlugins: new Set() };
          if (s.code === Code.Unschedulable) {
            returnStatus = s;
            continue;
          }
          return { status: Status.error(`running PreFilter plugin "${pl.name()}": ${s.asError()!.message}`).withPlugin(pl.name()), unschedulablePlugins: new Set() };
        }
        if (r?.nodeNames) pluginsWithNodes.add(pl.name());
        result = mergePreFilterResults(result, r);
        if (result?.nodeNames && result.nodeNames.size === 0) {
          const list = [...pluginsWithNodes].sort();
          const msg = list.length === 1 ? `node(s) didn't satisfy plugin ${list[0]}` : `node(s) didn't satisfy plugin(s) [${list.join(' ')}] simultaneously`;
          return { result, status: new Status(Code.UnschedulableAndUnresolvable, msg), unschedulablePlugins: pluginsWithNodes };
        }
      }
      return { result, status: returnStatus, unschedulablePlugins: pluginsWithNodes };
    } finally {
      state.skipFilterPlugins = skip;
    }
  }

  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status {
    for (const pl of this.preFilterPlugins) {
      const ext = pl.preFilterExtensions();
      if (!ext || state.skipFilterPlugins.has(pl.name())) continue;
      const s = ext.addPod(state, podToSchedule, podInfoToAdd, nodeInfo);
      if (!s.isSuccess()) return Status.error(`running AddPod on PreFilter plugin "${pl.name()}": ${s.asError()!.message}`);
    }
    return Status.success();
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status {
    for (const pl of this.preFilterPlugins) {
      const ext = pl.preFilterExtensions();
      if (!ext || state.skipFilterPlugins.has(pl.name())) continue;
      const s = ext.removePod(state, podToSchedule, podInfoToRemove, nodeInfo);
      if (!s.isSuccess()) return Status.error(`running RemovePod on PreFilter plugin "${pl.name()}": ${s.asError()!.message}`);
    }
    return Status.success();
  }

  // ---- Filter ----

  /** Runs the Filter plugins on one node; the first non-success status wins (upstream RunFilterPlugins). */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo, record?: (plugin: string, s: Status) => void): Status {
    const plugins = this.activeFilterPlugins(state);
    for (let i = 0; i < plugins.length; i++) {
      const pl = plugins[i]!;
      let s = pl.filter(state, pod, nodeInfo);
      if (record) record(pl.name(), s);
      if (s.code !== Code.Success) {
        if (!s.isRejected()) s = Status.error(`running "${pl.name()}" filter plugin: ${s.asError()!.message}`);
        return s.withPlugin(pl.name());
      }
    }
    return Status.success();
  }

  /** The Filter plugins PreFilter did not skip, computed once per cycle (Filter runs once per node). */
  private activeFilterPlugins(state: CycleState): FilterPlugin[] {
    let list = this.activeFilters.get(state.skipFilterPlugins);
    if (!list) {
      const skip = state.skipFilterPlugins;
      list = skip.size ? this.filterPlugins.filter((p) => !skip.has(p.name())) : this.filterPlugins;
      this.activeFilters.set(skip, list);
    }
    return list;
  }

  private readonly activeFilters = new WeakMap<Set<string>, FilterPlugin[]>();

  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, info: NodeInfo, record?: (plugin: string, s: Status) => void): Status {
    // Most nodes have no nominated pods: one pass, as upstream's loop does when none is added.
    if (this.nominated(info.nodeName()).length === 0) return this.runFilterPlugins(state, pod, info, record);
    let status = Status.success();
    let podsAdded = false;
    for (let i = 0; i < 2; i++) {
      let stateToUse = state;
      let nodeInfoToUse = info;
      if (i === 0) {
        const added = this.addGENominatedPods(pod, state, info);
        if (added.err) return Status.error(added.err);
        podsAdded = added.podsAdded;
        stateToUse = added.state;
        nodeInfoToUse = added.nodeInfo;
      } else if (!podsAdded || !status.isSuccess()) break;
      status = this.runFilterPlugins(stateToUse, pod, nodeInfoToUse, i === 0 ? record : undefined);
      if (!status.isSuccess() && !status.isRejected()) return status;
    }
    return status;
  }

  private addGENominatedPods(pod: Pod, state: CycleState, nodeInfo: NodeInfo): { podsAdded: boolean; state: CycleState; nodeInfo: NodeInfo; err?: Error } {
    const nominated = this.nominatedPodsForNode(nodeInfo.nodeName());
    if (nominated.length === 0) return { podsAdded: false, state, nodeInfo };
    const nodeInfoOut = nodeInfo.clone();
    const stateOut = state.clone();
    let podsAdded = false;
    const prio = pod.spec?.priority ?? 0;
    for (const pi of nominated) {
      if ((pi.pod.spec?.priority ?? 0) >= prio && pi.pod.metadata?.uid !== pod.metadata?.uid) {
        nodeInfoOut.addPodInfo(pi);
        const s = this.runPreFilterExtensionAddPod(stateOut, pod, pi, nodeInfoOut);
        if (!s.isSuccess()) return { podsAdded: false, state, nodeInfo, err: s.asError() };
        podsAdded = true;
      }
    }
    return { podsAdded, state: stateOut, nodeInfo: nodeInfoOut };
  }

  // ---- PostFilter ----

  async runPostFilterPlugins(state: CycleState, pod: Pod, filteredNodeStatusMap: NodeToStatus): Promise<{ result?: PostFilterResult; status: Status }> {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.postFilterPlugins) {
      const { result: r, status: s } = await pl.postFilter(state, pod, filteredNodeStatusMap);
      if (s.isSuccess()) return { result: r, status: s };
      if (s.code === Code.UnschedulableAndUnresolvable) return { result: r, status: s.withPlugin(pl.name()) };
      if (!s.isRejected()) return { status: Status.error(s.asError()!).withPlugin(pl.name()) };
      if (r && r.nominatingInfo.nominatingMode !== 'ModeNoop') result = r;
      reasons.push(...s.reasons);
      if (!rejector) rejector = pl.name();
    }
    return { result, status: new Status(Code.Unschedulable, ...reasons).withPlugin(rejector) };
  }

  // ---- Score ----

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status {
    const skip = new Set<string>();
    try {
      for (const pl of this.preScorePlugins) {
        const s = pl.preScore(state, pod, nodes);
        if (s.isSkip()) {
          skip.add(pl.name());
          continue;
        }
        if (!s.isSuccess()) return Status.error(`running PreScore plugin "${pl.name()}": ${s.asError()!.message}`);
      }
      return Status.success();
    } finally {
      state.skipScorePlugins = skip;
    }
  }

  /**
   * Score, NormalizeScore and weights for every node (upstream RunScorePlugins). Each node's per-plugin raw,
   * normalized and weighted scores are kept only when withDetails (the explain record): totals need none of them.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: NodeInfo[], withDetails = true): { scores: NodePluginScores[]; status: Status } {
    const plugins = this.scorePlugins.filter((pl) => !state.skipScorePlugins.has(pl.name()));
    const n = nodes.length;
    const raw: number[][] = plugins.map(() => new Array<number>(n));
    for (let j = 0; j < plugins.length; j++) {
      const pl = plugins[j]!;
      const r = raw[j]!;
      if (pl.scoreNodes) {
        const status = pl.scoreNodes(state, pod, nodes, r);
        if (status.code !== Code.Success) {
          return { scores: [], status: Status.error(`running Score plugins: plugin "${pl.name()}" failed with: ${status.asError()!.message}`) };
        }
        continue;
      }
      for (let i = 0; i < n; i++) {
        const { score, status } = pl.score(state, pod, nodes[i]!);
        if (status.code !== Code.Success) {
          return { scores: [], status: Status.error(`running Score plugins: plugin "${pl.name()}" failed with: ${status.asError()!.message}`) };
        }
        r[i] = score;
      }
    }
    // NormalizeScore takes NodeScore lists (only for plugins that have the extension).
    const normalized: number[][] = raw;
    const rawKept: number[][] = withDetails ? raw.map((r) => r.slice()) : raw;
    for (let j = 0; j < plugins.length; j++) {
      const ext = plugins[j]!.scoreExtensions();
      if (!ext) continue;
      const list: NodeScore[] = new Array(n);
      for (let i = 0; i < n; i++) list[i] = { name: nodes[i]!.nodeName(), score: raw[j]![i]! };
      const s = ext.normalizeScore(state, pod, list);
      if (!s.isSuccess()) {
        return { scores: [], status: Status.error(`running Normalize on Score plugins: plugin "${plugins[j]!.name()}" failed with: ${s.asError()!.message}`) };
      }
      const out = withDetails ? new Array<number>(n) : raw[j]!;
      for (let i = 0; i < n; i++) out[i] = list[i]!.score;
      normalized[j] = out;
    }
    const weights = plugins.map((pl) => this.scorePluginWeight.get(pl.name()) ?? 1);
    const out: NodePluginScores[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let total = 0;
      const details: PluginScore[] = withDetails ? new Array(plugins.length) : noScores;
      for (let j = 0; j < plugins.length; j++) {
        const score = normalized[j]![i]!;
        if (score > MaxNodeScore || score < MinNodeScore) {
          return {
            scores: [],
            status: Status.error(
              `applying score defaultWeights on Score plugins: plugin "${plugins[j]!.name()}" returns an invalid score ${score}, it should in the range of [${MinNodeScore}, ${MaxNodeScore}] after normalizing`,
            ),
          };
        }
        const weighted = score * weights[j]!;
        if (withDetails) details[j] = { name: plugins[j]!.name(), raw: rawKept[j]![i]!, normalized: score, score: weighted };
        total += weighted;
      }
      out[i] = { name: nodes[i]!.nodeName(), scores: details, totalScore: total };
    }
    return { scores: out, status: Status.success() };
  }

  // ---- Reserve, Permit, Bind ----

  async runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    for (const pl of this.reservePlugins) {
      const s = await pl.reserve(state, pod, nodeName);
      if (!s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name());
        return Status.error(`running Reserve plugin "${pl.name()}": ${s.asError()!.message}`).withPlugin(pl.name());
      }
    }
    return Status.success();
  }

  /** Unreserve in reverse order (upstream RunReservePluginsUnreserve). */
  async runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): Promise<void> {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) await this.reservePlugins[i]!.unreserve(state, pod, nodeName);
  }

  async runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    const timeouts = new Map<string, number>();
    let code: Code = Code.Success;
    for (const pl of this.permitPlugins) {
      const { status: s, timeoutMs } = await pl.permit(state, pod, nodeName);
      if (s.isSuccess()) continue;
      if (s.isRejected()) return s.withPlugin(pl.name());
      if (s.isWait()) {
        timeouts.set(pl.name(), Math.min(timeoutMs, maxTimeoutMs));
        code = Code.Wait;
        continue;
      }
      return Status.error(`running Permit plugin "${pl.name()}": ${s.asError()!.message}`).withPlugin(pl.name());
    }
    if (code === Code.Wait) {
      this.waitingPods.set(pod.metadata?.uid ?? '', new WaitingPod(pod, timeouts, this.clock));
      return new Status(Code.Wait, `one or more plugins asked to wait and no plugin rejected pod "${pod.metadata?.name}"`);
    }
    return Status.success();
  }

  /** Waits until every Permit plugin that said Wait allows the pod (or one rejects it, or times out). */
  async waitOnPermit(pod: Pod): Promise<Status> {
    const uid = pod.metadata?.uid ?? '';
    const wp = this.waitingPods.get(uid);
    if (!wp) return Status.success();
    const s = await wp.done;
    this.waitingPods.delete(uid);
    if (s.isSuccess()) return s;
    if (s.isRejected()) return s;
    return Status.error(`error while waiting on permit for pod "${pod.metadata?.name}": ${s.message()}`).withPlugin(s.plugin);
  }

  getWaitingPod(uid: string): WaitingPod | undefined {
    return this.waitingPods.get(uid);
  }

  async runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    for (const pl of this.preBindPlugins) {
      const s = await pl.preBind(state, pod, nodeName);
      if (!s.isSuccess()) {
        if (s.isRejected()) return s.withPlugin(pl.name());
        return Status.error(`running PreBind plugin "${pl.name()}": ${s.asError()!.message}`).withPlugin(pl.name());
      }
    }
    return Status.success();
  }

  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    if (this.bindPlugins.length === 0) return new Status(Code.Skip);
    let status = Status.success();
    for (const pl of this.bindPlugins) {
      status = await pl.bind(state, pod, nodeName);
      if (status.isSkip()) continue;
      if (!status.isSuccess()) {
        if (status.isRejected()) return status.withPlugin(pl.name());
        return Status.error(`running Bind plugin "${pl.name()}": ${status.asError()!.message}`).withPlugin(pl.name());
      }
      return status;
    }
    return status;
  }

  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const pl of this.postBindPlugins) pl.postBind(state, pod, nodeName);
  }

  /** PreEnqueue plugins: the first non-success keeps the pod gated (upstream runPreEnqueuePlugins). */
  runPreEnqueuePlugins(pod: Pod): Status {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(pod);
      if (!s.isSuccess()) return s.withPlugin(pl.name());
    }
    return Status.success();
  }
}
