/**
 * Preemption end to end through the Scheduler over an in-process registry and a fake clock: a high-priority pod
 * that fits nowhere evicts the fewest lower-priority pods, shows nominatedNodeName, then is scheduled there.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Events, Nodes, Pods, PriorityClasses } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { defaultConfiguration } from './config/defaults.js';
import { inTreeRegistry } from './plugins/registry.js';
import { Scheduler } from './scheduler.js';

describe('preemption through the scheduler', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let scheduler: Scheduler;

  /** Lets watch events reach the informers and the scheduler loop run. */
  async function settle(rounds = 6): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await flushMicrotasks();
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Advances the fake clock in steps until cond holds (or fails after maxMs of simulated time). */
  async function until(what: string, cond: () => Promise<boolean>, maxMs = 30_000): Promise<void> {
    for (let elapsed = 0; elapsed <= maxMs; elapsed += 250) {
      await settle();
      if (await cond()) return;
      await t.clock.advanceAsync(250);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const pods = () => client.resource(Pods).namespace('default');
  const getPod = async (name: string) => (await pods().get(name)) as unknown as Pod;
  const exists = async (name: string) => pods().get(name).then(() => true, () => false);
  const eventsAbout = async (name: string) => {
    await scheduler.flush();
    const list = await client.resource(Events).namespace('default').list();
    return list.items.filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => `${e.type} ${e.reason}: ${e.message}`);
  };

  async function node(name: string): Promise<void> {
    await client.resource(Nodes).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      status: {
        capacity: { cpu: '2', memory: '4Gi', pods: '110' },
        allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      },
    } as KubeObject);
    // As the node lifecycle controller would once the kubelet reports Ready: lift the not-ready taint admission put on.
    await client.resource(Nodes).patch(name, PatchType.Merge, { spec: { taints: null } });
  }

  async function pod(name: string, cpu: string, priorityClassName: string, nodeName?: string): Promise<void> {
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: {
        priorityClassName,
        ...(nodeName ? { nodeName } : {}),
        containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu, memory: '100Mi' } } }],
      },
    } as KubeObject);
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    for (const [name, value] of [['low', 10], ['high', 1000]] as const) {
      await client.resource(PriorityClasses).create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value } as KubeObject);
    }
    await node('node01');
    await node('node02');
    // node01 holds one low-priority pod of 1500m; node02 two of 1000m and 900m.
    await pod('low1', '1500m', 'low', 'node01');
    await pod('low2', '1000m', 'low', 'node02');
    await pod('low3', '900m', 'low', 'node02');
    informers = new InformerFactory({ client, clock: t.clock });
    // The default profile, less the plugins kubesim does not have (yet), whichever they are.
    const config = defaultConfiguration();
    for (const profile of config.profiles) profile.plugins.multiPoint.enabled = profile.plugins.multiPoint.enabled.filter((p) => inTreeRegistry[p.name]);
    scheduler = new Scheduler({ client, informers, clock: t.clock, log: memoryLogger(t.clock), config, random: () => 0 });
    await informers.start();
    await scheduler.start();
  });

  afterEach(async () => {
    await scheduler.stop();
    informers.stop();
    await t.close();
  });

  it('a high-priority pod that fits nowhere evicts the fewest lower-priority victims, is nominated, then scheduled', async () => {
    await pod('high', '1500m', 'high');
    const preemptor = await getPod('high');
    expect(preemptor.spec?.priority).toBe(1000);

    // The victim on node01 is marked and deleted; node02's two pods are left alone.
    await until('low1 to be evicted', async () => !!(await getPod('low1').catch(() => undefined))?.metadata?.deletionTimestamp || !(await exists('low1')));
    const victim = await getPod('low1').catch(() => undefined);
    if (victim) {
      expect(victim.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: 'default-scheduler: preempting to accommodate a higher priority pod',
      });
    }
    expect(await eventsAbout('low1')).toContain(`Normal Preempted: Preempted by pod ${preemptor.metadata!.uid} on node node01`);
    await until('the preemptor to be nominated', async () => (await getPod('high')).status?.nominatedNodeName === 'node01');
    expect(await eventsAbout('high')).toContain('Warning FailedScheduling: 0/2 nodes are available: 2 Insufficient cpu.');
    expect((await getPod('high')).spec?.nodeName).toBeUndefined();
    expect(await exists('low2')).toBe(true);
    expect(await exists('low3')).toBe(true);

    // The kubelet would finish the victim's graceful termination; without one, finish it by hand.
    if (await exists('low1')) await pods().delete('low1', { gracePeriodSeconds: 0 });

    await until('the preemptor to be bound to node01', async () => (await getPod('high')).spec?.nodeName === 'node01');
    expect(await eventsAbout('high')).toContain('Normal Scheduled: Successfully assigned default/high to node01');
    expect((await getPod('low2')).metadata?.deletionTimestamp).toBeUndefined();
    expect((await getPod('low3')).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('a pod with preemptionPolicy Never stays Pending and evicts nothing', async () => {
    await client.resource(PriorityClasses).create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high-nonpreempting' }, value: 1000, preemptionPolicy: 'Never' } as KubeObject);
    await pod('polite', '1500m', 'high-nonpreempting');
    await until('the FailedScheduling event', async () => (await eventsAbout('polite')).some((e) => e.includes('FailedScheduling')));
    expect(await eventsAbout('polite')).toContain('Warning FailedScheduling: 0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
    for (const name of ['low1', 'low2', 'low3']) expect((await getPod(name)).metadata?.deletionTimestamp).toBeUndefined();
    expect((await getPod('polite')).status?.nominatedNodeName).toBeUndefined();
  });

  it('a pod no lower-priority eviction can help says why in upstream\'s words', async () => {
    await pod('huge', '3', 'high');
    await until('the FailedScheduling event', async () => (await eventsAbout('huge')).some((e) => e.includes('FailedScheduling')));
    expect(await eventsAbout('huge')).toContain(
      'Warning FailedScheduling: 0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Insufficient cpu.',
    );
  });
});
