import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { CronJobs, Events, Jobs } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks, rfc3339 } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { CronJobController } from './cronjob.js';
import { parseStandard } from './cronjob/schedule.js';
import { formatRFC1123Z, formatRFC3339In, mostRecentScheduleTime } from './cronjob/utils.js';

async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** The name upstream gives the job of a run: minutes since the epoch. */
const jobNameAt = (cronJob: string, iso: string) => `${cronJob}-${Math.floor(Date.parse(iso) / 60_000)}`;

describe('cronjob controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let cc: CronJobController;

  const cronJobs = () => client.resource(CronJobs).namespace('default');
  const jobs = () => client.resource(Jobs).namespace('default');

  async function advance(ms: number, step = 5000): Promise<void> {
    await settle();
    for (let done = 0; done < ms; done += step) {
      await t.clock.advanceAsync(Math.min(step, ms - done));
      await settle();
    }
  }

  async function createCronJob(name: string, spec: Record<string, unknown>): Promise<CronJob> {
    return (await cronJobs().create({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name },
      spec: {
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox', command: ['date'] }] } } } },
        ...spec,
      },
    })) as CronJob;
  }

  const jobNames = async () => ((await jobs().list()).items as Job[]).map((j) => j.metadata!.name!).sort();
  const getCronJob = async (name: string) => (await cronJobs().get(name)) as CronJob;
  const events = async (name: string) => {
    await cc.flushEvents();
    return (await client.resource(Events).namespace('default').list()).items
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);
  };

  /** What the job controller writes when a job finishes. */
  async function finishJob(name: string, type: 'Complete' | 'Failed'): Promise<void> {
    const job = (await jobs().get(name)) as Job & KubeObject;
    const ts = rfc3339(t.clock.now());
    const cond = (c: string) => ({ type: c, status: 'True', lastProbeTime: ts, lastTransitionTime: ts, reason: type === 'Complete' ? 'CompletionsReached' : 'BackoffLimitExceeded', message: 'x' });
    await jobs().updateStatus({
      ...job,
      status: {
        startTime: job.status?.startTime ?? ts,
        ...(type === 'Complete' ? { completionTime: ts, succeeded: 1 } : { failed: 1 }),
        ready: 0,
        terminating: 0,
        uncountedTerminatedPods: {},
        conditions: type === 'Complete' ? [cond('SuccessCriteriaMet'), cond('Complete')] : [cond('FailureTarget'), cond('Failed')],
      },
    } as KubeObject);
  }

  /** What the job controller sets when a job starts: status.startTime (the history limits sort by it). */
  async function startJob(name: string): Promise<void> {
    const job = (await jobs().get(name)) as Job & KubeObject;
    await jobs().updateStatus({ ...job, status: { startTime: rfc3339(t.clock.now()), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} } } as KubeObject);
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock, log: memoryLogger(t.clock) });
    cc = new CronJobController({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
    await informers.start();
    await informers.waitForSync();
    cc.start();
  });

  afterEach(async () => {
    await cc.stop();
    informers.stop();
    await t.close();
  });

  it('a CronJob every minute creates one job per minute, named by the scheduled minute, owned by the CronJob', async () => {
    const cj = await createCronJob('hello', { schedule: '* * * * *' });
    await advance(59_000);
    expect(await jobNames()).toEqual([]);
    await advance(2000);
    const first = jobNameAt('hello', '2024-06-01T12:01:00Z');
    expect(await jobNames()).toEqual([first]);
    const job = (await jobs().get(first)) as Job;
    expect(job.metadata?.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2024-06-01T12:01:00Z' });
    expect(job.metadata?.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata!.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(job.spec?.template.spec?.containers[0]!.command).toEqual(['date']);
    const status = (await getCronJob('hello')).status!;
    expect(status.lastScheduleTime).toBe('2024-06-01T12:01:00Z');
    expect(status.active).toEqual([{ kind: 'Job', namespace: 'default', name: first, uid: job.metadata!.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata!.resourceVersion }]);
    await advance(60_000);
    expect(await jobNames()).toEqual([first, jobNameAt('hello', '2024-06-01T12:02:00Z')].sort());
    expect(await events('hello')).toEqual([`Normal SuccessfulCreate: Created job ${first}`, `Normal SuccessfulCreate: Created job ${jobNameAt('hello', '2024-06-01T12:02:00Z')}`]);
  });

  it('a completed job leaves the active list and sets lastSuccessfulTime; only the last 3 successful jobs are kept', async () => {
    await createCronJob('hello', { schedule: '* * * * *' });
    await advance(1000);
    const names: string[] = [];
    let lastFinish = '';
    for (let minute = 1; minute <= 5; minute++) {
      await advance(minute === 1 ? 60_000 : 55_000);
      const name = jobNameAt('hello', `2024-06-01T12:0${minute}:00Z`);
      names.push(name);
      await startJob(name);
      await advance(5000, 5000);
      lastFinish = rfc3339(t.clock.now());
      await finishJob(name, 'Complete');
      await advance(0);
      await settle();
    }
    await advance(60_000);
    const kept = await jobNames();
    // Five finished, history limit 3, and the sixth run started.
    expect(kept).toEqual([...names.slice(2), jobNameAt('hello', '2024-06-01T12:06:00Z')].sort());
    const status = (await getCronJob('hello')).status!;
    expect(status.lastSuccessfulTime).toBe(lastFinish);
    expect(status.active?.map((a) => a.name)).toEqual([jobNameAt('hello', '2024-06-01T12:06:00Z')]);
    const evs = await events('hello');
    expect(evs).toContain(`Normal SawCompletedJob: Saw completed job: ${names[0]}, condition: Complete`);
    expect(evs).toContain(`Normal SuccessfulDelete: Deleted job ${names[0]}`);
    expect(evs).toContain(`Normal SuccessfulDelete: Deleted job ${names[1]}`);
  });

  it('failedJobsHistoryLimit 1 keeps only the newest failed job', async () => {
    await createCronJob('flaky', { schedule: '* * * * *' });
    await advance(1000);
    for (let minute = 1; minute <= 2; minute++) {
      await advance(60_000);
      const name = jobNameAt('flaky', `2024-06-01T12:0${minute}:00Z`);
      await startJob(name);
      await finishJob(name, 'Failed');
      await settle();
    }
    await advance(30_000);
    expect(await jobNames()).toEqual([jobNameAt('flaky', '2024-06-01T12:02:00Z')]);
  });

  it('concurrencyPolicy Forbid skips a run while the previous job is active', async () => {
    await createCronJob('once', { schedule: '* * * * *', concurrencyPolicy: 'Forbid' });
    await advance(61_000);
    const first = jobNameAt('once', '2024-06-01T12:01:00Z');
    await advance(60_000);
    expect(await jobNames()).toEqual([first]);
    expect(await events('once')).toContain('Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
    // Once the job finishes, the skipped 12:02 run starts late (no startingDeadlineSeconds bounds it).
    await finishJob(first, 'Complete');
    await advance(1000, 1000);
    expect(await jobNames()).toEqual([first, jobNameAt('once', '2024-06-01T12:02:00Z')].sort());
  });

  it('concurrencyPolicy Replace deletes the running job and starts the new one', async () => {
    await createCronJob('swap', { schedule: '* * * * *', concurrencyPolicy: 'Replace' });
    await advance(61_000);
    const first = jobNameAt('swap', '2024-06-01T12:01:00Z');
    expect(await jobNames()).toEqual([first]);
    await advance(60_000);
    const second = jobNameAt('swap', '2024-06-01T12:02:00Z');
    expect(await jobNames()).toEqual([second]);
    expect((await getCronJob('swap')).status?.active?.map((a) => a.name)).toEqual([second]);
    expect(await events('swap')).toEqual([
      `Normal SuccessfulCreate: Created job ${first}`,
      `Normal SuccessfulDelete: Deleted job ${first}`,
      `Normal SuccessfulCreate: Created job ${second}`,
    ]);
  });

  it('a suspended CronJob creates nothing; resumed after 3 hours it warns of too many missed runs and starts only the latest', async () => {
    await createCronJob('late', { schedule: '* * * * *', suspend: true });
    await advance(3 * 3600_000, 600_000);
    expect(await jobNames()).toEqual([]);
    const cj = (await cronJobs().get('late')) as CronJob & KubeObject;
    await cronJobs().update({ ...cj, spec: { ...cj.spec, suspend: false } } as KubeObject);
    await advance(1000, 1000);
    expect(await jobNames()).toEqual([jobNameAt('late', '2024-06-01T15:00:00Z')]);
    expect(await events('late')).toContain('Warning TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
  });

  it('startingDeadlineSeconds: a run missed by more than the deadline is not started', async () => {
    await createCronJob('strict', { schedule: '0 * * * *', startingDeadlineSeconds: 10, suspend: true });
    await advance(3600_000 + 30_000, 600_000);
    const cj = (await cronJobs().get('strict')) as CronJob & KubeObject;
    await cronJobs().update({ ...cj, spec: { ...cj.spec, suspend: false } } as KubeObject);
    await advance(1000, 1000);
    expect(await jobNames()).toEqual([]);
    await advance(3600_000, 600_000);
    expect(await jobNames()).toEqual([jobNameAt('strict', '2024-06-01T14:00:00Z')]);
  });

  it('spec.timeZone runs the schedule in that zone and stamps the scheduled time in it', async () => {
    await createCronJob('seoul', { schedule: '0 9 * * *', timeZone: 'Asia/Seoul' });
    await advance(12 * 3600_000 + 1000, 600_000);
    const name = jobNameAt('seoul', '2024-06-02T00:00:00Z');
    expect(await jobNames()).toEqual([name]);
    expect(((await jobs().get(name)) as Job).metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2024-06-02T09:00:00+09:00');
  });
});

describe('cronjob schedules', () => {
  const at = (iso: string) => new Date(iso);
  it.each<[string, string, string, string]>([
    ['every minute runs at the next whole minute', '* * * * *', '2024-06-01T12:00:00Z', '2024-06-01T12:01:00.000Z'],
    ['a fraction of a second still means the next minute', '* * * * *', '2024-06-01T12:00:30.5Z', '2024-06-01T12:01:00.000Z'],
    ['@hourly is minute 0', '@hourly', '2024-06-01T12:00:00Z', '2024-06-01T13:00:00.000Z'],
    ['@weekly is Sunday midnight', '@weekly', '2024-06-01T12:00:00Z', '2024-06-02T00:00:00.000Z'],
    ['a day of month and a weekday match either (13th or Friday)', '0 0 13 * 5', '2024-06-01T00:00:00Z', '2024-06-07T00:00:00.000Z'],
    ['CRON_TZ= runs in that zone', 'CRON_TZ=Asia/Seoul 0 9 * * *', '2024-06-01T12:00:00Z', '2024-06-02T00:00:00.000Z'],
    ['@every counts from the given time', '@every 90s', '2024-06-01T12:00:00.250Z', '2024-06-01T12:01:30.000Z'],
  ])('%s', (_n, spec, from, want) => {
    expect(parseStandard(spec).next(at(from)).toISOString()).toBe(want);
  });

  it('the seed notes\' "1/*" schedule is refused as robfig/cron refuses it', () => {
    expect(() => parseStandard('1/* * * * *')).toThrow('failed to parse int from *: strconv.Atoi: parsing "*": invalid syntax');
  });

  it('an impossible date (February 31st) is an invalid schedule for the controller', () => {
    const cj = { metadata: { creationTimestamp: '2024-06-01T12:00:00Z' }, spec: { schedule: '59 23 31 2 *' } } as never;
    expect(mostRecentScheduleTime(cj, Date.parse('2024-06-01T12:00:00Z'), parseStandard('59 23 31 2 *'), true).error?.message).toBe(
      'time difference between two schedules is less than 1 second',
    );
  });

  it('formats times as Go does', () => {
    expect(formatRFC3339In(at('2024-06-02T00:00:00Z'), 'Asia/Seoul')).toBe('2024-06-02T09:00:00+09:00');
    expect(formatRFC3339In(at('2024-01-02T00:00:00Z'), 'Europe/London')).toBe('2024-01-02T00:00:00Z');
    expect(formatRFC3339In(at('2024-06-02T00:00:00Z'), undefined)).toBe('2024-06-02T00:00:00Z');
    expect(formatRFC1123Z(at('2024-06-02T00:01:00Z'))).toBe('Sun, 02 Jun 2024 00:01:00 +0000');
  });
});
