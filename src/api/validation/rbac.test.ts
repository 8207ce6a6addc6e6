import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import type { KubeObject } from '../object.js';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
} from './rbac.js';

const seeds = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'seeds');

const meta = (namespace?: string) => ({ name: 'pod-reader', ...(namespace ? { namespace } : {}), resourceVersion: '1' });
const role = (rules: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('default'), rules });
const clusterRole = (rest: Record<string, unknown>): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(), ...rest });
const roleRef = (kind = 'Role', name = 'pod-reader', apiGroup = 'rbac.authorization.k8s.io') => ({ apiGroup, kind, name });
const roleBinding = (ref: unknown, subjects: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: meta('default'),
  roleRef: ref,
  subjects,
});
const clusterRoleBinding = (ref: unknown, subjects: unknown[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: meta(),
  roleRef: ref,
  subjects,
});
const jane = { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' };

describe('validateRole', () => {
  it.each<[string, unknown[], string[]]>([
    ['a role reading pods is valid', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }], []],
    ['a rule needs verbs', [{ apiGroups: [''], resources: ['pods'] }], ['rules[0].verbs: Required value: verbs must contain at least one value']],
    [
      'a resource rule needs api groups and resources',
      [{ verbs: ['get'] }],
      ['rules[0].apiGroups: Required value: resource rules must supply at least one api group', 'rules[0].resources: Required value: resource rules must supply at least one resource'],
    ],
    [
      'a namespaced role cannot grant non-resource URLs',
      [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }],
      ['rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs'],
    ],
  ])('%s', (_name, rules, expected) => {
    expect(validateRole(role(rules)).map(String)).toEqual(expected);
  });
});

describe('validateClusterRole', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a cluster role may grant non-resource URLs', { rules: [{ nonResourceURLs: ['/healthz', '/version'], verbs: ['get'] }] }, []],
    [
      'but not mixed with resources',
      { rules: [{ nonResourceURLs: ['/healthz'], resources: ['pods'], verbs: ['get'] }] },
      ['rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs'],
    ],
    [
      'an aggregation rule needs selectors',
      { aggregationRule: {} },
      ['aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil'],
    ],
    ['an aggregation rule with a label selector is valid', { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] } }, []],
  ])('%s', (_name, rest, expected) => {
    expect(validateClusterRole(clusterRole(rest)).map(String)).toEqual(expected);
  });
});

describe('validateRoleBinding', () => {
  it.each<[string, unknown, unknown[], string[]]>([
    ['binding a user to a role is valid', roleRef(), [jane], []],
    ['binding a service account (same namespace by default) is valid', roleRef('ClusterRole', 'view'), [{ kind: 'ServiceAccount', name: 'default' }], []],
    [
      'roleRef must point into the RBAC group',
      roleRef('Role', 'pod-reader', 'rbac.autorization.k8s.io'),
      [jane],
      ['roleRef.apiGroup: Unsupported value: "rbac.autorization.k8s.io": supported values: "rbac.authorization.k8s.io"'],
    ],
    ['roleRef must name a Role or ClusterRole', roleRef('Group'), [jane], ['roleRef.kind: Unsupported value: "Group": supported values: "Role", "ClusterRole"']],
    ['roleRef needs a name', roleRef('Role', ''), [jane], ['roleRef.name: Required value']],
    [
      'a user subject must be in the RBAC group',
      roleRef(),
      [{ kind: 'User', name: 'jane' }],
      ['subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"'],
    ],
    [
      'a service account subject must not name an api group',
      roleRef(),
      [{ kind: 'ServiceAccount', name: 'builder', apiGroup: 'rbac.authorization.k8s.io' }],
      ['subjects[0].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""'],
    ],
    [
      'an unknown subject kind is not supported',
      roleRef(),
      [{ kind: 'Robot', name: 'r2' }],
      ['subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"'],
    ],
    ['a subject needs a name', roleRef(), [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io' }], ['subjects[0].name: Required value']],
  ])('%s', (_name, ref, subjects, expected) => {
    expect(validateRoleBinding(roleBinding(ref, subjects)).map(String)).toEqual(expected);
  });

  it('roleRef cannot change', () => {
    expect(validateRoleBindingUpdate(roleBinding(roleRef('ClusterRole', 'edit'), [jane]), roleBinding(roleRef(), [jane])).map(String)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
  });

  it('subjects may change', () => {
    expect(validateRoleBindingUpdate(roleBinding(roleRef(), [jane, { ...jane, name: 'joe' }]), roleBinding(roleRef(), [jane])).map(String)).toEqual([]);
  });
});

describe('validateClusterRoleBinding', () => {
  it.each<[string, unknown, unknown[], string[]]>([
    ['binding a service account to a cluster role is valid', roleRef('ClusterRole', 'system:kube-scheduler'), [{ kind: 'ServiceAccount', name: 'my-scheduler', namespace: 'kube-system' }], []],
    ['a cluster role binding cannot bind a Role', roleRef('Role'), [jane], ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"']],
    [
      'a service account subject needs its namespace cluster-wide',
      roleRef('ClusterRole', 'view'),
      [{ kind: 'ServiceAccount', name: 'builder' }],
      ['subjects[0].namespace: Required value'],
    ],
  ])('%s', (_name, ref, subjects, expected) => {
    expect(validateClusterRoleBinding(clusterRoleBinding(ref, subjects)).map(String)).toEqual(expected);
  });

  it("the seed my-scheduler binding fails on its misspelt roleRef apiGroup, as on a real cluster", () => {
    const docs = loadAll(readFileSync(join(seeds, 'my-scheduler.yaml'), 'utf8')) as KubeObject[];
    const binding = docs.find((d) => d?.kind === 'ClusterRoleBinding')!;
    expect(validateClusterRoleBinding(binding).map(String)).toEqual([
      'roleRef.apiGroup: Unsupported value: "rbac.autorization.k8s.io": supported values: "rbac.authorization.k8s.io"',
    ]);
  });

  it('roleRef cannot change on update', () => {
    const old = clusterRoleBinding(roleRef('ClusterRole', 'view'), [jane]);
    expect(validateClusterRoleBindingUpdate(clusterRoleBinding(roleRef('ClusterRole', 'admin'), [jane]), old).map(String)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"admin"}: cannot change roleRef',
    ]);
  });
});
