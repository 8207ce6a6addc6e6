/**
 * The taint eviction controller (pkg/controller/tainteviction): pods on a node with NoExecute taints they do not
 * all tolerate are deleted at once; pods that tolerate them for tolerationSeconds are deleted that long after the
 * controller saw the taint (the shortest of the matching tolerations wins); a taint removed in time cancels the
 * deletion. Each deletion first adds the pod's DisruptionTarget condition, and is announced with a
 * `TaintManagerEviction` event.
 */
import { isNotFound } from '../api/errors.js';
import { deepEqual, type KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { getMatchingTolerations, type Taint, type Toleration } from '../api/taints.js';
import type { Client } from '../client/client.js';
import { EventRecorder, type ObjectReference } from '../client/event-recorder.js';
import { PodNodeNameIndex, podsByNodeName, splitKey, type Informer, type InformerFactory } from '../client/informer.js';
import { Nodes, Pods } from '../client/resources.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import { rfc3339, type Timer, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const TaintEvictionControllerName = 'taint-eviction-controller';

export interface TaintEvictionOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
}

/** A scheduled deletion (TimedWorker): created when first decided, fires at fireAt. */
interface ScheduledEviction {
  createdAt: number;
  fireAt: number;
  timer: Timer;
}

const noExecuteTaints = (node: KubeObject | undefined): Taint[] =>
  ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === 'NoExecute');

/** getMinTolerationTime: the shortest tolerationSeconds in ms (0 for ≤ 0 or no tolerations), -1 when forever. */
export function minTolerationTimeMs(tolerations: Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

export class TaintEvictionController {
  readonly name = TaintEvictionControllerName;
  private readonly events: EventRecorder;
  private readonly nodes: Informer;
  private readonly pods: Informer;
  /** NoExecute taints per node, as last seen by the node worker. */
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly scheduled = new Map<string, ScheduledEviction>();
  private readonly nodeQueue: WorkQueue<string>;
  private readonly podQueue: WorkQueue<string>;
  private workers: Promise<unknown> | undefined;
  private running = false;

  constructor(private readonly opts: TaintEvictionOptions) {
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: TaintEvictionControllerName, log: opts.log });
    this.nodes = opts.informers.forResource(Nodes);
    this.pods = podsByNodeName(opts.informers);
    this.nodeQueue = new WorkQueue({ clock: opts.clock, name: 'noexec_taint_node' });
    this.podQueue = new WorkQueue({ clock: opts.clock, name: 'noexec_taint_pod' });
    this.pods.addEventHandler({
      onAdd: (p) => this.podUpdated(undefined, p),
      onUpdate: (o, p) => this.podUpdated(o, p),
      onDelete: (p) => this.podUpdated(p, undefined),
    });
    this.nodes.addEventHandler({
      onAdd: (n) => this.nodeUpdated(undefined, n),
      onUpdate: (o, n) => this.nodeUpdated(o, n),
      onDelete: (n) => this.nodeUpdated(n, undefined),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.log.info('Starting controller', { controller: this.name });
    const onError = (item: unknown, err: unknown) => this.opts.log.error('Failed to process', { item, err: String(err) });
    // One worker for both queues keeps node updates ahead of pod updates, as upstream's per-node workers do.
    this.workers = Promise.all([
      runWorkers(this.nodeQueue, 1, (n) => this.handleNodeUpdate(n), { onError }),
      runWorkers(this.podQueue, 1, (k) => this.handlePodUpdate(k), { onError }),
    ]);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.nodeQueue.shutDown();
    this.podQueue.shutDown();
    for (const s of this.scheduled.values()) s.timer.cancel();
    this.scheduled.clear();
    await this.workers;
    await this.events.flush();
  }

  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  /** Pods whose deletion is scheduled, with when it fires (tests, describe). */
  scheduledEvictions(): Array<{ pod: string; fireAt: Date }> {
    return [...this.scheduled].map(([pod, s]) => ({ pod, fireAt: new Date(s.fireAt) }));
  }

  private podUpdated(old: KubeObject | undefined, pod: KubeObject | undefined): void {
    const spec = (p: KubeObject | undefined) => p?.spec as { nodeName?: string; tolerations?: Toleration[] } | undefined;
    if (old && pod && deepEqual(spec(old)?.tolerations ?? [], spec(pod)?.tolerations ?? []) && spec(old)?.nodeName === spec(pod)?.nodeName) return;
    const p = (pod ?? old)!;
    this.podQueue.add(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  private nodeUpdated(old: KubeObject | undefined, node: KubeObject | undefined): void {
    if (old && node && deepEqual(noExecuteTaints(old), noExecuteTaints(node))) return;
    this.nodeQueue.add((node ?? old)!.metadata.name!);
  }

  private async handlePodUpdate(key: string): Promise<void> {
    const pod = this.pods.getByKey(key);
    if (!pod) {
      this.cancelWorkWithEvent(key);
      return;
    }
    const nodeName = (pod.spec as { nodeName?: string }).nodeName;
    if (!nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(key, pod, taints, this.opts.clock.now().getTime());
  }

  private async handleNodeUpdate(nodeName: string): Promise<void> {
    const node = this.nodes.get(undefined, nodeName);
    if (!node) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = noExecuteTaints(node);
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const pods = this.pods.byIndex(PodNodeNameIndex, nodeName);
    if (pods.length === 0) return;
    if (taints.length === 0) {
      for (const p of pods) this.cancelWorkWithEvent(`${p.metadata.namespace}/${p.metadata.name}`);
      return;
    }
    const now = this.opts.clock.now().getTime();
    for (const p of pods) this.processPodOnNode(`${p.metadata.namespace}/${p.metadata.name}`, p, taints, now);
  }

  private processPodOnNode(key: string, pod: KubeObject, taints: Taint[], now: number): void {
    if (taints.length === 0) this.cancelWorkWithEvent(key);
    const { allTolerated, used } = getMatchingTolerations(taints, (pod.spec as { tolerations?: Toleration[] }).tolerations);
    if (!allTolerated) {
      this.opts.log.info('Not all taints are tolerated after update for pod on node', { pod: key, node: (pod.spec as { nodeName?: string }).nodeName });
      this.cancelWorkWithEvent(key);
      this.addWork(key, now, now);
      return;
    }
    const min = minTolerationTimeMs(used);
    if (min < 0) {
      this.cancelWorkWithEvent(key);
      return;
    }
    let start = now;
    const existing = this.scheduled.get(key);
    if (existing) {
      start = existing.createdAt;
      // An earlier deadline already scheduled stands.
      if (start + min < now + min) return;
      this.cancelWorkWithEvent(key);
    }
    this.addWork(key, start, start + min);
  }

  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.scheduled.has(key)) return;
    const delay = Math.max(0, fireAt - this.opts.clock.now().getTime());
    const timer = this.opts.clock.setTimeout(() => void this.fire(key), delay);
    this.scheduled.set(key, { createdAt, fireAt, timer });
  }

  private cancelWorkWithEvent(key: string): void {
    const s = this.scheduled.get(key);
    if (!s) return;
    s.timer.cancel();
    this.scheduled.delete(key);
    this.events.event(podReference(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  /** deletePodHandler: the event, then the DisruptionTarget condition and the deletion (retried a few times). */
  private async fire(key: string): Promise<void> {
    if (!this.running) return;
    this.scheduled.delete(key);
    this.opts.log.info('Deleting pod', { controller: this.name, pod: key });
    this.events.event(podReference(key), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    const { namespace, name } = splitKey(key);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.addConditionAndDeletePod(namespace, name);
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        this.opts.log.error('Failed to delete pod', { pod: key, err: String(e) });
        await this.opts.clock.sleep(10);
      }
    }
  }

  private async addConditionAndDeletePod(namespace: string, name: string): Promise<void> {
    const pods = this.opts.client.resource(Pods).namespace(namespace);
    const pod = await pods.get(name);
    const conditions = ((pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []);
    const current = conditions.find((c) => c.type === 'DisruptionTarget');
    const wanted = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    if (!current || current.status !== wanted.status || (current as { reason?: string }).reason !== wanted.reason || (current as { message?: string }).message !== wanted.message) {
      const transition = current && current.status === wanted.status ? (current as { lastTransitionTime?: string }).lastTransitionTime : rfc3339(this.opts.clock.now());
      const condition = { type: wanted.type, status: wanted.status, lastProbeTime: null, lastTransitionTime: transition, reason: wanted.reason, message: wanted.message };
      // Conditions merge by type: the patch adds or replaces this one only.
      await pods.patch(name, PatchType.StrategicMerge, { status: { conditions: [condition] } }, { subresource: 'status' });
    }
    await pods.delete(name, {});
  }
}

function podReference(key: string): ObjectReference {
  const { namespace, name } = splitKey(key);
  return { kind: 'Pod', namespace, name, apiVersion: 'v1' };
}
