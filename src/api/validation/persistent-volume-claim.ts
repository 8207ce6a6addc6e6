/** PersistentVolumeClaims as core's ValidatePersistentVolumeClaim(Update/StatusUpdate), 1.32 gates (RecoverVolumeExpansionFailure on). */
import type { PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import { validateLabelSelector, type MetaLabelSelector } from '../label-selector.js';
import { tryParseQuantity } from '../../util/quantity.js';
import { validateImmutableAnnotation, validateObjectMeta, validateObjectMetaUpdate, validateNamespaceName } from './object-meta.js';
import { semanticEqual } from './semantic-equal.js';
import { validateBasicResource, validatePositiveQuantityValue, validateResourceQuantityValue } from './resources.js';

export const supportedAccessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const supportedVolumeModes = ['Block', 'Filesystem'];
const BetaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

export interface PersistentVolumeClaimSpecValidationOptions {
  allowInvalidLabelValueInSelector?: boolean;
  allowInvalidAPIGroupInDataSourceOrRef?: boolean;
}

interface PVC extends KubeObject {
  spec?: PersistentVolumeClaimSpec;
  status?: { phase?: string; capacity?: Record<string, unknown>; allocatedResources?: Record<string, unknown> };
}

/** accessModes: known values, ReadWriteOncePod alone (shared by PVs and PVCs). */
export function validateAccessModes(modes: string[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of modes ?? []) {
    if (!supportedAccessModes.includes(m)) errs.push(notSupported(p, m, supportedAccessModes));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (supportedAccessModes.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(p, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function validateDataSource(
  ds: { apiGroup?: string; kind?: string; name?: string; namespace?: string },
  p: FieldPath,
  allowInvalidAPIGroup: boolean,
  isRef: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!ds.name) errs.push(required(p.child('name'), ''));
  if (!ds.kind) errs.push(required(p.child('kind'), ''));
  const apiGroup = ds.apiGroup ?? '';
  if (!apiGroup && ds.kind !== 'PersistentVolumeClaim') errs.push(invalid(p, ds.kind ?? '', "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  if (apiGroup && !allowInvalidAPIGroup) for (const m of nameIsDNSSubdomain(apiGroup, false)) errs.push(invalid(p.child('apiGroup'), apiGroup, m));
  if (isRef && ds.namespace) for (const m of validateNamespaceName(ds.namespace, false)) errs.push(invalid(p.child('namespace'), ds.namespace, m));
  return errs;
}

/** A claim's spec (also of ephemeral volume templates): access modes, a positive storage request, class, mode, data sources. */
export function validatePersistentVolumeClaimSpec(
  spec: PersistentVolumeClaimSpec,
  fldPath: FieldPath,
  opts: PersistentVolumeClaimSpecValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  if ((spec.accessModes ?? []).length === 0) errs.push(required(fldPath.child('accessModes'), 'at least 1 access mode is required'));
  if (spec.selector) {
    errs.push(
      ...validateLabelSelector(spec.selector as MetaLabelSelector, { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector }, fldPath.child('selector')),
    );
  }
  errs.push(...validateAccessModes(spec.accessModes, fldPath.child('accessModes')));
  const storagePath = fldPath.child('resources').key('storage');
  const requests = (spec.resources?.requests ?? {}) as Record<string, unknown>;
  if (!('storage' in requests)) errs.push(required(storagePath, ''));
  else {
    const q = tryParseQuantity(requests['storage']);
    const pos = q ? validatePositiveQuantityValue(q, storagePath) : [];
    if (pos.length) errs.push(...pos);
    else errs.push(...validateResourceQuantityValue('storage', requests['storage'], storagePath));
  }
  if (spec.storageClassName) {
    for (const m of nameIsDNSSubdomain(spec.storageClassName, false)) errs.push(invalid(fldPath.child('storageClassName'), spec.storageClassName, m));
  }
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !supportedVolumeModes.includes(spec.volumeMode)) {
    errs.push(notSupported(fldPath.child('volumeMode'), spec.volumeMode, supportedVolumeModes));
  }
  const allowGroup = opts.allowInvalidAPIGroupInDataSourceOrRef === true;
  if (spec.dataSource) errs.push(...validateDataSource(spec.dataSource, fldPath.child('dataSource'), allowGroup, false));
  const ref = spec.dataSourceRef as { apiGroup?: string; kind?: string; name?: string; namespace?: string } | undefined;
  if (ref) errs.push(...validateDataSource(ref, fldPath.child('dataSourceRef'), allowGroup, true));
  if (ref?.namespace) {
    if (spec.dataSource) errs.push(invalid(fldPath, fldPath.child('dataSource').toString(), 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (spec.dataSource && ref) {
    const same = (spec.dataSource.apiGroup ?? null) === (ref.apiGroup ?? null) && spec.dataSource.kind === ref.kind && spec.dataSource.name === ref.name;
    if (!same) errs.push(invalid(fldPath, fldPath.child('dataSource').toString(), 'must match dataSourceRef'));
  }
  return errs;
}

/** Options for an update: stay lenient about what the old claim already had. */
function optionsFor(old: PVC | undefined): PersistentVolumeClaimSpecValidationOptions {
  if (!old) return {};
  const spec = old.spec ?? {};
  return {
    allowInvalidAPIGroupInDataSourceOrRef: !!(spec.dataSource?.apiGroup || (spec.dataSourceRef as { apiGroup?: string } | undefined)?.apiGroup),
    allowInvalidLabelValueInSelector: validateLabelSelector(spec.selector as MetaLabelSelector | undefined, {}, FieldPath.root('spec', 'selector')).length > 0,
  };
}

/** A new claim: namespaced DNS-subdomain name and a valid spec. */
export function validatePersistentVolumeClaim(pvc: PVC, opts: PersistentVolumeClaimSpecValidationOptions = {}): FieldError[] {
  return [...validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain), ...validatePersistentVolumeClaimSpec(pvc.spec ?? {}, FieldPath.root('spec'), opts)];
}

const storageOf = (pvc: PVC | undefined, where: 'spec' | 'status') =>
  tryParseQuantity(where === 'spec' ? (pvc?.spec?.resources?.requests as Record<string, unknown> | undefined)?.['storage'] : pvc?.status?.capacity?.['storage']) ??
  tryParseQuantity('0')!;

/**
 * A claim update: the spec is immutable except that a bound claim may change resources.requests (volumeName may be
 * set once, the beta storage-class annotation may move into storageClassName), and storage may not shrink below
 * the recorded capacity.
 */
export function validatePersistentVolumeClaimUpdate(newPvc: PVC, oldPvc: PVC): FieldError[] {
  const opts = optionsFor(oldPvc);
  const errs = validateObjectMetaUpdate(newPvc.metadata, oldPvc.metadata);
  errs.push(...validatePersistentVolumeClaim(newPvc, opts));
  const newSpec = structuredClone(newPvc.spec ?? {}) as PersistentVolumeClaimSpec;
  const oldSpec = structuredClone(oldPvc.spec ?? {}) as PersistentVolumeClaimSpec;
  if (!oldPvc.spec?.volumeName) {
    if (newSpec.volumeName === undefined) delete oldSpec.volumeName;
    else oldSpec.volumeName = newSpec.volumeName;
  }
  const oldAnn = oldPvc.metadata.annotations ?? {};
  const newAnn = newPvc.metadata.annotations ?? {};
  const fromAnnotation =
    BetaStorageClassAnnotation in oldAnn &&
    oldSpec.storageClassName === undefined &&
    newSpec.storageClassName !== undefined &&
    newSpec.storageClassName === oldAnn[BetaStorageClassAnnotation] &&
    (!(BetaStorageClassAnnotation in newAnn) || newAnn[BetaStorageClassAnnotation] === oldAnn[BetaStorageClassAnnotation]);
  if (fromAnnotation) delete newSpec.storageClassName;
  else {
    errs.push(...validateImmutableAnnotation(newAnn[BetaStorageClassAnnotation] ?? '', oldAnn[BetaStorageClassAnnotation] ?? '', BetaStorageClassAnnotation, FieldPath.root('metadata')));
    const fromNil =
      newPvc.spec?.storageClassName !== undefined &&
      oldPvc.spec?.storageClassName === undefined &&
      (!(BetaStorageClassAnnotation in oldAnn) || newPvc.spec.storageClassName === oldAnn[BetaStorageClassAnnotation]);
    if (fromNil) delete newSpec.storageClassName;
  }
  if (newPvc.status?.phase === 'Bound' && newSpec.resources?.requests) {
    const oldStorage = (oldPvc.spec?.resources?.requests as Record<string, unknown> | undefined)?.['storage'];
    const reqs = newSpec.resources.requests as Record<string, unknown>;
    if (oldStorage === undefined) delete reqs['storage'];
    else reqs['storage'] = oldStorage;
  }
  if (!semanticEqual(newSpec, oldSpec)) {
    errs.push(forbidden(FieldPath.root('spec'), 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const newSize = storageOf(newPvc, 'spec');
  if (newSize.cmp(storageOf(oldPvc, 'spec')) < 0 && newSize.cmp(storageOf(oldPvc, 'status')) <= 0) {
    errs.push(forbidden(FieldPath.root('spec', 'resources', 'requests', 'storage'), 'field can not be less than status.capacity'));
  }
  if ((newPvc.spec?.volumeMode ?? null) !== (oldPvc.spec?.volumeMode ?? null)) {
    errs.push(invalid(FieldPath.root('volumeMode'), newPvc.spec?.volumeMode ?? null, 'field is immutable'));
  }
  return errs;
}

/** A status write: metadata rules, a resourceVersion, access modes still set, valid capacity quantities. */
export function validatePersistentVolumeClaimStatusUpdate(newPvc: PVC, oldPvc: PVC): FieldError[] {
  const errs = validateObjectMetaUpdate(newPvc.metadata, oldPvc.metadata);
  if (!newPvc.metadata.resourceVersion) errs.push(required(FieldPath.root('resourceVersion'), ''));
  if ((newPvc.spec?.accessModes ?? []).length === 0) errs.push(required(FieldPath.root('Spec', 'accessModes'), ''));
  const cap = newPvc.status?.capacity ?? {};
  for (const r of Object.keys(cap).sort()) errs.push(...validateBasicResource(cap[r], FieldPath.root('status', 'capacity').key(r)));
  return errs;
}

export const persistentVolumeClaimValidator = {
  validate: (obj: KubeObject) => validatePersistentVolumeClaim(obj as PVC),
  validateUpdate: (obj: KubeObject, old: KubeObject) => validatePersistentVolumeClaimUpdate(obj as PVC, old as PVC),
  validateStatusUpdate: (obj: KubeObject, old: KubeObject) => validatePersistentVolumeClaimStatusUpdate(obj as PVC, old as PVC),
};
