import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Events, Jobs, Pods } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks, rfc3339 } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { GarbageCollector } from './garbage-collector.js';
import { JobController } from './job.js';

/** Lets watch events reach the informers and the workers run. */
async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('job controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let jc: JobController;

  const jobs = () => client.resource(Jobs).namespace('default');
  const podsApi = () => client.resource(Pods).namespace('default');

  /** Moves the fake clock in steps so timers, watches and workers interleave as in real time. */
  async function advance(ms: number, step = 500): Promise<void> {
    await settle();
    for (let done = 0; done < ms; done += step) {
      await t.clock.advanceAsync(Math.min(step, ms - done));
      await settle();
    }
  }

  async function createJob(name: string, spec: Record<string, unknown>, template: Record<string, unknown> = {}): Promise<Job> {
    return (await jobs().create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: {
        ...spec,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'exit 0'] }], ...template } },
      },
    })) as Job;
  }

  const getJob = async (name: string) => (await jobs().get(name)) as Job;
  const podsOf = async (job: string) =>
    ((await podsApi().list({ labelSelector: `batch.kubernetes.io/job-name=${job}` })).items as Pod[]).sort((a, b) =>
      a.metadata!.creationTimestamp! < b.metadata!.creationTimestamp! ? -1 : a.metadata!.name! < b.metadata!.name! ? -1 : 1,
    );
  const activePods = async (job: string) => (await podsOf(job)).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata?.deletionTimestamp);
  const conditions = async (name: string) => ((await getJob(name)).status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason ?? ''}: ${c.message ?? ''}`);
  const events = async (name: string) => {
    await jc.flushEvents();
    return (await client.resource(Events).namespace('default').list()).items
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);
  };

  /** What the kubelet reports when the pod's only container exits with the code. */
  async function finishPod(pod: Pod, exitCode: number, extraConditions: unknown[] = []): Promise<void> {
    const ts = rfc3339(t.clock.now());
    const current = (await podsApi().get(pod.metadata!.name!)) as Pod & KubeObject;
    await podsApi().updateStatus({
      ...current,
      status: {
        ...current.status,
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        conditions: [{ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: ts, reason: 'PodCompleted' }, ...extraConditions],
        containerStatuses: [
          {
            name: 'main',
            image: 'busybox',
            imageID: '',
            ready: false,
            restartCount: 0,
            started: false,
            state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: ts, finishedAt: ts } },
          },
        ],
      },
    } as KubeObject);
  }

  async function runPod(pod: Pod): Promise<void> {
    const ts = rfc3339(t.clock.now());
    const current = (await podsApi().get(pod.metadata!.name!)) as Pod & KubeObject;
    await podsApi().updateStatus({
      ...current,
      status: { ...current.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ts }] },
    } as KubeObject);
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock, log: memoryLogger(t.clock) });
    jc = new JobController({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
    await informers.start();
    await informers.waitForSync();
    jc.start();
  });

  afterEach(async () => {
    await jc.stop();
    informers.stop();
    await t.close();
  });

  it('a Job with backoffLimit 2 fails after its third failed pod, each replacement waiting the doubling back-off', async () => {
    await createJob('pi', { backoffLimit: 2 });
    await advance(500);
    let pods = await podsOf('pi');
    expect(pods).toHaveLength(1);
    await finishPod(pods[0]!, 1);
    // 10 s back-off after the first failure.
    await advance(9000);
    expect(await podsOf('pi')).toHaveLength(1);
    await advance(2000);
    pods = await podsOf('pi');
    expect(pods).toHaveLength(2);
    await finishPod(pods[1]!, 1);
    // 20 s after the second.
    await advance(18_000);
    expect(await podsOf('pi')).toHaveLength(2);
    await advance(3000);
    pods = await podsOf('pi');
    expect(pods).toHaveLength(3);
    await finishPod(pods[2]!, 1);
    await advance(3000);
    const job = await getJob('pi');
    expect(await podsOf('pi')).toHaveLength(3);
    expect(job.status).toMatchObject({ failed: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(job.status?.active).toBeUndefined();
    expect(await conditions('pi')).toEqual([
      'FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit',
      'Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    expect(job.status?.completionTime).toBeUndefined();
    // Every pod lost the tracking finalizer once counted.
    expect((await podsOf('pi')).every((p) => !(p.metadata?.finalizers ?? []).includes('batch.kubernetes.io/job-tracking'))).toBe(true);
    const evs = await events('pi');
    expect(evs.filter((e) => e.startsWith('Normal SuccessfulCreate: Created pod: pi-'))).toHaveLength(3);
    expect(evs).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('completions 3 with parallelism 2 never runs more than 2 pods and completes after 3 successes', async () => {
    const created = await createJob('work', { completions: 3, parallelism: 2 });
    await advance(500);
    let active = await activePods('work');
    expect(active).toHaveLength(2);
    const pod = active[0]!;
    expect(pod.metadata?.generateName).toBe('work-');
    expect(pod.metadata?.labels).toMatchObject({
      'batch.kubernetes.io/controller-uid': created.metadata!.uid,
      'batch.kubernetes.io/job-name': 'work',
      'controller-uid': created.metadata!.uid,
      'job-name': 'work',
    });
    expect(pod.metadata?.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pod.metadata?.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'work', uid: created.metadata!.uid, controller: true, blockOwnerDeletion: true },
    ]);
    await runPod(active[0]!);
    await runPod(active[1]!);
    await advance(1500);
    expect((await getJob('work')).status).toMatchObject({ active: 2, ready: 2 });
    await finishPod(active[0]!, 0);
    await advance(1500);
    active = await activePods('work');
    expect(active).toHaveLength(2);
    expect((await getJob('work')).status?.succeeded).toBe(1);
    for (const p of active) await finishPod(p, 0);
    await advance(1500);
    expect(await activePods('work')).toHaveLength(0);
    const job = await getJob('work');
    expect(job.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(job.status?.completionTime).toBeDefined();
    expect(await conditions('work')).toEqual([
      'SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods',
      'Complete=True CompletionsReached: Reached expected number of succeeded pods',
    ]);
    expect(await events('work')).toContain('Normal Completed: Job completed');
  });

  it('an Indexed job gives each pod its index (annotation, label, hostname, JOB_COMPLETION_INDEX) and reports completed indexes', async () => {
    await createJob('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
    await advance(2000);
    const pods = await podsOf('idx');
    expect(pods).toHaveLength(3);
    const byIndex = new Map(pods.map((p) => [p.metadata!.annotations!['batch.kubernetes.io/job-completion-index'], p]));
    expect([...byIndex.keys()].sort()).toEqual(['0', '1', '2']);
    const p1 = byIndex.get('1')!;
    expect(p1.metadata?.generateName).toBe('idx-1-');
    expect(p1.metadata?.labels?.['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(p1.spec?.hostname).toBe('idx-1');
    expect(p1.spec?.containers[0]!.env).toEqual([
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
    ]);
    await finishPod(byIndex.get('0')!, 0);
    await finishPod(byIndex.get('1')!, 0);
    await advance(1500);
    expect((await getJob('idx')).status).toMatchObject({ completedIndexes: '0,1', succeeded: 2, active: 1 });
    // A failed index gets a replacement pod with the same index.
    await finishPod(byIndex.get('2')!, 1);
    await advance(12_000);
    const replacement = (await activePods('idx'))[0]!;
    expect(replacement.metadata?.annotations?.['batch.kubernetes.io/job-completion-index']).toBe('2');
    await finishPod(replacement, 0);
    await advance(1500);
    const job = await getJob('idx');
    expect(job.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3, failed: 1 });
    expect((job.status?.conditions ?? []).map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
  });

  it('activeDeadlineSeconds fails a running job with DeadlineExceeded and deletes its pods', async () => {
    await createJob('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 });
    await advance(1000);
    expect(await activePods('slow')).toHaveLength(2);
    await advance(25_000);
    expect(await conditions('slow')).toEqual([]);
    await advance(6000);
    expect(await activePods('slow')).toHaveLength(0);
    const job = await getJob('slow');
    expect(job.status).toMatchObject({ failed: 2, terminating: 0 });
    expect(await conditions('slow')).toEqual([
      'FailureTarget=True DeadlineExceeded: Job was active longer than specified deadline',
      'Failed=True DeadlineExceeded: Job was active longer than specified deadline',
    ]);
    const evs = await events('slow');
    expect(evs).toContain('Warning DeadlineExceeded: Job was active longer than specified deadline');
    expect(evs.filter((e) => e.startsWith('Normal SuccessfulDelete: Deleted pod: slow-'))).toHaveLength(2);
  });

  it('suspending a job deletes its pods and sets Suspended; resuming brings them back', async () => {
    await createJob('sus', { parallelism: 2, completions: 2, suspend: true });
    await advance(1500);
    expect(await podsOf('sus')).toHaveLength(0);
    expect(await conditions('sus')).toEqual(['Suspended=True JobSuspended: Job suspended']);
    expect((await getJob('sus')).status?.startTime).toBeUndefined();
    const job = (await getJob('sus')) as Job & KubeObject;
    await jobs().update({ ...job, spec: { ...job.spec, suspend: false } } as KubeObject);
    await advance(1500);
    expect(await activePods('sus')).toHaveLength(2);
    expect(await conditions('sus')).toEqual(['Suspended=False JobResumed: Job resumed']);
    expect((await getJob('sus')).status?.startTime).toBeDefined();
    const running = (await getJob('sus')) as Job & KubeObject;
    await jobs().update({ ...running, spec: { ...running.spec, suspend: true } } as KubeObject);
    await advance(1500);
    expect(await activePods('sus')).toHaveLength(0);
    expect(await conditions('sus')).toEqual(['Suspended=True JobSuspended: Job suspended']);
    expect(await events('sus')).toEqual(expect.arrayContaining(['Normal Suspended: Job suspended', 'Normal Resumed: Job resumed']));
  });

  it('a podFailurePolicy FailJob rule on an exit code fails the job at once, naming the container and rule', async () => {
    await createJob('pfp', {
      backoffLimit: 6,
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
          { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
        ],
      },
    });
    await advance(500);
    let pods = await podsOf('pfp');
    // A disruption is ignored: not counted against backoffLimit (the back-off record still sees a failed pod, as upstream's).
    await finishPod(pods[0]!, 137, [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', lastProbeTime: null, lastTransitionTime: rfc3339(t.clock.now()) }]);
    await advance(11_000);
    pods = await podsOf('pfp');
    expect(pods).toHaveLength(2);
    expect((await getJob('pfp')).status?.failed).toBeUndefined();
    await finishPod(pods[1]!, 42);
    await advance(1500);
    const msg = `Container main for pod default/${pods[1]!.metadata!.name} failed with exit code 42 matching FailJob rule at index 1`;
    expect(await conditions('pfp')).toEqual([`FailureTarget=True PodFailurePolicy: ${msg}`, `Failed=True PodFailurePolicy: ${msg}`]);
    expect((await getJob('pfp')).status?.failed).toBe(1);
  });

  it('a job without completions completes when one pod succeeds and the others finish', async () => {
    await createJob('queue', { parallelism: 2 });
    await advance(500);
    const [a, b] = await activePods('queue');
    await finishPod(a!, 0);
    await advance(1500);
    expect(await conditions('queue')).toEqual([]);
    await finishPod(b!, 0);
    await advance(1500);
    expect((await getJob('queue')).status?.succeeded).toBe(2);
    expect((await conditions('queue')).map((c) => c.split(' ')[0])).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
  });

  it.each([['Background'], ['Foreground']] as const)(
    'deleting a running Job (%s) removes it and its pods: the collector deletes them, the job controller drops their finalizer',
    async (policy) => {
      const gc = new GarbageCollector({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
      gc.start();
      try {
        await createJob('gone', { parallelism: 2, completions: 2 });
        await advance(1000);
        expect(await activePods('gone')).toHaveLength(2);
        await jobs().delete('gone', { propagationPolicy: policy });
        const jobExists = async () => (await jobs().list()).items.some((j) => j.metadata.name === 'gone');
        for (let i = 0; i < 40 && ((await podsOf('gone')).length > 0 || (await jobExists())); i++) await advance(500);
        expect(await podsOf('gone')).toEqual([]);
        expect(await jobExists()).toBe(false);
      } finally {
        await gc.stop();
      }
    },
  );

  it('a restarted controller picks up where it stopped: pods that finished meanwhile are counted once, and none are duplicated', async () => {
    await createJob('resume', { completions: 4, parallelism: 2 });
    await advance(1000);
    const [a, b] = await activePods('resume');
    await jc.stop();
    informers.stop();
    await finishPod(a!, 0);
    await finishPod(b!, 0);
    informers = new InformerFactory({ client, clock: t.clock, log: memoryLogger(t.clock) });
    jc = new JobController({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
    await informers.start();
    await informers.waitForSync();
    jc.start();
    await advance(2000);
    expect(await activePods('resume')).toHaveLength(2);
    expect(await podsOf('resume')).toHaveLength(4);
    expect((await getJob('resume')).status).toMatchObject({ succeeded: 2, active: 2 });
    for (const p of await activePods('resume')) await finishPod(p, 0);
    await advance(2000);
    expect(await podsOf('resume')).toHaveLength(4);
    expect((await getJob('resume')).status?.succeeded).toBe(4);
    expect((await conditions('resume')).map((c) => c.split(' ')[0])).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
  });

  it('backoffLimitPerIndex: an index that fails more than its limit is failed on its own, and the job fails once every index is done', async () => {
    await createJob('per', { completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1 });
    await advance(1000);
    const byIndex = async () => new Map((await activePods('per')).map((p) => [p.metadata!.annotations!['batch.kubernetes.io/job-completion-index'], p]));
    let pods = await byIndex();
    expect(pods.get('0')!.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count']).toBe('0');
    await finishPod(pods.get('0')!, 1);
    await advance(12_000);
    pods = await byIndex();
    // The replacement carries the index's failure count.
    expect(pods.get('0')!.metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count']).toBe('1');
    await finishPod(pods.get('0')!, 1);
    await advance(2000);
    expect((await getJob('per')).status).toMatchObject({ failedIndexes: '0', failed: 2 });
    expect((await byIndex()).has('0')).toBe(false);
    await finishPod(pods.get('1')!, 0);
    await advance(2000);
    expect((await getJob('per')).status).toMatchObject({ failedIndexes: '0', completedIndexes: '1', succeeded: 1 });
    expect(await conditions('per')).toEqual(['FailureTarget=True FailedIndexes: Job has failed indexes', 'Failed=True FailedIndexes: Job has failed indexes']);
  });
});
