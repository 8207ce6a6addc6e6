import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { WatchEvent } from '../api/request-options.js';
import { newTestRegistry, type TestRegistry } from './test-registry.js';

const Pods = { group: '', version: 'v1', resource: 'pods' };
const ConfigMaps = { group: '', version: 'v1', resource: 'configmaps' };
const Namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const Services = { group: '', version: 'v1', resource: 'services' };
const Nodes = { group: '', version: 'v1', resource: 'nodes' };
const Deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const ReplicaSets = { group: 'apps', version: 'v1', resource: 'replicasets' };
const DaemonSets = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const HPAv1 = { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' };
const HPAv2 = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };

const makePod = (name: string, extra: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(labels ? { labels } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...extra },
});

const makeDeployment = (name: string, replicas = 2, templateLabels: Record<string, string> = { app: name }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
});

const makeConfigMap = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...extra },
  data: { k: 'v' },
});

/** The Status an async call fails with (fails the test when it resolves). */
async function statusOf(p: Promise<unknown>): Promise<{ code: number; reason?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StatusError) return { code: e.status.code, reason: e.status.reason, message: e.status.message };
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** Waits until `pred` holds, polling; fails after the deadline. */
async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let t: TestRegistry;
beforeEach(async () => {
  t = await newTestRegistry();
});
afterEach(async () => {
  await t.close();
});

describe('create', () => {
  it('a new pod gets a uid, a creation time, a resourceVersion, defaults and a Pending status', async () => {
    const pod = await t.registry.create(Pods, 'default', makePod('web'));
    expect(pod.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.metadata.creationTimestamp).toBe('2024-06-01T12:00:00Z');
    expect(pod.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(pod.metadata.namespace).toBe('default');
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    const spec = pod.spec as Record<string, unknown>;
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.schedulerName).toBe('default-scheduler');
    expect(spec.priority).toBe(0);
  });

  it('a deployment starts at generation 1 with an empty status, whatever status the client sent', async () => {
    const d = makeDeployment('web');
    d.status = { replicas: 9 };
    const out = await t.registry.create(Deployments, 'default', d);
    expect(out.metadata.generation).toBe(1);
    expect(out.status).toEqual({});
  });

  it.each([
    ['a namespace that does not exist', () => t.registry.create(Pods, 'nope', makePod('web')), 404, 'NotFound', 'namespaces "nope" not found'],
    [
      'a resourceVersion on a new object',
      () => t.registry.create(ConfigMaps, 'default', makeConfigMap('c', { resourceVersion: '5' })),
      400,
      'BadRequest',
      'resourceVersion should not be set on objects to be created',
    ],
    [
      'a DaemonSet whose selector is spelled slector (seed 000)',
      () =>
        t.registry.create(DaemonSets, 'kube-system', {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'fluentd-elasticsearch' },
          spec: {
            slector: { matchLabels: { name: 'fluentd-elasticsearch' } },
            template: { metadata: { labels: { name: 'fluentd-elasticsearch' } }, spec: { containers: [{ name: 'f', image: 'fluentd' }] } },
          },
        }),
      400,
      'BadRequest',
      'DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec.slector"',
    ],
    [
      'a deployment whose selector does not match its template labels',
      () => t.registry.create(Deployments, 'default', makeDeployment('web', 1, { app: 'other' })),
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    ],
    [
      'a pod naming a priority class that does not exist',
      () => t.registry.create(Pods, 'default', makePod('p', { priorityClassName: 'nope' })),
      403,
      'Forbidden',
      'pods "p" is forbidden: no PriorityClass with name nope was found',
    ],
  ])('refuses %s', async (_name, call, code, reason, message) => {
    expect(await statusOf(call())).toEqual({ code, reason, message });
  });

  it.each([
    [Pods, makePod('web'), 'pods "web" already exists'],
    [Deployments, makeDeployment('web'), 'deployments.apps "web" already exists'],
  ])('a second %j with the same name is AlreadyExists', async (gvr, obj, message) => {
    await t.registry.create(gvr, 'default', obj);
    expect(await statusOf(t.registry.create(gvr, 'default', obj))).toEqual({ code: 409, reason: 'AlreadyExists', message });
  });

  it('generateName gets five characters from the upstream alphabet', async () => {
    const out = await t.registry.create(ConfigMaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } });
    expect(out.metadata.name).toMatch(/^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('a cluster-scoped object drops the namespace the client sent', async () => {
    const node = await t.registry.create(Nodes, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01', namespace: 'x' } });
    expect(node.metadata.namespace).toBeUndefined();
  });

  it('a dry run validates and defaults without writing', async () => {
    const out = await t.registry.create(ConfigMaps, 'default', makeConfigMap('dry'), { dryRun: 'All' });
    expect(out.metadata.name).toBe('dry');
    expect(await statusOf(t.registry.get(ConfigMaps, 'default', 'dry'))).toMatchObject({ code: 404 });
  });

  it('a job selects its pods by a generated controller-uid label, which also labels the job', async () => {
    const job = await t.registry.create({ group: 'batch', version: 'v1', resource: 'jobs' }, 'default', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
    });
    const uid = job.metadata.uid!;
    const expected = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
    expect((job.spec as { selector: unknown }).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect((job.spec as { template: { metadata: { labels: unknown } } }).template.metadata.labels).toEqual(expected);
    expect(job.metadata.labels).toEqual(expected);
  });

  it('a pod with a system priority class gets its value', async () => {
    const pod = await t.registry.create(Pods, 'kube-system', makePod('etcd', { priorityClassName: 'system-node-critical' }));
    expect((pod.spec as { priority: number }).priority).toBe(2000001000);
  });
});

describe('update', () => {
  it('a stale resourceVersion is a Conflict with the upstream message', async () => {
    const d = await t.registry.create(Deployments, 'default', makeDeployment('web'));
    const first = structuredClone(d);
    (first.spec as { replicas: number }).replicas = 3;
    await t.registry.update(Deployments, 'default', first);
    (d.spec as { replicas: number }).replicas = 4;
    expect(await statusOf(t.registry.update(Deployments, 'default', d))).toEqual({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('an update that changes nothing keeps the resourceVersion', async () => {
    const c = await t.registry.create(ConfigMaps, 'default', makeConfigMap('c'));
    const again = await t.registry.update(ConfigMaps, 'default', structuredClone(c));
    expect(again.metadata.resourceVersion).toBe(c.metadata.resourceVersion);
  });

  it('the generation moves on spec changes only, and on a deployment\'s annotations', async () => {
    const rs = await t.registry.create(ReplicaSets, 'default', { ...makeDeployment('rs'), kind: 'ReplicaSet' });
    rs.metadata.labels = { tier: 'x' };
    const labelled = await t.registry.update(ReplicaSets, 'default', rs);
    expect(labelled.metadata.generation).toBe(1);
    (labelled.spec as { replicas: number }).replicas = 5;
    expect((await t.registry.update(ReplicaSets, 'default', labelled)).metadata.generation).toBe(2);

    const d = await t.registry.create(Deployments, 'default', makeDeployment('web'));
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'x' };
    expect((await t.registry.update(Deployments, 'default', d)).metadata.generation).toBe(2);
  });

  it('the main resource ignores status and the status subresource ignores spec', async () => {
    const d = await t.registry.create(Deployments, 'default', makeDeployment('web'));
    d.status = { replicas: 7 };
    const main = await t.registry.update(Deployments, 'default', d);
    expect(main.status).toEqual({});
    main.status = { replicas: 2, observedGeneration: 1 };
    (main.spec as { replicas: number }).replicas = 10;
    const st = await t.registry.update(Deployments, 'default', main, { subresource: 'status' });
    expect(st.status).toEqual({ replicas: 2, observedGeneration: 1 });
    expect((st.spec as { replicas: number }).replicas).toBe(2);
  });

  it('a deployment selector may not change', async () => {
    const d = await t.registry.create(Deployments, 'default', makeDeployment('web'));
    const spec = d.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
    spec.selector.matchLabels = { app: 'web', v: '2' };
    spec.template.metadata.labels = { app: 'web', v: '2' };
    const err = await statusOf(t.registry.update(Deployments, 'default', d));
    expect(err.code).toBe(422);
    expect(err.message).toContain('spec.selector: Invalid value:');
    expect(err.message).toContain('field is immutable');
  });
});

describe('scale subresource', () => {
  it('reads and patches replicas through an autoscaling/v1 Scale', async () => {
    await t.registry.create(Deployments, 'default', makeDeployment('web', 2));
    const scale = await t.registry.getSubresource(Deployments, 'default', 'web', 'scale');
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 0, selector: 'app=web' } });
    const after = await t.registry.patch(Deployments, 'default', 'web', 'application/merge-patch+json', { spec: { replicas: 4 } }, { subresource: 'scale' });
    expect(after.spec).toEqual({ replicas: 4 });
    const d = await t.registry.get(Deployments, 'default', 'web');
    expect((d.spec as { replicas: number }).replicas).toBe(4);
    expect(d.metadata.generation).toBe(2);
  });

  it('refuses negative replicas', async () => {
    await t.registry.create(Deployments, 'default', makeDeployment('web', 2));
    const err = await statusOf(t.registry.patch(Deployments, 'default', 'web', 'application/merge-patch+json', { spec: { replicas: -1 } }, { subresource: 'scale' }));
    expect(err).toEqual({ code: 422, reason: 'Invalid', message: 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0' });
  });
});

describe('patch', () => {
  it.each([
    ['a merge patch', 'application/merge-patch+json' as const, { metadata: { labels: { tier: 'web' } } }, (o: KubeObject) => o.metadata.labels],
    [
      'a strategic merge patch merges containers by name',
      'application/strategic-merge-patch+json' as const,
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } } },
      (o: KubeObject) => (o.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.map((c) => (c as { image: string }).image),
    ],
    [
      'a JSON patch',
      'application/json-patch+json' as const,
      [{ op: 'replace', path: '/spec/replicas', value: 5 }],
      (o: KubeObject) => (o.spec as { replicas: number }).replicas,
    ],
  ])('%s changes the live object', async (_name, type, patch, pick) => {
    await t.registry.create(Deployments, 'default', makeDeployment('web', 2));
    const out = await t.registry.patch(Deployments, 'default', 'web', type, patch);
    const expected = { 'application/merge-patch+json': { tier: 'web' }, 'application/strategic-merge-patch+json': ['nginx:1.26'], 'application/json-patch+json': 5 }[type];
    expect(pick(out)).toEqual(expected);
  });
  it('a JSON patch whose test fails is the generic 422 kubectl shows as The request is invalid', async () => {
    await t.registry.create(Deployments, 'default', makeDeployment('web', 2));
    const err = await statusOf(t.registry.patch(Deployments, 'default', 'web', 'application/json-patch+json', [{ op: 'test', path: '/spec/replicas', value: 9 }]));
    expect(err).toEqual({ code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' });
  });

  it('a patch that changes the name is refused', async () => {
    await t.registry.create(ConfigMaps, 'default', makeConfigMap('c'));
    const err = await statusOf(t.registry.patch(ConfigMaps, 'default', 'c', 'application/merge-patch+json', { metadata: { name: 'd' } }));
    expect(err).toEqual({ code: 400, reason: 'BadRequest', message: 'the name of the object (d) does not match the name on the URL (c)' });
  });
});

describe('delete', () => {
  it('a pod on a node waits for its grace period; a second delete with grace 0 removes it', async () => {
    await t.registry.create(Pods, 'default', makePod('web'));
    await t.registry.bind('default', 'web', { target: { kind: 'Node', name: 'node01' } });
    const first = await t.registry.delete(Pods, 'default', 'web');
    expect(first.deleted).toBe(false);
    expect(first.object.metadata.deletionTimestamp).toBe('2024-06-01T12:00:30Z');
    expect(first.object.metadata.deletionGracePeriodSeconds).toBe(30);
    const second = await t.registry.delete(Pods, 'default', 'web', { gracePeriodSeconds: 0 });
    expect(second.deleted).toBe(true);
    expect(await statusOf(t.registry.get(Pods, 'default', 'web'))).toMatchObject({ code: 404, message: 'pods "web" not found' });
  });

  it('a pod not yet on a node is removed at once', async () => {
    await t.registry.create(Pods, 'default', makePod('web'));
    expect((await t.registry.delete(Pods, 'default', 'web')).deleted).toBe(true);
  });

  it('finalizers hold an object until the last one is removed', async () => {
    await t.registry.create(ConfigMaps, 'default', makeConfigMap('held', { finalizers: ['example.com/hold'] }));
    const res = await t.registry.delete(ConfigMaps, 'default', 'held');
    expect(res.deleted).toBe(false);
    expect(res.object.metadata.deletionTimestamp).toBe('2024-06-01T12:00:00Z');
    const cur = await t.registry.get(ConfigMaps, 'default', 'held');
    cur.metadata.finalizers = [];
    await t.registry.update(ConfigMaps, 'default', cur);
    expect(await statusOf(t.registry.get(ConfigMaps, 'default', 'held'))).toMatchObject({ code: 404 });
  });

  it.each([
    ['Foreground', ['foregroundDeletion']],
    ['Orphan', ['orphan']],
  ] as const)('propagation policy %s leaves the object with the garbage collector finalizer', async (policy, finalizers) => {
    await t.registry.create(Deployments, 'default', makeDeployment('web'));
    const res = await t.registry.delete(Deployments, 'default', 'web', { propagationPolicy: policy });
    expect(res.deleted).toBe(false);
    expect(res.object.metadata.finalizers).toEqual(finalizers);
  });

  it('a precondition on the uid that does not hold is a Conflict', async () => {
    await t.registry.create(ConfigMaps, 'default', makeConfigMap('c'));
    const err = await statusOf(t.registry.delete(ConfigMaps, 'default', 'c', { preconditions: { uid: 'other' } }));
    expect(err.code).toBe(409);
    expect(err.message).toBe('Operation cannot be fulfilled on configmaps "c": Precondition failed: UID in precondition: other, UID in object meta: 00000000-0000-4000-8000-000000000007');
  });
});

describe('namespaces', () => {
  it('the system namespaces exist from the start', async () => {
    const names = (await t.registry.list(Namespaces, undefined)).items.map((n) => n.metadata.name);
    expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('a deleted namespace is Terminating, refuses new content, and goes once finalized', async () => {
    await t.registry.create(Namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    const res = await t.registry.delete(Namespaces, undefined, 'doomed');
    expect(res.deleted).toBe(false);
    expect(res.object.status).toEqual({ phase: 'Terminating' });
    expect(await statusOf(t.registry.create(ConfigMaps, 'doomed', makeConfigMap('c')))).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: 'configmaps "c" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    });
    const ns = await t.registry.get(Namespaces, undefined, 'doomed');
    ns.spec = { finalizers: [] };
    await t.registry.updateSubresource(Namespaces, undefined, 'doomed', 'finalize', ns);
    expect(await statusOf(t.registry.get(Namespaces, undefined, 'doomed'))).toMatchObject({ code: 404, message: 'namespaces "doomed" not found' });
  });

  it('default may not be deleted', async () => {
    expect(await statusOf(t.registry.delete(Namespaces, undefined, 'default'))).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    });
  });
});

describe('list', () => {
  beforeEach(async () => {
    for (let i = 0; i < 5; i++) await t.registry.create(Pods, 'default', makePod(`p${i}`, {}, { app: i % 2 ? 'odd' : 'even' }));
    await t.registry.create(Pods, 'kube-system', makePod('sys', {}, { app: 'odd' }));
    await t.registry.bind('default', 'p3', { target: { name: 'node01' } });
  });

  it.each([
    ['one namespace', 'default', {}, ['p0', 'p1', 'p2', 'p3', 'p4']],
    ['all namespaces', undefined, {}, ['p0', 'p1', 'p2', 'p3', 'p4', 'sys']],
    ['a label selector', undefined, { labelSelector: 'app=odd' }, ['p1', 'p3', 'sys']],
    ['a set-based label selector', 'default', { labelSelector: 'app notin (odd)' }, ['p0', 'p2', 'p4']],
    ['a field selector on the node', 'default', { fieldSelector: 'spec.nodeName=node01' }, ['p3']],
    ['a field selector for unscheduled pods', 'default', { fieldSelector: 'spec.nodeName=' }, ['p0', 'p1', 'p2', 'p4']],
  ])('lists by %s', async (_name, ns, opts, names) => {
    const list = await t.registry.list(Pods, ns, opts);
    expect(list.kind).toBe('PodList');
    expect(list.items.map((p) => p.metadata.name)).toEqual(names);
  });

  it('pages with limit and continue at one revision, even when writes come between pages', async () => {
    const first = await t.registry.list(Pods, 'default', { limit: 2 });
    expect(first.items.map((p) => p.metadata.name)).toEqual(['p0', 'p1']);
    await t.registry.create(Pods, 'default', makePod('p20'));
    const second = await t.registry.list(Pods, 'default', { limit: 2, continue: first.metadata.continue });
    expect(second.items.map((p) => p.metadata.name)).toEqual(['p2', 'p3']);
    const third = await t.registry.list(Pods, 'default', { limit: 2, continue: second.metadata.continue });
    expect(third.items.map((p) => p.metadata.name)).toEqual(['p4']);
    expect(third.metadata.continue).toBeUndefined();
  });

  it('a bad label selector is a BadRequest', async () => {
    const err = await statusOf(t.registry.list(Pods, 'default', { labelSelector: 'app in odd' }));
    expect(err.code).toBe(400);
  });

  it('an unsupported field selector is a BadRequest with the upstream message', async () => {
    const err = await statusOf(t.registry.list(Pods, 'default', { fieldSelector: 'spec.foo=x' }));
    expect(err).toEqual({ code: 400, reason: 'BadRequest', message: 'field label not supported: spec.foo' });
  });
});

describe('watch', () => {
  it('from a resourceVersion delivers ADDED, MODIFIED and DELETED in order', async () => {
    const start = await t.registry.list(ConfigMaps, 'default');
    const events: WatchEvent[] = [];
    const w = await t.registry.watch(ConfigMaps, 'default', { resourceVersion: start.metadata.resourceVersion }, (e) => events.push(e));
    const c = await t.registry.create(ConfigMaps, 'default', makeConfigMap('c'));
    c.data = { k: 'changed' };
    await t.registry.update(ConfigMaps, 'default', c);
    await t.registry.delete(ConfigMaps, 'default', 'c');
    await t.registry.create(ConfigMaps, 'kube-system', makeConfigMap('elsewhere'));
    await until(() => events.length >= 3);
    w.stop();
    expect(events.map((e) => [e.type, (e.object as KubeObject).metadata.name])).toEqual([
      ['ADDED', 'c'],
      ['MODIFIED', 'c'],
      ['DELETED', 'c'],
    ]);
    const rvs = events.map((e) => Number((e.object as KubeObject).metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it('without a resourceVersion starts with the current objects as ADDED', async () => {
    await t.registry.create(ConfigMaps, 'default', makeConfigMap('a'));
    const events: WatchEvent[] = [];
    const w = await t.registry.watch(ConfigMaps, 'default', {}, (e) => events.push(e));
    w.stop();
    expect(events.map((e) => [e.type, (e.object as KubeObject).metadata.name])).toEqual([['ADDED', 'a']]);
  });

  it('an object entering a label selection is ADDED and one leaving it is DELETED', async () => {
    const start = await t.registry.list(ConfigMaps, 'default');
    const events: WatchEvent[] = [];
    const w = await t.registry.watch(ConfigMaps, 'default', { resourceVersion: start.metadata.resourceVersion, labelSelector: 'sel=yes' }, (e) => events.push(e));
    const c = await t.registry.create(ConfigMaps, 'default', makeConfigMap('c'));
    c.metadata.labels = { sel: 'yes' };
    const labelled = await t.registry.update(ConfigMaps, 'default', c);
    labelled.metadata.labels = { sel: 'no' };
    await t.registry.update(ConfigMaps, 'default', labelled);
    await until(() => events.length >= 2);
    w.stop();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  it('watches of one change each get an object of their own: one changing it changes nothing for the others', async () => {
    const start = await t.registry.list(ConfigMaps, 'default');
    const from = { resourceVersion: start.metadata.resourceVersion };
    const all: WatchEvent[] = [];
    const byName: WatchEvent[] = [];
    const w1 = await t.registry.watch(ConfigMaps, 'default', from, (e) => {
      all.push(e);
      (e.object as KubeObject).data = { k: 'changed by the first watch' };
    });
    const w2 = await t.registry.watch(ConfigMaps, 'default', { ...from, fieldSelector: 'metadata.name=c' }, (e) => byName.push(e));
    const created = await t.registry.create(ConfigMaps, 'default', makeConfigMap('c'));
    await until(() => all.length >= 1 && byName.length >= 1);
    const late: WatchEvent[] = [];
    const w3 = await t.registry.watch(ConfigMaps, 'default', from, (e) => late.push(e));
    await until(() => late.length >= 1);
    for (const w of [w1, w2, w3]) w.stop();
    expect(byName[0]!.object).toEqual(created);
    expect(late[0]!.object).toEqual(created);
  });

  it("a watch by spec.nodeName, as a kubelet's, sees its node's pods arrive when bound and leave when deleted", async () => {
    const start = await t.registry.list(Pods, 'default');
    const seen = new Map<string, string[]>();
    const watches = await Promise.all(
      ['node-a', 'node-b'].map((node) =>
        t.registry.watch(Pods, undefined, { resourceVersion: start.metadata.resourceVersion, fieldSelector: `spec.nodeName=${node}` }, (e) => {
          seen.set(node, [...(seen.get(node) ?? []), `${e.type} ${(e.object as KubeObject).metadata.name}`]);
        }),
      ),
    );
    await t.registry.create(Pods, 'default', makePod('p'));
    await t.registry.bind('default', 'p', { target: { kind: 'Node', name: 'node-a' } });
    await t.registry.patch(Pods, 'default', 'p', 'application/merge-patch+json', { status: { phase: 'Running' } }, { subresource: 'status' });
    await t.registry.delete(Pods, 'default', 'p', { gracePeriodSeconds: 0 });
    await until(() => (seen.get('node-a')?.length ?? 0) >= 3);
    for (const w of watches) w.stop();
    expect(seen.get('node-a')).toEqual(['ADDED p', 'MODIFIED p', 'DELETED p']);
    expect(seen.get('node-b')).toBeUndefined();
  });

  it('a resourceVersion older than the compacted history gets a 410 Expired ERROR event', async () => {
    const old = await t.registry.create(ConfigMaps, 'default', makeConfigMap('a'));
    await t.registry.create(ConfigMaps, 'default', makeConfigMap('b'));
    await t.store.compact(await t.store.currentRevision());
    const events: WatchEvent[] = [];
    const w = await t.registry.watch(ConfigMaps, 'default', { resourceVersion: old.metadata.resourceVersion }, (e) => events.push(e));
    await until(() => events.length >= 1);
    w.stop();
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    expect((events[0]!.object as { message: string }).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });
});

describe('services', () => {
  const makeService = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  });

  it('a ClusterIP service gets an address from 10.96.0.0/12 and its clusterIPs', async () => {
    const svc = await t.registry.create(Services, 'default', makeService('web'));
    const spec = svc.spec as { clusterIP: string; clusterIPs: string[]; ports: Array<{ targetPort: number; protocol: string }> };
    expect(spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(spec.clusterIPs).toEqual([spec.clusterIP]);
    expect(spec.ports[0]).toMatchObject({ port: 80, targetPort: 80, protocol: 'TCP' });
  });

  it('a NodePort service gets a port from 30000-32767', async () => {
    const svc = await t.registry.create(Services, 'default', makeService('np', { type: 'NodePort' }));
    const port = (svc.spec as { ports: Array<{ nodePort: number }> }).ports[0]!.nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
  });

  it('an address already taken is refused, and free again once its service is deleted', async () => {
    await t.registry.create(Services, 'default', makeService('a', { clusterIP: '10.96.100.100' }));
    expect(await statusOf(t.registry.create(Services, 'default', makeService('b', { clusterIP: '10.96.100.100' })))).toEqual({
      code: 422,
      reason: 'Invalid',
      message: 'Service "b" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.100.100": failed to allocate IP 10.96.100.100: provided IP is already allocated',
    });
    await t.registry.delete(Services, 'default', 'a');
    const b = await t.registry.create(Services, 'default', makeService('b', { clusterIP: '10.96.100.100' }));
    expect((b.spec as { clusterIP: string }).clusterIP).toBe('10.96.100.100');
  });

  it('a headless service keeps clusterIP None', async () => {
    const svc = await t.registry.create(Services, 'default', makeService('h', { clusterIP: 'None' }));
    expect(svc.spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
  });
});

describe('binding', () => {
  it('sets the node and the PodScheduled condition, and a second binding conflicts', async () => {
    await t.registry.create(Pods, 'default', makePod('web'));
    await t.registry.bind('default', 'web', { target: { kind: 'Node', name: 'node01' } });
    const pod = await t.registry.get(Pods, 'default', 'web');
    expect((pod.spec as { nodeName: string }).nodeName).toBe('node01');
    expect((pod.status as { conditions: unknown[] }).conditions).toEqual([
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-06-01T12:00:00Z' },
    ]);
    expect(await statusOf(t.registry.bind('default', 'web', { target: { name: 'node02' } }))).toEqual({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node01"',
    });
  });
});

describe('versions', () => {
  it('a HorizontalPodAutoscaler created as autoscaling/v1 is stored once and served in v1 and v2', async () => {
    await t.registry.create(HPAv1, 'default', {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'php' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php' }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
    });
    const v2 = await t.registry.get(HPAv2, 'default', 'php');
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect((v2.spec as { metrics: unknown[] }).metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    const v1 = await t.registry.get(HPAv1, 'default', 'php');
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect((v1.spec as { targetCPUUtilizationPercentage: number }).targetCPUUtilizationPercentage).toBe(50);
  });
});
