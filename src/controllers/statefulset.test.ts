import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/object.js';
import { InProcessClient } from '../client/in-process-client.js';
import { InformerFactory } from '../client/informer.js';
import { ControllerRevisions, Events, Nodes, PersistentVolumeClaims, Pods, StatefulSets } from '../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../registry/test-registry.js';
import { flushMicrotasks } from '../util/clock.js';
import { memoryLogger } from '../util/logger.js';
import { StatefulSetController } from './statefulset.js';
import { getParentNameAndOrdinal, newVersionedStatefulSetPod } from './statefulset/utils.js';

async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushMicrotasks();
    await new Promise((r) => setTimeout(r, 1));
  }
}

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

function statefulSet(opts: { replicas?: number; policy?: string; partition?: number; claims?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas: opts.replicas ?? 3,
      ...(opts.policy ? { podManagementPolicy: opts.policy } : {}),
      ...(opts.partition !== undefined ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: opts.partition } } } : {}),
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24', volumeMounts: opts.claims === false ? [] : [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }],
        },
      },
      ...(opts.claims === false
        ? {}
        : { volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }),
    },
  };
}

describe('StatefulSet controller', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let informers: InformerFactory;
  let controller: StatefulSetController;
  let log: ReturnType<typeof memoryLogger>;

  const pods = () => client.resource(Pods).namespace('default');
  const sets = () => client.resource(StatefulSets).namespace('default');
  const get = async () => (await sets().get('web')) as Obj;

  async function listPods(): Promise<Pod[]> {
    return ((await pods().list()).items as Pod[]).sort((a, b) => getParentNameAndOrdinal(a).ordinal - getParentNameAndOrdinal(b).ordinal);
  }

  /** Names of the pods, a `~` after the ones terminating. */
  async function podNames(): Promise<string[]> {
    return (await listPods()).map((p) => `${p.metadata!.name}${p.metadata?.deletionTimestamp ? '~' : ''}`);
  }

  /** Plays scheduler and kubelet for one pod: bound to node01, Running, Ready or not. */
  async function run(name: string, ready = true): Promise<void> {
    let pod = (await pods().get(name)) as Obj;
    if (!(pod.spec as { nodeName?: string }).nodeName) {
      await pods().createSubresource(name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: 'node01' } });
      pod = (await pods().get(name)) as Obj;
    }
    const ts = t.clock.now().toISOString().replace(/\.\d+Z$/, 'Z');
    await pods().updateStatus({
      ...pod,
      status: { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: ts }] },
    });
    await settle();
  }

  /** The kubelet finishing graceful deletions. */
  async function finishDeletions(): Promise<void> {
    for (const p of await listPods()) if (p.metadata?.deletionTimestamp) await pods().delete(p.metadata.name!, { gracePeriodSeconds: 0 });
    await settle();
  }

  /** Runs every pod that is not yet running (and finishes deletions) until cond holds. */
  async function converge(cond: () => Promise<boolean>, rounds = 40): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await settle();
      if (await cond()) return;
      await finishDeletions();
      for (const p of await listPods()) if (!p.metadata?.deletionTimestamp && p.status?.phase !== 'Running') await run(p.metadata!.name!);
      await t.clock.advanceAsync(100);
    }
    throw new Error(`did not converge: ${(await podNames()).join(' ')}`);
  }

  async function events(): Promise<string[]> {
    await controller.flushEvents();
    return (await client.resource(Events).list()).items
      .filter((e) => (e.involvedObject as { kind: string }).kind === 'StatefulSet')
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);
  }

  async function setImage(image: string, partition?: number): Promise<void> {
    const set = await get();
    (set.spec!.template as { spec: { containers: Array<{ image: string }> } }).spec.containers[0]!.image = image;
    if (partition !== undefined) (set.spec!.updateStrategy as { rollingUpdate: { partition: number } }).rollingUpdate.partition = partition;
    await sets().update(set);
  }

  const imageOf = (p: Pod) => p.spec!.containers[0]!.image;

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    log = memoryLogger(t.clock);
    informers = new InformerFactory({ client, clock: t.clock, log });
    controller = new StatefulSetController({ client, clock: t.clock, log, informers });
    await client.resource(Nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' } });
    await informers.start();
    await informers.waitForSync();
    controller.start();
  });

  afterEach(async () => {
    if (process.env.DEBUG_LOGS) console.log(log.lines.join('\n'));
    await controller.stop();
    informers.stop();
    await t.close();
  });

  it('creates web-1 only once web-0 is Running and Ready, with stable names, hostnames and one claim per pod', async () => {
    await sets().create(statefulSet());
    await settle();
    expect(await podNames()).toEqual(['web-0']);
    const web0 = (await listPods())[0]!;
    expect(web0.metadata!.generateName).toBe('web-');
    expect(web0.spec!.hostname).toBe('web-0');
    expect(web0.spec!.subdomain).toBe('nginx');
    expect(web0.metadata!.labels).toEqual({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': expect.stringMatching(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/),
    });
    expect(web0.spec!.volumes?.[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } });
    expect(web0.metadata!.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: expect.any(String), controller: true, blockOwnerDeletion: true }]);

    // Running but not Ready: still waiting.
    await run('web-0', false);
    await t.clock.advanceAsync(1000);
    await settle();
    expect(await podNames()).toEqual(['web-0']);
    await run('web-0');
    expect(await podNames()).toEqual(['web-0', 'web-1']);
    await run('web-1');
    expect(await podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    await run('web-2');

    const claims = (await client.resource(PersistentVolumeClaims).namespace('default').list()).items;
    expect(claims.map((c) => c.metadata.name).sort()).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    expect(claims[0]!.metadata.labels).toEqual({ app: 'nginx' });
    expect(claims[0]!.metadata.ownerReferences).toBeUndefined();

    const revisions = (await client.resource(ControllerRevisions).namespace('default').list()).items as Array<Obj & { revision: number }>;
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.metadata.name).toBe(web0.metadata!.labels!['controller-revision-hash']);
    expect(revisions[0]!.metadata.labels).toEqual({ app: 'nginx', 'controller.kubernetes.io/hash': revisions[0]!.metadata.name!.slice(4) });

    await converge(async () => (await get()).status?.readyReplicas === 3);
    expect((await get()).status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: revisions[0]!.metadata.name,
      updateRevision: revisions[0]!.metadata.name,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect((await events()).slice(0, 4)).toEqual([
      'Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'Normal SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'Normal SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'Normal SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('scales down from the highest ordinal, one terminated pod at a time, and keeps the claims', async () => {
    await sets().create(statefulSet());
    await converge(async () => (await get()).status?.readyReplicas === 3);
    const set = await get();
    set.spec!.replicas = 1;
    await sets().update(set);
    await settle();
    expect(await podNames()).toEqual(['web-0', 'web-1', 'web-2~']);
    // web-1 waits while web-2 is terminating.
    await t.clock.advanceAsync(1000);
    await settle();
    expect(await podNames()).toEqual(['web-0', 'web-1', 'web-2~']);
    await finishDeletions();
    expect(await podNames()).toEqual(['web-0', 'web-1~']);
    await finishDeletions();
    expect(await podNames()).toEqual(['web-0']);
    const claims = (await client.resource(PersistentVolumeClaims).namespace('default').list()).items.map((c) => c.metadata.name).sort();
    expect(claims).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    expect(await events()).toContain('Normal SuccessfulDelete: delete Pod web-2 in StatefulSet web successful');
    await converge(async () => (await get()).status?.replicas === 1);

    // Scaling up again reuses web-1's claim.
    const again = await get();
    again.spec!.replicas = 2;
    await sets().update(again);
    await converge(async () => (await get()).status?.readyReplicas === 2);
    expect((await listPods())[1]!.spec!.volumes![0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect((await events()).filter((e) => e.includes('Claim www-web-1'))).toHaveLength(1);
  });

  it('under persistentVolumeClaimRetentionPolicy whenDeleted/whenScaled Delete, claims are owned by the set, or by the pod once scaled away', async () => {
    const obj = statefulSet({ replicas: 2 });
    (obj.spec as Record<string, unknown>).persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
    await sets().create(obj);
    await converge(async () => (await get()).status?.readyReplicas === 2);
    const owners = async () =>
      Object.fromEntries(
        (await client.resource(PersistentVolumeClaims).namespace('default').list()).items.map((c) => [c.metadata.name, (c.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`)]),
      );
    await converge(async () => (await owners())['www-web-1']?.length === 1);
    expect(await owners()).toEqual({ 'www-web-0': ['StatefulSet/web'], 'www-web-1': ['StatefulSet/web'] });
    const set = await get();
    set.spec!.replicas = 1;
    await sets().update(set);
    await settle();
    // The condemned pod's claim passes to the pod before it goes, so the garbage collector deletes it with the pod.
    expect((await owners())['www-web-1']).toEqual(['Pod/web-1']);
    expect(await podNames()).toEqual(['web-0', 'web-1~']);
  });

  it('adopts an orphan pod named like a member and leaves others with matching labels alone', async () => {
    for (const name of ['web-0', 'stray']) {
      await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } });
    }
    await sets().create(statefulSet({ replicas: 1, claims: false }));
    await converge(async () => (await pods().get('web-0')).metadata.ownerReferences?.length === 1);
    expect((await pods().get('web-0')).metadata.ownerReferences![0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true });
    expect((await pods().get('stray')).metadata.ownerReferences).toBeUndefined();
  });

  it('replaces a deleted pod under the same name', async () => {
    await sets().create(statefulSet({ claims: false }));
    await converge(async () => (await get()).status?.readyReplicas === 3);
    const uid = (await pods().get('web-1')).metadata.uid;
    await pods().delete('web-1', { gracePeriodSeconds: 0 });
    await converge(async () => (await listPods()).length === 3 && (await listPods()).every((p) => p.status?.phase === 'Running'));
    expect((await pods().get('web-1')).metadata.uid).not.toBe(uid);
  });

  it('updates with a partition only the ordinals at or above it, then the rest from the highest down', async () => {
    await sets().create(statefulSet({ partition: 2, claims: false }));
    await converge(async () => (await get()).status?.readyReplicas === 3);
    const oldRevision = (await get()).status!.currentRevision as string;
    await setImage('registry.k8s.io/nginx-slim:0.27');
    await converge(async () => (await get()).status?.updatedReplicas === 1 && (await get()).status?.readyReplicas === 3);
    for (let i = 0; i < 3; i++) await converge(async () => true);
    expect((await listPods()).map(imageOf)).toEqual(['registry.k8s.io/nginx-slim:0.24', 'registry.k8s.io/nginx-slim:0.24', 'registry.k8s.io/nginx-slim:0.27']);
    const status = (await get()).status!;
    expect(status.currentRevision).toBe(oldRevision);
    expect(status.updateRevision).not.toBe(oldRevision);
    expect(status).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });

    // Partition 0: web-1 goes before web-0, each waiting for the one before to be ready.
    await setImage('registry.k8s.io/nginx-slim:0.27', 0);
    await settle();
    expect(await podNames()).toEqual(['web-0', 'web-1~', 'web-2']);
    await converge(async () => (await get()).status?.updatedReplicas === 3 && (await get()).status?.readyReplicas === 3);
    expect((await listPods()).map(imageOf)).toEqual(Array(3).fill('registry.k8s.io/nginx-slim:0.27'));
    const done = (await get()).status!;
    expect(done.currentRevision).toBe(done.updateRevision);
    expect(done.currentReplicas).toBe(3);
    const deletions = (await events()).filter((e) => e.startsWith('Normal SuccessfulDelete'));
    expect(deletions).toEqual([
      'Normal SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'Normal SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
      'Normal SuccessfulDelete: delete Pod web-0 in StatefulSet web successful',
    ]);
    const revisions = ((await client.resource(ControllerRevisions).namespace('default').list()).items as Array<Obj & { revision: number }>).map((r) => r.revision).sort();
    expect(revisions).toEqual([1, 2]);
  });

  it('with Parallel creates all pods at once and deletes all surplus ones at once', async () => {
    await sets().create(statefulSet({ policy: 'Parallel', claims: false }));
    await settle();
    expect(await podNames()).toEqual(['web-0', 'web-1', 'web-2']);
    for (const n of ['web-0', 'web-1', 'web-2']) await run(n);
    const set = await get();
    set.spec!.replicas = 0;
    await sets().update(set);
    await settle();
    expect(await podNames()).toEqual(['web-0~', 'web-1~', 'web-2~']);
  });

  it('rolls back to an earlier template by renumbering its revision', async () => {
    await sets().create(statefulSet({ claims: false, replicas: 1 }));
    await converge(async () => (await get()).status?.readyReplicas === 1);
    const first = (await get()).status!.currentRevision;
    await setImage('registry.k8s.io/nginx-slim:0.27');
    await converge(async () => (await get()).status?.updateRevision !== first && (await get()).status?.updatedReplicas === 1 && (await get()).status?.readyReplicas === 1);
    await setImage('registry.k8s.io/nginx-slim:0.24');
    await converge(async () => (await get()).status?.currentRevision === first && (await get()).status?.readyReplicas === 1);
    const revisions = (await client.resource(ControllerRevisions).namespace('default').list()).items as Array<Obj & { revision: number }>;
    expect(revisions.map((r) => `${r.metadata.name === first ? 'first' : 'second'} ${r.revision}`).sort()).toEqual(['first 3', 'second 2']);
  });
});

describe('StatefulSet helpers', () => {
  it.each([
    ['web-0', 'web', 0],
    ['web-12', 'web', 12],
    ['my-web-3', 'my-web', 3],
    ['web', '', -1],
    ['web-x', '', -1],
  ])('%s has parent %p and ordinal %p', (name, parent, ordinal) => {
    expect(getParentNameAndOrdinal({ metadata: { name } })).toEqual({ parent, ordinal });
  });

  it('a new pod below the partition gets the current revision, at or above it the update revision', () => {
    const set = (image: string) =>
      ({
        metadata: { name: 'web', namespace: 'default', uid: 'u' },
        spec: {
          serviceName: 'nginx',
          selector: { matchLabels: { app: 'nginx' } },
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
          template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'c', image }] } },
        },
      }) as never;
    const low = newVersionedStatefulSetPod(set('old'), set('new'), 'web-a', 'web-b', 1);
    const high = newVersionedStatefulSetPod(set('old'), set('new'), 'web-a', 'web-b', 2);
    expect([low.spec!.containers[0]!.image, low.metadata!.labels!['controller-revision-hash']]).toEqual(['old', 'web-a']);
    expect([high.spec!.containers[0]!.image, high.metadata!.labels!['controller-revision-hash']]).toEqual(['new', 'web-b']);
  });
});
