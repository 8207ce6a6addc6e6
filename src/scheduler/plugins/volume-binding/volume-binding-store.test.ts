import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/object.js';
import { InProcessClient } from '../../../client/in-process-client.js';
import { PersistentVolumeClaims, PersistentVolumes, StorageClasses } from '../../../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../../../registry/test-registry.js';
import { CycleState } from '../../framework/interface.js';
import { newTestHandle } from '../../framework/test-handle.js';
import { VolumeBinding } from './volume-binding.js';

// The CKA local-volume story against the real registry: a WaitForFirstConsumer class without provisioner, a local
// PV pinned to node01, a claim; scheduling the pod binds the claim to that volume, as the PV controller would.
describe('VolumeBinding PreBind through the registry', () => {
  let t: TestRegistry;
  beforeEach(async () => {
    t = await newTestRegistry();
  });
  afterEach(async () => {
    await t.close();
  });

  it('a pod using a WaitForFirstConsumer claim goes where its local volume is and binds it', async () => {
    const client = new InProcessClient(t.registry);
    const sc = await client.resource(StorageClasses).create({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local-storage' },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'WaitForFirstConsumer',
    } as KubeObject);
    const pv = await client.resource(PersistentVolumes).create({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'local-pv' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'local-storage',
        local: { path: '/mnt/disks/vol1' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node01'] }] }] } },
      },
    } as KubeObject);
    const pvc = await client.resource(PersistentVolumeClaims).namespace('default').create({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-storage', resources: { requests: { storage: '500Mi' } } },
    } as KubeObject);
    const nodes = ['node01', 'node02'].map((name) => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name } } }));
    const h = newTestHandle({ client, nodes, objects: [sc, pv, pvc] });
    const p = new VolumeBinding(h);
    const pod = { metadata: { name: 'app', namespace: 'default', uid: 'app-uid' }, spec: { containers: [], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } };
    const state = new CycleState();
    expect(p.preFilter(state, pod, []).status.isSuccess()).toBe(true);
    const verdicts = ['node01', 'node02'].map((n) => p.filter(state, pod, h.snapshotSharedLister().nodeInfos().get(n)).message());
    expect(verdicts).toEqual(['', "node(s) didn't find available persistent volumes to bind"]);
    await p.reserve(state, pod, 'node01');
    expect((await p.preBind(state, pod, 'node01')).isSuccess()).toBe(true);

    const boundPV = (await client.resource(PersistentVolumes).get('local-pv')) as unknown as PersistentVolume;
    const boundPVC = (await client.resource(PersistentVolumeClaims).namespace('default').get('data')) as unknown as PersistentVolumeClaim;
    expect({ claimRef: { name: boundPV.spec?.claimRef?.name, namespace: boundPV.spec?.claimRef?.namespace }, phase: boundPV.status?.phase }).toEqual({
      claimRef: { name: 'data', namespace: 'default' },
      phase: 'Bound',
    });
    expect({ volumeName: boundPVC.spec?.volumeName, phase: boundPVC.status?.phase, capacity: boundPVC.status?.capacity }).toEqual({
      volumeName: 'local-pv',
      phase: 'Bound',
      capacity: { storage: '1Gi' },
    });
  });
});
