/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): at each scheduled time it creates a
 * Job named `<cronjob>-<minutes since the epoch>` from the job template, honouring concurrencyPolicy
 * (Allow/Forbid/Replace), startingDeadlineSeconds and suspend; it keeps status.active, lastScheduleTime and
 * lastSuccessfulTime, and deletes finished Jobs beyond the successful/failed history limits. It sleeps on the
 * work queue until the next scheduled time.
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { isAlreadyExists, isNotFound, StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import { loadLocationError } from '../api/validation/cron-schedule.js';
import type { Client } from '../client/client.js';
import { EventRecorder, referenceOf } from '../client/event-recorder.js';
import { keyOf, splitKey, type Informer, type InformerFactory } from '../client/informer.js';
import { CronJobs, Jobs } from '../client/resources.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import { rfc3339, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { parseStandard, type Schedule } from './cronjob/schedule.js';
import {
  byJobStartTime,
  deleteFromActiveList,
  formatRFC1123Z,
  getJobFromTemplate2,
  getJobName,
  inActiveList,
  inActiveListByName,
  jobReference,
  nextScheduleTime,
  nextScheduleTimeDuration,
} from './cronjob/utils.js';
import { getControllerOf } from './util/controller-ref.js';
import { NamespaceTerminatingCause } from './util/pod-control.js';

export const CronJobControllerName = 'cronjob-controller';

export interface CronJobControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  /** --concurrent-cron-job-syncs */
  workers?: number;
}

type CronJobObject = CronJob & KubeObject;
type JobObject = Job & KubeObject;

const ms = (t: string | null | undefined) => (t ? new Date(t).getTime() : 0);

/** The Complete or Failed condition that finished the job (FinishedCondition). */
function finishedCondition(j: Job): 'Complete' | 'Failed' | undefined {
  for (const c of j.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}
const isJobFinished = (j: Job) => finishedCondition(j) !== undefined;
const isJobSucceeded = (j: Job) => (j.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');

export class CronJobController {
  readonly name = CronJobControllerName;
  private readonly recorder: EventRecorder;
  private readonly jobs: Informer<KubeObject>;
  private readonly cronJobs: Informer<KubeObject>;
  private readonly queue: WorkQueue<string>;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: CronJobControllerOptions) {
    this.recorder = new EventRecorder({ client: opts.client, clock: opts.clock, component: CronJobControllerName, log: opts.log });
    this.queue = new WorkQueue({ clock: opts.clock, name: 'cronjob' });
    this.jobs = opts.informers.forResource(Jobs);
    this.cronJobs = opts.informers.forResource(CronJobs);
    this.jobs.addEventHandler({
      onAdd: (j) => this.addJob(j as JobObject),
      onUpdate: (o, j) => this.updateJob(o as JobObject, j as JobObject),
      onDelete: (j) => this.enqueueOwner(j as JobObject),
    });
    this.cronJobs.addEventHandler({
      onAdd: (cj) => this.queue.add(keyOf(cj)),
      onUpdate: (o, cj) => this.updateCronJob(o as CronJobObject, cj as CronJobObject),
      onDelete: (cj) => this.queue.add(keyOf(cj)),
    });
  }

  start(): void {
    this.opts.log.info('Starting cronjob controller v2');
    this.workers = runWorkers(this.queue, this.opts.workers ?? 5, (key) => this.sync(key), {
      onError: (item, err) => this.opts.log.error('error syncing CronJobController, requeuing', { key: item, err: String(err) }),
    });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
    await this.recorder.flush();
  }

  /** Waits for pending event writes (tests). */
  flushEvents(): Promise<void> {
    return this.recorder.flush();
  }

  private now(): number {
    return this.opts.clock.now().getTime();
  }

  private event(cj: CronJobObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder.event(referenceOf(cj), type, reason, message);
  }

  // ---- event handlers ---------------------------------------------------------------------------

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }): CronJobObject | undefined {
    if (ref.kind !== 'CronJob') return undefined;
    const cj = this.cronJobs.get(namespace, ref.name) as CronJobObject | undefined;
    return cj && cj.metadata.uid === ref.uid ? cj : undefined;
  }

  private enqueueOwner(job: JobObject): void {
    const ref = getControllerOf(job);
    if (!ref) return;
    const cj = this.resolveControllerRef(job.metadata.namespace ?? '', ref);
    if (cj) this.queue.add(keyOf(cj));
  }

  private addJob(job: JobObject): void {
    this.enqueueOwner(job);
  }

  private updateJob(old: JobObject, cur: JobObject): void {
    if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    if (JSON.stringify(curRef) !== JSON.stringify(oldRef) && oldRef) this.enqueueOwner(old);
    if (curRef) this.enqueueOwner(cur);
  }

  /** A schedule or time zone change requeues for the new next run; anything else syncs now. */
  private updateCronJob(old: CronJobObject, cur: CronJobObject): void {
    if (old.spec?.schedule !== cur.spec?.schedule || (old.spec?.timeZone ?? undefined) !== (cur.spec?.timeZone ?? undefined)) {
      let sched: Schedule;
      try {
        sched = parseStandard(this.formatSchedule(cur, false));
      } catch (err) {
        this.opts.log.info('Unparseable schedule for cronjob', { cronjob: keyOf(cur), schedule: cur.spec?.schedule, err: String(err) });
        this.event(cur, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cur.spec?.schedule}`);
        return;
      }
      this.queue.addAfter(keyOf(cur), nextScheduleTimeDuration(cur, this.now(), sched));
      return;
    }
    this.queue.add(keyOf(cur));
  }

  // ---- sync -----------------------------------------------------------------------------------

  private async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cronJob = this.cronJobs.get(namespace, name) as CronJobObject | undefined;
    if (!cronJob) return;
    const jobsToBeReconciled = this.getJobsToBeReconciled(cronJob);
    // One copy collects every change, so the status is written once.
    const copy = structuredClone(cronJob);
    const updateStatusAfterCleanup = await this.cleanupFinishedJobs(copy, jobsToBeReconciled);
    let requeueAfter: number | undefined;
    let updateStatusAfterSync = false;
    let syncErr: unknown;
    try {
      const r = await this.syncCronJob(copy, jobsToBeReconciled);
      requeueAfter = r.requeueAfter;
      updateStatusAfterSync = r.updateStatus;
      if (r.cronJob) Object.assign(copy, r.cronJob);
    } catch (err) {
      const e = err as { updateStatus?: boolean; cause?: unknown };
      updateStatusAfterSync = e.updateStatus ?? false;
      syncErr = e.cause ?? err;
      this.opts.log.info('Error reconciling cronjob', { cronjob: key, err: String(syncErr) });
    }
    if (updateStatusAfterCleanup || updateStatusAfterSync) {
      await this.opts.client.resource(CronJobs).namespace(namespace).updateStatus(copy);
    }
    if (requeueAfter !== undefined) {
      this.queue.addAfter(key, requeueAfter);
      return;
    }
    if (syncErr) throw syncErr;
  }

  /** Jobs whose controller reference names this CronJob, whatever their labels. */
  private getJobsToBeReconciled(cj: CronJobObject): JobObject[] {
    return (this.jobs.listByNamespace(cj.metadata.namespace ?? '') as JobObject[]).filter((j) => getControllerOf(j)?.name === cj.metadata.name);
  }

  /**
   * syncCronJob: updates status.active from the jobs, then starts the run that is due (if any and allowed).
   * Throws { updateStatus, cause } so a status change made before an error is still written.
   */
  private async syncCronJob(cronJobIn: CronJobObject, jobs: JobObject[]): Promise<{ requeueAfter?: number; updateStatus: boolean; cronJob?: CronJobObject }> {
    let cronJob = cronJobIn;
    const now = this.now();
    let updateStatus = false;
    const fail = (cause: unknown) => Object.assign(new Error('syncCronJob'), { updateStatus, cause });
    const ns = cronJob.metadata.namespace ?? '';
    const jobsApi = this.opts.client.resource(Jobs).namespace(ns);
    const childrenJobs = new Set<string>();
    for (const j of jobs) {
      childrenJobs.add(j.metadata.uid ?? '');
      const found = inActiveList(cronJob, j.metadata.uid);
      if (!found && !isJobFinished(j)) {
        let fresh: CronJobObject;
        try {
          fresh = (await this.opts.client.resource(CronJobs).namespace(ns).get(cronJob.metadata.name!)) as CronJobObject;
        } catch (err) {
          throw fail(err);
        }
        if (inActiveList(fresh, j.metadata.uid)) {
          cronJob = fresh;
          continue;
        }
        // Created by us just before a crash, or by someone who wants us to adopt it.
        this.event(cronJob, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (found && isJobFinished(j)) {
        deleteFromActiveList(cronJob, j.metadata.uid);
        this.event(cronJob, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finishedCondition(j)}`);
        updateStatus = true;
      } else if (isJobSucceeded(j)) {
        // A successful job counts for lastSuccessfulTime whether or not it was in the active list.
        const status = (cronJob.status ??= {});
        if (!status.lastSuccessfulTime && j.status?.completionTime) {
          status.lastSuccessfulTime = j.status.completionTime;
          updateStatus = true;
        }
        if (j.status?.completionTime && ms(j.status.completionTime) > ms(status.lastSuccessfulTime)) {
          status.lastSuccessfulTime = j.status.completionTime;
          updateStatus = true;
        }
      }
    }

    // An active job that no longer exists would keep the CronJob busy forever: drop it (after a live check).
    for (const ref of [...(cronJob.status?.active ?? [])]) {
      if (childrenJobs.has(ref.uid ?? '')) continue;
      try {
        await this.opts.client.resource(Jobs).namespace(ref.namespace ?? ns).get(ref.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) throw fail(err);
        this.event(cronJob, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        deleteFromActiveList(cronJob, ref.uid);
        updateStatus = true;
      }
    }

    if (cronJob.metadata.deletionTimestamp) return { updateStatus, cronJob };

    const tz = cronJob.spec?.timeZone;
    if (tz !== undefined && tz !== null) {
      const err = loadLocationError(tz);
      if (err) {
        this.event(cronJob, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: ${err}`);
        return { updateStatus, cronJob };
      }
    }
    if (cronJob.spec?.suspend) return { updateStatus, cronJob };

    let sched: Schedule;
    try {
      sched = parseStandard(this.formatSchedule(cronJob, true));
    } catch (err) {
      this.event(cronJob, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cronJob.spec?.schedule)} : ${(err as Error).message}`);
      return { updateStatus, cronJob };
    }
    const next = nextScheduleTime(cronJob, now, sched);
    if (next.missed === 'many' && next.scheduledTime !== undefined) {
      this.event(cronJob, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
      this.opts.log.info('too many missed times', { cronjob: keyOf(cronJob) });
    }
    if (next.error) {
      this.event(cronJob, 'Warning', 'InvalidSchedule', `invalid schedule: ${cronJob.spec?.schedule} : ${next.error.message}`);
      return { updateStatus, cronJob };
    }
    const requeue = () => nextScheduleTimeDuration(cronJob, now, sched);
    const scheduledTime = next.scheduledTime;
    // No run due: this happens after a restart fills the queue; otherwise the queue wakes us at a run time.
    if (scheduledTime === undefined) return { requeueAfter: requeue(), updateStatus, cronJob };

    const sds = cronJob.spec?.startingDeadlineSeconds;
    const tooLate = sds !== undefined && sds !== null && scheduledTime + sds * 1000 < now;
    if (tooLate) {
      this.event(cronJob, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${formatRFC1123Z(new Date(scheduledTime))}`);
      return { requeueAfter: requeue(), updateStatus, cronJob };
    }
    if (inActiveListByName(cronJob, getJobName(cronJob, scheduledTime), ns) || ms(cronJob.status?.lastScheduleTime) === scheduledTime) {
      // This run was already started.
      return { requeueAfter: requeue(), updateStatus, cronJob };
    }
    if (cronJob.spec?.concurrencyPolicy === 'Forbid' && (cronJob.status?.active ?? []).length > 0) {
      // The cache may lag, so two runs can still overlap when they are close; far apart they never do.
      this.event(cronJob, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return { requeueAfter: requeue(), updateStatus, cronJob };
    }
    if (cronJob.spec?.concurrencyPolicy === 'Replace') {
      for (const ref of [...(cronJob.status?.active ?? [])]) {
        let job: JobObject;
        try {
          job = (await this.opts.client.resource(Jobs).namespace(ref.namespace ?? ns).get(ref.name ?? '')) as JobObject;
        } catch (err) {
          this.event(cronJob, 'Warning', 'FailedGet', `Get job: ${(err as Error).message}`);
          throw fail(err);
        }
        if (!(await this.deleteJob(cronJob, job))) throw fail(new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`));
        updateStatus = true;
      }
    }

    const jobReq = getJobFromTemplate2(cronJob, scheduledTime);
    let jobResp: JobObject;
    let jobAlreadyExists = false;
    try {
      jobResp = (await jobsApi.create(jobReq)) as JobObject;
    } catch (err) {
      if (err instanceof StatusError && err.status.details?.causes?.some((c) => c.reason === NamespaceTerminatingCause)) throw fail(err);
      if (!isAlreadyExists(err)) {
        this.event(cronJob, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
        throw fail(err);
      }
      // Created earlier (by us, before a crash, or by someone else): only ours is added to the active list.
      jobAlreadyExists = true;
      let existing: JobObject;
      try {
        existing = (await jobsApi.get(jobReq.metadata.name!)) as JobObject;
      } catch (e) {
        throw fail(e);
      }
      jobResp = existing;
      if (getControllerOf(existing)?.uid !== cronJob.metadata.uid) return { updateStatus, cronJob };
      if (inActiveList(cronJob, existing.metadata.uid)) return { updateStatus, cronJob };
    }
    if (jobAlreadyExists) this.opts.log.info('Job already exists', { cronjob: keyOf(cronJob), job: keyOf(jobReq) });
    else this.event(cronJob, 'Normal', 'SuccessfulCreate', `Created job ${jobResp.metadata.name}`);

    // If we crash here, the next sync finds the job by its deterministic name instead of creating it twice.
    const status = (cronJob.status ??= {});
    status.active = [...(status.active ?? []), jobReference(jobResp)];
    status.lastScheduleTime = rfc3339(new Date(scheduledTime));
    updateStatus = true;
    return { requeueAfter: requeue(), updateStatus, cronJob };
  }

  /** Deletes finished jobs beyond the history limits, oldest first; whether status changed. */
  private async cleanupFinishedJobs(cj: CronJobObject, js: JobObject[]): Promise<boolean> {
    const successfulLimit = cj.spec?.successfulJobsHistoryLimit;
    const failedLimit = cj.spec?.failedJobsHistoryLimit;
    if ((successfulLimit === undefined || successfulLimit === null) && (failedLimit === undefined || failedLimit === null)) return false;
    const successful = js.filter((j) => finishedCondition(j) === 'Complete');
    const failed = js.filter((j) => finishedCondition(j) === 'Failed');
    let updateStatus = false;
    if (successfulLimit !== undefined && successfulLimit !== null && (await this.removeOldestJobs(cj, successful, successfulLimit))) updateStatus = true;
    if (failedLimit !== undefined && failedLimit !== null && (await this.removeOldestJobs(cj, failed, failedLimit))) updateStatus = true;
    return updateStatus;
  }

  private async removeOldestJobs(cj: CronJobObject, js: JobObject[], maxJobs: number): Promise<boolean> {
    const numToDelete = js.length - maxJobs;
    if (numToDelete <= 0) return false;
    let updateStatus = false;
    const sorted = [...js].sort(byJobStartTime);
    for (let i = 0; i < numToDelete; i++) if (await this.deleteJob(cj, sorted[i]!)) updateStatus = true;
    return updateStatus;
  }

  /** Deletes a job (its pods in the background) and its active-list entry. */
  private async deleteJob(cj: CronJobObject, job: JobObject): Promise<boolean> {
    try {
      await this.opts.client.resource(Jobs).namespace(job.metadata.namespace ?? '').delete(job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (err) {
      this.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${(err as Error).message}`);
      this.opts.log.error('Error deleting job from cronjob', { job: keyOf(job), cronjob: keyOf(cj), err: String(err) });
      return false;
    }
    deleteFromActiveList(cj, job.metadata.uid);
    this.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }

  /** The schedule with spec.timeZone as a TZ= prefix; a TZ in the schedule itself is used as is, with a warning. */
  private formatSchedule(cj: CronJobObject, warn: boolean): string {
    const schedule = cj.spec?.schedule ?? '';
    if (schedule.includes('TZ')) {
      if (warn) {
        this.event(
          cj,
          'Warning',
          'UnsupportedSchedule',
          `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
        );
      }
      return schedule;
    }
    const tz = cj.spec?.timeZone;
    if (tz !== undefined && tz !== null) {
      if (loadLocationError(tz)) return schedule;
      return `TZ=${tz} ${schedule}`;
    }
    return schedule;
  }
}
