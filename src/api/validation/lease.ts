/** Lease validation as pkg/apis/coordination/validation (ValidateLease, ValidateLeaseUpdate). */
import { FieldPath, forbidden, invalid, notSupported, type FieldError } from '../field-error.js';
import { isQualifiedName, nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { num, rec, root, str, type Json } from './other-common.js';

const validLeaseStrategies = ['OldestEmulationVersion'];

/**
 * As ValidateCoordinatedLeaseStrategy: a Kubernetes-defined name, or a qualified name with a prefix. Upstream
 * reports it under `strategy.strategy` (it adds the child twice); kept so.
 */
function validateCoordinatedLeaseStrategy(strategy: string, fldPath: FieldPath): FieldError[] {
  const parts = strategy.split('/');
  if (parts.length === 1) {
    return validLeaseStrategies.includes(parts[0]!) ? [] : [notSupported(fldPath.child('strategy'), strategy, validLeaseStrategies)];
  }
  return isQualifiedName(strategy).map((msg) => invalid(fldPath.child('strategy'), strategy, msg));
}

/** As ValidateLeaseSpec. */
export function validateLeaseSpec(spec: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const duration = num(spec['leaseDurationSeconds']);
  if (duration !== undefined && duration <= 0) errs.push(invalid(fldPath.child('leaseDurationSeconds'), duration, 'must be greater than 0'));
  const transitions = num(spec['leaseTransitions']);
  if (transitions !== undefined && transitions < 0) errs.push(invalid(fldPath.child('leaseTransitions'), transitions, 'must be greater than or equal to 0'));
  const strategy = str(spec['strategy']);
  if (strategy !== undefined) errs.push(...validateCoordinatedLeaseStrategy(strategy, fldPath.child('strategy')));
  const preferredHolder = str(spec['preferredHolder']);
  if (preferredHolder && !strategy) errs.push(forbidden(fldPath.child('preferredHolder'), 'may only be specified if `strategy` is defined'));
  return errs;
}

/** A Lease on create. */
export function validateLease(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateLeaseSpec(rec(obj['spec']) ?? {}, root('spec')));
  return errs;
}

/** A Lease on update: the spec rules again; nothing is immutable. */
export function validateLeaseUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  errs.push(...validateLeaseSpec(rec(obj['spec']) ?? {}, root('spec')));
  return errs;
}
