/**
 * The StatefulSet update loop (pkg/controller/statefulset/stateful_set_control.go): with OrderedReady, pods are
 * created one ordinal at a time, each Running and Ready before the next, and removed from the highest ordinal
 * down, waiting on terminating pods; with Parallel, all at once. Template changes become ControllerRevisions;
 * RollingUpdate replaces pods from the highest ordinal down to the partition, one at a time; OnDelete waits for
 * pods to be deleted by hand. The status counts replicas, ready, available, current and updated pods.
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound } from '../../api/errors.js';
import { labelSelectorAsSelector } from '../../api/label-selector.js';
import { deepCopy, type KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import type { Informer } from '../../client/informer.js';
import { StatefulSets } from '../../client/resources.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { aggregateError } from '../util/controller-ref.js';
import { equalRevision, findEqualRevisions, sortControllerRevisions, type ControllerRevision, type History } from '../util/controller-history.js';
import type { StatefulPodControl } from './stateful-pod-control.js';
import {
  allowsBurst,
  applyRevision,
  completeRollingUpdate,
  descendingOrdinal,
  getEndOrdinal,
  getOrdinal,
  getPodRevision,
  getStartOrdinal,
  identityMatches,
  inconsistentStatus,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newRevision,
  newVersionedStatefulSetPod,
  nextRevision,
  podInOrdinalRange,
  statefulSetKind,
  statusJSON,
  storageMatches,
  type SetStatus,
} from './utils.js';

/** The most requests in flight in one Parallel batch (MaxBatchSize). */
export const MaxBatchSize = 500;

/** slowStartBatch: fn over 0..remaining-1 in batches of 1, 2, 4, ... (capped), stopping after a failing batch. */
async function slowStartBatch(initialBatchSize: number, remaining: number, fn: (i: number) => Promise<boolean>): Promise<number> {
  let successes = 0;
  let j = 0;
  for (let batchSize = Math.min(remaining, initialBatchSize); batchSize > 0; batchSize = Math.min(Math.min(2 * batchSize, remaining), MaxBatchSize)) {
    const results = await Promise.allSettled(Array.from({ length: batchSize }, (_, k) => fn(j + k)));
    j += batchSize;
    const errs = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    successes += batchSize - errs.length;
    if (errs.length) throw aggregateError(errs);
    remaining -= batchSize;
  }
  return successes;
}

/** runForAll: in order, stopping at the first pod that must be waited on (OrderedReady), or in batches (Parallel). */
async function runForAll(count: number, fn: (i: number) => Promise<boolean>, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (await fn(i)) return true;
    return false;
  }
  await slowStartBatch(1, count, fn);
  return false;
}

export class StatefulSetControl {
  constructor(
    private readonly client: Client,
    private readonly podControl: StatefulPodControl,
    private readonly history: History,
    private readonly sets: Informer,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** UpdateStatefulSet: one pass of the loop, then the revision history trimmed to revisionHistoryLimit. */
  async updateStatefulSet(setIn: StatefulSet, pods: Pod[]): Promise<SetStatus | undefined> {
    const set = deepCopy(setIn);
    const revisions = sortControllerRevisions(this.listRevisions(set));
    let current: ControllerRevision | undefined;
    let update: ControllerRevision | undefined;
    let status: SetStatus | undefined;
    let err: unknown;
    try {
      ({ current, update, status } = await this.performUpdate(set, pods, revisions, (c, u) => ((current = c), (update = u))));
    } catch (e) {
      err = e;
    }
    let truncateErr: unknown;
    try {
      await this.truncateHistory(set, pods, revisions, current, update);
    } catch (e) {
      truncateErr = e;
    }
    if (err) throw truncateErr ? aggregateError([err, truncateErr]) : err;
    if (truncateErr) throw truncateErr;
    return status;
  }

  listRevisions(set: StatefulSet): ControllerRevision[] {
    return this.history.listControllerRevisions(set as KubeObject, labelSelectorAsSelector(set.spec?.selector));
  }

  async adoptOrphanRevisions(set: StatefulSet, revisions: ControllerRevision[]): Promise<void> {
    for (let i = 0; i < revisions.length; i++) revisions[i] = await this.history.adoptControllerRevision(set as KubeObject, statefulSetKind, revisions[i]!);
  }

  private async performUpdate(
    set: StatefulSet,
    pods: Pod[],
    revisions: ControllerRevision[],
    onRevisions: (current: ControllerRevision, update: ControllerRevision) => void,
  ): Promise<{ current: ControllerRevision; update: ControllerRevision; status: SetStatus }> {
    const { current, update, collisionCount } = await this.getStatefulSetRevisions(set, revisions);
    onRevisions(current, update);
    let status: SetStatus | undefined;
    let err: unknown;
    try {
      status = await this.runUpdate(set, current, update, collisionCount, pods, (s) => (status = s));
    } catch (e) {
      err = e;
    }
    if (!status) throw err;
    // The status is written even when the pass failed part-way.
    let statusErr: unknown;
    try {
      await this.updateStatefulSetStatus(set, status);
    } catch (e) {
      statusErr = e;
    }
    if (err) {
      if (statusErr) this.log.error('Could not update status', { statefulSet: `${set.metadata?.namespace}/${set.metadata?.name}`, err: String(statusErr) });
      throw err;
    }
    if (statusErr) throw statusErr;
    return { current, update, status };
  }

  /**
   * getStatefulSetRevisions: the update revision is the set's template (an equal earlier revision is renumbered to
   * the newest, a new one created); the current revision is status.currentRevision's, or the update one.
   */
  private async getStatefulSetRevisions(set: StatefulSet, revisions: ControllerRevision[]): Promise<{ current: ControllerRevision; update: ControllerRevision; collisionCount: number }> {
    sortControllerRevisions(revisions);
    const collision = { value: set.status?.collisionCount ?? 0 };
    let update = newRevision(set, nextRevision(revisions), collision.value);
    const equal = findEqualRevisions(revisions, update);
    if (equal.length > 0 && equalRevision(revisions[revisions.length - 1], equal[equal.length - 1])) {
      update = revisions[revisions.length - 1]!;
    } else if (equal.length > 0) {
      update = await this.history.updateControllerRevision(equal[equal.length - 1]!, update.revision);
    } else {
      update = await this.history.createControllerRevision(set as KubeObject, update, collision);
    }
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount: collision.value };
  }

  /** truncateHistory: deletes the oldest revisions no pod and neither status revision uses, beyond the limit. */
  private async truncateHistory(set: StatefulSet, pods: Pod[], revisions: ControllerRevision[], current?: ControllerRevision, update?: ControllerRevision): Promise<void> {
    const live = new Set<string>();
    if (current) live.add(current.metadata.name!);
    if (update) live.add(update.metadata.name!);
    for (const p of pods) live.add(getPodRevision(p));
    const history = revisions.filter((r) => !live.has(r.metadata.name!));
    const limit = set.spec?.revisionHistoryLimit ?? 10;
    if (limit < 0 || history.length <= limit) return;
    for (const r of history.slice(0, history.length - limit)) await this.history.deleteControllerRevision(r);
  }

  /** One pass over the replicas and the condemned pods; the status is handed out even when a step fails. */
  private async runUpdate(
    set: StatefulSet,
    currentRevision: ControllerRevision,
    updateRevision: ControllerRevision,
    collisionCount: number,
    pods: Pod[],
    onStatus: (s: SetStatus) => void,
  ): Promise<SetStatus> {
    const currentSet = applyRevision(set, currentRevision);
    const updateSet = applyRevision(set, updateRevision);
    const minReadySeconds = set.spec?.minReadySeconds ?? 0;
    const now = () => this.clock.now();
    const status: SetStatus = {
      observedGeneration: set.metadata?.generation,
      replicas: 0,
      currentRevision: currentRevision.metadata.name,
      updateRevision: updateRevision.metadata.name,
      collisionCount,
      availableReplicas: 0,
    };
    const recount = (...lists: Pod[][]) => updateStatus(status, minReadySeconds, currentRevision, updateRevision, now(), ...lists);
    recount(pods);
    onStatus(status);

    const start = getStartOrdinal(set);
    const end = getEndOrdinal(set);
    const replicas: Pod[] = new Array(Math.max(0, end - start + 1));
    const condemned: Pod[] = [];
    for (const pod of pods) {
      if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
      else if (getOrdinal(pod) >= 0) condemned.push(pod);
    }
    for (let ord = start; ord <= end; ord++) {
      if (!replicas[ord - start]) replicas[ord - start] = newVersionedStatefulSetPod(currentSet, updateSet, currentRevision.metadata.name!, updateRevision.metadata.name!, ord);
    }
    condemned.sort(descendingOrdinal);

    let firstUnavailablePod: Pod | undefined;
    for (const p of replicas) if (isUnavailable(p, minReadySeconds, now()) && !firstUnavailablePod) firstUnavailablePod = p;
    for (let i = condemned.length - 1; i >= 0; i--) if (isUnavailable(condemned[i]!, minReadySeconds, now()) && !firstUnavailablePod) firstUnavailablePod = condemned[i];

    // A set being deleted only gets its status.
    if (set.metadata?.deletionTimestamp) return status;
    const monotonic = !allowsBurst(set);

    const stop = async (fn: (i: number) => Promise<boolean>, list: Pod[]) => {
      try {
        return await runForAll(list.length, fn, monotonic);
      } finally {
        recount(replicas, condemned);
      }
    };

    if (await stop((i) => this.processReplica(set, updateSet, monotonic, replicas, i), replicas)) return status;
    const fixPodClaim = async (i: number) => {
      if (!this.podControl.claimsMatchRetentionPolicy(updateSet, condemned[i]!)) await this.podControl.updatePodClaimForRetentionPolicy(updateSet, condemned[i]!);
      return false;
    };
    if (await stop(fixPodClaim, condemned)) return status;
    // Every replica is Running and available now (OrderedReady): scale down, highest ordinal first.
    if (await stop((i) => this.processCondemned(set, firstUnavailablePod, monotonic, condemned, i), condemned)) return status;
    recount(replicas, condemned);

    // OnDelete: pods are replaced when someone deletes them.
    if (set.spec?.updateStrategy?.type === 'OnDelete') return status;

    // RollingUpdate: the highest ordinal not at the update revision goes, down to the partition, one at a time.
    const updateMin = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let target = replicas.length - 1; target >= updateMin; target--) {
      const pod = replicas[target]!;
      if (getPodRevision(pod) !== updateRevision.metadata.name && !isTerminating(pod)) {
        this.log.info('Pod of StatefulSet is terminating for update', { statefulSet: `${set.metadata?.namespace}/${set.metadata?.name}`, pod: pod.metadata?.name });
        try {
          await this.podControl.deleteStatefulPod(set, pod);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
        status.currentReplicas = (status.currentReplicas ?? 0) - 1;
        return status;
      }
      // Wait for the updated pod to become available before the next one.
      if (isUnavailable(pod, minReadySeconds, now())) return status;
    }
    return status;
  }

  /** processReplica: true when the (OrderedReady) pass must stop at this pod. */
  private async processReplica(set: StatefulSet, updateSet: StatefulSet, monotonic: boolean, replicas: Pod[], i: number): Promise<boolean> {
    const pod = replicas[i]!;
    // A failed or succeeded pod is deleted and made again on a later pass, whatever its exit code.
    if (isFailed(pod) || isSucceeded(pod)) {
      if (!pod.metadata?.deletionTimestamp) await this.podControl.deleteStatefulPod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      // A claim still owned by a previous pod of this name blocks this round.
      if (this.podControl.podClaimIsStale(set, pod)) return true;
      await this.podControl.createStatefulPod(set, pod);
      if (monotonic) return true;
    }
    // A pending pod gets any claim it lost.
    if (isPending(pod)) await this.podControl.createMissingPersistentVolumeClaims(set, pod);
    if (isTerminating(pod) && monotonic) return true;
    // Each pod must be Running and Ready (and available) before the next ordinal is touched.
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, this.clock.now()) && monotonic) return true;
    const retentionMatch = this.podControl.claimsMatchRetentionPolicy(updateSet, pod);
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
    await this.podControl.updateStatefulPod(updateSet, deepCopy(pod));
    return false;
  }

  /** processCondemned: deletes a pod beyond the replicas, waiting (OrderedReady) on terminating or unhealthy ones. */
  private async processCondemned(set: StatefulSet, firstUnhealthyPod: Pod | undefined, monotonic: boolean, condemned: Pod[], i: number): Promise<boolean> {
    const pod = condemned[i]!;
    if (isTerminating(pod)) return monotonic;
    if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthyPod) return true;
    if (!isRunningAndAvailable(pod, set.spec?.minReadySeconds ?? 0, this.clock.now()) && monotonic && pod !== firstUnhealthyPod) return true;
    this.log.info('Pod of StatefulSet is terminating for scale down', { statefulSet: `${set.metadata?.namespace}/${set.metadata?.name}`, pod: pod.metadata?.name });
    await this.podControl.deleteStatefulPod(set, pod);
    return true;
  }

  /** updateStatefulSetStatus: completes a finished rolling update, then writes the status if it changed. */
  private async updateStatefulSetStatus(set: StatefulSet, status: SetStatus): Promise<void> {
    completeRollingUpdate(set, status);
    if (!inconsistentStatus(set, status)) return;
    let toUpdate = deepCopy(set) as KubeObject;
    const ops = this.client.resource(StatefulSets).namespace(set.metadata!.namespace!);
    for (let attempt = 0; ; attempt++) {
      toUpdate.status = statusJSON(status);
      try {
        await ops.updateStatus(toUpdate);
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
        const cached = this.sets.get(set.metadata!.namespace, set.metadata!.name!);
        toUpdate = deepCopy(cached ?? ((await ops.get(set.metadata!.name!)) as KubeObject));
      }
    }
  }
}

/** computeReplicaStatus summed over lists: created, ready, available, and at the current and update revisions. */
function updateStatus(status: SetStatus, minReadySeconds: number, current: ControllerRevision, update: ControllerRevision, now: Date, ...lists: Pod[][]): void {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let currentReplicas = 0;
  let updated = 0;
  for (const list of lists) {
    for (const pod of list) {
      if (!pod) continue;
      if (isCreated(pod)) replicas++;
      if (isRunningAndReady(pod)) {
        ready++;
        if (isRunningAndAvailable(pod, minReadySeconds, now)) available++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        const rev = getPodRevision(pod);
        if (rev === current.metadata.name) currentReplicas++;
        if (rev === update.metadata.name) updated++;
      }
    }
  }
  status.replicas = replicas;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  status.currentReplicas = currentReplicas;
  status.updatedReplicas = updated;
}
