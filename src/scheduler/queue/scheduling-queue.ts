/**
 * The scheduling queue (upstream internal/queue/scheduling_queue.go PriorityQueue): activeQ ordered by the
 * QueueSort plugin, backoffQ ordered by back-off expiry (1 s doubling per attempt up to 10 s), and the
 * unschedulable pods, moved back when a cluster event one of their rejecting plugins registered for happens, or
 * after podMaxInUnschedulablePodsDuration (5 min). PreEnqueue plugins (SchedulingGates) keep gated pods out.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Timer, TimerClock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { ActionType, ClusterEvent, EventResource, NominatingInfo, Status } from '../framework/interface.js';
import { affinityTermMatches, PodInfo, type QueuedPodInfo } from '../framework/types.js';
import { ExplainAnnotation } from '../../api/scheduler-explain-record.js';
import { Heap } from './heap.js';
import { Nominator } from './nominator.js';

export const DefaultPodInitialBackoffMs = 1000;
export const DefaultPodMaxBackoffMs = 10_000;
export const DefaultPodMaxInUnschedulablePodsDurationMs = 5 * 60 * 1000;
/** How often backoffQ and the unschedulable pods are checked (upstream: every 1 s and every 30 s). */
const backoffFlushMs = 1000;
const unschedulableFlushMs = 30_000;

/** The cluster event that happened (upstream framework.ClusterEvent with one action). */
export interface QueueEvent {
  resource: EventResource;
  actionType: ActionType;
  label: string;
}

export const Events = {
  NodeAdd: { resource: 'Node', actionType: 'Add', label: 'NodeAdd' },
  AssignedPodAdd: { resource: 'AssignedPod', actionType: 'Add', label: 'AssignedPodAdd' },
  AssignedPodUpdate: { resource: 'AssignedPod', actionType: 'Update', label: 'AssignedPodUpdate' },
  AssignedPodDelete: { resource: 'AssignedPod', actionType: 'Delete', label: 'AssignedPodDelete' },
  UnscheduledPodUpdate: { resource: 'UnscheduledPod', actionType: 'Update', label: 'UnschedulablePodUpdate' },
  UnschedulableTimeout: { resource: '*', actionType: 'All', label: 'UnschedulableTimeout' },
  ForceActivate: { resource: '*', actionType: 'All', label: 'ForceActivate' },
} satisfies Record<string, QueueEvent>;

/** Whether a registered event covers what happened (upstream ClusterEvent.Match). */
export function eventMatches(registered: ClusterEvent, happened: QueueEvent): boolean {
  if (happened.resource === '*') return true;
  const r = registered.resource;
  const resourceOk =
    r === '*' || r === happened.resource || (r === 'Pod' && (happened.resource === 'AssignedPod' || happened.resource === 'UnscheduledPod'));
  if (!resourceOk) return false;
  return registered.actionType.some((a) => a === 'All' || a === happened.actionType || (a === 'Update' && happened.actionType.startsWith('Update')));
}

export interface SchedulingQueueOptions {
  clock: TimerClock;
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
  /** Events each plugin registered (by plugin name), from every profile. */
  pluginEvents?: Map<string, ClusterEvent[]>;
  /** Runs the pod's profile's PreEnqueue plugins. */
  preEnqueue?: (pod: Pod) => Status | undefined;
  /** The live pod from the informer (to skip nominating pods deleted or already bound). */
  podLister?: (namespace: string, name: string) => Pod | undefined;
  /** Namespace labels, for pods' affinity terms with a namespaceSelector. */
  namespaceLabels?: (ns: string) => Record<string, string> | undefined;
  log?: Logger;
}

const uidOf = (p: QueuedPodInfo): string => p.podInfo.pod.metadata?.uid ?? '';

export class SchedulingQueue {
  private readonly clock: TimerClock;
  private readonly activeQ: Heap<QueuedPodInfo>;
  private readonly backoffQ: Heap<QueuedPodInfo>;
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  /** Pods popped and not yet done (their scheduling attempt is running). */
  private readonly inFlight = new Set<string>();
  readonly nominator: Nominator;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;
  private pluginEvents: Map<string, ClusterEvent[]>;
  private schedulingCycle = 0;
  /** The scheduling cycle when the last move request came: pods failing in that cycle or earlier go to backoffQ. */
  private moveRequestCycle = -1;
  private waiters: Array<(p: QueuedPodInfo | undefined) => void> = [];
  private closed = false;
  private timers: Timer[] = [];

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.activeQ = new Heap(uidOf, opts.less);
    this.backoffQ = new Heap(uidOf, (a, b) => this.backoffTime(a) < this.backoffTime(b));
    this.nominator = new Nominator(opts.podLister);
    this.initialBackoffMs = opts.podInitialBackoffMs ?? DefaultPodInitialBackoffMs;
    this.maxBackoffMs = opts.podMaxBackoffMs ?? DefaultPodMaxBackoffMs;
    this.maxInUnschedulableMs = opts.podMaxInUnschedulablePodsDurationMs ?? DefaultPodMaxInUnschedulablePodsDurationMs;
    this.pluginEvents = opts.pluginEvents ?? new Map();
  }

  setPluginEvents(events: Map<string, ClusterEvent[]>): void {
    this.pluginEvents = events;
  }

  /** Starts the periodic flushes of backoffQ (every second) and of the unschedulable pods (every 30 s). */
  run(): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (this.closed) return;
        fn();
        this.timers.push(this.clock.setTimeout(tick, ms));
      };
      this.timers.push(this.clock.setTimeout(tick, ms));
    };
    every(backoffFlushMs, () => this.flushBackoffQCompleted());
    every(unschedulableFlushMs, () => this.flushUnschedulablePodsLeftover());
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  newQueuedPodInfo(pod: Pod): QueuedPodInfo {
    const now = this.clock.now();
    return { podInfo: PodInfo.of(pod), timestamp: now, attempts: 0, initialAttemptTimestamp: undefined, unschedulablePlugins: new Set(), pendingPlugins: new Set(), gated: false };
  }

  // ---- adding ----

  /** A new unscheduled pod (upstream Add). */
  add(pod: Pod): void {
    const pi = this.newQueuedPodInfo(pod);
    const uid = uidOf(pi);
    if (this.activeQ.has(uid) || this.backoffQ.has(uid) || this.unschedulablePods.has(uid)) return;
    this.addToActiveQ(pi);
    this.nominator.addNominatedPod(pi.podInfo);
  }

  /** Runs PreEnqueue; a gated pod goes to the unschedulable pods instead. */
  private addToActiveQ(pi: QueuedPodInfo): boolean {
    const s = this.opts.preEnqueue?.(pi.podInfo.pod);
    pi.gated = !!s && !s.isSuccess();
    if (pi.gated) {
      pi.unschedulablePlugins = new Set([s!.plugin]);
      this.unschedulablePods.set(uidOf(pi), pi);
      return false;
    }
    if (!pi.initialAttemptTimestamp) pi.initialAttemptTimestamp = this.clock.now();
    this.activeQ.addOrUpdate(pi);
    this.unschedulablePods.delete(uidOf(pi));
    this.backoffQ.delete(uidOf(pi));
    this.wake();
    return true;
  }

  private wake(): void {
    while (this.waiters.length && this.activeQ.length) this.waiters.shift()!(this.popNow());
  }

  // ---- popping ----

  /** The next pod to schedule; waits while activeQ is empty; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    if (this.activeQ.length) return Promise.resolve(this.popNow());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Pops without waiting (undefined when activeQ is empty). */
  tryPop(): QueuedPodInfo | undefined {
    return this.activeQ.length ? this.popNow() : undefined;
  }

  private popNow(): QueuedPodInfo {
    const pi = this.activeQ.pop()!;
    pi.attempts++;
    this.schedulingCycle++;
    this.inFlight.add(uidOf(pi));
    return pi;
  }

  /** The attempt of this pod is over (upstream Done). */
  done(uid: string): void {
    this.inFlight.delete(uid);
  }

  getSchedulingCycle(): number {
    return this.schedulingCycle;
  }

  /**
   * A pod whose attempt failed: to backoffQ when a move request came during its attempt or nothing specific
   * rejected it, else to the unschedulable pods (upstream AddUnschedulableIfNotPresent).
   */
  addUnschedulableIfNotPresent(pi: QueuedPodInfo, podSchedulingCycle: number): void {
    const uid = uidOf(pi);
    this.inFlight.delete(uid);
    if (this.unschedulablePods.has(uid) || this.activeQ.has(uid) || this.backoffQ.has(uid)) return;
    pi.timestamp = this.clock.now();
    if (this.moveRequestCycle >= podSchedulingCycle || pi.unschedulablePlugins.size === 0) this.backoffQ.addOrUpdate(pi);
    else this.unschedulablePods.set(uid, pi);
    this.nominator.addNominatedPod(pi.podInfo);
  }

  // ---- updates from the informer ----

  /** An unscheduled pod changed (upstream Update). */
  update(oldPod: Pod, newPod: Pod): void {
    const uid = newPod.metadata?.uid ?? '';
    for (const q of [this.activeQ, this.backoffQ]) {
      const pi = q.get(uid);
      if (pi) {
        pi.podInfo.update(newPod);
        q.addOrUpdate(pi);
        this.nominator.updateNominatedPod(oldPod, pi.podInfo);
        return;
      }
    }
    const pi = this.unschedulablePods.get(uid);
    if (pi) {
      const oldPi = pi.podInfo.pod;
      pi.podInfo.update(newPod);
      this.nominator.updateNominatedPod(oldPod, pi.podInfo);
      if (isPodUpdated(oldPi, newPod)) {
        if (this.isBackingOff(pi)) {
          this.unschedulablePods.delete(uid);
          this.backoffQ.addOrUpdate(pi);
        } else {
          this.addToActiveQ(pi);
        }
      }
      return;
    }
    if (this.inFlight.has(uid)) return;
    const npi = this.newQueuedPodInfo(newPod);
    this.addToActiveQ(npi);
    this.nominator.addNominatedPod(npi.podInfo);
  }

  /** An unscheduled pod was deleted (or got assigned). */
  delete(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    this.nominator.delete(pod);
    this.activeQ.delete(uid);
    this.backoffQ.delete(uid);
    this.unschedulablePods.delete(uid);
  }

  /** An assigned pod appeared: pods whose affinity terms match it, or rejected by PodTopologySpread, may fit now. */
  assignedPodAdded(pod: Pod): void {
    this.movePodsToActiveOrBackoffQueue(this.unschedulablePodsWithCrossTopologyTerm(pod), Events.AssignedPodAdd);
  }

  /** An assigned pod changed: a scale-down may free room anywhere; a label change affects affinity. */
  assignedPodUpdated(oldPod: Pod, newPod: Pod, event: QueueEvent): void {
    if (event.actionType === 'UpdatePodScaleDown') this.moveAllToActiveOrBackoffQueue(event);
    else this.movePodsToActiveOrBackoffQueue(this.unschedulablePodsWithCrossTopologyTerm(newPod), event);
    void oldPod;
  }

  private unschedulablePodsWithCrossTopologyTerm(pod: Pod): QueuedPodInfo[] {
    const nsLabels = this.opts.namespaceLabels?.(pod.metadata?.namespace ?? '');
    const out: QueuedPodInfo[] = [];
    for (const pi of this.unschedulablePods.values()) {
      if (pi.unschedulablePlugins.has('PodTopologySpread') || pi.podInfo.requiredAffinityTerms.some((t) => affinityTermMatches(t, pod, nsLabels))) out.push(pi);
    }
    return out;
  }

  /** A cluster event: every unschedulable pod it may help moves to activeQ (or backoffQ if backing off). */
  moveAllToActiveOrBackoffQueue(event: QueueEvent): void {
    this.movePodsToActiveOrBackoffQueue([...this.unschedulablePods.values()], event);
  }

  private movePodsToActiveOrBackoffQueue(pods: QueuedPodInfo[], event: QueueEvent): void {
    for (const pi of pods) {
      if (pi.unschedulablePlugins.size !== 0 && !this.podMatchesEvent(pi, event)) continue;
      const uid = uidOf(pi);
      if (this.isBackingOff(pi)) {
        this.backoffQ.addOrUpdate(pi);
        this.unschedulablePods.delete(uid);
      } else {
        this.addToActiveQ(pi);
      }
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private podMatchesEvent(pi: QueuedPodInfo, event: QueueEvent): boolean {
    if (event.resource === '*') return true;
    for (const plugin of [...pi.unschedulablePlugins, ...pi.pendingPlugins]) {
      const events = this.pluginEvents.get(plugin);
      if (!events) continue;
      if (events.some((e) => eventMatches(e, event))) return true;
    }
    return false;
  }

  /** Moves pods (by uid) to activeQ at once (upstream Activate). */
  activate(uids: Iterable<string>): void {
    for (const uid of uids) {
      const pi = this.unschedulablePods.get(uid) ?? this.backoffQ.get(uid);
      if (!pi) continue;
      this.backoffQ.delete(uid);
      this.addToActiveQ(pi);
    }
  }

  // ---- back-off ----

  /** 1 s doubled per attempt after the first, up to 10 s (upstream calculateBackoffDuration). */
  backoffDurationMs(pi: QueuedPodInfo): number {
    // A pod never attempted (it was gated) has nothing to back off from.
    if (pi.attempts === 0) return 0;
    let d = this.initialBackoffMs;
    for (let i = 1; i < pi.attempts; i++) {
      if (d > this.maxBackoffMs - d) return this.maxBackoffMs;
      d += d;
    }
    return d;
  }

  private backoffTime(pi: QueuedPodInfo): number {
    return pi.timestamp.getTime() + this.backoffDurationMs(pi);
  }

  private isBackingOff(pi: QueuedPodInfo): boolean {
    if (pi.gated) return false;
    return this.backoffTime(pi) > this.clock.now().getTime();
  }

  /** Moves pods whose back-off is over to activeQ. */
  flushBackoffQCompleted(): void {
    const now = this.clock.now().getTime();
    for (let pi = this.backoffQ.peek(); pi && this.backoffTime(pi) <= now; pi = this.backoffQ.peek()) {
      this.backoffQ.pop();
      this.addToActiveQ(pi);
    }
  }

  /** Moves pods unschedulable for longer than podMaxInUnschedulablePodsDuration back. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now().getTime();
    const toMove = [...this.unschedulablePods.values()].filter((pi) => now - pi.timestamp.getTime() > this.maxInUnschedulableMs);
    if (toMove.length) this.movePodsToActiveOrBackoffQueue(toMove, Events.UnschedulableTimeout);
  }

  // ---- nominator ----

  addNominatedPod(pi: PodInfo, info?: NominatingInfo): void {
    this.nominator.addNominatedPod(pi, info);
  }

  nominatedPodsForNode(nodeName: string): PodInfo[] {
    return this.nominator.nominatedPodsForNode(nodeName);
  }

  // ---- inspection (tests, debugging) ----

  pendingPods(): { active: Pod[]; backoff: Pod[]; unschedulable: Pod[] } {
    return {
      active: this.activeQ.list().map((p) => p.podInfo.pod),
      backoff: this.backoffQ.list().map((p) => p.podInfo.pod),
      unschedulable: [...this.unschedulablePods.values()].map((p) => p.podInfo.pod),
    };
  }

  /** Where a pod is: 'active', 'backoff', 'unschedulable', 'inFlight' or undefined. */
  whereIs(uid: string): 'active' | 'backoff' | 'unschedulable' | 'inFlight' | undefined {
    if (this.activeQ.has(uid)) return 'active';
    if (this.backoffQ.has(uid)) return 'backoff';
    if (this.unschedulablePods.has(uid)) return 'unschedulable';
    if (this.inFlight.has(uid)) return 'inFlight';
    return undefined;
  }
}

/** Whether an update changed more than the status, resourceVersion, generation, managedFields, finalizers (upstream isPodUpdated). */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _mf, finalizers: _f, ...meta } = p.metadata ?? {};
    // kubesim's explain record is written by the scheduler itself: it never makes a pod schedulable.
    if (meta.annotations?.[ExplainAnnotation] !== undefined) {
      const { [ExplainAnnotation]: _e, ...rest } = meta.annotations;
      if (Object.keys(rest).length) meta.annotations = rest;
      else delete meta.annotations;
    }
    return JSON.stringify({ ...p, metadata: meta, status: undefined });
  };
  return strip(oldPod) !== strip(newPod);
}
