import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Nodes, Pods } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { PodGCController, type PodGCConfig } from './podgc.js';

async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A pod as the tests describe it: its phase, node, whether it is being deleted, and an eviction. */
interface PodSpec {
  name: string;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  node?: string;
  deleting?: boolean;
  evicted?: boolean;
  /** A finalizer keeps the pod after its deletion, so the test can see what was written first. */
  finalizer?: boolean;
}

describe('pod garbage collector', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let podgc: PodGCController | undefined;
  const pods = () => client.resource(Pods).namespace('default');

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock, log: memoryLogger(t.clock) });
  });

  afterEach(async () => {
    await podgc?.stop();
    podgc = undefined;
    informers.stop();
    await t.close();
  });

  async function node(name: string, opts: { ready?: boolean; outOfService?: boolean } = {}): Promise<void> {
    const created = await client.resource(Nodes).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name },
      spec: opts.outOfService ? { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } : {},
    });
    await client.resource(Nodes).updateStatus({ ...created, status: { conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] } });
  }

  /** Creates the pods one second apart (so creation order is age order), in the phases asked for. */
  async function createPods(specs: PodSpec[]): Promise<void> {
    for (const s of specs) {
      await t.clock.advanceAsync(1000);
      const pod = await pods().create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: s.name, ...(s.finalizer ? { finalizers: ['example.com/keep'] } : {}) },
        spec: { ...(s.node ? { nodeName: s.node } : {}), containers: [{ name: 'c', image: 'busybox' }] },
      });
      if (s.phase && s.phase !== 'Pending') {
        await pods().updateStatus({ ...pod, status: { ...(pod.status as object), phase: s.phase, ...(s.evicted ? { reason: 'Evicted', message: 'The node was low on resource: memory.' } : {}) } });
      }
      if (s.deleting) await pods().delete(s.name);
    }
  }

  async function controller(config: Partial<PodGCConfig>): Promise<PodGCController> {
    podgc = new PodGCController({ client, clock: t.clock, log: memoryLogger(t.clock), informers, config });
    await informers.start();
    await informers.waitForSync();
    return podgc;
  }

  const names = async () => ((await pods().list()).items as KubeObject[]).map((p) => p.metadata.name).sort();
  const get = async (name: string) => (await pods().get(name)) as unknown as Pod;

  describe('terminated pods above the threshold go, evicted and oldest first', () => {
    it.each<{ name: string; pods: PodSpec[]; threshold: number; kept: string[] }>([
      { name: 'a threshold of 0 keeps every terminated pod', pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }], threshold: 0, kept: ['a', 'b'] },
      {
        name: 'three terminated pods over a threshold of 1 lose the two oldest',
        pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }, { name: 'c', phase: 'Failed' }],
        threshold: 1,
        kept: ['c'],
      },
      {
        name: 'running pods do not count',
        pods: [{ name: 'a', phase: 'Running' }, { name: 'b', phase: 'Succeeded' }, { name: 'c', phase: 'Failed' }],
        threshold: 1,
        kept: ['a', 'c'],
      },
      { name: 'two terminated pods over a threshold of 1 lose the older', pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }], threshold: 1, kept: ['b'] },
      { name: 'fewer terminated pods than the threshold are all kept', pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }], threshold: 5, kept: ['a', 'b'] },
      {
        name: 'an evicted pod goes before older ones',
        pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }, { name: 'c', phase: 'Failed', evicted: true }],
        threshold: 2,
        kept: ['a', 'b'],
      },
    ])('$name', async ({ pods: specs, threshold, kept }) => {
      await node('node');
      await createPods(specs.map((s) => ({ ...s, node: 'node' })));
      await (await controller({ terminatedPodGCThreshold: threshold })).gc();
      expect(await names()).toEqual(kept);
    });
  });

  describe('terminating pods go only from NotReady nodes tainted out-of-service', () => {
    it.each<{ name: string; ready: boolean; outOfService: boolean; deleted: boolean }>([
      { name: 'a NotReady node with the out-of-service taint loses them', ready: false, outOfService: true, deleted: true },
      { name: 'a NotReady node without the taint keeps them (its kubelet may come back)', ready: false, outOfService: false, deleted: false },
      { name: 'a Ready node with the taint keeps them (its kubelet finishes them)', ready: true, outOfService: true, deleted: false },
    ])('$name', async ({ ready, outOfService, deleted }) => {
      await node('node', { ready, outOfService });
      await createPods([
        { name: 'terminating', phase: 'Running', node: 'node', deleting: true },
        { name: 'running', phase: 'Running', node: 'node' },
      ]);
      expect((await get('terminating')).metadata?.deletionTimestamp).toBeDefined();
      await (await controller({})).gc();
      expect(await names()).toEqual(deleted ? ['running'] : ['running', 'terminating']);
    });
  });

  it('a pod bound to a node that is gone is marked Failed with DisruptionTarget and deleted after the quarantine', async () => {
    await node('node01');
    await createPods([
      { name: 'orphan', phase: 'Running', node: 'gone', finalizer: true },
      { name: 'fine', phase: 'Running', node: 'node01' },
    ]);
    await controller({ gcCheckPeriodMs: 20_000, quarantineMs: 40_000 });
    podgc!.start();
    for (let s = 0; s < 30; s += 10) {
      await t.clock.advanceAsync(10_000);
      await settle();
    }
    // 30 s after the first pass noticed the node missing: still in quarantine; the pass at 40 s finds it over.
    expect((await get('orphan')).metadata?.deletionTimestamp).toBeUndefined();
    await t.clock.advanceAsync(10_000);
    await settle();
    const orphan = await get('orphan');
    expect(orphan.metadata?.deletionTimestamp).toBeDefined();
    expect(orphan.metadata?.deletionGracePeriodSeconds).toBe(0);
    expect(orphan.status?.phase).toBe('Failed');
    expect(orphan.status?.conditions).toEqual([
      { type: 'DisruptionTarget', status: 'True', lastTransitionTime: expect.any(String), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' },
    ]);
    expect((await get('fine')).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('a node that shows up during the quarantine keeps its pods', async () => {
    await createPods([{ name: 'early', phase: 'Running', node: 'late' }]);
    await controller({ gcCheckPeriodMs: 20_000, quarantineMs: 40_000 });
    podgc!.start();
    await t.clock.advanceAsync(20_000);
    await settle();
    await node('late');
    for (let s = 0; s < 80; s += 20) {
      await t.clock.advanceAsync(20_000);
      await settle();
    }
    expect(await names()).toEqual(['early']);
  });

  it('a terminating pod never scheduled is marked Failed and deleted; an unscheduled pod not being deleted stays', async () => {
    await createPods([
      { name: 'stuck', finalizer: true, deleting: true },
      { name: 'pending' },
    ]);
    await (await controller({})).gc();
    const stuck = await get('stuck');
    expect([stuck.status?.phase, stuck.metadata?.deletionGracePeriodSeconds]).toEqual(['Failed', 0]);
    const pending = await get('pending');
    expect([pending.status?.phase, pending.metadata?.deletionTimestamp]).toEqual(['Pending', undefined]);
  });
});
