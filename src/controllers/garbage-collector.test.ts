import { isNotFound } from '../api/errors.js';
import type { KubeObject, OwnerReference } from '../api/object.js';
import type { PropagationPolicy } from '../api/request-options.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { ConfigMaps, Deployments, Leases, Nodes, Pods, ReplicaSets } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { GarbageCollector } from './garbage-collector.js';

/** Lets watch events reach the informers and the workers run. */
async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('garbage collector', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let gc: GarbageCollector;
  const log = () => memoryLogger(t.clock);

  const pods = () => client.resource(Pods).namespace('default');
  const rss = () => client.resource(ReplicaSets).namespace('default');

  /** Waits (on real time, the store delivers watch events on the event loop) until check holds. */
  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await settle(1);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  const exists = async (ops: ReturnType<typeof pods>, name: string) => {
    try {
      await ops.get(name);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  };

  const ref = (o: KubeObject, extra: Partial<OwnerReference> = { controller: true, blockOwnerDeletion: true }): OwnerReference => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name!,
    uid: o.metadata.uid!,
    ...extra,
  });

  async function makeReplicaSet(name: string, owner?: KubeObject): Promise<KubeObject> {
    return rss().create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, ...(owner ? { ownerReferences: [ref(owner)] } : {}) },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
  }

  /** A pod owned by owners; on a node, so its deletion is graceful (30 s) as the kubelet would finish it. */
  async function makePod(name: string, owners: OwnerReference[], nodeName?: string): Promise<KubeObject> {
    return pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'web' }, ownerReferences: owners },
      spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] },
    });
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock, log: log() });
    gc = new GarbageCollector({ client, clock: t.clock, log: log(), informers });
    await informers.start();
    await informers.waitForSync();
    gc.start();
  });

  afterEach(async () => {
    await gc.stop();
    informers.stop();
    await t.close();
  });

  it('background deletion (the default of kubectl delete) removes the owner at once and its pods after it', async () => {
    const rs = await makeReplicaSet('web');
    await makePod('web-a', [ref(rs)]);
    await makePod('web-b', [ref(rs)]);
    await settle();
    const res = await rss().delete('web', { propagationPolicy: 'Background' });
    expect(res.deleted).toBe(true);
    await until(async () => !(await exists(pods(), 'web-a')) && !(await exists(pods(), 'web-b')), 'the pods to be collected');
  });

  it('foreground deletion keeps the owner, with the foregroundDeletion finalizer, until its blocking pods are gone', async () => {
    const rs = await makeReplicaSet('web');
    await makePod('web-a', [ref(rs)], 'node01');
    await makePod('web-b', [ref(rs)], 'node01');
    await settle();
    await rss().delete('web', { propagationPolicy: 'Foreground' });
    // The collector deletes the pods; on a node their deletion waits for the kubelet (the grace period).
    await until(async () => (await pods().get('web-a')).metadata.deletionTimestamp !== undefined, 'web-a to be deleted');
    await until(async () => (await pods().get('web-b')).metadata.deletionTimestamp !== undefined, 'web-b to be deleted');
    await settle();
    const waiting = await rss().get('web');
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    expect(waiting.metadata.finalizers).toEqual(['foregroundDeletion']);
    // The kubelet finishes one pod: the owner still waits for the other.
    await pods().delete('web-a', { gracePeriodSeconds: 0 });
    await settle();
    expect(await exists(rss(), 'web')).toBe(true);
    await pods().delete('web-b', { gracePeriodSeconds: 0 });
    await until(async () => !(await exists(rss(), 'web')), 'the owner to go once its dependents are gone');
  });

  it('a dependent that does not block its owner (blockOwnerDeletion unset) does not hold a foreground deletion', async () => {
    const rs = await makeReplicaSet('web');
    await makePod('web-a', [ref(rs, { controller: true })], 'node01');
    await settle();
    await rss().delete('web', { propagationPolicy: 'Foreground' });
    await until(async () => !(await exists(rss(), 'web')), 'the owner to be deleted');
    await until(async () => (await pods().get('web-a')).metadata.deletionTimestamp !== undefined, 'the pod to be deleted after it');
  });

  it('orphan deletion removes the owner reference from every pod, then the owner; the pods stay', async () => {
    const rs = await makeReplicaSet('web');
    const other = await client.resource(ConfigMaps).namespace('default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' } });
    await makePod('web-a', [ref(rs), ref(other, {})]);
    await makePod('web-b', [ref(rs)]);
    await settle();
    await rss().delete('web', { propagationPolicy: 'Orphan' });
    await until(async () => !(await exists(rss(), 'web')), 'the owner to be deleted');
    expect((await pods().get('web-a')).metadata.ownerReferences).toEqual([ref(other, {})]);
    expect((await pods().get('web-b')).metadata.ownerReferences).toBeUndefined();
    await settle();
    expect(await exists(pods(), 'web-a')).toBe(true);
    expect(await exists(pods(), 'web-b')).toBe(true);
  });

  it('cascades through a chain: deleting a Deployment removes its ReplicaSet, then the ReplicaSet\'s pods', async () => {
    const deploy = await client.resource(Deployments).namespace('default').create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    const rs = await makeReplicaSet('web-5d4f8', deploy);
    await makePod('web-5d4f8-a', [ref(rs)]);
    await settle();
    await client.resource(Deployments).namespace('default').delete('web', { propagationPolicy: 'Background' });
    await until(async () => !(await exists(rss(), 'web-5d4f8')), 'the ReplicaSet to be collected');
    await until(async () => !(await exists(pods(), 'web-5d4f8-a')), 'the pod to be collected');
  });

  it.each<[string, PropagationPolicy]>([
    ['foreground', 'Foreground'],
    ['background', 'Background'],
  ])('%s deletion of a Deployment reaches the pods two levels down', async (_n, policy) => {
    const deploy = await client.resource(Deployments).namespace('default').create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    const rs = await makeReplicaSet('web-5d4f8', deploy);
    await makePod('web-5d4f8-a', [ref(rs)]);
    await settle();
    await client.resource(Deployments).namespace('default').delete('web', { propagationPolicy: policy });
    await until(async () => !(await exists(client.resource(Deployments).namespace('default'), 'web')), 'the Deployment to go');
    await until(async () => !(await exists(pods(), 'web-5d4f8-a')) && !(await exists(rss(), 'web-5d4f8')), 'the whole chain to go');
  });

  it('a pod with one owner left keeps living, and only the reference to the deleted owner is removed', async () => {
    const rs = await makeReplicaSet('web');
    const cm = await client.resource(ConfigMaps).namespace('default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' } });
    await makePod('shared', [ref(rs), ref(cm, {})]);
    await settle();
    await rss().delete('web', { propagationPolicy: 'Background' });
    await until(async () => ((await pods().get('shared')).metadata.ownerReferences ?? []).length === 1, 'the dangling reference to be removed');
    expect((await pods().get('shared')).metadata.ownerReferences).toEqual([ref(cm, {})]);
  });

  it('an object whose owner never existed is collected (the owner is checked with the API server)', async () => {
    await makePod('stray', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '11111111-2222-4333-8444-555555555555', controller: true }]);
    await until(async () => !(await exists(pods(), 'stray')), 'the stray pod to be collected');
  });

  it('an owner that exists under the same name but another uid does not keep a dependent', async () => {
    const rs = await makeReplicaSet('web');
    await makePod('old', [{ ...ref(rs), uid: '99999999-2222-4333-8444-555555555555' }]);
    await until(async () => !(await exists(pods(), 'old')), 'the pod of the replaced owner to be collected');
    expect(await exists(rss(), 'web')).toBe(true);
  });

  it('deleting a Job without a propagation policy orphans its pods, as batch/v1 does by default', async () => {
    const jobs = client.resource({ group: 'batch', version: 'v1', resource: 'jobs' }).namespace('default');
    const job = await jobs.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } } },
    });
    await makePod('pi-abcde', [ref(job)]);
    await settle();
    const res = await jobs.delete('pi');
    expect(res.object.metadata.finalizers).toEqual(['orphan']);
    await until(async () => !(await exists(jobs, 'pi')), 'the job to be deleted');
    expect((await pods().get('pi-abcde')).metadata.ownerReferences).toBeUndefined();
  });

  it('a namespaced dependent of a cluster-scoped owner goes with it: a deleted Node\'s Lease in kube-node-lease', async () => {
    const node = await client.resource(Nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node09' } });
    const leases = client.resource(Leases).namespace('kube-node-lease');
    await leases.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node09', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node09', uid: node.metadata.uid! }] },
      spec: { holderIdentity: 'node09', leaseDurationSeconds: 40 },
    });
    await settle();
    await client.resource(Nodes).delete('node09', { propagationPolicy: 'Background' });
    await until(async () => !(await exists(leases, 'node09')), 'the lease to be collected');
  });
});
