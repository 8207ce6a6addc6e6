/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job (Complete or Failed) with
 * spec.ttlSecondsAfterFinished is deleted that many seconds after its finishing condition's lastTransitionTime,
 * with propagationPolicy Foreground so its pods go first. The TTL is re-checked on a fresh read before deleting.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import { isNotFound } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { keyOf, splitKey, type Informer, type InformerFactory } from '../client/informer.js';
import { Jobs } from '../client/resources.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const TTLAfterFinishedControllerName = 'ttl-after-finished-controller';

export interface TTLAfterFinishedOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  /** --concurrent-ttl-after-finished-syncs */
  workers?: number;
}

type JobObject = Job & KubeObject;

/** The finishing condition's lastTransitionTime, or an error when a finished job has none. */
export function jobFinishTime(job: Job): number {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') {
      if (!c.lastTransitionTime) throw new Error(`unable to find the time when the Job ${job.metadata?.namespace}/${job.metadata?.name} finished`);
      return new Date(c.lastTransitionTime).getTime();
    }
  }
  throw new Error(`unable to find the time when the Job ${job.metadata?.namespace}/${job.metadata?.name} finished`);
}

const isFinished = (job: Job) => (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** A TTL is set and the job finished (needsCleanup). */
export const needsCleanup = (job: Job) => job.spec?.ttlSecondsAfterFinished !== undefined && job.spec.ttlSecondsAfterFinished !== null && isFinished(job);

export class TTLAfterFinishedController {
  readonly name = TTLAfterFinishedControllerName;
  private readonly jobs: Informer<KubeObject>;
  private readonly queue: WorkQueue<string>;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: TTLAfterFinishedOptions) {
    this.queue = new WorkQueue({ clock: opts.clock, name: 'ttl_jobs_to_delete' });
    this.jobs = opts.informers.forResource(Jobs);
    const enqueue = (j: KubeObject) => {
      if (needsCleanup(j as JobObject)) this.queue.add(keyOf(j));
    };
    this.jobs.addEventHandler({ onAdd: enqueue, onUpdate: (_o, j) => enqueue(j) });
  }

  start(): void {
    this.opts.log.info('Starting TTL after finished controller');
    this.workers = runWorkers(this.queue, this.opts.workers ?? 5, (key) => this.processJob(key), {
      onError: (item, err) => this.opts.log.error('Error cleaning up Job', { job: item, err: String(err) }),
    });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  private async processJob(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const job = this.jobs.get(namespace, name) as JobObject | undefined;
    if (!job) return;
    if (!this.processTTL(job)) return;
    // The cached job may be stale (the TTL changed, the job restarted): check a fresh read before deleting.
    const ops = this.opts.client.resource(Jobs).namespace(namespace);
    let fresh: JobObject;
    try {
      fresh = (await ops.get(name)) as JobObject;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!this.processTTL(fresh)) return;
    this.opts.log.info('Cleaning up Job', { job: key });
    try {
      await ops.delete(name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** True when the TTL expired; otherwise the job is queued again for when it will. */
  private processTTL(job: JobObject): boolean {
    if (!needsCleanup(job)) return false;
    const now = this.opts.clock.now().getTime();
    const finishAt = jobFinishTime(job);
    if (finishAt > now) this.opts.log.warn('Found Job finished in the future. This is likely due to time skew in the cluster. Job cleanup will be deferred.', { job: keyOf(job) });
    const left = finishAt + job.spec!.ttlSecondsAfterFinished! * 1000 - now;
    if (left <= 0) return true;
    this.queue.addAfter(keyOf(job), left);
    return false;
  }
}
