/**
 * RBAC authorization as kube-apiserver decides it (plugin/pkg/auth/authorizer/rbac/rbac.go, the rule resolver of
 * pkg/registry/rbac/validation/rule.go and the rbac/v1 helpers), plus the system:masters group that is always allowed.
 * Pure: the caller hands in the Roles, ClusterRoles and bindings it read.
 */
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';

/** Who asks (upstream user.Info). */
export interface UserInfo {
  name: string;
  groups: string[];
}

/** What is asked (upstream authorizer.Attributes). */
export type RequestAttributes =
  | {
      verb: string;
      /** Empty for cluster-scoped requests and for all namespaces. */
      namespace: string;
      apiGroup: string;
      resource: string;
      subresource?: string;
      name?: string;
    }
  | { verb: string; path: string };

/** The RBAC objects a decision reads. */
export interface RbacObjects {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
}

export interface Decision {
  allowed: boolean;
  /** `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`, or the errors met while denying. */
  reason: string;
}

export const SystemPrivilegedGroup = 'system:masters';
export const AllAuthenticated = 'system:authenticated';
export const ServiceAccountUsernamePrefix = 'system:serviceaccount:';

/** The user a ServiceAccount's token authenticates as (serviceaccount.UserInfo). */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: `${ServiceAccountUsernamePrefix}${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AllAuthenticated],
  };
}

/** serviceaccount.SplitUsername: namespace and name of `system:serviceaccount:NS:NAME`, or undefined. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(ServiceAccountUsernamePrefix)) return undefined;
  const parts = username.slice(ServiceAccountUsernamePrefix.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/**
 * The user an impersonated request runs as (the apiserver's impersonation filter): a ServiceAccount username gets its
 * fixed groups when no group is given; every non-anonymous user gets system:authenticated unless a group says otherwise.
 */
export function impersonatedUser(username: string, groups: string[] = []): UserInfo {
  let gs = [...groups];
  const sa = splitServiceAccountUsername(username);
  if (sa && gs.length === 0) gs = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`];
  if (username !== 'system:anonymous' && !gs.some((g) => g === AllAuthenticated || g === 'system:unauthenticated')) gs.push(AllAuthenticated);
  return { name: username, groups: gs };
}

const isResourceRequest = (a: RequestAttributes): a is Extract<RequestAttributes, { resource: string }> => 'resource' in a;

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combinedResource) return true;
    if (!subresource) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** rbac.RuleAllows. */
export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  if (isResourceRequest(a)) {
    const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup) && resourceMatches(rule, combined, a.subresource ?? '') && resourceNameMatches(rule, a.name ?? '');
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

/** appliesToUser: does one subject of a binding name this user (ServiceAccounts default to the binding's namespace)? */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || namespace;
      if (!ns) return false;
      return user.name === `${ServiceAccountUsernamePrefix}${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

function appliesTo(user: UserInfo, subjects: Subject[] | undefined, namespace: string): number {
  return (subjects ?? []).findIndex((s) => appliesToUser(user, s, namespace));
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** A rule with where it came from, as the resolver's visitor sees it. */
export interface SourcedRule {
  rule: PolicyRule;
  /** `ClusterRoleBinding "b" of ClusterRole "r" to User "u"` (upstream's describers). */
  source: string;
}

/**
 * DefaultRuleResolver.VisitRulesFor: every rule granted to the user in the namespace (cluster bindings first, then the
 * namespace's RoleBindings), and the errors met (a binding to a missing role).
 */
export function rulesFor(objects: RbacObjects, user: UserInfo, namespace: string): { rules: SourcedRule[]; errors: string[] } {
  const rules: SourcedRule[] = [];
  const errors: string[] = [];
  const clusterRole = (name: string) => objects.clusterRoles.find((r) => r.metadata?.name === name);
  for (const b of objects.clusterRoleBindings) {
    const i = appliesTo(user, b.subjects, '');
    if (i < 0) continue;
    if (b.roleRef.kind !== 'ClusterRole') {
      errors.push(`unsupported role reference kind: "${b.roleRef.kind}"`);
      continue;
    }
    const role = clusterRole(b.roleRef.name);
    if (!role) {
      errors.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
      continue;
    }
    const source = `ClusterRoleBinding "${b.metadata?.name}" of ClusterRole "${b.roleRef.name}" to ${describeSubject(b.subjects![i]!, '')}`;
    for (const rule of role.rules ?? []) rules.push({ rule, source });
  }
  if (namespace) {
    for (const b of objects.roleBindings) {
      if (b.metadata?.namespace !== namespace) continue;
      const i = appliesTo(user, b.subjects, namespace);
      if (i < 0) continue;
      let roleRules: PolicyRule[] | undefined;
      if (b.roleRef.kind === 'Role') {
        const role = objects.roles.find((r) => r.metadata?.namespace === namespace && r.metadata?.name === b.roleRef.name);
        if (!role) {
          errors.push(`role.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
          continue;
        }
        roleRules = role.rules ?? [];
      } else if (b.roleRef.kind === 'ClusterRole') {
        const role = clusterRole(b.roleRef.name);
        if (!role) {
          errors.push(`clusterrole.rbac.authorization.k8s.io "${b.roleRef.name}" not found`);
          continue;
        }
        roleRules = role.rules ?? [];
      } else {
        errors.push(`unsupported role reference kind: "${b.roleRef.kind}"`);
        continue;
      }
      const source = `RoleBinding "${b.metadata?.name}/${namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(b.subjects![i]!, namespace)}`;
      for (const rule of roleRules) rules.push({ rule, source });
    }
  }
  return { rules, errors };
}

/** utilerrors.NewAggregate(...).Error(). */
function aggregateText(errors: string[]): string {
  const uniq = [...new Set(errors)];
  return uniq.length === 1 ? uniq[0]! : `[${uniq.join(', ')}]`;
}

/** The apiserver's decision: system:masters always; otherwise RBACAuthorizer.Authorize. */
export function authorize(objects: RbacObjects, user: UserInfo, attrs: RequestAttributes): Decision {
  if (user.groups.includes(SystemPrivilegedGroup)) return { allowed: true, reason: '' };
  const namespace = isResourceRequest(attrs) ? attrs.namespace : '';
  const { rules, errors } = rulesFor(objects, user, namespace);
  for (const r of rules) {
    if (ruleAllows(attrs, r.rule)) return { allowed: true, reason: `RBAC: allowed by ${r.source}` };
  }
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregateText(errors)}` : '' };
}

/**
 * The Forbidden message the apiserver returns for a denied request (apiserver's forbiddenMessage):
 * `User "u" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"`.
 */
export function forbiddenMessage(user: UserInfo, attrs: RequestAttributes): string {
  const username = `User "${user.name}"`;
  if (!isResourceRequest(attrs)) return `${username} cannot ${attrs.verb} path "${attrs.path}"`;
  let resource = attrs.resource;
  if (attrs.subresource) resource = `${resource}/${attrs.subresource}`;
  const where = attrs.namespace ? ` in the namespace "${attrs.namespace}"` : ' at the cluster scope';
  return `${username} cannot ${attrs.verb} resource "${resource}" in API group "${attrs.apiGroup}"${where}`;
}

/**
 * The whole error a denied request gets (responsewriters.Forbidden over apierrors.NewForbidden):
 * `leases.coordination.k8s.io "my-scheduler" is forbidden: User "..." cannot get resource "leases" in API group ...`.
 */
export function forbiddenError(user: UserInfo, attrs: RequestAttributes, reason = ''): string {
  const msg = reason ? `${forbiddenMessage(user, attrs)}: ${reason}` : forbiddenMessage(user, attrs);
  if (!isResourceRequest(attrs)) return `forbidden: ${msg}`;
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  return attrs.name ? `${qualified} "${attrs.name}" is forbidden: ${msg}` : `${qualified} is forbidden: ${msg}`;
}
