/** StorageClass validation as pkg/apis/storage/validation: a provisioner, bounded parameters, and almost nothing changeable later. */
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain, validateLabelName } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { validateQualifiedName } from './common.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { recs, root, str, strMap, strs, type Json } from './other-common.js';

const maxProvisionerParameterSize = 256 * (1 << 10);
const maxProvisionerParameterLen = 512;
const supportedReclaimPolicies = ['Delete', 'Retain'];
const supportedVolumeBindingModes = ['Immediate', 'WaitForFirstConsumer'];

function validateProvisioner(provisioner: string): FieldError[] {
  if (provisioner.length === 0) return [required(root('provisioner'), '')];
  return validateQualifiedName(provisioner.toLowerCase(), root('provisioner'));
}

function validateParameters(params: Record<string, string> | undefined): FieldError[] {
  const p = root('parameters');
  const keys = Object.keys(params ?? {}).sort();
  if (keys.length > maxProvisionerParameterLen) return [tooLong(p, '', maxProvisionerParameterLen)];
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of keys) {
    if (k.length < 1) errs.push(invalid(p, k, 'field can not be empty.'));
    total += Buffer.byteLength(k) + Buffer.byteLength(String(params![k] ?? ''));
  }
  if (total > maxProvisionerParameterSize) errs.push(tooLong(p, '', maxProvisionerParameterSize));
  return errs;
}

/** As core's ValidateTopologySelectorTerm: each requirement has values (no duplicates), a label key, and keys do not repeat. */
function validateTopologySelectorTerm(term: Json, fldPath: FieldPath): { keys: Map<string, Set<string>>; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const keys = new Map<string, Set<string>>();
  const exprPath = fldPath.child('matchLabelExpressions');
  recs(term['matchLabelExpressions']).forEach((req, i) => {
    const idxPath = exprPath.index(i);
    const valuesPath = idxPath.child('values');
    const values = strs(req['values']);
    if (values.length === 0) errs.push(required(valuesPath, ''));
    const set = new Set<string>();
    values.forEach((v, j) => {
      if (set.has(v)) errs.push(duplicate(valuesPath.index(j), v));
      set.add(v);
    });
    const key = str(req['key']) ?? '';
    errs.push(...validateLabelName(key, idxPath.child('key')));
    if (keys.has(key)) errs.push(duplicate(idxPath.child('key'), key));
    keys.set(key, set);
  });
  return { keys, errs };
}

const sameTerm = (a: Map<string, Set<string>>, b: Map<string, Set<string>>) =>
  a.size === b.size && [...a].every(([k, v]) => b.has(k) && b.get(k)!.size === v.size && [...v].every((x) => b.get(k)!.has(x)));

function validateAllowedTopologies(terms: Json[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen: Map<string, Set<string>>[] = [];
  terms.forEach((term, i) => {
    const idxPath = root('allowedTopologies').index(i);
    const { keys, errs: termErrs } = validateTopologySelectorTerm(term, idxPath);
    errs.push(...termErrs);
    for (const t of seen) if (sameTerm(keys, t)) errs.push(duplicate(idxPath.child('matchLabelExpressions'), ''));
    seen.push(keys);
  });
  return errs;
}

/** A StorageClass on create. */
export function validateStorageClass(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateProvisioner(str(obj['provisioner']) ?? ''));
  errs.push(...validateParameters(strMap(obj['parameters'])));
  const reclaimPolicy = str(obj['reclaimPolicy']) ?? '';
  if (reclaimPolicy.length > 0 && !supportedReclaimPolicies.includes(reclaimPolicy)) {
    errs.push(notSupported(root('reclaimPolicy'), reclaimPolicy, supportedReclaimPolicies));
  }
  const mode = str(obj['volumeBindingMode']);
  if (mode === undefined) errs.push(required(root('volumeBindingMode'), ''));
  else if (!supportedVolumeBindingModes.includes(mode)) errs.push(notSupported(root('volumeBindingMode'), mode, supportedVolumeBindingModes));
  errs.push(...validateAllowedTopologies(recs(obj['allowedTopologies'])));
  return errs;
}

const paramsOrEmpty = (o: KubeObject) => strMap(o['parameters']) ?? {};

/** A StorageClass on update: the create rules, then parameters, provisioner, reclaimPolicy and volumeBindingMode fixed. */
export function validateStorageClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateStorageClass(obj);
  errs.push(...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata')));
  if (!deepEqual(paramsOrEmpty(obj), paramsOrEmpty(old))) errs.push(forbidden(root('parameters'), 'updates to parameters are forbidden.'));
  if ((str(obj['provisioner']) ?? '') !== (str(old['provisioner']) ?? '')) errs.push(forbidden(root('provisioner'), 'updates to provisioner are forbidden.'));
  if ((str(obj['reclaimPolicy']) ?? '') !== (str(old['reclaimPolicy']) ?? '')) {
    errs.push(forbidden(root('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.'));
  }
  const mode = str(obj['volumeBindingMode']);
  errs.push(...validateImmutableField(mode ?? null, str(old['volumeBindingMode']) ?? null, root('volumeBindingMode')));
  return errs;
}
