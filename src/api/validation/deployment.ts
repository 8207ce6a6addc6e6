/** Deployment validation as pkg/apis/apps/validation (ValidateDeployment*) plus the apps/v1 strategy's selector immutability. */
import { FieldPath, forbidden, GoRaw, goQuote, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { goStruct } from './go-format.js';
import { validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import {
  goLabels,
  goLabelSelector,
  goPtr,
  intOrPercentValue,
  isNotMoreThan100Percent,
  goIntStr,
  num,
  rec,
  root,
  selectorConversionFails,
  selectorIsEmpty,
  selectorMatches,
  str,
  templateValidationOptions,
  validateImmutableSelector,
  validatePositiveIntOrPercent,
  validateRequiredSelector,
  type Json,
} from './other-common.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import type { PodValidationOptions } from './pod-validation-options.js';

/**
 * A ReplicaSet-style pod template (Deployment, ReplicaSet): labels must match the selector, the pod template must
 * be valid, restartPolicy Always, no activeDeadlineSeconds. As ValidatePodTemplateSpecForReplicaSet.
 */
export function validatePodTemplateSpecForReplicaSet(
  template: unknown,
  selector: unknown,
  fldPath: FieldPath,
  opts: PodValidationOptions = templateValidationOptions(template),
): FieldError[] {
  const t = rec(template) ?? {};
  const labels = rec(t['metadata'])?.['labels'];
  const errs: FieldError[] = [];
  if (!selectorIsEmpty(selector) && !selectorMatches(selector, labels)) {
    errs.push(invalid(fldPath.child('metadata', 'labels'), goLabels(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(t, fldPath, opts));
  const spec = rec(t['spec']) ?? {};
  const restartPolicy = str(spec['restartPolicy']) ?? '';
  if (restartPolicy !== 'Always') errs.push(notSupported(fldPath.child('spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (spec['activeDeadlineSeconds'] != null) {
    errs.push(forbidden(fldPath.child('spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

/** The selector and template checks Deployment and ReplicaSet share. */
export function validateSelectorAndTemplate(spec: Json, fldPath: FieldPath, opts?: PodValidationOptions): FieldError[] {
  const selector = spec['selector'];
  const errs = validateRequiredSelector(selector, fldPath.child('selector'), 'empty selector is invalid for deployment');
  if (selectorConversionFails(selector)) {
    errs.push(invalid(fldPath.child('selector'), goLabelSelector(selector), 'invalid label selector'));
  } else {
    errs.push(...validatePodTemplateSpecForReplicaSet(spec['template'], selector, fldPath.child('template'), opts));
  }
  return errs;
}

function goDeploymentStrategy(strategy: Json): GoRaw {
  return new GoRaw(
    goStruct('apps.DeploymentStrategy', [
      ['Type', goQuote(str(strategy['type']) ?? '')],
      ['RollingUpdate', goPtr('apps.RollingUpdateDeployment', rec(strategy['rollingUpdate']) !== undefined)],
    ]),
  );
}

/** As ValidateRollingUpdateDeployment: both int-or-percent, not both 0, maxUnavailable at most 100%. */
function validateRollingUpdateDeployment(ru: Json, fldPath: FieldPath): FieldError[] {
  const errs = validatePositiveIntOrPercent(ru['maxUnavailable'], fldPath.child('maxUnavailable'));
  errs.push(...validatePositiveIntOrPercent(ru['maxSurge'], fldPath.child('maxSurge')));
  if (intOrPercentValue(ru['maxUnavailable']) === 0 && intOrPercentValue(ru['maxSurge']) === 0) {
    errs.push(invalid(fldPath.child('maxUnavailable'), goIntStr(ru['maxUnavailable']), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...isNotMoreThan100Percent(ru['maxUnavailable'], fldPath.child('maxUnavailable')));
  return errs;
}

/** As ValidateDeploymentStrategy. */
export function validateDeploymentStrategy(strategy: Json, fldPath: FieldPath): FieldError[] {
  const type = str(strategy['type']) ?? '';
  const ru = rec(strategy['rollingUpdate']);
  switch (type) {
    case 'Recreate':
      return ru ? [forbidden(fldPath.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case 'RollingUpdate':
      if (!ru) return [required(fldPath.child('rollingUpdate'), 'this should be defaulted and never be nil')];
      return validateRollingUpdateDeployment(ru, fldPath.child('rollingUpdate'));
    default:
      return [notSupported(fldPath, goDeploymentStrategy(strategy), ['Recreate', 'RollingUpdate'])];
  }
}

/** As ValidateDeploymentSpec. */
export function validateDeploymentSpec(spec: Json, fldPath: FieldPath, opts?: PodValidationOptions): FieldError[] {
  const errs = validateNonnegativeField(num(spec['replicas']) ?? 0, fldPath.child('replicas'));
  errs.push(...validateSelectorAndTemplate(spec, fldPath, opts));
  errs.push(...validateDeploymentStrategy(rec(spec['strategy']) ?? {}, fldPath.child('strategy')));
  const minReadySeconds = num(spec['minReadySeconds']) ?? 0;
  errs.push(...validateNonnegativeField(minReadySeconds, fldPath.child('minReadySeconds')));
  const revisionHistoryLimit = num(spec['revisionHistoryLimit']);
  if (revisionHistoryLimit !== undefined) errs.push(...validateNonnegativeField(revisionHistoryLimit, fldPath.child('revisionHistoryLimit')));
  const progressDeadlineSeconds = num(spec['progressDeadlineSeconds']);
  if (progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonnegativeField(progressDeadlineSeconds, fldPath.child('progressDeadlineSeconds')));
    if (progressDeadlineSeconds <= minReadySeconds) {
      errs.push(invalid(fldPath.child('progressDeadlineSeconds'), progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** A Deployment on create. */
export function validateDeployment(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateDeploymentSpec(rec(obj['spec']) ?? {}, root('spec')));
  return errs;
}

/** A Deployment on update: the spec rules again, and (apps/v1) an immutable selector. */
export function validateDeploymentUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const spec = rec(obj['spec']) ?? {};
  const oldSpec = rec(old['spec']) ?? {};
  errs.push(...validateDeploymentSpec(spec, root('spec'), templateValidationOptions(spec['template'], oldSpec['template'])));
  errs.push(...validateImmutableSelector(spec['selector'], oldSpec['selector'], root('spec').child('selector')));
  return errs;
}

/** As ValidateDeploymentStatus. */
export function validateDeploymentStatus(status: Json, fldPath: FieldPath): FieldError[] {
  const n = (k: string) => num(status[k]) ?? 0;
  const errs: FieldError[] = [];
  for (const k of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) {
    errs.push(...validateNonnegativeField(n(k), fldPath.child(k)));
  }
  const collisionCount = num(status['collisionCount']);
  if (collisionCount !== undefined) errs.push(...validateNonnegativeField(collisionCount, fldPath.child('collisionCount')));
  const msg = 'cannot be greater than status.replicas';
  if (n('updatedReplicas') > n('replicas')) errs.push(invalid(fldPath.child('updatedReplicas'), n('updatedReplicas'), msg));
  if (n('readyReplicas') > n('replicas')) errs.push(invalid(fldPath.child('readyReplicas'), n('readyReplicas'), msg));
  if (n('availableReplicas') > n('replicas')) errs.push(invalid(fldPath.child('availableReplicas'), n('availableReplicas'), msg));
  if (n('availableReplicas') > n('readyReplicas')) {
    errs.push(invalid(fldPath.child('availableReplicas'), n('availableReplicas'), 'cannot be greater than readyReplicas'));
  }
  return errs;
}

/** status.collisionCount may not go down (IsDecremented: set before, and now lower or unset). */
export function validateCollisionCountNotDecremented(status: Json, oldStatus: Json, fldPath: FieldPath): FieldError[] {
  const cur = num(status['collisionCount']);
  const prev = num(oldStatus['collisionCount']);
  if (prev === undefined) return [];
  if (cur === undefined || cur < prev) return [invalid(fldPath.child('collisionCount'), cur ?? 0, 'cannot be decremented')];
  return [];
}

/** A Deployment's status update. */
export function validateDeploymentStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const status = rec(obj['status']) ?? {};
  errs.push(...validateDeploymentStatus(status, root('status')));
  errs.push(...validateCollisionCountNotDecremented(status, rec(old['status']) ?? {}, root('status')));
  return errs;
}
