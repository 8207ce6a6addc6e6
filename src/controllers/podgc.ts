/**
 * The pod garbage collector (pkg/controller/podgc): every 20 s it force-deletes pods no kubelet will ever clean up:
 * terminated pods above --terminated-pod-gc-threshold (evicted and oldest first), terminating pods on NotReady nodes
 * tainted node.kubernetes.io/out-of-service, pods bound to a node that is gone (after a 40 s quarantine and a fresh
 * read of the node), and terminating pods that were never scheduled. A pod not yet terminal is first marked Failed
 * (with the DisruptionTarget condition for an orphan), so its controller counts it as failed, as upstream does.
 */
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import type { Client } from '../client/client.js';
import type { Informer, InformerFactory } from '../client/informer.js';
import { Nodes, Pods } from '../client/resources.js';
import { WorkQueue } from '../client/work-queue.js';
import { rfc3339, type Timer, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const PodGCControllerName = 'pod-garbage-collector-controller';

export interface PodGCConfig {
  /** --terminated-pod-gc-threshold: terminated pods kept before the oldest are deleted (0 or less: never). */
  terminatedPodGCThreshold: number;
  /** How often the collector runs (upstream's gcCheckPeriod). */
  gcCheckPeriodMs: number;
  /** How long a missing node may take to show up before its pods are orphans (upstream's quarantineTime). */
  quarantineMs: number;
}

export const defaultPodGCConfig: PodGCConfig = { terminatedPodGCThreshold: 12500, gcCheckPeriodMs: 20_000, quarantineMs: 40_000 };

export interface PodGCOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<PodGCConfig>;
}

/** The taint a cluster admin puts on a node that is shut down for good, so its pods and volumes can move. */
export const TaintNodeOutOfService = 'node.kubernetes.io/out-of-service';

const isPodTerminated = (pod: Pod) => !['Pending', 'Running', 'Unknown'].includes(pod.status?.phase ?? 'Pending');
const isPodEvicted = (pod: Pod) => pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
const isNodeReady = (node: Node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const podRef = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

/** byEvictionAndCreationTimestamp: evicted pods first, then the oldest, then by name. */
export function byEvictionAndCreationTimestamp(a: Pod, b: Pod): number {
  const ea = isPodEvicted(a);
  const eb = isPodEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export class PodGCController {
  readonly name = PodGCControllerName;
  private readonly config: PodGCConfig;
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  /** Names of nodes that pods name but the cache does not have, each ready once its quarantine is over. */
  private readonly nodeQueue: WorkQueue<string>;
  private timer: Timer | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: PodGCOptions) {
    this.config = { ...defaultPodGCConfig, ...opts.config };
    this.pods = opts.informers.forResource(Pods);
    this.nodes = opts.informers.forResource(Nodes);
    this.nodeQueue = new WorkQueue({ clock: opts.clock, name: 'orphaned_pods_nodes' });
  }

  start(): void {
    this.opts.log.info('Starting controller', { controller: this.name });
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.nodeQueue.shutDown();
    await this.running;
    this.opts.log.info('Shutting down controller', { controller: this.name });
  }

  /** wait.Until: one run, then the next a period after it ends. */
  private schedule(ms: number): void {
    this.timer = this.opts.clock.setTimeout(() => {
      this.running = this.gc()
        .catch((err) => this.opts.log.error('Pod garbage collection failed', { err: String(err) }))
        .finally(() => {
          if (!this.stopped) this.schedule(this.config.gcCheckPeriodMs);
        });
    }, ms);
  }

  /** One pass of the four collections, in upstream's order. */
  async gc(): Promise<void> {
    const pods = this.pods.list() as unknown as Pod[];
    const nodes = this.nodes.list() as unknown as Node[];
    if (this.config.terminatedPodGCThreshold > 0) await this.gcTerminated(pods);
    await this.gcTerminating(pods);
    await this.gcOrphaned(pods, nodes);
    await this.gcUnscheduledTerminating(pods);
  }

  private async gcTerminated(pods: Pod[]): Promise<void> {
    const terminated = pods.filter(isPodTerminated);
    const deleteCount = terminated.length - this.config.terminatedPodGCThreshold;
    if (deleteCount <= 0) return;
    this.opts.log.info('Garbage collecting pods', { numPods: deleteCount });
    terminated.sort(byEvictionAndCreationTimestamp);
    await this.each(terminated.slice(0, deleteCount), (pod) => this.markFailedAndDeletePod(pod));
  }

  /** Terminating pods on a NotReady node an admin tainted out-of-service: their kubelet will not finish them. */
  private async gcTerminating(pods: Pod[]): Promise<void> {
    const terminating: Pod[] = [];
    for (const pod of pods) {
      if (!pod.metadata?.deletionTimestamp) continue;
      const node = this.nodes.get('', pod.spec?.nodeName ?? '') as unknown as Node | undefined;
      if (!node) {
        this.opts.log.error('Failed to get node', { node: pod.spec?.nodeName ?? '', err: `node "${pod.spec?.nodeName ?? ''}" not found` });
        continue;
      }
      if (!isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === TaintNodeOutOfService)) terminating.push(pod);
    }
    if (!terminating.length) return;
    terminating.sort(byEvictionAndCreationTimestamp);
    await this.each(terminating, (pod) => this.markFailedAndDeletePod(pod));
  }

  private async gcOrphaned(pods: Pod[], nodes: Node[]): Promise<void> {
    const existing = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    for (const pod of pods) {
      const node = pod.spec?.nodeName;
      if (node && !existing.has(node)) this.nodeQueue.addAfter(node, this.config.quarantineMs);
    }
    const deleted = await this.discoverDeletedNodes(existing);
    for (const pod of pods) {
      if (!deleted.has(pod.spec?.nodeName ?? '')) continue;
      this.opts.log.info('Found orphaned Pod assigned to the Node, deleting', { pod: podRef(pod), node: pod.spec?.nodeName });
      const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
      try {
        await this.markFailedAndDeletePod(pod, condition);
        this.opts.log.info('Forced deletion of orphaned Pod succeeded', { pod: podRef(pod) });
      } catch (err) {
        this.opts.log.error('Failed to delete orphaned pod', { pod: podRef(pod), err: String(err) });
      }
    }
  }

  /** The quarantined node names whose time is up and that a fresh read confirms are gone. */
  private async discoverDeletedNodes(existing: Set<string>): Promise<Set<string>> {
    const deleted = new Set<string>();
    while (this.nodeQueue.len() > 0) {
      const { item, shutdown } = await this.nodeQueue.get();
      if (shutdown || item === undefined) return deleted;
      try {
        if (!existing.has(item)) {
          await this.opts.client.resource(Nodes).get(item);
        }
      } catch (err) {
        if (isNotFound(err)) deleted.add(item);
        // Another error: the node comes back to the queue on a later pass if its pods still name it.
        else this.opts.log.error('Error while getting node', { node: item, err: String(err) });
      } finally {
        this.nodeQueue.done(item);
      }
    }
    return deleted;
  }

  /** Terminating pods that never reached a node: no kubelet will finish them. */
  private async gcUnscheduledTerminating(pods: Pod[]): Promise<void> {
    for (const pod of pods) {
      if (!pod.metadata?.deletionTimestamp || pod.spec?.nodeName) continue;
      this.opts.log.info('Found unscheduled terminating Pod not assigned to any Node, deleting', { pod: podRef(pod) });
      try {
        await this.markFailedAndDeletePod(pod);
        this.opts.log.info('Forced deletion of unscheduled terminating Pod succeeded', { pod: podRef(pod) });
      } catch (err) {
        this.opts.log.error('Failed to delete unscheduled terminating pod', { pod: podRef(pod), err: String(err) });
      }
    }
  }

  /** Runs the deletions side by side (upstream's goroutines); a NotFound is ignored, other errors are logged. */
  private async each(pods: Pod[], del: (pod: Pod) => Promise<void>): Promise<void> {
    await Promise.all(
      pods.map((pod) => del(pod).catch((err) => isNotFound(err) || this.opts.log.error('Failed to delete pod', { pod: podRef(pod), err: String(err) }))),
    );
  }

  /** The pod goes to Failed first (an orphan's phase would stay Running forever), then is deleted with no grace. */
  private async markFailedAndDeletePod(pod: Pod, condition?: PodCondition): Promise<void> {
    this.opts.log.info('PodGC is force deleting Pod', { pod: podRef(pod) });
    const ops = this.opts.client.resource(Pods).namespace(pod.metadata?.namespace ?? 'default');
    const name = pod.metadata?.name ?? '';
    if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
      const status: Record<string, unknown> = { phase: 'Failed' };
      if (condition) {
        const old = pod.status?.conditions?.find((c) => c.type === condition.type);
        const lastTransitionTime = old && old.status === condition.status ? old.lastTransitionTime : rfc3339(this.opts.clock.now());
        status.conditions = [{ ...condition, lastTransitionTime }];
      }
      // utilpod.PatchPodStatus: a strategic merge patch of the status, with the pod's UID as a precondition.
      await ops.patch(name, PatchType.StrategicMerge, { metadata: { uid: pod.metadata?.uid }, status }, { subresource: 'status' });
    }
    await ops.delete(name, { gracePeriodSeconds: 0 });
  }
}
