/**
 * kube-scheduler (upstream pkg/scheduler/scheduler.go, schedule_one.go, eventhandlers.go): one Scheduler serves
 * every profile of a KubeSchedulerConfiguration; informer events feed its cache and queue; a loop pops pods,
 * runs the scheduling cycle (algorithm, assume, Reserve, Permit) and binds asynchronously; failures set the
 * PodScheduled=False condition and a FailedScheduling event with upstream's FitError text.
 */
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../api/errors.js';
import { PatchType } from '../api/request-options.js';
import type { Client } from '../client/client.js';
import { EventRecorder, referenceOf } from '../client/event-recorder.js';
import type { HandlerRegistration, Informer, InformerFactory } from '../client/informer.js';
import { Namespaces, Nodes, PersistentVolumeClaims, PersistentVolumes, Pods, StorageClasses } from '../client/resources.js';
import { rfc3339, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { Cache } from './cache/cache.js';
import { pluginArgs } from './config/defaults.js';
import { expandProfilePlugins } from './config/expand-profile-plugins.js';
import type { KubeSchedulerConfiguration, KubeSchedulerProfile } from './config/types.js';
import { ExplainAnnotation, type ExplainNode, type ExplainRecord } from '../api/scheduler-explain-record.js';
import { Code, codeString, CycleState, Status, type ClusterEvent, type NominatingInfo, type PluginFactory } from './framework/interface.js';
import { Framework } from './framework/runtime/framework.js';
import { Snapshot } from './framework/snapshot.js';
import { FitError, PodInfo, type QueuedPodInfo } from './framework/types.js';
import { BindingAnnotations, BindingAnnotationsKey } from './plugins/default-binder.js';
import { inTreeRegistry } from './plugins/registry.js';
import { Events, SchedulingQueue, type QueueEvent } from './queue/scheduling-queue.js';
import { ErrNoNodesAvailable, schedulePod, type AlgorithmState, type AttemptTrace, type ScheduleResult } from './schedule-one.js';

export interface SchedulerOptions {
  client: Client;
  informers: InformerFactory;
  clock: TimerClock;
  log: Logger;
  config: KubeSchedulerConfiguration;
  /** [0, 1) like Math.random: breaks score ties. */
  random?: () => number;
  /** Plugin constructors by name (default: the in-tree registry). */
  registry?: Record<string, PluginFactory>;
  /** Keep the explain record on pods (the `kubesim.io/scheduler-explain` annotation); default true. */
  explain?: boolean;
  /** At most this many nodes in an explain record (default 50). */
  maxExplainNodes?: number;
  /** podMaxInUnschedulablePodsDuration (default 5 min). */
  podMaxInUnschedulablePodsDurationMs?: number;
}

/** upstream clearNominatedNode. */
const clearNominatedNode: NominatingInfo = { nominatingMode: 'ModeOverride', nominatedNodeName: '' };
/** Event messages are cut to this length (upstream truncateMessage). */
const maxMessageLength = 1024;

function truncateMessage(msg: string): string {
  if (msg.length <= maxMessageLength) return msg;
  const suffix = ' ...';
  return msg.slice(0, maxMessageLength - suffix.length) + suffix;
}

const podRef = (pod: Pod) => referenceOf({ apiVersion: 'v1', kind: 'Pod', ...(pod as { metadata: { name?: string } }) });
const klogKObj = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;
const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const assigned = (pod: Pod) => !!pod.spec?.nodeName;

/** The events a node update is (upstream nodeSchedulingPropertiesChange). */
export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): QueueEvent[] {
  const events: QueueEvent[] = [];
  const j = (v: unknown) => JSON.stringify(v ?? null);
  if (!!newNode.spec?.unschedulable !== !!oldNode.spec?.unschedulable && !newNode.spec?.unschedulable) {
    events.push({ resource: 'Node', actionType: 'UpdateNodeTaint', label: 'NodeSpecUnschedulableChange' });
  }
  if (j(newNode.status?.allocatable) !== j(oldNode.status?.allocatable)) events.push({ resource: 'Node', actionType: 'UpdateNodeAllocatable', label: 'NodeAllocatableChange' });
  if (j(newNode.metadata?.labels) !== j(oldNode.metadata?.labels)) events.push({ resource: 'Node', actionType: 'UpdateNodeLabel', label: 'NodeLabelChange' });
  if (j(newNode.spec?.taints) !== j(oldNode.spec?.taints)) events.push({ resource: 'Node', actionType: 'UpdateNodeTaint', label: 'NodeTaintChange' });
  const conds = (n: Node) => j(Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status])));
  if (conds(newNode) !== conds(oldNode)) events.push({ resource: 'Node', actionType: 'UpdateNodeCondition', label: 'NodeConditionChange' });
  if (j(newNode.metadata?.annotations) !== j(oldNode.metadata?.annotations)) events.push({ resource: 'Node', actionType: 'UpdateNodeAnnotation', label: 'NodeAnnotationChange' });
  return events;
}

/** The events an assigned pod's update is (upstream podSchedulingPropertiesChange, for assigned pods). */
function assignedPodUpdateEvent(oldPod: Pod, newPod: Pod): QueueEvent {
  const j = (v: unknown) => JSON.stringify(v ?? null);
  const req = (p: Pod) => j((p.spec?.containers ?? []).map((c) => c.resources?.requests));
  if (req(oldPod) !== req(newPod)) return { resource: 'AssignedPod', actionType: 'UpdatePodScaleDown', label: 'AssignedPodUpdate' };
  if (j(oldPod.metadata?.labels) !== j(newPod.metadata?.labels)) return { resource: 'AssignedPod', actionType: 'UpdatePodLabel', label: 'AssignedPodUpdate' };
  return Events.AssignedPodUpdate;
}

export class Scheduler {
  readonly profiles = new Map<string, Framework>();
  readonly cache: Cache;
  readonly queue: SchedulingQueue;
  readonly snapshot = new Snapshot();
  private readonly alg: AlgorithmState;
  private readonly client: Client;
  private readonly informers: InformerFactory;
  private readonly clock: TimerClock;
  private readonly log: Logger;
  private readonly explain: boolean;
  private readonly maxExplainNodes: number;
  private readonly registrations: HandlerRegistration[] = [];
  private readonly bindings = new Set<Promise<void>>();
  private podInformer!: Informer;
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** Attempts, pods assumed on a node (scheduled), bindings that succeeded, failures: for benchmarks and tests. */
  readonly stats = { attempts: 0, scheduled: 0, bound: 0, failed: 0 };

  constructor(opts: SchedulerOptions) {
    this.client = opts.client;
    this.informers = opts.informers;
    this.clock = opts.clock;
    this.log = opts.log;
    this.explain = opts.explain ?? true;
    this.maxExplainNodes = opts.maxExplainNodes ?? 50;
    this.cache = new Cache(opts.log);
    const config = opts.config;
    this.alg = { snapshot: this.snapshot, nextStartNodeIndex: 0, percentageOfNodesToScore: config.percentageOfNodesToScore ?? 0, random: opts.random ?? Math.random };
    const registry = opts.registry ?? inTreeRegistry;
    let queueRef: SchedulingQueue | undefined;
    for (const profile of config.profiles) {
      this.profiles.set(profile.schedulerName, this.newFramework(profile, registry, config, () => queueRef!));
    }
    const first = this.profiles.values().next().value;
    if (!first) throw new Error('at least one profile is required');
    const pluginEvents = new Map<string, ClusterEvent[]>();
    for (const fwk of this.profiles.values()) for (const pe of fwk.enqueueExtensions()) pluginEvents.set(pe.pluginName, pe.events);
    const pods = (this.podInformer = this.informers.forResource(Pods));
    const namespaces = this.informers.forResource(Namespaces);
    this.queue = queueRef = new SchedulingQueue({
      clock: this.clock,
      less: first.queueSortFunc(),
      podInitialBackoffMs: (config.podInitialBackoffSeconds ?? 1) * 1000,
      podMaxBackoffMs: (config.podMaxBackoffSeconds ?? 10) * 1000,
      podMaxInUnschedulablePodsDurationMs: opts.podMaxInUnschedulablePodsDurationMs,
      pluginEvents,
      preEnqueue: (pod) => this.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler')?.runPreEnqueuePlugins(pod),
      podLister: (ns, name) => pods.get(ns, name) as Pod | undefined,
      namespaceLabels: (ns) => namespaces.get(undefined, ns)?.metadata.labels,
      log: this.log,
    });
  }

  private newFramework(profile: KubeSchedulerProfile, registry: Record<string, PluginFactory>, config: KubeSchedulerConfiguration, queue: () => SchedulingQueue): Framework {
    const needed = new Set<string>();
    for (const set of Object.values(profile.plugins)) for (const p of set.enabled) needed.add(p.name);
    return new Framework({
      profileName: profile.schedulerName,
      client: this.client,
      clock: this.clock,
      informers: this.informers,
      eventRecorder: new EventRecorder({ client: this.client, clock: this.clock, component: profile.schedulerName, log: this.log }),
      parallelism: config.parallelism ?? 16,
      snapshot: () => this.snapshot,
      nominatedPodsForNode: (nodeName) => queue().nominatedPodsForNode(nodeName),
      plugins: [...needed].filter((n) => registry[n]).map((name) => ({ name, factory: registry[name]!, args: pluginArgs(profile, name) })),
      expand: (pointsOf) => {
        const e = expandProfilePlugins(profile, pointsOf);
        return { points: e, scoreWeights: e.scoreWeights };
      },
      percentageOfNodesToScore: profile.percentageOfNodesToScore,
    });
  }

  /** Whether a profile of this scheduler serves the pod (upstream responsibleForPod). */
  responsibleForPod(pod: Pod): boolean {
    return this.profiles.has(pod.spec?.schedulerName ?? 'default-scheduler');
  }

  /** Registers the event handlers, waits for the caches, and starts the scheduling loop. */
  async start(): Promise<void> {
    this.addAllEventHandlers();
    // The listers plugins read (upstream's scheduler starts them all before its loop).
    for (const gvr of [Nodes, Namespaces, PersistentVolumes, PersistentVolumeClaims, StorageClasses]) this.informers.forResource(gvr);
    await this.informers.start();
    await this.informers.waitForSync();
    this.queue.run();
    this.loop = this.run();
  }

  /** Stops the loop and waits for bindings under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.close();
    for (const r of this.registrations.splice(0)) r.remove();
    await this.loop;
    await Promise.allSettled([...this.bindings]);
    await Promise.all([...this.profiles.values()].map((f) => f.eventRecorder.flush()));
  }

  /** Resolves once no binding is under way and every event is written (tests, benchmarks). */
  async flush(): Promise<void> {
    while (this.bindings.size) await Promise.allSettled([...this.bindings]);
    await Promise.all([...this.profiles.values()].map((f) => f.eventRecorder.flush()));
  }

  // ---- event handlers (upstream eventhandlers.go) ----

  private addAllEventHandlers(): void {
    this.registrations.push(
      this.podInformer.addEventHandler({
        onAdd: (obj) => this.onPodAdd(obj as unknown as Pod),
        onUpdate: (o, n) => this.onPodUpdate(o as unknown as Pod, n as unknown as Pod),
        onDelete: (obj) => this.onPodDelete(obj as unknown as Pod),
      }),
    );
    this.registrations.push(
      this.informers.forResource(Nodes).addEventHandler({
        onAdd: (obj) => this.guard('add node', () => {
          this.cache.onNodeAdd(obj as unknown as Node);
          this.queue.moveAllToActiveOrBackoffQueue(Events.NodeAdd);
        }),
        onUpdate: (o, n) => this.guard('update node', () => {
          if (o.metadata.resourceVersion === n.metadata.resourceVersion) return;
          this.cache.onNodeUpdate(o as unknown as Node, n as unknown as Node);
          for (const ev of nodeSchedulingPropertiesChange(n as unknown as Node, o as unknown as Node)) this.queue.moveAllToActiveOrBackoffQueue(ev);
        }),
        onDelete: (obj) => this.guard('delete node', () => this.cache.onNodeDelete(obj as unknown as Node)),
      }),
    );
    // Storage objects the volume plugins care about: any change may make a pod schedulable.
    const resources = new Set<string>();
    for (const fwk of this.profiles.values()) for (const pe of fwk.enqueueExtensions()) for (const e of pe.events) resources.add(e.resource);
    const storage = [
      ['PersistentVolume', PersistentVolumes],
      ['PersistentVolumeClaim', PersistentVolumeClaims],
      ['StorageClass', StorageClasses],
    ] as const;
    for (const [resource, gvr] of storage) {
      if (!resources.has(resource)) continue;
      const ev = (actionType: 'Add' | 'Update' | 'Delete'): QueueEvent => ({ resource, actionType, label: `${resource}${actionType}` });
      this.registrations.push(
        this.informers.forResource(gvr).addEventHandler({
          onAdd: () => this.queue.moveAllToActiveOrBackoffQueue(ev('Add')),
          onUpdate: (o, n) => {
            if (o.metadata.resourceVersion !== n.metadata.resourceVersion) this.queue.moveAllToActiveOrBackoffQueue(ev('Update'));
          },
          onDelete: () => this.queue.moveAllToActiveOrBackoffQueue(ev('Delete')),
        }),
      );
    }
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error(`Scheduler cache failed to ${what}`, { err: (err as Error).message });
    }
  }

  /** In the cache: assigned pods that are not terminal (upstream's pod informer skips Succeeded and Failed). */
  private inCache(pod: Pod): boolean {
    return assigned(pod) && !isTerminal(pod);
  }

  private inQueue(pod: Pod): boolean {
    return !assigned(pod) && !isTerminal(pod) && this.responsibleForPod(pod);
  }

  private onPodAdd(pod: Pod): void {
    if (this.inCache(pod)) {
      this.guard('add pod', () => this.cache.onPodAdd(pod));
      this.queue.assignedPodAdded(pod);
    } else if (this.inQueue(pod)) this.queue.add(pod);
  }

  private onPodUpdate(oldPod: Pod, newPod: Pod): void {
    if (oldPod.metadata?.uid !== newPod.metadata?.uid) {
      this.onPodDelete(oldPod);
      this.onPodAdd(newPod);
      return;
    }
    if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return;
    const oc = this.inCache(oldPod);
    const nc = this.inCache(newPod);
    if (oc && nc) {
      this.guard('update pod', () => this.cache.onPodUpdate(oldPod, newPod));
      this.queue.assignedPodUpdated(oldPod, newPod, assignedPodUpdateEvent(oldPod, newPod));
    } else if (!oc && nc) {
      this.guard('add pod', () => this.cache.onPodAdd(newPod));
      this.queue.assignedPodAdded(newPod);
    } else if (oc && !nc) {
      this.guard('remove pod', () => this.cache.onPodDelete(oldPod));
      this.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete);
    }
    const oq = this.inQueue(oldPod);
    const nq = this.inQueue(newPod);
    if (oq && nq) this.queue.update(oldPod, newPod);
    else if (!oq && nq) this.queue.add(newPod);
    else if (oq && !nq) this.queue.delete(oldPod);
  }

  private onPodDelete(pod: Pod): void {
    if (this.inCache(pod)) {
      this.guard('remove pod', () => this.cache.onPodDelete(pod));
      this.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete);
    } else if (this.inQueue(pod)) {
      this.queue.delete(pod);
      const fwk = this.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
      const wp = fwk?.getWaitingPod(pod.metadata?.uid ?? '');
      if (wp) {
        wp.reject('', 'removed');
        this.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete);
      }
    }
  }

  // ---- the loop ----

  private async run(): Promise<void> {
    let lastYield = Date.now();
    while (!this.stopped) {
      const pi = await this.queue.pop();
      if (!pi) break;
      try {
        await this.scheduleOne(pi);
      } catch (err) {
        this.log.error('Scheduling attempt failed', { pod: klogKObj(pi.podInfo.pod), err: (err as Error).stack ?? String(err) });
        this.queue.done(pi.podInfo.pod.metadata?.uid ?? '');
      }
      // Let I/O (watch events, binding replies) in between attempts when pods keep coming.
      if (Date.now() - lastYield > 20) {
        await new Promise((r) => setImmediate(r));
        lastYield = Date.now();
      }
    }
  }

  /** One pod through the scheduling cycle; its binding cycle runs in the background (upstream ScheduleOne). */
  async scheduleOne(podInfo: QueuedPodInfo): Promise<void> {
    const pod = podInfo.podInfo.pod;
    const uid = pod.metadata?.uid ?? '';
    const fwk = this.profiles.get(pod.spec?.schedulerName ?? 'default-scheduler');
    if (!fwk) {
      this.log.error('Error occurred', { err: `profile not found for scheduler name "${pod.spec?.schedulerName}"` });
      this.queue.done(uid);
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      fwk.eventRecorder.event(podRef(pod), 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${klogKObj(pod)}`);
      this.queue.done(uid);
      return;
    }
    if (this.cache.isAssumedPod(pod)) {
      this.queue.done(uid);
      return;
    }
    this.stats.attempts++;
    const start = this.clock.now();
    const state = new CycleState();
    const trace: AttemptTrace | undefined = this.explain ? { filters: new Map() } : undefined;
    const { result, assumed, status, fitError } = await this.schedulingCycle(state, fwk, podInfo, trace);
    const record = this.explain ? this.explainRecord(fwk, podInfo, start, trace!, result, status, fitError) : undefined;
    if (!status.isSuccess()) {
      await this.handleSchedulingFailure(fwk, assumed, status, result.nominatingInfo, record);
      return;
    }
    this.stats.scheduled++;
    if (record) state.write(BindingAnnotationsKey, new BindingAnnotations({ [ExplainAnnotation]: JSON.stringify(record) }));
    const p = this.bindingCycle(state, fwk, result, assumed)
      .catch((err) => this.log.error('Binding cycle failed', { pod: klogKObj(pod), err: String(err) }))
      .finally(() => this.bindings.delete(p));
    this.bindings.add(p);
  }

  private async schedulingCycle(
    state: CycleState,
    fwk: Framework,
    podInfo: QueuedPodInfo,
    trace: AttemptTrace | undefined,
  ): Promise<{ result: ScheduleResult & { nominatingInfo?: NominatingInfo }; assumed: QueuedPodInfo; status: Status; fitError?: FitError }> {
    const pod = podInfo.podInfo.pod;
    const empty = { suggestedHost: '', evaluatedNodes: 0, feasibleNodes: 0 };
    let result: ScheduleResult;
    try {
      this.cache.updateSnapshot(this.snapshot);
      result = schedulePod(this.alg, fwk, state, pod, trace);
    } catch (err) {
      if (err === ErrNoNodesAvailable) {
        return { result: { ...empty, nominatingInfo: clearNominatedNode }, assumed: podInfo, status: new Status(Code.UnschedulableAndUnresolvable).withError(err as Error) };
      }
      if (!(err instanceof FitError)) {
        this.log.error('Error selecting node for pod', { pod: klogKObj(pod), err: (err as Error).message });
        return { result: { ...empty, nominatingInfo: clearNominatedNode }, assumed: podInfo, status: Status.error(err as Error) };
      }
      if (!fwk.hasPostFilterPlugins()) {
        return { result: empty, assumed: podInfo, status: new Status(Code.Unschedulable).withError(err), fitError: err };
      }
      const { result: pf, status: s } = await fwk.runPostFilterPlugins(state, pod, err.diagnosis.nodeToStatus);
      err.diagnosis.postFilterMsg = s.message();
      err.message = new FitError(err.pod, err.numAllNodes, err.diagnosis).message;
      if (s.code === Code.Error) this.log.error('Status after running PostFilter plugins for pod', { pod: klogKObj(pod), status: s.message() });
      if (trace) {
        trace.postFilterStatus = s;
        trace.postFilterNominated = pf?.nominatingInfo.nominatedNodeName;
      }
      return { result: { ...empty, nominatingInfo: pf?.nominatingInfo }, assumed: podInfo, status: new Status(Code.Unschedulable).withError(err), fitError: err };
    }
    // Assume: the pod is on the node in the cache while binding goes on.
    const assumedPod: Pod = { ...pod, spec: { ...pod.spec!, nodeName: result.suggestedHost } };
    // The assumed pod differs only in nodeName: it shares the parsed affinity terms and the requests.
    podInfo.podInfo.request();
    const assumed: QueuedPodInfo = { ...podInfo, podInfo: Object.assign(Object.create(PodInfo.prototype) as PodInfo, podInfo.podInfo, { pod: assumedPod }) };
    try {
      this.cache.assumePod(assumedPod, assumed.podInfo);
      this.queue.nominator.delete(assumedPod);
    } catch (err) {
      return { result: { ...result, nominatingInfo: clearNominatedNode }, assumed, status: Status.error(err as Error) };
    }
    const sts = await fwk.runReservePluginsReserve(state, assumedPod, result.suggestedHost);
    if (!sts.isSuccess()) {
      await fwk.runReservePluginsUnreserve(state, assumedPod, result.suggestedHost);
      this.forget(assumedPod);
      return this.rejectedOnNode(result, assumed, sts, pod);
    }
    const permit = await fwk.runPermitPlugins(state, assumedPod, result.suggestedHost);
    if (!permit.isWait() && !permit.isSuccess()) {
      await fwk.runReservePluginsUnreserve(state, assumedPod, result.suggestedHost);
      this.forget(assumedPod);
      return this.rejectedOnNode(result, assumed, permit, pod);
    }
    return { result, assumed, status: Status.success() };
  }

  /** A Reserve or Permit rejection: a FitError over the one chosen node. */
  private rejectedOnNode(result: ScheduleResult, assumed: QueuedPodInfo, sts: Status, pod: Pod) {
    if (!sts.isRejected()) return { result: { ...result, nominatingInfo: clearNominatedNode }, assumed, status: sts };
    const d = { nodeToStatus: new Map([[result.suggestedHost, sts]]), unschedulablePlugins: new Set(sts.plugin ? [sts.plugin] : []), pendingPlugins: new Set<string>(), preFilterMsg: '', postFilterMsg: '' };
    const fitError = new FitError(pod, 1, d);
    return { result: { ...result, nominatingInfo: clearNominatedNode }, assumed, status: new Status(sts.code).withError(fitError), fitError };
  }

  private forget(pod: Pod): boolean {
    try {
      this.cache.forgetPod(pod);
      return true;
    } catch (err) {
      this.log.error('Scheduler cache ForgetPod failed', { err: (err as Error).message });
      return false;
    }
  }

  private async bindingCycle(state: CycleState, fwk: Framework, result: ScheduleResult, assumed: QueuedPodInfo): Promise<void> {
    const pod = assumed.podInfo.pod;
    const uid = pod.metadata?.uid ?? '';
    const host = result.suggestedHost;
    let status = await fwk.waitOnPermit(pod);
    if (status.isSuccess()) {
      this.queue.done(uid);
      status = await fwk.runPreBindPlugins(state, pod, host);
    }
    if (status.isSuccess()) {
      status = await fwk.runBindPlugins(state, pod, host);
      this.cache.finishBinding(pod);
      if (status.isSuccess()) {
        this.stats.bound++;
        fwk.eventRecorder.event(podRef(pod), 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata?.namespace}/${pod.metadata?.name} to ${host}`);
        this.log.info('Successfully bound pod to node', { pod: klogKObj(pod), node: host, evaluatedNodes: result.evaluatedNodes, feasibleNodes: result.feasibleNodes });
        fwk.runPostBindPlugins(state, pod, host);
        return;
      }
      this.log.info('Failed to bind pod', { pod: klogKObj(pod) });
    }
    // handleBindingCycleError
    await fwk.runReservePluginsUnreserve(state, pod, host);
    if (this.forget(pod)) this.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete);
    if (status.isRejected()) {
      const d = { nodeToStatus: new Map([[host, status]]), unschedulablePlugins: new Set(status.plugin ? [status.plugin] : []), pendingPlugins: new Set<string>(), preFilterMsg: '', postFilterMsg: '' };
      status = new Status(status.code).withError(new FitError(pod, 1, d));
    }
    await this.handleSchedulingFailure(fwk, assumed, status, clearNominatedNode, undefined);
  }

  /** Back to the queue, the nomination kept, the FailedScheduling event and PodScheduled=False (upstream handleSchedulingFailure). */
  private async handleSchedulingFailure(fwk: Framework, podInfo: QueuedPodInfo, status: Status, nominatingInfo: NominatingInfo | undefined, record: ExplainRecord | undefined): Promise<void> {
    this.stats.failed++;
    const reason = status.isRejected() ? 'Unschedulable' : 'SchedulerError';
    const pod = podInfo.podInfo.pod;
    const uid = pod.metadata?.uid ?? '';
    const err = status.asError();
    const errMsg = status.message();
    if (err === ErrNoNodesAvailable) this.log.info('Unable to schedule pod; no nodes are registered to the cluster; waiting', { pod: klogKObj(pod) });
    else if (err instanceof FitError) {
      podInfo.unschedulablePlugins = err.diagnosis.unschedulablePlugins;
      podInfo.pendingPlugins = err.diagnosis.pendingPlugins;
      this.log.info('Unable to schedule pod; no fit; waiting', { pod: klogKObj(pod), err: errMsg });
    } else this.log.error('Error scheduling pod; retrying', { pod: klogKObj(pod), err: errMsg });
    const cached = this.podInformer.get(pod.metadata?.namespace, pod.metadata?.name ?? '') as Pod | undefined;
    let current = pod;
    if (!cached || cached.metadata?.uid !== uid) {
      this.log.info("Pod doesn't exist in informer cache", { pod: klogKObj(pod) });
      this.queue.done(uid);
    } else if (cached.spec?.nodeName) {
      this.log.info('Pod has been assigned to node. Abort adding it back to queue.', { pod: klogKObj(pod), node: cached.spec.nodeName });
      this.queue.done(uid);
    } else {
      current = cached;
      podInfo.podInfo = PodInfo.of(cached);
      this.queue.addUnschedulableIfNotPresent(podInfo, this.queue.getSchedulingCycle());
    }
    this.queue.addNominatedPod(podInfo.podInfo, nominatingInfo);
    if (!err) return;
    fwk.eventRecorder.event(podRef(current), 'Warning', 'FailedScheduling', truncateMessage(errMsg));
    if (!cached || cached.metadata?.uid !== uid) return;
    await this.updatePod(current, { type: 'PodScheduled', status: 'False', reason, message: errMsg }, nominatingInfo, record);
  }

  /** Patches the PodScheduled condition and nominatedNodeName when they change (upstream updatePod), and the explain record. */
  private async updatePod(pod: Pod, cond: PodCondition, nominatingInfo: NominatingInfo | undefined, record: ExplainRecord | undefined): Promise<void> {
    const pods = this.client.resource(Pods).namespace(pod.metadata?.namespace ?? '');
    const name = pod.metadata?.name ?? '';
    try {
      if (record) {
        await pods.patch(name, PatchType.Merge, { metadata: { annotations: { [ExplainAnnotation]: JSON.stringify(record) } } });
      }
      const old = pod.status?.conditions?.find((c) => c.type === cond.type);
      const now = rfc3339(this.clock.now());
      const lastTransitionTime = old && old.status === cond.status ? old.lastTransitionTime : now;
      const condChanged = !old || old.status !== cond.status || old.reason !== cond.reason || old.message !== cond.message || old.lastTransitionTime !== lastTransitionTime;
      const nnnNeedsUpdate = nominatingInfo?.nominatingMode === 'ModeOverride' && (pod.status?.nominatedNodeName ?? '') !== nominatingInfo.nominatedNodeName;
      if (!condChanged && !nnnNeedsUpdate) return;
      const status: Record<string, unknown> = {};
      if (condChanged) status.conditions = [{ type: cond.type, status: cond.status, lastProbeTime: null, lastTransitionTime, reason: cond.reason, message: cond.message }];
      if (nnnNeedsUpdate) status.nominatedNodeName = nominatingInfo!.nominatedNodeName || null;
      await pods.patch(name, PatchType.StrategicMerge, { status }, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) this.log.error('Error updating pod', { pod: klogKObj(pod), err: (err as Error).message });
    }
  }

  // ---- explain ----

  private explainRecord(
    fwk: Framework,
    podInfo: QueuedPodInfo,
    start: Date,
    trace: AttemptTrace,
    result: ScheduleResult & { nominatingInfo?: NominatingInfo },
    status: Status,
    fitError: FitError | undefined,
  ): ExplainRecord {
    const t = trace;
    const nodes: ExplainNode[] = [];
    const scored = new Set<string>();
    if (status.isSuccess() && trace.scores) {
      const sorted = [...trace.scores].sort((a, b) => b.totalScore - a.totalScore);
      const sel = sorted.findIndex((n) => n.name === result.suggestedHost);
      if (sel > 0) sorted.unshift(...sorted.splice(sel, 1));
      for (const ns of sorted) {
        scored.add(ns.name);
        nodes.push({
          name: ns.name,
          filters: trace.filters.get(ns.name) ?? [],
          scores: ns.scores.map((s) => ({ plugin: s.name, raw: s.raw, normalized: s.normalized, weighted: s.score })),
          totalScore: ns.totalScore,
        });
      }
    }
    for (const [name, filters] of trace.filters) if (!scored.has(name)) nodes.push({ name, filters });
    if (trace.preFilterStatus) for (const n of this.snapshot.nodeInfoList) nodes.push({ name: n.nodeName(), filters: [] });
    const omitted = Math.max(0, nodes.length - this.maxExplainNodes);
    const rec: ExplainRecord = {
      scheduler: fwk.profileName,
      attempt: podInfo.attempts,
      time: rfc3339(start),
      outcome: status.isSuccess() ? 'Scheduled' : status.isRejected() ? 'Unschedulable' : 'Error',
      numNodes: this.snapshot.numNodes(),
      evaluatedNodes: result.evaluatedNodes || (fitError ? fitError.diagnosis.nodeToStatus.size : 0),
      feasibleNodes: result.feasibleNodes,
      filterPlugins: fwk.filterPlugins.map((p) => p.name()),
      scorePlugins: fwk.scorePlugins.map((p) => ({ name: p.name(), weight: fwk.scorePluginWeight.get(p.name()) ?? 1 })),
      nodes: omitted ? nodes.slice(0, this.maxExplainNodes) : nodes,
    };
    if (status.isSuccess()) rec.selectedNode = result.suggestedHost;
    else rec.message = status.message();
    if (omitted) rec.omittedNodes = omitted;
    if (podInfo.podInfo.pod.status?.nominatedNodeName) rec.nominatedNodeName = podInfo.podInfo.pod.status.nominatedNodeName;
    if (trace.preFilterStatus) rec.preFilter = { plugin: trace.preFilterStatus.plugin, code: codeString(trace.preFilterStatus.code), message: trace.preFilterStatus.message() };
    if (trace.preFilterNodeNames) rec.preFilterNodeNames = trace.preFilterNodeNames;
    if (t.postFilterStatus) {
      rec.postFilter = { plugin: t.postFilterStatus.plugin, code: codeString(t.postFilterStatus.code), message: t.postFilterStatus.message() };
      if (t.postFilterNominated) rec.postFilter.nominatedNodeName = t.postFilterNominated;
    }
    return rec;
  }
}
