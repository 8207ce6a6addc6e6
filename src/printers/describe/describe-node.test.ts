import type { KubeObject } from '../../api/object.js';
import { describeNode, findNodeRoles } from './describe-node.js';

const ctx = { now: new Date('2025-01-10T10:00:00Z'), timeZone: 'UTC' };
function makeNode(fields: { labels?: Record<string, string>; allocatable?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', labels: fields.labels, creationTimestamp: '2025-01-10T09:00:00Z' },
    status: { allocatable: fields.allocatable, capacity: fields.allocatable },
  };
}
function makePod(name: string, requests: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', creationTimestamp: '2025-01-10T09:30:00Z' }, spec: { containers: [{ name: 'c', resources: { requests } }] } };
}

describe('describe node', () => {
  it.each([
    ['no role labels', {}, []],
    ['node-role.kubernetes.io/<role> labels give their role', { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': 'x' }, ['control-plane', 'worker']],
    ['kubernetes.io/role gives its value, once', { 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/master': '' }, ['master']],
    ['an empty kubernetes.io/role and a bare prefix give nothing', { 'kubernetes.io/role': '', 'node-role.kubernetes.io/': '' }, []],
  ])('roles: %s', (_name, labels, roles) => {
    expect(findNodeRoles({ metadata: { labels } })).toEqual(roles);
  });

  it('a user who may not list pods sees `Pods: not authorized`', () => {
    const out = describeNode(makeNode(), { errors: { pods: { message: 'forbidden', reason: 'Forbidden' } }, events: [] }, ctx);
    expect(out).toMatch(/\nPods: +not authorized\n/);
    expect(out).not.toContain('Allocated resources');
  });

  it('a node without allocatable cpu shows 0% totals rather than dividing by zero', () => {
    const out = describeNode(makeNode({ allocatable: { memory: '1Gi' } }), { pods: [makePod('p', { cpu: '100m', memory: '512Mi' })] }, ctx);
    expect(out).toMatch(/\n {2}cpu {16}100m \(0%\) {4}0 \(0%\)\n/);
    expect(out).toMatch(/\n {2}memory {13}512Mi \(50%\) {2}0 \(0%\)\n/);
  });

  it('a per-pod share of a zero allocatable prints as Go converts an infinite fraction', () => {
    const out = describeNode(makeNode({ allocatable: { memory: '1Gi' } }), { pods: [makePod('p', { cpu: '100m' })] }, ctx);
    expect(out).toContain('100m (-9223372036854775808%)');
  });
});
