import { deepEqual, type KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Deployments, Events, Pods, ReplicaSets } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { DeploymentController } from './deployment.js';
import { ControllerManager } from './manager.js';
import type { DeploymentObject, ReplicaSetObject } from './deployment/util.js';

/**
 * No ReplicaSet controller or kubelet runs here: `pods` stands in for both. Every ReplicaSet has spec.replicas
 * pods at once; the test decides how many of each are available, and the ReplicaSet status says so, as the
 * ReplicaSet controller would report it (it deletes unavailable pods first when scaling down).
 */
class FakePods {
  /** ReplicaSet name -> available pods. */
  readonly available = new Map<string, number>();
  constructor(private readonly client: InProcessClient) {}

  async list(): Promise<ReplicaSetObject[]> {
    return (await this.client.resource(ReplicaSets).namespace('default').list()).items as ReplicaSetObject[];
  }

  /** Reports every ReplicaSet's pods in its status (replicas = spec, available as set, capped by spec). */
  async report(): Promise<boolean> {
    let changed = false;
    for (const rs of await this.list()) {
      const want = rs.spec.replicas ?? 1;
      const avail = Math.min(this.available.get(rs.metadata.name!) ?? 0, want);
      this.available.set(rs.metadata.name!, avail);
      // ReplicaSetStatus.replicas is not omitempty.
      const status: Record<string, number> = { replicas: want };
      if (want) status.fullyLabeledReplicas = want;
      if (avail) status.readyReplicas = avail;
      if (avail) status.availableReplicas = avail;
      status.observedGeneration = rs.metadata.generation ?? 1;
      if (deepEqual(rs.status ?? {}, status)) continue;
      await this.client.resource(ReplicaSets).namespace('default').updateStatus({ ...rs, status });
      changed = true;
    }
    return changed;
  }

  /** Makes up to n unavailable pods of a ReplicaSet available. */
  makeAvailable(rsName: string, n: number, spec: number): void {
    this.available.set(rsName, Math.min(spec, (this.available.get(rsName) ?? 0) + n));
  }
}

async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });

function deployment(name: string, replicas: number, image: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template(image), ...spec },
  };
}

describe('deployment controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let ctrl: DeploymentController;
  let pods: FakePods;
  let log: ReturnType<typeof memoryLogger>;

  async function startController(): Promise<void> {
    informers = new InformerFactory({ client, clock: t.clock, log });
    ctrl = new DeploymentController({ client, clock: t.clock, log, informers });
    await informers.start();
    await informers.waitForSync();
    ctrl.start();
  }

  async function stopController(): Promise<void> {
    await ctrl.stop();
    informers.stop();
  }

  /** Lets the controller run until it has nothing left to do, with the fake pods reporting after each pass. */
  async function converge(maxRounds = 60): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < maxRounds; i++) {
      await settle();
      const changed = await pods.report();
      await settle();
      // Retries after a conflict wait a few (fake) milliseconds.
      await t.clock.advanceAsync(20);
      quiet = !changed && ctrl.queue.len() === 0 && ctrl.queue.processingCount === 0 ? quiet + 1 : 0;
      if (quiet === 3) return;
    }
    throw new Error('did not converge');
  }

  const getD = async (name = 'web') => (await client.resource(Deployments).namespace('default').get(name)) as DeploymentObject;
  const replicaSets = async () => (await pods.list()).sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : a.metadata.creationTimestamp! > b.metadata.creationTimestamp! ? 1 : 0));
  const sizes = async () => (await replicaSets()).map((rs) => `${rs.spec.template?.spec?.containers[0]!.image}:${rs.spec.replicas}/${rs.status?.availableReplicas ?? 0}`);
  const events = async () => {
    await ctrl.flushEvents();
    return (await client.resource(Events).namespace('default').list()).items
      .filter((e) => (e.source as { component: string }).component === 'deployment-controller')
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);
  };
  async function setImage(image: string, name = 'web'): Promise<void> {
    const d = await getD(name);
    d.spec.template.spec!.containers[0]!.image = image;
    await client.resource(Deployments).namespace('default').update(d);
  }
  /** Every pod of every ReplicaSet becomes available. */
  async function allAvailable(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const rss = await pods.list();
      if (rss.every((rs) => (rs.status?.availableReplicas ?? 0) === (rs.spec.replicas ?? 1))) return;
      for (const rs of rss) pods.makeAvailable(rs.metadata.name!, 1e9, rs.spec.replicas ?? 1);
      await converge();
    }
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    log = memoryLogger(t.clock);
    pods = new FakePods(client);
    await startController();
  });

  afterEach(async () => {
    if (process.env.DEBUG_LOGS) console.log(log.lines.join('\n'));
    await stopController();
    await t.close();
  });

  it('a new Deployment gets a ReplicaSet named after its template hash, with revision 1 and the replicas annotations', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 3, 'nginx:1.25'));
    await converge();
    const [rs] = await replicaSets();
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs!.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs!.spec.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(rs!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: (await getD()).metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(await events()).toEqual([`Normal ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);
    const d = await getD();
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
      ['Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "web-${hash}" is progressing.`],
    ]);

    await allAvailable();
    const done = await getD();
    expect(done.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(done.status?.unavailableReplicas).toBeUndefined();
    expect(done.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    ]);
  });

  it.each([
    // replicas, maxSurge, maxUnavailable, min available, max pods
    [10, '25%', '25%', 8, 13],
    [10, 0, 1, 9, 10],
    [10, 3, 0, 10, 13],
    [3, '50%', '0%', 3, 5],
    [5, '10%', '10%', 5, 6], // 10% of 5 rounds up to 1 surge and down to 0 unavailable
    [4, 0, '30%', 3, 4],
  ])(
    'a rolling update of %i replicas with maxSurge %s and maxUnavailable %s keeps at least %i available and at most %i pods at every step',
    async (replicas, surge, unavailable, minAvail, maxPods) => {
      await client.resource(Deployments).namespace('default').create(
        deployment('web', replicas, 'nginx:1', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } }),
      );
      await converge();
      await allAvailable();
      await setImage('nginx:2');
      let steps = 0;
      let sawMaxPods = 0;
      let sawMinAvail = Infinity;
      for (;;) {
        await converge();
        const rss = await replicaSets();
        const total = rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
        const avail = rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
        sawMaxPods = Math.max(sawMaxPods, total);
        sawMinAvail = Math.min(sawMinAvail, avail);
        expect(total).toBeLessThanOrEqual(maxPods);
        expect(avail).toBeGreaterThanOrEqual(minAvail);
        const d = await getD();
        if (d.status?.updatedReplicas === replicas && d.status.availableReplicas === replicas && d.status.replicas === replicas) break;
        // One new pod becomes available per step.
        const newRS = rss[rss.length - 1]!;
        pods.makeAvailable(newRS.metadata.name!, 1, newRS.spec.replicas ?? 0);
        if (++steps > 100) throw new Error('rollout did not finish');
      }
      // The bounds are reached, not only respected.
      expect(sawMaxPods).toBe(maxPods);
      expect(sawMinAvail).toBe(minAvail);
      expect(await sizes()).toEqual([`nginx:1:0/0`, `nginx:2:${replicas}/${replicas}`]);
    },
  );

  it('the rollout of 10 replicas at 25%/25% steps through upstream sizes and events', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 10, 'nginx:1'));
    await converge();
    await allAvailable();
    await setImage('nginx:2');
    await converge();
    // Surge 3 (rounded up from 2.5), unavailable 2 (rounded down): new 3, then old 8, then new 5 (13 pods).
    expect(await sizes()).toEqual(['nginx:1:8/8', 'nginx:2:5/0']);
    const [oldRS, newRS] = await replicaSets();
    pods.makeAvailable(newRS!.metadata.name!, 5, 5);
    await converge();
    // 13 available: old may drop by 5 to 3; then new grows to 10.
    expect(await sizes()).toEqual(['nginx:1:3/3', 'nginx:2:10/5']);
    await allAvailable();
    expect(await sizes()).toEqual(['nginx:1:0/0', 'nginx:2:10/10']);
    const o = oldRS!.metadata.name;
    const n = newRS!.metadata.name;
    expect((await events()).slice(1)).toEqual([
      `Normal ScalingReplicaSet: Scaled up replica set ${n} from 0 to 3`,
      `Normal ScalingReplicaSet: Scaled down replica set ${o} from 10 to 8`,
      `Normal ScalingReplicaSet: Scaled up replica set ${n} from 3 to 5`,
      `Normal ScalingReplicaSet: Scaled down replica set ${o} from 8 to 3`,
      `Normal ScalingReplicaSet: Scaled up replica set ${n} from 5 to 10`,
      `Normal ScalingReplicaSet: Scaled down replica set ${o} from 3 to 0`,
    ]);
    const revs = (await replicaSets()).map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']);
    expect(revs).toEqual(['1', '2']);
    expect((await getD()).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('scaling in the middle of a rollout spreads the new replicas proportionally', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 10, 'nginx:1'));
    await converge();
    await allAvailable();
    await setImage('nginx:2');
    await converge();
    expect(await sizes()).toEqual(['nginx:1:8/8', 'nginx:2:5/0']);
    const d = await getD();
    d.spec.replicas = 20;
    await client.resource(Deployments).namespace('default').update(d);
    await converge();
    // Allowed 20+5 = 25, had 13: +12, the larger first: old 8*25/13 ≈ 15 (+7), new 5*25/13 ≈ 10 (+5).
    const rss = await replicaSets();
    const total = rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    expect(total).toBe(25);
    expect(await sizes()).toEqual(['nginx:1:15/8', 'nginx:2:10/0']);
    for (const rs of rss) expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('20');
    await allAvailable();
    expect(await sizes()).toEqual(['nginx:1:0/0', 'nginx:2:20/20']);
  });

  it('Recreate scales every old pod away before the new ReplicaSet exists', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 3, 'nginx:1', { strategy: { type: 'Recreate' } }));
    await converge();
    await allAvailable();
    await setImage('nginx:2');
    await settle();
    await settle();
    // The old ReplicaSet is scaled down before anything new is created.
    expect((await replicaSets()).map((rs) => `${rs.spec.template?.spec?.containers[0]!.image}:${rs.spec.replicas}`)).toEqual(['nginx:1:0']);
    await converge();
    await allAvailable();
    expect(await sizes()).toEqual(['nginx:1:0/0', 'nginx:2:3/3']);
  });

  it('revisionHistoryLimit keeps only that many old ReplicaSets', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 1, 'nginx:1', { revisionHistoryLimit: 2 }));
    await converge();
    await allAvailable();
    for (const v of [2, 3, 4, 5]) {
      await setImage(`nginx:${v}`);
      await converge();
      await allAvailable();
    }
    const revisions = (await replicaSets()).map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision']));
    expect(revisions.sort()).toEqual([3, 4, 5]);
  });

  it('a template that goes back to an old one re-uses its ReplicaSet with a new revision and records the old one in revision-history', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 2, 'nginx:1'));
    await converge();
    await allAvailable();
    await setImage('nginx:2');
    await converge();
    await allAvailable();
    await setImage('nginx:1');
    await converge();
    await allAvailable();
    const rss = await replicaSets();
    expect(rss).toHaveLength(2);
    expect(rss[0]!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(await sizes()).toEqual(['nginx:1:2/2', 'nginx:2:0/0']);
  });

  it('kubernetes.io/change-cause is copied to the new ReplicaSet', async () => {
    const d = deployment('web', 1, 'nginx:1');
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'first' };
    await client.resource(Deployments).namespace('default').create(d);
    await converge();
    expect((await replicaSets())[0]!.metadata.annotations?.['kubernetes.io/change-cause']).toBe('first');
  });

  it('a paused Deployment does not roll out a template change, and does after resume', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 2, 'nginx:1'));
    await converge();
    await allAvailable();
    const d = await getD();
    d.spec.paused = true;
    d.spec.template.spec!.containers[0]!.image = 'nginx:2';
    await client.resource(Deployments).namespace('default').update(d);
    await converge();
    expect(await sizes()).toEqual(['nginx:1:2/2']);
    const paused = await getD();
    expect(paused.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(paused.status?.observedGeneration).toBe(paused.metadata.generation);
    // Scaling while paused still works.
    paused.spec.replicas = 4;
    await client.resource(Deployments).namespace('default').update(paused);
    await converge();
    expect(await sizes()).toEqual(['nginx:1:4/2']);
    const resumed = await getD();
    resumed.spec.paused = false;
    await client.resource(Deployments).namespace('default').update(resumed);
    await converge();
    expect((await getD()).status?.conditions?.find((c) => c.type === 'Progressing')?.reason).not.toBe('DeploymentPaused');
    await allAvailable();
    expect(await sizes()).toEqual(['nginx:1:0/0', 'nginx:2:4/4']);
  });

  it('a rollout without progress for progressDeadlineSeconds is marked ProgressDeadlineExceeded', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 2, 'nginx:1', { progressDeadlineSeconds: 30 }));
    await converge();
    await allAvailable();
    await setImage('nginx:broken');
    await converge();
    expect((await getD()).status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    await t.clock.advanceAsync(20_000);
    await converge();
    expect((await getD()).status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    await t.clock.advanceAsync(12_000);
    await converge();
    const rss = await replicaSets();
    expect((await getD()).status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rss[1]!.metadata.name}" has timed out progressing.`,
    });
  });

  it('the deprecated rollback annotation rolls the template back to a revision', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 1, 'nginx:1'));
    await converge();
    await allAvailable();
    await setImage('nginx:2');
    await converge();
    await allAvailable();
    const d = await getD();
    d.metadata.annotations = { ...d.metadata.annotations, 'deprecated.deployment.rollback.to': '1' };
    await client.resource(Deployments).namespace('default').update(d);
    await converge();
    await allAvailable();
    const after = await getD();
    expect(after.spec.template.spec!.containers[0]!.image).toBe('nginx:1');
    expect(after.metadata.annotations?.['deprecated.deployment.rollback.to']).toBeUndefined();
    expect(after.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(await events()).toContain('Normal DeploymentRollback: Rolled back deployment "web" to revision 1');
  });

  it('a controller restarted in the middle of a rollout converges without extra ReplicaSets or pods', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 10, 'nginx:1'));
    await converge();
    await allAvailable();
    await setImage('nginx:2');
    await converge();
    expect(await sizes()).toEqual(['nginx:1:8/8', 'nginx:2:5/0']);
    await stopController();
    // While it is down, the new pods become available.
    pods.makeAvailable((await replicaSets())[1]!.metadata.name!, 3, 5);
    await pods.report();
    await startController();
    let steps = 0;
    for (;;) {
      await converge();
      const rss = await replicaSets();
      expect(rss).toHaveLength(2);
      expect(rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0)).toBeLessThanOrEqual(13);
      expect(rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0)).toBeGreaterThanOrEqual(8);
      const d = await getD();
      if (d.status?.updatedReplicas === 10 && d.status.availableReplicas === 10 && d.status.replicas === 10) break;
      if (steps++ === 3) {
        // Once more, mid-way.
        await stopController();
        await startController();
      }
      pods.makeAvailable(rss[1]!.metadata.name!, 2, rss[1]!.spec.replicas ?? 0);
      if (steps > 100) throw new Error('rollout did not finish');
    }
    expect(await sizes()).toEqual(['nginx:1:0/0', 'nginx:2:10/10']);
  });
});

describe('deployment and ReplicaSet controllers together', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let manager: ControllerManager;
  let log: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    log = memoryLogger(t.clock);
    const informers = new InformerFactory({ client, clock: t.clock, log });
    manager = new ControllerManager({ client, clock: t.clock, log, informers, config: { controllers: ['deployment-controller', 'replicaset-controller'] } });
    await manager.start();
  });

  afterEach(async () => {
    if (process.env.DEBUG_LOGS) console.log(log.lines.join('\n'));
    await manager.stop();
    await t.close();
  });

  /** The pods that count: those not being deleted (no kubelet finishes their graceful deletion here). */
  function pods(): Promise<Array<Pod & KubeObject>> {
    return client
      .resource(Pods)
      .namespace('default')
      .list()
      .then((l) => (l.items as Array<Pod & KubeObject>).filter((p) => !p.metadata.deletionTimestamp));
  }
  const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

  /** What a kubelet would report: the pod Running and Ready (no kubelet runs here). */
  async function makeReady(p: Pod & KubeObject): Promise<void> {
    const ts = t.clock.now().toISOString().replace(/\.\d+Z$/, 'Z');
    await client
      .resource(Pods)
      .namespace('default')
      .updateStatus({ ...p, status: { ...p.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts }] } });
  }

  async function quiesce(): Promise<void> {
    for (let i = 0; i < 30; i++) {
      await settle(3);
      await t.clock.advanceAsync(20);
    }
  }

  it('10 replicas at 25%/25% never have fewer than 8 ready nor more than 13 pods while pods become ready one by one', async () => {
    await client.resource(Deployments).namespace('default').create(deployment('web', 10, 'nginx:1'));
    await quiesce();
    for (const p of await pods()) await makeReady(p);
    await quiesce();
    const d = (await client.resource(Deployments).namespace('default').get('web')) as DeploymentObject;
    d.spec.template.spec!.containers[0]!.image = 'nginx:2';
    await client.resource(Deployments).namespace('default').update(d);
    let maxPods = 0;
    let minReady = Infinity;
    for (let step = 0; ; step++) {
      await quiesce();
      const all = await pods();
      maxPods = Math.max(maxPods, all.length);
      minReady = Math.min(minReady, all.filter(isReady).length);
      expect(all.length).toBeLessThanOrEqual(13);
      expect(all.filter(isReady).length).toBeGreaterThanOrEqual(8);
      const next = all.find((p) => !isReady(p));
      if (!next) break;
      await makeReady(next);
      if (step > 60) throw new Error('rollout did not finish');
    }
    const final = await pods();
    expect(final.map((p) => p.spec!.containers[0]!.image)).toEqual(Array(10).fill('nginx:2'));
    expect([maxPods, minReady]).toEqual([13, 8]);
    const status = ((await client.resource(Deployments).namespace('default').get('web')) as DeploymentObject).status;
    expect(status).toMatchObject({ replicas: 10, updatedReplicas: 10, readyReplicas: 10, availableReplicas: 10 });
  });
});
