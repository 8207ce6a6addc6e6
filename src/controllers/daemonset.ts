/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node. A node is eligible when the
 * template's nodeName, nodeSelector and required node affinity allow it and its taints are tolerated (with the
 * tolerations every daemon pod gets). Pods are created with a `metadata.name In [node]` node affinity so the
 * default scheduler binds them; pods on nodes that stop qualifying are deleted, failed pods are replaced with
 * back-off. Template changes are recorded as ControllerRevisions and rolled out with RollingUpdate (maxUnavailable
 * or maxSurge) or left to OnDelete; the status counts desired, current, ready, updated, available and
 * misscheduled nodes.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound, StatusError } from '../api/errors.js';
import { labelSelectorAsSelector, type LabelSelector } from '../api/label-selector.js';
import { deepCopy, deepEqual, type KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { EventRecorder, referenceOf } from '../client/event-recorder.js';
import { podsByNodeName, splitKey, keyOf, type Informer, type InformerFactory } from '../client/informer.js';
import { ControllerRevisions, DaemonSets, Nodes, Pods } from '../client/resources.js';
import { runWorkers, WorkQueue } from '../client/work-queue.js';
import type { Timer, TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { Backoff } from './daemonset/backoff.js';
import { daemonSetKind, DaemonSetHistory } from './daemonset/history.js';
import { planRollingUpdate } from './daemonset/rolling-update.js';
import {
  allowsSurge,
  createPodTemplate,
  DaemonSetUniqueLabelKey,
  getTargetNodeName,
  getUnscheduledPodsWithoutNode,
  isPodUpdated,
  nodeShouldRunDaemonPod,
  podByCreationTimestampAndPhase,
  replaceDaemonSetPodNodeNameNodeAffinity,
  templateGenerationOrUndefined,
} from './daemonset/util.js';
import { isPodAvailable, isPodReady } from './util/active-pods.js';
import type { ControllerRevision } from './util/controller-history.js';
import { ControllerRefManager, getControllerOf, newControllerRef, recheckDeletionTimestamp } from './util/controller-ref.js';
import { ControllerExpectations } from './util/expectations.js';
import { NamespaceTerminatingCause, PodControl } from './util/pod-control.js';

export const DaemonSetControllerName = 'daemonset-controller';

export { daemonSetKind };

/** Events (daemon_controller.go). */
export const SelectingAllReason = 'SelectingAll';
export const FailedPlacementReason = 'FailedPlacement';
export const FailedDaemonPodReason = 'FailedDaemonPod';
export const SucceededDaemonPodReason = 'SucceededDaemonPod';

/** Creations and deletions per sync at most (BurstReplicas). */
export const BurstReplicas = 250;
/** The first create batch; each success doubles the next (SlowStartInitialBatchSize). */
const SlowStartInitialBatchSize = 1;
/** Status writes are retried once before the key is requeued (StatusUpdateRetries). */
const StatusUpdateRetries = 1;

export interface DaemonSetControllerConfig {
  /** --concurrent-daemonset-syncs. */
  workers: number;
  burstReplicas: number;
  /** The failed-pod back-off: 1 s doubling to 15 min, as kube-controller-manager's. */
  failedPodsBackoffInitialMs: number;
  failedPodsBackoffMaxMs: number;
  /** How often forgotten back-off entries are dropped (BackoffGCInterval). */
  backoffGCIntervalMs: number;
}

export const defaultDaemonSetControllerConfig: DaemonSetControllerConfig = {
  workers: 2,
  burstReplicas: BurstReplicas,
  failedPodsBackoffInitialMs: 1000,
  failedPodsBackoffMaxMs: 15 * 60 * 1000,
  backoffGCIntervalMs: 60_000,
};

export interface DaemonSetControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<DaemonSetControllerConfig>;
}

type DS = DaemonSet & KubeObject;
type DSStatus = NonNullable<DaemonSet['status']>;

export class DaemonSetsController {
  readonly name = DaemonSetControllerName;
  private readonly config: DaemonSetControllerConfig;
  private readonly events: EventRecorder;
  private readonly podControl: PodControl;
  private readonly expectations: ControllerExpectations;
  private readonly failedPodsBackoff: Backoff;
  private readonly dsInformer: Informer<DS>;
  private readonly historyInformer: Informer<ControllerRevision>;
  private readonly podInformer: Informer;
  private readonly nodeInformer: Informer;
  private readonly queue: WorkQueue<string>;
  private readonly history: DaemonSetHistory;
  private workers: Promise<void> | undefined;
  private gcTimer: Timer | undefined;
  private running = false;

  constructor(private readonly opts: DaemonSetControllerOptions) {
    this.config = { ...defaultDaemonSetControllerConfig, ...(opts.config ?? {}) };
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: DaemonSetControllerName, log: opts.log });
    this.podControl = new PodControl(opts.client, this.events);
    this.expectations = new ControllerExpectations(opts.clock);
    this.failedPodsBackoff = new Backoff(opts.clock, this.config.failedPodsBackoffInitialMs, this.config.failedPodsBackoffMaxMs);
    this.queue = new WorkQueue({ clock: opts.clock, name: 'daemonset' });
    this.dsInformer = opts.informers.forResource<DS>(DaemonSets);
    this.historyInformer = opts.informers.forResource<ControllerRevision>(ControllerRevisions);
    this.podInformer = podsByNodeName(opts.informers);
    this.nodeInformer = opts.informers.forResource(Nodes);
    this.history = new DaemonSetHistory({
      client: opts.client,
      revisions: this.historyInformer,
      log: opts.log,
      canAdopt: (ds) => this.canAdopt(ds),
      getDaemonPods: (ds) => this.getDaemonPods(ds),
      getNodesToDaemonPods: (ds, includeDeletedTerminal) => this.getNodesToDaemonPods(ds, includeDeletedTerminal),
    });

    this.dsInformer.addEventHandler({
      onAdd: (ds) => this.enqueue(ds),
      onUpdate: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.deleteDaemonset(old);
        this.enqueue(cur);
      },
      onDelete: (ds) => this.deleteDaemonset(ds),
    });
    this.historyInformer.addEventHandler({
      onAdd: (h) => this.addHistory(h),
      onUpdate: (o, h) => this.updateHistory(o, h),
      onDelete: (h) => this.deleteHistory(h),
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p as Pod & KubeObject),
      onUpdate: (o, p) => this.updatePod(o as Pod & KubeObject, p as Pod & KubeObject),
      onDelete: (p) => this.deletePod(p as Pod & KubeObject),
    });
    this.nodeInformer.addEventHandler({
      onAdd: (n) => this.addNode(n as Node & KubeObject),
      onUpdate: (o, n) => this.updateNode(o as Node & KubeObject, n as Node & KubeObject),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.log.info('Starting daemon sets controller');
    this.workers = runWorkers(this.queue, this.config.workers, (key) => this.syncDaemonSet(key), {
      onError: (key, err) => this.opts.log.error(`${String(key)} failed with : ${(err as Error).message ?? String(err)}`),
    });
    this.scheduleBackoffGC();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.gcTimer?.cancel();
    this.queue.shutDown();
    await this.workers;
    await this.events.flush();
    this.opts.log.info('Shutting down daemon sets controller');
  }

  /** Waits for pending event writes (tests). */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  private scheduleBackoffGC(): void {
    this.gcTimer = this.opts.clock.setTimeout(() => {
      if (!this.running) return;
      this.failedPodsBackoff.gc();
      this.scheduleBackoffGC();
    }, this.config.backoffGCIntervalMs);
  }

  // ---- event handlers: they only enqueue keys --------------------------------

  private enqueue(ds: KubeObject): void {
    this.queue.add(keyOf(ds));
  }

  private enqueueAfter(ds: KubeObject, ms: number): void {
    this.queue.addAfter(keyOf(ds), ms);
  }

  private deleteDaemonset(ds: KubeObject): void {
    const key = keyOf(ds);
    // A DaemonSet re-created under the same name starts with clean expectations.
    this.expectations.deleteExpectations(key);
    this.queue.add(key);
  }

  /** The DaemonSet a controller reference points to, if it still is that object (resolveControllerRef). */
  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): DS | undefined {
    if (ref.kind !== daemonSetKind.kind) return undefined;
    const ds = this.dsInformer.get(namespace, ref.name);
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  /** DaemonSets in the object's namespace whose selector matches its labels (GetPodDaemonSets / GetHistoryDaemonSets). */
  private daemonSetsSelecting(obj: KubeObject): DS[] {
    const out: DS[] = [];
    for (const ds of this.dsInformer.listByNamespace(obj.metadata.namespace ?? '')) {
      let selector: LabelSelector;
      try {
        selector = labelSelectorAsSelector(ds.spec?.selector);
      } catch {
        continue;
      }
      // An empty selector matches nothing here (the DaemonSet refuses to sync with it).
      if (selector.isEmpty() || !selector.matches(obj.metadata.labels)) continue;
      out.push(ds);
    }
    if (out.length > 1 && obj.kind === 'Pod') {
      this.opts.log.error(`user error! more than one daemon is selecting pods with labels: ${JSON.stringify(obj.metadata.labels ?? {})}`);
    }
    return out;
  }

  private addHistory(h: ControllerRevision): void {
    if (h.metadata.deletionTimestamp) return this.deleteHistory(h);
    const ref = getControllerOf(h);
    if (ref) {
      this.resolveControllerRef(h.metadata.namespace, ref);
      return;
    }
    for (const ds of this.daemonSetsSelecting(h)) this.enqueue(ds);
  }

  private updateHistory(old: ControllerRevision, cur: ControllerRevision): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const ds = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (ds) this.enqueue(ds);
    }
    if (curRef) {
      const ds = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (ds) this.enqueue(ds);
      return;
    }
    if (refChanged || !deepEqual(cur.metadata.labels, old.metadata.labels)) for (const ds of this.daemonSetsSelecting(cur)) this.enqueue(ds);
  }

  private deleteHistory(h: ControllerRevision): void {
    const ref = getControllerOf(h);
    if (!ref) return;
    const ds = this.resolveControllerRef(h.metadata.namespace, ref);
    if (ds) this.enqueue(ds);
  }

  private addPod(pod: Pod & KubeObject): void {
    // After a restart a pod may first show up already being deleted: that is no creation.
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = getControllerOf(pod);
    if (ref) {
      const ds = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (!ds) return;
      this.expectations.creationObserved(keyOf(ds));
      this.enqueue(ds);
      return;
    }
    // An orphan: whoever selects it may adopt it. No creation was expected for it.
    for (const ds of this.daemonSetsSelecting(pod)) this.enqueue(ds);
  }

  private updatePod(old: Pod & KubeObject, cur: Pod & KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    // A graceful deletion shows as an update: count it now so a replacement is made at once.
    if (cur.metadata.deletionTimestamp) return this.deletePod(cur);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const ds = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (ds) this.enqueue(ds);
    }
    if (curRef) {
      const ds = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!ds) return;
      this.enqueue(ds);
      const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
      // Once ready, it becomes available minReadySeconds later: look again then (plus a second against skew).
      if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) this.enqueueAfter(ds, minReadySeconds * 1000 + 1000);
      return;
    }
    const dss = this.daemonSetsSelecting(cur);
    if (refChanged || !deepEqual(cur.metadata.labels, old.metadata.labels)) for (const ds of dss) this.enqueue(ds);
  }

  private deletePod(pod: Pod & KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const ds = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!ds) return;
    this.expectations.deletionObserved(keyOf(ds));
    this.enqueue(ds);
  }

  private addNode(node: Node & KubeObject): void {
    for (const ds of this.dsInformer.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
  }

  private updateNode(old: Node & KubeObject, cur: Node & KubeObject): void {
    if (shouldIgnoreNodeUpdate(old, cur)) return;
    for (const ds of this.dsInformer.list()) {
      const o = nodeShouldRunDaemonPod(old, ds);
      const c = nodeShouldRunDaemonPod(cur, ds);
      if (o.shouldRun !== c.shouldRun || o.shouldContinueRunning !== c.shouldContinueRunning) this.enqueue(ds);
    }
  }

  // ---- sync ----------------------------------------------------------------

  /** syncDaemonSet: read top to bottom as upstream's. */
  async syncDaemonSet(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const ds = this.dsInformer.get(namespace, name);
    if (!ds) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const nodeList = this.nodeInformer.list() as Node[];
    if (deepEqual(ds.spec?.selector, {})) {
      this.events.event(referenceOf(ds), 'Warning', SelectingAllReason, 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    // History and status of a DaemonSet being deleted cannot be trusted: the garbage collector is at work.
    if (ds.metadata.deletionTimestamp) return;

    const { cur, old } = await this.history.constructHistory(ds);
    const hash = cur.metadata.labels?.[DaemonSetUniqueLabelKey] ?? '';

    if (!this.expectations.satisfiedExpectations(key)) {
      // Only the status: the last round's creations and deletions are not all seen yet.
      await this.updateDaemonSetStatus(ds, nodeList, hash, false);
      return;
    }
    let err: unknown;
    try {
      await this.updateDaemonSet(ds, nodeList, hash, key, old);
    } catch (e) {
      err = e;
    }
    try {
      await this.updateDaemonSetStatus(ds, nodeList, hash, true);
    } catch (statusErr) {
      if (err) this.opts.log.error('Failed to update status', { daemonSet: key, err: String(statusErr) });
      else throw statusErr;
    }
    if (err) throw err;
  }

  private async updateDaemonSet(ds: DS, nodeList: Node[], hash: string, key: string, old: ControllerRevision[]): Promise<void> {
    await this.manage(ds, nodeList, hash);
    // Roll out only once the manage loop's creations and deletions are observed.
    if (this.expectations.satisfiedExpectations(key) && ds.spec?.updateStrategy?.type === 'RollingUpdate') {
      await this.rollingUpdate(ds, nodeList, hash);
    }
    try {
      await this.history.cleanupHistory(ds, old);
    } catch (e) {
      throw new Error(`failed to clean up revisions of DaemonSet: ${(e as Error).message}`, { cause: e });
    }
  }

  // ---- pods per node -------------------------------------------------------

  /** getDaemonPods: the namespace's pods this DaemonSet owns, adopting matching orphans and releasing strays. */
  private async getDaemonPods(ds: DS): Promise<Pod[]> {
    const selector = labelSelectorAsSelector(ds.spec?.selector);
    const pods = this.podInformer.listByNamespace(ds.metadata.namespace ?? '');
    const cm = new ControllerRefManager({
      controller: ds,
      selector,
      controllerKind: daemonSetKind,
      canAdopt: this.canAdopt(ds),
      client: this.opts.client,
      resource: Pods,
    });
    return (await cm.claimObjects(pods)) as Pod[];
  }

  /** RecheckDeletionTimestamp with a fresh read that must still be the same DaemonSet. */
  private canAdopt(ds: DS): () => Promise<void> {
    return recheckDeletionTimestamp(async () => {
      const fresh = await this.opts.client.resource(DaemonSets).namespace(ds.metadata.namespace!).get(ds.metadata.name!);
      if (fresh.metadata.uid !== ds.metadata.uid) {
        throw new Error(`original DaemonSet ${ds.metadata.namespace}/${ds.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${ds.metadata.uid}`);
      }
      return fresh;
    });
  }

  /** getNodesToDaemonPods: claimed pods grouped by their target node; deleted terminal pods left out unless asked. */
  private async getNodesToDaemonPods(ds: DS, includeDeletedTerminal: boolean): Promise<Map<string, Pod[]>> {
    const claimed = await this.getDaemonPods(ds);
    const out = new Map<string, Pod[]>();
    for (const pod of claimed) {
      const terminal = pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
      if (!includeDeletedTerminal && terminal && pod.metadata?.deletionTimestamp) continue;
      let nodeName: string;
      try {
        nodeName = getTargetNodeName(pod);
      } catch {
        continue;
      }
      const list = out.get(nodeName);
      if (list) list.push(pod);
      else out.set(nodeName, [pod]);
    }
    return out;
  }

  /** podsShouldBeOnNode: whether node needs a pod, and which of its pods go. */
  private podsShouldBeOnNode(node: Node, nodeToDaemonPods: Map<string, Pod[]>, ds: DS, hash: string): { needsPod: boolean; podsToDelete: string[] } {
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const nodeName = node.metadata!.name!;
    const daemonPods = nodeToDaemonPods.get(nodeName);
    const podsToDelete: string[] = [];
    if (shouldRun && !daemonPods) return { needsPod: true, podsToDelete };
    if (shouldContinueRunning) {
      const running: Pod[] = [];
      for (const pod of daemonPods ?? []) {
        if (pod.metadata?.deletionTimestamp) continue;
        const podName = pod.metadata!.name!;
        if (pod.status?.phase === 'Failed') {
          // The kubelet may keep rejecting the pod: back off instead of replacing it in a hot loop.
          const backoffKey = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
          const now = this.opts.clock.now().getTime();
          if (this.failedPodsBackoff.isInBackOffSinceUpdate(backoffKey, now)) {
            this.enqueueAfter(ds, this.failedPodsBackoff.get(backoffKey));
            continue;
          }
          this.failedPodsBackoff.next(backoffKey, now);
          this.events.event(referenceOf(ds), 'Warning', FailedDaemonPodReason, `Found failed daemon pod ${pod.metadata!.namespace}/${podName} on node ${nodeName}, will try to kill it`);
          podsToDelete.push(podName);
        } else if (pod.status?.phase === 'Succeeded') {
          this.events.event(referenceOf(ds), 'Normal', SucceededDaemonPodReason, `Found succeeded daemon pod ${pod.metadata!.namespace}/${podName} on node ${nodeName}, will try to delete it`);
          podsToDelete.push(podName);
        } else running.push(pod);
      }
      if (!allowsSurge(ds)) {
        // One pod per node: keep the oldest.
        if (running.length > 1) {
          running.sort(podByCreationTimestampAndPhase);
          for (const p of running.slice(1)) podsToDelete.push(p.metadata!.name!);
        }
        return { needsPod: false, podsToDelete };
      }
      if (running.length <= 1) return { needsPod: running.length === 0 && shouldRun, podsToDelete };
      // Surging: keep the oldest new and the oldest old pod; the old one goes once it is not ready or the new one is available.
      running.sort(podByCreationTimestampAndPhase);
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const pod of running) {
        if (pod.metadata?.labels?.[DaemonSetUniqueLabelKey] === hash) {
          if (!oldestNew) {
            oldestNew = pod;
            continue;
          }
        } else if (!oldestOld) {
          oldestOld = pod;
          continue;
        }
        podsToDelete.push(pod.metadata!.name!);
      }
      if (oldestNew && oldestOld) {
        if (!isPodReady(oldestOld)) podsToDelete.push(oldestOld.metadata!.name!);
        else if (isPodAvailable(oldestNew, ds.spec?.minReadySeconds ?? 0, this.opts.clock.now())) podsToDelete.push(oldestOld.metadata!.name!);
      }
      return { needsPod: false, podsToDelete };
    }
    if (daemonPods) for (const pod of daemonPods) if (!pod.metadata?.deletionTimestamp) podsToDelete.push(pod.metadata!.name!);
    return { needsPod: false, podsToDelete };
  }

  /** manage: create pods on nodes that need one, delete those on nodes that must not run one. */
  private async manage(ds: DS, nodeList: Node[], hash: string): Promise<void> {
    let nodeToDaemonPods: Map<string, Pod[]>;
    try {
      nodeToDaemonPods = await this.getNodesToDaemonPods(ds, false);
    } catch (e) {
      throw new Error(`couldn't get node to daemon pod mapping for daemon set "${ds.metadata.name}": ${(e as Error).message}`, { cause: e });
    }
    const nodesNeedingDaemonPods: string[] = [];
    const podsToDelete: string[] = [];
    for (const node of nodeList) {
      const r = this.podsShouldBeOnNode(node, nodeToDaemonPods, ds, hash);
      if (r.needsPod) nodesNeedingDaemonPods.push(node.metadata!.name!);
      podsToDelete.push(...r.podsToDelete);
    }
    // Unscheduled pods aimed at vanished nodes would wait forever: the pod GC does not see them.
    podsToDelete.push(...getUnscheduledPodsWithoutNode(nodeList, nodeToDaemonPods));
    await this.syncNodes(ds, podsToDelete, nodesNeedingDaemonPods, hash);
  }

  /** syncNodes: deletes and creates, with expectations set first and creations in slow-start batches. */
  private async syncNodes(ds: DS, podsToDelete: string[], nodesNeedingDaemonPods: string[], hash: string): Promise<void> {
    const dsKey = keyOf(ds);
    const createDiff = Math.min(nodesNeedingDaemonPods.length, this.config.burstReplicas);
    const deleteDiff = Math.min(podsToDelete.length, this.config.burstReplicas);
    this.expectations.setExpectations(dsKey, createDiff, deleteDiff);
    const errors: unknown[] = [];
    const generation = templateGenerationOrUndefined(ds);
    const template = createPodTemplate(ds.spec!.template, generation, hash);
    const ref = newControllerRef(ds, daemonSetKind);
    const namespace = ds.metadata.namespace!;

    let batchSize = Math.min(createDiff, SlowStartInitialBatchSize);
    for (let pos = 0; createDiff > pos; ) {
      const errorCount = errors.length;
      await Promise.all(
        nodesNeedingDaemonPods.slice(pos, pos + batchSize).map(async (nodeName) => {
          const podTemplate = deepCopy(template);
          podTemplate.spec!.affinity = replaceDaemonSetPodNodeNameNodeAffinity(podTemplate.spec!.affinity, nodeName);
          try {
            await this.podControl.createPods(namespace, podTemplate, ds, ref);
          } catch (err) {
            // A terminating namespace refuses every create: nothing to retry.
            if (err instanceof StatusError && err.status.details?.causes?.some((c) => c.reason === NamespaceTerminatingCause)) return;
            this.expectations.creationObserved(dsKey);
            errors.push(err);
            this.opts.log.error(String((err as Error).message ?? err));
          }
        }),
      );
      const skippedPods = createDiff - (batchSize + pos);
      if (errorCount < errors.length && skippedPods > 0) {
        // Slow start stopped at a failure: the skipped pods are not expected; the next sync retries.
        this.expectations.lowerExpectations(dsKey, skippedPods, 0);
        break;
      }
      pos += batchSize;
      batchSize = Math.min(2 * batchSize, createDiff - pos);
    }

    await Promise.all(
      podsToDelete.slice(0, deleteDiff).map(async (podName) => {
        try {
          await this.podControl.deletePod(namespace, podName, ds);
        } catch (err) {
          this.expectations.deletionObserved(dsKey);
          if (!isNotFound(err)) errors.push(err);
        }
      }),
    );
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new Error(`[${errors.map((e) => (e as Error).message).join(', ')}]`);
  }

  private async rollingUpdate(ds: DS, nodeList: Node[], hash: string): Promise<void> {
    let nodeToDaemonPods: Map<string, Pod[]>;
    try {
      nodeToDaemonPods = await this.getNodesToDaemonPods(ds, false);
    } catch (e) {
      throw new Error(`couldn't get node to daemon pod mapping for daemon set "${ds.metadata.name}": ${(e as Error).message}`, { cause: e });
    }
    let plan;
    try {
      plan = planRollingUpdate(ds, nodeList, nodeToDaemonPods, hash, this.opts.clock.now());
    } catch (e) {
      throw new Error(`couldn't get unavailable numbers: ${(e as Error).message}`, { cause: e });
    }
    await this.syncNodes(ds, plan.podsToDelete, plan.nodesToCreate, hash);
  }

  // ---- status --------------------------------------------------------------

  private async updateDaemonSetStatus(ds: DS, nodeList: Node[], hash: string, updateObservedGen: boolean): Promise<void> {
    let nodeToDaemonPods: Map<string, Pod[]>;
    try {
      nodeToDaemonPods = await this.getNodesToDaemonPods(ds, false);
    } catch (e) {
      throw new Error(`couldn't get node to daemon pod mapping for daemon set "${ds.metadata.name}": ${(e as Error).message}`, { cause: e });
    }
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    let available = 0;
    const now = this.opts.clock.now();
    const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
    const generation = templateGenerationOrUndefined(ds);
    for (const node of nodeList) {
      const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
      const pods = nodeToDaemonPods.get(node.metadata!.name!) ?? [];
      const scheduled = pods.length > 0;
      if (shouldRun) {
        desired++;
        if (!scheduled) continue;
        current++;
        // The oldest pod speaks for the node.
        const pod = [...pods].sort(podByCreationTimestampAndPhase)[0]!;
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReadySeconds, now)) available++;
        }
        if (isPodUpdated(pod, hash, generation)) updated++;
      } else if (scheduled) misscheduled++;
    }
    const unavailable = desired - available;
    try {
      await this.storeDaemonSetStatus(ds, { desired, current, misscheduled, ready, updated, available, unavailable }, updateObservedGen);
    } catch (e) {
      throw new Error(`error storing status for daemon set ${ds.metadata.namespace}/${ds.metadata.name}: ${(e as Error).message}`, { cause: e });
    }
    // A last look after minReadySeconds, against clock skew.
    if (minReadySeconds > 0 && ready !== available) this.enqueueAfter(ds, minReadySeconds * 1000);
  }

  private async storeDaemonSetStatus(
    ds: DS,
    n: { desired: number; current: number; misscheduled: number; ready: number; updated: number; available: number; unavailable: number },
    updateObservedGen: boolean,
  ): Promise<void> {
    const s = ds.status ?? ({} as DSStatus);
    if (
      (s.desiredNumberScheduled ?? 0) === n.desired &&
      (s.currentNumberScheduled ?? 0) === n.current &&
      (s.numberMisscheduled ?? 0) === n.misscheduled &&
      (s.numberReady ?? 0) === n.ready &&
      (s.updatedNumberScheduled ?? 0) === n.updated &&
      (s.numberAvailable ?? 0) === n.available &&
      (s.numberUnavailable ?? 0) === n.unavailable &&
      (s.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0)
    ) {
      return;
    }
    const ops = this.opts.client.resource(DaemonSets).namespace(ds.metadata.namespace!);
    let toUpdate = deepCopy(ds) as DS;
    let updateErr: unknown;
    for (let i = 0; ; i++) {
      const prev = toUpdate.status ?? ({} as DSStatus);
      const observedGeneration = updateObservedGen ? ds.metadata.generation ?? 0 : (prev.observedGeneration ?? 0);
      // Go's field order and omitempty: the four scheduling counts are always written, the rest only when set.
      const status: Record<string, unknown> = {
        currentNumberScheduled: n.current,
        numberMisscheduled: n.misscheduled,
        desiredNumberScheduled: n.desired,
        numberReady: n.ready,
      };
      if (observedGeneration) status.observedGeneration = observedGeneration;
      if (n.updated) status.updatedNumberScheduled = n.updated;
      if (n.available) status.numberAvailable = n.available;
      if (n.unavailable) status.numberUnavailable = n.unavailable;
      if (prev.collisionCount !== undefined && prev.collisionCount !== null) status.collisionCount = prev.collisionCount;
      if (prev.conditions?.length) status.conditions = prev.conditions;
      (toUpdate as KubeObject).status = status;
      try {
        await ops.updateStatus(toUpdate);
        return;
      } catch (e) {
        updateErr = e;
      }
      if (i >= StatusUpdateRetries) break;
      toUpdate = (await ops.get(ds.metadata.name!)) as DS;
    }
    throw updateErr;
  }

}


/** nodeInSameCondition: the same set of condition types is True on both. */
function nodeInSameCondition(old: Array<{ type: string; status: string }> = [], cur: Array<{ type: string; status: string }> = []): boolean {
  if (old.length === 0 && cur.length === 0) return true;
  const trues = new Set(old.filter((c) => c.status === 'True').map((c) => c.type));
  for (const c of cur) {
    if (c.status !== 'True') continue;
    if (!trues.has(c.type)) return false;
    trues.delete(c.type);
  }
  return trues.size === 0;
}

/** shouldIgnoreNodeUpdate: only heartbeats changed (same True conditions, nothing else but the resourceVersion). */
export function shouldIgnoreNodeUpdate(oldNode: Node & KubeObject, curNode: Node & KubeObject): boolean {
  if (!nodeInSameCondition(oldNode.status?.conditions, curNode.status?.conditions)) return false;
  const o = deepCopy(oldNode);
  o.metadata.resourceVersion = curNode.metadata.resourceVersion;
  if (o.status || curNode.status) {
    const status: Record<string, unknown> = { ...(o.status ?? {}), conditions: curNode.status?.conditions };
    if (curNode.status?.conditions === undefined) delete status.conditions;
    (o as KubeObject).status = status;
  }
  return deepEqual(o, curNode);
}
