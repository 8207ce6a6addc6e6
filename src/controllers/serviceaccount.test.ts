import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Namespaces, ServiceAccounts } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { ServiceAccountController } from './serviceaccount.js';

async function eventually<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('serviceaccount controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let sac: ServiceAccountController;

  const saNames = async (ns: string) => (await client.resource(ServiceAccounts).namespace(ns).list()).items.map((s) => s.metadata.name);

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock });
    sac = new ServiceAccountController({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
    await informers.start();
    await informers.waitForSync();
    sac.start();
  });

  afterEach(async () => {
    await sac.stop();
    informers.stop();
    await t.close();
  });

  it('every namespace of a new cluster gets a default ServiceAccount', async () => {
    const namespaces = (await client.resource(Namespaces).list()).items.map((n) => n.metadata.name!);
    expect(namespaces).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    for (const ns of namespaces) await eventually(`default in ${ns}`, async () => (await saNames(ns)).includes('default'));
    const sa = await client.resource(ServiceAccounts).namespace('kube-system').get('default');
    expect(sa).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'kube-system' } });
  });

  it('a new namespace gets one, and a deleted default ServiceAccount comes back', async () => {
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const first = await eventually('default in team-a', async () => (await client.resource(ServiceAccounts).namespace('team-a').list()).items[0]);
    await client.resource(ServiceAccounts).namespace('team-a').delete('default');
    const second = await eventually('a new default', async () => {
      const items = (await client.resource(ServiceAccounts).namespace('team-a').list()).items;
      return items.length === 1 && items[0]!.metadata.uid !== first.metadata.uid ? items[0] : undefined;
    });
    expect(second.metadata.name).toBe('default');
  });

  it('a terminating namespace gets no new ServiceAccount', async () => {
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'going' } });
    await eventually('default in going', async () => (await saNames('going')).includes('default'));
    await client.resource(Namespaces).delete('going');
    await client.resource(ServiceAccounts).namespace('going').delete('default');
    for (let i = 0; i < 20; i++) {
      await flushMicrotasks();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(sac.queue.len() + sac.queue.processingCount).toBe(0);
    expect(await saNames('going')).toEqual([]);
  });
});
