import { labelSelectorAsSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import { InProcessClient } from '../../client/in-process-client.js';
import { Pods, ReplicaSets } from '../../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../../registry/test-registry.js';
import { ControllerRefManager, getControllerOf, newControllerRef, recheckDeletionTimestamp } from './controller-ref.js';

describe('ControllerRefManager (claim, adopt, release)', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let rs: KubeObject;
  const pods = () => client.resource(Pods).namespace('default');
  const pod = (name: string, labels: Record<string, string>, extra: Partial<KubeObject['metadata']> = {}) =>
    pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, ...extra }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const manager = (canAdopt?: () => Promise<void>, controller = rs) =>
    new ControllerRefManager({
      controller,
      selector: labelSelectorAsSelector({ matchLabels: { app: 'web' } }),
      controllerKind: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
      canAdopt,
      client,
      resource: Pods,
    });

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    rs = await client.resource(ReplicaSets).namespace('default').create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
  });
  afterEach(() => t.close());

  it('adopts a matching orphan with a controller reference and keeps the pods it owns', async () => {
    const orphan = await pod('orphan', { app: 'web' });
    const owned = await pod('owned', { app: 'web' }, { ownerReferences: [newControllerRef(rs, { apiVersion: 'apps/v1', kind: 'ReplicaSet' })] });
    const claimed = await manager().claimObjects([orphan, owned]);
    expect(claimed.map((p) => p.metadata.name)).toEqual(['orphan', 'owned']);
    expect((await pods().get('orphan')).metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
  });

  it('releases an owned pod whose labels stopped matching, keeping its other owner references', async () => {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u-cm' };
    const p = await pod('moved', { app: 'debug' }, { ownerReferences: [other, newControllerRef(rs, { apiVersion: 'apps/v1', kind: 'ReplicaSet' })] });
    expect(await manager().claimObjects([p])).toEqual([]);
    expect((await pods().get('moved')).metadata.ownerReferences).toEqual([other]);
  });

  it('ignores pods of another controller, non-matching orphans and orphans being deleted', async () => {
    const foreign = await pod('foreign', { app: 'web' }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: 'u-x', controller: true }] });
    const unrelated = await pod('unrelated', { app: 'db' });
    const deleting = { ...(await pod('deleting', { app: 'web' })) };
    deleting.metadata = { ...deleting.metadata, deletionTimestamp: '2024-06-01T12:00:00Z' };
    expect(await manager().claimObjects([foreign, unrelated, deleting])).toEqual([]);
    for (const n of ['unrelated', 'deleting']) expect((await pods().get(n)).metadata.ownerReferences).toBeUndefined();
  });

  it('does not adopt when the pod was replaced by another of the same name (uid precondition)', async () => {
    const stale = await pod('reborn', { app: 'web' });
    await pods().delete('reborn');
    await pod('reborn', { app: 'web' });
    await expect(manager().claimObjects([stale])).rejects.toThrow('metadata.uid: Invalid value');
    expect((await pods().get('reborn')).metadata.ownerReferences).toBeUndefined();
  });

  it('a pod that disappeared is simply not claimed', async () => {
    const gone = await pod('gone', { app: 'web' });
    await pods().delete('gone');
    expect(await manager().claimObjects([gone])).toEqual([]);
  });

  it('refuses to adopt when canAdopt fails, asking it only once', async () => {
    const a = await pod('a', { app: 'web' });
    const b = await pod('b', { app: 'web' });
    let calls = 0;
    const deleted = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2024-06-01T12:00:00Z' } };
    const canAdopt = recheckDeletionTimestamp(async () => {
      calls++;
      return deleted;
    });
    await expect(manager(canAdopt).claimObjects([a, b])).rejects.toThrow(
      `[can't adopt Pod default/a (${a.metadata.uid}): default/web has just been deleted at 2024-06-01T12:00:00Z, can't adopt Pod default/b (${b.metadata.uid}): default/web has just been deleted at 2024-06-01T12:00:00Z]`,
    );
    expect(calls).toBe(1);
  });

  it('a controller being deleted neither adopts nor releases', async () => {
    const deletingRS = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2024-06-01T12:00:00Z' } };
    const orphan = await pod('orphan', { app: 'web' });
    const moved = await pod('moved', { app: 'debug' }, { ownerReferences: [newControllerRef(rs, { apiVersion: 'apps/v1', kind: 'ReplicaSet' })] });
    expect(await manager(undefined, deletingRS).claimObjects([orphan, moved])).toEqual([]);
    expect(getControllerOf(await pods().get('moved'))?.uid).toBe(rs.metadata.uid);
  });
});
