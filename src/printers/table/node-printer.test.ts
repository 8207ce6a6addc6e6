import type { KubeObject } from '../../api/object.js';
import { findNodeRoles, nodePrinter } from './node-printer.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
/** A node created two days ago. */
const makeNode = (status: Obj = {}, spec: Obj = {}, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n1', creationTimestamp: '2025-02-27T12:00:00Z', labels },
  spec,
  status,
});
const ready = (s: string) => ({ conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: s }] });

describe('nodePrinter', () => {
  it('has the upstream columns with five wide ones', () => {
    expect(nodePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0', 'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1',
    ]);
  });

  it.each<[string, KubeObject, string]>([
    ['a node whose Ready condition is True is Ready', makeNode(ready('True')), 'Ready'],
    ['a node whose Ready condition is False is NotReady', makeNode(ready('False')), 'NotReady'],
    ['a node whose Ready condition is Unknown is NotReady', makeNode(ready('Unknown')), 'NotReady'],
    ['a node without a Ready condition is Unknown', makeNode({ conditions: [{ type: 'DiskPressure', status: 'True' }] }), 'Unknown'],
    ['a cordoned node adds SchedulingDisabled', makeNode(ready('True'), { unschedulable: true }), 'Ready,SchedulingDisabled'],
    ['the last Ready condition wins when there are two', makeNode({ conditions: [{ type: 'Ready', status: 'False' }, { type: 'Ready', status: 'True' }] }), 'Ready'],
  ])('%s', (_name, node, status) => {
    expect(nodePrinter.cells(node, now)[1]).toBe(status);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['role labels name the roles, sorted', { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '' }, ['control-plane', 'worker']],
    ['the kubernetes.io/role label names a role by its value', { 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/master': '' }, ['master']],
    ['an empty role name or value names no role', { 'node-role.kubernetes.io/': 'x', 'kubernetes.io/role': '' }, []],
  ])('%s', (_name, labels, roles) => {
    expect(findNodeRoles(labels)).toEqual(roles);
  });

  it('prints <none> without roles and the kubelet version', () => {
    const node = makeNode({ ...ready('True'), nodeInfo: { kubeletVersion: 'v1.32.0' } });
    expect(nodePrinter.cells(node, now).slice(0, 5)).toEqual(['n1', 'Ready', '<none>', '2d', 'v1.32.0']);
  });

  it('the wide columns take the first internal and external address and say <unknown> for missing node info', () => {
    const node = makeNode({
      addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '10.0.0.1' }, { type: 'InternalIP', address: '10.0.0.2' }],
      nodeInfo: { osImage: 'Ubuntu', kernelVersion: '', containerRuntimeVersion: 'containerd://2.0' },
    });
    expect(nodePrinter.cells(node, now).slice(5)).toEqual(['10.0.0.1', '<none>', 'Ubuntu', '<unknown>', 'containerd://2.0']);
  });
});
