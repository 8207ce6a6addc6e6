import { isNotFound } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { ConfigMaps, Deployments, Namespaces, Pods, ReplicaSets, Secrets, ServiceAccounts as ServiceAccountsGVR, Services } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { ControllerManager } from './manager.js';
import { NamespaceController, namespacedResourcesFromKinds, type NamespaceCondition } from './namespace.js';

async function settle(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function eventually<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await settle(1);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

describe('namespace controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let nsc: NamespaceController;
  let discoveryError: Error | undefined;
  let log: ReturnType<typeof memoryLogger>;

  const getNs = async (name: string) => {
    try {
      return await client.resource(Namespaces).get(name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  };
  const conditions = async (name: string) =>
    (((await getNs(name))?.status as { conditions?: NamespaceCondition[] } | undefined)?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

  /** Moves the fake clock in steps so delayed queue items fire and workers run. */
  async function advance(ms: number, step = 500): Promise<void> {
    for (let done = 0; done < ms; done += step) {
      await t.clock.advanceAsync(Math.min(step, ms - done));
      await settle(2);
    }
  }

  async function populate(ns: string): Promise<void> {
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const inNs = <T>(r: { namespace(n: string): T }) => r.namespace(ns);
    await inNs(client.resource(ConfigMaps)).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } });
    await inNs(client.resource(Secrets)).create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, stringData: { k: 'v' } });
    await inNs(client.resource(Services)).create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    await inNs(client.resource(Deployments)).create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
    await inNs(client.resource(ReplicaSets)).create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
    await inNs(client.resource(Pods)).create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loose', labels: { app: 'web' } }, spec: template.spec });
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock });
    discoveryError = undefined;
    nsc = new NamespaceController({
      client,
      clock: t.clock,
      log: (log = memoryLogger(t.clock)),
      informers,
      discoverResources: async () => {
        if (discoveryError) throw discoveryError;
        return namespacedResourcesFromKinds();
      },
    });
    await informers.start();
    await informers.waitForSync();
    nsc.start();
  });

  afterEach(async () => {
    if (process.env.DEBUG_LOGS) console.log(log.lines.join('\n'));
    await nsc.stop();
    informers.stop();
    await t.close();
  });

  it('a deleted namespace is Terminating, then its content is deleted and it disappears', async () => {
    await populate('team-a');
    await client.resource(Namespaces).delete('team-a');
    const terminating = (await getNs('team-a'))!;
    expect(terminating.status).toEqual({ phase: 'Terminating' });
    expect(terminating.spec).toEqual({ finalizers: ['kubernetes'] });
    // Nothing happens during the 5 s the controller leaves other API servers to notice.
    await advance(4500);
    expect((await client.resource(ConfigMaps).namespace('team-a').list()).items).toHaveLength(1);
    await advance(1000);
    // The first pass deletes everything but waits: the pod it found had a 30 s grace period (an estimate made
    // before deleting). Its condition update brings the namespace back 5 s later, when nothing is left.
    const conds = await eventually('the deletion conditions', async () => ((await conditions('team-a')).length === 5 ? conditions('team-a') : undefined));
    expect(conds.every((c) => c.includes('=False '))).toBe(true);
    expect((await client.resource(ConfigMaps).namespace('team-a').list()).items).toEqual([]);
    await advance(5000);
    await eventually('the namespace gone', async () => (await getNs('team-a')) === undefined);
    for (const r of [ConfigMaps, Secrets, Services, Deployments, ReplicaSets, Pods]) {
      expect((await client.resource(r).namespace('team-a').list()).items).toEqual([]);
    }
    // Other namespaces keep their content.
    expect((await client.resource(Namespaces).get('default')).status).toEqual({ phase: 'Active' });
  });

  it('running pods keep it Terminating with NamespaceContentRemaining until the kubelet removes them', async () => {
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } });
    const pods = client.resource(Pods).namespace('team-b');
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'busy', labels: { app: 'web' } }, spec: { ...template.spec, nodeName: 'node01' } });
    await client.resource(Namespaces).delete('team-b');
    await advance(5500);
    const conds = await eventually('the deletion conditions', async () => ((await conditions('team-b')).length === 5 ? conditions('team-b') : undefined));
    expect(conds).toEqual([
      'NamespaceDeletionDiscoveryFailure=False ResourcesDiscovered: All resources successfully discovered',
      'NamespaceDeletionGroupVersionParsingFailure=False ParsedGroupVersions: All legacy kube types successfully parsed',
      'NamespaceDeletionContentFailure=False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      'NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: pods. has 1 resource instances',
      'NamespaceFinalizersRemaining=False ContentHasNoFinalizers: All content-preserving finalizers finished',
    ]);
    // The pod is terminating for its 30 s grace period: passes 5 s (the condition update) and 16 s (estimate/2+1) later keep waiting.
    expect((await pods.get('busy')).metadata.deletionTimestamp).toBeDefined();
    await advance(20_000);
    expect((await getNs('team-b'))!.status).toMatchObject({ phase: 'Terminating' });
    // The kubelet removes the pod; the next pass finalizes the namespace.
    await pods.delete('busy', { gracePeriodSeconds: 0 });
    await advance(17_000);
    await eventually('the namespace gone', async () => (await getNs('team-b')) === undefined);
  });

  it('content with finalizers shows in NamespaceFinalizersRemaining until they are removed', async () => {
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-c' } });
    const cms = client.resource(ConfigMaps).namespace('team-c');
    await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', finalizers: ['example.com/keep'] } });
    await client.resource(Namespaces).delete('team-c');
    await advance(5500);
    const conds = await eventually('the finalizer condition', async () => ((await conditions('team-c')).length === 5 ? conditions('team-c') : undefined));
    expect(conds.slice(3)).toEqual([
      'NamespaceContentRemaining=True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
      'NamespaceFinalizersRemaining=True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances',
    ]);
    await cms.patch('kept', PatchType.Merge, { metadata: { finalizers: null } });
    // Finalizers: looked at again after 15/2+1 = 8 s.
    await advance(8500);
    await eventually('the namespace gone', async () => (await getNs('team-c')) === undefined);
  });

  it('a discovery failure is reported in NamespaceDeletionDiscoveryFailure and retried', async () => {
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-d' } });
    discoveryError = new Error('unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request');
    await client.resource(Namespaces).delete('team-d');
    await advance(5500);
    const conds = await eventually('the discovery condition', async () => ((await conditions('team-d')).length === 5 ? conditions('team-d') : undefined));
    expect(conds[0]).toBe(`NamespaceDeletionDiscoveryFailure=True DiscoveryFailed: ${discoveryError.message}`);
    discoveryError = undefined;
    await advance(2000);
    await eventually('the namespace gone', async () => (await getNs('team-d')) === undefined);
  });

  it('a namespace that is not being deleted is left alone', async () => {
    await populate('team-e');
    await advance(6000);
    expect((await getNs('team-e'))!.status).toEqual({ phase: 'Active' });
    expect((await client.resource(ConfigMaps).namespace('team-e').list()).items.map((c: KubeObject) => c.metadata.name)).toEqual(['settings']);
  });
});

describe('namespace, serviceaccount and replicaset controllers in the controller manager', () => {
  it('a namespace gets its default ServiceAccount, runs a ReplicaSet, and once deleted loses all of it', async () => {
    const t = await newTestRegistry();
    const client = new InProcessClient(t.registry);
    const informers = new InformerFactory({ client, clock: t.clock });
    const manager = new ControllerManager({
      client,
      clock: t.clock,
      log: memoryLogger(t.clock),
      informers,
      config: { controllers: ['namespace-controller', 'serviceaccount-controller', 'replicaset-controller'] },
    });
    expect(manager.controllers.map((c) => c.name)).toEqual(['namespace-controller', 'serviceaccount-controller', 'replicaset-controller']);
    await manager.start();
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    await client.resource(ReplicaSets).namespace('shop').create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
    });
    const sa = client.resource(ServiceAccountsGVR).namespace('shop');
    await eventually('the default ServiceAccount and two pods', async () => {
      const pods = (await client.resource(Pods).namespace('shop').list()).items;
      return (await sa.list()).items.length === 1 && pods.length === 2;
    });
    await client.resource(Namespaces).delete('shop');
    for (let i = 0; i < 30 && (await client.resource(Namespaces).list()).items.some((n) => n.metadata.name === 'shop'); i++) {
      await t.clock.advanceAsync(1000);
      await settle(3);
    }
    expect((await client.resource(Namespaces).list()).items.map((n) => n.metadata.name)).not.toContain('shop');
    expect((await client.resource(Pods).namespace('shop').list()).items).toEqual([]);
    expect((await sa.list()).items).toEqual([]);
    await manager.stop();
    informers.stop();
    await t.close();
  });
});
