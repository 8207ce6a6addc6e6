/** The rules of create role and create clusterrole: --verb, --resource, --resource-name, checked and grouped as kubectl does. */
import { kinds, resolveResource } from '../../../api/kinds.js';
import { compareGoStrings } from '../../../api/patch/json-value.js';
import { CliError } from '../../errors.js';

/** One --resource value: `resource.group/subresource`. */
export interface ResourceOption {
  group: string;
  resource: string;
  subResource: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** The verbs create role knows; others only warn. */
export const validResourceVerbs = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];

/** Verbs that only make sense on some resources. */
const specialVerbs: Record<string, Array<{ group: string; resource: string }>> = {
  use: [
    { group: 'policy', resource: 'podsecuritypolicies' },
    { group: 'extensions', resource: 'podsecuritypolicies' },
  ],
  bind: [
    { group: 'rbac.authorization.k8s.io', resource: 'roles' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  ],
  escalate: [
    { group: 'rbac.authorization.k8s.io', resource: 'roles' },
    { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  ],
  impersonate: [
    { group: '', resource: 'users' },
    { group: '', resource: 'serviceaccounts' },
    { group: '', resource: 'groups' },
    { group: 'authentication.k8s.io', resource: 'userextras' },
  ],
};

export const dedupe = (values: string[]): string[] => [...new Set(values)];

/** Duplicate verbs dropped; `*` stands for all of them. */
export function completeVerbs(verbs: string[]): string[] {
  const out: string[] = [];
  for (const v of verbs) {
    if (v === '*') return ['*'];
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** --resource values split into resource, group and subresource; a bare `*` stands for all resources. */
export function completeResources(values: string[]): ResourceOption[] {
  const out: ResourceOption[] = [];
  for (const r of values) {
    const slash = r.indexOf('/');
    const head = slash < 0 ? r : r.slice(0, slash);
    const dot = head.indexOf('.');
    const option = { resource: dot < 0 ? head : head.slice(0, dot), group: dot < 0 ? '' : head.slice(dot + 1), subResource: slash < 0 ? '' : r.slice(slash + 1) };
    if (option.resource === '*' && dot < 0 && slash < 0) return [option];
    out.push(option);
  }
  return out;
}

/** The RESTMapper's ResourceFor: the full resource name and its group, or the error kubectl prints as is. */
function resourceFor(r: ResourceOption): { group: string; resource: string } | CliError {
  const name = r.resource.toLowerCase();
  const kind = r.group
    ? kinds.find((k) => k.group === r.group && (k.plural === name || k.singular === name || k.shortNames.includes(name)))
    : resolveResource(name);
  if (kind) return { group: kind.group, resource: kind.plural };
  return new CliError(`the server doesn't have a resource type "${r.resource}"${r.group ? ` in group "${r.group}"` : ''}`);
}

/** validateResource of create_role.go: resources must exist, special verbs need their resources. */
export function validateResources(resources: ResourceOption[], verbs: string[]): void {
  for (const r of resources) {
    if (!r.resource) throw new CliError('error: resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const found = resourceFor(r);
    let err = found instanceof CliError ? found : undefined;
    const resource = found instanceof CliError ? { group: r.group, resource: r.resource } : found;
    for (const v of verbs) {
      const allowed = specialVerbs[v];
      if (!allowed) continue;
      if (!allowed.some((a) => a.resource === resource.resource && a.group === resource.group)) {
        throw new CliError(`error: can not perform '${v}' on '${resource.resource}' in group '${resource.group}'`);
      }
      err = undefined;
    }
    if (err) throw err;
  }
}

/** generateResourcePolicyRules: one rule per API group (groups sorted), then one for the non-resource URLs. */
export function policyRules(verbs: string[], resources: ResourceOption[], resourceNames: string[], nonResourceURLs: string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const found = resourceFor(r);
    const resolved = found instanceof CliError ? { group: r.group, resource: r.resource } : found;
    const name = r.subResource ? `${resolved.resource}/${r.subResource}` : resolved.resource;
    const list = byGroup.get(resolved.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(resolved.group, list);
  }
  const rules: PolicyRule[] = [...byGroup.keys()].sort(compareGoStrings).map((g) => ({
    verbs,
    apiGroups: [g],
    resources: byGroup.get(g)!,
    ...(resourceNames.length ? { resourceNames } : {}),
  }));
  if (nonResourceURLs.length) rules.push({ verbs, nonResourceURLs });
  return rules;
}
