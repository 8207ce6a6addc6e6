/** Defaulting for rbac.authorization.k8s.io/v1, after pkg/apis/rbac/v1/defaults.go. */
import { isEmptyString, listAt, materialize, structAt, type Obj } from './fields.js';

export const RbacGroupName = 'rbac.authorization.k8s.io';

function setBindingDefaults(binding: Obj): void {
  const roleRef = structAt(binding, 'roleRef');
  if (isEmptyString(roleRef.apiGroup)) roleRef.apiGroup = RbacGroupName;
  for (const subject of listAt(binding, 'subjects')) {
    if (!isEmptyString(subject.apiGroup)) continue;
    // A ServiceAccount's apiGroup defaults to "", which Go's omitempty leaves out of the object.
    if (subject.kind === 'ServiceAccount') delete subject.apiGroup;
    else if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RbacGroupName;
  }
}

/** Defaults an RBAC object of the given kind in place; roles have no defaults but always write `rules`. */
export function setRbacDefaults(obj: Obj, kind: string): void {
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') setBindingDefaults(obj);
  else if (kind === 'Role' || kind === 'ClusterRole') materialize(obj, 'rules', null);
}
