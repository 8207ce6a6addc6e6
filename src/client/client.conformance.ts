/**
 * What every Client must do, whatever carries the requests (in-process now, HTTP later): one suite,
 * run by each implementation's test file, like hono's common.case.test.ts.
 */
import { isConflict, isNotFound, StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { WatchEvent } from '../api/request-options.js';
import type { Client } from './client.js';
import { ConfigMaps, Deployments, Namespaces, Pods } from './resources.js';

export interface ClientHarness {
  client: Client;
  close(): Promise<void>;
}

const cm = (name: string, data: Record<string, string> = { k: 'v' }, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

const deployment = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
});

async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function describeClientConformance(name: string, makeHarness: () => Promise<ClientHarness>): void {
  describe(`Client conformance: ${name}`, () => {
    let h: ClientHarness;
    let c: Client;
    beforeEach(async () => {
      h = await makeHarness();
      c = h.client;
    });
    afterEach(async () => {
      await h.close();
    });

    it('creates, reads, updates and deletes an object in a namespace', async () => {
      const created = await c.resource(ConfigMaps).namespace('default').create(cm('a'));
      expect(created.metadata.uid).toBeTruthy();
      const got = await c.resource(ConfigMaps).namespace('default').get('a');
      expect(got.data).toEqual({ k: 'v' });
      got.data = { k: 'w' };
      const updated = await c.resource(ConfigMaps).namespace('default').update(got);
      expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      const res = await c.resource(ConfigMaps).namespace('default').delete('a');
      expect(res.deleted).toBe(true);
      expect(isNotFound(await c.resource(ConfigMaps).namespace('default').get('a').catch((e: unknown) => e))).toBe(true);
    });

    it('errors are Status errors carrying the API server message', async () => {
      const err = await c.resource(Pods).namespace('default').get('zzz').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'pods "zzz" not found' });
    });

    it('a stale update is a Conflict', async () => {
      const a = await c.resource(ConfigMaps).namespace('default').create(cm('a'));
      await c.resource(ConfigMaps).namespace('default').update({ ...a, data: { k: '1' } });
      expect(isConflict(await c.resource(ConfigMaps).namespace('default').update({ ...a, data: { k: '2' } }).catch((e: unknown) => e))).toBe(true);
    });

    it('lists one namespace or all of them, with a label selector', async () => {
      await c.resource(ConfigMaps).namespace('default').create(cm('a', {}, { tier: 'x' }));
      await c.resource(ConfigMaps).namespace('kube-system').create(cm('b', {}, { tier: 'x' }));
      await c.resource(ConfigMaps).namespace('kube-system').create(cm('c'));
      const one = await c.resource(ConfigMaps).namespace('default').list();
      expect(one.items.map((o) => o.metadata.name)).toEqual(['a']);
      const all = await c.resource(ConfigMaps).list({ labelSelector: 'tier=x' });
      expect(all.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['default/a', 'kube-system/b']);
    });

    it('watches from a list resourceVersion and sees every later change in order', async () => {
      const list = await c.resource(ConfigMaps).namespace('default').list();
      const events: WatchEvent[] = [];
      const w = await c.resource(ConfigMaps).namespace('default').watch({ resourceVersion: list.metadata.resourceVersion }, (e) => events.push(e));
      const a = await c.resource(ConfigMaps).namespace('default').create(cm('a'));
      await c.resource(ConfigMaps).namespace('default').update({ ...a, data: { k: 'w' } });
      await c.resource(ConfigMaps).namespace('default').delete('a');
      await until(() => events.length >= 3);
      w.stop();
      expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    });

    it('patches with a merge patch and reads and writes the scale subresource', async () => {
      await c.resource(Deployments).namespace('default').create(deployment('web', 2));
      const patched = await c.resource(Deployments).namespace('default').patch('web', 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } });
      expect(patched.metadata.labels).toEqual({ a: 'b' });
      const scale = await c.resource(Deployments).namespace('default').getSubresource('web', 'scale');
      expect(scale.spec).toEqual({ replicas: 2 });
      await c.resource(Deployments).namespace('default').updateSubresource('web', 'scale', { ...scale, spec: { replicas: 5 } });
      const d = await c.resource(Deployments).namespace('default').get('web');
      expect((d.spec as { replicas: number }).replicas).toBe(5);
    });

    it('writes status through the status subresource only', async () => {
      const d = await c.resource(Deployments).namespace('default').create(deployment('web', 1));
      const st = await c.resource(Deployments).namespace('default').updateStatus({ ...d, status: { replicas: 1 } });
      expect(st.status).toEqual({ replicas: 1 });
    });

    it('binds a pod to a node', async () => {
      await c.resource(Pods).namespace('default').create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      await c.resource(Pods).namespace('default').createSubresource('p', 'binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'p' },
        target: { apiVersion: 'v1', kind: 'Node', name: 'node01' },
      });
      const p = await c.resource(Pods).namespace('default').get('p');
      expect((p.spec as { nodeName: string }).nodeName).toBe('node01');
    });

    it('reads cluster-scoped objects without a namespace', async () => {
      const ns = await c.resource(Namespaces).get('kube-system');
      expect(ns.status).toEqual({ phase: 'Active' });
    });
  });
}
