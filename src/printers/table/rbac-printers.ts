/** RBAC printers: bindings as printRoleBinding / printClusterRoleBinding (roles and cluster roles have no printer upstream). */
import type { RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import type { KubeObject } from '../../api/object.js';
import { str, translateTimestampSince } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts, each in subject order. */
export function subjectsStrings(subjects: readonly Subject[] | undefined): { users: string[]; groups: string[]; serviceAccounts: string[]; others: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[], others: [] as string[] };
  for (const s of subjects ?? []) {
    switch (s.kind) {
      case 'ServiceAccount':
        out.serviceAccounts.push(`${str(s.namespace)}/${str(s.name)}`);
        break;
      case 'User':
        out.users.push(str(s.name));
        break;
      case 'Group':
        out.groups.push(str(s.name));
        break;
      default:
        out.others.push(`${str(s.kind)}/${str(s.namespace)}/${str(s.name)}`);
    }
  }
  return out;
}

function bindingPrinter(kind: 'roleBinding' | 'clusterRoleBinding', definition: string): KindPrinter {
  return kindPrinter(
    () => [
      nameColumn(),
      column('Role', 'string', fieldDoc(definition, 'roleRef')),
      ageColumn(),
      column('Users', 'string', `Users in the ${kind}`, { priority: 1 }),
      column('Groups', 'string', `Groups in the ${kind}`, { priority: 1 }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, { priority: 1 }),
    ],
    (obj: KubeObject, now: Date) => {
      const binding = obj as unknown as RoleBinding;
      const { users, groups, serviceAccounts } = subjectsStrings(binding.subjects);
      return [
        str(obj.metadata.name),
        `${str(binding.roleRef?.kind)}/${str(binding.roleRef?.name)}`,
        translateTimestampSince(obj.metadata.creationTimestamp, now),
        users.join(', '),
        groups.join(', '),
        serviceAccounts.join(', '),
      ];
    },
  );
}

export const roleBindingPrinter = bindingPrinter('roleBinding', 'io.k8s.api.rbac.v1.RoleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding', 'io.k8s.api.rbac.v1.ClusterRoleBinding');
