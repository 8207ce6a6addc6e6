import type { KubeObject } from '../api/object.js';
import type { Taint } from '../api/taints.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Events, Nodes, Pods } from '../client/resources.js';
import { NodeAgent } from '../kubelet/node-agent.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { ControllerManager } from './manager.js';
import { CidrSet } from './node-ipam.js';
import { RateLimitedTimedQueue, TokenBucket } from './node-lifecycle.js';
import { minTolerationTimeMs } from './taint-eviction.js';

/** Lets watch events reach the informers and the workers run (the store delivers them on the event loop). */
async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 2));
  }
}

const machine = (ip: string) => ({ capacity: { cpu: '2', memory: '4Gi', pods: '110' }, internalIP: ip, machineID: ip, systemUUID: ip, bootID: ip });

describe('node lifecycle', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let agents: Record<string, NodeAgent>;
  let manager: ControllerManager;
  let logs: Array<ReturnType<typeof memoryLogger>> = [];
  const log = () => {
    const l = memoryLogger(t.clock);
    logs.push(l);
    return l;
  };

  /** Advances the fake clock in small steps so loops, watches and workers interleave as in real time. */
  async function advance(ms: number, step = 100): Promise<void> {
    for (let done = 0; done < ms; done += step) {
      await t.clock.advanceAsync(Math.min(step, ms - done));
      await settle(2);
    }
  }

  const node = (name: string) => client.resource(Nodes).get(name);
  const taintsOf = async (name: string) => (((await node(name)).spec as { taints?: Taint[] }).taints ?? []).map((x) => `${x.key}:${x.effect}${x.timeAdded ? ' @' + x.timeAdded : ''}`);
  const readyOf = async (name: string) => ((await node(name)).status as { conditions: Array<{ type: string; status: string; reason: string; message: string }> }).conditions.find((c) => c.type === 'Ready')!;
  const eventsAbout = async (name: string) => {
    for (const c of manager.controllers) await (c as unknown as { flushEvents?: () => Promise<void> }).flushEvents?.();
    const list = await client.resource(Events).list();
    return list.items
      .filter((e) => (e.involvedObject as { name: string }).name === name && (e.source as { component: string }).component !== 'kubelet')
      .map((e) => `${e.type} ${e.reason} ${(e.source as { component: string }).component}: ${e.message}`);
  };

  /** A running, ready pod on a node; admission adds the default 300 s not-ready/unreachable tolerations it lacks. */
  async function createPod(name: string, nodeName: string, tolerations?: unknown[]): Promise<KubeObject> {
    const pods = client.resource(Pods).namespace('default');
    const pod = await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }], ...(tolerations ? { tolerations } : {}) },
    });
    const ts = t.clock.now().toISOString().replace(/\.\d+Z$/, 'Z');
    return pods.updateStatus({
      ...pod,
      status: { ...(pod.status as object), phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ts }] },
    });
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    agents = {};
    for (const [name, ip] of [
      ['controlplane', '192.168.56.10'],
      ['node01', '192.168.56.11'],
      ['node02', '192.168.56.12'],
    ] as const) {
      agents[name] = new NodeAgent({
        nodeName: name,
        client,
        clock: t.clock,
        log: log(),
        machine: machine(ip),
        config: { nodeStatusUpdateFrequencyMs: 1000, nodeStatusReportFrequencyMs: 60_000, nodeLeaseDurationSeconds: 4 },
      });
      await agents[name]!.start();
    }
    const informers = new InformerFactory({ client, clock: t.clock, log: log() });
    manager = new ControllerManager({
      client,
      clock: t.clock,
      log: log(),
      informers,
      config: { nodeLifecycle: { nodeMonitorPeriodMs: 500, nodeMonitorGracePeriodMs: 5000, nodeEvictionRate: 100 } },
    });
    await manager.start();
    await advance(600);
  });

  afterEach(async () => {
    if (process.env.DEBUG_LOGS) console.log(logs.flatMap((l) => l.lines).join('\n'));
    logs = [];
    await manager.stop();
    for (const a of Object.values(agents)) await a.stop();
    await t.close();
  });

  it('a Ready node loses the not-ready taint that admission put on it, and gets its pod CIDR', async () => {
    expect(await taintsOf('node01')).toEqual([]);
    const cidrs = await Promise.all(['controlplane', 'node01', 'node02'].map(async (n) => (await node(n)).spec));
    expect(cidrs.map((s) => (s as { podCIDR: string }).podCIDR).sort()).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect((cidrs[0] as { podCIDRs: string[] }).podCIDRs).toEqual([(cidrs[0] as { podCIDR: string }).podCIDR]);
    expect(await eventsAbout('node01')).toEqual(['Normal RegisteredNode node-controller: Node node01 event: Registered Node node01 in Controller']);
    // The TTL controller's annotation, as on every node of a small cluster.
    expect((await node('node01')).metadata.annotations).toMatchObject({ 'node.alpha.kubernetes.io/ttl': '0' });
  });

  it('a node that stops posting status turns Unknown after the grace period and is tainted unreachable', async () => {
    await agents.node01!.stop();
    await advance(4000);
    expect((await readyOf('node01')).status).toBe('True');
    await advance(2000);
    expect(await readyOf('node01')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const conditions = ((await node('node01')).status as { conditions: Array<{ type: string; status: string }> }).conditions.map((c) => `${c.type}=${c.status}`);
    expect(conditions).toEqual(['MemoryPressure=Unknown', 'DiskPressure=Unknown', 'PIDPressure=Unknown', 'Ready=Unknown']);
    const taints = await taintsOf('node01');
    expect(taints.map((x) => x.replace(/ @.*/, ''))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(taints.every((x) => / @2024-06-01T12:00:\d\dZ$/.test(x))).toBe(true);
    expect(await eventsAbout('node01')).toContain('Normal NodeNotReady node-controller: Node node01 status is now: NodeNotReady');
    expect((await readyOf('node02')).status).toBe('True');
  });

  it('pods on an unreachable node are marked NotReady and evicted after their tolerationSeconds (300 s by default)', async () => {
    await createPod('zero', 'node01', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }]);
    await createPod('tolerant', 'node01', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3 }]);
    await createPod('defaulted', 'node01');
    await createPod('forever', 'node01', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
    await createPod('elsewhere', 'node02');
    await settle();
    await agents.node01!.stop();
    await advance(6000);
    const pods = client.resource(Pods).namespace('default');
    const deleted = async (name: string) => (await pods.get(name)).metadata.deletionTimestamp !== undefined;
    const zero = await pods.get('zero');
    expect(zero.metadata.deletionTimestamp).toBeDefined();
    expect((zero.status as { conditions: unknown[] }).conditions).toContainEqual(
      expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }),
    );
    expect(await deleted('tolerant')).toBe(false);
    const forever = await pods.get('forever');
    expect((forever.status as { conditions: Array<{ type: string; status: string }> }).conditions.find((c) => c.type === 'Ready')?.status).toBe('False');
    await advance(3000);
    expect(await deleted('tolerant')).toBe(true);
    await advance(290_000, 1000);
    expect(await deleted('defaulted')).toBe(false);
    await advance(10_000, 1000);
    expect(await deleted('defaulted')).toBe(true);
    expect(await deleted('forever')).toBe(false);
    expect(await deleted('elsewhere')).toBe(false);
    expect(await eventsAbout('zero')).toEqual([
      'Warning NodeNotReady node-controller: Node is not ready',
      'Normal TaintManagerEviction taint-eviction-controller: Marking for deletion Pod default/zero',
    ]);
    // Five simulated minutes of three nodes and every controller: more than jest's default budget on a loaded machine.
  }, 60_000);

  it('a node that comes back in time loses its taints, and the scheduled eviction is cancelled', async () => {
    await createPod('tolerant', 'node01', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
    await settle();
    await agents.node01!.stop();
    await advance(6000);
    expect(await taintsOf('node01')).toHaveLength(2);
    await agents.node01!.start();
    await advance(1000);
    expect((await readyOf('node01')).status).toBe('True');
    expect(await taintsOf('node01')).toEqual([]);
    await advance(40_000, 1000);
    expect((await client.resource(Pods).namespace('default').get('tolerant')).metadata.deletionTimestamp).toBeUndefined();
    expect(await eventsAbout('tolerant')).toContain('Normal TaintManagerEviction taint-eviction-controller: Cancelling deletion of Pod default/tolerant');
  });

  it('when every node stops, the zone is fully disrupted and no node gets NoExecute taints', async () => {
    await createPod('plain', 'node01', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }]);
    for (const a of Object.values(agents)) await a.stop();
    await advance(7000);
    for (const n of ['controlplane', 'node01', 'node02']) {
      expect((await readyOf(n)).status).toBe('Unknown');
      expect((await taintsOf(n)).map((x) => x.replace(/ @.*/, ''))).not.toContain('node.kubernetes.io/unreachable:NoExecute');
    }
    expect((await client.resource(Pods).namespace('default').get('plain')).metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('node lifecycle helpers', () => {
  it('the tainting queue lets one node through per token of its rate', async () => {
    let now = 0;
    const q = new RateLimitedTimedQueue(new TokenBucket(0.1, 1, now));
    q.add('a', 'u1', now);
    q.add('b', 'u2', now);
    expect(q.add('a', 'u1', now)).toBe(false);
    const done: string[] = [];
    const work = async (v: string) => (done.push(v), { done: true });
    await q.try(now, work);
    expect(done).toEqual(['a']);
    now += 5000;
    await q.try(now, work);
    expect(done).toEqual(['a']);
    now += 5000;
    await q.try(now, work);
    expect(done).toEqual(['a', 'b']);
  });

  it.each([
    ['no tolerations used means at once', [], 0],
    ['the shortest tolerationSeconds wins', [{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }], 60_000],
    ['a toleration without seconds is forever', [{}], -1],
    ['zero or negative seconds is at once', [{ tolerationSeconds: 0 }, {}], 0],
  ])('%s', (_n, tolerations, ms) => {
    expect(minTolerationTimeMs(tolerations)).toBe(ms);
  });

  it('pod CIDRs are handed out in order, skipping used ones, and a released one is reused only after the others', () => {
    const set = new CidrSet('10.244.0.0/16', 24);
    set.occupy('10.244.1.0/24');
    expect([set.allocateNext(), set.allocateNext(), set.allocateNext()]).toEqual(['10.244.0.0/24', '10.244.2.0/24', '10.244.3.0/24']);
    set.release('10.244.0.0/24');
    expect(set.allocateNext()).toBe('10.244.4.0/24');
    const tiny = new CidrSet('10.0.0.0/23', 24);
    expect([tiny.allocateNext(), tiny.allocateNext(), tiny.allocateNext()]).toEqual(['10.0.0.0/24', '10.0.1.0/24', undefined]);
  });
});
