/** metadata validation as apimachinery's api/validation/objectmeta.go plus core's finalizer rule, with upstream's messages. */
import { FieldPath, GoRaw, forbidden, goQuote, invalid, required, tooLong, type FieldError } from '../field-error.js';
import type { ObjectMeta, OwnerReference } from '../object.js';
import { deepEqual } from '../object.js';
import {
  isQualifiedName,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateLabels,
  type ValidateNameFunc,
} from '../name-validation.js';

export { nameIsDNSLabel, nameIsDNSSubdomain, nameIsDNS1035Label, validateLabels, validateLabelName } from '../name-validation.js';
export type { ValidateNameFunc } from '../name-validation.js';

export const FieldImmutableErrorMsg = 'field is immutable';
export const IsNegativeErrorMsg = 'must be greater than or equal to 0';
export const TotalAnnotationSizeLimitB = 256 * (1 << 10);

/** Namespace names are DNS-1123 labels (apimachinery's ValidateNamespaceName). */
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;
/** ServiceAccount names are DNS-1123 subdomains. */
export const validateServiceAccountName: ValidateNameFunc = nameIsDNSSubdomain;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** As apimachinery's ValidateNonnegativeField. */
export function validateNonnegativeField(value: number, fldPath: FieldPath | string): FieldError[] {
  return value < 0 ? [invalid(fldPath, value, IsNegativeErrorMsg)] : [];
}

/** As apimachinery's ValidateImmutableField: `Invalid value: <new>: field is immutable`. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, fldPath: FieldPath | string): FieldError[] {
  return deepEqual(normalizeEmpty(newVal), normalizeEmpty(oldVal)) ? [] : [invalid(fldPath, newVal, FieldImmutableErrorMsg)];
}

// apiequality.Semantic treats a nil and an empty map or slice alike only when both are empty; JSON drops
// empty maps in places, so treat missing, empty object and empty array as the same "unset".
function normalizeEmpty(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) return undefined;
  return v;
}

/** As core's ValidateImmutableAnnotation: `metadata.annotations.<key>: Invalid value: <new>: field is immutable`. */
export function validateImmutableAnnotation(newVal: string, oldVal: string, annotation: string, fldPath: FieldPath): FieldError[] {
  return newVal === oldVal ? [] : [invalid(fldPath.child('annotations', annotation), newVal, FieldImmutableErrorMsg)];
}

/** Annotation keys (case-insensitive qualified names) and their total size, as apimachinery's ValidateAnnotations. */
export function validateAnnotations(annotations: Record<string, string> | undefined, fldPath: FieldPath | string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(fldPath, k, msg));
    total += byteLength(k) + byteLength(annotations![k] ?? '');
  }
  if (total > TotalAnnotationSizeLimitB) errs.push(tooLong(fldPath, '', TotalAnnotationSizeLimitB));
  return errs;
}

/** Whether an apiVersion/kind names core/v1 Event, which may not own anything. */
const isBannedOwner = (apiVersion: string, kind: string) => apiVersion === 'v1' && kind === 'Event';

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  // schema.ParseGroupVersion as FromAPIVersionAndKind uses it: "" → {}, "v1" → {"", "v1"}, "a/b" → {a, b}, more slashes → error → {}.
  if (apiVersion === '') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

function goOwnerReference(ref: OwnerReference): GoRaw {
  const ptrBool = (b: boolean | undefined) => (b === undefined ? '(*bool)(nil)' : '(*bool)(0xc000a1e0b8)');
  return new GoRaw(
    `v1.OwnerReference{APIVersion:${goQuote(ref.apiVersion ?? '')}, Kind:${goQuote(ref.kind ?? '')}, Name:${goQuote(ref.name ?? '')}, ` +
      `UID:${goQuote(ref.uid ?? '')}, Controller:${ptrBool(ref.controller)}, BlockOwnerDeletion:${ptrBool(ref.blockOwnerDeletion)}}`,
  );
}

function validateOwnerReference(ref: OwnerReference, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const gv = splitApiVersion(ref.apiVersion ?? '');
  if (!gv.version) errs.push(invalid(fldPath.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
  if (!ref.kind) errs.push(invalid(fldPath.child('kind'), ref.kind ?? '', 'must not be empty'));
  if (!ref.name) errs.push(invalid(fldPath.child('name'), ref.name ?? '', 'must not be empty'));
  if (!ref.uid) errs.push(invalid(fldPath.child('uid'), ref.uid ?? '', 'must not be empty'));
  if (isBannedOwner(ref.apiVersion ?? '', ref.kind ?? '')) {
    errs.push(invalid(fldPath, goOwnerReference(ref), '/v1, Kind=Event is disallowed from being an owner'));
  }
  return errs;
}

/** As apimachinery's ValidateOwnerReferences: each reference complete, at most one controller. */
export function validateOwnerReferences(refs: OwnerReference[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, fldPath));
    if (ref.controller === true) {
      const cur = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController !== '') {
        const list = new GoRaw(`[]v1.OwnerReference{${(refs ?? []).map((r) => goOwnerReference(r).text).join(', ')}}`);
        errs.push(
          invalid(fldPath, list, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`),
        );
      } else firstController = cur;
    }
  }
  return errs;
}

/** As apimachinery's ValidateFinalizerName: a qualified name. */
export function validateFinalizerName(value: string, fldPath: FieldPath | string): FieldError[] {
  return isQualifiedName(value).map((msg) => invalid(fldPath, value, msg));
}

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Core's validateKubeFinalizerName: an unqualified finalizer must be one of the standard ones. */
export function validateKubeFinalizerName(value: string, fldPath: FieldPath | string): FieldError[] {
  if (value.split('/').length === 1 && !standardFinalizers.has(value)) {
    return [invalid(fldPath, value, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

/** As apimachinery's ValidateFinalizers (note: every name error carries the list's path, not an index). */
export function validateFinalizers(finalizers: string[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let orphan = false;
  let foreground = false;
  for (const f of finalizers ?? []) {
    errs.push(...validateFinalizerName(f, fldPath));
    if (f === 'orphan') orphan = true;
    if (f === 'foregroundDeletion') foreground = true;
  }
  if (orphan && foreground) {
    errs.push(invalid(fldPath, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

function validateManagedFields(entries: unknown[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((raw, i) => {
    const e = (raw ?? {}) as { operation?: string; fieldsType?: string; manager?: string; subresource?: string };
    const p = fldPath.index(i);
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      errs.push(invalid(p.child('operation'), e.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (e.fieldsType && e.fieldsType !== 'FieldsV1') errs.push(invalid(p.child('fieldsType'), e.fieldsType, 'must be `FieldsV1`'));
    const manager = e.manager ?? '';
    if (manager.length > 128) errs.push(tooLongMsg(p.child('manager'), 128));
    for (const [j, ch] of [...manager].entries()) {
      const c = ch.codePointAt(0)!;
      if (c < 0x20 || c === 0x7f) {
        errs.push(invalid(p.child('manager'), manager, `invalid character U+${c.toString(16).toUpperCase().padStart(4, '0')} (at position ${j})`));
      }
    }
    if ((e.subresource ?? '').length > 256) errs.push(tooLongMsg(p.child('subresource'), 256));
  });
  return errs;
}

const tooLongMsg = (p: FieldPath, max: number) => tooLong(p, '', max);

/** The common part of ObjectMeta validation (namespace, generation, labels, annotations, owners, finalizers, managedFields). */
function validateObjectMetaCommon(meta: ObjectMeta, requiresNamespace: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (requiresNamespace) {
    if (!meta.namespace) errs.push(required(fldPath.child('namespace'), ''));
    else for (const msg of validateNamespaceName(meta.namespace, false)) errs.push(invalid(fldPath.child('namespace'), meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(forbidden(fldPath.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(meta.generation ?? 0, fldPath.child('generation')));
  errs.push(...validateLabels(meta.labels, fldPath.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, fldPath.child('annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, fldPath.child('ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, fldPath.child('finalizers')));
  errs.push(...validateManagedFields(meta.managedFields, fldPath.child('managedFields')));
  return errs;
}

/**
 * An object's metadata on create, as core's ValidateObjectMeta: generateName and name checked with nameFn,
 * namespace required or forbidden, then labels, annotations, ownerReferences and finalizers.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  requiresNamespace: boolean,
  nameFn: ValidateNameFunc,
  fldPath: FieldPath = FieldPath.root('metadata'),
): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of nameFn(m.generateName, true)) errs.push(invalid(fldPath.child('generateName'), m.generateName, msg));
  }
  if (!m.name) errs.push(required(fldPath.child('name'), 'name or generateName is required'));
  else for (const msg of nameFn(m.name, false)) errs.push(invalid(fldPath.child('name'), m.name, msg));
  errs.push(...validateObjectMetaCommon(m, requiresNamespace, fldPath));
  (m.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, fldPath.child('finalizers').index(i))));
  return errs;
}

/** metav1.Time as Go prints it in an error (`2024-01-02 03:04:05 +0000 UTC`), from its RFC 3339 form. */
export function goTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 UTC`;
}

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return new Date(a).getTime() === new Date(b).getTime();
}

/**
 * An object's metadata on update, as core's ValidateObjectMetaUpdate: no new finalizers while deleting,
 * resourceVersion given, generation not decremented, name/namespace/uid/timestamps immutable.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  fldPath: FieldPath = FieldPath.root('metadata'),
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const old = new Set(o.finalizers ?? []);
    const extra = [...new Set((n.finalizers ?? []).filter((f) => !old.has(f)))].sort();
    if (extra.length) {
      errs.push(
        forbidden(
          fldPath.child('finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map(goQuote).join(', ')}}`,
        ),
      );
    }
  }
  if (!n.resourceVersion) errs.push(invalid(fldPath.child('resourceVersion'), n.resourceVersion ?? '', 'must be specified for an update'));
  if ((n.generation ?? 0) < (o.generation ?? 0)) {
    errs.push(invalid(fldPath.child('generation'), n.generation ?? 0, 'must not be decremented'));
  }
  if ((n.name ?? '') !== (o.name ?? '')) errs.push(invalid(fldPath.child('name'), n.name ?? '', FieldImmutableErrorMsg));
  if ((n.namespace ?? '') !== (o.namespace ?? '')) errs.push(invalid(fldPath.child('namespace'), n.namespace ?? '', FieldImmutableErrorMsg));
  if ((n.uid ?? '') !== (o.uid ?? '')) errs.push(invalid(fldPath.child('uid'), n.uid ?? '', FieldImmutableErrorMsg));
  if (!sameInstant(n.creationTimestamp, o.creationTimestamp)) {
    errs.push(invalid(fldPath.child('creationTimestamp'), new GoRaw(goTime(n.creationTimestamp)), FieldImmutableErrorMsg));
  }
  if (!sameInstant(n.deletionTimestamp, o.deletionTimestamp)) {
    errs.push(invalid(fldPath.child('deletionTimestamp'), n.deletionTimestamp ? new GoRaw(goTime(n.deletionTimestamp)) : null, FieldImmutableErrorMsg));
  }
  if ((n.deletionGracePeriodSeconds ?? null) !== (o.deletionGracePeriodSeconds ?? null)) {
    errs.push(invalid(fldPath.child('deletionGracePeriodSeconds'), n.deletionGracePeriodSeconds ?? null, FieldImmutableErrorMsg));
  }
  errs.push(...validateLabels(n.labels, fldPath.child('labels')));
  errs.push(...validateAnnotations(n.annotations, fldPath.child('annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, fldPath.child('ownerReferences')));
  errs.push(...validateManagedFields(n.managedFields, fldPath.child('managedFields')));
  (n.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, fldPath.child('finalizers').index(i))));
  return errs;
}

/**
 * Embedded template metadata (a PVC template of an ephemeral volume): only labels and annotations may be set,
 * as core's ValidateTemplateObjectMeta.
 */
export function validateTemplateObjectMeta(meta: ObjectMeta | undefined, fldPath: FieldPath): FieldError[] {
  const m = meta ?? {};
  const errs = validateAnnotations(m.annotations, fldPath.child('annotations'));
  errs.push(...validateLabels(m.labels, fldPath.child('labels')));
  // Go field order of metav1.ObjectMeta, lower-cased as validateFieldAllowList prints them.
  const order: (keyof ObjectMeta)[] = [
    'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
    'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers', 'managedFields',
  ];
  for (const k of order) {
    const v = m[k];
    if (v !== undefined && v !== null && v !== '' && v !== 0 && !(Array.isArray(v) && v.length === 0)) {
      errs.push(forbidden(fldPath.child(k === 'uid' ? 'uID' : k), 'cannot be set'));
    }
  }
  return errs;
}
