/** StatefulSet validation as pkg/apis/apps/validation (ValidateStatefulSet*): what may change after create is a short list. */
import { FieldPath, forbidden, GoRaw, goQuote, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { nameIsDNSLabel, validateLabels } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { validateCollisionCountNotDecremented } from './deployment.js';
import { goIntOrString, goStruct } from './go-format.js';
import { validateAnnotations, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import {
  goLabels,
  goLabelSelector,
  goPtr,
  intOrPercentValue,
  isNotMoreThan100Percent,
  num,
  rec,
  root,
  selectorConversionFails,
  selectorIsEmpty,
  selectorMatches,
  str,
  validatePositiveIntOrPercent,
  validateRequiredSelector,
  type Json,
} from './other-common.js';
import { validatePodSpecificAnnotations } from './pod-spec.js';

/** The spec fields an update may change, as upstream's message lists them. */
export const StatefulSetMutableFieldsMessage =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/**
 * As ValidatePodTemplateSpecForStatefulSet: labels must match the selector; upstream checks only the template's
 * labels and annotations here, not its pod spec (a long-standing TODO there).
 */
function validatePodTemplateSpecForStatefulSet(template: Json, selector: unknown, fldPath: FieldPath): FieldError[] {
  const meta = rec(template['metadata']) ?? {};
  const errs: FieldError[] = [];
  if (!selectorIsEmpty(selector) && !selectorMatches(selector, meta['labels'])) {
    errs.push(invalid(fldPath.child('metadata', 'labels'), goLabels(meta['labels']), '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabels(rec(meta['labels']) as Record<string, string> | undefined, fldPath.child('labels')));
  const annotations = rec(meta['annotations']) as Record<string, string> | undefined;
  errs.push(...validateAnnotations(annotations, fldPath.child('annotations')));
  errs.push(...validatePodSpecificAnnotations(annotations, rec(template['spec']) ?? {}, fldPath.child('annotations')));
  return errs;
}

function validatePVCRetentionPolicyType(policy: unknown, fldPath: FieldPath): FieldError[] {
  const v = str(policy) ?? '';
  return v === 'Retain' || v === 'Delete' ? [] : [notSupported(fldPath, v, ['Retain', 'Delete'])];
}

function goRollingUpdateStatefulSet(ru: Json): GoRaw {
  return new GoRaw(
    goStruct('apps.RollingUpdateStatefulSetStrategy', [
      ['Partition', String(num(ru['partition']) ?? 0)],
      ['MaxUnavailable', goPtr('intstr.IntOrString', ru['maxUnavailable'] != null)],
    ]),
  );
}

/** As validateRollingUpdateStatefulSet. */
function validateRollingUpdateStatefulSet(ru: Json, fldPath: FieldPath): FieldError[] {
  const errs = validateNonnegativeField(num(ru['partition']) ?? 0, fldPath.child('partition'));
  const maxUnavailable = ru['maxUnavailable'];
  if (maxUnavailable != null) {
    const p = fldPath.child('maxUnavailable');
    errs.push(...validatePositiveIntOrPercent(maxUnavailable, p));
    if (intOrPercentValue(maxUnavailable) === 0) errs.push(invalid(p, new GoRaw(goIntOrString(maxUnavailable)), 'cannot be 0'));
    errs.push(...isNotMoreThan100Percent(maxUnavailable, p));
  }
  return errs;
}

/** As ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const policy = str(spec['podManagementPolicy']) ?? '';
  if (policy === '') errs.push(required(fldPath.child('podManagementPolicy'), ''));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid(fldPath.child('podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"));
  }

  const strategy = rec(spec['updateStrategy']) ?? {};
  const strategyType = str(strategy['type']) ?? '';
  const ru = rec(strategy['rollingUpdate']);
  switch (strategyType) {
    case '':
      errs.push(required(fldPath.child('updateStrategy'), ''));
      break;
    case 'OnDelete':
      if (ru) errs.push(invalid(fldPath.child('updateStrategy').child('rollingUpdate'), goRollingUpdateStatefulSet(ru), "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case 'RollingUpdate':
      if (ru) errs.push(...validateRollingUpdateStatefulSet(ru, fldPath.child('updateStrategy', 'rollingUpdate')));
      break;
    default: {
      const printed = new GoRaw(
        goStruct('apps.StatefulSetUpdateStrategy', [
          ['Type', goQuote(strategyType)],
          ['RollingUpdate', goPtr('apps.RollingUpdateStatefulSetStrategy', ru !== undefined)],
        ]),
      );
      errs.push(invalid(fldPath.child('updateStrategy'), printed, "must be 'RollingUpdate' or 'OnDelete'"));
    }
  }

  const retention = rec(spec['persistentVolumeClaimRetentionPolicy']);
  if (retention) {
    const p = fldPath.child('persistentVolumeClaimRetentionPolicy');
    errs.push(...validatePVCRetentionPolicyType(retention['whenDeleted'], p.child('whenDeleted')));
    errs.push(...validatePVCRetentionPolicyType(retention['whenScaled'], p.child('whenScaled')));
  }

  errs.push(...validateNonnegativeField(num(spec['replicas']) ?? 0, fldPath.child('replicas')));
  errs.push(...validateNonnegativeField(num(spec['minReadySeconds']) ?? 0, fldPath.child('minReadySeconds')));
  const ordinals = rec(spec['ordinals']);
  if (ordinals) errs.push(...validateNonnegativeField(num(ordinals['start']) ?? 0, fldPath.child('ordinals.start')));

  const selector = spec['selector'];
  errs.push(...validateRequiredSelector(selector, fldPath.child('selector'), 'empty selector is invalid for statefulset'));
  const template = rec(spec['template']) ?? {};
  if (selectorConversionFails(selector)) errs.push(invalid(fldPath.child('selector'), goLabelSelector(selector), ''));
  else errs.push(...validatePodTemplateSpecForStatefulSet(template, selector, fldPath.child('template')));

  const podSpec = rec(template['spec']) ?? {};
  const restartPolicy = str(podSpec['restartPolicy']) ?? '';
  if (restartPolicy !== 'Always') errs.push(notSupported(fldPath.child('template', 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (podSpec['activeDeadlineSeconds'] != null) {
    errs.push(forbidden(fldPath.child('template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** A StatefulSet on create (its name must be a DNS label: pods are named after it). */
export function validateStatefulSet(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSLabel, root('metadata'));
  errs.push(...validateStatefulSetSpec(rec(obj['spec']) ?? {}, root('spec')));
  return errs;
}

const mutableSpecFields = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

const withoutMutable = (spec: Json) => Object.fromEntries(Object.entries(spec).filter(([k, v]) => !mutableSpecFields.includes(k) && v !== undefined));

/** A StatefulSet on update: the spec rules (not the name, which may predate the DNS-label rule), then only the mutable fields may differ. */
export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const spec = rec(obj['spec']) ?? {};
  errs.push(...validateStatefulSetSpec(spec, root('spec')));
  if (!deepEqual(withoutMutable(spec), withoutMutable(rec(old['spec']) ?? {}))) {
    errs.push(forbidden(root('spec'), StatefulSetMutableFieldsMessage));
  }
  return errs;
}

/** As ValidateStatefulSetStatus. */
function validateStatefulSetStatus(status: Json, fldPath: FieldPath): FieldError[] {
  const n = (k: string) => num(status[k]) ?? 0;
  const errs: FieldError[] = [];
  for (const k of ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) {
    errs.push(...validateNonnegativeField(n(k), fldPath.child(k)));
  }
  for (const k of ['observedGeneration', 'collisionCount']) {
    const v = num(status[k]);
    if (v !== undefined) errs.push(...validateNonnegativeField(v, fldPath.child(k)));
  }
  const msg = 'cannot be greater than status.replicas';
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) {
    if (n(k) > n('replicas')) errs.push(invalid(fldPath.child(k), n(k), msg));
  }
  if (n('availableReplicas') > n('readyReplicas')) {
    errs.push(invalid(fldPath.child('availableReplicas'), n('availableReplicas'), 'cannot be greater than status.readyReplicas'));
  }
  return errs;
}

/** A StatefulSet's status update. */
export function validateStatefulSetStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const status = rec(obj['status']) ?? {};
  const errs = validateStatefulSetStatus(status, root('status'));
  errs.push(...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata')));
  errs.push(...validateCollisionCountNotDecremented(status, rec(old['status']) ?? {}, root('status')));
  return errs;
}
