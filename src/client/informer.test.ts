import type { KubeObject } from '../api/object.js';
import type { WatchEvent } from '../api/request-options.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { FakeClock, flushMicrotasks } from '../util/clock.js';
import type { Client, ResourceInterface } from './client.js';
import { InProcessClient } from './in-process-client.js';
import { Informer, keyOf, splitKey } from './informer.js';
import { ConfigMaps, Pods } from './resources.js';

const cm = (name: string, data: Record<string, string> = {}, namespace = 'default'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

/** Waits (on real time, bounded) until cond holds: watch events from the store arrive asynchronously. */
async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Records handler calls as readable strings. */
function recorder() {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      onAdd: (o: KubeObject, initial: boolean) => calls.push(`add ${keyOf(o)}${initial ? ' (initial)' : ''}`),
      onUpdate: (a: KubeObject, b: KubeObject) => calls.push(`update ${keyOf(b)} ${JSON.stringify(a.data ?? {})}->${JSON.stringify(b.data ?? {})}`),
      onDelete: (o: KubeObject) => calls.push(`delete ${keyOf(o)}`),
    },
  };
}

describe('Informer over the in-process client', () => {
  let t: TestRegistry;
  let client: Client;
  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
  });
  afterEach(() => t.close());

  it('lists existing objects as initial adds, then delivers changes as they happen', async () => {
    const configMaps = client.resource(ConfigMaps).namespace('default');
    await configMaps.create(cm('a', { v: '1' }));
    const inf = new Informer({ client, resource: ConfigMaps, namespace: 'default', clock: new FakeClock() });
    const r = recorder();
    inf.addEventHandler(r.handler);
    await inf.start();
    expect(inf.hasSynced()).toBe(true);
    expect(r.calls).toEqual(['add default/a (initial)']);

    await configMaps.create(cm('b'));
    const a = await configMaps.get('a');
    await configMaps.update({ ...a, data: { v: '2' } });
    await configMaps.delete('b');
    await until(() => r.calls.length === 4, 'four events');
    expect(r.calls).toEqual(['add default/a (initial)', 'add default/b', 'update default/a {"v":"1"}->{"v":"2"}', 'delete default/b']);
    expect(inf.list().map(keyOf)).toEqual(['default/a']);
    expect(inf.get('default', 'a')?.data).toEqual({ v: '2' });
    inf.stop();
  });

  it('a handler added after sync receives the cached objects as adds', async () => {
    await client.resource(ConfigMaps).namespace('default').create(cm('a'));
    const inf = new Informer({ client, resource: ConfigMaps, namespace: 'default', clock: new FakeClock() });
    await inf.start();
    const r = recorder();
    inf.addEventHandler(r.handler);
    expect(r.calls).toEqual(['add default/a (initial)']);
    inf.stop();
  });

  it('an index finds pods by node and follows their changes', async () => {
    const pods = client.resource(Pods).namespace('default');
    const pod = (name: string, nodeName?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] },
    });
    await pods.create(pod('p1', 'node01'));
    await pods.create(pod('p2', 'node02'));
    const inf = new Informer({ client, resource: Pods, clock: new FakeClock() });
    inf.addIndexer('spec.nodeName', (p) => {
      const n = (p.spec as { nodeName?: string }).nodeName;
      return n ? [n] : [];
    });
    await inf.start();
    expect(inf.byIndex('spec.nodeName', 'node01').map(keyOf)).toEqual(['default/p1']);
    await pods.create(pod('p3', 'node01'));
    await pods.delete('p1', { gracePeriodSeconds: 0 });
    await until(() => inf.byIndex('spec.nodeName', 'node01').length === 1 && inf.getByKey('default/p3') !== undefined, 'index update');
    expect(inf.byIndex('spec.nodeName', 'node01').map(keyOf)).toEqual(['default/p3']);
    expect(inf.byIndex('spec.nodeName', 'node09')).toEqual([]);
    inf.stop();
  });

  it('a label selector limits the cache, and an object leaving the selection is deleted from it', async () => {
    const configMaps = client.resource(ConfigMaps).namespace('default');
    await configMaps.create({ ...cm('a'), metadata: { name: 'a', labels: { app: 'x' } } });
    const inf = new Informer({ client, resource: ConfigMaps, namespace: 'default', labelSelector: 'app=x', clock: new FakeClock() });
    const r = recorder();
    inf.addEventHandler(r.handler);
    await inf.start();
    const a = await configMaps.get('a');
    await configMaps.update({ ...a, metadata: { ...a.metadata, labels: { app: 'y' } } });
    await until(() => r.calls.length === 2, 'the delete');
    expect(r.calls).toEqual(['add default/a (initial)', 'delete default/a']);
    inf.stop();
  });

  it('waitForSync resolves once the first list is cached', async () => {
    const inf = new Informer({ client, resource: ConfigMaps, clock: new FakeClock() });
    const waiting = inf.waitForSync();
    expect(inf.hasSynced()).toBe(false);
    await inf.start();
    await waiting;
    expect(inf.hasSynced()).toBe(true);
    inf.stop();
  });
});

/** A resource whose list and watch the test drives by hand. */
function scriptedClient() {
  const state = { items: [] as KubeObject[], rv: 1, watches: [] as Array<{ rv?: string; emit: (ev: WatchEvent) => void; stopped: boolean }>, lists: 0, failList: false };
  const ops = {
    async list() {
      state.lists++;
      if (state.failList) throw new Error('connection refused');
      return { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: String(state.rv) }, items: structuredClone(state.items) };
    },
    async watch(opts: { resourceVersion?: string }, onEvent: (ev: WatchEvent) => void) {
      const w = { rv: opts.resourceVersion, emit: onEvent, stopped: false };
      state.watches.push(w);
      return { stop: () => void (w.stopped = true) };
    },
  };
  const client = { resource: () => ({ ...ops, namespace: () => ops }) as unknown as ResourceInterface } as Client;
  const withRv = (o: KubeObject, rv: number): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(rv) } });
  return { client, state, withRv };
}

const gone = (): WatchEvent => ({
  type: 'ERROR',
  object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (5)', reason: 'Expired', code: 410 },
});

describe('Informer re-listing', () => {
  it('watches from the resourceVersion of its list', async () => {
    const s = scriptedClient();
    s.state.rv = 7;
    const inf = new Informer({ client: s.client, resource: ConfigMaps, clock: new FakeClock() });
    await inf.start();
    expect(s.state.watches.map((w) => w.rv)).toEqual(['7']);
    inf.stop();
  });

  it('a 410 Gone re-lists at once and delivers what changed meanwhile as adds, updates and deletes', async () => {
    const s = scriptedClient();
    s.state.items = [s.withRv(cm('keep', { v: '1' }), 2), s.withRv(cm('gone'), 3)];
    s.state.rv = 3;
    const inf = new Informer({ client: s.client, resource: ConfigMaps, clock: new FakeClock() });
    const r = recorder();
    inf.addEventHandler(r.handler);
    await inf.start();
    s.state.items = [s.withRv(cm('keep', { v: '2' }), 8), s.withRv(cm('new'), 9)];
    s.state.rv = 9;
    s.state.watches[0]!.emit(gone());
    await flushMicrotasks();
    expect(s.state.watches[0]!.stopped).toBe(true);
    expect(s.state.watches.map((w) => w.rv)).toEqual(['3', '9']);
    expect(r.calls).toEqual([
      'add default/keep (initial)',
      'add default/gone (initial)',
      'update default/keep {"v":"1"}->{"v":"2"}',
      'add default/new',
      'delete default/gone',
    ]);
    expect(inf.listKeys().sort()).toEqual(['default/keep', 'default/new']);
    inf.stop();
  });

  it('a failed re-list is retried after a back-off on the clock', async () => {
    const clock = new FakeClock();
    const s = scriptedClient();
    const inf = new Informer({ client: s.client, resource: ConfigMaps, clock, retryDelayMs: 100 });
    await inf.start();
    s.state.failList = true;
    s.state.watches[0]!.emit({ type: 'ERROR', object: { ...(gone().object as object), code: 500, reason: 'InternalError' } as never });
    await clock.advanceAsync(100);
    expect(s.state.lists).toBe(2);
    await clock.advanceAsync(199);
    expect(s.state.lists).toBe(2);
    s.state.failList = false;
    await clock.advanceAsync(1);
    expect(s.state.lists).toBe(3);
    expect(s.state.watches).toHaveLength(2);
    inf.stop();
  });

  it('events of a watch that was replaced are ignored', async () => {
    const s = scriptedClient();
    const inf = new Informer({ client: s.client, resource: ConfigMaps, clock: new FakeClock() });
    const r = recorder();
    inf.addEventHandler(r.handler);
    await inf.start();
    s.state.watches[0]!.emit(gone());
    await flushMicrotasks();
    s.state.watches[0]!.emit({ type: 'ADDED', object: s.withRv(cm('late'), 20) });
    expect(r.calls).toEqual([]);
    s.state.watches[1]!.emit({ type: 'ADDED', object: s.withRv(cm('fresh'), 21) });
    expect(r.calls).toEqual(['add default/fresh']);
    expect(inf.resourceVersion).toBe('21');
    inf.stop();
  });

  it('resync calls onUpdate with the cached objects every period', async () => {
    const clock = new FakeClock();
    const s = scriptedClient();
    s.state.items = [s.withRv(cm('a'), 2)];
    const inf = new Informer({ client: s.client, resource: ConfigMaps, clock, resyncPeriodMs: 1000 });
    const r = recorder();
    inf.addEventHandler(r.handler);
    await inf.start();
    clock.advance(2000);
    expect(r.calls).toEqual(['add default/a (initial)', 'update default/a {}->{}', 'update default/a {}->{}']);
    inf.stop();
    clock.advance(5000);
    expect(r.calls).toHaveLength(3);
  });

  it('a handler that throws does not keep the others from their events', async () => {
    const s = scriptedClient();
    const inf = new Informer({ client: s.client, resource: ConfigMaps, clock: new FakeClock() });
    const r = recorder();
    inf.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    inf.addEventHandler(r.handler);
    await inf.start();
    s.state.watches[0]!.emit({ type: 'ADDED', object: s.withRv(cm('x'), 5) });
    expect(r.calls).toEqual(['add default/x']);
    inf.stop();
  });

  it('a first list that fails rejects start', async () => {
    const s = scriptedClient();
    s.state.failList = true;
    const inf = new Informer({ client: s.client, resource: ConfigMaps, clock: new FakeClock() });
    await expect(inf.start()).rejects.toThrow('connection refused');
  });
});

describe('keys', () => {
  it.each([
    ['a namespaced object', cm('a', {}, 'ns1'), 'ns1/a'],
    ['a cluster-scoped object', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' } }, 'node01'],
  ])('%s', (_n, obj, key) => {
    expect(keyOf(obj)).toBe(key);
  });

  it('splitKey undoes keyOf', () => {
    expect(splitKey('ns1/a')).toEqual({ namespace: 'ns1', name: 'a' });
    expect(splitKey('node01')).toEqual({ namespace: '', name: 'node01' });
  });
});
