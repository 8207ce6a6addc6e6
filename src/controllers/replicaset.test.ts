import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { conflict, forbidden } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import { PatchType, type WatchEvent } from '../api/request-options.js';
import type { Client, ResourceInterface, ResourceOps } from '../client/client.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { Events, Pods, ReplicaSets } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks, rfc3339 } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { getPodsToDelete, ReplicaSetController, slowStartBatch } from './replicaset.js';
import { ExpectationsTimeoutMs } from './util/expectations.js';

const seeds = new URL('../../test/fixtures/seeds/', import.meta.url);
const seedRS = () => load(readFileSync(new URL('replicaset-whoami-web.yaml', seeds), 'utf8')) as KubeObject;

/** Lets watch events reach the informers and the workers run. */
async function settle(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Waits (at most 400 event-loop rounds) until check passes, then returns its value. */
async function eventually<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await settle(1);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A client whose pod watch events can be held back, as a slow watch would, so a test can sync a ReplicaSet
 * again before its informer has seen the pods it created; and whose pod creations can be made to fail.
 */
class HoldingClient implements Client {
  holding = false;
  private held: Array<() => void> = [];
  podCreates = 0;
  failPodCreatesAfter = Infinity;
  /** ReplicaSet status writes to refuse with a Conflict, as if another writer got there first. */
  statusConflicts = 0;

  constructor(private readonly inner: Client) {}

  release(): void {
    this.holding = false;
    for (const f of this.held.splice(0)) f();
  }

  resource(gvr: Parameters<Client['resource']>[0]): ResourceInterface {
    const r = this.inner.resource(gvr);
    if (gvr.resource === 'replicasets') {
      const wrapRS = (ops: ResourceOps): ResourceOps => ({
        ...ops,
        updateStatus: async (obj, opts) => {
          if (this.statusConflicts > 0) {
            this.statusConflicts--;
            throw conflict({ group: 'apps', resource: 'replicasets' }, obj.metadata.name!);
          }
          return ops.updateStatus(obj, opts);
        },
      });
      return { ...wrapRS(r), namespace: (ns: string) => wrapRS(r.namespace(ns)) };
    }
    if (gvr.resource !== 'pods') return r;
    const wrap = (ops: ResourceOps): ResourceOps => ({
      ...ops,
      watch: (opts, onEvent) =>
        ops.watch(opts, (ev: WatchEvent) => {
          if (this.holding) this.held.push(() => onEvent(ev));
          else onEvent(ev);
        }),
      create: async (obj, opts) => {
        if (++this.podCreates > this.failPodCreatesAfter) throw forbidden({ group: '', resource: 'pods' }, '', 'exceeded quota: compute, requested: pods=1, used: pods=3, limited: pods=3');
        return ops.create(obj, opts);
      },
    });
    return { ...wrap(r), namespace: (ns: string) => wrap(r.namespace(ns)) };
  }
}

describe('replicaset controller', () => {
  let t: TestRegistry;
  let client: HoldingClient;
  let informers: InformerFactory;
  let rsc: ReplicaSetController;
  let log: ReturnType<typeof memoryLogger>;

  const pods = () => client.resource(Pods).namespace('default');
  const replicaSets = () => client.resource(ReplicaSets).namespace('default');
  const podList = async (selector = 'app=whoami-web') => (await pods().list({ labelSelector: selector })).items as Pod[];
  const activeNames = async (selector?: string) =>
    (await podList(selector))
      .filter((p) => !p.metadata?.deletionTimestamp)
      .map((p) => p.metadata!.name!)
      .sort();
  const rsStatus = async (name = 'whoami-web') => (await replicaSets().get(name)).status as Record<string, unknown>;
  const events = async () => {
    await rsc.flushEvents();
    return (await client.resource(Events).namespace('default').list()).items
      .filter((e) => (e.source as { component: string }).component === 'replicaset-controller')
      .map((e) => `${e.type} ${e.reason} ${(e.involvedObject as { name: string }).name}: ${e.message}${(e.count as number) > 1 ? ` (x${e.count as number})` : ''}`);
  };
  const now = () => rfc3339(t.clock.now());

  async function createRS(replicas: number, extra: { minReadySeconds?: number; templateLabels?: Record<string, string> } = {}): Promise<KubeObject> {
    const rs = seedRS();
    const spec = rs.spec as { replicas: number; minReadySeconds?: number; template: { metadata: { labels: Record<string, string> } } };
    spec.replicas = replicas;
    if (extra.minReadySeconds) spec.minReadySeconds = extra.minReadySeconds;
    if (extra.templateLabels) spec.template.metadata.labels = extra.templateLabels;
    return replicaSets().create(rs);
  }

  async function scale(replicas: number, name = 'whoami-web'): Promise<void> {
    await replicaSets().patch(name, PatchType.Merge, { spec: { replicas } });
  }

  /** Waits for exactly n active pods and the status to say so. */
  async function converged(n: number, name = 'whoami-web'): Promise<string[]> {
    return eventually(`${n} pods`, async () => {
      const names = await activeNames();
      const st = await rsStatus(name);
      return names.length === n && st.replicas === n && rsc.queue.len() === 0 && rsc.queue.processingCount === 0 ? names : undefined;
    });
  }

  /** Binds a pod to a node and sets its phase and readiness, as a kubelet would. */
  async function runPod(name: string, opts: { node?: string; phase?: string; readySince?: string } = {}): Promise<void> {
    if (opts.node) await pods().createSubresource(name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: opts.node } } as KubeObject);
    const cur = await pods().get(name);
    const status = { ...(cur.status as object), phase: opts.phase ?? 'Running' } as Record<string, unknown>;
    if (opts.readySince) status.conditions = [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: opts.readySince }];
    await pods().updateStatus({ ...cur, status });
  }

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new HoldingClient(new InProcessClient(t.registry));
    informers = new InformerFactory({ client, clock: t.clock });
    log = memoryLogger(t.clock);
    rsc = new ReplicaSetController({ client, clock: t.clock, log, informers });
    await informers.start();
    await informers.waitForSync();
    rsc.start();
  });

  afterEach(async () => {
    if (process.env.DEBUG_LOGS) console.log(log.lines.join('\n'));
    client.release();
    await rsc.stop();
    informers.stop();
    await t.close();
  });

  it('creates the seed ReplicaSet pods with generateName, its labels and a controller owner reference', async () => {
    const rs = await createRS(3);
    const names = await converged(3);
    expect(names.every((n) => /^whoami-web-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n))).toBe(true);
    const pod = (await podList())[0]!;
    expect(pod.metadata!.generateName).toBe('whoami-web-');
    expect(pod.metadata!.labels).toEqual({ app: 'whoami-web' });
    expect(pod.metadata!.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'whoami-web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec!.containers[0]).toMatchObject({ name: 'web', image: 'kiamol/ch02-whoami', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }] });
    expect(await rsStatus()).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    expect((await events()).sort()).toEqual(names.map((n) => `Normal SuccessfulCreate whoami-web: Created pod: ${n}`));
  });

  it('deleting the pods by label (kubectl delete pods -l app=whoami-web) brings new ones', async () => {
    await createRS(3);
    const before = await converged(3);
    await pods().deleteCollection({ labelSelector: 'app=whoami-web' });
    const after = await eventually('three new pods', async () => {
      const names = await activeNames();
      return names.length === 3 && names.every((n) => !before.includes(n)) ? names : undefined;
    });
    expect(after).toHaveLength(3);
    expect(await converged(3)).toEqual(after);
  });

  it('a pod that is terminating is replaced at once, before the kubelet removes it', async () => {
    await createRS(2);
    const [first] = await converged(2);
    await runPod(first!, { node: 'node01', readySince: now() });
    await pods().delete(first!);
    expect((await pods().get(first!)).metadata.deletionTimestamp).toBeDefined();
    const names = await converged(2);
    expect(names).not.toContain(first);
    expect(await podList()).toHaveLength(3);
  });

  it('a Failed pod is replaced and left for the pod garbage collector', async () => {
    await createRS(1);
    const [first] = await converged(1);
    await runPod(first!, { node: 'node01', phase: 'Failed' });
    const names = await eventually('a replacement', async () => {
      const n = await activeNames();
      const failed = (await podList()).find((p) => p.metadata!.name === first);
      return n.length === 2 && failed ? n : undefined;
    });
    expect(names).toContain(first);
    await eventually('status of one active pod', async () => (await rsStatus()).replicas === 1);
  });

  it('scaling down deletes unscheduled, then pending, then not ready, then the most recently ready pods', async () => {
    await createRS(5);
    await converged(5);
    // Give the pods distinct creation times, as the kubelet would give them distinct states.
    const names = await activeNames();
    const [unscheduled, pending, notReady, readyRecently, readyLongAgo] = names;
    await runPod(pending!, { node: 'node01', phase: 'Pending' });
    await runPod(notReady!, { node: 'node01' });
    await runPod(readyRecently!, { node: 'node02', readySince: rfc3339(new Date(t.clock.now().getTime() - 10_000)) });
    await runPod(readyLongAgo!, { node: 'node02', readySince: rfc3339(new Date(t.clock.now().getTime() - 3_600_000)) });
    const deleted: string[] = [];
    for (const n of [4, 3, 2, 1]) {
      const before = await activeNames();
      await scale(n);
      const after = await converged(n);
      deleted.push(...before.filter((x) => !after.includes(x)));
    }
    expect(deleted).toEqual([unscheduled, pending, notReady, readyRecently]);
    expect(await activeNames()).toEqual([readyLongAgo]);
    const ev = await events();
    expect(ev.filter((e) => e.includes('SuccessfulDelete'))).toEqual(deleted.map((d) => `Normal SuccessfulDelete whoami-web: Deleted pod: ${d}`));
  });

  it('scaling up from the seed file creates only the missing pods', async () => {
    await createRS(1);
    const [first] = await converged(1);
    await scale(4);
    const names = await converged(4);
    expect(names).toContain(first);
  });

  it('an orphan pod with matching labels is adopted, and only the missing pods are created', async () => {
    await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', labels: { app: 'whoami-web' } }, spec: { containers: [{ name: 'web', image: 'kiamol/ch02-whoami' }] } });
    const rs = await createRS(3);
    const names = await converged(3);
    expect(names).toContain('orphan');
    const orphan = await pods().get('orphan');
    expect(orphan.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'whoami-web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect((await events()).filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(2);
  });

  it('a pod whose labels stop matching is released and replaced', async () => {
    await createRS(3);
    const [first] = await converged(3);
    await pods().patch(first!, PatchType.Merge, { metadata: { labels: { app: 'debug' } } });
    const released = await eventually('the release', async () => {
      const p = await pods().get(first!);
      return p.metadata.ownerReferences === undefined ? p : undefined;
    });
    expect(released.metadata.labels).toEqual({ app: 'debug' });
    const names = await converged(3);
    expect(names).not.toContain(first);
  });

  it('a pod owned by another controller is left alone', async () => {
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'taken', labels: { app: 'whoami-web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'other', uid: 'u-other', controller: true }] },
      spec: { containers: [{ name: 'web', image: 'x' }] },
    });
    await createRS(2);
    await eventually('two pods of its own', async () => (await rsStatus()).replicas === 2 && (await activeNames()).length === 3);
    expect(await activeNames()).toContain('taken');
    expect((await pods().get('taken')).metadata.ownerReferences![0]!.name).toBe('other');
  });

  it('a burst of syncs before the informer sees the new pods never creates extra pods (expectations)', async () => {
    client.holding = true;
    await createRS(3);
    await eventually('three pods in the store', async () => (await pods().list()).items.length === 3);
    for (let i = 0; i < 10; i++) {
      rsc.queue.add('default/whoami-web');
      await settle(2);
    }
    expect((await pods().list()).items).toHaveLength(3);
    expect(rsc.expectations.satisfiedExpectations('default/whoami-web')).toBe(false);
    client.release();
    await converged(3);
    expect((await pods().list()).items).toHaveLength(3);
    expect(rsc.expectations.satisfiedExpectations('default/whoami-web')).toBe(true);
  });

  it('expectations that are never observed expire after five minutes and the controller acts again', async () => {
    client.holding = true;
    await createRS(2);
    await eventually('two pods in the store', async () => (await pods().list()).items.length === 2);
    await settle(4);
    t.clock.advance(ExpectationsTimeoutMs + 1);
    rsc.queue.add('default/whoami-web');
    // Its informer still shows no pods, so after the timeout it creates two more: why watch latency matters.
    await eventually('two more pods', async () => (await pods().list()).items.length === 4);
  });

  it('pod creations start slow and stop at the first failing batch, and failures set ReplicaFailure until creations succeed', async () => {
    const quotaError = 'pods is forbidden: exceeded quota: compute, requested: pods=1, used: pods=3, limited: pods=3';
    // Pod events held back so that only the first sync creates: the skipped creations are no longer expected.
    client.holding = true;
    client.failPodCreatesAfter = 3;
    await createRS(10);
    await eventually('the first sync', async () => client.podCreates === 7 && rsc.queue.len() === 0 && rsc.queue.processingCount === 0);
    await settle(4);
    // Batches of 1, 2 then 4: the third batch fails entirely and the batch of 8 is never tried.
    expect(client.podCreates).toBe(7);
    let ev = await events();
    expect(ev.filter((e) => e.startsWith('Warning'))).toEqual([`Warning FailedCreate whoami-web: Error creating: ${quotaError} (x4)`]);
    expect(ev.filter((e) => e.startsWith('Normal SuccessfulCreate'))).toHaveLength(3);
    // The three pods are observed; every sync now tries again, fails, and keeps the condition.
    client.release();
    const st = await eventually('the ReplicaFailure condition', async () => {
      const s = await rsStatus();
      return s.replicas === 3 && (s.conditions as unknown[] | undefined)?.length ? s : undefined;
    });
    expect(st.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: now(), reason: 'FailedCreate', message: quotaError }]);
    ev = await events();
    expect(ev.filter((e) => e.startsWith('Warning'))).toEqual([`Warning FailedCreate whoami-web: Error creating: ${quotaError} (x${client.podCreates - 3})`]);
    // Once creations succeed again (the back-off retry), the rest follow and the condition goes.
    client.failPodCreatesAfter = Infinity;
    await eventually('ten pods and the condition removed', async () => {
      await t.clock.advanceAsync(100);
      const s = await rsStatus();
      return s.conditions === undefined && s.replicas === 10;
    });
  });

  it('creates at most burstReplicas pods per sync and the rest once those are observed', async () => {
    await rsc.stop();
    informers.stop();
    informers = new InformerFactory({ client, clock: t.clock });
    rsc = new ReplicaSetController({ client, clock: t.clock, log, informers, config: { burstReplicas: 5 } });
    await informers.start();
    await informers.waitForSync();
    rsc.start();
    client.holding = true;
    await createRS(12);
    await eventually('the first burst', async () => client.podCreates === 5 && rsc.queue.len() === 0 && rsc.queue.processingCount === 0);
    await settle(4);
    expect(client.podCreates).toBe(5);
    client.release();
    expect(await converged(12)).toHaveLength(12);
    expect(client.podCreates).toBe(12);
  });

  it('a status write that conflicts is retried once from a fresh read', async () => {
    client.statusConflicts = 1;
    await createRS(1);
    await converged(1);
    expect(client.statusConflicts).toBe(0);
    expect(await rsStatus()).toEqual({ replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1 });
    // The retry happened inside the sync: no sync failed.
    expect(log.lines.filter((l) => l.includes('Sync failed'))).toEqual([]);
  });

  it('counts ready and available replicas with minReadySeconds, and looks again once they are available', async () => {
    await createRS(2, { minReadySeconds: 10, templateLabels: { app: 'whoami-web', tier: 'web' } });
    const names = await converged(2);
    await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'partial', labels: { app: 'whoami-web' } }, spec: { containers: [{ name: 'web', image: 'x' }] } });
    // The adopted pod lacks the template's tier label: it counts in replicas but not in fullyLabeledReplicas.
    await eventually('adoption and scale-down', async () => (await activeNames()).length === 2 && (await rsStatus()).replicas === 2);
    const kept = await activeNames();
    // Mid-second, as on a real clock: the condition's time is truncated to the second.
    await t.clock.advanceAsync(500);
    for (const n of kept) await runPod(n, { node: 'node01', readySince: now() });
    const st = await eventually('ready replicas', async () => {
      const s = await rsStatus();
      return s.readyReplicas === 2 ? s : undefined;
    });
    expect(st.availableReplicas).toBeUndefined();
    expect(st.fullyLabeledReplicas).toBe(kept.filter((n) => names.includes(n)).length);
    // Ready since 12:00:00 (the clock says 12:00:00.5): not available until after 12:00:10.
    for (let i = 0; i < 9; i++) {
      await t.clock.advanceAsync(1000);
      await settle(1);
      expect((await rsStatus()).availableReplicas).toBeUndefined();
    }
    await t.clock.advanceAsync(1000);
    expect(await eventually('available replicas', async () => ((await rsStatus()).availableReplicas === 2 ? await rsStatus() : undefined))).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
  });
});

describe('replicaset controller restarts', () => {
  it('a new controller over existing pods creates no duplicates and resumes where the old one stopped', async () => {
    const t = await newTestRegistry();
    const client = new InProcessClient(t.registry);
    const start = async () => {
      const informers = new InformerFactory({ client, clock: t.clock });
      const rsc = new ReplicaSetController({ client, clock: t.clock, log: memoryLogger(t.clock), informers });
      await informers.start();
      await informers.waitForSync();
      rsc.start();
      return { informers, rsc, stop: async () => (await rsc.stop(), informers.stop()) };
    };
    const pods = client.resource(Pods).namespace('default');
    let c = await start();
    const rs = seedRS();
    (rs.spec as { replicas: number }).replicas = 3;
    await client.resource(ReplicaSets).namespace('default').create(rs);
    const before = await eventually('three pods', async () => {
      const items = (await pods.list()).items;
      return items.length === 3 ? items.map((p) => p.metadata.name).sort() : undefined;
    });
    await settle(4);
    await c.stop();
    // While it is down, a pod goes and the ReplicaSet is scaled up.
    await pods.delete(before[0]!);
    await client.resource(ReplicaSets).namespace('default').patch('whoami-web', PatchType.Merge, { spec: { replicas: 4 } });
    c = await start();
    const after = await eventually('four pods', async () => {
      const items = (await pods.list()).items;
      return items.length === 4 && c.rsc.queue.len() === 0 && c.rsc.queue.processingCount === 0 ? items.map((p) => p.metadata.name).sort() : undefined;
    });
    await settle(10);
    expect((await pods.list()).items).toHaveLength(4);
    expect(after.filter((n) => before.includes(n))).toEqual(before.slice(1));
    await c.stop();
    await t.close();
  });
});

describe('replicaset helpers', () => {
  it('slowStartBatch calls 1, 2, 4, ... at a time and reports successes until the first failing batch', async () => {
    let calls = 0;
    let inFlight = 0;
    const peaks: number[] = [];
    const fn = async () => {
      const n = ++calls;
      peaks.push(++inFlight);
      await Promise.resolve();
      inFlight--;
      if (n > 5) throw new Error('boom');
    };
    const { successes, err } = await slowStartBatch(20, 1, fn);
    // Batches of 1, 2 and 4: calls 6 and 7 fail, so the batch of 8 never starts.
    expect(calls).toBe(7);
    expect(peaks).toEqual([1, 1, 2, 1, 2, 3, 4]);
    expect(successes).toBe(5);
    expect(err?.message).toBe('boom');
    expect(await slowStartBatch(6, 1, async () => {})).toEqual({ successes: 6 });
  });

  it('getPodsToDelete prefers pods doubled up on a node with related pods', () => {
    const pod = (name: string, node: string, created: string): Pod => ({
      metadata: { name, creationTimestamp: created },
      spec: { nodeName: node, containers: [] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created }] },
    });
    const a = pod('a', 'n1', '2024-06-01T11:00:00Z');
    const b = pod('b', 'n2', '2024-06-01T11:00:00Z');
    const c = pod('c', 'n2', '2024-06-01T11:00:00Z');
    const related = [a, b, c, pod('other-rs', 'n1', '2024-06-01T10:00:00Z'), pod('other-rs-2', 'n1', '2024-06-01T10:00:00Z')];
    expect(getPodsToDelete([b, c, a], related, 1, new Date('2024-06-01T12:00:00Z')).map((p) => p.metadata!.name)).toEqual(['a']);
    expect(getPodsToDelete([b, c, a], [b, c, a], 1, new Date('2024-06-01T12:00:00Z')).map((p) => p.metadata!.name)).toEqual(['b']);
  });
});
