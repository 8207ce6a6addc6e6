/** Reads the four RBAC kinds an authorization decision needs, through whatever lists objects (a client, an informer). */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { GroupVersionResource } from '../group-version.js';
import type { RbacObjects } from './authorizer.js';

const rbac = (resource: string): GroupVersionResource => ({ group: 'rbac.authorization.k8s.io', version: 'v1', resource });

export async function loadRbacObjects(list: (gvr: GroupVersionResource) => Promise<unknown[]>): Promise<RbacObjects> {
  const [roles, clusterRoles, roleBindings, clusterRoleBindings] = await Promise.all([
    list(rbac('roles')),
    list(rbac('clusterroles')),
    list(rbac('rolebindings')),
    list(rbac('clusterrolebindings')),
  ]);
  return {
    roles: roles as Role[],
    clusterRoles: clusterRoles as ClusterRole[],
    roleBindings: roleBindings as RoleBinding[],
    clusterRoleBindings: clusterRoleBindings as ClusterRoleBinding[],
  };
}
