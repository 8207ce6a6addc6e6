import type { KubeObject } from '../api/object.js';
import { isNotFound } from '../api/errors.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Jobs, Pods } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks, rfc3339 } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { GarbageCollector } from './garbage-collector.js';
import { TTLAfterFinishedController, jobFinishTime } from './ttl-after-finished.js';

async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('ttl-after-finished controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let ttl: TTLAfterFinishedController;
  let gc: GarbageCollector;
  const jobs = () => client.resource(Jobs).namespace('default');

  async function advance(ms: number, step = 1000): Promise<void> {
    for (let done = 0; done < ms; done += step) {
      await t.clock.advanceAsync(Math.min(step, ms - done));
      await settle();
    }
  }

  const exists = async (name: string) => {
    try {
      await jobs().get(name);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  };

  /** A job the job controller finished: the pod it ran, SuccessCriteriaMet then Complete. */
  async function finishedJob(name: string, ttlSeconds: number | undefined): Promise<KubeObject> {
    const job = await jobs().create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: { ...(ttlSeconds === undefined ? {} : { ttlSecondsAfterFinished: ttlSeconds }), template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await client.resource(Pods).namespace('default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-abcde`,
        labels: { 'batch.kubernetes.io/job-name': name },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const ts = rfc3339(t.clock.now());
    const cond = { status: 'True', lastProbeTime: ts, lastTransitionTime: ts, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
    return jobs().updateStatus({
      ...job,
      status: {
        startTime: ts,
        completionTime: ts,
        succeeded: 1,
        ready: 0,
        terminating: 0,
        uncountedTerminatedPods: {},
        conditions: [
          { type: 'SuccessCriteriaMet', ...cond },
          { type: 'Complete', ...cond },
        ],
      },
    });
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock, log: memoryLogger(t.clock) });
    ttl = new TTLAfterFinishedController({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
    gc = new GarbageCollector({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
    await informers.start();
    await informers.waitForSync();
    ttl.start();
    gc.start();
  });

  afterEach(async () => {
    await ttl.stop();
    await gc.stop();
    informers.stop();
    await t.close();
  });

  it('deletes a finished job ttlSecondsAfterFinished after it finished, its pods first (foreground)', async () => {
    await finishedJob('pi', 60);
    await advance(59_000);
    expect(await exists('pi')).toBe(true);
    await advance(2000);
    for (let i = 0; i < 50 && (await exists('pi')); i++) await settle();
    expect(await exists('pi')).toBe(false);
    expect((await client.resource(Pods).namespace('default').list()).items).toEqual([]);
  });

  it('a ttl of 0 deletes the job as soon as it finishes', async () => {
    await finishedJob('now', 0);
    await advance(1000);
    for (let i = 0; i < 50 && (await exists('now')); i++) await settle();
    expect(await exists('now')).toBe(false);
  });

  it('leaves jobs without a ttl, and running jobs, alone', async () => {
    await finishedJob('keep', undefined);
    await jobs().create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'running' },
      spec: { ttlSecondsAfterFinished: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await advance(5000);
    expect(await exists('keep')).toBe(true);
    expect(await exists('running')).toBe(true);
  });

  it('the finish time is the finishing condition\'s lastTransitionTime', () => {
    expect(
      jobFinishTime({
        status: {
          conditions: [
            { type: 'FailureTarget', status: 'True', lastTransitionTime: '2024-06-01T12:00:00Z' },
            { type: 'Failed', status: 'True', lastTransitionTime: '2024-06-01T12:00:05Z' },
          ],
        },
      }),
    ).toBe(Date.parse('2024-06-01T12:00:05Z'));
  });
});
