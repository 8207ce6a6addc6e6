/** Container env, envFrom and the downward API selectors, as core's ValidateEnv, ValidateEnvFrom and their helpers. */
import type { EnvFromSource, EnvVar, ObjectFieldSelector, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { invalid, notSupported, required, type FieldError, type FieldPath } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import { tryParseQuantity } from '../../util/quantity.js';
import { validateQualifiedName } from './common.js';
import type { PodValidationOptions } from './pod-validation-options.js';
import { isConfigMapKey, isEnvVarName, isRelaxedEnvVarName } from './value-checks.js';

const envNameErrors = (name: string, opts: PodValidationOptions) =>
  opts.allowRelaxedEnvironmentVariableValidation === false ? isEnvVarName(name) : isRelaxedEnvVarName(name);

/** A container's env: names required and valid, valueFrom with exactly one source. */
export function validateEnv(vars: EnvVar[] | undefined, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const idxPath = fldPath.index(i);
    if (!ev.name) errs.push(required(idxPath.child('name'), ''));
    else for (const msg of envNameErrors(ev.name, opts)) errs.push(invalid(idxPath.child('name'), ev.name, msg));
    errs.push(...validateEnvVarValueFrom(ev, idxPath.child('valueFrom')));
  });
  return errs;
}

const validEnvDownwardAPIFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

function validateEnvVarValueFrom(ev: EnvVar, fldPath: FieldPath): FieldError[] {
  const vf = ev.valueFrom;
  if (!vf) return [];
  const errs: FieldError[] = [];
  let num = 0;
  if (vf.fieldRef) {
    num++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, validEnvDownwardAPIFieldPaths, fldPath.child('fieldRef')));
  }
  if (vf.resourceFieldRef) {
    num++;
    errs.push(...validateContainerResourceFieldSelector(vf.resourceFieldRef, fldPath.child('resourceFieldRef'), false));
  }
  if (vf.configMapKeyRef) {
    num++;
    errs.push(...validateKeySelector(vf.configMapKeyRef, fldPath.child('configMapKeyRef')));
  }
  if (vf.secretKeyRef) {
    num++;
    errs.push(...validateKeySelector(vf.secretKeyRef, fldPath.child('secretKeyRef')));
  }
  if (num === 0) errs.push(invalid(fldPath, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (ev.value) errs.push(invalid(fldPath, '', 'may not be specified when `value` is not empty'));
  else if (num > 1) errs.push(invalid(fldPath, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** Splits `metadata.labels['key']` into path and subscript, as fieldpath.SplitMaybeSubscriptedPath. */
function splitMaybeSubscriptedPath(fieldPath: string): [string, string, boolean] {
  if (!fieldPath.endsWith("']")) return [fieldPath, '', false];
  const s = fieldPath.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return [fieldPath, '', false];
  return [s.slice(0, i), s.slice(i + 2), true];
}

const convertibleLabels = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** podshelper.ConvertDownwardAPIFieldLabel for v1 pods: the internal field path, or the conversion error. */
function convertDownwardAPIFieldLabel(version: string, label: string): { path?: string; error?: string } {
  if (version !== 'v1') return { error: `unsupported pod version: ${version}` };
  const [path, , ok] = splitMaybeSubscriptedPath(label);
  if (ok) {
    if (path === 'metadata.annotations' || path === 'metadata.labels') return { path: label };
    return { error: `field label does not support subscript: ${label}` };
  }
  if (convertibleLabels.has(label)) return { path: label };
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return { error: `field label not supported: ${label}` };
}

/** A fieldRef: apiVersion and fieldPath set, and the path one the downward API can expose here. */
export function validateObjectFieldSelector(fs: ObjectFieldSelector, expressions: readonly string[], fldPath: FieldPath): FieldError[] {
  // apiVersion is defaulted to v1; upstream requires it.
  if (!fs.apiVersion) return [required(fldPath.child('apiVersion'), '')];
  if (!fs.fieldPath) return [required(fldPath.child('fieldPath'), '')];
  const conv = convertDownwardAPIFieldLabel(fs.apiVersion, fs.fieldPath);
  if (conv.error !== undefined) return [invalid(fldPath.child('fieldPath'), fs.fieldPath, `error converting fieldPath: ${conv.error}`)];
  const internal = conv.path!;
  const [path, subscript, ok] = splitMaybeSubscriptedPath(internal);
  if (ok) {
    if (path === 'metadata.annotations') return validateQualifiedName(subscript.toLowerCase(), fldPath);
    if (path === 'metadata.labels') return validateQualifiedName(subscript, fldPath);
    return [invalid(fldPath, path, 'does not support subscript')];
  }
  if (!expressions.includes(internal)) return [notSupported(fldPath.child('fieldPath'), internal, [...expressions].sort())];
  return [];
}

const validContainerResourceFieldPaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const hugepagePrefixes = ['limits.hugepages-', 'requests.hugepages-'];
const cpuDivisors = new Set(['1m', '1']);
const byteDivisors = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);
const byteDivisorList = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

/** A resourceFieldRef: one of a container's limits or requests, with a divisor that fits the resource. */
export function validateContainerResourceFieldSelector(fs: ResourceFieldSelector, fldPath: FieldPath, volume: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const resource = fs.resource ?? '';
  if (volume && !fs.containerName) errs.push(required(fldPath.child('containerName'), ''));
  else if (!resource) errs.push(required(fldPath.child('resource'), ''));
  else if (!validContainerResourceFieldPaths.includes(resource) && !hugepagePrefixes.some((p) => resource.startsWith(p))) {
    errs.push(notSupported(fldPath.child('resource'), resource, validContainerResourceFieldPaths));
  }
  errs.push(...validateContainerResourceDivisor(resource, fs.divisor, fldPath));
  return errs;
}

function validateContainerResourceDivisor(rName: string, divisor: unknown, fldPath: FieldPath): FieldError[] {
  if (divisor === undefined || divisor === null) return [];
  const q = tryParseQuantity(divisor);
  if (!q || q.isZero()) return [];
  const d = q.toString();
  const errs: FieldError[] = [];
  const p = fldPath.child('divisor');
  switch (rName) {
    case 'limits.cpu':
    case 'requests.cpu':
      if (!cpuDivisors.has(d)) errs.push(invalid(p, rName, "only divisor's values 1m and 1 are supported with the cpu resource"));
      break;
    case 'limits.memory':
    case 'requests.memory':
      if (!byteDivisors.has(d)) errs.push(invalid(p, rName, `only divisor's values ${byteDivisorList} are supported with the memory resource`));
      break;
    case 'limits.ephemeral-storage':
    case 'requests.ephemeral-storage':
      if (!byteDivisors.has(d)) errs.push(invalid(p, rName, `only divisor's values ${byteDivisorList} are supported with the local ephemeral storage resource`));
      break;
  }
  if (hugepagePrefixes.some((pre) => rName.startsWith(pre)) && !byteDivisors.has(d)) {
    errs.push(invalid(p, rName, `only divisor's values ${byteDivisorList} are supported with the hugepages resource`));
  }
  return errs;
}

// Upstream validates both selectors' names with the Secret name rule (a DNS subdomain), even when empty.
function validateKeySelector(s: { name?: string; key?: string }, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = s.name ?? '';
  for (const msg of nameIsDNSSubdomain(name, false)) errs.push(invalid(fldPath.child('name'), name, msg));
  if (!s.key) errs.push(required(fldPath.child('key'), ''));
  else for (const msg of isConfigMapKey(s.key)) errs.push(invalid(fldPath.child('key'), s.key, msg));
  return errs;
}

/** A container's envFrom: a valid prefix and exactly one of configMapRef or secretRef. */
export function validateEnvFrom(vars: EnvFromSource[] | undefined, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const idxPath = fldPath.index(i);
    if (ev.prefix) for (const msg of envNameErrors(ev.prefix, opts)) errs.push(invalid(idxPath.child('prefix'), ev.prefix, msg));
    let num = 0;
    for (const [ref, key] of [
      [ev.configMapRef, 'configMapRef'],
      [ev.secretRef, 'secretRef'],
    ] as const) {
      if (!ref) continue;
      num++;
      const p = idxPath.child(key);
      if (!ref.name) errs.push(required(p.child('name'), ''));
      else for (const msg of nameIsDNSSubdomain(ref.name, true)) errs.push(invalid(p.child('name'), ref.name, msg));
    }
    // Upstream reports these against the envFrom list itself, not the item.
    if (num === 0) errs.push(invalid(fldPath, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (num > 1) errs.push(invalid(fldPath, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
