/**
 * The Job controller (pkg/controller/job/job_controller.go, v1.32 with its beta gates on): runs pods until
 * `completions` succeed (`parallelism` at a time, Indexed or NonIndexed), replaces failed ones after the
 * pod-failure back-off, and fails the Job on backoffLimit, activeDeadlineSeconds or a podFailurePolicy FailJob
 * rule. Finished pods are counted through the `batch.kubernetes.io/job-tracking` finalizer and
 * status.uncountedTerminatedPods, so no pod is counted twice or lost across restarts. The interim
 * SuccessCriteriaMet / FailureTarget condition comes first; Complete / Failed once no pod is left terminating.
 */
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../api/errors.js';
import { labelSelectorAsSelector } from '../api/label-selector.js';
import { deepCopy, type KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { EventRecorder, referenceOf } from '../client/event-recorder.js';
import type { Informer, InformerFactory } from '../client/informer.js';
import { keyOf, splitKey } from '../client/informer.js';
import { Jobs, Pods } from '../client/resources.js';
import { ItemExponentialFailureRateLimiter, WorkQueue, runWorkers } from '../client/work-queue.js';
import { rfc3339, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { BackoffStore, remainingTime, remainingTimePerIndex, getFinishedTime, type BackoffRecord } from './job/backoff.js';
import {
  JobIndexFailureCountAnnotation,
  JobIndexIgnoredFailureCountAnnotation,
  OrderedIntervals,
  addCompletionIndexAnnotation,
  addCompletionIndexEnvVariables,
  addCompletionIndexLabel,
  byCompletionIndex,
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  getCompletionIndex,
  getIndexAbsoluteFailureCount,
  getIndexFailureCount,
  getIndexIgnoredFailureCount,
  getIndexes,
  hasBackoffLimitPerIndex,
  isIndexedJob,
  parseIndexesFromString,
  podGenerateNameWithIndex,
  unknownCompletionIndex,
} from './job/indexed-job-utils.js';
import { matchPodFailurePolicy } from './job/pod-failure-policy.js';
import { activePodsComparator, filterActivePods, isPodReady } from './util/active-pods.js';
import { ControllerRefManager, getControllerOf, newControllerRef, recheckDeletionTimestamp } from './util/controller-ref.js';
import { ControllerExpectations } from './util/expectations.js';
import { NamespaceTerminatingCause, PodControl } from './util/pod-control.js';
import { StatusError } from '../api/errors.js';

export const JobControllerName = 'job-controller';
export const JobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';
/** spec.managedBy of Jobs this controller reconciles (absent means this one too). */
export const JobControllerManagedBy = 'kubernetes.io/job-controller';
const controllerKind = { apiVersion: 'batch/v1', kind: 'Job' };

/** Tunables upstream exports for tests (job_controller.go). */
export interface JobControllerConfig {
  /** Pod events are batched into one sync per job this often (syncJobBatchPeriod). */
  syncJobBatchPeriodMs: number;
  /** Failed syncs retry from 1 s doubling to 1 min (DefaultJobApiBackOff, MaxJobApiBackOff). */
  apiBackoffMs: number;
  maxApiBackoffMs: number;
  maxUncountedPods: number;
  maxPodCreateDeletePerSync: number;
  /** --concurrent-job-syncs */
  workers: number;
}

export const defaultJobControllerConfig: JobControllerConfig = {
  syncJobBatchPeriodMs: 1000,
  apiBackoffMs: 1000,
  maxApiBackoffMs: 60_000,
  maxUncountedPods: 500,
  maxPodCreateDeletePerSync: 500,
  workers: 5,
};

export interface JobControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<JobControllerConfig>;
}

type Condition = JobCondition;

interface SyncJobCtx {
  job: Job;
  pods: Pod[];
  finishedCondition?: Condition;
  activePods: Pod[];
  succeeded: number;
  failed: number;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  failedIndexes?: OrderedIntervals;
  newBackoffRecord: BackoffRecord;
  expectedRmFinalizers: Set<string>;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  podsWithDelayedDeletionPerIndex: Map<number, Pod>;
  terminating: number;
  ready: number;
}

// ---- small helpers over Jobs and Pods ------------------------------------------------------------

const uidOf = (p: Pod) => p.metadata?.uid ?? '';
export const hasJobTrackingFinalizer = (p: Pod) => (p.metadata?.finalizers ?? []).includes(JobTrackingFinalizer);
const jobSuspended = (job: Job) => job.spec?.suspend === true;
const findCondition = (list: Condition[] | undefined, type: string) => list?.find((c) => c.type === type);

/** IsJobFinished: a Complete or Failed condition that is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** spec.managedBy when it names another controller (managedByExternalController). */
function managedByExternalController(job: Job): string | undefined {
  const m = job.spec?.managedBy;
  return m && m !== JobControllerManagedBy ? m : undefined;
}

/** PodReplacementPolicy Failed (or any podFailurePolicy): terminating pods are not replaced until they fail. */
function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
}

function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  // Deleted pods count as failed: orphans may never reach the Failed phase.
  return !!p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

const isPodTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const isPodTerminating = (p: Pod) => !isPodTerminal(p) && !!p.metadata?.deletionTimestamp;

function newCondition(type: string, status: string, reason: string, message: string, now: Date): Condition {
  const ts = rfc3339(now);
  const c: Condition = { type, status, lastProbeTime: ts, lastTransitionTime: ts };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** Appends or updates the condition of that type; never adds a False one (ensureJobConditionStatus). */
function ensureJobConditionStatus(list: Condition[], type: string, status: string, reason: string, message: string, now: Date): { list: Condition[]; changed: boolean } {
  const existing = list.find((c) => c.type === type);
  if (existing) {
    if (existing.status !== status || (existing.reason ?? '') !== reason || (existing.message ?? '') !== message) {
      const i = list.indexOf(existing);
      const next = [...list];
      next[i] = newCondition(type, status, reason, message, now);
      return { list: next, changed: true };
    }
    return { list, changed: false };
  }
  if (status !== 'False') return { list: [...list, newCondition(type, status, reason, message, now)], changed: true };
  return { list, changed: false };
}

function hasSuccessCriteriaMetCondition(job: Job): Condition | undefined {
  const c = findCondition(job.status?.conditions, 'SuccessCriteriaMet');
  return c?.status === 'True' ? c : undefined;
}

const isSuccessCriteriaMetCondition = (c: Condition | undefined) => c?.type === 'SuccessCriteriaMet' && c.status === 'True';

/** Go's int32 / string fields with omitempty: a zero value is not written. */
function setOmitEmpty<K extends keyof JobStatus>(status: JobStatus, key: K, value: JobStatus[K] | 0 | ''): void {
  if (value === 0 || value === '' || value === undefined) delete status[key];
  else status[key] = value as JobStatus[K];
}

export class JobController {
  readonly name = JobControllerName;
  private readonly config: JobControllerConfig;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly jobs: Informer<KubeObject>;
  private readonly pods: Informer<KubeObject>;
  private readonly queue: WorkQueue<string>;
  private readonly orphanQueue: WorkQueue<string>;
  private readonly expectations: ControllerExpectations;
  /** Pod uids whose tracking finalizer removal the controller waits to observe, per job key (uidTrackingExpectations). */
  private readonly finalizerExpectations = new Map<string, Set<string>>();
  private readonly backoffStore = new BackoffStore();
  private workers: Promise<unknown> | undefined;

  constructor(private readonly opts: JobControllerOptions) {
    this.config = { ...defaultJobControllerConfig, ...(opts.config ?? {}) };
    this.recorder = new EventRecorder({ client: opts.client, clock: opts.clock, component: JobControllerName, log: opts.log });
    this.podControl = new PodControl(opts.client, this.recorder);
    this.expectations = new ControllerExpectations(opts.clock);
    const limiter = () => new ItemExponentialFailureRateLimiter<string>(this.config.apiBackoffMs, this.config.maxApiBackoffMs);
    this.queue = new WorkQueue({ clock: opts.clock, rateLimiter: limiter(), name: 'job' });
    this.orphanQueue = new WorkQueue({ clock: opts.clock, rateLimiter: limiter(), name: 'job_orphan_pod' });
    this.jobs = opts.informers.forResource(Jobs);
    this.pods = opts.informers.forResource(Pods);
    this.jobs.addEventHandler({
      onAdd: (j) => this.enqueueSyncJob(keyOf(j), 0),
      onUpdate: (o, j) => this.updateJob(o as Job & KubeObject, j as Job & KubeObject),
      onDelete: (j) => {
        this.enqueueSyncJob(keyOf(j), 0);
        this.cleanupPodFinalizers(j as Job & KubeObject);
      },
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.addPod(p as Pod & KubeObject),
      onUpdate: (o, p) => this.updatePod(o as Pod & KubeObject, p as Pod & KubeObject),
      onDelete: (p) => this.deletePod(p as Pod & KubeObject, true),
    });
  }

  start(): void {
    this.opts.log.info('Starting job controller');
    const onError = (item: unknown, err: unknown) => this.opts.log.error('syncing job', { key: item, err: String(err) });
    this.workers = Promise.all([
      runWorkers(this.queue, this.config.workers, (key) => this.syncJob(key), { onError }),
      runWorkers(this.orphanQueue, 1, (key) => this.syncOrphanPod(key), {
        onError: (item, err) => this.opts.log.error('Error syncing orphan pod', { pod: item, err: String(err) }),
      }),
    ]);
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    this.orphanQueue.shutDown();
    await this.workers;
    await this.recorder.flush();
  }

  /** Waits for pending event writes (tests). */
  flushEvents(): Promise<void> {
    return this.recorder.flush();
  }

  private now(): Date {
    return this.opts.clock.now();
  }

  // ---- event handlers: they only enqueue keys and record expectations -------------------------

  private enqueueSyncJob(key: string, delayMs: number): void {
    this.queue.addAfter(key, delayMs);
  }

  private enqueueSyncJobBatched(job: KubeObject): void {
    this.enqueueSyncJob(keyOf(job), this.config.syncJobBatchPeriodMs);
  }

  private enqueueSyncJobWithDelay(job: KubeObject, delayMs: number): void {
    this.enqueueSyncJob(keyOf(job), Math.max(delayMs, this.config.syncJobBatchPeriodMs));
  }

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }): (Job & KubeObject) | undefined {
    if (ref.kind !== controllerKind.kind) return undefined;
    const job = this.jobs.get(namespace, ref.name) as (Job & KubeObject) | undefined;
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  /** Jobs in the pod's namespace whose selector matches its labels (GetPodJobs). */
  private getPodJobs(pod: Pod & KubeObject): Array<Job & KubeObject> {
    const labels = pod.metadata.labels;
    if (!labels || Object.keys(labels).length === 0) return [];
    return (this.jobs.listByNamespace(pod.metadata.namespace ?? '') as Array<Job & KubeObject>).filter((j) => {
      const sel = labelSelectorAsSelector(j.spec?.selector as never);
      return !sel.isEmpty() && sel.matches(labels);
    });
  }

  private finalizerRemovalObserved(key: string, uid: string): void {
    this.finalizerExpectations.get(key)?.delete(uid);
  }

  private addPod(pod: Pod & KubeObject): void {
    if (pod.metadata.deletionTimestamp) {
      // On a restart a pod may show up already being deleted: not a creation to observe.
      this.deletePod(pod, false);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const job = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
      if (!job) return;
      this.expectations.creationObserved(keyOf(job));
      this.enqueueSyncJobBatched(job);
      return;
    }
    // An orphan: its finalizer is cleaned, and matching jobs may adopt it.
    if (hasJobTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod));
    for (const job of this.getPodJobs(pod)) this.enqueueSyncJobBatched(job);
  }

  private updatePod(old: Pod & KubeObject, cur: Pod & KubeObject): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp) {
      // A graceful deletion: the job may replace the pod now rather than when the kubelet is done.
      this.deletePod(cur, false);
      return;
    }
    const finalizerRemoved = !hasJobTrackingFinalizer(cur);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef) {
      const job = this.resolveControllerRef(old.metadata.namespace ?? '', oldRef);
      if (job) {
        if (finalizerRemoved) this.finalizerRemovalObserved(keyOf(job), cur.metadata.uid ?? '');
        this.enqueueSyncJobBatched(job);
      }
    }
    if (curRef) {
      const job = this.resolveControllerRef(cur.metadata.namespace ?? '', curRef);
      if (!job) return;
      if (finalizerRemoved) this.finalizerRemovalObserved(keyOf(job), cur.metadata.uid ?? '');
      this.enqueueSyncJobBatched(job);
      return;
    }
    if (hasJobTrackingFinalizer(cur)) this.orphanQueue.add(keyOf(cur));
    const labelsChanged = JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
    if (labelsChanged || refChanged) for (const job of this.getPodJobs(cur)) this.enqueueSyncJobBatched(job);
  }

  private deletePod(pod: Pod & KubeObject, final: boolean): void {
    const ref = getControllerOf(pod);
    const hasFinalizer = hasJobTrackingFinalizer(pod);
    if (!ref) {
      // The garbage collector may have removed the reference of a pod that still has our finalizer.
      if (hasFinalizer) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const job = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (!job || isJobFinished(job)) {
      if (hasFinalizer) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const key = keyOf(job);
    this.expectations.deletionObserved(key);
    if (final || !hasFinalizer) this.finalizerRemovalObserved(key, pod.metadata.uid ?? '');
    this.enqueueSyncJobBatched(job);
  }

  private updateJob(old: Job & KubeObject, cur: Job & KubeObject): void {
    const key = keyOf(cur);
    // A spec change syncs at once; status updates (mostly from pod events) are batched.
    if (cur.metadata.generation === old.metadata.generation) this.enqueueSyncJobBatched(cur);
    else this.enqueueSyncJob(key, 0);
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const startTime = cur.status?.startTime;
    const ads = cur.spec?.activeDeadlineSeconds;
    if (startTime && ads !== undefined && ads !== null && old.spec?.activeDeadlineSeconds !== ads) {
      const passed = this.now().getTime() - new Date(startTime).getTime();
      this.queue.addAfter(key, ads * 1000 - passed);
    }
  }

  /** Pods of a finished or deleted job that still carry our finalizer go to the orphan queue. */
  private cleanupPodFinalizers(job: Job & KubeObject): void {
    const sel = labelSelectorAsSelector(job.spec?.selector as never);
    for (const p of this.pods.listByNamespace(job.metadata.namespace ?? '') as Array<Pod & KubeObject>) {
      if (!sel.matches(p.metadata.labels ?? {})) continue;
      if (getControllerOf(p)?.uid === job.metadata.uid && hasJobTrackingFinalizer(p)) this.orphanQueue.add(keyOf(p));
    }
  }

  // ---- orphan pods ----------------------------------------------------------------------------

  /** Removes the tracking finalizer of a pod no running Job of ours owns (syncOrphanPod). */
  private async syncOrphanPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name) as (Pod & KubeObject) | undefined;
    if (!pod) return;
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.kind !== controllerKind.kind || ref.apiVersion !== controllerKind.apiVersion) return;
      const job = this.resolveControllerRef(namespace, ref);
      if (job && managedByExternalController(job)) return;
      // Adopted by a running job: the finalizer stays.
      if (job && !isJobFinished(job)) return;
    }
    if (!hasJobTrackingFinalizer(pod)) return;
    try {
      await this.podControl.patchPod(namespace, name, removeTrackingFinalizerPatch());
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  // ---- sync ---------------------------------------------------------------------------------

  /** The pods this job owns, adopting matching orphans (with our finalizer) and releasing those that stopped matching. */
  private async getPodsForJob(job: Job & KubeObject): Promise<Pod[]> {
    const pods = this.pods.listByNamespace(job.metadata.namespace ?? '') as Array<Pod & KubeObject>;
    const jobs = this.opts.client.resource(Jobs).namespace(job.metadata.namespace ?? '');
    const cm = new ControllerRefManager({
      controller: job,
      selector: labelSelectorAsSelector(job.spec?.selector as never),
      controllerKind,
      canAdopt: recheckDeletionTimestamp(async () => {
        const fresh = await jobs.get(job.metadata.name!);
        if (fresh.metadata.uid !== job.metadata.uid) {
          throw new Error(`original Job ${job.metadata.namespace}/${job.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${job.metadata.uid}`);
        }
        return fresh;
      }),
      client: this.opts.client,
      resource: Pods,
      finalizers: [JobTrackingFinalizer],
    });
    const claimed = (await cm.claimObjects(pods)) as Pod[];
    // Pods adopted just now get the finalizer in this sync's view.
    return claimed.map((p) => {
      const adopted = !(p.metadata?.ownerReferences ?? []).some((r) => r.uid === job.metadata.uid);
      if (adopted && !hasJobTrackingFinalizer(p)) {
        const copy = deepCopy(p);
        copy.metadata!.finalizers = [...(p.metadata?.finalizers ?? []), JobTrackingFinalizer];
        return copy;
      }
      return p;
    });
  }

  /**
   * Syncs one job unless it still expects pods to be created or deleted: counts finished pods, decides whether
   * the job is finished, creates or deletes pods, and writes the status. Never called twice at once for a key.
   */
  async syncJob(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const shared = this.jobs.get(namespace, name) as (Job & KubeObject) | undefined;
    if (!shared) {
      this.expectations.deleteExpectations(key);
      this.finalizerExpectations.delete(key);
      this.backoffStore.removeBackoffRecord(key);
      return;
    }
    if (managedByExternalController(shared)) return;
    const job = deepCopy(shared);
    // A finished job is never reconsidered.
    if (isJobFinished(job)) {
      this.backoffStore.removeBackoffRecord(key);
      return;
    }
    const mode = job.spec?.completionMode;
    if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(referenceOf(job), 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    const status = (job.status ??= {});
    status.uncountedTerminatedPods ??= {};

    // Expectations are checked before listing pods, so a pod arriving meanwhile only defers this job.
    const satisfiedExpectations = this.expectations.satisfiedExpectations(key);
    const pods = await this.getPodsForJob(job);
    const activePods = filterActivePods(pods);
    const ctx: SyncJobCtx = {
      job,
      pods,
      activePods,
      ready: activePods.filter(isPodReady).length,
      uncounted: {
        succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []),
        failed: new Set(status.uncountedTerminatedPods.failed ?? []),
      },
      expectedRmFinalizers: new Set(this.finalizerExpectations.get(key) ?? []),
      terminating: pods.filter(isPodTerminating).length,
      succeeded: 0,
      failed: 0,
      prevSucceededIndexes: new OrderedIntervals(),
      succeededIndexes: new OrderedIntervals(),
      newBackoffRecord: { key, failuresAfterLastSuccess: 0 },
      podsWithDelayedDeletionPerIndex: new Map(),
    };
    let active = activePods.length;
    const { succeededPods: newSucceededPods, failedPods: newFailedPods } = this.getNewFinishedPods(ctx);
    ctx.succeeded = (status.succeeded ?? 0) + newSucceededPods.length + ctx.uncounted.succeeded.size;
    ctx.failed = (status.failed ?? 0) + this.nonIgnoredFailedPodsCount(ctx, newFailedPods) + ctx.uncounted.failed.size;

    // First start: startTime, unless suspended.
    if (!status.startTime && !jobSuspended(job)) status.startTime = rfc3339(this.now());

    ctx.newBackoffRecord = this.backoffStore.newBackoffRecord(key, newSucceededPods, newFailedPods);
    let manageJobErr: unknown;
    const exceedsBackoffLimit = ctx.failed > (job.spec?.backoffLimit ?? 6);
    ctx.finishedCondition = hasSuccessCriteriaMetCondition(job);

    // With SuccessCriteriaMet already set, the outcome was decided in an earlier sync: the failure policy is not looked at.
    if (!ctx.finishedCondition) {
      const failureTarget = findCondition(status.conditions, 'FailureTarget');
      if (failureTarget?.status === 'True') ctx.finishedCondition = newFailedConditionForFailureTarget(failureTarget, this.now());
      else {
        const msg = getFailJobMessage(job, pods);
        if (msg !== undefined) ctx.finishedCondition = newCondition('FailureTarget', 'True', 'PodFailurePolicy', msg, this.now());
      }
    }
    if (!ctx.finishedCondition) {
      if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        ctx.finishedCondition = this.newFailureCondition('BackoffLimitExceeded', 'Job has reached the specified backoff limit');
      } else if (this.pastActiveDeadline(job)) {
        ctx.finishedCondition = this.newFailureCondition('DeadlineExceeded', 'Job was active longer than specified deadline');
      } else if (job.spec?.activeDeadlineSeconds !== undefined && job.spec.activeDeadlineSeconds !== null && !jobSuspended(job)) {
        const syncIn = job.spec.activeDeadlineSeconds * 1000 - (this.now().getTime() - new Date(status.startTime!).getTime());
        this.queue.addAfter(key, syncIn);
      }
    }

    if (isIndexedJob(job)) {
      const completions = job.spec?.completions ?? 0;
      ctx.prevSucceededIndexes = parseIndexesFromString(status.completedIndexes, completions);
      ctx.succeededIndexes = calculateSucceededIndexes(ctx.prevSucceededIndexes, pods, completions);
      ctx.succeeded = ctx.succeededIndexes.total();
      if (hasBackoffLimitPerIndex(job)) {
        ctx.failedIndexes = calculateFailedIndexes(job, pods);
        if (!ctx.finishedCondition) {
          const maxFailed = job.spec?.maxFailedIndexes;
          if (maxFailed !== undefined && maxFailed !== null && ctx.failedIndexes.total() > maxFailed) {
            ctx.finishedCondition = this.newFailureCondition('MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes');
          } else if (ctx.failedIndexes.total() > 0 && ctx.failedIndexes.total() + ctx.succeededIndexes.total() >= completions) {
            ctx.finishedCondition = this.newFailureCondition('FailedIndexes', 'Job has failed indexes');
          }
        }
        ctx.podsWithDelayedDeletionPerIndex = getPodsWithDelayedDeletionPerIndex(ctx);
      }
      if (!ctx.finishedCondition) {
        const msg = matchSuccessPolicy(job, ctx.succeededIndexes);
        if (msg !== undefined) ctx.finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', msg, this.now());
      }
    }

    let suspendCondChanged = false;
    if (ctx.finishedCondition) {
      // The job is done: its running pods go (keeping their finalizers until they are counted).
      const { deletedReady, deleted, err } = await this.deleteActivePods(job, ctx.activePods);
      // Not finished yet while pods remain or some may not be in the cache.
      if (deleted !== active || !satisfiedExpectations) ctx.finishedCondition = undefined;
      active -= deleted;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      manageJobErr = err;
    } else {
      let manageJobCalled = false;
      if (satisfiedExpectations && !job.metadata.deletionTimestamp) {
        try {
          active = await this.manageJob(job, ctx);
        } catch (err) {
          const e = err as { active?: number; cause?: unknown };
          active = e.active ?? active;
          manageJobErr = e.cause ?? err;
        }
        manageJobCalled = true;
      }
      const completions = job.spec?.completions;
      // Without completions, any success ends the job once nothing runs; with them, the count must be reached.
      const complete = completions === undefined || completions === null ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
      if (complete) ctx.finishedCondition = this.newSuccessCondition();
      else if (manageJobCalled) {
        if (jobSuspended(job)) {
          const r = ensureJobConditionStatus(status.conditions ?? [], 'Suspended', 'True', 'JobSuspended', 'Job suspended', this.now());
          status.conditions = r.list;
          if (r.changed) {
            suspendCondChanged = true;
            this.recorder.event(referenceOf(job), 'Normal', 'Suspended', 'Job suspended');
          }
        } else {
          const r = ensureJobConditionStatus(status.conditions ?? [], 'Suspended', 'False', 'JobResumed', 'Job resumed', this.now());
          if (status.conditions || r.changed) status.conditions = r.list;
          if (r.changed) {
            suspendCondChanged = true;
            this.recorder.event(referenceOf(job), 'Normal', 'Resumed', 'Job resumed');
            // A resumed job's activeDeadlineSeconds counts from now.
            status.startTime = rfc3339(this.now());
          }
        }
      }
    }

    const needsStatusUpdate = suspendCondChanged || active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating;
    setOmitEmpty(status, 'active', active);
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    await this.trackJobStatusAndRemoveFinalizers(ctx, needsStatusUpdate);
    if (manageJobErr) throw manageJobErr;
  }

  private newFailureCondition(reason: string, message: string): Condition {
    // JobManagedBy and JobPodReplacementPolicy are on: the interim FailureTarget comes first (delayTerminalCondition).
    return newCondition('FailureTarget', 'True', reason, message, this.now());
  }

  private newSuccessCondition(): Condition {
    return newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', this.now());
  }

  private pastActiveDeadline(job: Job): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    const start = job.status?.startTime;
    if (ads === undefined || ads === null || !start || jobSuspended(job)) return false;
    return this.now().getTime() - new Date(start).getTime() >= ads * 1000;
  }

  private getNewFinishedPods(ctx: SyncJobCtx): { succeededPods: Pod[]; failedPods: Pod[] } {
    return {
      succeededPods: getValidPodsWithFilter(ctx, ctx.uncounted.succeeded, (p) => p.status?.phase === 'Succeeded'),
      failedPods: getValidPodsWithFilter(ctx, ctx.uncounted.failed, (p) => isPodFailed(p, ctx.job)),
    };
  }

  private nonIgnoredFailedPodsCount(ctx: SyncJobCtx, failed: Pod[]): number {
    if (!ctx.job.spec?.podFailurePolicy) return failed.length;
    return failed.filter((p) => matchPodFailurePolicy(ctx.job.spec!.podFailurePolicy, p).countFailed).length;
  }

  /** Deletes active pods keeping their finalizers (the job is finished); returns ready and total deleted. */
  private async deleteActivePods(job: Job & KubeObject, pods: Pod[]): Promise<{ deletedReady: number; deleted: number; err?: unknown }> {
    let deleted = pods.length;
    let deletedReady = 0;
    let err: unknown;
    await Promise.all(
      pods.map(async (pod) => {
        try {
          await this.podControl.deletePod(job.metadata.namespace ?? '', pod.metadata!.name!, job);
        } catch (e) {
          if (!isNotFound(e)) {
            deleted--;
            err ??= e;
          }
        }
        if (isPodReady(pod)) deletedReady++;
      }),
    );
    return { deletedReady, deleted, err };
  }

  /** Deletes pods (first removing their finalizer: they are not counted); returns ready and total deleted. */
  private async deleteJobPods(job: Job & KubeObject, key: string, pods: Pod[]): Promise<{ deletedReady: number; deleted: number; err?: unknown }> {
    let deleted = pods.length;
    let deletedReady = 0;
    let err: unknown;
    const failDelete = (e: unknown) => {
      // The informer will not observe this deletion.
      this.expectations.deletionObserved(key);
      if (!isNotFound(e)) {
        deleted--;
        err ??= e;
      }
    };
    await Promise.all(
      pods.map(async (pod) => {
        if (hasJobTrackingFinalizer(pod)) {
          try {
            await this.podControl.patchPod(pod.metadata!.namespace ?? '', pod.metadata!.name!, removeTrackingFinalizerPatch());
          } catch (e) {
            failDelete(new Error(`removing completion finalizer: ${(e as Error).message}`, { cause: e }));
            return;
          }
        }
        try {
          await this.podControl.deletePod(job.metadata.namespace ?? '', pod.metadata!.name!, job);
        } catch (e) {
          failDelete(e);
        }
        if (isPodReady(pod)) deletedReady++;
      }),
    );
    return { deletedReady, deleted, err };
  }

  /**
   * Creates or deletes pods towards parallelism (bounded by the remaining completions), respecting the failure
   * back-off; a suspended job loses all its active pods. Returns the new number of active pods.
   */
  private async manageJob(job: Job & KubeObject, ctx: SyncJobCtx): Promise<number> {
    let active = ctx.activePods.length;
    const parallelism = job.spec?.parallelism ?? 1;
    const key = keyOf(job);
    if (jobSuspended(job)) {
      const podsToDelete = activePodsForRemoval(job, ctx.activePods, active);
      this.expectations.expectDeletions(key, podsToDelete.length);
      const { deletedReady, deleted, err } = await this.deleteJobPods(job, key, podsToDelete);
      active -= deleted;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      if (err) throw Object.assign(new Error('manageJob'), { active, cause: err });
      return active;
    }

    let wantActive: number;
    const completions = job.spec?.completions;
    if (completions === undefined || completions === null) {
      // Without completions: parallelism pods until one succeeds, then whatever runs keeps running.
      wantActive = ctx.succeeded > 0 ? active : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
    }

    const rmAtLeast = Math.max(0, active - wantActive);
    let podsToDelete = activePodsForRemoval(job, ctx.activePods, rmAtLeast);
    if (podsToDelete.length > this.config.maxPodCreateDeletePerSync) podsToDelete = podsToDelete.slice(0, this.config.maxPodCreateDeletePerSync);
    if (podsToDelete.length > 0) {
      this.expectations.expectDeletions(key, podsToDelete.length);
      const { deletedReady, deleted, err } = await this.deleteJobPods(job, key, podsToDelete);
      active -= deleted;
      ctx.terminating += deleted;
      ctx.ready -= deletedReady;
      // Deletions and creations never happen in the same sync; deletions go first.
      if (err) throw Object.assign(new Error('manageJob'), { active, cause: err });
      return active;
    }

    const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) return active;
    let remaining = 0;
    if (!hasBackoffLimitPerIndex(job)) remaining = remainingTime(ctx.newBackoffRecord, this.now().getTime());
    if (remaining > 0) {
      this.enqueueSyncJobWithDelay(job, remaining);
      return 0;
    }
    diff = Math.min(diff, this.config.maxPodCreateDeletePerSync);
    let indexesToAdd: number[] = [];
    if (isIndexedJob(job)) {
      indexesToAdd = firstPendingIndexes(
        {
          activePods: ctx.activePods,
          succeededIndexes: ctx.succeededIndexes,
          failedIndexes: ctx.failedIndexes,
          terminatingPods: onlyReplaceFailedPods(job) ? ctx.pods.filter(isPodTerminating) : undefined,
        },
        diff,
        completions ?? 0,
      );
      if (hasBackoffLimitPerIndex(job)) {
        const r = this.podCreationInfoForIndependentIndexes(indexesToAdd, ctx.podsWithDelayedDeletionPerIndex);
        indexesToAdd = r.indexes;
        if (r.remaining > 0) {
          this.enqueueSyncJobWithDelay(job, r.remaining);
          return 0;
        }
      }
      diff = indexesToAdd.length;
    }

    this.expectations.expectCreations(key, diff);
    active += diff;
    const podTemplate = deepCopy(job.spec!.template) as PodTemplateSpec;
    if (isIndexedJob(job)) addCompletionIndexEnvVariables(podTemplate);
    const meta = (podTemplate.metadata ??= {});
    if (!(meta.finalizers ?? []).includes(JobTrackingFinalizer)) meta.finalizers = [...(meta.finalizers ?? []), JobTrackingFinalizer];
    const controllerRef = newControllerRef(job, controllerKind);
    const errors: unknown[] = [];
    // Slow start: batches of 1, 2, 4... so a create that fails (quota) fails once rather than for every pod.
    for (let batchSize = Math.min(diff, 1); diff > 0; batchSize = Math.min(2 * batchSize, diff)) {
      const errorCount = errors.length;
      const batch = Array.from({ length: batchSize }, () => (indexesToAdd.length > 0 ? indexesToAdd.shift()! : unknownCompletionIndex));
      await Promise.all(
        batch.map(async (completionIndex) => {
          let template = podTemplate;
          let generateName = '';
          if (completionIndex !== unknownCompletionIndex) {
            template = deepCopy(podTemplate);
            addCompletionIndexAnnotation(template, completionIndex);
            addCompletionIndexLabel(template, completionIndex);
            template.spec!.hostname = `${job.metadata.name}-${completionIndex}`;
            generateName = podGenerateNameWithIndex(job.metadata.name!, completionIndex);
            if (hasBackoffLimitPerIndex(job)) addIndexFailureCountAnnotation(template, job, ctx.podsWithDelayedDeletionPerIndex.get(completionIndex));
          }
          try {
            await this.podControl.createPodsWithGenerateName(job.metadata.namespace ?? '', template, job, controllerRef, generateName);
          } catch (err) {
            // A terminating namespace refuses every create: nothing to retry.
            if (err instanceof StatusError && err.status.details?.causes?.some((c) => c.reason === NamespaceTerminatingCause)) return;
            this.expectations.creationObserved(key);
            active--;
            errors.push(err);
          }
        }),
      );
      const skipped = diff - batchSize;
      if (errors.length > errorCount && skipped > 0) {
        active -= skipped;
        for (let i = 0; i < skipped; i++) this.expectations.creationObserved(key);
        break;
      }
      diff -= batchSize;
    }
    if (errors.length) throw Object.assign(new Error('manageJob'), { active, cause: errors[0] });
    return active;
  }

  private podCreationInfoForIndependentIndexes(indexes: number[], delayed: Map<number, Pod>): { indexes: number[]; remaining: number } {
    const now = this.now().getTime();
    const addNow: number[] = [];
    let minRemaining: number | undefined;
    for (const ix of indexes) {
      const r = remainingTimePerIndex(now, delayed.get(ix));
      if (r === 0) addNow.push(ix);
      else if (minRemaining === undefined || r < minRemaining) minRemaining = r;
    }
    return addNow.length > 0 ? { indexes: addNow, remaining: 0 } : { indexes: addNow, remaining: minRemaining ?? 0 };
  }

  /**
   * Counts finished pods through status.uncountedTerminatedPods and the removal of their tracking finalizers,
   * then sets the final condition when nothing is left uncounted or terminating (trackJobStatusAndRemoveFinalizers).
   */
  private async trackJobStatusAndRemoveFinalizers(ctx: SyncJobCtx, needsFlushIn: boolean): Promise<void> {
    let needsFlush = needsFlushIn;
    const job = ctx.job;
    const status = job.status!;
    const isIndexed = isIndexedJob(job);
    const completions = job.spec?.completions ?? 0;
    const uncounted = status.uncountedTerminatedPods!;
    const podsToRemoveFinalizer: Pod[] = [];
    const newSucceededIndexes: number[] = [];
    if (isIndexed) ctx.pods.sort(byCompletionIndex);
    const uidsWithFinalizer = new Set<string>();
    for (const p of ctx.pods) if (hasJobTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(uidOf(p))) uidsWithFinalizer.add(uidOf(p));

    if (cleanUncountedPodsWithoutFinalizers(status, uidsWithFinalizer)) needsFlush = true;
    let reachedMaxUncountedPods = false;
    for (const pod of ctx.pods) {
      if (!hasJobTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uidOf(pod))) continue;
      const considerPodFailed = isPodFailed(pod, job);
      if (!canRemoveFinalizer(ctx, pod, considerPodFailed)) continue;
      podsToRemoveFinalizer.push(pod);
      if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uidOf(pod))) {
        if (isIndexed) {
          // The completion index is enough to never count a succeeded pod twice.
          const ix = getCompletionIndex(pod.metadata?.annotations);
          if (ix !== unknownCompletionIndex && ix < completions && !ctx.prevSucceededIndexes.has(ix)) {
            newSucceededIndexes.push(ix);
            needsFlush = true;
          }
        } else if (!ctx.uncounted.succeeded.has(uidOf(pod))) {
          needsFlush = true;
          (uncounted.succeeded ??= []).push(uidOf(pod));
        }
      } else if (considerPodFailed || (ctx.finishedCondition && !isSuccessCriteriaMetCondition(ctx.finishedCondition))) {
        // Once the job is finished (failed), every pod not terminated counts as failed.
        const ix = getCompletionIndex(pod.metadata?.annotations);
        if (!ctx.uncounted.failed.has(uidOf(pod)) && (!isIndexed || (ix !== unknownCompletionIndex && ix < completions))) {
          if (job.spec?.podFailurePolicy) {
            if (matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) {
              needsFlush = true;
              (uncounted.failed ??= []).push(uidOf(pod));
            }
          } else {
            needsFlush = true;
            (uncounted.failed ??= []).push(uidOf(pod));
          }
        }
      }
      if (newSucceededIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= this.config.maxUncountedPods) {
        // Keep status small and this sync short; pod and status updates bring the job back.
        reachedMaxUncountedPods = true;
        break;
      }
    }
    if (isIndexed) {
      ctx.succeededIndexes = ctx.succeededIndexes.withOrderedIndexes(newSucceededIndexes.sort((a, b) => a - b));
      const str = ctx.succeededIndexes.toString();
      if (str !== (status.completedIndexes ?? '')) needsFlush = true;
      setOmitEmpty(status, 'succeeded', ctx.succeededIndexes.total());
      setOmitEmpty(status, 'completedIndexes', str);
      const failedStr = ctx.failedIndexes?.toString();
      if (failedStr !== status.failedIndexes) {
        if (failedStr === undefined) delete status.failedIndexes;
        else status.failedIndexes = failedStr;
        needsFlush = true;
      }
    }
    if (ctx.finishedCondition?.type === 'FailureTarget') {
      // The interim condition is written before any finalizer is removed, so the failure reason is never lost.
      status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
      needsFlush = true;
      ctx.finishedCondition = newFailedConditionForFailureTarget(ctx.finishedCondition, this.now());
    }
    if (isSuccessCriteriaMetCondition(ctx.finishedCondition)) {
      if (!hasSuccessCriteriaMetCondition(job)) {
        status.conditions = [...(status.conditions ?? []), ctx.finishedCondition!];
        needsFlush = true;
      }
      ctx.finishedCondition = newCondition('Complete', 'True', ctx.finishedCondition!.reason ?? '', ctx.finishedCondition!.message ?? '', this.now());
    }
    needsFlush = await this.flushUncountedAndRemoveFinalizers(ctx, podsToRemoveFinalizer, uidsWithFinalizer, needsFlush);
    const jobFinished = !reachedMaxUncountedPods && this.enactJobFinished(ctx);
    if (jobFinished) needsFlush = true;
    if (needsFlush) {
      ctx.job = await this.updateJobStatus(ctx.job);
      if (jobFinished) this.recordJobFinished(ctx.job, ctx.finishedCondition!);
    }
  }

  /**
   * Writes status (new uncounted uids, interim conditions), removes the finalizers of the pods just recorded,
   * moves them from the uncounted lists to the counters and, if some removal failed, writes that progress.
   */
  private async flushUncountedAndRemoveFinalizers(ctx: SyncJobCtx, podsToRemoveFinalizer: Pod[], uidsWithFinalizer: Set<string>, needsFlushIn: boolean): Promise<boolean> {
    let needsFlush = needsFlushIn;
    if (needsFlush) {
      ctx.job = await this.updateJobStatus(ctx.job);
      this.backoffStore.updateBackoffRecord(ctx.newBackoffRecord);
      needsFlush = false;
    }
    const key = keyOf(ctx.job as KubeObject);
    let rmErr: unknown;
    if (podsToRemoveFinalizer.length > 0) {
      const { succeeded, err } = await this.removeTrackingFinalizerFromPods(key, podsToRemoveFinalizer);
      rmErr = err;
      podsToRemoveFinalizer.forEach((p, i) => succeeded[i] && uidsWithFinalizer.delete(uidOf(p)));
    }
    if (cleanUncountedPodsWithoutFinalizers(ctx.job.status!, uidsWithFinalizer)) needsFlush = true;
    if (rmErr && needsFlush) ctx.job = await this.updateJobStatus(ctx.job);
    if (rmErr) throw rmErr;
    return needsFlush;
  }

  private async removeTrackingFinalizerFromPods(key: string, pods: Pod[]): Promise<{ succeeded: boolean[]; err?: unknown }> {
    const succeeded = pods.map(() => false);
    let err: unknown;
    const expected = this.finalizerExpectations.get(key) ?? new Set<string>();
    this.finalizerExpectations.set(key, expected);
    for (const p of pods) expected.add(uidOf(p));
    await Promise.all(
      pods.map(async (pod, i) => {
        if (!hasJobTrackingFinalizer(pod)) return;
        try {
          await this.podControl.patchPod(pod.metadata!.namespace ?? '', pod.metadata!.name!, removeTrackingFinalizerPatch());
        } catch (e) {
          // No update to observe for this pod.
          this.finalizerRemovalObserved(key, uidOf(pod));
          if (!isNotFound(e)) {
            err ??= e;
            this.opts.log.error('removing tracking finalizer', { err: String(e) });
            return;
          }
        }
        succeeded[i] = true;
      }),
    );
    return { succeeded, err };
  }

  /** Sets Complete or Failed once nothing is uncounted or terminating (enactJobFinished). */
  private enactJobFinished(ctx: SyncJobCtx): boolean {
    const cond = ctx.finishedCondition;
    if (!cond) return false;
    const status = ctx.job.status!;
    const uncounted = status.uncountedTerminatedPods;
    if ((uncounted?.succeeded?.length ?? 0) + (uncounted?.failed?.length ?? 0) > 0) return false;
    if (ctx.terminating > 0) return false;
    status.conditions = ensureJobConditionStatus(status.conditions ?? [], cond.type, cond.status, cond.reason ?? '', cond.message ?? '', this.now()).list;
    if (cond.type === 'Complete') status.completionTime = cond.lastTransitionTime;
    return true;
  }

  private recordJobFinished(job: Job, cond: Condition): void {
    const ref = referenceOf(job as KubeObject);
    if (cond.type === 'Complete') {
      const completions = job.spec?.completions;
      if (completions !== undefined && completions !== null && (job.status?.succeeded ?? 0) > completions) {
        this.recorder.event(ref, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      }
      this.recorder.event(ref, 'Normal', 'Completed', 'Job completed');
    } else this.recorder.event(ref, 'Warning', cond.reason ?? '', cond.message ?? '');
  }

  private async updateJobStatus(job: Job): Promise<Job> {
    const ns = (job as KubeObject).metadata.namespace ?? '';
    return (await this.opts.client.resource(Jobs).namespace(ns).updateStatus(job as KubeObject)) as Job;
  }
}

// ---- pure helpers (ports of job_controller.go functions) ---------------------------------------

function removeTrackingFinalizerPatch(): unknown {
  return { metadata: { '$deleteFromPrimitiveList/finalizers': [JobTrackingFinalizer] } };
}

function newFailedConditionForFailureTarget(c: Condition, now: Date): Condition {
  return newCondition('Failed', 'True', c.reason ?? '', c.message ?? '', now);
}

/** The FailJob message of the first failed pod a podFailurePolicy rule fails the job for. */
function getFailJobMessage(job: Job, pods: Pod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).jobFailureMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

/** restartPolicy OnFailure: the containers' restarts in running and pending pods reach backoffLimit. */
function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let result = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) result += s.restartCount ?? 0;
    for (const s of p.status?.containerStatuses ?? []) result += s.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? result > 0 : result >= limit;
}

/** Pods with our finalizer, not yet in the uncounted set, with a valid index for Indexed jobs, passing filter. */
function getValidPodsWithFilter(ctx: SyncJobCtx, uncounted: Set<string> | undefined, filter: (p: Pod) => boolean): Pod[] {
  const out: Pod[] = [];
  for (const p of ctx.pods) {
    const uid = uidOf(p);
    if (!hasJobTrackingFinalizer(p) || uncounted?.has(uid) || ctx.expectedRmFinalizers.has(uid)) continue;
    if (isIndexedJob(ctx.job)) {
      const ix = getCompletionIndex(p.metadata?.annotations);
      if (ix === unknownCompletionIndex || ix >= (ctx.job.spec?.completions ?? 0)) continue;
    }
    if (filter(p)) out.push(p);
  }
  return out;
}

/** Moves uncounted uids whose pods lost the finalizer into the counters; whether anything changed. */
function cleanUncountedPodsWithoutFinalizers(status: JobStatus, uidsWithFinalizer: Set<string>): boolean {
  let updated = false;
  const u = (status.uncountedTerminatedPods ??= {});
  const keptSucceeded = (u.succeeded ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (keptSucceeded.length !== (u.succeeded ?? []).length) {
    updated = true;
    setOmitEmpty(status, 'succeeded', (status.succeeded ?? 0) + (u.succeeded!.length - keptSucceeded.length));
    if (keptSucceeded.length) u.succeeded = keptSucceeded;
    else delete u.succeeded;
  }
  const keptFailed = (u.failed ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (keptFailed.length !== (u.failed ?? []).length) {
    updated = true;
    setOmitEmpty(status, 'failed', (status.failed ?? 0) + (u.failed!.length - keptFailed.length));
    if (keptFailed.length) u.failed = keptFailed;
    else delete u.failed;
  }
  return updated;
}

/** The finalizer may go when the job is finished or deleted, the pod succeeded, or it failed (unless kept for its index's replacement). */
function canRemoveFinalizer(ctx: SyncJobCtx, pod: Pod, considerPodFailed: boolean): boolean {
  if ((ctx.job as KubeObject).metadata.deletionTimestamp || ctx.finishedCondition || pod.status?.phase === 'Succeeded') return true;
  if (!considerPodFailed) return false;
  if (hasBackoffLimitPerIndex(ctx.job)) {
    const ix = getCompletionIndex(pod.metadata?.annotations);
    if (ix !== unknownCompletionIndex && ctx.podsWithDelayedDeletionPerIndex.get(ix)?.metadata?.uid === pod.metadata?.uid) return false;
  }
  return true;
}

/** Pods to delete: duplicates and invalid indexes first (Indexed), then the least valuable active pods. */
function activePodsForRemoval(job: Job, pods: Pod[], rmAtLeast: number): Pod[] {
  let rm: Pod[] = [];
  let left: Pod[];
  if (isIndexedJob(job)) ({ rm, left } = duplicatedIndexPodsForRemoval(pods, job.spec?.completions ?? 0));
  else left = pods;
  if (rm.length < rmAtLeast) rm = [...rm, ...[...left].sort(activePodsComparator).slice(0, rmAtLeast - rm.length)];
  return rm;
}

function calculateSucceededIndexes(prev: OrderedIntervals, pods: Pod[], completions: number): OrderedIntervals {
  const newSucceeded = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (p.status?.phase === 'Succeeded' && ix !== unknownCompletionIndex && ix < completions && hasJobTrackingFinalizer(p)) newSucceeded.add(ix);
  }
  return prev.withOrderedIndexes([...newSucceeded].sort((a, b) => a - b));
}

function calculateFailedIndexes(job: Job, pods: Pod[]): OrderedIntervals {
  const completions = job.spec?.completions ?? 0;
  const prev = job.status?.failedIndexes !== undefined ? parseIndexesFromString(job.status.failedIndexes, completions) : new OrderedIntervals();
  const newFailed = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix !== unknownCompletionIndex && ix < completions && hasJobTrackingFinalizer(p) && isIndexFailed(job, p)) newFailed.add(ix);
  }
  return prev.withOrderedIndexes([...newFailed].sort((a, b) => a - b));
}

function isIndexFailed(job: Job, pod: Pod): boolean {
  let counted = false;
  if (isPodFailed(pod, job)) {
    if (job.spec?.podFailurePolicy) {
      const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
      if (m.action === 'FailIndex') return true;
      counted = m.countFailed;
    } else counted = true;
  }
  return counted && getIndexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** Per index, the last failed pod kept (finalizer not removed) until its replacement carries the failure counts. */
function getPodsWithDelayedDeletionPerIndex(ctx: SyncJobCtx): Map<number, Pod> {
  const activeIndexes = getIndexes(ctx.activePods);
  const out = new Map<number, Pod>();
  const completions = ctx.job.spec?.completions ?? 0;
  getValidPodsWithFilter(ctx, undefined, (p) => {
    if (!isPodFailed(p, ctx.job)) return false;
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix === unknownCompletionIndex || ix >= completions) return false;
    if (ctx.succeededIndexes.has(ix) || ctx.failedIndexes?.has(ix) || activeIndexes.has(ix)) return false;
    const last = out.get(ix);
    if (!last || (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(p) && !(getFinishedTime(p) < getFinishedTime(last)))) out.set(ix, p);
    return false;
  });
  return out;
}

function addIndexFailureCountAnnotation(template: PodTemplateSpec, job: Job, podBeingReplaced: Pod | undefined): void {
  let failures = 0;
  let ignored = 0;
  if (podBeingReplaced) {
    failures = getIndexFailureCount(podBeingReplaced);
    ignored = getIndexIgnoredFailureCount(podBeingReplaced);
    if (job.spec?.podFailurePolicy && !matchPodFailurePolicy(job.spec.podFailurePolicy, podBeingReplaced).countFailed) ignored++;
    else failures++;
  }
  const annotations = ((template.metadata ??= {}).annotations ??= {});
  annotations[JobIndexFailureCountAnnotation] = String(failures);
  if (ignored > 0) annotations[JobIndexIgnoredFailureCountAnnotation] = String(ignored);
}

/** successPolicy (Indexed jobs): the first rule whose indexes or count succeeded. */
function matchSuccessPolicy(job: Job, succeeded: OrderedIntervals): string | undefined {
  const policy = job.spec?.successPolicy;
  if (!policy || succeeded.intervals.length === 0) return undefined;
  const completions = job.spec?.completions ?? 0;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexesFromString(rule.succeededIndexes, completions);
      if (required.intervals.length === 0) continue;
      let contains = 0;
      for (const r of required.intervals) {
        for (const s of succeeded.intervals) contains += Math.max(0, Math.min(r.last, s.last) - Math.max(r.first, s.first) + 1);
      }
      if (contains === required.total() || (rule.succeededCount !== undefined && rule.succeededCount !== null && contains >= rule.succeededCount)) {
        return `Matched rules at index ${index}`;
      }
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && succeeded.total() >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
