import type { KubeObject } from '../../api/object.js';
import type { Node, PersistentVolumeClaim, Pod, PodSpec, Volume } from 'kubernetes-types/core/v1.js';
import { Code, CycleState } from '../framework/interface.js';
import { newTestHandle } from '../framework/test-handle.js';
import { NodeInfo, PodInfo } from '../framework/types.js';
import { nodeInfoOf } from '../testing/run-plugins.js';
import { ErrReasonDiskConflict, ErrReasonReadWriteOncePodConflict, VolumeRestrictions } from './volume-restrictions.js';

// Cases from upstream volumerestrictions/volume_restrictions_test.go (v1.32: the ReadWriteOncePod conflict is found by Filter).
const ok = { code: Code.Success, reasons: [] };
const skip = { code: Code.Skip, reasons: [] };
const diskConflict = { code: Code.Unschedulable, reasons: [ErrReasonDiskConflict] };
const withVolumes = (...volumes: Volume[]): PodSpec => ({ containers: [], volumes });
const podOf = (spec: PodSpec): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec });
const st = (s: { code: number; reasons: string[] }) => ({ code: s.code, reasons: s.reasons });

function runDiskCase(pod: Pod, nodeInfo: NodeInfo, wantPreFilter: { code: number; reasons: string[] }, wantFilter?: { code: number; reasons: string[] }) {
  const p = new VolumeRestrictions(newTestHandle());
  const state = new CycleState();
  const pre = p.preFilter(state, pod, []).status;
  expect(st(pre)).toEqual(wantPreFilter);
  if (!pre.isSuccess()) return;
  expect(st(p.filter(state, pod, nodeInfo))).toEqual(wantFilter ?? ok);
}

describe.each([
  {
    kind: 'GCE PD',
    volState: withVolumes({ name: 'v', gcePersistentDisk: { pdName: 'foo' } }),
    volState2: withVolumes({ name: 'v', gcePersistentDisk: { pdName: 'bar' } }),
  },
  {
    kind: 'AWS EBS',
    volState: withVolumes({ name: 'v', awsElasticBlockStore: { volumeID: 'foo' } }),
    volState2: withVolumes({ name: 'v', awsElasticBlockStore: { volumeID: 'bar' } }),
  },
  {
    kind: 'RBD',
    volState: withVolumes({ name: 'v', rbd: { monitors: ['a', 'b'], pool: 'foo', image: 'bar', fsType: 'ext4' } }),
    volState2: withVolumes({ name: 'v', rbd: { monitors: ['c', 'd'], pool: 'foo', image: 'bar', fsType: 'ext4' } }),
  },
  {
    kind: 'ISCSI',
    volState: withVolumes({ name: 'v', iscsi: { targetPortal: '127.0.0.1:3260', iqn: 'iqn.2016-12.server:storage.target01', fsType: 'ext4', lun: 0 } }),
    volState2: withVolumes({ name: 'v', iscsi: { targetPortal: '127.0.0.1:3260', iqn: 'iqn.2017-12.server:storage.target01', fsType: 'ext4', lun: 0 } }),
  },
])('$kind disk conflicts', ({ volState, volState2 }) => {
  it('nothing', () => runDiskCase(podOf({ containers: [] }), nodeInfoOf(undefined), skip));
  it('one state', () => runDiskCase(podOf({ containers: [] }), nodeInfoOf(undefined, podOf(volState)), skip));
  it('same state', () => runDiskCase(podOf(volState), nodeInfoOf(undefined, podOf(volState)), ok, diskConflict));
  it('different state', () => runDiskCase(podOf(volState2), nodeInfoOf(undefined, podOf(volState)), ok));
});

describe('GCE PD read-only mounts', () => {
  it('two read-only mounts of one disk do not conflict', () => {
    const ro = withVolumes({ name: 'v', gcePersistentDisk: { pdName: 'foo', readOnly: true } });
    runDiskCase(podOf(ro), nodeInfoOf(undefined, podOf(ro)), ok);
  });
});

describe('ReadWriteOncePod access mode conflicts', () => {
  const claimVolume = (claimName: string): Volume => ({ name: 'v', persistentVolumeClaim: { claimName } });
  const podWithReadWriteOncePodPVC: Pod = { metadata: { namespace: 'default', name: 'pod-with-rwop', uid: 'rwop' }, spec: { nodeName: 'node-1', containers: [], volumes: [claimVolume('claim-with-rwop')] } };
  const podWithReadWriteManyPVC: Pod = { metadata: { namespace: 'default', name: 'pod-with-rwx', uid: 'rwx' }, spec: { nodeName: 'node-1', containers: [], volumes: [claimVolume('claim-with-rwx')] } };
  const node: Node = { metadata: { name: 'node-1' } };
  const pvc = (name: string, mode: string): PersistentVolumeClaim => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { namespace: 'default', name }, spec: { accessModes: [mode] } });
  const readWriteOncePodPVC = pvc('claim-with-rwop', 'ReadWriteOncePod');
  const readWriteManyPVC = pvc('claim-with-rwx', 'ReadWriteMany');

  it.each<{ name: string; pod: Pod; existingPods: Pod[]; existingNodes: Node[]; existingPVCs: PersistentVolumeClaim[]; wantPreFilter: { code: number; reasons: string[] }; wantFilter?: { code: number; reasons: string[] } }>([
    { name: 'nothing', pod: { spec: { containers: [] } }, existingPods: [], existingNodes: [], existingPVCs: [], wantPreFilter: skip },
    {
      name: 'failed to get PVC',
      pod: podWithReadWriteOncePodPVC,
      existingPods: [],
      existingNodes: [],
      existingPVCs: [],
      wantPreFilter: { code: Code.UnschedulableAndUnresolvable, reasons: ['persistentvolumeclaim "claim-with-rwop" not found'] },
    },
    {
      name: 'no access mode conflict',
      pod: podWithReadWriteOncePodPVC,
      existingPods: [podWithReadWriteManyPVC],
      existingNodes: [node],
      existingPVCs: [readWriteOncePodPVC, readWriteManyPVC],
      wantPreFilter: skip,
    },
    {
      name: 'access mode conflict',
      pod: podWithReadWriteOncePodPVC,
      existingPods: [podWithReadWriteOncePodPVC, podWithReadWriteManyPVC],
      existingNodes: [node],
      existingPVCs: [readWriteOncePodPVC, readWriteManyPVC],
      wantPreFilter: ok,
      wantFilter: { code: Code.Unschedulable, reasons: [ErrReasonReadWriteOncePodConflict] },
    },
  ])('$name', ({ pod, existingPods, existingNodes, existingPVCs, wantPreFilter, wantFilter }) => {
    const h = newTestHandle({ pods: existingPods, nodes: existingNodes, objects: existingPVCs as unknown as KubeObject[] });
    const p = new VolumeRestrictions(h);
    const state = new CycleState();
    const pre = p.preFilter(state, pod, []).status;
    expect(st(pre)).toEqual(wantPreFilter);
    if (!pre.isSuccess()) return;
    const ni = h.snapshotSharedLister().nodeInfos().get('node-1');
    expect(st(p.filter(state, pod, ni))).toEqual(wantFilter ?? ok);
  });

  it('preemption removing the pod that holds the claim clears the conflict', () => {
    const h = newTestHandle({ pods: [podWithReadWriteOncePodPVC], nodes: [node], objects: [readWriteOncePodPVC] as unknown as KubeObject[] });
    const p = new VolumeRestrictions(h);
    const state = new CycleState();
    const incoming: Pod = { ...podWithReadWriteOncePodPVC, metadata: { ...podWithReadWriteOncePodPVC.metadata, name: 'incoming', uid: 'in' }, spec: { ...podWithReadWriteOncePodPVC.spec!, nodeName: undefined } };
    expect(p.preFilter(state, incoming, []).status.isSuccess()).toBe(true);
    const ni = h.snapshotSharedLister().nodeInfos().get('node-1');
    expect(p.removePod(state, incoming, PodInfo.of(podWithReadWriteOncePodPVC), ni).isSuccess()).toBe(true);
    expect(st(p.filter(state, incoming, ni))).toEqual(ok);
  });
});
