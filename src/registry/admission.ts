/** Admission on create, as the apiserver's default plugins: NamespaceLifecycle, ServiceAccount, DefaultTolerationSeconds, Priority. */
import * as apierrors from '../api/errors.js';
import { admitDefaults } from '../api/defaults/admission.js';
import { kindByGroupKind, type KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/object.js';
import type { Registry } from './registry.js';

/** Namespaces that may never be deleted, as upstream's immortal namespaces. */
export const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);

export async function admitCreate(registry: Registry, kind: KindInfo, obj: KubeObject): Promise<void> {
  const gr = { group: kind.group, resource: kind.plural };
  if (kind.namespaced) {
    const ns = obj.metadata.namespace!;
    const phase = await registry.namespacePhase(ns);
    if (!phase) throw apierrors.notFound({ group: '', resource: 'namespaces' }, ns);
    if (phase === 'Terminating') {
      throw apierrors.forbidden(gr, obj.metadata.name ?? '', `unable to create new content in namespace ${ns} because it is being terminated`, [
        { reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' },
      ]);
    }
  }
  if (kind.kind === 'Pod') {
    admitDefaults(obj);
    await admitPriority(registry, obj);
  }
}

/** Delete-time admission: the immortal namespaces refuse deletion. */
export function admitDelete(kind: KindInfo, name: string): void {
  if (kind.kind === 'Namespace' && immortalNamespaces.has(name)) {
    throw apierrors.forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
  }
}

interface PodPriority {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

/** The Priority admission plugin: resolves priorityClassName (or the global default) into spec.priority. */
async function admitPriority(registry: Registry, pod: KubeObject): Promise<void> {
  const spec = (pod.spec ?? {}) as PodPriority;
  const pcKind = kindByGroupKind('scheduling.k8s.io', 'PriorityClass')!;
  let value = 0;
  let policy: string | undefined;
  if (spec.priorityClassName) {
    const pc = await registry.peek(pcKind, undefined, spec.priorityClassName);
    if (!pc) {
      throw apierrors.forbidden({ group: '', resource: 'pods' }, pod.metadata.name ?? '', `no PriorityClass with name ${spec.priorityClassName} was found`);
    }
    value = (pc.value as number) ?? 0;
    policy = pc.preemptionPolicy as string | undefined;
  } else {
    const globalDefault = (await registry.peekAll(pcKind)).filter((pc) => pc.globalDefault === true).sort((a, b) => (a.value as number) - (b.value as number))[0];
    if (globalDefault) {
      spec.priorityClassName = globalDefault.metadata.name;
      value = (globalDefault.value as number) ?? 0;
      policy = globalDefault.preemptionPolicy as string | undefined;
    }
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value) {
    throw apierrors.forbidden(
      { group: '', resource: 'pods' },
      pod.metadata.name ?? '',
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
    );
  }
  spec.priority = value;
  if (policy) spec.preemptionPolicy = policy;
  else spec.preemptionPolicy ??= 'PreemptLowerPriority';
  pod.spec = spec;
}
