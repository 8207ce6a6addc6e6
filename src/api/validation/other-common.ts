/** Pieces the non-core validators share: reading defaulted v1 JSON without crashing, and Go's %#v of the structs they print. */
import { ErrorType, FieldError, FieldPath, GoRaw, goQuote, invalid, required } from '../field-error.js';
import { labelSelectorAsSelector, LabelSelectorError, validateLabelSelector, type MetaLabelSelector } from '../label-selector.js';
import { isDNS1123Subdomain, isValidLabelValue, regexError } from '../name-validation.js';
import type { KubeObject, ObjectMeta } from '../object.js';
import { deepEqual } from '../object.js';
import { FieldImmutableErrorMsg } from './object-meta.js';
import { goIntOrString, goNilPtr, goStruct } from './go-format.js';
import { podValidationOptions } from './pod.js';
import type { PodValidationOptions } from './pod-validation-options.js';

export type Json = Record<string, unknown>;

/** The value as a JSON object, or undefined (missing, null, or not an object). */
export const rec = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
/** The value as an array, or undefined. */
export const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
/** The value as a string, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The value as a number, or undefined. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
/** The value as a map of strings (labels, annotations, parameters), or undefined. */
export const strMap = (v: unknown): Record<string, string> | undefined => rec(v) as Record<string, string> | undefined;
/** An object's metadata, never undefined. */
export const metaOf = (o: Json): ObjectMeta => (rec(o['metadata']) ?? {}) as ObjectMeta;
/** The array's entries as objects (a null entry reads as an empty object, as Go's zero value). */
export const recs = (v: unknown): Json[] => (arr(v) ?? []).map((e) => rec(e) ?? {});
/** A list of strings (non-strings dropped). */
export const strs = (v: unknown): string[] => (arr(v) ?? []).filter((e): e is string => typeof e === 'string');

/** A field at the root of an object (`spec`, `rules`, `roleRef`). */
export const root = (name: string) => FieldPath.root(name);

/** A plausible address for a non-nil pointer inside a %#v struct (Go prints the address, nobody can predict it). */
export const goPtr = (type: string, present: boolean, addr = '0xc000a1e100') => (present ? `(*${type})(${addr})` : goNilPtr(type));

/** %#v of a map[string]string: `map[string]string{"a":"b"}`, `map[string]string{}` or `map[string]string(nil)`. */
export function goStringMap(m: unknown): string {
  const r = rec(m);
  if (!r) return 'map[string]string(nil)';
  const keys = Object.keys(r).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(r[k] ?? ''))}`).join(', ')}}`;
}

/** %#v of a []string inside a struct (nil when absent, `[]string{}` when empty). */
export function goStrings(v: unknown): string {
  const a = arr(v);
  if (!a) return '[]string(nil)';
  return `[]string{${a.map((s) => goQuote(String(s))).join(', ')}}`;
}

/** %#v of a v1.LabelSelector value, as field errors print a *metav1.LabelSelector (dereferenced, not a Stringer by value). */
export function goLabelSelector(sel: unknown): GoRaw {
  const s = rec(sel) ?? {};
  const exprs = arr(s['matchExpressions']);
  const exprText = exprs
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => {
          const r = rec(e) ?? {};
          return goStruct('v1.LabelSelectorRequirement', [
            ['Key', goQuote(str(r['key']) ?? '')],
            ['Operator', goQuote(str(r['operator']) ?? '')],
            ['Values', goStrings(r['values'])],
          ]);
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoRaw(goStruct('v1.LabelSelector', [['MatchLabels', goStringMap(s['matchLabels'])], ['MatchExpressions', exprText]]));
}

/** A label map as a field error prints it: `map[string]string{"app":"x"}`, or `map[string]string(nil)` when absent. */
export const goLabels = (labels: unknown) => new GoRaw(goStringMap(labels));

/** Whether metav1.LabelSelectorAsSelector fails on this selector (a bad key, value or operator). */
export function selectorConversionFails(sel: unknown): boolean {
  try {
    labelSelectorAsSelector(rec(sel) as MetaLabelSelector | undefined);
    return false;
  } catch (e) {
    if (e instanceof LabelSelectorError) return true;
    throw e;
  }
}

/** Whether a selector (nil selects nothing, `{}` everything) matches the labels; a selector that fails to convert matches nothing. */
export function selectorMatches(sel: unknown, labels: unknown): boolean {
  try {
    return labelSelectorAsSelector(rec(sel) as MetaLabelSelector | undefined).matches(strMap(labels));
  } catch (e) {
    if (e instanceof LabelSelectorError) return false;
    throw e;
  }
}

/** Whether the selector converts to one that selects everything (`{}`), as labels.Selector.Empty(). */
export function selectorIsEmpty(sel: unknown): boolean {
  try {
    return labelSelectorAsSelector(rec(sel) as MetaLabelSelector | undefined).isEmpty();
  } catch (e) {
    if (e instanceof LabelSelectorError) return false;
    throw e;
  }
}

/** A label selector as metav1validation.ValidateLabelSelector sees it (nil is fine there). */
export function validateSelector(sel: unknown, fldPath: FieldPath, allowInvalidLabelValue = false): FieldError[] {
  return validateLabelSelector(rec(sel) as MetaLabelSelector | undefined, { allowInvalidLabelValueInSelector: allowInvalidLabelValue }, fldPath);
}

/** Whether a selector holds a matchExpressions value that is not a valid label value (kept valid on update for old objects). */
export function selectorHasInvalidLabelValue(sel: unknown): boolean {
  return recs(rec(sel)?.['matchExpressions']).some((e) => strs(e['values']).some((v) => isValidLabelValue(v).length > 0));
}

/**
 * The selector rules Deployment, ReplicaSet and StatefulSet share: required, strictly valid, not empty
 * (`empty selector is invalid for <what>`).
 */
export function validateRequiredSelector(sel: unknown, fldPath: FieldPath, emptyMessage: string): FieldError[] {
  const s = rec(sel);
  if (!s) return [required(fldPath, '')];
  const errs = validateSelector(s, fldPath);
  if (Object.keys(rec(s['matchLabels']) ?? {}).length + (arr(s['matchExpressions']) ?? []).length === 0) {
    errs.push(invalid(fldPath, goLabelSelector(s), emptyMessage));
  }
  return errs;
}

/** As ValidateImmutableField for a selector: `Invalid value: v1.LabelSelector{...}: field is immutable`. */
export function validateImmutableSelector(newSel: unknown, oldSel: unknown, fldPath: FieldPath): FieldError[] {
  if (deepEqual(normalizeSelector(newSel), normalizeSelector(oldSel))) return [];
  return [invalid(fldPath, rec(newSel) ? goLabelSelector(newSel) : null, FieldImmutableErrorMsg)];
}

// apiequality.Semantic: nil and empty matchLabels/matchExpressions differ in Go, but JSON round trips drop empties.
function normalizeSelector(sel: unknown): unknown {
  const s = rec(sel);
  if (!s) return undefined;
  const out: Json = {};
  const ml = rec(s['matchLabels']);
  if (ml && Object.keys(ml).length) out['matchLabels'] = ml;
  const me = arr(s['matchExpressions']);
  if (me && me.length) out['matchExpressions'] = me;
  return out;
}

// ---- int-or-percent (apps' ValidatePositiveIntOrPercent family, also used by policy) ----

/** An intstr.IntOrString as a field error prints it (by value: `intstr.IntOrString{Type:1, IntVal:0, StrVal:"5%"}`). */
export const goIntStr = (v: unknown) => new GoRaw(goIntOrString(v));

const percentFmt = '[0-9]+%';
const percentRe = /^[0-9]+%$/;

/** As util/validation's IsValidPercent. */
export function isValidPercent(percent: string): string[] {
  if (percentRe.test(percent)) return [];
  return [`a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '${percentFmt}')`];
}

/** The number in "50%", or undefined for an int or an invalid percent (as getPercentValue). */
export function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length) return undefined;
  return Number.parseInt(v.slice(0, -1), 10);
}

/** The value of an int-or-percent as getIntOrPercentValue: the percentage number, the int, or 0 for a bad string (IntValue). */
export function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = Number.parseInt(v, 10);
    return /^[+-]?[0-9]+$/.test(v) && Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** As apps' ValidatePositiveIntOrPercent: an int >= 0 or a valid percent string. */
export function validatePositiveIntOrPercent(v: unknown, fldPath: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((msg) => invalid(fldPath, goIntStr(v), msg));
  // A missing value is the zero IntOrString (an int 0).
  const n = num(v) ?? 0;
  return n < 0 ? [invalid(fldPath, n, 'must be greater than or equal to 0')] : [];
}

/** As apps' IsNotMoreThan100Percent. */
export function isNotMoreThan100Percent(v: unknown, fldPath: FieldPath): FieldError[] {
  const p = percentValue(v);
  if (p === undefined || p <= 100) return [];
  return [invalid(fldPath, goIntStr(v), 'must not be greater than 100%')];
}

// ---- values upstream prints without their value ----

/** A field error whose value is omitted (field.OmitValueType): `path: Invalid value: detail`. */
class OmittedValueError extends FieldError {
  override body(): string {
    return this.detail ? `Invalid value: ${this.detail}` : 'Invalid value';
  }
}

/** field.Invalid(path, field.OmitValueType{}, detail). */
export const invalidOmitValue = (p: FieldPath, detail: string): FieldError => new OmittedValueError(ErrorType.Invalid, p.toString(), '', detail);

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${httpPathFmt}$`);

/** As util/validation's IsDomainPrefixedPath (`acme.io/foo`): Job's managedBy, IngressClass's controller. */
export function isDomainPrefixedPath(fldPath: FieldPath, dpPath: string): FieldError[] {
  if (dpPath.length === 0) return [required(fldPath, '')];
  const i = dpPath.indexOf('/');
  const host = i < 0 ? dpPath : dpPath.slice(0, i);
  const path = i < 0 ? '' : dpPath.slice(i + 1);
  if (i < 0 || host.length === 0 || path.length === 0) {
    return [invalid(fldPath, dpPath, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const errs = isDNS1123Subdomain(host).map((m) => invalid(fldPath, host, m));
  if (!httpPathRe.test(path)) errs.push(invalid(fldPath, path, regexError('Invalid path', httpPathFmt)));
  return errs;
}

/**
 * Pod validation options for a workload's template, lenient about what the old template already had
 * (as GetValidationOptionsFromPodTemplate).
 */
export function templateValidationOptions(template: unknown, oldTemplate?: unknown): PodValidationOptions {
  const asPod = (t: unknown): KubeObject => {
    const r = rec(t) ?? {};
    return { apiVersion: 'v1', kind: 'Pod', metadata: (rec(r['metadata']) ?? {}) as ObjectMeta, spec: rec(r['spec']) ?? {} };
  };
  return podValidationOptions(asPod(template), oldTemplate === undefined ? undefined : asPod(oldTemplate), false);
}
