/**
 * The deployment controller (pkg/controller/deployment/deployment_controller.go): a Deployment owns ReplicaSets
 * named `<deployment>-<pod-template-hash>`, one per pod template it has had; a template change creates a new one
 * and the strategy (RollingUpdate within maxSurge/maxUnavailable, or Recreate) moves replicas over to it. Event
 * handlers only enqueue Deployment keys; syncDeployment reads top to bottom: get, claim ReplicaSets, then pause,
 * rollback, scale or roll out. The steps live in ./deployment/ as upstream's sync.go, rolling.go, recreate.go,
 * progress.go and rollback.go.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { hasStatusCause } from '../api/errors.js';
import { NamespaceTerminatingCause } from './util/pod-control.js';
import { labelSelectorAsSelector, labelSelectorMatches, type LabelSelector } from '../api/label-selector.js';
import { deepCopy, deepEqual, type KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { keyOf, splitKey, type Informer, type InformerFactory } from '../client/informer.js';
import { Deployments, Pods, ReplicaSets } from '../client/resources.js';
import { WorkQueue } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { ControllerRefManager, getControllerOf, recheckDeletionTimestamp } from './util/controller-ref.js';
import { rolloutRecreate, type PodMap } from './deployment/recreate.js';
import { getRollbackTo, rollback } from './deployment/rollback.js';
import { rolloutRolling } from './deployment/rolling.js';
import { checkPausedConditions, DeploymentKind, event, isScalingEvent, sync, syncStatusOnly, type SyncContext } from './deployment/sync.js';
import type { DeploymentObject, ReplicaSetObject } from './deployment/util.js';

export const DeploymentControllerName = 'deployment-controller';

/** A Deployment's sync is retried this many times before the error is dropped (until the next change). */
const maxRetries = 15;

export interface DeploymentControllerConfig {
  /** --concurrent-deployment-syncs. */
  workers: number;
}

export const defaultDeploymentControllerConfig: DeploymentControllerConfig = { workers: 5 };

export interface DeploymentControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<DeploymentControllerConfig>;
}

export class DeploymentController {
  readonly name = DeploymentControllerName;
  private readonly config: DeploymentControllerConfig;
  private readonly events: EventRecorder;
  private readonly deployments: Informer<DeploymentObject>;
  private readonly replicaSets: Informer<ReplicaSetObject>;
  private readonly pods: Informer<KubeObject>;
  readonly queue: WorkQueue<string>;
  private readonly ctx: SyncContext;
  private workers: Promise<unknown> | undefined;
  private running = false;

  constructor(private readonly opts: DeploymentControllerOptions) {
    this.config = { ...defaultDeploymentControllerConfig, ...(opts.config ?? {}) };
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: DeploymentControllerName, log: opts.log });
    this.deployments = opts.informers.forResource<DeploymentObject>(Deployments);
    this.replicaSets = opts.informers.forResource<ReplicaSetObject>(ReplicaSets);
    this.pods = opts.informers.forResource(Pods);
    this.queue = new WorkQueue({ clock: opts.clock, name: 'deployment' });
    this.ctx = {
      client: opts.client,
      events: this.events,
      log: opts.log,
      now: () => opts.clock.now(),
      getCachedReplicaSet: (ns, name) => this.replicaSets.get(ns, name),
      enqueueAfter: (d, ms) => this.queue.addAfter(keyOf(d), ms),
      enqueueRateLimited: (d) => this.queue.addRateLimited(keyOf(d)),
    };
    this.deployments.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(d),
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, rs) => this.updateReplicaSet(old, rs),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    this.pods.addEventHandler({ onDelete: (p) => this.deletePod(p as Pod & KubeObject) });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.log.info('Starting controller', { controller: 'deployment' });
    this.workers = Promise.all(Array.from({ length: this.config.workers }, () => this.worker()));
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.queue.shutDown();
    await this.workers;
    await this.events.flush();
  }

  /** Waits for pending event writes (tests). */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  private enqueue(d: KubeObject): void {
    this.queue.add(keyOf(d));
  }

  /** processNextWorkItem with handleErr: errors are retried with back-off up to maxRetries. */
  private async worker(): Promise<void> {
    for (;;) {
      const next = await this.queue.get();
      if (next.shutdown) return;
      const key = next.item;
      try {
        await this.syncDeployment(key);
        this.queue.forget(key);
      } catch (err) {
        if (this.queue.numRequeues(key) < maxRetries && !hasStatusCause(err, NamespaceTerminatingCause)) {
          this.opts.log.info('Error syncing deployment', { deployment: key, err: String((err as Error).message ?? err) });
          this.queue.addRateLimited(key);
        } else {
          this.opts.log.error('Dropping deployment out of the queue', { deployment: key, err: String((err as Error).message ?? err) });
          this.queue.forget(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }

  // ---- event handlers ---------------------------------------------------------------

  /** An owned ReplicaSet wakes its Deployment; an orphan wakes every Deployment that might adopt it. */
  private addReplicaSet(rs: ReplicaSetObject): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = getControllerOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace!, ref);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.getDeploymentsForReplicaSet(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSetObject, cur: ReplicaSetObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !deepEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace!, oldRef);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace!, curRef);
      if (d) this.enqueue(d);
      return;
    }
    if (refChanged || !deepEqual(cur.metadata.labels, old.metadata.labels)) {
      for (const d of this.getDeploymentsForReplicaSet(cur)) this.enqueue(d);
    }
  }

  private deleteReplicaSet(rs: ReplicaSetObject): void {
    const ref = getControllerOf(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace!, ref);
    if (d) this.enqueue(d);
  }

  /** A Recreate Deployment waits for its old pods to be gone: the last one's deletion wakes it. */
  private deletePod(pod: Pod & KubeObject): void {
    const d = this.getDeploymentForPod(pod);
    if (!d || d.spec.strategy?.type !== 'Recreate') return;
    const rsList = this.replicaSets.listByNamespace(d.metadata.namespace!).filter((rs) => getControllerOf(rs)?.uid === d.metadata.uid);
    let numPods = 0;
    for (const pods of this.getPodMapForDeployment(d, rsList).values()) numPods += pods.length;
    if (numPods === 0) this.enqueue(d);
  }

  private getDeploymentForPod(pod: KubeObject): DeploymentObject | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.replicaSets.get(pod.metadata.namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const dRef = getControllerOf(rs);
    return dRef ? this.resolveControllerRef(rs.metadata.namespace!, dRef) : undefined;
  }

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }): DeploymentObject | undefined {
    if (ref.kind !== DeploymentKind.kind) return undefined;
    const d = this.deployments.get(namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** GetDeploymentsForReplicaSet: Deployments of the namespace whose (non-empty) selector matches the labels. */
  private getDeploymentsForReplicaSet(rs: ReplicaSetObject): DeploymentObject[] {
    const labels = rs.metadata.labels ?? {};
    if (!Object.keys(labels).length) return [];
    return this.deployments.listByNamespace(rs.metadata.namespace!).filter((d) => {
      const sel = d.spec?.selector;
      if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) return false;
      return labelSelectorMatches(sel, labels);
    });
  }

  // ---- sync ----------------------------------------------------------------------------

  /** syncDeployment: one Deployment, from the cache, to its desired state. */
  async syncDeployment(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.deployments.get(namespace, name);
    if (!cached) return;
    const d = deepCopy(cached);

    // An empty selector would select every pod of the namespace: refuse it, once per generation.
    const sel = d.spec.selector;
    if (sel && !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) {
      event(this.ctx, d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        await this.opts.client.resource(Deployments).namespace(namespace).updateStatus(d);
      }
      return;
    }

    const rsList = await this.getReplicaSetsForDeployment(d);
    // The pod map is only needed by Recreate, to know that every old pod is gone: built (at the same point) only for it,
    // as listing every pod of the namespace on each sync is most of a sync's cost with thousands of pods.
    const podMap: PodMap = d.spec.strategy?.type === 'Recreate' ? this.getPodMapForDeployment(d, rsList) : new Map();

    if (d.metadata.deletionTimestamp) return syncStatusOnly(this.ctx, d, rsList);

    // Paused (or resumed) before anything else, so the paused time never counts against the progress deadline.
    await checkPausedConditions(this.ctx, d);
    if (d.spec.paused) return sync(this.ctx, d, rsList);

    // A rollback is not re-entrant: the Deployment is updated and the rollout follows on the next sync.
    if (getRollbackTo(d) !== undefined) return rollback(this.ctx, d, rsList);

    if (await isScalingEvent(this.ctx, d, rsList)) return sync(this.ctx, d, rsList);

    switch (d.spec.strategy?.type ?? 'RollingUpdate') {
      case 'Recreate':
        return rolloutRecreate(this.ctx, d, rsList, podMap);
      case 'RollingUpdate':
        return rolloutRolling(this.ctx, d, rsList);
    }
    throw new Error(`unexpected deployment strategy type: ${d.spec.strategy?.type}`);
  }

  /** getReplicaSetsForDeployment: the namespace's ReplicaSets this Deployment owns, adopting and releasing by selector. */
  private async getReplicaSetsForDeployment(d: DeploymentObject): Promise<ReplicaSetObject[]> {
    const rsList = this.replicaSets.listByNamespace(d.metadata.namespace!);
    let selector: LabelSelector;
    try {
      selector = labelSelectorAsSelector(d.spec.selector);
    } catch (err) {
      throw new Error(`deployment ${d.metadata.namespace}/${d.metadata.name} has invalid label selector: ${(err as Error).message}`);
    }
    const deployments = this.opts.client.resource(Deployments).namespace(d.metadata.namespace!);
    const canAdopt = recheckDeletionTimestamp(async () => {
      const fresh = await deployments.get(d.metadata.name!);
      if (fresh.metadata.uid !== d.metadata.uid) {
        throw new Error(`original Deployment ${d.metadata.namespace}/${d.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${d.metadata.uid}`);
      }
      return fresh;
    });
    const cm = new ControllerRefManager({ controller: d, selector, controllerKind: DeploymentKind, canAdopt, client: this.opts.client, resource: ReplicaSets });
    return cm.claimObjects(rsList);
  }

  /** getPodMapForDeployment: the Deployment's pods grouped by the uid of their controlling ReplicaSet. */
  private getPodMapForDeployment(d: DeploymentObject, rsList: ReplicaSetObject[]): PodMap {
    const podMap: PodMap = new Map();
    for (const rs of rsList) podMap.set(rs.metadata.uid!, []);
    let selector: LabelSelector;
    try {
      selector = labelSelectorAsSelector(d.spec.selector);
    } catch {
      return podMap;
    }
    for (const pod of this.pods.listByNamespace(d.metadata.namespace!)) {
      if (!selector.matches(pod.metadata.labels ?? {})) continue;
      const ref = getControllerOf(pod);
      if (!ref) continue;
      podMap.get(ref.uid)?.push(pod as Pod);
    }
    return podMap;
  }
}
