/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go, replica_set_utils.go): keeps
 * spec.replicas active pods matching each ReplicaSet's selector. It claims pods (adopting matching orphans,
 * releasing pods whose labels stopped matching), creates missing pods in slow-start batches and deletes surplus
 * ones in upstream's order, waits on expectations so a burst of watch events never creates or deletes twice,
 * and writes status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration and
 * the ReplicaFailure condition).
 */
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound, StatusError } from '../api/errors.js';
import { labelSelectorAsSelector, selectorFromSet, type LabelSelector } from '../api/label-selector.js';
import { deepCopy, deepEqual, type KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { keyOf, splitKey, type Informer, type InformerFactory } from '../client/informer.js';
import { Pods, ReplicaSets } from '../client/resources.js';
import { runWorkers, WorkQueue } from '../client/work-queue.js';
import { rfc3339, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { filterActivePods, isPodActive, isPodAvailable, isPodReady, podKey, rankedActivePodsComparator, type RankedPod } from './util/active-pods.js';
import { ControllerRefManager, getControllerOf, newControllerRef, recheckDeletionTimestamp } from './util/controller-ref.js';
import { UIDTrackingControllerExpectations } from './util/expectations.js';
import { NamespaceTerminatingCause, PodControl } from './util/pod-control.js';

export const ReplicaSetControllerName = 'replicaset-controller';

/** The group, version and kind the controller's ownerReferences name. */
export const ReplicaSetKind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;

/** Pods created or deleted at most per sync (kube-controller-manager's BurstReplicas). */
export const BurstReplicas = 500;
/** The first batch of a slow-start creation (controller.SlowStartInitialBatchSize). */
export const SlowStartInitialBatchSize = 1;
/** Status updates are tried once more after a fresh GET (statusUpdateRetries). */
const statusUpdateRetries = 1;
/** The index of ReplicaSets by their controller's uid (controllerUIDIndex). */
const controllerUIDIndex = 'controllerUID';

export interface ReplicaSetControllerConfig {
  burstReplicas: number;
  /** Concurrent syncs (--concurrent-replicaset-syncs). */
  workers: number;
}

export const defaultReplicaSetControllerConfig: ReplicaSetControllerConfig = { burstReplicas: BurstReplicas, workers: 5 };

export interface ReplicaSetControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<ReplicaSetControllerConfig>;
}

const replicasOf = (rs: ReplicaSet) => rs.spec?.replicas ?? 1;

/** The selector of a ReplicaSet, or undefined when it is invalid (such a ReplicaSet selects nothing). */
function selectorOf(rs: ReplicaSet): LabelSelector | undefined {
  try {
    return labelSelectorAsSelector(rs.spec?.selector as never);
  } catch {
    return undefined;
  }
}

export class ReplicaSetController {
  readonly name = ReplicaSetControllerName;
  readonly expectations: UIDTrackingControllerExpectations;
  readonly queue: WorkQueue<string>;
  private readonly config: ReplicaSetControllerConfig;
  private readonly events: EventRecorder;
  private readonly podControl: PodControl;
  private readonly rsInformer: Informer;
  private readonly podInformer: Informer;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: ReplicaSetControllerOptions) {
    this.config = { ...defaultReplicaSetControllerConfig, ...(opts.config ?? {}) };
    this.expectations = new UIDTrackingControllerExpectations(opts.clock);
    this.queue = new WorkQueue({ clock: opts.clock, name: 'replicaset' });
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: ReplicaSetControllerName, log: opts.log });
    this.podControl = new PodControl(opts.client, this.events);
    this.rsInformer = opts.informers.forResource(ReplicaSets);
    this.podInformer = opts.informers.forResource(Pods);
    if (!this.rsInformer.hasIndexer(controllerUIDIndex)) {
      this.rsInformer.addIndexer(controllerUIDIndex, (rs) => {
        const ref = getControllerOf(rs);
        return ref ? [ref.uid] : [];
      });
    }
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueueRS(rs),
      onUpdate: (o, n) => this.updateRS(o as ReplicaSet, n as ReplicaSet),
      onDelete: (rs) => this.deleteRS(rs as ReplicaSet),
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p as Pod),
      onUpdate: (o, n) => this.updatePod(o as Pod, n as Pod),
      onDelete: (p) => this.deletePod(p as Pod),
    });
  }

  start(): void {
    this.workers = runWorkers(this.queue, this.config.workers, (key) => this.syncReplicaSet(key), {
      onError: (key, err) => this.opts.log.error('Sync failed', { key, err: String(err) }),
    });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
    await this.events.flush();
  }

  /** Waits for the events recorded so far to be written (tests read them back). */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  // ---- event handlers --------------------------------------------------------

  private enqueueRS(rs: KubeObject): void {
    this.queue.add(keyOf(rs));
  }

  private updateRS(oldRS: ReplicaSet, curRS: ReplicaSet): void {
    // A ReplicaSet deleted and recreated under the same name between two events: forget the old one first.
    if (curRS.metadata?.uid !== oldRS.metadata?.uid) this.deleteRS(oldRS);
    this.enqueueRS(curRS as KubeObject);
  }

  private deleteRS(rs: ReplicaSet): void {
    const key = keyOf(rs as KubeObject);
    // Delete expectations so a new ReplicaSet of the same name starts clean.
    this.expectations.deleteExpectations(key);
    this.queue.add(key);
  }

  /** The ReplicaSet a controllerRef points to, if it is one of ours with that uid (resolveControllerRef). */
  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): ReplicaSet | undefined {
    if (ref.kind !== ReplicaSetKind.kind) return undefined;
    const rs = this.rsInformer.get(namespace, ref.name) as ReplicaSet | undefined;
    if (!rs || rs.metadata?.uid !== ref.uid) return undefined;
    return rs;
  }

  /** ReplicaSets of the pod's namespace whose (non-empty) selector matches the pod (GetPodReplicaSets). */
  private getPodReplicaSets(pod: Pod): ReplicaSet[] {
    const labels = pod.metadata?.labels;
    if (!labels || Object.keys(labels).length === 0) return [];
    const out: ReplicaSet[] = [];
    for (const rs of this.rsInformer.listByNamespace(pod.metadata?.namespace ?? '') as ReplicaSet[]) {
      const sel = selectorOf(rs);
      if (!sel || sel.isEmpty() || !sel.matches(labels)) continue;
      out.push(rs);
    }
    if (out.length > 1) this.opts.log.error(`user error! more than one ReplicaSet is selecting pods with labels: ${JSON.stringify(labels)}`);
    return out;
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) {
      // After a restart a new pod may show up already pending deletion: not a creation observation.
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod as KubeObject);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata?.namespace, ref);
      if (!rs) return;
      const key = keyOf(rs as KubeObject);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    // An orphan: sync every matching ReplicaSet to see if one wants to adopt it (no creation observed).
    for (const rs of this.getPodReplicaSets(pod)) this.enqueueRS(rs as KubeObject);
  }

  private updatePod(oldPod: Pod, curPod: Pod): void {
    // A resync: two versions of a pod always have different resourceVersions.
    if (curPod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return;
    const labelChanged = !deepEqual(curPod.metadata?.labels ?? null, oldPod.metadata?.labels ?? null);
    if (curPod.metadata?.deletionTimestamp) {
      // A graceful deletion began: replace the pod now rather than when the kubelet removes it.
      this.deletePod(curPod);
      if (labelChanged) this.deletePod(oldPod);
      return;
    }
    const curRef = getControllerOf(curPod as KubeObject);
    const oldRef = getControllerOf(oldPod as KubeObject);
    const refChanged = !deepEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(oldPod.metadata?.namespace, oldRef);
      if (rs) this.enqueueRS(rs as KubeObject);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(curPod.metadata?.namespace, curRef);
      if (!rs) return;
      this.enqueueRS(rs as KubeObject);
      // Became ready: look again once it has been ready for minReadySeconds (plus a second against skew).
      const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(oldPod) && isPodReady(curPod) && minReadySeconds > 0) {
        this.queue.addAfter(keyOf(rs as KubeObject), minReadySeconds * 1000 + 1000);
      }
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.getPodReplicaSets(curPod)) this.enqueueRS(rs as KubeObject);
  }

  private deletePod(pod: Pod): void {
    const ref = getControllerOf(pod as KubeObject);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata?.namespace, ref);
    if (!rs) return;
    const key = keyOf(rs as KubeObject);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  // ---- sync ------------------------------------------------------------------

  /** syncReplicaSet: claims pods, creates or deletes what is missing or extra, then writes status. */
  async syncReplicaSet(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.rsInformer.get(namespace, name) as ReplicaSet | undefined;
    if (!cached) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const rsNeedsSync = this.expectations.satisfiedExpectations(key);
    const selector = selectorOf(cached);
    if (!selector) {
      this.opts.log.error(`error converting pod selector to selector for rs ${namespace}/${name}`);
      return;
    }

    // All pods of the namespace, to include those that no longer match but still carry our controllerRef.
    const allPods = this.podInformer.listByNamespace(namespace) as Pod[];
    // Ignore inactive pods.
    let filteredPods = filterActivePods(allPods);
    filteredPods = await this.claimPods(cached, selector, filteredPods);

    let manageReplicasErr: Error | undefined;
    if (rsNeedsSync && !cached.metadata?.deletionTimestamp) {
      try {
        await this.manageReplicas(filteredPods, cached);
      } catch (err) {
        manageReplicasErr = err as Error;
      }
    }
    const rs = deepCopy(cached);
    const newStatus = calculateStatus(rs, filteredPods, manageReplicasErr, this.opts.clock.now());

    // Always update status as pods come up or die.
    const updated = await this.updateReplicaSetStatus(rs, newStatus);
    // Resync after MinReadySeconds as a last line of defense against clock skew.
    const minReadySeconds = updated.spec?.minReadySeconds ?? 0;
    if (
      !manageReplicasErr &&
      minReadySeconds > 0 &&
      (updated.status?.readyReplicas ?? 0) === replicasOf(updated) &&
      (updated.status?.availableReplicas ?? 0) !== replicasOf(updated)
    ) {
      this.queue.addAfter(key, minReadySeconds * 1000);
    }
    if (manageReplicasErr) throw manageReplicasErr;
  }

  private claimPods(rs: ReplicaSet, selector: LabelSelector, pods: Pod[]): Promise<Pod[]> {
    const ops = this.opts.client.resource(ReplicaSets).namespace(rs.metadata!.namespace!);
    // Before any adoption, recheck for deletion with a fresh read (see kubernetes#42639).
    const canAdopt = recheckDeletionTimestamp(async () => {
      const fresh = await ops.get(rs.metadata!.name!);
      if (fresh.metadata.uid !== rs.metadata?.uid) {
        throw new Error(`original ReplicaSet ${rs.metadata?.namespace}/${rs.metadata?.name} is gone: got uid ${fresh.metadata.uid}, wanted ${rs.metadata?.uid}`);
      }
      return fresh;
    });
    const cm = new ControllerRefManager({
      controller: rs as KubeObject,
      selector,
      controllerKind: ReplicaSetKind,
      canAdopt,
      client: this.opts.client,
      resource: Pods,
    });
    return cm.claimObjects(pods as KubeObject[]) as Promise<Pod[]>;
  }

  /** manageReplicas: creates (slow start) or deletes (ranked) pods so filteredPods reaches spec.replicas. */
  private async manageReplicas(filteredPods: Pod[], rs: ReplicaSet): Promise<void> {
    let diff = filteredPods.length - replicasOf(rs);
    const rsKey = keyOf(rs as KubeObject);
    const ns = rs.metadata!.namespace!;
    if (diff < 0) {
      diff = Math.min(-diff, this.config.burstReplicas);
      // Expect the creations before making them: their watch events may arrive before the calls return.
      this.expectations.expectCreations(rsKey, diff);
      this.opts.log.info('Too few replicas', { replicaSet: rsKey, need: replicasOf(rs), creating: diff });
      const ref = newControllerRef(rs as KubeObject, ReplicaSetKind);
      const { successes, err } = await slowStartBatch(diff, SlowStartInitialBatchSize, async () => {
        try {
          await this.podControl.createPods(ns, rs.spec!.template!, rs as KubeObject, ref);
        } catch (e) {
          // In a terminating namespace every creation fails: nothing to do.
          if (e instanceof StatusError && e.status.details?.causes?.some((c) => c.reason === NamespaceTerminatingCause)) return;
          throw e;
        }
      });
      // Pods never attempted are not expected; the next sync retries them.
      const skipped = diff - successes;
      for (let i = 0; i < skipped; i++) this.expectations.creationObserved(rsKey);
      if (err) throw err;
      return;
    }
    if (diff > 0) {
      diff = Math.min(diff, this.config.burstReplicas);
      this.opts.log.info('Too many replicas', { replicaSet: rsKey, need: replicasOf(rs), deleting: diff });
      const relatedPods = this.getIndirectlyRelatedPods(rs);
      // Choose which pods to delete, preferring those in earlier phases of startup.
      const podsToDelete = getPodsToDelete(filteredPods, relatedPods, diff, this.opts.clock.now());
      // Snapshot the keys of the pods we expect to see deleted, so each counts once (update or delete event).
      this.expectations.expectDeletions(rsKey, podsToDelete.map(podKey));
      const errs: unknown[] = [];
      await Promise.all(
        podsToDelete.map(async (pod) => {
          try {
            await this.podControl.deletePod(ns, pod.metadata!.name!, rs as KubeObject);
          } catch (e) {
            // The informer won't observe this deletion.
            this.expectations.deletionObserved(rsKey, podKey(pod));
            if (!isNotFound(e)) errs.push(e);
          }
        }),
      );
      if (errs.length) throw errs[0];
    }
  }

  /** ReplicaSets with the same controller as rs (a Deployment's other ReplicaSets). */
  private getReplicaSetsWithSameController(rs: ReplicaSet): ReplicaSet[] {
    const ref = getControllerOf(rs as KubeObject);
    if (!ref) return [];
    return this.rsInformer.byIndex(controllerUIDIndex, ref.uid) as ReplicaSet[];
  }

  /** Every pod of every ReplicaSet owned by rs's owner, once each (getIndirectlyRelatedPods). */
  private getIndirectlyRelatedPods(rs: ReplicaSet): Pod[] {
    const related: Pod[] = [];
    const seen = new Set<string>();
    for (const other of this.getReplicaSetsWithSameController(rs)) {
      const sel = selectorOf(other);
      if (!sel) continue;
      for (const pod of this.podInformer.listByNamespace(other.metadata?.namespace ?? '') as Pod[]) {
        if (!sel.matches(pod.metadata?.labels ?? {})) continue;
        const uid = pod.metadata?.uid ?? '';
        if (seen.has(uid)) continue;
        seen.add(uid);
        related.push(pod);
      }
    }
    return related;
  }

  /** updateReplicaSetStatus: writes newStatus (with observedGeneration) unless nothing changed; one retry after a GET. */
  private async updateReplicaSetStatus(rs: ReplicaSet, newStatus: ReplicaSetStatus): Promise<ReplicaSet> {
    const cur = rs.status ?? ({ replicas: 0 } as ReplicaSetStatus);
    if (
      (cur.replicas ?? 0) === newStatus.replicas &&
      (cur.fullyLabeledReplicas ?? 0) === (newStatus.fullyLabeledReplicas ?? 0) &&
      (cur.readyReplicas ?? 0) === (newStatus.readyReplicas ?? 0) &&
      (cur.availableReplicas ?? 0) === (newStatus.availableReplicas ?? 0) &&
      (rs.metadata?.generation ?? 0) === (cur.observedGeneration ?? 0) &&
      deepEqual(cur.conditions ?? null, newStatus.conditions ?? null)
    ) {
      return rs;
    }
    // The generation acted on, so a retry does not claim a newer spec was seen.
    const status = goStatus({ ...newStatus, observedGeneration: rs.metadata?.generation ?? 0 });
    const ops = this.opts.client.resource(ReplicaSets).namespace(rs.metadata!.namespace!);
    let target: ReplicaSet = rs;
    for (let i = 0; ; i++) {
      try {
        return (await ops.updateStatus({ ...(target as KubeObject), status } as KubeObject)) as ReplicaSet;
      } catch (err) {
        if (i >= statusUpdateRetries) throw err;
      }
      // The latest resourceVersion for the next attempt; a failed GET is the more interesting error.
      target = (await ops.get(rs.metadata!.name!)) as ReplicaSet;
    }
  }
}

/** ReplicaSetStatus as Go serializes it: replicas always, the other counts and conditions only when set. */
function goStatus(s: ReplicaSetStatus): ReplicaSetStatus {
  const out: Record<string, unknown> = { replicas: s.replicas ?? 0 };
  if (s.fullyLabeledReplicas) out.fullyLabeledReplicas = s.fullyLabeledReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.conditions?.length) out.conditions = s.conditions;
  return out as unknown as ReplicaSetStatus;
}

/**
 * Calls fn count times in batches of 1, 2, 4, ... (each batch concurrently); stops after the first batch with a
 * failure, so a quota problem costs one failed create rather than hundreds. Returns the successes and the first error.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<{ successes: number; err?: Error }> {
  let remaining = count;
  let successes = 0;
  for (let batchSize = Math.min(remaining, initialBatchSize); batchSize > 0; batchSize = Math.min(2 * batchSize, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batchSize }, () => fn()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batchSize - failures.length;
    if (failures.length) return { successes, err: failures[0]!.reason as Error };
    remaining -= batchSize;
  }
  return { successes };
}

/** The diff pods to delete: all of them, or the first after ranking by co-located related pods (getPodsToDelete). */
export function getPodsToDelete(filteredPods: Pod[], relatedPods: Pod[], diff: number, now?: Date): Pod[] {
  if (diff < filteredPods.length) {
    const ranked = getPodsRankedByRelatedPodsOnSameNode(filteredPods, relatedPods);
    ranked.sort(rankedActivePodsComparator(now));
    return ranked.slice(0, diff).map((r) => r.pod);
  }
  return filteredPods.slice(0, diff);
}

/** Each pod ranked by how many active related pods share its node (getPodsRankedByRelatedPodsOnSameNode). */
export function getPodsRankedByRelatedPodsOnSameNode(podsToRank: Pod[], relatedPods: Pod[]): RankedPod[] {
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const n = pod.spec?.nodeName ?? '';
    podsOnNode.set(n, (podsOnNode.get(n) ?? 0) + 1);
  }
  return podsToRank.map((pod) => ({ pod, rank: podsOnNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
}

/** The status a sync computes from the claimed active pods (calculateStatus). */
export function calculateStatus(rs: ReplicaSet, filteredPods: Pod[], manageReplicasErr: Error | undefined, now: Date): ReplicaSetStatus {
  const newStatus: ReplicaSetStatus = { ...(rs.status ?? { replicas: 0 }) };
  // Pods carrying all of the template's labels (the template's labels are a superset of the selector).
  const templateLabel = selectorFromSet(rs.spec?.template?.metadata?.labels ?? {});
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    if (templateLabel.matches(pod.metadata?.labels ?? {})) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, rs.spec?.minReadySeconds ?? 0, now)) available++;
    }
  }
  const failureCond = newStatus.conditions?.find((c) => c.type === 'ReplicaFailure');
  if (manageReplicasErr && !failureCond) {
    const diff = filteredPods.length - replicasOf(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaSetCondition = { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message: manageReplicasErr.message };
    newStatus.conditions = setCondition(newStatus.conditions, cond);
  } else if (!manageReplicasErr && failureCond) {
    newStatus.conditions = (newStatus.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
    if (newStatus.conditions.length === 0) delete newStatus.conditions;
  }
  newStatus.replicas = filteredPods.length;
  newStatus.fullyLabeledReplicas = fullyLabeled;
  newStatus.readyReplicas = ready;
  newStatus.availableReplicas = available;
  return newStatus;
}

/** Adds or replaces a condition, unless one with the same status and reason is there (SetCondition). */
function setCondition(conditions: ReplicaSetCondition[] | undefined, cond: ReplicaSetCondition): ReplicaSetCondition[] {
  const current = conditions?.find((c) => c.type === cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return conditions!;
  return [...(conditions ?? []).filter((c) => c.type !== cond.type), cond];
}
