/** ReplicaSet validation as pkg/apis/apps/validation (ValidateReplicaSet*) plus the apps/v1 strategy's selector immutability. */
import { invalid, type FieldError, type FieldPath } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { validateSelectorAndTemplate } from './deployment.js';
import { validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { num, rec, root, templateValidationOptions, validateImmutableSelector, type Json } from './other-common.js';
import type { PodValidationOptions } from './pod-validation-options.js';

/** As ValidateReplicaSetSpec (its empty-selector message says "deployment", as upstream's does). */
export function validateReplicaSetSpec(spec: Json, fldPath: FieldPath, opts?: PodValidationOptions): FieldError[] {
  const errs = validateNonnegativeField(num(spec['replicas']) ?? 0, fldPath.child('replicas'));
  errs.push(...validateNonnegativeField(num(spec['minReadySeconds']) ?? 0, fldPath.child('minReadySeconds')));
  errs.push(...validateSelectorAndTemplate(spec, fldPath, opts));
  return errs;
}

/** A ReplicaSet on create. */
export function validateReplicaSet(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateReplicaSetSpec(rec(obj['spec']) ?? {}, root('spec')));
  return errs;
}

/** A ReplicaSet on update: the spec rules again, and (apps/v1) an immutable selector. */
export function validateReplicaSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const spec = rec(obj['spec']) ?? {};
  const oldSpec = rec(old['spec']) ?? {};
  errs.push(...validateReplicaSetSpec(spec, root('spec'), templateValidationOptions(spec['template'], oldSpec['template'])));
  errs.push(...validateImmutableSelector(spec['selector'], oldSpec['selector'], root('spec').child('selector')));
  return errs;
}

/** As ValidateReplicaSetStatus. */
export function validateReplicaSetStatus(status: Json, fldPath: FieldPath): FieldError[] {
  const n = (k: string) => num(status[k]) ?? 0;
  const errs: FieldError[] = [];
  for (const k of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']) {
    errs.push(...validateNonnegativeField(n(k), fldPath.child(k)));
  }
  const msg = 'cannot be greater than status.replicas';
  for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) {
    if (n(k) > n('replicas')) errs.push(invalid(fldPath.child(k), n(k), msg));
  }
  if (n('availableReplicas') > n('readyReplicas')) {
    errs.push(invalid(fldPath.child('availableReplicas'), n('availableReplicas'), 'cannot be greater than readyReplicas'));
  }
  return errs;
}

/** A ReplicaSet's status update. */
export function validateReplicaSetStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  errs.push(...validateReplicaSetStatus(rec(obj['status']) ?? {}, root('status')));
  return errs;
}
