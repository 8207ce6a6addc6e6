/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set.go): pods `<set>-<ordinal>` with stable
 * hostnames under the headless service (`web-0.nginx`), a PersistentVolumeClaim per claim template and ordinal
 * kept across restarts and scale-downs, ordered (OrderedReady) or parallel creation and deletion, and rolling
 * updates with a partition. Event handlers only enqueue keys; sync claims the set's pods and hands them to the
 * update loop in statefulset/stateful-set-control.ts.
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, type LabelSelector } from '../api/label-selector.js';
import { deepEqual, type KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { keyOf, podsByNodeName, splitKey, type Informer, type InformerFactory } from '../client/informer.js';
import { ControllerRevisions, PersistentVolumeClaims, Pods, StatefulSets } from '../client/resources.js';
import { runWorkers, WorkQueue } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { StatefulPodControl } from './statefulset/stateful-pod-control.js';
import { StatefulSetControl } from './statefulset/stateful-set-control.js';
import { isMemberOf, statefulSetKind } from './statefulset/utils.js';
import { isPodReady } from './util/active-pods.js';
import { History, type ControllerRevision } from './util/controller-history.js';
import { ControllerRefManager, getControllerOf, recheckDeletionTimestamp } from './util/controller-ref.js';

export const StatefulSetControllerName = 'statefulset-controller';

export interface StatefulSetControllerConfig {
  /** --concurrent-statefulset-syncs. */
  workers: number;
}

export const defaultStatefulSetControllerConfig: StatefulSetControllerConfig = { workers: 5 };

export interface StatefulSetControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<StatefulSetControllerConfig>;
}

type Set = StatefulSet & KubeObject;

export class StatefulSetController {
  readonly name = StatefulSetControllerName;
  private readonly config: StatefulSetControllerConfig;
  private readonly events: EventRecorder;
  private readonly setInformer: Informer<Set>;
  private readonly podInformer: Informer;
  private readonly control: StatefulSetControl;
  private readonly queue: WorkQueue<string>;
  private workers: Promise<void> | undefined;
  private running = false;

  constructor(private readonly opts: StatefulSetControllerOptions) {
    this.config = { ...defaultStatefulSetControllerConfig, ...(opts.config ?? {}) };
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: StatefulSetControllerName, log: opts.log });
    this.setInformer = opts.informers.forResource<Set>(StatefulSets);
    this.podInformer = podsByNodeName(opts.informers);
    const pvcInformer = opts.informers.forResource(PersistentVolumeClaims);
    const revInformer = opts.informers.forResource(ControllerRevisions);
    this.control = new StatefulSetControl(
      opts.client,
      new StatefulPodControl(opts.client, this.podInformer, pvcInformer, this.events),
      new History(opts.client, revInformer),
      this.setInformer as unknown as Informer,
      opts.clock,
      opts.log,
    );
    this.queue = new WorkQueue({ clock: opts.clock, name: 'statefulset' });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p as Pod & KubeObject),
      onUpdate: (o, p) => this.updatePod(o as Pod & KubeObject, p as Pod & KubeObject),
      onDelete: (p) => this.deletePod(p as Pod & KubeObject),
    });
    this.setInformer.addEventHandler({
      onAdd: (s) => this.enqueue(s),
      onUpdate: (_o, s) => this.enqueue(s),
      onDelete: (s) => this.enqueue(s),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.log.info('Starting stateful set controller');
    this.workers = runWorkers(this.queue, this.config.workers, (key) => this.sync(key), {
      onError: (key, err) => this.opts.log.error(`error syncing StatefulSet ${String(key)}, requeuing: ${(err as Error).message ?? String(err)}`),
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.queue.shutDown();
    await this.workers;
    await this.events.flush();
    this.opts.log.info('Shutting down statefulset controller');
  }

  /** Waits for pending event writes (tests). */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  // ---- event handlers --------------------------------------------------------

  private enqueue(set: KubeObject): void {
    this.queue.add(keyOf(set));
  }

  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): Set | undefined {
    if (ref.kind !== statefulSetKind.kind) return undefined;
    const set = this.setInformer.get(namespace, ref.name);
    return set && set.metadata.uid === ref.uid ? set : undefined;
  }

  /** GetPodStatefulSets: the sets of the pod's namespace whose selector matches it. */
  private setsSelecting(pod: KubeObject): Set[] {
    const out: Set[] = [];
    for (const set of this.setInformer.listByNamespace(pod.metadata.namespace ?? '')) {
      let selector: LabelSelector;
      try {
        selector = labelSelectorAsSelector(set.spec?.selector);
      } catch {
        continue;
      }
      if (selector.isEmpty() || !selector.matches(pod.metadata.labels)) continue;
      out.push(set);
    }
    if (out.length > 1) {
      this.opts.log.error(
        `user error: more than one StatefulSet is selecting pods with labels: ${JSON.stringify(pod.metadata.labels ?? {})}. Sets: [${out.map((s) => s.metadata.name).join(' ')}]`,
      );
    }
    return out;
  }

  private addPod(pod: Pod & KubeObject): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    const ref = getControllerOf(pod);
    if (ref) {
      const set = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (set) this.enqueue(set);
      return;
    }
    for (const set of this.setsSelecting(pod)) this.enqueue(set);
  }

  private updatePod(old: Pod & KubeObject, cur: Pod & KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelChanged = !deepEqual(cur.metadata.labels, old.metadata.labels);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const set = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (set) this.enqueue(set);
    }
    if (curRef) {
      const set = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!set) return;
      this.enqueue(set);
      const minReadySeconds = set.spec?.minReadySeconds ?? 0;
      // Available minReadySeconds after it became ready: look again then (plus a second against skew).
      if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) this.queue.addAfter(keyOf(set), minReadySeconds * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const set of this.setsSelecting(cur)) this.enqueue(set);
  }

  private deletePod(pod: Pod & KubeObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const set = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (set) this.enqueue(set);
  }

  // ---- sync ------------------------------------------------------------------

  /** sync: get, adopt orphan revisions, claim pods, run the update loop, look again for availability. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const set = this.setInformer.get(namespace, name);
    if (!set) {
      this.opts.log.info('StatefulSet has been deleted', { key });
      return;
    }
    let selector: LabelSelector;
    try {
      selector = labelSelectorAsSelector(set.spec?.selector);
    } catch (err) {
      // A bad selector does not heal by retrying.
      this.opts.log.error(`error converting StatefulSet ${key} selector: ${(err as Error).message}`);
      return;
    }
    await this.adoptOrphanRevisions(set);
    const pods = await this.getPodsForStatefulSet(set, selector);
    const status = await this.control.updateStatefulSet(set, pods);
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    if (status && minReadySeconds > 0 && status.availableReplicas !== (set.spec?.replicas ?? 1)) {
      this.queue.addAfter(key, minReadySeconds * 1000);
    }
  }

  private canAdopt(set: Set): () => Promise<void> {
    return recheckDeletionTimestamp(async () => {
      const fresh = await this.opts.client.resource(StatefulSets).namespace(set.metadata.namespace!).get(set.metadata.name!);
      if (fresh.metadata.uid !== set.metadata.uid) {
        throw new Error(`original StatefulSet ${set.metadata.namespace}/${set.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${set.metadata.uid}`);
      }
      return fresh;
    });
  }

  /** getPodsForStatefulSet: the set's pods by name and selector, adopting orphans and releasing strays. */
  private async getPodsForStatefulSet(set: Set, selector: LabelSelector): Promise<Pod[]> {
    const pods = this.podInformer.listByNamespace(set.metadata.namespace ?? '');
    const cm = new ControllerRefManager({
      controller: set,
      selector,
      controllerKind: statefulSetKind,
      canAdopt: this.canAdopt(set),
      client: this.opts.client,
      resource: Pods,
    });
    return (await cm.claimObjects(pods, [(p) => isMemberOf(set, p as Pod)])) as Pod[];
  }

  private async adoptOrphanRevisions(set: Set): Promise<void> {
    const revisions = this.control.listRevisions(set);
    const orphans: ControllerRevision[] = revisions.filter((r) => !getControllerOf(r));
    if (orphans.length === 0) return;
    try {
      await this.canAdopt(set)();
    } catch (err) {
      throw new Error(`can't adopt ControllerRevisions: ${(err as Error).message}`, { cause: err });
    }
    await this.control.adoptOrphanRevisions(set, orphans);
  }
}
