import { describe, expect, it } from '@jest/globals';
import type { ClusterRole, ClusterRoleBinding, PolicyRule, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { authorize, forbiddenError, impersonatedUser, serviceAccountUser, type RbacObjects, type RequestAttributes, type UserInfo } from './authorizer.js';

// Builders as upstream rbac_test.go's newRule / newClusterRole / newRoleBinding ("User:admin", "Group:admins").
const split = (s: string) => (s === '' ? [] : s.split(','));
function newRule(verbs: string, groups: string, resources: string, urls: string): PolicyRule {
  const r: PolicyRule = { verbs: split(verbs) };
  if (groups) r.apiGroups = split(groups);
  if (resources) r.resources = split(resources);
  if (urls) r.nonResourceURLs = split(urls);
  return r;
}
const subjects = (...s: string[]): Subject[] =>
  s.map((x) => {
    const [kind, name] = x.split(':') as [string, string];
    return { kind, name, apiGroup: 'rbac.authorization.k8s.io' };
  });
const clusterRole = (name: string, ...rules: PolicyRule[]): ClusterRole => ({ metadata: { name }, rules });
const clusterRoleBinding = (role: string, ...s: string[]): ClusterRoleBinding => ({
  metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: subjects(...s),
});
const roleBindingToClusterRole = (ns: string, role: string, ...s: string[]): RoleBinding => ({
  metadata: { name: role, namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: subjects(...s),
});
const objects = (o: Partial<RbacObjects>): RbacObjects => ({ roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [], ...o });
const user = (name: string, groups = ''): UserInfo => ({ name, groups: split(groups) });
/** defaultAttributes{user, groups, verb, resource, subresource, namespace, apiGroup} of upstream's tests. */
const attrs = (verb: string, resource: string, subresource: string, namespace: string, apiGroup = ''): RequestAttributes => ({ verb, resource, subresource, namespace, apiGroup });

describe('RBAC authorizer (upstream rbac_test.go TestAuthorizer)', () => {
  const admin = objects({
    clusterRoles: [clusterRole('admin', newRule('*', '*', '*', '*'))],
    roleBindings: [roleBindingToClusterRole('ns1', 'admin', 'User:admin', 'Group:admins')],
  });
  it.each([
    ['a bound user may get pods in the binding\'s namespace', user('admin'), attrs('get', 'Pods', '', 'ns1'), true],
    ['a bound user may watch pods there', user('admin'), attrs('watch', 'Pods', '', 'ns1'), true],
    ['a member of a bound group is allowed', user('joe', 'admins'), attrs('watch', 'Foobar', '', 'ns1'), true],
    ['one bound group among others is enough', user('joe', 'group1,admins'), attrs('watch', 'Foobar', '', 'ns1'), true],
    ['verbs are case-sensitive and the binding is for ns1 only', user('admin'), attrs('GET', 'Pods', '', 'ns2'), false],
    ['a RoleBinding grants nothing at the cluster scope', user('admin'), attrs('GET', 'Nodes', '', ''), false],
    ['a group binding does not reach another namespace', user('admin', 'admins'), attrs('GET', 'Pods', '', 'ns2'), false],
  ])('%s', (_n, u, a, want) => {
    expect(authorize(admin, u, a).allowed).toBe(want);
  });

  const urls = objects({
    clusterRoles: [
      clusterRole('non-resource-url-getter', newRule('get', '', '', '/apis')),
      clusterRole('non-resource-url', newRule('*', '', '', '/apis')),
      clusterRole('non-resource-url-prefix', newRule('get', '', '', '/apis/*')),
    ],
    clusterRoleBindings: [
      clusterRoleBinding('non-resource-url-getter', 'User:foo', 'Group:bar'),
      clusterRoleBinding('non-resource-url', 'User:admin', 'Group:admin'),
      clusterRoleBinding('non-resource-url-prefix', 'User:prefixed', 'Group:prefixed'),
    ],
  });
  it.each([
    ['get of an exact URL', user('foo'), 'get', '/apis', true],
    ['get through a group', user('', 'bar'), 'get', '/apis', true],
    ['any verb with *', user('admin'), 'watch', '/apis', true],
    ['a prefix rule covers what is under it', user('prefixed'), 'get', '/apis/v1', true],
    ['a prefix rule covers deeper paths', user('', 'prefixed'), 'get', '/apis/v1/foobar', true],
    ['the wrong verb', user('foo'), 'watch', '/apis', false],
    ['the wrong path', user('admin'), 'get', '/api/v1', false],
    ['a path outside the prefix', user('prefixed'), 'get', '/api/v1', false],
  ])('non-resource URLs: %s', (_n, u, verb, path, want) => {
    expect(authorize(urls, u, { verb, path }).allowed).toBe(want);
  });

  it.each([
    ['a rule for pods does not cover pods/status', [newRule('*', '*', 'pods', '*')], attrs('get', 'pods', 'status', 'ns1'), false],
    ['a rule for pods covers pods', [newRule('*', '*', 'pods', '*')], attrs('get', 'pods', '', 'ns1'), true],
    ['pods/status covers that subresource', [newRule('*', '*', 'pods/status', '*')], attrs('get', 'pods', 'status', 'ns1'), true],
    ['*/scale covers the scale subresource of anything', [newRule('*', '*', '*/scale', '*')], attrs('get', 'anything', 'scale', 'ns1'), true],
    ['*/scale does not cover the resource itself', [newRule('*', '*', '*/scale', '*')], attrs('get', 'pods', '', 'ns1'), false],
  ])('subresources: %s', (_n, rules, a, want) => {
    const o = objects({ clusterRoles: [clusterRole('admin', ...rules)], roleBindings: [roleBindingToClusterRole('ns1', 'admin', 'User:admin')] });
    expect(authorize(o, user('admin'), a).allowed).toBe(want);
  });
});

describe('the kube-scheduler\'s leader election lease', () => {
  const schedulerRole: ClusterRole = {
    metadata: { name: 'system:kube-scheduler' },
    rules: [
      { verbs: ['create'], apiGroups: ['coordination.k8s.io'], resources: ['leases'] },
      { verbs: ['get', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['kube-scheduler'] },
    ],
  };
  const binding: ClusterRoleBinding = {
    metadata: { name: 'my-scheduler-as-kube-scheduler' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-scheduler' },
    subjects: [{ kind: 'ServiceAccount', name: 'my-scheduler', namespace: 'kube-system' }],
  };
  const sa = serviceAccountUser('kube-system', 'my-scheduler');
  const getLease = (name: string): RequestAttributes => ({ verb: 'get', namespace: 'kube-system', apiGroup: 'coordination.k8s.io', resource: 'leases', name });

  it('a ServiceAccount bound to system:kube-scheduler may get the lease named kube-scheduler', () => {
    expect(authorize(objects({ clusterRoles: [schedulerRole], clusterRoleBindings: [binding] }), sa, getLease('kube-scheduler'))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "my-scheduler-as-kube-scheduler" of ClusterRole "system:kube-scheduler" to ServiceAccount "my-scheduler/kube-system"',
    });
  });

  it('but not a lease named my-scheduler, with the apiserver\'s Forbidden text', () => {
    const d = authorize(objects({ clusterRoles: [schedulerRole], clusterRoleBindings: [binding] }), sa, getLease('my-scheduler'));
    expect(d.allowed).toBe(false);
    expect(forbiddenError(sa, getLease('my-scheduler'), d.reason)).toBe(
      'leases.coordination.k8s.io "my-scheduler" is forbidden: User "system:serviceaccount:kube-system:my-scheduler" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"',
    );
  });

  it('a binding to a missing ClusterRole is the denial\'s reason', () => {
    expect(authorize(objects({ clusterRoleBindings: [binding] }), sa, getLease('kube-scheduler'))).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "system:kube-scheduler" not found',
    });
  });

  it('a ServiceAccount subject without namespace in a RoleBinding means the binding\'s namespace', () => {
    const rb: RoleBinding = {
      metadata: { name: 'rb', namespace: 'kube-system' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-scheduler' },
      subjects: [{ kind: 'ServiceAccount', name: 'my-scheduler' }],
    };
    expect(authorize(objects({ clusterRoles: [schedulerRole], roleBindings: [rb] }), sa, getLease('kube-scheduler')).reason).toBe(
      'RBAC: allowed by RoleBinding "rb/kube-system" of ClusterRole "system:kube-scheduler" to ServiceAccount "my-scheduler/kube-system"',
    );
  });
});

describe('users', () => {
  it('system:masters is always allowed', () => {
    expect(authorize(objects({}), user('kubernetes-admin', 'kubeadm:cluster-admins,system:masters'), { verb: 'delete', path: '/x' }).allowed).toBe(true);
  });
  it.each([
    ['a ServiceAccount gets its groups', 'system:serviceaccount:dev:foo', [], ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated']],
    ['a user gets system:authenticated', 'jane', [], ['system:authenticated']],
    ['given groups replace a ServiceAccount\'s', 'system:serviceaccount:dev:foo', ['ops'], ['ops', 'system:authenticated']],
    ['system:unauthenticated keeps system:authenticated out', 'jane', ['system:unauthenticated'], ['system:unauthenticated']],
  ])('impersonation: %s', (_n, name, groups, want) => {
    expect(impersonatedUser(name, groups).groups).toEqual(want);
  });
});
