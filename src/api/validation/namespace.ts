/** Namespaces as core's ValidateNamespace, ValidateNamespaceUpdate, ValidateNamespaceStatusUpdate and ValidateNamespaceFinalizeUpdate. */
import { FieldPath, invalid, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { nameIsDNSLabel } from '../name-validation.js';
import { validateFinalizerName, validateKubeFinalizerName, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

interface NamespaceLike extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

const finalizerErrors = (name: string, p: FieldPath) => [...validateFinalizerName(name, p), ...validateKubeFinalizerName(name, p)];

/** A new namespace: a DNS-1123 label name, and spec.finalizers that are standard or qualified (reported at the list's path). */
export function validateNamespace(obj: KubeObject): FieldError[] {
  const ns = obj as NamespaceLike;
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of ns.spec?.finalizers ?? []) errs.push(...finalizerErrors(f, FieldPath.root('spec', 'finalizers')));
  return errs;
}

/** An update of the namespace itself: only the metadata rules apply (spec.finalizers change through /finalize). */
export function validateNamespaceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(obj.metadata, old.metadata);
}

/** A status write: the phase must be Active while not deleting, Terminating once deleting. */
export function validateNamespaceStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const ns = obj as NamespaceLike;
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  const phase = ns.status?.phase ?? '';
  if (!ns.metadata.deletionTimestamp) {
    if (phase !== 'Active') errs.push(invalid(FieldPath.root('status', 'Phase'), phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalid(FieldPath.root('status', 'Phase'), phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/** A write through namespaces/finalize: metadata rules and valid spec.finalizers (indexed this time). */
export function validateNamespaceFinalizeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const ns = obj as NamespaceLike;
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata);
  (ns.spec?.finalizers ?? []).forEach((f, i) => errs.push(...finalizerErrors(f, FieldPath.root('spec', 'finalizers').index(i))));
  return errs;
}

export const namespaceValidator = {
  validate: validateNamespace,
  validateUpdate: validateNamespaceUpdate,
  validateStatusUpdate: validateNamespaceStatusUpdate,
};
