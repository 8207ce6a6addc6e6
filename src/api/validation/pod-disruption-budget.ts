/**
 * PodDisruptionBudget validation as pkg/apis/policy/validation. Upstream's strategy checks only the spec; the
 * generic metadata checks run after it, in the registry.
 */
import { duplicate, FieldPath, GoRaw, invalid, notSupported, required, tooLong, type FieldError } from '../field-error.js';
import { regexError, validateLabelName } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { goStruct } from './go-format.js';
import { validateNonnegativeField } from './object-meta.js';
import {
  goPtr,
  isNotMoreThan100Percent,
  num,
  rec,
  recs,
  root,
  selectorHasInvalidLabelValue,
  str,
  validatePositiveIntOrPercent,
  validateSelector,
  type Json,
} from './other-common.js';

const supportedUnhealthyPodEvictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'];

/** %#v of the internal PodDisruptionBudgetSpec: all four fields are pointers, printed as addresses or nil. */
function goPDBSpec(spec: Json): GoRaw {
  const set = (k: string) => spec[k] !== undefined && spec[k] !== null;
  return new GoRaw(
    goStruct('policy.PodDisruptionBudgetSpec', [
      ['MinAvailable', goPtr('intstr.IntOrString', set('minAvailable'), '0xc000a1e100')],
      ['Selector', goPtr('v1.LabelSelector', set('selector'), '0xc000a1e120')],
      ['MaxUnavailable', goPtr('intstr.IntOrString', set('maxUnavailable'), '0xc000a1e140')],
      ['UnhealthyPodEvictionPolicy', goPtr('policy.UnhealthyPodEvictionPolicyType', set('unhealthyPodEvictionPolicy'), '0xc000a1e160')],
    ]),
  );
}

/** As ValidatePodDisruptionBudgetSpec: at most one of minAvailable/maxUnavailable, each an int or a percent up to 100%. */
export function validatePodDisruptionBudgetSpec(spec: Json, fldPath: FieldPath, allowInvalidLabelValue = false): FieldError[] {
  const errs: FieldError[] = [];
  const has = (k: string) => spec[k] !== undefined && spec[k] !== null;
  if (has('minAvailable') && has('maxUnavailable')) errs.push(invalid(fldPath, goPDBSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  for (const k of ['minAvailable', 'maxUnavailable']) {
    if (!has(k)) continue;
    errs.push(...validatePositiveIntOrPercent(spec[k], fldPath.child(k)));
    errs.push(...isNotMoreThan100Percent(spec[k], fldPath.child(k)));
  }
  errs.push(...validateSelector(spec['selector'], fldPath.child('selector'), allowInvalidLabelValue));
  const policy = str(spec['unhealthyPodEvictionPolicy']);
  if (policy !== undefined && !supportedUnhealthyPodEvictionPolicies.includes(policy)) {
    errs.push(notSupported(fldPath.child('unhealthyPodEvictionPolicy'), policy, supportedUnhealthyPodEvictionPolicies));
  }
  return errs;
}

/** A PDB on create. */
export function validatePodDisruptionBudget(obj: KubeObject): FieldError[] {
  return validatePodDisruptionBudgetSpec(rec(obj['spec']) ?? {}, root('spec'));
}

/** A PDB on update: the spec may change (policy/v1); an old selector's invalid label values stay allowed. */
export function validatePodDisruptionBudgetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const allowInvalid = selectorHasInvalidLabelValue(rec(old['spec'])?.['selector']);
  return validatePodDisruptionBudgetSpec(rec(obj['spec']) ?? {}, root('spec'), allowInvalid);
}

const conditionReasonFmt = '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?';
const conditionReasonRe = new RegExp(`^${conditionReasonFmt}$`);
const conditionReasonErrMsg =
  "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'";

/** As metav1validation.ValidateConditions: unique types, each a valid metav1.Condition. */
export function validateConditions(conditions: Json[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  conditions.forEach((c, i) => {
    const p = fldPath.index(i);
    const type = str(c['type']) ?? '';
    if (seen.has(type)) errs.push(duplicate(p.child('type'), type));
    else seen.add(type);
    errs.push(...validateLabelName(type, p.child('type')));
    const status = str(c['status']) ?? '';
    if (!['False', 'True', 'Unknown'].includes(status)) errs.push(notSupported(p.child('status'), status, ['False', 'True', 'Unknown']));
    const observedGeneration = num(c['observedGeneration']) ?? 0;
    if (observedGeneration < 0) errs.push(invalid(p.child('observedGeneration'), observedGeneration, 'must be greater than or equal to zero'));
    if (!str(c['lastTransitionTime'])) errs.push(required(p.child('lastTransitionTime'), 'must be set'));
    const reason = str(c['reason']) ?? '';
    if (reason.length === 0) errs.push(required(p.child('reason'), 'must be set'));
    else {
      if (!conditionReasonRe.test(reason)) {
        errs.push(invalid(p.child('reason'), reason, regexError(conditionReasonErrMsg, conditionReasonFmt, 'my_name', 'MY_NAME', 'MyName', 'ReasonA,ReasonB', 'ReasonA:ReasonB')));
      }
      if (reason.length > 1024) errs.push(tooLong(p.child('reason'), '', 1024));
    }
    if ((str(c['message']) ?? '').length > 32 * 1024) errs.push(tooLong(p.child('message'), '', 32 * 1024));
  });
  return errs;
}

/** A PDB's status update: valid conditions, counts not negative. */
export function validatePodDisruptionBudgetStatusUpdate(obj: KubeObject): FieldError[] {
  const status = rec(obj['status']) ?? {};
  const p = root('status');
  const errs = validateConditions(recs(status['conditions']), p.child('conditions'));
  for (const k of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) {
    errs.push(...validateNonnegativeField(num(status[k]) ?? 0, p.child(k)));
  }
  return errs;
}
