import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { KubeObject } from '../../api/object.js';
import { Code, CycleState } from '../framework/interface.js';
import { newTestHandle } from '../framework/test-handle.js';
import { nodeInfoOf } from '../testing/run-plugins.js';
import { ErrReasonConflict, VolumeZone } from './volume-zone.js';

// Cases from upstream volumezone/volume_zone_test.go (TestSingleZone, TestMultiZone, TestWithBinding). Missing objects
// read as the real listers say it (`storageclass.storage.k8s.io "x" not found`), not as upstream's fake listers.
const betaZone = 'failure-domain.beta.kubernetes.io/zone';
const betaRegion = 'failure-domain.beta.kubernetes.io/region';
const zone = 'topology.kubernetes.io/zone';
const region = 'topology.kubernetes.io/region';
const pv = (name: string, labels: Record<string, string>): PersistentVolume => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels } });
const pvc = (name: string, spec: PersistentVolumeClaim['spec']): PersistentVolumeClaim => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec });
const createPodWithVolume = (name: string, claimName: string): Pod => ({ metadata: { name, namespace: 'default' }, spec: { containers: [], volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] } });
const node = (labels?: Record<string, string>): Node => ({ metadata: { name: 'host1', labels } });
const ok = { code: Code.Success, reasons: [] };
const conflict = { code: Code.UnschedulableAndUnresolvable, reasons: [ErrReasonConflict] };
const st = (s: { code: number; reasons: string[] }) => ({ code: s.code, reasons: s.reasons });

interface Case {
  name: string;
  pod: Pod;
  node: Node;
  wantPreFilter?: { code: number; reasons: string[] };
  wantFilter?: { code: number; reasons: string[] };
}

function run(objects: unknown[], tc: Case) {
  const p = new VolumeZone(newTestHandle({ objects: objects as KubeObject[] }));
  const state = new CycleState();
  expect(st(p.preFilter(state, tc.pod, []).status)).toEqual(tc.wantPreFilter ?? ok);
  expect(st(p.filter(state, tc.pod, nodeInfoOf(tc.node)))).toEqual(tc.wantFilter ?? ok);
}

describe('VolumeZone with single-zone volumes', () => {
  const objects = [
    pv('Vol_1', { [betaZone]: 'us-west1-a' }),
    pv('Vol_2', { [betaRegion]: 'us-west1', uselessLabel: 'none' }),
    pv('Vol_3', { [betaRegion]: 'us-west1' }),
    pv('Vol_Stable_1', { [zone]: 'us-west1-a' }),
    pv('Vol_Stable_2', { [region]: 'us-west1', uselessLabel: 'none' }),
    pv('Vol_Stable_3', { [zone]: 'us-west1-a', [region]: 'us-west1-a' }),
    pvc('PVC_1', { volumeName: 'Vol_1' }),
    pvc('PVC_2', { volumeName: 'Vol_2' }),
    pvc('PVC_3', { volumeName: 'Vol_3' }),
    pvc('PVC_4', { volumeName: 'Vol_not_exist' }),
    pvc('PVC_Stable_1', { volumeName: 'Vol_Stable_1' }),
    pvc('PVC_Stable_2', { volumeName: 'Vol_Stable_2' }),
    pvc('PVC_Stable_3', { volumeName: 'Vol_Stable_3' }),
  ];
  it.each<Case>([
    { name: 'pod without volume', pod: { metadata: { name: 'pod_1', namespace: 'default' }, spec: { containers: [] } }, node: node({ [betaZone]: 'us-west1-a' }), wantPreFilter: { code: Code.Skip, reasons: [] } },
    { name: 'node without labels', pod: createPodWithVolume('pod_1', 'PVC_1'), node: node() },
    { name: 'beta zone label matched', pod: createPodWithVolume('pod_1', 'PVC_1'), node: node({ [betaZone]: 'us-west1-a', uselessLabel: 'none' }) },
    { name: 'beta region label matched', pod: createPodWithVolume('pod_1', 'PVC_2'), node: node({ [betaRegion]: 'us-west1', uselessLabel: 'none' }) },
    { name: "beta region label doesn't match", pod: createPodWithVolume('pod_1', 'PVC_2'), node: node({ [betaRegion]: 'no_us-west1', uselessLabel: 'none' }), wantFilter: conflict },
    { name: "beta zone label doesn't match", pod: createPodWithVolume('pod_1', 'PVC_1'), node: node({ [betaZone]: 'no_us-west1-a', uselessLabel: 'none' }), wantFilter: conflict },
    { name: 'zone label matched', pod: createPodWithVolume('pod_1', 'PVC_Stable_1'), node: node({ [zone]: 'us-west1-a', uselessLabel: 'none' }) },
    { name: 'region label matched', pod: createPodWithVolume('pod_1', 'PVC_Stable_2'), node: node({ [region]: 'us-west1', uselessLabel: 'none' }) },
    { name: "region label doesn't match", pod: createPodWithVolume('pod_1', 'PVC_Stable_2'), node: node({ [region]: 'no_us-west1', uselessLabel: 'none' }), wantFilter: conflict },
    { name: "zone label doesn't match", pod: createPodWithVolume('pod_1', 'PVC_Stable_1'), node: node({ [zone]: 'no_us-west1-a', uselessLabel: 'none' }), wantFilter: conflict },
    { name: 'pv with zone and region, node with only zone', pod: createPodWithVolume('pod_1', 'PVC_Stable_3'), node: node({ [zone]: 'us-west1-a' }), wantFilter: conflict },
    { name: 'pv with zone,node with beta zone', pod: createPodWithVolume('pod_1', 'PVC_Stable_1'), node: node({ [betaZone]: 'us-west1-a' }), wantFilter: conflict },
    { name: 'pv with beta label,node with ga label, matched', pod: createPodWithVolume('pod_1', 'PVC_1'), node: node({ [zone]: 'us-west1-a' }) },
    { name: "pv with beta label,node with ga label, don't match", pod: createPodWithVolume('pod_1', 'PVC_1'), node: node({ [zone]: 'us-west1-b' }), wantFilter: conflict },
    {
      name: 'a claim bound to a volume that does not exist',
      pod: createPodWithVolume('pod_1', 'PVC_4'),
      node: node({ [zone]: 'us-west1-b' }),
      wantPreFilter: { code: Code.UnschedulableAndUnresolvable, reasons: ['persistentvolume "Vol_not_exist" not found'] },
      wantFilter: { code: Code.UnschedulableAndUnresolvable, reasons: ['persistentvolume "Vol_not_exist" not found'] },
    },
  ])('$name', (tc) => run(objects, tc));
});

describe('VolumeZone with multi-zone volumes', () => {
  const objects = [
    pv('Vol_1', { [betaZone]: 'us-west1-a' }),
    pv('Vol_2', { [betaZone]: 'us-west1-b', uselessLabel: 'none' }),
    pv('Vol_3', { [betaZone]: 'us-west1-c__us-west1-a' }),
    pv('Vol_Stable_1', { [zone]: 'us-west1-a' }),
    pv('Vol_Stable_2', { [zone]: 'us-west1-c__us-west1-a' }),
    pvc('PVC_1', { volumeName: 'Vol_1' }),
    pvc('PVC_2', { volumeName: 'Vol_2' }),
    pvc('PVC_3', { volumeName: 'Vol_3' }),
    pvc('PVC_Stable_1', { volumeName: 'Vol_Stable_1' }),
    pvc('PVC_Stable_2', { volumeName: 'Vol_Stable_2' }),
  ];
  it.each<Case>([
    { name: 'node without labels', pod: createPodWithVolume('pod_1', 'PVC_3'), node: node() },
    { name: 'beta zone label matched', pod: createPodWithVolume('pod_1', 'PVC_3'), node: node({ [betaZone]: 'us-west1-a', uselessLabel: 'none' }) },
    { name: "beta zone label doesn't match", pod: createPodWithVolume('pod_1', 'PVC_1'), node: node({ [betaZone]: 'us-west1-b', uselessLabel: 'none' }), wantFilter: conflict },
    { name: 'zone label matched', pod: createPodWithVolume('pod_1', 'PVC_Stable_2'), node: node({ [zone]: 'us-west1-a', uselessLabel: 'none' }) },
    { name: "zone label doesn't match", pod: createPodWithVolume('pod_1', 'PVC_Stable_1'), node: node({ [zone]: 'us-west1-b', uselessLabel: 'none' }), wantFilter: conflict },
  ])('$name', (tc) => run(objects, tc));
});

describe('VolumeZone with unbound claims', () => {
  const classes: StorageClass[] = [
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'Class_Immediate' }, provisioner: 'x' },
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'Class_Wait' }, provisioner: 'x', volumeBindingMode: 'WaitForFirstConsumer' },
  ];
  const objects = [
    ...classes,
    pv('Vol_1', { [betaZone]: 'us-west1-a' }),
    pvc('PVC_1', { volumeName: 'Vol_1' }),
    pvc('PVC_NoSC', { storageClassName: 'Class_0' }),
    pvc('PVC_EmptySC', {}),
    pvc('PVC_WaitSC', { storageClassName: 'Class_Wait' }),
    pvc('PVC_ImmediateSC', { storageClassName: 'Class_Immediate' }),
  ];
  const testNode = node({ [betaZone]: 'us-west1-a', uselessLabel: 'none' });
  const unresolvable = (reason: string) => ({ code: Code.UnschedulableAndUnresolvable, reasons: [reason] });
  it.each<Case>([
    { name: 'label zone failure domain matched', pod: createPodWithVolume('pod_1', 'PVC_1'), node: testNode },
    {
      name: 'unbound volume empty storage class',
      pod: createPodWithVolume('pod_1', 'PVC_EmptySC'),
      node: testNode,
      wantPreFilter: unresolvable('PersistentVolumeClaim had no pv name and storageClass name'),
      wantFilter: unresolvable('PersistentVolumeClaim had no pv name and storageClass name'),
    },
    {
      name: 'unbound volume no storage class',
      pod: createPodWithVolume('pod_1', 'PVC_NoSC'),
      node: testNode,
      wantPreFilter: unresolvable('storageclass.storage.k8s.io "Class_0" not found'),
      wantFilter: unresolvable('storageclass.storage.k8s.io "Class_0" not found'),
    },
    {
      name: 'unbound volume immediate binding mode',
      pod: createPodWithVolume('pod_1', 'PVC_ImmediateSC'),
      node: testNode,
      wantPreFilter: unresolvable('VolumeBindingMode not set for StorageClass "Class_Immediate"'),
      wantFilter: unresolvable('VolumeBindingMode not set for StorageClass "Class_Immediate"'),
    },
    { name: 'unbound volume wait binding mode', pod: createPodWithVolume('pod_1', 'PVC_WaitSC'), node: testNode, wantPreFilter: { code: Code.Skip, reasons: [] } },
  ])('$name', (tc) => run(objects, tc));
});
