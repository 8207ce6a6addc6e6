/** ResourceQuotas as core's ValidateResourceQuota(Update/StatusUpdate): standard resource names, whole counts, sensible scopes. */
import { FieldPath, GoRaw, invalid, required, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import { sortedKeys } from './common.js';
import { goNamedStringSlice, goStr, goStringSlice, goStruct } from './go-format.js';
import { FieldImmutableErrorMsg, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isStandardQuotaResourceName, validateResourceQuantityValue, validateResourceQuotaResourceName } from './resources.js';

interface ScopedRequirement {
  scopeName?: string;
  operator?: string;
  values?: string[];
}

interface QuotaSpec {
  hard?: Record<string, unknown>;
  scopes?: string[];
  scopeSelector?: { matchExpressions?: ScopedRequirement[] };
}

interface QuotaLike extends KubeObject {
  spec?: QuotaSpec;
  status?: { hard?: Record<string, unknown>; used?: Record<string, unknown> };
}

const standardScopes = new Set(['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity']);
const podObjectCount = new Set(['pods']);
const podCompute = new Set(['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);

function scopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return podObjectCount.has(resource) || podCompute.has(resource);
    case 'BestEffort':
      return podObjectCount.has(resource);
    default:
      return true;
  }
}

const goScopes = (scopes: string[] | undefined) => goNamedStringSlice('core.ResourceQuotaScope', scopes);

function goScopeSelector(sel: { matchExpressions?: ScopedRequirement[] }): GoRaw {
  const reqs = (sel.matchExpressions ?? []).map((r) =>
    goStruct('core.ScopedResourceSelectorRequirement', [
      ['ScopeName', goStr(r.scopeName)],
      ['Operator', goStr(r.operator)],
      ['Values', goStringSlice(r.values)],
    ]),
  );
  const list = sel.matchExpressions ? `[]core.ScopedResourceSelectorRequirement{${reqs.join(', ')}}` : '[]core.ScopedResourceSelectorRequirement(nil)';
  return new GoRaw(goStruct('core.ScopeSelector', [['MatchExpressions', list]]));
}

const conflictingPairs = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];

function validateScopes(spec: QuotaSpec, fld: FieldPath): FieldError[] {
  const scopes = spec.scopes ?? [];
  if (scopes.length === 0) return [];
  const errs: FieldError[] = [];
  const p = fld.child('scopes');
  const hard = sortedKeys(spec.hard);
  for (const scope of scopes) {
    if (!standardScopes.has(scope)) errs.push(invalid(p, goScopes(spec.scopes), 'unsupported scope'));
    for (const k of hard) if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) errs.push(invalid(p, goScopes(spec.scopes), 'unsupported scope applied to resource'));
  }
  for (const pair of conflictingPairs) if (pair.every((s) => scopes.includes(s))) errs.push(invalid(p, goScopes(spec.scopes), 'conflicting scopes'));
  return errs;
}

function validateScopeSelector(spec: QuotaSpec, fld: FieldPath): FieldError[] {
  const sel = spec.scopeSelector;
  if (!sel) return [];
  const errs: FieldError[] = [];
  const p = fld.child('scopeSelector').child('matchExpressions');
  const hard = sortedKeys(spec.hard);
  const seen = new Set<string>();
  for (const req of sel.matchExpressions ?? []) {
    const scope = req.scopeName ?? '';
    if (!standardScopes.has(scope)) errs.push(invalid(p.child('scopeName'), scope, 'unsupported scope'));
    for (const k of hard) if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) errs.push(invalid(p, goScopeSelector(sel), 'unsupported scope applied to resource'));
    if (['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(scope) && req.operator !== 'Exists') {
      errs.push(
        invalid(
          p.child('operator'),
          req.operator ?? '',
          'must be \'Exists\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
        ),
      );
    }
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(p.child('values'), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length !== 0) errs.push(invalid(p.child('values'), new GoRaw(goStringSlice(req.values)), "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
        break;
      default:
        errs.push(invalid(p.child('operator'), req.operator ?? '', 'not a valid selector operator'));
    }
    seen.add(scope);
  }
  for (const pair of conflictingPairs) if (pair.every((s) => seen.has(s))) errs.push(invalid(p, goScopes(spec.scopes), 'conflicting scopes'));
  return errs;
}

function validateResourceList(list: Record<string, unknown> | undefined, p: FieldPath): FieldError[] {
  return sortedKeys(list).flatMap((k) => [...validateResourceQuotaResourceName(k, p.key(k)), ...validateResourceQuantityValue(k, list![k], p.key(k))]);
}

function validateQuotaSpec(spec: QuotaSpec, fld: FieldPath): FieldError[] {
  return [...validateResourceList(spec.hard, fld.child('hard')), ...validateScopes(spec, fld), ...validateScopeSelector(spec, fld)];
}

/** A new quota: spec and status hard/used lists, scopes and scope selector. */
export function validateResourceQuota(obj: KubeObject): FieldError[] {
  const q = obj as QuotaLike;
  return [
    ...validateObjectMeta(q.metadata, true, nameIsDNSSubdomain),
    ...validateQuotaSpec(q.spec ?? {}, FieldPath.root('spec')),
    ...validateResourceList(q.status?.hard, FieldPath.root('status', 'hard')),
    ...validateResourceList(q.status?.used, FieldPath.root('status', 'used')),
  ];
}

/** An update: metadata rules, a valid spec, and the same set of scopes as before. */
export function validateResourceQuotaUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const q = obj as QuotaLike;
  const old = oldObj as QuotaLike;
  const errs = [...validateObjectMetaUpdate(q.metadata, old.metadata), ...validateQuotaSpec(q.spec ?? {}, FieldPath.root('spec'))];
  const a = new Set(q.spec?.scopes ?? []);
  const b = new Set(old.spec?.scopes ?? []);
  if (a.size !== b.size || [...a].some((s) => !b.has(s))) errs.push(invalid(FieldPath.root('spec', 'scopes'), goScopes(q.spec?.scopes), FieldImmutableErrorMsg));
  return errs;
}

/** A status write by the quota controller: metadata rules, a resourceVersion, valid hard/used lists. */
export function validateResourceQuotaStatusUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const q = obj as QuotaLike;
  const errs = validateObjectMetaUpdate(q.metadata, oldObj.metadata);
  if (!q.metadata.resourceVersion) errs.push(required(FieldPath.root('resourceVersion'), ''));
  errs.push(...validateResourceList(q.status?.hard, FieldPath.root('status', 'hard')));
  errs.push(...validateResourceList(q.status?.used, FieldPath.root('status', 'used')));
  return errs;
}

export const resourceQuotaValidator = {
  validate: validateResourceQuota,
  validateUpdate: validateResourceQuotaUpdate,
  validateStatusUpdate: validateResourceQuotaStatusUpdate,
};
