import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Events, Nodes, Pods } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { seededRandom } from '../util/random.js';
import { defaultConfiguration } from './config/defaults.js';
import { ExplainAnnotation, readExplainRecord } from '../api/scheduler-explain-record.js';
import { Scheduler } from './scheduler.js';

/** Lets watch events reach the informers and the scheduler run. */
async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('Scheduler', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let scheduler: Scheduler;
  const log = () => memoryLogger(t.clock);

  async function createNode(name: string, opts: { cpu?: string; labels?: Record<string, string>; taints?: unknown[] } = {}): Promise<void> {
    const n = await client.resource(Nodes).create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
      spec: { taints: opts.taints ?? [] },
    } as KubeObject);
    const cap = { cpu: opts.cpu ?? '2', memory: '4Gi', pods: '110' };
    // Admission taints a new node not-ready; the node lifecycle controller would lift it once the node is Ready.
    const untainted = await client.resource(Nodes).update({ ...n, spec: { taints: opts.taints ?? [] } });
    await client.resource(Nodes).updateStatus({
      ...untainted,
      status: { capacity: cap, allocatable: cap, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: null, lastTransitionTime: null, reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
    });
  }

  async function createPod(name: string, spec: Record<string, unknown> = {}): Promise<void> {
    await client.resource(Pods).namespace('default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
    } as KubeObject);
  }

  const getPod = async (name: string) => (await client.resource(Pods).namespace('default').get(name)) as unknown as Pod;
  const eventsOf = async (name: string) => {
    await scheduler.flush();
    const list = await client.resource(Events).namespace('default').list();
    return list.items
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.type} ${e.reason} ${(e.source as { component: string }).component}: ${e.message}`);
  };
  const podScheduled = async (name: string) => (await getPod(name)).status?.conditions?.find((c) => c.type === 'PodScheduled');

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    await createNode('controlplane', { labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
    await createNode('node01');
    await createNode('node02', { cpu: '1' });
    informers = new InformerFactory({ client, clock: t.clock, log: log() });
    scheduler = new Scheduler({ client, informers, clock: t.clock, log: log(), config: defaultConfiguration(), random: seededRandom(1) });
    await scheduler.start();
    await informers.start();
  });

  afterEach(async () => {
    await scheduler.stop();
    informers.stop();
    await t.close();
  });

  it('places a pod without nodeName on a worker, not on the tainted control plane, with the Scheduled event', async () => {
    await createPod('web');
    await settle();
    const pod = await getPod('web');
    expect(['node01', 'node02']).toContain(pod.spec?.nodeName);
    expect(await eventsOf('web')).toEqual([`Normal Scheduled default-scheduler: Successfully assigned default/web to ${pod.spec?.nodeName}`]);
    expect((await podScheduled('web'))?.status).toBe('True');
    const rec = readExplainRecord(pod.metadata?.annotations);
    expect(rec).toMatchObject({ scheduler: 'default-scheduler', outcome: 'Scheduled', selectedNode: pod.spec?.nodeName, numNodes: 3, feasibleNodes: 2 });
    expect(rec!.nodes.find((n) => n.name === 'controlplane')!.filters.at(-1)).toEqual({
      plugin: 'TaintToleration',
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    });
  });

  it('prefers the node with more free resources (LeastAllocated and balanced allocation)', async () => {
    await createPod('big', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '500m', memory: '512Mi' } } }] });
    await settle();
    expect((await getPod('big')).spec?.nodeName).toBe('node01');
  });

  it('keeps a pod that fits nowhere Pending with the FitError and preemption text, then schedules it when a node fits', async () => {
    await createPod('gpu', { nodeSelector: { gpu: 'true' } });
    await settle();
    const msg =
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. " +
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    expect(await eventsOf('gpu')).toEqual([`Warning FailedScheduling default-scheduler: ${msg}`]);
    expect(await podScheduled('gpu')).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg });
    expect(readExplainRecord((await getPod('gpu')).metadata?.annotations)).toMatchObject({ outcome: 'Unschedulable', message: msg });
    expect(scheduler.queue.whereIs((await getPod('gpu')).metadata!.uid!)).toBe('unschedulable');
    await client.resource(Nodes).patch('node01', PatchType.Merge, { metadata: { labels: { gpu: 'true' } } });
    await settle();
    await t.clock.advanceAsync(2000);
    await settle();
    expect((await getPod('gpu')).spec?.nodeName).toBe('node01');
    expect((await eventsOf('gpu')).at(-1)).toBe('Normal Scheduled default-scheduler: Successfully assigned default/gpu to node01');
  });

  it('counts insufficient cpu per node', async () => {
    await createPod('huge', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '3' } } }] });
    await settle();
    expect(await eventsOf('huge')).toEqual([
      'Warning FailedScheduling default-scheduler: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    ]);
  });

  it('does not touch a pod with a nodeName, even of a node that does not exist', async () => {
    await createPod('manual', { nodeName: 'work1' });
    await settle();
    expect((await getPod('manual')).spec?.nodeName).toBe('work1');
    expect((await getPod('manual')).metadata?.annotations?.[ExplainAnnotation]).toBeUndefined();
    expect(await eventsOf('manual')).toEqual([]);
  });

  it('ignores a pod for a scheduler no profile serves', async () => {
    await createPod('other', { schedulerName: 'my-scheduler' });
    await settle();
    expect((await getPod('other')).spec?.nodeName).toBeUndefined();
    expect(await eventsOf('other')).toEqual([]);
  });

  it('accounts for pods it placed before their binding is seen, spreading pods that fill nodes', async () => {
    for (let i = 0; i < 3; i++) await createPod(`p${i}`, { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '900m' } } }] });
    await settle(10);
    const nodes = await Promise.all([0, 1, 2].map(async (i) => (await getPod(`p${i}`)).spec?.nodeName));
    expect(nodes.filter((n) => n === 'node01')).toHaveLength(2);
    expect(nodes.filter((n) => n === 'node02')).toHaveLength(1);
  });

  it('retries after a node is added', async () => {
    await createPod('wait', { nodeSelector: { zone: 'b' } });
    await settle();
    expect((await getPod('wait')).spec?.nodeName).toBeUndefined();
    await createNode('node03', { labels: { zone: 'b' } });
    await settle();
    await t.clock.advanceAsync(2000);
    await settle();
    expect((await getPod('wait')).spec?.nodeName).toBe('node03');
  });
});

export type { Node };
