/**
 * Admission on create, as the apiserver's default plugins (NamespaceLifecycle, ServiceAccount, Priority,
 * LimitRanger, DefaultTolerationSeconds, TaintNodesByCondition, StorageObjectInUseProtection,
 * DefaultStorageClass, DefaultIngressClass): this file looks up what they need; api/defaults/admission.ts mutates.
 */
import * as apierrors from '../api/errors.js';
import { admitDefaults, type AdmitOptions, type ClassInfo, type PriorityClassInfo } from '../api/defaults/admission.js';
import { kindByGroupKind, type KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/object.js';
import type { Registry } from './registry.js';

/** Namespaces that may never be deleted, as upstream's immortal namespaces. */
export const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);

export async function admitCreate(registry: Registry, kind: KindInfo, obj: KubeObject, random: () => number): Promise<void> {
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
  const options: AdmitOptions = { random };
  switch (`${kind.group}/${kind.kind}`) {
    case '/Pod':
      options.priorityClasses = (await all(registry, 'scheduling.k8s.io', 'PriorityClass')).map(priorityInfo);
      options.limitRanges = await all(registry, '', 'LimitRange', obj.metadata.namespace);
      break;
    case '/PersistentVolumeClaim':
      options.storageClasses = (await all(registry, 'storage.k8s.io', 'StorageClass')).map(classInfo);
      break;
    case 'networking.k8s.io/Ingress':
      options.ingressClasses = (await all(registry, 'networking.k8s.io', 'IngressClass')).map(classInfo);
      break;
  }
  admitDefaults(obj, options);
}

/** Delete-time admission: the immortal namespaces refuse deletion. */
export function admitDelete(kind: KindInfo, name: string): void {
  if (kind.kind === 'Namespace' && immortalNamespaces.has(name)) {
    throw apierrors.forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
  }
}

async function all(registry: Registry, group: string, kind: string, namespace?: string): Promise<KubeObject[]> {
  return registry.peekAll(kindByGroupKind(group, kind)!, namespace);
}

const priorityInfo = (pc: KubeObject): PriorityClassInfo => ({
  name: pc.metadata.name!,
  value: (pc.value as number | undefined) ?? 0,
  globalDefault: pc.globalDefault === true,
  ...(typeof pc.preemptionPolicy === 'string' ? { preemptionPolicy: pc.preemptionPolicy } : {}),
});

const classInfo = (c: KubeObject): ClassInfo => ({
  name: c.metadata.name!,
  ...(c.metadata.annotations ? { annotations: c.metadata.annotations } : {}),
  ...(typeof c.metadata.creationTimestamp === 'string' ? { creationTimestamp: c.metadata.creationTimestamp } : {}),
});
