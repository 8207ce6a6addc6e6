import type { KubeObject } from '../../api/object.js';
import { clusterRoleBindingPrinter, roleBindingPrinter, subjectsStrings } from './rbac-printers.js';

const now = new Date('2025-03-01T12:00:00Z');

describe('subjectsStrings', () => {
  it('sorts subjects into users, groups, namespace/name service accounts and the rest, keeping their order', () => {
    expect(
      subjectsStrings([
        { kind: 'User', name: 'b' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' },
        { kind: 'Group', name: 'g' },
        { kind: 'User', name: 'a' },
        { kind: 'Robot', name: 'r', namespace: 'x' },
      ]),
    ).toEqual({ users: ['b', 'a'], groups: ['g'], serviceAccounts: ['ns/sa'], others: ['Robot/x/r'] });
  });
});

describe.each([
  ['roleBindingPrinter', roleBindingPrinter, 'roleBinding'],
  ['clusterRoleBindingPrinter', clusterRoleBindingPrinter, 'clusterRoleBinding'],
])('%s', (_name, printer, word) => {
  const binding: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'b', creationTimestamp: '2025-03-01T11:00:00Z' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: 'jane' }, { kind: 'User', name: 'joe' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }],
  };

  it('prints kind/name of the role and the subjects joined by comma and space', () => {
    expect(printer.cells(binding, now)).toEqual(['b', 'ClusterRole/view', '60m', 'jane, joe', '', 'ns/sa']);
  });

  it(`describes the wide columns as subjects of a ${word}`, () => {
    expect(printer.columns.slice(3).map((c) => [c.name, c.description, c.priority])).toEqual([
      ['Users', `Users in the ${word}`, 1],
      ['Groups', `Groups in the ${word}`, 1],
      ['ServiceAccounts', `ServiceAccounts in the ${word}`, 1],
    ]);
  });
});
