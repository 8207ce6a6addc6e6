/** The subjects of create rolebinding and create clusterrolebinding: --user, --group, then --serviceaccount=ns:name. */
import { CliError } from '../../errors.js';

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

/** rbacv1.Subject values in kubectl's order; undefined when there are none (the field is then omitted). */
export function bindingSubjects(users: string[], groups: string[], serviceAccounts: string[]): Subject[] | undefined {
  const subjects: Subject[] = [
    ...users.map((name) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name })),
    ...groups.map((name) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name })),
  ];
  for (const sa of serviceAccounts) {
    const tokens = sa.split(':');
    if (tokens.length !== 2 || !tokens[0] || !tokens[1]) throw new CliError('error: serviceaccount must be <namespace>:<name>');
    subjects.push({ kind: 'ServiceAccount', name: tokens[1], namespace: tokens[0] });
  }
  return subjects.length ? subjects : undefined;
}

export const roleRef = (kind: 'Role' | 'ClusterRole', name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
