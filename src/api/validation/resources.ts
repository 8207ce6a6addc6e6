/** Resource names and quantities as core's validation.go and helper package: container requirements, quota and limit names. */
import type { ResourceRequirements } from 'kubernetes-types/core/v1.js';
import { ErrorType, FieldError as FE, duplicate, forbidden, invalid, required, type FieldError, type FieldPath } from '../field-error.js';
import { isQualifiedName } from '../name-validation.js';
import { tryParseQuantity, type Quantity } from '../../util/quantity.js';
import { sortedKeys, validateDNS1123Label } from './common.js';
import { goQuantity } from './go-format.js';
import type { PodValidationOptions } from './pod-validation-options.js';

export const IsNegativeErrorMsg = 'must be greater than or equal to 0';
export const isNotIntegerErrorMsg = 'must be an integer';
export const isNotPositiveErrorMsg = 'must be greater than zero';
export const isInvalidQuotaResource = 'must be a standard resource for quota';

const hugePagesPrefix = 'hugepages-';
const requestsHugePagesPrefix = 'requests.hugepages-';

export const isHugePageResourceName = (name: string) => name.startsWith(hugePagesPrefix);
const isQuotaHugePageResourceName = (name: string) => name.startsWith(hugePagesPrefix) || name.startsWith(requestsHugePagesPrefix);

/** Unprefixed names and *kubernetes.io/ names are native resources. */
export const isNativeResource = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');

/** Extended resources (e.g. nvidia.com/gpu): not native, no "requests." prefix, and valid as "requests.<name>". */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Requests may be below limits only for native, non-hugepage resources. */
export const isOvercommitAllowed = (name: string) => isNativeResource(name) && !isHugePageResourceName(name);

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
export const isStandardContainerResourceName = (name: string) => standardContainerResources.has(name) || isHugePageResourceName(name);

const standardResources = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
export const isStandardResourceName = (name: string) => standardResources.has(name) || isQuotaHugePageResourceName(name);

const standardQuotaResources = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'resourcequotas', 'services', 'replicationcontrollers',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
]);
export const isStandardQuotaResourceName = (name: string) => standardQuotaResources.has(name) || isQuotaHugePageResourceName(name);

const integerResources = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);
/** Resources counted in whole units (object counts and extended resources). */
export const isIntegerResourceName = (name: string) => integerResources.has(name) || isExtendedResourceName(name);

/** As core's validateResourceName: a qualified name, and a standard one when unprefixed. */
export function validateResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((msg) => invalid(fldPath, value, msg));
  if (errs.length) return errs;
  if (value.split('/').length === 1 && !isStandardResourceName(value)) {
    return [invalid(fldPath, value, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

/** As core's validateContainerResourceName: cpu, memory, ephemeral-storage, hugepages-* or an extended resource. */
export function validateContainerResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(value, fldPath);
  if (value.split('/').length === 1) {
    if (!isStandardContainerResourceName(value)) return [...errs, invalid(fldPath, value, 'must be a standard resource for containers')];
  } else if (!isNativeResource(value) && !isExtendedResourceName(value)) {
    return [...errs, invalid(fldPath, value, "doesn't follow extended resource name standard")];
  }
  return errs;
}

/** As core's ValidateResourceQuotaResourceName. */
export function validateResourceQuotaResourceName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(value, fldPath);
  if (value.split('/').length === 1 && !isStandardQuotaResourceName(value)) return [...errs, invalid(fldPath, value, isInvalidQuotaResource)];
  return errs;
}

/** A quantity as the API decoded it; undefined when it does not parse (decoding rejects those before validation). */
export const quantityOf = (v: unknown): Quantity | undefined => tryParseQuantity(v);

/** As core's ValidateNonnegativeQuantity. */
export function validateNonnegativeQuantity(q: Quantity, fldPath: FieldPath): FieldError[] {
  return q.sign() < 0 ? [invalid(fldPath, q.toString(), IsNegativeErrorMsg)] : [];
}

/** As core's ValidatePositiveQuantityValue. */
export function validatePositiveQuantityValue(q: Quantity, fldPath: FieldPath): FieldError[] {
  return q.sign() <= 0 ? [invalid(fldPath, q.toString(), isNotPositiveErrorMsg)] : [];
}

/** As core's ValidateResourceQuantityValue: not negative, and whole for integer resources. */
export function validateResourceQuantityValue(resource: string, raw: unknown, fldPath: FieldPath): FieldError[] {
  const q = quantityOf(raw);
  if (!q) return [];
  const errs = validateNonnegativeQuantity(q, fldPath);
  if (isIntegerResourceName(resource) && q.milliValue() % 1000 !== 0) errs.push(invalid(fldPath, goQuantity(raw), isNotIntegerErrorMsg));
  return errs;
}

/** As core's validateBasicResource: `Invalid value: <int value>: must be a valid resource quantity` when negative. */
export function validateBasicResource(raw: unknown, fldPath: FieldPath): FieldError[] {
  const q = quantityOf(raw);
  if (q && q.value() < 0) return [invalid(fldPath, q.value(), 'must be a valid resource quantity')];
  return [];
}

function hugePageValueError(name: string, q: Quantity, opts: PodValidationOptions): string | undefined {
  if (!isHugePageResourceName(name) || opts.allowIndivisibleHugePagesValues) return undefined;
  const pageSize = tryParseQuantity(name.slice(hugePagesPrefix.length));
  const divisible = pageSize !== undefined && pageSize.sign() > 0 && pageSize.milliValue() % 1000 === 0 && q.value() % pageSize.value() === 0;
  return divisible ? undefined : `${q.toString()} is not positive integer multiple of ${name}`;
}

/**
 * A container's resources, as core's ValidateContainerResourceRequirements: names, quantities, requests within
 * limits (equal for extended resources and hugepages), hugepages with cpu or memory, claims known to the pod.
 */
export function validateContainerResourceRequirements(
  req: ResourceRequirements | undefined,
  podClaimNames: ReadonlySet<string>,
  fldPath: FieldPath,
  opts: PodValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = fldPath.child('limits');
  const reqPath = fldPath.child('requests');
  const limits = (req?.limits ?? {}) as Record<string, unknown>;
  const requests = (req?.requests ?? {}) as Record<string, unknown>;
  let limCpuMem = false;
  let reqCpuMem = false;
  let limHuge = false;
  let reqHuge = false;
  for (const name of sortedKeys(limits)) {
    const p = limPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, limits[name], p));
    const q = quantityOf(limits[name]);
    if (isHugePageResourceName(name)) {
      limHuge = true;
      const e = q && hugePageValueError(name, q, opts);
      if (e) errs.push(invalid(p, q!.toString(), e));
    }
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const name of sortedKeys(requests)) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, requests[name], p));
    const q = quantityOf(requests[name]);
    if (name in limits) {
      const lim = quantityOf(limits[name]);
      if (q && lim) {
        if (q.cmp(lim) !== 0 && !isOvercommitAllowed(name)) {
          errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${lim.toString()}`));
        } else if (q.cmp(lim) > 0) {
          errs.push(invalid(reqPath, q.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`));
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      reqHuge = true;
      const e = q && hugePageValueError(name, q, opts);
      if (e) errs.push(invalid(p, q!.toString(), e));
    }
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge)) errs.push(forbidden(fldPath, 'HugePages require cpu or memory'));
  errs.push(...validateResourceClaimNames(req?.claims, podClaimNames, fldPath.child('claims')));
  return errs;
}

function validateResourceClaimNames(claims: { name?: string; request?: string }[] | undefined, podClaimNames: ReadonlySet<string>, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (claims ?? []).forEach((claim, i) => {
    const p = fldPath.index(i);
    const name = claim.name ?? '';
    if (!name) {
      errs.push(required(p, ''));
      return;
    }
    if (names.has(name)) errs.push(duplicateOf(p, name));
    else {
      let key = name;
      if (claim.request) {
        errs.push(...validateDNS1123Label(claim.request, p.child('request')));
        key += `/${claim.request}`;
      }
      if (names.has(key)) errs.push(duplicateOf(p, key));
      else if (!claim.request) for (const k of names) if (k.includes('/') && k.slice(0, k.indexOf('/')) === name) errs.push(duplicateOf(p, name));
      names.add(key);
    }
    if (!podClaimNames.has(name)) {
      const detail = podClaimNames.size === 0 ? ' which is empty' : `: ${[...podClaimNames].sort().join(', ')}`;
      errs.push(new FE(ErrorType.NotFound, p.toString(), name, `must be one of the names in pod.spec.resourceClaims${detail}`));
    }
  });
  return errs;
}

const duplicateOf = (p: FieldPath, v: string) => duplicate(p, v);
