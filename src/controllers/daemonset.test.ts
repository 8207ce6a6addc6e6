import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { ControllerRevisions, DaemonSets, Events, Nodes, Pods } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { loadSeedFixture } from '../../test/support/seed-fixtures.js';
import { DaemonSetsController, shouldIgnoreNodeUpdate } from './daemonset.js';
import { planRollingUpdate } from './daemonset/rolling-update.js';
import { addOrUpdateDaemonPodTolerations, getScaledValueFromIntOrPercent, nodeShouldRunDaemonPod } from './daemonset/util.js';

/** Lets watch events reach the informers and the workers run. */
async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function daemonSet(name: string, opts: { tolerations?: unknown[]; nodeSelector?: Record<string, string>; strategy?: unknown; image?: string; generation?: string; minReadySeconds?: number } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', ...(opts.generation ? { annotations: { 'deprecated.daemonset.template.generation': opts.generation } } : {}) },
    spec: {
      selector: { matchLabels: { app: name } },
      ...(opts.strategy ? { updateStrategy: opts.strategy } : {}),
      ...(opts.minReadySeconds ? { minReadySeconds: opts.minReadySeconds } : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'c', image: opts.image ?? 'nginx:1.17-alpine' }],
          ...(opts.tolerations ? { tolerations: opts.tolerations } : {}),
          ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
        },
      },
    },
  };
}

describe('DaemonSet controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let controller: DaemonSetsController;
  let log: ReturnType<typeof memoryLogger>;

  const pods = () => client.resource(Pods).namespace('default');
  const dss = () => client.resource(DaemonSets).namespace('default');

  async function addNode(name: string, labels: Record<string, string> = {}, taints: unknown[] = []): Promise<void> {
    const node = await client.resource(Nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });
    // Admission taints new nodes not-ready; a kubelet reporting Ready would have it removed. Keep only ours.
    await client.resource(Nodes).update({ ...node, spec: { ...(node.spec as object), taints } });
  }

  async function patchNode(name: string, change: (n: Obj) => void): Promise<void> {
    const node = (await client.resource(Nodes).get(name)) as Obj;
    change(node);
    await client.resource(Nodes).update(node);
  }

  async function listPods(ns = 'default'): Promise<Pod[]> {
    return (await client.resource(Pods).namespace(ns).list()).items as Pod[];
  }

  const targetOf = (p: Pod) =>
    p.spec?.nodeName ?? p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.values?.[0];

  /** Plays scheduler and kubelet: binds pending pods to their target node, runs them Ready, finishes deletions. */
  async function simulateCluster(opts: { ready?: boolean; ns?: string } = {}): Promise<void> {
    const ns = opts.ns ?? 'default';
    for (const p of await listPods(ns)) {
      const name = p.metadata!.name!;
      if (p.metadata?.deletionTimestamp) {
        await client.resource(Pods).namespace(ns).delete(name, { gracePeriodSeconds: 0 }).catch(() => undefined);
        continue;
      }
      if (!p.spec?.nodeName) {
        await client.resource(Pods).namespace(ns).createSubresource(name, 'binding', {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name },
          target: { kind: 'Node', name: targetOf(p)! },
        });
      }
      if (opts.ready !== false && p.status?.phase !== 'Running' && p.status?.phase !== 'Failed') await markRunning(name, ns);
    }
  }

  async function markRunning(name: string, ns = 'default'): Promise<void> {
    const pod = (await client.resource(Pods).namespace(ns).get(name)) as Obj;
    const ts = t.clock.now().toISOString().replace(/\.\d+Z$/, 'Z');
    await client.resource(Pods).namespace(ns).updateStatus({
      ...pod,
      status: { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ts }] },
    });
  }

  /** Runs the loop (controller, then "scheduler and kubelets") until cond holds. */
  async function converge(cond: () => Promise<boolean>, opts: { simulate?: boolean; ns?: string; rounds?: number; onStep?: () => Promise<void> } = {}): Promise<void> {
    for (let i = 0; i < (opts.rounds ?? 60); i++) {
      await settle();
      await opts.onStep?.();
      if (await cond()) return;
      if (opts.simulate !== false) await simulateCluster({ ns: opts.ns });
      await t.clock.advanceAsync(100);
    }
    throw new Error('did not converge');
  }

  async function podsByNode(ns = 'default'): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const p of await listPods(ns)) {
      if (p.metadata?.deletionTimestamp) continue;
      (out[targetOf(p)!] ??= []).push(p.metadata!.name!);
    }
    return Object.fromEntries(Object.entries(out).sort());
  }

  async function events(name: string): Promise<string[]> {
    await controller.flushEvents();
    const list = await client.resource(Events).list();
    return list.items
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    log = memoryLogger(t.clock);
    informers = new InformerFactory({ client, clock: t.clock, log });
    controller = new DaemonSetsController({ client, clock: t.clock, log, informers });
    await addNode('controlplane', { 'node-role.kubernetes.io/control-plane': '' }, [controlPlaneTaint]);
    await addNode('node01');
    await addNode('node02');
    await informers.start();
    await informers.waitForSync();
    controller.start();
  });

  afterEach(async () => {
    if (process.env.DEBUG_LOGS) console.log(log.lines.join('\n'));
    await controller.stop();
    informers.stop();
    await t.close();
  });

  it('runs one pod per node, the control plane included when the template tolerates its taint', async () => {
    await dss().create(daemonSet('agent', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    await dss().create(daemonSet('worker-only'));
    await converge(async () => Object.keys(await podsByNode()).length === 3 && (await listPods()).length === 5);
    const all = await listPods();
    const agentNodes = all.filter((p) => p.metadata!.labels!.app === 'agent').map(targetOf).sort();
    const workerNodes = all.filter((p) => p.metadata!.labels!.app === 'worker-only').map(targetOf).sort();
    expect(agentNodes).toEqual(['controlplane', 'node01', 'node02']);
    expect(workerNodes).toEqual(['node01', 'node02']);

    const pod = all.find((p) => p.metadata!.labels!.app === 'agent' && targetOf(p) === 'node01')!;
    expect(pod.metadata!.name).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(pod.metadata!.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: expect.any(String), controller: true, blockOwnerDeletion: true },
    ]);
    expect(pod.spec!.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node01'] }] }] } },
    });
    // The template's toleration first, then the ones every daemon pod gets (admission adds no 300 s defaults: they are there).
    expect(pod.spec!.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const revisions = (await client.resource(ControllerRevisions).namespace('default').list()).items as Array<Obj & { revision: number }>;
    const agentRev = revisions.find((r) => r.metadata.name!.startsWith('agent-'))!;
    expect(agentRev.metadata.name).toBe(`agent-${pod.metadata!.labels!['controller-revision-hash']}`);
    expect(agentRev.revision).toBe(1);
    expect(agentRev.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': pod.metadata!.labels!['controller-revision-hash'] });
    expect((agentRev.data as { spec: { template: Record<string, unknown> } }).spec.template.$patch).toBe('replace');

    await converge(async () => ((await dss().get('agent')) as Obj).status?.numberAvailable === 3);
    expect(((await dss().get('agent')) as Obj).status).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
    expect((await events('agent')).filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(3);
    expect(await events('agent')).toContainEqual(`Normal SuccessfulCreate: Created pod: ${pod.metadata!.name}`);
  });

  it("runs the seed's fluentd DaemonSet (its selector typo fixed) on the workers only: it tolerates the old master taint, not control-plane", async () => {
    const [doc] = loadSeedFixture('daemonset-fluentd-slector.yaml');
    const spec = doc!.spec as Record<string, unknown>;
    spec.selector = spec.slector;
    delete spec.slector;
    await client.resource(DaemonSets).namespace('kube-system').create(doc!);
    await converge(async () => Object.keys(await podsByNode('kube-system')).includes('node02') && Object.keys(await podsByNode('kube-system')).includes('node01'), { ns: 'kube-system' });
    await settle();
    const nodes = Object.keys(await podsByNode('kube-system'));
    expect(nodes).toEqual(['node01', 'node02']);
    const ds = (await client.resource(DaemonSets).namespace('kube-system').get('fluentd-elasticsearch')) as Obj;
    expect(ds.status?.desiredNumberScheduled).toBe(2);
  });

  it("runs the seed's pi-proxy on the workers, and its nodeSelector version only where a node is labelled kiamol=ch06", async () => {
    const [plain] = loadSeedFixture('daemonset-pi-proxy.yaml');
    await dss().create(plain!);
    await converge(async () => ((await dss().get('pi-proxy')) as Obj).status?.numberAvailable === 2);
    expect(Object.keys(await podsByNode())).toEqual(['node01', 'node02']);

    // Re-applying the file with the nodeSelector: no node has the label, so both pods go.
    const [withSelector] = loadSeedFixture('daemonset-pi-proxy-nodeselector.yaml');
    const current = (await dss().get('pi-proxy')) as Obj;
    await dss().update({ ...current, spec: withSelector!.spec });
    await converge(async () => (await listPods()).length === 0);
    await patchNode('node02', (n) => (n.metadata.labels!.kiamol = 'ch06'));
    await converge(async () => ((await dss().get('pi-proxy')) as Obj).status?.numberAvailable === 1);
    expect(Object.keys(await podsByNode())).toEqual(['node02']);
    expect(((await dss().get('pi-proxy')) as Obj).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, observedGeneration: 2 });
    const revisions = ((await client.resource(ControllerRevisions).namespace('default').list()).items as Array<Obj & { revision: number }>).map((r) => r.revision).sort();
    expect(revisions).toEqual([1, 2]);
  });

  it('gives a new or relabelled node a pod and takes it away when the node stops matching or goes', async () => {
    await dss().create(daemonSet('proxy', { nodeSelector: { kiamol: 'ch06' } }));
    await converge(async () => ((await dss().get('proxy')) as Obj).status?.observedGeneration === 1);
    expect(await podsByNode()).toEqual({});

    await patchNode('node01', (n) => (n.metadata.labels!.kiamol = 'ch06'));
    await addNode('node03', { kiamol: 'ch06' });
    await converge(async () => Object.keys(await podsByNode()).length === 2);
    expect(Object.keys(await podsByNode())).toEqual(['node01', 'node03']);

    await patchNode('node01', (n) => delete n.metadata.labels!.kiamol);
    await converge(async () => Object.keys(await podsByNode()).join() === 'node03');
    expect(await events('proxy')).toContainEqual(expect.stringMatching(/^Normal SuccessfulDelete: Deleted pod: proxy-/));

    // A node that goes before its pod is scheduled leaves an unschedulable pod: the controller removes it.
    await addNode('node04', { kiamol: 'ch06' });
    await converge(async () => Object.keys(await podsByNode()).includes('node04'), { simulate: false });
    await client.resource(Nodes).delete('node04');
    // The scheduler, finding no node04, marks the pod unschedulable: that update makes the DaemonSet look again.
    const orphaned = (await listPods()).find((p) => targetOf(p) === 'node04')!;
    await pods().updateStatus({
      ...(orphaned as KubeObject),
      status: { ...orphaned.status, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastProbeTime: null, lastTransitionTime: '2024-06-01T12:00:00Z' }] },
    });
    await converge(async () => !Object.keys(await podsByNode()).includes('node04'), { simulate: false });
    const status = ((await dss().get('proxy')) as Obj).status!;
    expect(status.desiredNumberScheduled).toBe(1);
  });

  it('keeps a pod on a node that became unschedulable by a NoSchedule taint, counting it misscheduled', async () => {
    await dss().create(daemonSet('agent'));
    await converge(async () => ((await dss().get('agent')) as Obj).status?.numberAvailable === 2);
    await patchNode('node02', (n) => ((n.spec as { taints: unknown[] }).taints = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]));
    await converge(async () => ((await dss().get('agent')) as Obj).status?.numberMisscheduled === 1);
    expect(Object.keys(await podsByNode())).toEqual(['node01', 'node02']);
    expect(((await dss().get('agent')) as Obj).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1 });
    // A NoExecute taint the pod does not tolerate takes it away.
    await patchNode('node02', (n) => ((n.spec as { taints: unknown[] }).taints = [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]));
    await converge(async () => Object.keys(await podsByNode()).join() === 'node01');
  });

  it('replaces a failed pod, with a FailedDaemonPod event, backing off when it keeps failing', async () => {
    await dss().create(daemonSet('agent'));
    await converge(async () => ((await dss().get('agent')) as Obj).status?.numberAvailable === 2);
    const failOn = async (node: string) => {
      const pod = (await listPods()).find((p) => targetOf(p) === node && !p.metadata?.deletionTimestamp)!;
      await pods().updateStatus({ ...(pod as KubeObject), status: { ...pod.status, phase: 'Failed' } });
      return pod.metadata!.name!;
    };
    const first = await failOn('node01');
    await converge(async () => (await listPods()).some((p) => targetOf(p) === 'node01' && p.metadata!.name !== first && p.status?.phase === 'Running'));
    expect(await events('agent')).toContainEqual(`Warning FailedDaemonPod: Found failed daemon pod default/${first} on node node01, will try to kill it`);
    // Failing again within the 1 s back-off: the pod stays until the delay is over.
    const second = await failOn('node01');
    await settle();
    expect((await listPods()).find((p) => p.metadata!.name === second)?.metadata?.deletionTimestamp).toBeUndefined();
    await converge(async () => !(await listPods()).some((p) => p.metadata!.name === second));
  });

  /** Drives a rolling update, checking at every step how many nodes lack an available pod and how many pods run. */
  async function rollOut(ds: KubeObject, nodes: number, maxUnavailableSeen: { unavailable: number; pods: number }): Promise<void> {
    await dss().create(ds);
    await converge(async () => ((await dss().get(ds.metadata.name!)) as Obj).status?.numberAvailable === nodes);
    const current = (await dss().get(ds.metadata.name!)) as Obj;
    const template = (current.spec!.template as { spec: { containers: Array<{ image: string }> } });
    template.spec.containers[0]!.image = 'nginx:1.27';
    current.metadata.annotations = { 'deprecated.daemonset.template.generation': '2' };
    await dss().update(current);
    const check = async () => {
      const live = (await listPods()).filter((p) => !p.metadata?.deletionTimestamp);
      const availableNodes = new Set(live.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map(targetOf));
      maxUnavailableSeen.unavailable = Math.max(maxUnavailableSeen.unavailable, nodes - availableNodes.size);
      maxUnavailableSeen.pods = Math.max(maxUnavailableSeen.pods, live.length);
    };
    await converge(
      async () => {
        const s = ((await dss().get(ds.metadata.name!)) as Obj).status!;
        return s.updatedNumberScheduled === nodes && s.numberAvailable === nodes && (await listPods()).length === nodes;
      },
      { onStep: check, rounds: 200 },
    );
  }

  it('rolls a new template out node by node, never with more than maxUnavailable nodes unavailable', async () => {
    for (const n of ['node03', 'node04']) await addNode(n);
    const seen = { unavailable: 0, pods: 0 };
    await rollOut(daemonSet('agent', { generation: '1' }), 4, seen);
    expect(seen.unavailable).toBe(1);
    expect(seen.pods).toBe(4);
    const live = await listPods();
    expect(live.map((p) => p.spec!.containers[0]!.image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(live.every((p) => p.metadata!.labels!['pod-template-generation'] === '2')).toBe(true);
    const revisions = ((await client.resource(ControllerRevisions).namespace('default').list()).items as Array<Obj & { revision: number }>)
      .map((r) => `${r.revision} ${r.metadata.name === `agent-${live[0]!.metadata!.labels!['controller-revision-hash']}` ? 'current' : 'old'}`)
      .sort();
    expect(revisions).toEqual(['1 old', '2 current']);
  });

  it('with maxSurge starts the new pod beside the old one and never has a node without an available pod', async () => {
    for (const n of ['node03', 'node04']) await addNode(n);
    const seen = { unavailable: 0, pods: 0 };
    await rollOut(daemonSet('agent', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }), 4, seen);
    expect(seen.unavailable).toBe(0);
    expect(seen.pods).toBe(5);
  });

  it('keeps only revisionHistoryLimit old revisions once no pod runs them', async () => {
    const ds = daemonSet('agent');
    (ds.spec as Record<string, unknown>).revisionHistoryLimit = 1;
    await dss().create(ds);
    for (const image of ['nginx:1.25', 'nginx:1.26', 'nginx:1.27']) {
      await converge(async () => ((await dss().get('agent')) as Obj).status?.numberAvailable === 2);
      const current = (await dss().get('agent')) as Obj;
      (current.spec!.template as { spec: { containers: Array<{ image: string }> } }).spec.containers[0]!.image = image;
      await dss().update(current);
      await converge(async () => {
        const s = ((await dss().get('agent')) as Obj).status!;
        return s.observedGeneration === current.metadata.generation! + 1 && s.updatedNumberScheduled === 2 && s.numberAvailable === 2 && (await listPods()).length === 2;
      });
    }
    await converge(async () => (await client.resource(ControllerRevisions).namespace('default').list()).items.length === 2);
    const revisions = ((await client.resource(ControllerRevisions).namespace('default').list()).items as Array<Obj & { revision: number }>).map((r) => r.revision).sort();
    expect(revisions).toEqual([3, 4]);
  });

  it('with OnDelete leaves the old pods running until someone deletes them', async () => {
    await dss().create(daemonSet('agent', { strategy: { type: 'OnDelete' } }));
    await converge(async () => ((await dss().get('agent')) as Obj).status?.numberAvailable === 2);
    const current = (await dss().get('agent')) as Obj;
    (current.spec!.template as { spec: { containers: Array<{ image: string }> } }).spec.containers[0]!.image = 'nginx:1.27';
    await dss().update(current);
    await converge(async () => ((await dss().get('agent')) as Obj).status?.observedGeneration === 2);
    for (let i = 0; i < 5; i++) await converge(async () => true);
    expect((await listPods()).map((p) => p.spec!.containers[0]!.image)).toEqual(['nginx:1.17-alpine', 'nginx:1.17-alpine']);
    expect(((await dss().get('agent')) as Obj).status?.updatedNumberScheduled).toBeUndefined();
    const victim = (await listPods()).find((p) => targetOf(p) === 'node01')!;
    await pods().delete(victim.metadata!.name!, { gracePeriodSeconds: 0 });
    await converge(async () => (await listPods()).some((p) => targetOf(p) === 'node01' && p.spec!.containers[0]!.image === 'nginx:1.27'));
    await converge(async () => ((await dss().get('agent')) as Obj).status?.updatedNumberScheduled === 1);
  });
});

describe('DaemonSet helpers', () => {
  const node = (name: string, labels: Record<string, string> = {}, taints: unknown[] = []) => ({ metadata: { name, labels }, spec: { taints } }) as never;
  const ds = (spec: Record<string, unknown> = {}) =>
    ({ metadata: { name: 'x', namespace: 'default' }, spec: { selector: {}, template: { metadata: {}, spec: { containers: [], ...spec } } } }) as never;

  it.each([
    ['a plain node runs the pod', node('n'), ds(), { shouldRun: true, shouldContinueRunning: true }],
    ['a node without the selected label does not', node('n'), ds({ nodeSelector: { disk: 'ssd' } }), { shouldRun: false, shouldContinueRunning: false }],
    ['a node with it does', node('n', { disk: 'ssd' }), ds({ nodeSelector: { disk: 'ssd' } }), { shouldRun: true, shouldContinueRunning: true }],
    ['another nodeName never', node('n'), ds({ nodeName: 'm' }), { shouldRun: false, shouldContinueRunning: false }],
    ['an untolerated NoSchedule taint keeps new pods off but lets one stay', node('n', {}, [{ key: 'k', effect: 'NoSchedule' }]), ds(), { shouldRun: false, shouldContinueRunning: true }],
    ['an untolerated NoExecute taint evicts', node('n', {}, [{ key: 'k', effect: 'NoExecute' }]), ds(), { shouldRun: false, shouldContinueRunning: false }],
    ['not-ready and unreachable are tolerated by every daemon pod', node('n', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), ds(), { shouldRun: true, shouldContinueRunning: true }],
    ['an unschedulable (cordoned) node still runs daemon pods', node('n', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), ds(), { shouldRun: true, shouldContinueRunning: true }],
    ['network-unavailable is tolerated only by host-network pods', node('n', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), ds(), { shouldRun: false, shouldContinueRunning: true }],
    ['a host-network pod tolerates it', node('n', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), ds({ hostNetwork: true }), { shouldRun: true, shouldContinueRunning: true }],
    [
      'required node affinity is honoured',
      node('n', { zone: 'b' }),
      ds({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } } }),
      { shouldRun: false, shouldContinueRunning: false },
    ],
  ])('%s', (_name, n, d, want) => {
    expect(nodeShouldRunDaemonPod(n, d)).toEqual(want);
  });

  it.each([
    ['a heartbeat (same True conditions, new times and resourceVersion) is ignored', (n: Obj) => ((n.status as { conditions: Array<{ lastHeartbeatTime: string }> }).conditions[0]!.lastHeartbeatTime = 'later'), true],
    ['a label change is not', (n: Obj) => (n.metadata.labels = { disk: 'ssd' }), false],
    ['a condition turning True is not', (n: Obj) => (n.status as { conditions: unknown[] }).conditions.push({ type: 'DiskPressure', status: 'True' }), false],
    ['a new taint is not', (n: Obj) => (n.spec = { taints: [{ key: 'k', effect: 'NoSchedule' }] }), false],
  ])('node updates: %s', (_name, change, ignored) => {
    const old = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', resourceVersion: '1' }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: 'now' }] } } as Obj;
    const cur = structuredClone(old);
    cur.metadata.resourceVersion = '2';
    change(cur);
    expect(shouldIgnoreNodeUpdate(old as never, cur as never)).toBe(ignored);
  });

  it('a toleration the template already has with tolerationSeconds is replaced by the daemon one', () => {
    const spec = { containers: [], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] };
    addOrUpdateDaemonPodTolerations(spec);
    expect(spec.tolerations[0]).toEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
    expect(spec.tolerations).toHaveLength(6);
  });

  it.each([
    [1, 10, true, 1],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['100%', 3, true, 3],
  ])('%p of %p (round up %p) is %p', (v, total, up, want) => {
    expect(getScaledValueFromIntOrPercent(v, total, up)).toBe(want);
  });

  it('a non-percent string is refused with upstream words', () => {
    expect(() => getScaledValueFromIntOrPercent('3', 10, true)).toThrow('invalid value for IntOrString: invalid type: string is not a percentage');
  });

  it('with maxUnavailable 2 of 5 nodes, two old available pods go at once and the rest wait', () => {
    const d = { ...(ds() as object), spec: { ...(ds() as { spec: object }).spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } } } as never;
    const ready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] };
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((n) => node(n));
    const m = new Map<string, Pod[]>(['a', 'b', 'c', 'd', 'e'].map((n) => [n, [{ metadata: { name: `p-${n}`, labels: { 'controller-revision-hash': 'old' } }, spec: { nodeName: n, containers: [] }, status: ready } as Pod]]));
    const plan = planRollingUpdate(d, nodes, m, 'new', new Date('2024-01-02T00:00:00Z'));
    expect(plan.podsToDelete).toEqual(['p-a', 'p-b']);
    // One node already updating (its new pod not ready yet) leaves room for one more.
    m.set('a', [{ metadata: { name: 'q-a', labels: { 'controller-revision-hash': 'new' } }, spec: { nodeName: 'a', containers: [] }, status: { phase: 'Pending' } } as Pod]);
    expect(planRollingUpdate(d, nodes, m, 'new', new Date('2024-01-02T00:00:00Z')).podsToDelete).toEqual(['p-b']);
  });
});
