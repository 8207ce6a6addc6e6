import type { KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { ConfigMaps, Namespaces } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { Description, RootCACertPublisher } from './root-ca-cert-publisher.js';

const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** Lets watch events reach the informer and the worker write. */
async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 2));
  }
}

type ConfigMap = KubeObject & { data?: Record<string, string> };

describe('the root CA certificate publisher', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let publisher: RootCACertPublisher;
  const configMap = async (ns: string) => (await client.resource(ConfigMaps).namespace(ns).get('kube-root-ca.crt')) as ConfigMap;

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    informers = new InformerFactory({ client, clock: t.clock });
    publisher = new RootCACertPublisher({ client, clock: t.clock, log: memoryLogger(t.clock), informers, rootCA: ca });
    await informers.start();
    await informers.waitForSync();
    publisher.start();
    await settle();
  });
  afterEach(async () => {
    await publisher.stop();
    informers.stop();
    await t.close();
  });

  it('gives every existing namespace kube-root-ca.crt with the CA and the description annotation', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const cm = await configMap(ns);
      expect(cm.data).toEqual({ 'ca.crt': ca });
      expect(cm.metadata.annotations).toEqual({ 'kubernetes.io/description': Description });
    }
  });

  it('gives a new namespace its ConfigMap', async () => {
    await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    await settle();
    expect((await configMap('dev')).data).toEqual({ 'ca.crt': ca });
  });

  it('puts back a deleted ConfigMap', async () => {
    await client.resource(ConfigMaps).namespace('default').delete('kube-root-ca.crt');
    await settle();
    expect((await configMap('default')).data).toEqual({ 'ca.crt': ca });
  });

  it('restores the CA and the annotation when someone edits them', async () => {
    const cm = await configMap('default');
    await client.resource(ConfigMaps).namespace('default').update({ ...cm, metadata: { ...cm.metadata, annotations: {} }, data: { 'ca.crt': 'mine' } } as KubeObject);
    await settle();
    const back = await configMap('default');
    expect(back.data).toEqual({ 'ca.crt': ca });
    expect(back.metadata.annotations?.['kubernetes.io/description']).toBe(Description);
  });
});
