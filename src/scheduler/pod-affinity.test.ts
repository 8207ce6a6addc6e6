/**
 * Inter-pod affinity and topology spreading through the Scheduler over an in-process registry: the seed's
 * `with-pod-affinity` pod (required affinity to security=S1 per zone, preferred anti-affinity to S2) and a
 * zone-spread Deployment-like set of pods, as a learner would try them.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Events, Nodes, Pods } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { loadSeedFixture } from '../../test/support/seed-fixtures.js';
import { defaultConfiguration } from './config/defaults.js';
import { inTreeRegistry } from './plugins/registry.js';
import { Scheduler } from './scheduler.js';

describe('inter-pod affinity and topology spread through the scheduler', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let scheduler: Scheduler;

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
  const eventsAbout = async (name: string) => {
    await scheduler.flush();
    const list = await client.resource(Events).namespace('default').list();
    return list.items.filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => `${e.type} ${e.reason}: ${e.message}`);
  };

  async function node(name: string, zone: string): Promise<void> {
    await client.resource(Nodes).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
      status: {
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      },
    } as KubeObject);
    // As the node lifecycle controller would once the kubelet reports Ready: lift the not-ready taint admission put on.
    await client.resource(Nodes).patch(name, PatchType.Merge, { spec: { taints: null } });
  }

  async function pod(name: string, labels: Record<string, string>, extra: Record<string, unknown> = {}): Promise<void> {
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels },
      spec: { containers: [{ name: 'app', image: 'nginx' }], ...extra },
    } as KubeObject);
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    await node('node-a1', 'zone-a');
    await node('node-a2', 'zone-a');
    await node('node-b1', 'zone-b');
    informers = new InformerFactory({ client, clock: t.clock });
    const config = defaultConfiguration();
    // The default profile, less the plugins kubesim does not have (yet), whichever they are.
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

  const seedPod = () => {
    const [obj] = loadSeedFixture('pod-with-pod-affinity.yaml');
    return { ...obj!, metadata: { ...obj!.metadata, namespace: 'default' } } as KubeObject;
  };

  it("the seed's with-pod-affinity pod stays Pending while no security=S1 pod runs, with upstream's message", async () => {
    await pods().create(seedPod());
    await until('the FailedScheduling event', async () => (await eventsAbout('with-pod-affinity')).length > 0);
    expect(await eventsAbout('with-pod-affinity')).toEqual([
      "Warning FailedScheduling: 0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ]);
  });

  it("the seed's with-pod-affinity pod joins the S1 pod's zone, and a pod with anti-affinity to S1 per zone goes to the other zone", async () => {
    await pod('s1', { security: 'S1' }, { nodeName: 'node-a1' });
    await pod('s2', { security: 'S2' }, { nodeName: 'node-a2' });
    await pods().create(seedPod());
    await until('the pod to be bound', async () => !!(await getPod('with-pod-affinity')).spec?.nodeName);
    // zone-a holds S1 (required); the preferred anti-affinity to S2 is per zone too, so both zone-a nodes score alike.
    expect(['node-a1', 'node-a2']).toContain((await getPod('with-pod-affinity')).spec?.nodeName);
    // A pod that must not share a node with another S1 pod lands elsewhere.
    await pod('s1-alone', { app: 'x' }, {
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { security: 'S1' } }, topologyKey: 'topology.kubernetes.io/zone' }] } },
    });
    await until('s1-alone to be bound', async () => !!(await getPod('s1-alone')).spec?.nodeName);
    expect((await getPod('s1-alone')).spec?.nodeName).toBe('node-b1');
  });

  it('a pod whose required anti-affinity every node violates says so', async () => {
    for (const [name, n] of [['w1', 'node-a1'], ['w2', 'node-a2'], ['w3', 'node-b1']]) await pod(name!, { app: 'web' }, { nodeName: n });
    await pod('loner', { app: 'other' }, {
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } },
    });
    await until('the FailedScheduling event', async () => (await eventsAbout('loner')).length > 0);
    expect(await eventsAbout('loner')).toEqual([
      "Warning FailedScheduling: 0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    ]);
  });

  it('a DoNotSchedule zone spread constraint puts the next pod in the emptier zone', async () => {
    await pod('web-1', { app: 'web' }, { nodeName: 'node-a1' });
    await pod('web-2', { app: 'web' }, { nodeName: 'node-a2' });
    await pod('web-3', { app: 'web' }, {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
    });
    await until('web-3 to be bound', async () => !!(await getPod('web-3')).spec?.nodeName);
    expect((await getPod('web-3')).spec?.nodeName).toBe('node-b1');
  });
});
