/** PriorityClass validation as pkg/apis/scheduling/validation: user classes top out at one billion, `system-` names are reserved. */
import { forbidden, notSupported, required, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { metaOf, num, root, str } from './other-common.js';

export const HighestUserDefinablePriority = 1000000000;
export const SystemCriticalPriority = 2 * HighestUserDefinablePriority;
export const SystemPriorityClassPrefix = 'system-';

/** The classes the cluster creates at bootstrap; only they may carry the `system-` prefix. */
export const systemPriorityClasses = [
  { name: 'system-node-critical', value: SystemCriticalPriority + 1000, globalDefault: false },
  { name: 'system-cluster-critical', value: SystemCriticalPriority, globalDefault: false },
] as const;

/** As IsKnownSystemPriorityClass: why a `system-` class is not one of the system classes, or undefined when it is. */
function unknownSystemPriorityClass(name: string, value: number, globalDefault: boolean): string | undefined {
  const spc = systemPriorityClasses.find((c) => c.name === name);
  if (!spc) return `${name} is not a known system priority class`;
  if (spc.value !== value) return `value of ${spc.name} PriorityClass must be ${spc.value}`;
  if (spc.globalDefault !== globalDefault) return `globalDefault of ${spc.name} PriorityClass must be ${spc.globalDefault}`;
  return undefined;
}

/** As core's ValidatePreemptionPolicy. */
function validatePreemptionPolicy(policy: string): FieldError[] {
  const p = root('preemptionPolicy');
  if (policy === 'PreemptLowerPriority' || policy === 'Never') return [];
  if (policy === '') return [required(p, '')];
  return [notSupported(p, policy, ['PreemptLowerPriority', 'Never'])];
}

/** A PriorityClass on create. */
export function validatePriorityClass(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain, root('metadata'));
  const name = metaOf(obj).name ?? '';
  const value = num(obj['value']) ?? 0;
  if (name.startsWith(SystemPriorityClassPrefix)) {
    const why = unknownSystemPriorityClass(name, value, obj['globalDefault'] === true);
    if (why) {
      errs.push(
        forbidden(root('metadata').child('name'), `priority class names with '${SystemPriorityClassPrefix}' prefix are reserved for system use only. error: ${why}`),
      );
    }
  } else if (value > HighestUserDefinablePriority) {
    errs.push(forbidden(root('value'), `maximum allowed value of a user defined priority is ${HighestUserDefinablePriority}`));
  }
  const policy = str(obj['preemptionPolicy']);
  if (policy !== undefined) errs.push(...validatePreemptionPolicy(policy));
  return errs;
}

/** A PriorityClass on update: value and preemptionPolicy are fixed (description and globalDefault may change). */
export function validatePriorityClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  if ((num(obj['value']) ?? 0) !== (num(old['value']) ?? 0)) errs.push(forbidden(root('value'), 'may not be changed in an update.'));
  const policy = str(obj['preemptionPolicy']);
  errs.push(...validateImmutableField(policy ?? null, str(old['preemptionPolicy']) ?? null, root('preemptionPolicy')));
  return errs;
}
