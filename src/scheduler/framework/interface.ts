/**
 * The scheduling framework's contracts (upstream pkg/scheduler/framework/interface.go and cycle_state.go):
 * statuses, the cycle state, one interface per extension point, and the Handle plugins reach the scheduler through.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Client } from '../../client/client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { InformerFactory } from '../../client/informer.js';
import type { TimerClock } from '../../util/clock.js';
import type { SharedLister } from './listers.js';
import type { NodeInfo, PodInfo, QueuedPodInfo } from './types.js';

/** Status codes, with upstream's numeric values. */
export const Code = { Success: 0, Error: 1, Unschedulable: 2, UnschedulableAndUnresolvable: 3, Wait: 4, Skip: 5, Pending: 6 } as const;
export type Code = (typeof Code)[keyof typeof Code];

const codeNames = ['Success', 'Error', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Wait', 'Skip', 'Pending'] as const;

/** The name of a code, as upstream's Code.String(). */
export function codeString(code: Code): string {
  return codeNames[code] ?? `Unknown Code(${code})`;
}

/** The result of running a plugin; a nil *Status in Go is Status.success() here (never undefined). */
export class Status {
  readonly code: Code;
  private readonly ownReasons: string[];
  /** The plugin that failed (set by the framework). */
  plugin = '';
  err?: Error;

  constructor(code: Code = Code.Success, ...reasons: string[]) {
    this.code = code;
    this.ownReasons = reasons;
  }

  /** The error's message (when there is one) then the reasons, as upstream Status.Reasons(). */
  get reasons(): string[] {
    return this.err ? [this.err.message, ...this.ownReasons] : this.ownReasons;
  }

  /** The shared success status (plugins return it once per node: no allocation); withPlugin on it gives a copy. */
  static success(): Status {
    return SUCCESS;
  }

  /** Code.Error with the error's message as reason (upstream AsStatus). */
  static error(err: Error | string): Status {
    const s = new Status(Code.Error);
    s.err = typeof err === 'string' ? new Error(err) : err;
    return s;
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isWait(): boolean {
    return this.code === Code.Wait;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }

  /** The reasons joined by ", ". */
  message(): string {
    return this.reasons.join(', ');
  }

  withPlugin(name: string): this {
    if (this === (SUCCESS as Status)) return new Status(Code.Success).withPlugin(name) as this;
    this.plugin = name;
    return this;
  }

  withError(err: Error): this {
    if (this === (SUCCESS as Status)) return new Status(Code.Success).withError(err) as this;
    this.err = err;
    return this;
  }

  /** The status as an error (undefined on success or skip), as upstream AsError. */
  asError(): Error | undefined {
    if (this.isSuccess() || this.isSkip()) return undefined;
    if (this.err) return this.err;
    return new Error(this.message());
  }

  /** As upstream Status.String(): the message. */
  toString(): string {
    return this.message();
  }
}

const SUCCESS = new Status(Code.Success);

/** Whether a status is success (nil-safe as upstream's IsSuccess). */
export function isSuccess(s: Status | undefined): boolean {
  return !s || s.isSuccess();
}

/** Data a plugin stores in the cycle state between extension points; cloned for preemption's what-ifs. */
export interface StateData {
  clone(): StateData;
}

/** Per-attempt state shared by the plugins of one scheduling cycle (upstream CycleState). */
export class CycleState {
  private readonly storage = new Map<string, StateData>();
  /** Filter plugins PreFilter told to skip (returned Skip). */
  skipFilterPlugins = new Set<string>();
  /** Score plugins PreScore told to skip (returned Skip). */
  skipScorePlugins = new Set<string>();
  recordPluginMetrics = false;

  read<T extends StateData>(key: string): T | undefined {
    return this.storage.get(key) as T | undefined;
  }

  write(key: string, v: StateData): void {
    this.storage.set(key, v);
  }

  delete(key: string): void {
    this.storage.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.storage) c.storage.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    c.recordPluginMetrics = this.recordPluginMetrics;
    return c;
  }
}

export interface Plugin {
  name(): string;
}

/** Nodes a PreFilter plugin narrows the search to; undefined nodeNames means all nodes. */
export interface PreFilterResult {
  nodeNames?: Set<string>;
}

/** Merges two PreFilter results by intersection (undefined = all nodes), as upstream PreFilterResult.Merge. */
export function mergePreFilterResults(a: PreFilterResult | undefined, b: PreFilterResult | undefined): PreFilterResult | undefined {
  const an = a?.nodeNames;
  const bn = b?.nodeNames;
  if (!an && !bn) return undefined;
  if (!an) return { nodeNames: new Set(bn) };
  if (!bn) return { nodeNames: new Set(an) };
  const out = new Set<string>();
  for (const n of an) if (bn.has(n)) out.add(n);
  return { nodeNames: out };
}

export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status;
  removePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: NodeInfo[]): { result?: PreFilterResult; status: Status };
  preFilterExtensions(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

/** Node name -> the status that rejected the pod there (upstream NodeToStatusMap). */
export type NodeToStatus = Map<string, Status>;

export interface NominatingInfo {
  nominatedNodeName: string;
  nominatingMode: 'ModeNoop' | 'ModeOverride';
}

export interface PostFilterResult {
  nominatingInfo: NominatingInfo;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, filteredNodeStatusMap: NodeToStatus): Promise<{ result?: PostFilterResult; status: Status }>;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: NodeInfo[]): Status;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScoreExtensions {
  normalizeScore(state: CycleState, pod: Pod, scores: NodeScore[]): Status;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): { score: number; status: Status };
  /**
   * Optional: score() for every node at once, each node's score in out[i] (no upstream counterpart: the same
   * numbers as score(), without a call and a result object per node; the framework prefers it when present).
   */
  scoreNodes?(state: CycleState, pod: Pod, nodes: NodeInfo[], out: number[]): Status;
  scoreExtensions(): ScoreExtensions | undefined;
}

export const MaxNodeScore = 100;
export const MinNodeScore = 0;
/** The largest total score (upstream MaxTotalScore = math.MaxInt64). */
export const MaxTotalScore = Number.MAX_SAFE_INTEGER;

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Promise<Status>;
  unreserve(state: CycleState, pod: Pod, nodeName: string): Promise<void>;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): Promise<{ status: Status; timeoutMs: number }>;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status>;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Cluster events a plugin cares about, so the queue moves unschedulable pods back (upstream EnqueueExtensions). */
export type EventResource = 'Pod' | 'AssignedPod' | 'UnscheduledPod' | 'Node' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'CSINode' | '*';
export type ActionType =
  | 'Add'
  | 'Delete'
  | 'UpdateNodeAllocatable'
  | 'UpdateNodeLabel'
  | 'UpdateNodeTaint'
  | 'UpdateNodeCondition'
  | 'UpdateNodeAnnotation'
  | 'UpdatePodLabel'
  | 'UpdatePodScaleDown'
  | 'UpdatePodTolerations'
  | 'UpdatePodSchedulingGatesEliminated'
  | 'Update'
  | 'All';
export interface ClusterEvent {
  resource: EventResource;
  actionType: ActionType[];
  label?: string;
}
export interface EnqueueExtensions {
  eventsToRegister(): ClusterEvent[];
}

/** What plugins can reach (upstream framework.Handle). */
export interface Handle {
  snapshotSharedLister(): SharedLister;
  client: Client;
  clock: TimerClock;
  /** Runs all Filter plugins (and nominated pods, as upstream RunFilterPluginsWithNominatedPods) on one node. */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status;
  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status;
  runPreFilterPlugins(state: CycleState, pod: Pod): { result?: PreFilterResult; status: Status; unschedulablePlugins: Set<string> };
  /** Nominated pods by node (the PodNominator). */
  nominatedPodsForNode(nodeName: string): PodInfo[];
  /** Lists of cluster objects plugins need (namespaces for InterPodAffinity's namespaceSelector, PriorityClasses, PVCs...). */
  informers: InformerFactory;
  /** The profile's event recorder (source default-scheduler or the profile's name). */
  eventRecorder: EventRecorder;
  parallelism: number;
}

/** One profile's plugin constructor: args from pluginConfig (already defaulted), the handle. */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

const has = (p: Plugin, m: string): boolean => typeof (p as unknown as Record<string, unknown>)[m] === 'function';

export const isQueueSortPlugin = (p: Plugin): p is QueueSortPlugin => has(p, 'less');
export const isPreEnqueuePlugin = (p: Plugin): p is PreEnqueuePlugin => has(p, 'preEnqueue');
export const isPreFilterPlugin = (p: Plugin): p is PreFilterPlugin => has(p, 'preFilter');
export const isFilterPlugin = (p: Plugin): p is FilterPlugin => has(p, 'filter');
export const isPostFilterPlugin = (p: Plugin): p is PostFilterPlugin => has(p, 'postFilter');
export const isPreScorePlugin = (p: Plugin): p is PreScorePlugin => has(p, 'preScore');
export const isScorePlugin = (p: Plugin): p is ScorePlugin => has(p, 'score');
export const isReservePlugin = (p: Plugin): p is ReservePlugin => has(p, 'reserve');
export const isPermitPlugin = (p: Plugin): p is PermitPlugin => has(p, 'permit');
export const isPreBindPlugin = (p: Plugin): p is PreBindPlugin => has(p, 'preBind');
export const isBindPlugin = (p: Plugin): p is BindPlugin => has(p, 'bind');
export const isPostBindPlugin = (p: Plugin): p is PostBindPlugin => has(p, 'postBind');
export const isEnqueueExtensions = (p: Plugin): p is Plugin & EnqueueExtensions => has(p, 'eventsToRegister');
