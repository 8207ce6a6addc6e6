/** DaemonSet validation as pkg/apis/apps/validation (ValidateDaemonSet*) plus the apps/v1 strategy's selector immutability. */
import { FieldPath, forbidden, GoRaw, goQuote, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { validateCollisionCountNotDecremented } from './deployment.js';
import { goStruct } from './go-format.js';
import { validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import {
  goIntStr,
  goLabels,
  goLabelSelector,
  goPtr,
  intOrPercentValue,
  isNotMoreThan100Percent,
  metaOf,
  num,
  rec,
  root,
  selectorConversionFails,
  selectorHasInvalidLabelValue,
  selectorMatches,
  str,
  templateValidationOptions,
  validateImmutableSelector,
  validatePositiveIntOrPercent,
  validateSelector,
  type Json,
} from './other-common.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import type { PodValidationOptions } from './pod-validation-options.js';

/** The v1 annotation that carries the internal spec.templateGeneration. */
export const TemplateGenerationAnnotation = 'deprecated.daemonset.template.generation';

/** spec.templateGeneration as conversion reads it from the annotation (0 when absent or not a number). */
export function templateGenerationOf(obj: KubeObject): number | undefined {
  const v = metaOf(obj).annotations?.[TemplateGenerationAnnotation];
  if (v === undefined) return undefined;
  return /^[+-]?[0-9]+$/.test(v) ? Number.parseInt(v, 10) : 0;
}

/** As ValidateRollingUpdateDaemonSet: exactly one of maxUnavailable and maxSurge non-zero. */
function validateRollingUpdateDaemonSet(ru: Json, fldPath: FieldPath): FieldError[] {
  const errs = validatePositiveIntOrPercent(ru['maxUnavailable'], fldPath.child('maxUnavailable'));
  errs.push(...validatePositiveIntOrPercent(ru['maxSurge'], fldPath.child('maxSurge')));
  errs.push(...isNotMoreThan100Percent(ru['maxUnavailable'], fldPath.child('maxUnavailable')));
  errs.push(...isNotMoreThan100Percent(ru['maxSurge'], fldPath.child('maxSurge')));
  const hasUnavailable = intOrPercentValue(ru['maxUnavailable']) !== 0;
  const hasSurge = intOrPercentValue(ru['maxSurge']) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(invalid(fldPath.child('maxSurge'), goIntStr(ru['maxSurge']), 'may not be set when maxUnavailable is non-zero'));
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(fldPath.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  }
  return errs;
}

/** As ValidateDaemonSetUpdateStrategy. */
export function validateDaemonSetUpdateStrategy(strategy: Json, fldPath: FieldPath): FieldError[] {
  const type = str(strategy['type']) ?? '';
  const ru = rec(strategy['rollingUpdate']);
  switch (type) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate':
      if (!ru) return [required(fldPath.child('rollingUpdate'), '')];
      return validateRollingUpdateDaemonSet(ru, fldPath.child('rollingUpdate'));
    default: {
      const printed = new GoRaw(
        goStruct('apps.DaemonSetUpdateStrategy', [
          ['Type', goQuote(type)],
          ['RollingUpdate', goPtr('apps.RollingUpdateDaemonSet', ru !== undefined)],
        ]),
      );
      return [notSupported(fldPath, printed, ['RollingUpdate', 'OnDelete'])];
    }
  }
}

/** As ValidateDaemonSetSpec; templateGeneration comes from the v1 annotation. */
export function validateDaemonSetSpec(
  spec: Json,
  templateGeneration: number,
  fldPath: FieldPath,
  opts: PodValidationOptions = templateValidationOptions(spec['template']),
): FieldError[] {
  const selector = spec['selector'];
  const template = rec(spec['template']) ?? {};
  const errs = validateSelector(selector, fldPath.child('selector'), opts.allowInvalidLabelValueInSelector ?? false);
  const labels = rec(template['metadata'])?.['labels'];
  // Upstream has no "required" here: a missing selector selects nothing, so the template never matches.
  if (!selectorConversionFails(selector) && !selectorMatches(selector, labels)) {
    errs.push(invalid(fldPath.child('template', 'metadata', 'labels'), goLabels(labels), '`selector` does not match template `labels`'));
  }
  const sel = rec(selector);
  if (sel && Object.keys(rec(sel['matchLabels']) ?? {}).length + ((sel['matchExpressions'] as unknown[] | undefined)?.length ?? 0) === 0) {
    errs.push(invalid(fldPath.child('selector'), goLabelSelector(sel), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(template, fldPath.child('template'), opts));
  const podSpec = rec(template['spec']) ?? {};
  const restartPolicy = str(podSpec['restartPolicy']) ?? '';
  if (restartPolicy !== 'Always') errs.push(notSupported(fldPath.child('template', 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (podSpec['activeDeadlineSeconds'] != null) {
    errs.push(forbidden(fldPath.child('template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...validateNonnegativeField(num(spec['minReadySeconds']) ?? 0, fldPath.child('minReadySeconds')));
  errs.push(...validateNonnegativeField(templateGeneration, fldPath.child('templateGeneration')));
  errs.push(...validateDaemonSetUpdateStrategy(rec(spec['updateStrategy']) ?? {}, fldPath.child('updateStrategy')));
  const revisionHistoryLimit = num(spec['revisionHistoryLimit']);
  if (revisionHistoryLimit !== undefined) errs.push(...validateNonnegativeField(revisionHistoryLimit, fldPath.child('revisionHistoryLimit')));
  return errs;
}

/**
 * As ValidateDaemonSetSpecUpdate: templateGeneration never goes down and moves exactly when the template does.
 * Upstream's strategy keeps it in step, so this only fires for a client that sets the annotation by hand;
 * without the annotation on both objects there is nothing to compare.
 */
function validateTemplateGenerationUpdate(obj: KubeObject, old: KubeObject, fldPath: FieldPath): FieldError[] {
  const cur = templateGenerationOf(obj);
  const prev = templateGenerationOf(old);
  if (cur === undefined || prev === undefined) return [];
  const errs: FieldError[] = [];
  const path = fldPath.child('templateGeneration');
  if (cur < prev) errs.push(invalid(path, cur, 'must not be decremented'));
  const templateUpdated = !deepEqual(rec(obj['spec'])?.['template'], rec(old['spec'])?.['template']);
  if (cur === prev && templateUpdated) errs.push(invalid(path, cur, 'must be incremented upon template update'));
  else if (cur > prev && !templateUpdated) errs.push(invalid(path, cur, 'must not be incremented without template update'));
  return errs;
}

/** A DaemonSet on create. */
export function validateDaemonSet(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateDaemonSetSpec(rec(obj['spec']) ?? {}, templateGenerationOf(obj) ?? 0, root('spec')));
  return errs;
}

/** A DaemonSet on update (an old selector's invalid label values stay allowed), and (apps/v1) an immutable selector. */
export function validateDaemonSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  errs.push(...validateTemplateGenerationUpdate(obj, old, root('spec')));
  const spec = rec(obj['spec']) ?? {};
  const oldSpec = rec(old['spec']) ?? {};
  const oldSelector = oldSpec['selector'];
  const opts = templateValidationOptions(spec['template'], oldSpec['template']);
  opts.allowInvalidLabelValueInSelector = (opts.allowInvalidLabelValueInSelector ?? false) || selectorHasInvalidLabelValue(oldSelector);
  errs.push(...validateDaemonSetSpec(spec, templateGenerationOf(obj) ?? 0, root('spec'), opts));
  errs.push(...validateImmutableSelector(spec['selector'], oldSelector, root('spec').child('selector')));
  return errs;
}

/** As validateDaemonSetStatus. */
function validateDaemonSetStatus(status: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
  ]) {
    errs.push(...validateNonnegativeField(num(status[k]) ?? 0, fldPath.child(k)));
  }
  const collisionCount = num(status['collisionCount']);
  if (collisionCount !== undefined) errs.push(...validateNonnegativeField(collisionCount, fldPath.child('collisionCount')));
  return errs;
}

/** A DaemonSet's status update. */
export function validateDaemonSetStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const status = rec(obj['status']) ?? {};
  errs.push(...validateDaemonSetStatus(status, root('status')));
  errs.push(...validateCollisionCountNotDecremented(status, rec(old['status']) ?? {}, root('status')));
  return errs;
}
