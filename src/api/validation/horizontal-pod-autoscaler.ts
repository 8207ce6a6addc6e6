/** HorizontalPodAutoscaler validation as pkg/apis/autoscaling/validation, on autoscaling/v2 JSON (v1's CPU target is converted first). */
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { isValidPathSegmentName, nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { tryParseQuantity } from '../../util/quantity.js';
import { validateDNS1123Label } from './common.js';
import { goQuantity } from './go-format.js';
import { validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { num, rec, recs, root, str, type Json } from './other-common.js';
import { validateContainerResourceName } from './resources.js';

export const MaxPeriodSeconds = 1800;
export const MaxStabilizationWindowSeconds = 3600;

const validMetricSourceTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const validSelectPolicyTypes = ['Disabled', 'Max', 'Min'];
const validPolicyTypes = ['Percent', 'Pods'];

/**
 * The spec as the internal type holds it: autoscaling/v1's targetCPUUtilizationPercentage becomes a Resource
 * metric on cpu, as conversion does; v2 specs are used as they are.
 */
export function internalHPASpec(obj: KubeObject): Json {
  const spec = rec(obj['spec']) ?? {};
  if (obj.apiVersion !== 'autoscaling/v1') return spec;
  const { targetCPUUtilizationPercentage: cpu, ...rest } = spec;
  const metrics =
    typeof cpu === 'number'
      ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }]
      : [];
  return { ...rest, metrics };
}

/** As ValidateCrossVersionObjectReference: kind and name required, both usable as URL path segments. */
export function validateCrossVersionObjectReference(ref: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of ['kind', 'name']) {
    const v = str(ref[k]) ?? '';
    if (v.length === 0) errs.push(required(fldPath.child(k), ''));
    else for (const msg of isValidPathSegmentName(v)) errs.push(invalid(fldPath.child(k), v, msg));
  }
  return errs;
}

/** A quantity's value as a field error prints a *resource.Quantity (dereferenced: %#v of its fields). */
function quantityFieldErrors(raw: unknown, fldPath: FieldPath): FieldError[] {
  if (raw === undefined || raw === null) return [];
  const q = tryParseQuantity(raw);
  if (q && q.sign() === 1) return [];
  return [invalid(fldPath, goQuantity(raw), 'must be positive')];
}

function validateMetricTarget(target: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(target['type']) ?? '';
  if (type.length === 0) errs.push(required(fldPath.child('type'), 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
    errs.push(invalid(fldPath.child('type'), type, 'must be either Utilization, Value, or AverageValue'));
  }
  errs.push(...quantityFieldErrors(target['value'], fldPath.child('value')));
  errs.push(...quantityFieldErrors(target['averageValue'], fldPath.child('averageValue')));
  const utilization = num(target['averageUtilization']);
  if (utilization !== undefined && utilization < 1) errs.push(invalid(fldPath.child('averageUtilization'), utilization, 'must be greater than 0'));
  return errs;
}

function validateMetricIdentifier(id: Json, fldPath: FieldPath): FieldError[] {
  const name = str(id['name']) ?? '';
  if (name.length === 0) return [required(fldPath.child('name'), 'must specify a metric name')];
  return isValidPathSegmentName(name).map((msg) => invalid(fldPath.child('name'), name, msg));
}

const has = (o: Json, k: string) => o[k] !== undefined && o[k] !== null;

function validateObjectSource(src: Json, fldPath: FieldPath): FieldError[] {
  const target = rec(src['target']) ?? {};
  const errs = validateCrossVersionObjectReference(rec(src['describedObject']) ?? {}, fldPath.child('describedObject'));
  errs.push(...validateMetricIdentifier(rec(src['metric']) ?? {}, fldPath.child('metric')));
  errs.push(...validateMetricTarget(target, fldPath.child('target')));
  if (!has(target, 'value') && !has(target, 'averageValue')) {
    errs.push(required(fldPath.child('target').child('averageValue'), 'must set either a target value or averageValue'));
  }
  return errs;
}

function validateExternalSource(src: Json, fldPath: FieldPath): FieldError[] {
  const target = rec(src['target']) ?? {};
  const errs = validateMetricIdentifier(rec(src['metric']) ?? {}, fldPath.child('metric'));
  errs.push(...validateMetricTarget(target, fldPath.child('target')));
  if (!has(target, 'value') && !has(target, 'averageValue')) {
    errs.push(required(fldPath.child('target').child('averageValue'), 'must set either a target value for metric or a per-pod target'));
  }
  if (has(target, 'value') && has(target, 'averageValue')) {
    errs.push(forbidden(fldPath.child('target').child('value'), 'may not set both a target value for metric and a per-pod target'));
  }
  return errs;
}

function validatePodsSource(src: Json, fldPath: FieldPath): FieldError[] {
  const target = rec(src['target']) ?? {};
  const errs = validateMetricIdentifier(rec(src['metric']) ?? {}, fldPath.child('metric'));
  errs.push(...validateMetricTarget(target, fldPath.child('target')));
  if (!has(target, 'averageValue')) errs.push(required(fldPath.child('target').child('averageValue'), 'must specify a positive target averageValue'));
  return errs;
}

function validateUtilizationOrValue(target: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!has(target, 'averageUtilization') && !has(target, 'averageValue')) {
    errs.push(required(fldPath.child('target').child('averageUtilization'), 'must set either a target raw value or a target utilization'));
  }
  if (has(target, 'averageUtilization') && has(target, 'averageValue')) {
    errs.push(forbidden(fldPath.child('target').child('averageValue'), 'may not set both a target raw value and a target utilization'));
  }
  return errs;
}

function validateContainerResourceSource(src: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(src['name']) ?? '';
  if (name.length === 0) errs.push(required(fldPath.child('name'), 'must specify a resource name'));
  else errs.push(...validateContainerResourceName(name, fldPath.child('name')));
  const container = str(src['container']) ?? '';
  if (container.length === 0) errs.push(required(fldPath.child('container'), 'must specify a container'));
  else errs.push(...validateDNS1123Label(container, fldPath.child('container')));
  const target = rec(src['target']) ?? {};
  errs.push(...validateMetricTarget(target, fldPath.child('target')));
  errs.push(...validateUtilizationOrValue(target, fldPath));
  return errs;
}

function validateResourceSource(src: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if ((str(src['name']) ?? '').length === 0) errs.push(required(fldPath.child('name'), 'must specify a resource name'));
  const target = rec(src['target']) ?? {};
  errs.push(...validateMetricTarget(target, fldPath.child('target')));
  errs.push(...validateUtilizationOrValue(target, fldPath));
  return errs;
}

const sourceValidators: readonly [string, (src: Json, p: FieldPath) => FieldError[]][] = [
  ['object', validateObjectSource],
  ['external', validateExternalSource],
  ['pods', validatePodsSource],
  ['resource', validateResourceSource],
  ['containerResource', validateContainerResourceSource],
];

const fieldOfType: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

/** As validateMetricSpec: a known type whose source (and only it) is filled in. */
function validateMetricSpec(spec: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec['type']) ?? '';
  if (type.length === 0) errs.push(required(fldPath.child('type'), 'must specify a metric source type'));
  if (!validMetricSourceTypes.includes(type)) errs.push(notSupported(fldPath.child('type'), type, validMetricSourceTypes));
  const present: string[] = [];
  for (const [field, validate] of sourceValidators) {
    const src = rec(spec[field]);
    if (!src) continue;
    present.push(field);
    // Only the first source given is validated.
    if (present.length === 1) errs.push(...validate(src, fldPath.child(field)));
  }
  const expected = fieldOfType[type];
  if (expected === undefined) errs.push(notSupported(fldPath.child('type'), type, validMetricSourceTypes));
  else if (!rec(spec[expected])) errs.push(required(fldPath.child(expected), 'must populate information for the given metric source'));
  if (present.length !== 1) {
    // Upstream walks a Go set (random order); sorted here.
    for (const field of present.filter((f) => f !== expected).sort()) {
      errs.push(forbidden(fldPath.child(field), 'must populate the given metric source only'));
    }
  }
  return errs;
}

function validateMetrics(metrics: Json[], fldPath: FieldPath, minReplicas: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  let objectOrExternal = false;
  metrics.forEach((m, i) => {
    errs.push(...validateMetricSpec(m, fldPath.index(i)));
    if (m['type'] === 'Object' || m['type'] === 'External') objectOrExternal = true;
  });
  if (minReplicas === 0 && !objectOrExternal) {
    errs.push(forbidden(fldPath, 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  return errs;
}

function validateScalingRules(rules: Json | undefined, fldPath: FieldPath): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const window = num(rules['stabilizationWindowSeconds']);
  if (window !== undefined && window < 0) errs.push(invalid(fldPath.child('stabilizationWindowSeconds'), window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > MaxStabilizationWindowSeconds) {
    errs.push(invalid(fldPath.child('stabilizationWindowSeconds'), window, `must be less than or equal to ${MaxStabilizationWindowSeconds}`));
  }
  const selectPolicy = str(rules['selectPolicy']);
  if (selectPolicy !== undefined && !validSelectPolicyTypes.includes(selectPolicy)) {
    errs.push(notSupported(fldPath.child('selectPolicy'), selectPolicy, validSelectPolicyTypes));
  }
  const policiesPath = fldPath.child('policies');
  const policies = recs(rules['policies']);
  if (policies.length === 0) errs.push(required(policiesPath, 'must specify at least one Policy'));
  policies.forEach((policy, i) => {
    const p = policiesPath.index(i);
    const type = str(policy['type']) ?? '';
    if (type !== 'Pods' && type !== 'Percent') errs.push(notSupported(p.child('type'), type, validPolicyTypes));
    const value = num(policy['value']) ?? 0;
    if (value <= 0) errs.push(invalid(p.child('value'), value, 'must be greater than zero'));
    const period = num(policy['periodSeconds']) ?? 0;
    if (period <= 0) errs.push(invalid(p.child('periodSeconds'), period, 'must be greater than zero'));
    if (period > MaxPeriodSeconds) errs.push(invalid(p.child('periodSeconds'), period, `must be less than or equal to ${MaxPeriodSeconds}`));
  });
  return errs;
}

/** As validateHorizontalPodAutoscalerSpec; minReplicas may be 0 only with HPAScaleToZero (alpha, off) or when it already was. */
export function validateHorizontalPodAutoscalerSpec(spec: Json, fldPath: FieldPath, minReplicasLowerBound: number): FieldError[] {
  const errs: FieldError[] = [];
  const minReplicas = num(spec['minReplicas']);
  const maxReplicas = num(spec['maxReplicas']) ?? 0;
  if (minReplicas !== undefined && minReplicas < minReplicasLowerBound) {
    errs.push(invalid(fldPath.child('minReplicas'), minReplicas, `must be greater than or equal to ${minReplicasLowerBound}`));
  }
  if (maxReplicas < 1) errs.push(invalid(fldPath.child('maxReplicas'), maxReplicas, 'must be greater than 0'));
  if (minReplicas !== undefined && maxReplicas < minReplicas) {
    errs.push(invalid(fldPath.child('maxReplicas'), maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
  errs.push(...validateCrossVersionObjectReference(rec(spec['scaleTargetRef']) ?? {}, fldPath.child('scaleTargetRef')));
  errs.push(...validateMetrics(recs(spec['metrics']), fldPath.child('metrics'), minReplicas));
  const behavior = rec(spec['behavior']);
  if (behavior) {
    errs.push(...validateScalingRules(rec(behavior['scaleUp']), fldPath.child('behavior').child('scaleUp')));
    errs.push(...validateScalingRules(rec(behavior['scaleDown']), fldPath.child('behavior').child('scaleDown')));
  }
  return errs;
}

/** An HPA on create. */
export function validateHorizontalPodAutoscaler(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateHorizontalPodAutoscalerSpec(internalHPASpec(obj), root('spec'), 1));
  return errs;
}

/** An HPA on update (minReplicas 0 stays allowed for an HPA that already had it). */
export function validateHorizontalPodAutoscalerUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const lowerBound = num(internalHPASpec(old)['minReplicas']) === 0 ? 0 : 1;
  errs.push(...validateHorizontalPodAutoscalerSpec(internalHPASpec(obj), root('spec'), lowerBound));
  return errs;
}

/** An HPA's status update: replica counts not negative. */
export function validateHorizontalPodAutoscalerStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const status = rec(obj['status']) ?? {};
  errs.push(...validateNonnegativeField(num(status['currentReplicas']) ?? 0, root('status').child('currentReplicas')));
  errs.push(...validateNonnegativeField(num(status['desiredReplicas']) ?? 0, root('status').child('desiredReplicas')));
  return errs;
}
