/** What a new cluster's API server creates at start-up: the system namespaces and priority classes. */
import { isAlreadyExists } from '../api/errors.js';
import { kindByGroupKind } from '../api/kinds.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles, bootstrapRoleBindings, bootstrapRoles } from '../api/rbac/bootstrap-policy.js';
import type { Registry } from './registry.js';

export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** As the apiserver's bootstrap: system-node-critical and system-cluster-critical always exist. */
export const systemPriorityClasses = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
] as const;

/** Creates whatever of the bootstrap objects is missing; safe to run on every start and from several processes. */
export async function bootstrapCluster(registry: Registry, opts: { rbac?: boolean } = {}): Promise<void> {
  const nsKind = kindByGroupKind('', 'Namespace')!;
  const pcKind = kindByGroupKind('scheduling.k8s.io', 'PriorityClass')!;
  // Cheap reads first: every CLI command opens the cluster, and decoding a create costs more than a get.
  const missingNs = [];
  for (const name of systemNamespaces) if (!(await registry.peek(nsKind, undefined, name))) missingNs.push(name);
  const missingPc = [];
  for (const c of systemPriorityClasses) if (!(await registry.peek(pcKind, undefined, c.name))) missingPc.push(c);
  const ns = { group: '', version: 'v1', resource: 'namespaces' };
  for (const name of missingNs) {
    await ignoreExists(() => registry.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  }
  const pc = { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' };
  for (const c of missingPc) {
    await ignoreExists(() =>
      registry.create(pc, undefined, {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: c.name },
        value: c.value,
        description: c.description,
        preemptionPolicy: 'PreemptLowerPriority',
      }),
    );
  }
  if (opts.rbac) await bootstrapRbac(registry);
}

/** The apiserver's RBAC bootstrap policy, created when cluster-admin is missing (a new cluster); test registries leave it out unless asked. */
export async function bootstrapRbac(registry: Registry): Promise<void> {
  const rbac = (resource: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', resource });
  if (await registry.peek(kindByGroupKind('rbac.authorization.k8s.io', 'ClusterRole')!, undefined, 'cluster-admin')) return;
  for (const o of bootstrapClusterRoles()) await ignoreExists(() => registry.create(rbac('clusterroles'), undefined, o));
  for (const o of bootstrapClusterRoleBindings()) await ignoreExists(() => registry.create(rbac('clusterrolebindings'), undefined, o));
  for (const o of bootstrapRoles()) await ignoreExists(() => registry.create(rbac('roles'), o.metadata!.namespace, o));
  for (const o of bootstrapRoleBindings()) await ignoreExists(() => registry.create(rbac('rolebindings'), o.metadata!.namespace, o));
}

async function ignoreExists(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}
