import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { KubeObject } from '../../../api/object.js';
import { Code, CycleState } from '../../framework/interface.js';
import { newTestHandle } from '../../framework/test-handle.js';
import { AnnSelectedNode, ErrReasonBindConflict, ErrReasonNodeConflict, ErrReasonPVNotExist } from './binder.js';
import { ErrReasonUnboundImmediatePVC, VolumeBinding } from './volume-binding.js';

// Cases from upstream volumebinding/volume_binding_test.go (TestVolumeBinding), plus PreBind as kubesim binds without a PV controller.
const sc = (name: string, mode: string, provisioner = ''): StorageClass => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, volumeBindingMode: mode });
const immediateSC = sc('immediate-sc', 'Immediate');
const waitSC = sc('wait-sc', 'WaitForFirstConsumer');
const waitHDDSC = sc('wait-hdd-sc', 'WaitForFirstConsumer');

function makePVC(name: string, storageClassName: string, o: { boundPV?: string; phase?: string; storage?: string } = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(o.boundPV ? { annotations: { 'pv.kubernetes.io/bind-completed': 'true' } } : {}) },
    spec: { storageClassName, ...(o.boundPV ? { volumeName: o.boundPV } : {}), ...(o.storage ? { resources: { requests: { storage: o.storage } } } : {}) },
    ...(o.phase ? { status: { phase: o.phase } } : {}),
  };
}
function makePV(name: string, className: string, o: { phase?: string; capacity?: string; nodeAffinity?: Record<string, string[]> } = {}): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      storageClassName: className,
      ...(o.capacity ? { capacity: { storage: o.capacity } } : {}),
      ...(o.nodeAffinity
        ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: Object.entries(o.nodeAffinity).map(([key, values]) => ({ key, operator: 'In', values })) }] } } }
        : {}),
    },
    status: o.phase ? { phase: o.phase } : {},
  };
}
const makePod = (name: string, ...claims: string[]): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { containers: [], volumes: claims.map((claimName, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName } })) },
});
const makeNode = (name: string, labels?: Record<string, string>): Node => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });
const ok = { code: Code.Success, reasons: [] };
const st = (s: { code: number; reasons: string[] }) => ({ code: s.code, reasons: s.reasons });
const unresolvable = (...reasons: string[]) => ({ code: Code.UnschedulableAndUnresolvable, reasons });

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  pvcs?: PersistentVolumeClaim[];
  pvs?: PersistentVolume[];
  wantPreFilterStatus?: { code: number; reasons: string[] };
  wantPreFilterNodes?: string[];
  wantFilterStatus?: Array<{ code: number; reasons: string[] }>;
}

function setup(tc: { nodes: Node[]; pvcs?: PersistentVolumeClaim[]; pvs?: PersistentVolume[] }) {
  const h = newTestHandle({ nodes: tc.nodes, objects: [immediateSC, waitSC, waitHDDSC, ...(tc.pvcs ?? []), ...(tc.pvs ?? [])] as unknown as KubeObject[] });
  return { h, p: new VolumeBinding(h) };
}

describe('VolumeBinding', () => {
  it.each<Case>([
    { name: 'pod has not pvcs', pod: makePod('pod-a'), nodes: [makeNode('node-a')], wantPreFilterStatus: { code: Code.Skip, reasons: [] } },
    {
      name: 'all bound',
      pod: makePod('pod-a', 'pvc-a'),
      nodes: [makeNode('node-a')],
      pvcs: [makePVC('pvc-a', waitSC.metadata!.name!, { boundPV: 'pv-a' })],
      pvs: [makePV('pv-a', waitSC.metadata!.name!, { phase: 'Available' })],
      wantFilterStatus: [ok],
    },
    { name: 'PVC does not exist', pod: makePod('pod-a', 'pvc-a'), nodes: [makeNode('node-a')], wantPreFilterStatus: unresolvable('persistentvolumeclaim "pvc-a" not found') },
    {
      name: 'Part of PVCs do not exist',
      pod: makePod('pod-a', 'pvc-a', 'pvc-b'),
      nodes: [makeNode('node-a')],
      pvcs: [makePVC('pvc-a', waitSC.metadata!.name!, { boundPV: 'pv-a' })],
      wantPreFilterStatus: unresolvable('persistentvolumeclaim "pvc-b" not found'),
    },
    {
      name: 'immediate claims not bound',
      pod: makePod('pod-a', 'pvc-a'),
      nodes: [makeNode('node-a')],
      pvcs: [makePVC('pvc-a', immediateSC.metadata!.name!)],
      wantPreFilterStatus: unresolvable(ErrReasonUnboundImmediatePVC),
    },
    {
      name: 'unbound claims no matches',
      pod: makePod('pod-a', 'pvc-a'),
      nodes: [makeNode('node-a')],
      pvcs: [makePVC('pvc-a', waitSC.metadata!.name!)],
      wantFilterStatus: [unresolvable(ErrReasonBindConflict)],
    },
    {
      name: 'bound and unbound unsatisfied',
      pod: makePod('pod-a', 'pvc-a', 'pvc-b'),
      nodes: [makeNode('node-a', { foo: 'barbar' })],
      pvcs: [makePVC('pvc-a', waitSC.metadata!.name!, { boundPV: 'pv-a' }), makePVC('pvc-b', waitSC.metadata!.name!)],
      pvs: [makePV('pv-a', waitSC.metadata!.name!, { phase: 'Available', nodeAffinity: { foo: ['bar'] } })],
      wantFilterStatus: [unresolvable(ErrReasonNodeConflict, ErrReasonBindConflict)],
    },
    { name: 'pvc not found', pod: makePod('pod-a', 'pvc-a'), nodes: [makeNode('node-a')], wantPreFilterStatus: unresolvable('persistentvolumeclaim "pvc-a" not found') },
    {
      name: 'pv not found',
      pod: makePod('pod-a', 'pvc-a'),
      nodes: [makeNode('node-a')],
      pvcs: [makePVC('pvc-a', waitSC.metadata!.name!, { boundPV: 'pv-a' })],
      wantFilterStatus: [unresolvable(ErrReasonPVNotExist)],
    },
    {
      name: 'pv not found claim lost',
      pod: makePod('pod-a', 'pvc-a'),
      nodes: [makeNode('node-a')],
      pvcs: [makePVC('pvc-a', waitSC.metadata!.name!, { boundPV: 'pv-a', phase: 'Lost' })],
      wantPreFilterStatus: unresolvable('persistentvolumeclaim "pvc-a" bound to non-existent persistentvolume "pv-a"'),
    },
    {
      name: 'local volumes with close capacity are preferred',
      pod: makePod('pod-a', 'pvc-a'),
      nodes: [makeNode('node-a'), makeNode('node-b'), makeNode('node-c')],
      pvcs: [makePVC('pvc-a', waitSC.metadata!.name!, { storage: '50Gi' })],
      pvs: [
        makePV('pv-a-0', 'wait-sc', { phase: 'Available', capacity: '200Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } }),
        makePV('pv-a-1', 'wait-sc', { phase: 'Available', capacity: '200Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } }),
        makePV('pv-b-0', 'wait-sc', { phase: 'Available', capacity: '100Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } }),
        makePV('pv-b-1', 'wait-sc', { phase: 'Available', capacity: '100Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } }),
      ],
      wantFilterStatus: [ok, ok, unresolvable(ErrReasonBindConflict)],
    },
    {
      name: 'local volumes with close capacity are preferred (multiple pvcs)',
      pod: makePod('pod-a', 'pvc-0', 'pvc-1'),
      nodes: [makeNode('node-a'), makeNode('node-b'), makeNode('node-c')],
      pvcs: [makePVC('pvc-0', 'wait-sc', { storage: '50Gi' }), makePVC('pvc-1', 'wait-hdd-sc', { storage: '100Gi' })],
      pvs: [
        makePV('pv-a-0', 'wait-sc', { phase: 'Available', capacity: '200Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } }),
        makePV('pv-a-1', 'wait-sc', { phase: 'Available', capacity: '200Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } }),
        makePV('pv-a-2', 'wait-hdd-sc', { phase: 'Available', capacity: '200Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } }),
        makePV('pv-a-3', 'wait-hdd-sc', { phase: 'Available', capacity: '200Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } }),
        makePV('pv-b-0', 'wait-sc', { phase: 'Available', capacity: '100Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } }),
        makePV('pv-b-1', 'wait-sc', { phase: 'Available', capacity: '100Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } }),
        makePV('pv-b-2', 'wait-hdd-sc', { phase: 'Available', capacity: '100Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } }),
        makePV('pv-b-3', 'wait-hdd-sc', { phase: 'Available', capacity: '100Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } }),
      ],
      wantFilterStatus: [ok, ok, unresolvable(ErrReasonBindConflict)],
    },
    {
      name: 'a bound local volume narrows the nodes to its host',
      pod: makePod('pod-a', 'pvc-a'),
      nodes: [makeNode('node-a'), makeNode('node-b')],
      pvcs: [makePVC('pvc-a', 'wait-sc', { boundPV: 'pv-a' })],
      pvs: [makePV('pv-a', 'wait-sc', { phase: 'Bound', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } })],
      wantPreFilterNodes: ['node-b'],
      wantFilterStatus: [unresolvable(ErrReasonNodeConflict), ok],
    },
  ])('$name', (tc) => {
    const { h, p } = setup(tc);
    const state = new CycleState();
    const { result, status } = p.preFilter(state, tc.pod, []);
    expect(st(status)).toEqual(tc.wantPreFilterStatus ?? ok);
    expect(result?.nodeNames ? [...result.nodeNames] : undefined).toEqual(tc.wantPreFilterNodes);
    if (!status.isSuccess()) return;
    const got = tc.nodes.map((n) => st(p.filter(state, tc.pod, h.snapshotSharedLister().nodeInfos().get(n.metadata!.name!))));
    expect(got).toEqual(tc.wantFilterStatus);
  });
});

describe('VolumeBinding Reserve and PreBind', () => {
  it('binds a WaitForFirstConsumer claim to the matching local volume of the chosen node', async () => {
    const tc = {
      nodes: [makeNode('node-a'), makeNode('node-b')],
      pvcs: [makePVC('pvc-a', 'wait-sc', { storage: '1Gi' })],
      pvs: [
        makePV('pv-a', 'wait-sc', { phase: 'Available', capacity: '5Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-a'] } }),
        makePV('pv-b', 'wait-sc', { phase: 'Available', capacity: '5Gi', nodeAffinity: { 'kubernetes.io/hostname': ['node-b'] } }),
      ],
    };
    const { h, p } = setup(tc);
    const pod = makePod('pod-a', 'pvc-a');
    const state = new CycleState();
    expect(p.preFilter(state, pod, []).status.isSuccess()).toBe(true);
    for (const n of ['node-a', 'node-b']) expect(p.filter(state, pod, h.snapshotSharedLister().nodeInfos().get(n)).isSuccess()).toBe(true);
    expect((await p.reserve(state, pod, 'node-b')).isSuccess()).toBe(true);
    expect((await p.preBind(state, pod, 'node-b')).isSuccess()).toBe(true);
    const patches = h.actions.filter((a) => a.verb === 'patch').map((a) => ({ resource: a.resource, name: a.name, subresource: a.subresource }));
    expect(patches).toEqual([
      { resource: 'persistentvolumes', name: 'pv-b', subresource: undefined },
      { resource: 'persistentvolumes', name: 'pv-b', subresource: 'status' },
      { resource: 'persistentvolumeclaims', name: 'pvc-a', subresource: undefined },
      { resource: 'persistentvolumeclaims', name: 'pvc-a', subresource: 'status' },
    ]);
    expect(h.actions.find((a) => a.resource === 'persistentvolumeclaims' && !a.subresource)?.body).toMatchObject({ spec: { volumeName: 'pv-b' } });
  });

  it('a claim its class can provision gets the selected node, and nothing is bound for a pod whose claims are bound', async () => {
    const provisioned = sc('fast', 'WaitForFirstConsumer', 'example.com/csi');
    const h = newTestHandle({ nodes: [makeNode('node-a')], objects: [provisioned, makePVC('pvc-a', 'fast')] as unknown as KubeObject[] });
    const p = new VolumeBinding(h);
    const pod = makePod('pod-a', 'pvc-a');
    const state = new CycleState();
    p.preFilter(state, pod, []);
    expect(p.filter(state, pod, h.snapshotSharedLister().nodeInfos().get('node-a')).isSuccess()).toBe(true);
    await p.reserve(state, pod, 'node-a');
    expect((await p.preBind(state, pod, 'node-a')).isSuccess()).toBe(true);
    expect(h.actions.filter((a) => a.verb === 'patch').map((a) => a.body)).toEqual([{ metadata: { annotations: { [AnnSelectedNode]: 'node-a' } } }]);
  });
});
