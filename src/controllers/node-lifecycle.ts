/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): it watches every node's health signal (the kubelet's
 * status heartbeats and its Lease in kube-node-lease) and, when none arrived for nodeMonitorGracePeriod, sets the
 * node's conditions to Unknown ("Kubelet stopped posting node status."). It keeps the NoSchedule taints in step
 * with the conditions (not-ready, unreachable, pressures, unschedulable), adds the NoExecute not-ready / unreachable
 * taints through a rate-limited queue per zone (the taint eviction controller then evicts pods), marks the pods of
 * a not-ready node NotReady, and stops tainting when every zone is fully disrupted.
 */
import { isConflict, isNotFound } from '../api/errors.js';
import { deepCopy, deepEqual, type KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { matchTaint, taintExists, TaintKey, type Taint } from '../api/taints.js';
import type { Client } from '../client/client.js';
import { EventRecorder, nodeReference, referenceOf } from '../client/event-recorder.js';
import { PodNodeNameIndex, podsByNodeName, type Informer, type InformerFactory } from '../client/informer.js';
import { Leases, Nodes, Pods } from '../client/resources.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import { rfc3339, type Timer, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const NodeLifecycleControllerName = 'node-lifecycle-controller';

/** kube-controller-manager's defaults in v1.32. */
export const defaultNodeLifecycleConfig: NodeLifecycleConfig = {
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 50_000,
  nodeStartupGracePeriodMs: 60_000,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  largeClusterSizeThreshold: 50,
  unhealthyZoneThreshold: 0.55,
  nodeEvictionPeriodMs: 100,
};

export interface NodeLifecycleConfig {
  /** How often node health is checked (--node-monitor-period). */
  nodeMonitorPeriodMs: number;
  /** No heartbeat for this long: the node's conditions become Unknown (--node-monitor-grace-period). */
  nodeMonitorGracePeriodMs: number;
  /** The same for a node that never posted a Ready condition (--node-startup-grace-period). */
  nodeStartupGracePeriodMs: number;
  /** Nodes tainted NoExecute per second in a healthy zone (--node-eviction-rate). */
  nodeEvictionRate: number;
  /** The rate in a partially disrupted large zone (--secondary-node-eviction-rate). */
  secondaryNodeEvictionRate: number;
  largeClusterSizeThreshold: number;
  unhealthyZoneThreshold: number;
  /** How often the NoExecute tainting queues are worked (scheduler.NodeEvictionPeriod). */
  nodeEvictionPeriodMs: number;
}

export interface NodeLifecycleOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<NodeLifecycleConfig>;
}

type Condition = { type: string; status: string; lastHeartbeatTime?: string; lastTransitionTime?: string; reason?: string; message?: string };
type NodeStatus = { conditions?: Condition[] };
type NodeSpec = { taints?: Taint[]; unschedulable?: boolean };

const UnreachableTaint: Taint = { key: TaintKey.NodeUnreachable, effect: 'NoExecute' };
const NotReadyTaint: Taint = { key: TaintKey.NodeNotReady, effect: 'NoExecute' };

/** Which condition status maps to which NoSchedule taint (nodeConditionToTaintKeyStatusMap). */
const conditionTaints: Record<string, Record<string, string>> = {
  Ready: { False: TaintKey.NodeNotReady, Unknown: TaintKey.NodeUnreachable },
  MemoryPressure: { True: TaintKey.NodeMemoryPressure },
  DiskPressure: { True: TaintKey.NodeDiskPressure },
  NetworkUnavailable: { True: TaintKey.NodeNetworkUnavailable },
  PIDPressure: { True: TaintKey.NodePIDPressure },
};
const conditionTaintKeys = new Set(Object.values(conditionTaints).flatMap((m) => Object.values(m)));

type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  status: NodeStatus;
  leaseRenewTime?: string;
}

export class NodeLifecycleController {
  readonly name = NodeLifecycleControllerName;
  private readonly config: NodeLifecycleConfig;
  private readonly events: EventRecorder;
  private readonly nodes: Informer;
  private readonly leases: Informer;
  private readonly pods: Informer;
  private readonly nodeUpdateQueue: WorkQueue<string>;
  private readonly podUpdateQueue: WorkQueue<string>;
  private readonly knownNodes = new Map<string, KubeObject>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly zoneTainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();
  private monitorTimer: Timer | undefined;
  private taintTimer: Timer | undefined;
  private workers: Promise<unknown> | undefined;
  private running = false;

  constructor(private readonly opts: NodeLifecycleOptions) {
    this.config = { ...defaultNodeLifecycleConfig, ...(opts.config ?? {}) };
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: 'node-controller', log: opts.log });
    this.nodes = opts.informers.forResource(Nodes);
    this.leases = opts.informers.forResource(Leases, { namespace: 'kube-node-lease' });
    this.pods = podsByNodeName(opts.informers);
    this.nodeUpdateQueue = new WorkQueue({ clock: opts.clock, name: 'node_lifecycle_controller' });
    this.podUpdateQueue = new WorkQueue({ clock: opts.clock, name: 'node_lifecycle_controller_pods' });
    this.nodes.addEventHandler({
      onAdd: (n) => this.nodeUpdateQueue.add(n.metadata.name!),
      onUpdate: (_o, n) => this.nodeUpdateQueue.add(n.metadata.name!),
      onDelete: (n) => this.nodesToRetry.delete(n.metadata.name!),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.podUpdated(undefined, p),
      onUpdate: (o, p) => this.podUpdated(o, p),
    });
  }

  /** Starts the workers and the periodic passes (informers must be started and synced by the caller). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.log.info('Starting controller', { controller: this.name });
    const onError = (item: unknown, err: unknown) => this.opts.log.error('Failed to process', { item, err: String(err) });
    this.workers = Promise.all([
      runWorkers(this.nodeUpdateQueue, 1, (name) => this.doNodeProcessingPass(name), { onError }),
      runWorkers(this.podUpdateQueue, 1, (key) => this.processPod(key), { onError }),
    ]);
    this.scheduleTaintPass();
    // The first health check runs at once, as wait.Until does.
    void this.monitorLoop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.monitorTimer?.cancel();
    this.taintTimer?.cancel();
    this.nodeUpdateQueue.shutDown();
    this.podUpdateQueue.shutDown();
    await this.workers;
    await this.events.flush();
  }

  /** Waits for pending event writes (tests). */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  private async monitorLoop(): Promise<void> {
    if (!this.running) return;
    try {
      await this.monitorNodeHealth();
    } catch (err) {
      this.opts.log.error('Error monitoring node health', { err: String(err) });
    }
    if (this.running) this.monitorTimer = this.opts.clock.setTimeout(() => void this.monitorLoop(), this.config.nodeMonitorPeriodMs);
  }

  private scheduleTaintPass(): void {
    this.taintTimer = this.opts.clock.setTimeout(() => {
      if (!this.running) return;
      void this.doNoExecuteTaintingPass().finally(() => this.running && this.scheduleTaintPass());
    }, this.config.nodeEvictionPeriodMs);
  }

  private now(): number {
    return this.opts.clock.now().getTime();
  }

  // ---- NoSchedule taints and labels (node update worker) -------------------

  private async doNodeProcessingPass(nodeName: string): Promise<void> {
    await this.doNoScheduleTaintingPass(nodeName);
    await this.reconcileNodeLabels(nodeName);
  }

  /** The NoSchedule taints a node's conditions (and spec.unschedulable) call for, swapped in for the old ones. */
  private async doNoScheduleTaintingPass(nodeName: string): Promise<void> {
    const node = this.nodes.get(undefined, nodeName);
    if (!node) return;
    const wanted: Taint[] = [];
    for (const c of (node.status as NodeStatus | undefined)?.conditions ?? []) {
      const key = conditionTaints[c.type]?.[c.status];
      if (key) wanted.push({ key, effect: 'NoSchedule' });
    }
    if ((node.spec as NodeSpec | undefined)?.unschedulable) wanted.push({ key: TaintKey.NodeUnschedulable, effect: 'NoSchedule' });
    const current = ((node.spec as NodeSpec | undefined)?.taints ?? []).filter(
      (t) => t.effect === 'NoSchedule' && (t.key === TaintKey.NodeUnschedulable || conditionTaintKeys.has(t.key)),
    );
    const toAdd = wanted.filter((w) => !current.some((c) => c.key === w.key && c.effect === w.effect && (c.value ?? '') === ''));
    const toDel = current.filter((c) => !wanted.some((w) => w.key === c.key && w.effect === c.effect && (c.value ?? '') === ''));
    if (toAdd.length === 0 && toDel.length === 0) return;
    await this.swapNodeControllerTaint(nodeName, toAdd, toDel);
  }

  /** The beta os/arch labels follow the stable ones (reconcileNodeLabels). */
  private async reconcileNodeLabels(nodeName: string): Promise<void> {
    const node = this.nodes.get(undefined, nodeName);
    const labels = node?.metadata.labels;
    if (!labels) return;
    const update: Record<string, string> = {};
    for (const [primary, secondary] of [
      ['kubernetes.io/os', 'beta.kubernetes.io/os'],
      ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
    ] as const) {
      if (!(primary in labels)) continue;
      if (labels[secondary] !== labels[primary]) update[secondary] = labels[primary]!;
    }
    if (Object.keys(update).length === 0) return;
    await this.opts.client.resource(Nodes).patch(nodeName, PatchType.StrategicMerge, { metadata: { labels: update } });
  }

  /**
   * SwapNodeControllerTaint: adds taints (stamped with timeAdded) and removes others, on the newest node, retrying
   * on conflicts; a taint of the same key and effect is replaced.
   */
  private async swapNodeControllerTaint(nodeName: string, toAdd: Taint[], toRemove: Taint[]): Promise<boolean> {
    const timeAdded = rfc3339(this.opts.clock.now());
    const nodes = this.opts.client.resource(Nodes);
    for (let attempt = 0; attempt < 5; attempt++) {
      let node: KubeObject;
      try {
        node = await nodes.get(nodeName);
      } catch (e) {
        if (isNotFound(e)) return false;
        throw e;
      }
      const spec = (node.spec ??= {}) as NodeSpec;
      const old = spec.taints ?? [];
      let taints = [...old];
      for (const t of toAdd) {
        const added: Taint = { key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect, timeAdded };
        const i = taints.findIndex((x) => matchTaint(x, t));
        if (i >= 0) {
          if (deepEqual({ ...taints[i], timeAdded: undefined }, { ...added, timeAdded: undefined })) continue;
          taints[i] = added;
        } else taints.push(added);
      }
      taints = taints.filter((x) => !toRemove.some((r) => matchTaint(x, r)));
      if (deepEqual(taints, old)) return true;
      if (taints.length) spec.taints = taints;
      else delete spec.taints;
      try {
        await nodes.update(node);
        return true;
      } catch (e) {
        if (!isConflict(e)) {
          this.opts.log.error('Unable to taint node', { node: nodeName, err: String(e) });
          return false;
        }
      }
    }
    return false;
  }

  // ---- health ---------------------------------------------------------------

  /** monitorNodeHealth: Unknown conditions for silent nodes, NoExecute tainting decisions, pods NotReady, zone states. */
  async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.list();
    const present = new Set(nodes.map((n) => n.metadata.name!));
    for (const node of nodes) {
      const name = node.metadata.name!;
      if (!this.zoneStates.has(zoneKey(node))) this.addZone(node);
      if (!this.knownNodes.has(name)) {
        this.recordNodeEvent(node, 'Normal', 'RegisteredNode', `Registered Node ${name} in Controller`);
        this.knownNodes.set(name, node);
        await this.markNodeAsReachable(node);
      }
    }
    for (const [name, node] of [...this.knownNodes]) {
      if (present.has(name)) continue;
      this.recordNodeEvent(node, 'Normal', 'RemovingNode', `Removing Node ${name} from Controller`);
      this.knownNodes.delete(name);
      this.health.delete(name);
    }

    const zoneConditions = new Map<string, Array<Condition | undefined>>();
    for (const original of nodes) {
      let node = deepCopy(original);
      let result: { observed: Condition; current: Condition | undefined } | undefined;
      for (let attempt = 0; attempt < 5 && !result; attempt++) {
        try {
          result = await this.tryUpdateNodeHealth(node);
        } catch (err) {
          try {
            node = await this.opts.client.resource(Nodes).get(original.metadata.name!);
          } catch {
            this.opts.log.error('Failed while getting a Node to retry updating node health. Probably Node was deleted', { node: original.metadata.name });
            break;
          }
        }
      }
      if (!result) continue;
      const { observed, current } = result;
      if (!(node.metadata.labels && 'node.kubernetes.io/exclude-disruption' in node.metadata.labels)) {
        const zone = zoneKey(node);
        zoneConditions.set(zone, [...(zoneConditions.get(zone) ?? []), current]);
      }
      if (!current) continue;
      const name = node.metadata.name!;
      await this.processTaintBaseEviction(node, observed);
      const needsRetry = this.nodesToRetry.has(name);
      if (current.status !== 'True' && observed.status === 'True') {
        this.recordNodeStatusChange(node, 'NodeNotReady');
        if (!(await this.markPodsNotReady(name))) {
          this.nodesToRetry.add(name);
          continue;
        }
      } else if (needsRetry && observed.status !== 'True') {
        if (!(await this.markPodsNotReady(name))) continue;
      }
      this.nodesToRetry.delete(name);
    }
    await this.handleDisruption(zoneConditions, nodes);
  }

  /** tryUpdateNodeHealth: the observed and current Ready conditions; posts Unknown conditions past the grace period. */
  private async tryUpdateNodeHealth(node: KubeObject): Promise<{ observed: Condition; current: Condition | undefined }> {
    const name = node.metadata.name!;
    const now = this.now();
    const status = ((node.status ??= {}) as NodeStatus);
    let current = status.conditions?.find((c) => c.type === 'Ready');
    let health = this.health.get(name);
    let observed: Condition;
    let gracePeriod: number;
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    if (!current) {
      // The kubelet never posted a status: treat the node as Unknown since its creation.
      observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp ?? undefined, lastTransitionTime: node.metadata.creationTimestamp ?? undefined };
      gracePeriod = this.config.nodeStartupGracePeriodMs;
      if (health) health.status = status;
      else health = { status, probeTimestamp: created, readyTransitionTimestamp: created };
    } else {
      observed = { ...current };
      gracePeriod = this.config.nodeMonitorGracePeriodMs;
    }
    const saved = health?.status.conditions?.find((c) => c.type === 'Ready');
    if (!health) {
      this.opts.log.info('Missing timestamp for Node. Assuming now as a timestamp', { node: name });
      health = { status, probeTimestamp: now, readyTransitionTimestamp: now };
    } else if (!saved && current) {
      health = { status, probeTimestamp: now, readyTransitionTimestamp: now };
    } else if (saved && !current) {
      this.opts.log.error('ReadyCondition was removed from Status of Node', { node: name });
      health = { status, probeTimestamp: now, readyTransitionTimestamp: now };
    } else if (saved && current && saved.lastHeartbeatTime !== current.lastHeartbeatTime) {
      const transition = saved.lastTransitionTime !== current.lastTransitionTime ? now : health.readyTransitionTimestamp;
      health = { status, probeTimestamp: now, readyTransitionTimestamp: transition, leaseRenewTime: health.leaseRenewTime };
    }
    // A renewed lease is a heartbeat too.
    const lease = this.leases.get('kube-node-lease', name);
    const renewTime = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    if (renewTime && (!health.leaseRenewTime || Date.parse(health.leaseRenewTime) < Date.parse(renewTime))) {
      health.leaseRenewTime = renewTime;
      health.probeTimestamp = now;
    }
    this.health.set(name, health);

    if (now > health.probeTimestamp + gracePeriod) {
      const ts = rfc3339(new Date(now));
      const conditions = (status.conditions ??= []);
      for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
        const c = conditions.find((x) => x.type === type);
        if (!c) {
          conditions.push({
            type,
            status: 'Unknown',
            lastHeartbeatTime: node.metadata.creationTimestamp ?? undefined,
            lastTransitionTime: ts,
            reason: 'NodeStatusNeverUpdated',
            message: 'Kubelet never posted node status.',
          });
        } else if (c.status !== 'Unknown') {
          c.status = 'Unknown';
          c.reason = 'NodeStatusUnknown';
          c.message = 'Kubelet stopped posting node status.';
          c.lastTransitionTime = ts;
        }
      }
      current = conditions.find((c) => c.type === 'Ready');
      if (!deepEqual(current, observed)) {
        await this.opts.client.resource(Nodes).updateStatus(node);
        this.health.set(name, { status, probeTimestamp: health.probeTimestamp, readyTransitionTimestamp: now, leaseRenewTime: renewTime });
      }
    }
    return { observed, current };
  }

  private async processTaintBaseEviction(node: KubeObject, observed: Condition): Promise<void> {
    const taints = (node.spec as NodeSpec | undefined)?.taints;
    const name = node.metadata.name!;
    switch (observed.status) {
      case 'False':
        if (taintExists(taints, UnreachableTaint)) await this.swapNodeControllerTaint(name, [NotReadyTaint], [UnreachableTaint]);
        else if (this.markNodeForTainting(node, 'False')) this.opts.log.info('Node is NotReady. Adding it to the Taint queue', { node: name });
        break;
      case 'Unknown':
        if (taintExists(taints, NotReadyTaint)) await this.swapNodeControllerTaint(name, [UnreachableTaint], [NotReadyTaint]);
        else if (this.markNodeForTainting(node, 'Unknown')) this.opts.log.info('Node is unresponsive. Adding it to the Taint queue', { node: name });
        break;
      case 'True':
        if (await this.markNodeAsReachable(node)) this.opts.log.info('Node is healthy again, removed all taints', { node: name });
        break;
    }
  }

  private markNodeForTainting(node: KubeObject, status: 'False' | 'Unknown'): boolean {
    const taints = (node.spec as NodeSpec | undefined)?.taints;
    const queue = this.zoneTainters.get(zoneKey(node))!;
    if (status === 'False' && !taintExists(taints, NotReadyTaint)) queue.remove(node.metadata.name!);
    if (status === 'Unknown' && !taintExists(taints, UnreachableTaint)) queue.remove(node.metadata.name!);
    return queue.add(node.metadata.name!, node.metadata.uid ?? '', this.now());
  }

  /** Removes the NoExecute not-ready and unreachable taints; true when the node was waiting to be tainted. */
  private async markNodeAsReachable(node: KubeObject): Promise<boolean> {
    const taints = (node.spec as NodeSpec | undefined)?.taints;
    if (taintExists(taints, UnreachableTaint) || taintExists(taints, NotReadyTaint)) {
      await this.swapNodeControllerTaint(node.metadata.name!, [], [UnreachableTaint, NotReadyTaint]);
    }
    return this.zoneTainters.get(zoneKey(node))?.remove(node.metadata.name!) ?? false;
  }

  /** doNoExecuteTaintingPass: taints the queued nodes, as fast as each zone's limiter allows. */
  private async doNoExecuteTaintingPass(): Promise<void> {
    for (const queue of this.zoneTainters.values()) {
      await queue.try(this.now(), async (nodeName) => {
        const node = this.nodes.get(undefined, nodeName);
        if (!node) return { done: true };
        const ready = (node.status as NodeStatus | undefined)?.conditions?.find((c) => c.type === 'Ready');
        if (!ready) return { done: false, retryMs: 50 };
        if (ready.status === 'False') return { done: await this.swapNodeControllerTaint(nodeName, [NotReadyTaint], [UnreachableTaint]) };
        if (ready.status === 'Unknown') return { done: await this.swapNodeControllerTaint(nodeName, [UnreachableTaint], [NotReadyTaint]) };
        return { done: true };
      });
    }
  }

  private addZone(node: KubeObject): void {
    const zone = zoneKey(node);
    this.zoneStates.set(zone, 'Initial');
    this.zoneTainters.set(zone, new RateLimitedTimedQueue(new TokenBucket(this.config.nodeEvictionRate, 1, this.now())));
  }

  /** handleDisruption: zone states from their nodes' readiness; all zones down stops tainting and untaints every node. */
  private async handleDisruption(zoneConditions: Map<string, Array<Condition | undefined>>, nodes: KubeObject[]): Promise<void> {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conds] of zoneConditions) {
      const state = this.computeZoneState(conds);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      this.opts.log.info('Controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const node of nodes) await this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.zoneTainters.get(zone)?.swapLimiter(0, this.now());
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      this.opts.log.info('Controller detected that some Nodes are Ready. Exiting master disruption mode');
      const now = this.now();
      for (const node of nodes) {
        const h = this.health.get(node.metadata.name!);
        if (h) {
          h.probeTimestamp = now;
          h.readyTransitionTimestamp = now;
        }
      }
      for (const zone of this.zoneStates.keys()) {
        this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, newStates.get(zone)!);
        this.zoneStates.set(zone, newStates.get(zone)!);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.opts.log.info('Controller detected that zone is now in new state', { zone, newState: next });
      this.setLimiterInZone(zone, zoneConditions.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    const q = this.zoneTainters.get(zone);
    if (!q) return;
    const now = this.now();
    if (state === 'Normal' || state === 'FullDisruption') q.swapLimiter(this.config.nodeEvictionRate, now);
    else if (state === 'PartialDisruption') q.swapLimiter(zoneSize > this.config.largeClusterSizeThreshold ? this.config.secondaryNodeEvictionRate : 0, now);
  }

  /** ComputeZoneState: no Ready node is a full disruption; enough not-ready ones a partial one. */
  private computeZoneState(conds: Array<Condition | undefined>): ZoneState {
    let ready = 0;
    let notReady = 0;
    for (const c of conds) {
      if (c?.status === 'True') ready++;
      else notReady++;
    }
    if (ready === 0 && notReady > 0) return 'FullDisruption';
    if (notReady > 2 && notReady / (notReady + ready) >= this.config.unhealthyZoneThreshold) return 'PartialDisruption';
    return 'Normal';
  }

  // ---- pods -----------------------------------------------------------------

  private podUpdated(old: KubeObject | undefined, pod: KubeObject): void {
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (nodeName && (!old || (old.spec as { nodeName?: string } | undefined)?.nodeName !== nodeName)) {
      this.podUpdateQueue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
    }
  }

  /** A pod newly bound to a node that is not ready is marked NotReady at once. */
  private async processPod(key: string): Promise<void> {
    const pod = this.pods.getByKey(key);
    if (!pod) return;
    const nodeName = (pod.spec as { nodeName?: string }).nodeName!;
    const health = this.health.get(nodeName);
    if (!health) return;
    if (!this.nodes.get(undefined, nodeName)) throw new Error(`node "${nodeName}" not found`);
    const ready = health.status.conditions?.find((c) => c.type === 'Ready');
    if (!ready) return;
    if (ready.status !== 'True' && !(await this.markPodsNotReady(nodeName, [pod]))) throw new Error(`unable to mark pod ${key} NotReady`);
  }

  /** MarkPodsNotReady: each pod's Ready condition becomes False, with a NodeNotReady event. */
  private async markPodsNotReady(nodeName: string, pods: KubeObject[] = this.pods.byIndex(PodNodeNameIndex, nodeName)): Promise<boolean> {
    let ok = true;
    for (const cached of pods) {
      if ((cached.spec as { nodeName?: string }).nodeName !== nodeName) continue;
      const pod = deepCopy(cached);
      const conditions = ((pod.status as { conditions?: Array<Condition & { lastProbeTime?: string | null }> } | undefined)?.conditions ?? []);
      const ready = conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      ready.status = 'False';
      ready.lastTransitionTime = rfc3339(this.opts.clock.now());
      try {
        await this.opts.client.resource(Pods).namespace(pod.metadata.namespace!).updateStatus(pod);
      } catch (e) {
        if (isNotFound(e)) continue;
        this.opts.log.info('Failed to update status for pod', { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, err: String(e) });
        ok = false;
        continue;
      }
      this.events.event(referenceOf(cached), 'Warning', 'NodeNotReady', 'Node is not ready');
    }
    return ok;
  }

  // ---- events ---------------------------------------------------------------

  private recordNodeEvent(node: KubeObject, type: 'Normal' | 'Warning', reason: string, event: string): void {
    this.events.event(nodeReference(node.metadata.name!, node.metadata.uid), type, reason, `Node ${node.metadata.name} event: ${event}`);
  }

  private recordNodeStatusChange(node: KubeObject, newStatus: string): void {
    this.events.event(nodeReference(node.metadata.name!, node.metadata.uid), 'Normal', newStatus, `Node ${node.metadata.name} status is now: ${newStatus}`);
  }
}

/** nodetopology.GetZoneKey: region and zone labels, `region:\0:zone`, '' when the node has neither. */
export function zoneKey(node: KubeObject): string {
  const l = node.metadata.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (!region && !zone) return '';
  return `${region}:\u0000:${zone}`;
}

/** flowcontrol's token bucket limiter (qps, burst) as TryAccept uses it; qps 0 never accepts. */
export class TokenBucket {
  private tokens: number;
  constructor(
    readonly qps: number,
    readonly burst: number,
    private last: number,
  ) {
    this.tokens = burst;
  }

  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** scheduler.RateLimitedTimedQueue: unique values processed in processAt order, no faster than its limiter. */
export class RateLimitedTimedQueue {
  private items: TimedValue[] = [];

  constructor(private limiter: TokenBucket) {}

  /** Adds a value (processed as soon as allowed); false when it is already queued. */
  add(value: string, uid: string, now = 0): boolean {
    if (this.items.some((i) => i.value === value)) return false;
    this.items.push({ value, uid, addedAt: now, processAt: now });
    this.sort();
    return true;
  }

  remove(value: string): boolean {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.value !== value);
    return this.items.length !== before;
  }

  has(value: string): boolean {
    return this.items.some((i) => i.value === value);
  }

  /** Try: while the limiter accepts and the head is due, run fn on it; a failure is retried after retryMs. */
  async try(now: number, fn: (value: string) => Promise<{ done: boolean; retryMs?: number }>): Promise<void> {
    for (let head = this.items[0]; head; head = this.items[0]) {
      if (!this.limiter.tryAccept(now)) break;
      if (now < head.processAt) break;
      const { done, retryMs = 0 } = await fn(head.value);
      if (done) this.remove(head.value);
      else {
        head.processAt = now + retryMs + 1;
        this.sort();
        // A value retried later must not spin this pass.
        if (this.items[0] === head) break;
      }
    }
  }

  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === qps) return;
    this.limiter = new TokenBucket(qps, 1, now);
  }

  private sort(): void {
    this.items.sort((a, b) => a.processAt - b.processAt);
  }
}
