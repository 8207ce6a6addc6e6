/** LimitRanges as core's ValidateLimitRange: known types once each, valid resource names, and min <= defaultRequest <= default <= max. */
import { FieldPath, duplicate, forbidden, invalid, required, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { isQualifiedName, nameIsDNSSubdomain } from '../name-validation.js';
import { tryParseQuantity, newQuantity, type Quantity } from '../../util/quantity.js';
import { goQuantity } from './go-format.js';
import { validateObjectMeta } from './object-meta.js';
import { isOvercommitAllowed, validateContainerResourceName, validateResourceName } from './resources.js';

interface LimitItem {
  type?: string;
  max?: Record<string, unknown>;
  min?: Record<string, unknown>;
  default?: Record<string, unknown>;
  defaultRequest?: Record<string, unknown>;
  maxLimitRequestRatio?: Record<string, unknown>;
}

interface LimitRangeLike extends KubeObject {
  spec?: { limits?: LimitItem[] };
}

const standardLimitTypes = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

function validateLimitRangeTypeName(value: string, p: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((m) => invalid(p, value, m));
  if (errs.length) return errs;
  if (value.split('/').length === 1 && !standardLimitTypes.has(value)) return [invalid(p, value, 'must be a standard limit type or fully qualified')];
  return [];
}

const resourceNameErrors = (type: string, name: string, p: FieldPath) =>
  type === 'Pod' || type === 'Container' ? validateContainerResourceName(name, p) : validateResourceName(name, p);

// Go's %f: six decimals.
const goFloat = (x: number) => (Number.isFinite(x) ? x.toFixed(6) : x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN');

/** A limit range (create and update alike). */
export function validateLimitRange(obj: KubeObject): FieldError[] {
  const lr = obj as LimitRangeLike;
  const errs = validateObjectMeta(lr.metadata, true, nameIsDNSSubdomain);
  const seenTypes = new Set<string>();
  (lr.spec?.limits ?? []).forEach((limit, i) => {
    const p = FieldPath.root('spec', 'limits').index(i);
    const type = limit.type ?? '';
    errs.push(...validateLimitRangeTypeName(type, p.child('type')));
    if (seenTypes.has(type)) errs.push(duplicate(p.child('type'), type));
    seenTypes.add(type);
    const keys = new Set<string>();
    const raw: Record<'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', Record<string, unknown>> = {
      max: {},
      min: {},
      default: {},
      defaultRequest: {},
      maxLimitRequestRatio: {},
    };
    const collect = (field: keyof typeof raw) => {
      const list = limit[field] ?? {};
      for (const k of Object.keys(list).sort()) {
        errs.push(...resourceNameErrors(type, k, p.child(field).key(k)));
        keys.add(k);
        raw[field][k] = list[k];
      }
    };
    collect('max');
    collect('min');
    if (type === 'Pod') {
      if (Object.keys(limit.default ?? {}).length) errs.push(forbidden(p.child('default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(limit.defaultRequest ?? {}).length) errs.push(forbidden(p.child('defaultRequest'), "may not be specified when `type` is 'Pod'"));
    } else {
      collect('default');
      collect('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !('storage' in (limit.min ?? {})) && !('storage' in (limit.max ?? {}))) {
      errs.push(required(p.child('limits'), 'either minimum or maximum storage value is required, but neither was provided'));
    }
    collect('maxLimitRequestRatio');
    for (const k of [...keys].sort()) {
      const q = (f: keyof typeof raw): Quantity | undefined => (k in raw[f] ? tryParseQuantity(raw[f][k]) : undefined);
      const min = q('min');
      const max = q('max');
      const def = q('default');
      const defReq = q('defaultRequest');
      const ratio = q('maxLimitRequestRatio');
      const g = (f: keyof typeof raw) => goQuantity(raw[f][k]);
      if (min && max && min.cmp(max) > 0) errs.push(invalid(p.child('min').key(k), g('min'), `min value ${min} is greater than max value ${max}`));
      if (defReq && min && min.cmp(defReq) > 0) {
        errs.push(invalid(p.child('defaultRequest').key(k), g('defaultRequest'), `min value ${min} is greater than default request value ${defReq}`));
      }
      if (defReq && max && defReq.cmp(max) > 0) {
        errs.push(invalid(p.child('defaultRequest').key(k), g('defaultRequest'), `default request value ${defReq} is greater than max value ${max}`));
      }
      if (defReq && def && defReq.cmp(def) > 0) {
        errs.push(invalid(p.child('defaultRequest').key(k), g('defaultRequest'), `default request value ${defReq} is greater than default limit value ${def}`));
      }
      if (def && min && min.cmp(def) > 0) errs.push(invalid(p.child('default').key(k), g('min'), `min value ${min} is greater than default value ${def}`));
      if (def && max && def.cmp(max) > 0) errs.push(invalid(p.child('default').key(k), g('max'), `default value ${def} is greater than max value ${max}`));
      if (ratio && ratio.cmp(newQuantity(1)) < 0) errs.push(invalid(p.child('maxLimitRequestRatio').key(k), g('maxLimitRequestRatio'), `ratio ${ratio} is less than 1`));
      if (ratio && min && max) {
        const maxMilli = 9223372036854775807 / 1000;
        let ratioValue = ratio.value();
        let minValue = min.value();
        let maxValue = max.value();
        if (ratio.value() < maxMilli && minValue < maxMilli && maxValue < maxMilli) {
          ratioValue = ratio.milliValue() / 1000;
          minValue = min.milliValue();
          maxValue = max.milliValue();
        }
        const limitRatio = maxValue / minValue;
        if (ratioValue > limitRatio) {
          errs.push(invalid(p.child('maxLimitRequestRatio').key(k), g('maxLimitRequestRatio'), `ratio ${ratio} is greater than max/min = ${goFloat(limitRatio)}`));
        }
      }
      if (!isOvercommitAllowed(k) && def && defReq && def.cmp(defReq) !== 0) {
        errs.push(invalid(p.child('defaultRequest').key(k), g('defaultRequest'), `default value ${def} must equal to defaultRequest value ${defReq} in ${k}`));
      }
    }
  });
  return errs;
}

export const limitRangeValidator = { validate: validateLimitRange, validateUpdate: (obj: KubeObject) => validateLimitRange(obj) };
