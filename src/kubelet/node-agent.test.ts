import type { KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { Events, Leases, Nodes } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { memoryLogger } from '../util/logger.js';
import { NodeAgent, nodeAllocatable, normalizeCapacity, type NodeAgentOptions } from './node-agent.js';

const machine: NodeAgentOptions['machine'] = {
  capacity: { cpu: '2', memory: '4025224Ki', pods: '110', 'ephemeral-storage': '20134592Ki' },
  internalIP: '192.168.56.11',
  machineID: 'm1',
  systemUUID: 'u1',
  bootID: 'b1',
};

type Cond = { type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string };
const conditionsOf = (n: KubeObject) => ((n.status as { conditions: Cond[] }).conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

describe('NodeAgent', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let agent: NodeAgent;
  const newAgent = (opts: Partial<NodeAgentOptions> = {}) =>
    new NodeAgent({ nodeName: 'node01', client, clock: t.clock, log: memoryLogger(t.clock), machine, ...opts });
  const node = () => client.resource(Nodes).get('node01');
  const eventsOf = async () => {
    await agent.flushEvents();
    const list = await client.resource(Events).namespace('default').list();
    return list.items.map((e) => `${e.reason}: ${e.message}${(e.count as number) > 1 ? ` (x${e.count})` : ''}`);
  };

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
  });
  afterEach(async () => {
    await agent?.stop();
    await t.close();
  });

  it('registers its Node as the kubelet does', async () => {
    agent = newAgent({ machine: { ...machine, labels: { 'node-role.kubernetes.io/worker': '' } } });
    await agent.start();
    const n = await node();
    expect(n.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'node01',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/worker': '',
    });
    expect(n.metadata.annotations).toEqual({ 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' });
    const status = n.status as Record<string, unknown>;
    expect(status.addresses).toEqual([
      { type: 'InternalIP', address: '192.168.56.11' },
      { type: 'Hostname', address: 'node01' },
    ]);
    expect(status.capacity).toEqual({ cpu: '2', 'ephemeral-storage': '20134592Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '4025224Ki', pods: '110' });
    expect(status.allocatable).toEqual({ cpu: '2', 'ephemeral-storage': '18556039957', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3922824Ki', pods: '110' });
    expect(status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.4', containerRuntimeVersion: 'containerd://1.7.24', operatingSystem: 'linux', architecture: 'amd64' });
    expect(status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(conditionsOf(n)).toEqual([
      'MemoryPressure=False KubeletHasSufficientMemory: kubelet has sufficient memory available',
      'DiskPressure=False KubeletHasNoDiskPressure: kubelet has no disk pressure',
      'PIDPressure=False KubeletHasSufficientPID: kubelet has sufficient PID available',
      'Ready=True KubeletReady: kubelet is posting ready status',
    ]);
    // TaintNodesByCondition admission: a new node is not ready for scheduling until the node controller says so.
    expect((n.spec as { taints?: unknown[] }).taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  });

  it('records the kubelet start-up events', async () => {
    agent = newAgent();
    await agent.start();
    expect(await eventsOf()).toEqual([
      'Starting: Starting kubelet.',
      'NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
      'NodeHasSufficientMemory: Node node01 status is now: NodeHasSufficientMemory',
      'NodeHasNoDiskPressure: Node node01 status is now: NodeHasNoDiskPressure',
      'NodeHasSufficientPID: Node node01 status is now: NodeHasSufficientPID',
      'NodeReady: Node node01 status is now: NodeReady',
    ]);
    const ev = (await client.resource(Events).namespace('default').list()).items[0]!;
    expect(ev.involvedObject).toEqual({ kind: 'Node', name: 'node01', uid: 'node01' });
    expect(ev.source).toEqual({ component: 'kubelet', host: 'node01' });
  });

  it('registers its Lease, owned by the Node, and renews it every quarter of the lease duration', async () => {
    agent = newAgent();
    await agent.start();
    const n = await node();
    const lease = await client.resource(Leases).namespace('kube-node-lease').get('node01');
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node01', uid: n.metadata.uid }]);
    expect(lease.spec).toEqual({ holderIdentity: 'node01', leaseDurationSeconds: 40, renewTime: '2024-06-01T12:00:00.000000Z' });
    await t.clock.advanceAsync(10_000);
    const renewed = await client.resource(Leases).namespace('kube-node-lease').get('node01');
    expect((renewed.spec as { renewTime: string }).renewTime).toBe('2024-06-01T12:00:10.000000Z');
  });

  it('a stopped agent neither renews its lease nor posts status; started again, it does both', async () => {
    agent = newAgent({ config: { nodeLeaseDurationSeconds: 4, nodeStatusUpdateFrequencyMs: 1000, nodeStatusReportFrequencyMs: 1000 } });
    await agent.start();
    await agent.stop();
    const before = await client.resource(Leases).namespace('kube-node-lease').get('node01');
    const nodeBefore = await node();
    await t.clock.advanceAsync(60_000);
    expect((await client.resource(Leases).namespace('kube-node-lease').get('node01')).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect((await node()).metadata.resourceVersion).toBe(nodeBefore.metadata.resourceVersion);
    await agent.start();
    const lease = await client.resource(Leases).namespace('kube-node-lease').get('node01');
    expect((lease.spec as { renewTime: string }).renewTime).toBe('2024-06-01T12:01:00.000000Z');
  });

  it('posts an unchanged status only every nodeStatusReportFrequency, but a change at once', async () => {
    agent = newAgent({ config: { nodeStatusUpdateFrequencyMs: 10_000, nodeStatusReportFrequencyMs: 60_000, nodeLeaseDurationSeconds: 1000 } });
    await agent.start();
    const heartbeat = async () => ((await node()).status as { conditions: Cond[] }).conditions.find((c) => c.type === 'Ready')!.lastHeartbeatTime;
    expect(await heartbeat()).toBe('2024-06-01T12:00:00Z');
    await t.clock.advanceAsync(50_000);
    expect(await heartbeat()).toBe('2024-06-01T12:00:00Z');
    await t.clock.advanceAsync(10_000);
    expect(await heartbeat()).toBe('2024-06-01T12:01:00Z');
    // The node controller marks the node Unknown: the kubelet's next status puts it right.
    const n = await node();
    for (const c of (n.status as { conditions: Cond[] }).conditions) c.status = 'Unknown';
    await client.resource(Nodes).updateStatus(n);
    await t.clock.advanceAsync(10_000);
    const after = await node();
    const ready = (after.status as { conditions: Cond[] }).conditions.find((c) => c.type === 'Ready')!;
    expect(ready).toEqual({
      type: 'Ready',
      status: 'True',
      lastHeartbeatTime: '2024-06-01T12:01:10Z',
      lastTransitionTime: '2024-06-01T12:01:10Z',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
  });

  it('a restarted kubelet keeps the existing Node, restoring its default labels and keeping the others', async () => {
    agent = newAgent();
    await agent.start();
    await agent.stop();
    const n = await node();
    const labels = { ...n.metadata.labels! };
    delete labels['kubernetes.io/os'];
    labels.disktype = 'ssd';
    await client.resource(Nodes).update({ ...n, metadata: { ...n.metadata, labels } });
    agent = newAgent();
    await agent.start();
    const after = await node();
    expect(after.metadata.uid).toBe(n.metadata.uid);
    expect(after.metadata.labels).toMatchObject({ 'kubernetes.io/os': 'linux', disktype: 'ssd' });
  });

  it('a deleted Node is not registered again by a running kubelet: its status updates fail and are logged', async () => {
    const log = memoryLogger(t.clock);
    agent = newAgent({ log, config: { nodeStatusUpdateFrequencyMs: 1000, nodeStatusReportFrequencyMs: 1000 } });
    await agent.start();
    await client.resource(Nodes).delete('node01');
    await t.clock.advanceAsync(1000);
    await expect(node()).rejects.toThrow('nodes "node01" not found');
    expect(log.lines.some((l) => l.includes('Error updating node status, will retry') && l.includes('error getting node \\"node01\\"'))).toBe(true);
  });
});

describe('allocatable', () => {
  const capacity = normalizeCapacity({ cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '51290092Ki', 'nvidia.com/gpu': '2' });
  it.each([
    ['the kubelet defaults reserve 100Mi of memory and 10% of disk for eviction', {}, {}, undefined, { cpu: '4', memory: '8092Mi', 'ephemeral-storage': '47268948709', 'nvidia.com/gpu': '2' }],
    [
      'kube-reserved and system-reserved come off too',
      { cpu: '100m', memory: '256Mi' },
      { cpu: '200m', memory: '512Mi', 'ephemeral-storage': '1Gi' },
      undefined,
      { cpu: '3700m', memory: '7324Mi', 'ephemeral-storage': '46195206885', 'nvidia.com/gpu': '2' },
    ],
    ['an absolute eviction threshold', {}, {}, { 'memory.available': '1Gi', 'nodefs.available': '1Gi' }, { cpu: '4', memory: '7Gi', 'ephemeral-storage': '50241516Ki' }],
    ['a reservation larger than the capacity leaves zero', { cpu: '8' }, {}, undefined, { cpu: '0' }],
  ])('%s', (_name, kubeReserved, systemReserved, evictionHard, expected) => {
    const a = nodeAllocatable(capacity, {
      kubeReserved,
      systemReserved,
      evictionHard: evictionHard ?? { 'memory.available': '100Mi', 'nodefs.available': '10%' },
    });
    expect(a).toMatchObject(expected);
  });

  it('capacity in bytes is shown as cadvisor reports it', () => {
    expect(normalizeCapacity({ memory: '4G', cpu: '2000m', 'ephemeral-storage': '20Gi' })).toEqual({
      cpu: '2',
      'ephemeral-storage': '20Gi',
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: '3906250Ki',
    });
  });
});
