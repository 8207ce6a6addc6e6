import { InProcessClient } from '../client/in-process-client.js';
import { EndpointSlices, Endpoints, Services } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { firstServiceIP, KubernetesService } from './kubernetes-service.js';

/** Lets the reconciler's store writes finish. */
async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('the kubernetes service', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let reconciler: KubernetesService;

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    reconciler = new KubernetesService({ client, clock: t.clock, log: memoryLogger(t.clock), advertiseAddress: '192.168.56.10', clusterIP: '10.96.0.1' });
    await reconciler.start();
  });
  afterEach(async () => {
    await reconciler.stop();
    await t.close();
  });

  it('is created in default with the first service IP, port 443 to the API server on 6443', async () => {
    const svc = (await client.resource(Services).namespace('default').get('kubernetes')) as never as { metadata: { labels: unknown }; spec: Record<string, unknown> };
    expect(svc.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(svc.spec).toMatchObject({ clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], type: 'ClusterIP', sessionAffinity: 'None' });
    expect(svc.spec.ports).toEqual([{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }]);
  });

  it('has Endpoints and an EndpointSlice pointing at the control-plane address', async () => {
    const ep = (await client.resource(Endpoints).namespace('default').get('kubernetes')) as never as { subsets: unknown };
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '192.168.56.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    const slice = (await client.resource(EndpointSlices).namespace('default').get('kubernetes')) as never as { endpoints: unknown; metadata: { labels: unknown } };
    expect(slice.endpoints).toEqual([{ addresses: ['192.168.56.10'], conditions: { ready: true } }]);
    expect(slice.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
  });

  it('comes back within the reconcile interval after it is deleted', async () => {
    await client.resource(Services).namespace('default').delete('kubernetes');
    await expect(client.resource(Services).namespace('default').get('kubernetes')).rejects.toThrow('not found');
    await t.clock.advanceAsync(9_999);
    await settle();
    await expect(client.resource(Services).namespace('default').get('kubernetes')).rejects.toThrow('not found');
    await t.clock.advanceAsync(1);
    await settle();
    const svc = (await client.resource(Services).namespace('default').get('kubernetes')) as never as { spec: { clusterIP: string } };
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
  });

  it.each([
    ['10.96.0.0/12', '10.96.0.1'],
    ['172.20.0.0/16', '172.20.0.1'],
    ['10.0.0.0/24', '10.0.0.1'],
  ])('the service CIDR %s gives the cluster IP %s', (cidr, ip) => {
    expect(firstServiceIP(cidr)).toBe(ip);
  });
});
