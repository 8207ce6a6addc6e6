/** Role, ClusterRole, RoleBinding and ClusterRoleBinding validation as pkg/apis/rbac/validation. */
import { FieldPath, GoRaw, goQuote, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { isValidPathSegmentName, type ValidateNameFunc } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { goStruct } from './go-format.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateServiceAccountName } from './object-meta.js';
import { arr, goStrings, rec, recs, root, selectorConversionFails, selectorHasInvalidLabelValue, str, strs, validateSelector, type Json } from './other-common.js';

export const RbacGroupName = 'rbac.authorization.k8s.io';

/** Role and binding names need only be URL path segments (generateName too: upstream ignores the prefix flag). */
export const validateRBACName: ValidateNameFunc = (name) => isValidPathSegmentName(name);

/** As ValidatePolicyRule: verbs always; non-resource URLs only cluster-wide and alone; else apiGroups and resources. */
export function validatePolicyRule(rule: Json, isNamespaced: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (strs(rule['verbs']).length === 0) errs.push(required(fldPath.child('verbs'), 'verbs must contain at least one value'));
  const urls = arr(rule['nonResourceURLs']) ?? [];
  if (urls.length > 0) {
    const printed = new GoRaw(goStrings(rule['nonResourceURLs']));
    if (isNamespaced) errs.push(invalid(fldPath.child('nonResourceURLs'), printed, 'namespaced rules cannot apply to non-resource URLs'));
    const count = (k: string) => (arr(rule[k]) ?? []).length;
    if (count('apiGroups') > 0 || count('resources') > 0 || count('resourceNames') > 0) {
      errs.push(invalid(fldPath.child('nonResourceURLs'), printed, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if ((arr(rule['apiGroups']) ?? []).length === 0) errs.push(required(fldPath.child('apiGroups'), 'resource rules must supply at least one api group'));
  if ((arr(rule['resources']) ?? []).length === 0) errs.push(required(fldPath.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(obj: KubeObject, isNamespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  recs(obj['rules']).forEach((rule, i) => errs.push(...validatePolicyRule(rule, isNamespaced, root('rules').index(i))));
  return errs;
}

/** A Role on create. */
export function validateRole(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, true, validateRBACName, root('metadata')), ...validateRules(obj, true)];
}

/** A Role on update: the create rules again, then the metadata update rules. */
export function validateRoleUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateRole(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'))];
}

/** A ClusterRole; an aggregationRule needs selectors (invalid label values stay allowed if the old object had them). */
export function validateClusterRole(obj: KubeObject, allowInvalidLabelValue = false): FieldError[] {
  const errs = [...validateObjectMeta(obj.metadata, false, validateRBACName, root('metadata')), ...validateRules(obj, false)];
  const aggregation = rec(obj['aggregationRule']);
  if (aggregation) {
    const selectors = recs(aggregation['clusterRoleSelectors']);
    const path = root('aggregationRule').child('clusterRoleSelectors');
    if (selectors.length === 0) errs.push(required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((selector, i) => {
      errs.push(...validateSelector(selector, path.index(i), allowInvalidLabelValue));
      // Upstream prints the failed conversion's (nil) result.
      if (selectorConversionFails(selector)) errs.push(invalid(path.index(i), null, 'invalid label selector.'));
    });
  }
  return errs;
}

/** A ClusterRole on update. */
export function validateClusterRoleUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const oldHadInvalid = recs(rec(old['aggregationRule'])?.['clusterRoleSelectors']).some((s) => selectorHasInvalidLabelValue(s));
  return [...validateClusterRole(obj, oldHadInvalid), ...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'))];
}

/** As ValidateRoleBindingSubject: a ServiceAccount (namespace needed cluster-wide), a User or a Group. */
export function validateRoleBindingSubject(subject: Json, isNamespaced: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(subject['name']) ?? '';
  const apiGroup = str(subject['apiGroup']) ?? '';
  if (name.length === 0) errs.push(required(fldPath.child('name'), ''));
  const kind = str(subject['kind']) ?? '';
  switch (kind) {
    case 'ServiceAccount':
      if (name.length > 0) for (const msg of validateServiceAccountName(name, false)) errs.push(invalid(fldPath.child('name'), name, msg));
      if (apiGroup.length > 0) errs.push(notSupported(fldPath.child('apiGroup'), apiGroup, ['']));
      if (!isNamespaced && (str(subject['namespace']) ?? '').length === 0) errs.push(required(fldPath.child('namespace'), ''));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RbacGroupName) errs.push(notSupported(fldPath.child('apiGroup'), apiGroup, [RbacGroupName]));
      break;
    default:
      errs.push(notSupported(fldPath.child('kind'), kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateRoleRef(roleRef: Json, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const apiGroup = str(roleRef['apiGroup']) ?? '';
  if (apiGroup !== RbacGroupName) errs.push(notSupported(root('roleRef').child('apiGroup'), apiGroup, [RbacGroupName]));
  const kind = str(roleRef['kind']) ?? '';
  if (!kinds.includes(kind)) errs.push(notSupported(root('roleRef').child('kind'), kind, kinds));
  const name = str(roleRef['name']) ?? '';
  if (name.length === 0) errs.push(required(root('roleRef').child('name'), ''));
  else for (const msg of validateRBACName(name, false)) errs.push(invalid(root('roleRef').child('name'), name, msg));
  return errs;
}

function validateBinding(obj: KubeObject, isNamespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, isNamespaced, validateRBACName, root('metadata'));
  errs.push(...validateRoleRef(rec(obj['roleRef']) ?? {}, isNamespaced ? ['Role', 'ClusterRole'] : ['ClusterRole']));
  recs(obj['subjects']).forEach((s, i) => errs.push(...validateRoleBindingSubject(s, isNamespaced, root('subjects').index(i))));
  return errs;
}

/** %#v of the internal rbac.RoleRef (a plain struct, printed by value). */
function goRoleRef(roleRef: Json): GoRaw {
  return new GoRaw(
    goStruct('rbac.RoleRef', [
      ['APIGroup', goQuote(str(roleRef['apiGroup']) ?? '')],
      ['Kind', goQuote(str(roleRef['kind']) ?? '')],
      ['Name', goQuote(str(roleRef['name']) ?? '')],
    ]),
  );
}

/** roleRef may never change: a binding is deleted and recreated to point elsewhere. */
function validateRoleRefUnchanged(obj: KubeObject, old: KubeObject): FieldError[] {
  const cur = rec(obj['roleRef']) ?? {};
  const prev = rec(old['roleRef']) ?? {};
  const same = ['apiGroup', 'kind', 'name'].every((k) => (str(cur[k]) ?? '') === (str(prev[k]) ?? ''));
  return same ? [] : [invalid(root('roleRef'), goRoleRef(cur), 'cannot change roleRef')];
}

/** A RoleBinding on create: roleRef to a Role or ClusterRole. */
export const validateRoleBinding = (obj: KubeObject): FieldError[] => validateBinding(obj, true);

/** A RoleBinding on update. */
export function validateRoleBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateRoleBinding(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata')), ...validateRoleRefUnchanged(obj, old)];
}

/** A ClusterRoleBinding on create: roleRef to a ClusterRole; ServiceAccount subjects need a namespace. */
export const validateClusterRoleBinding = (obj: KubeObject): FieldError[] => validateBinding(obj, false);

/** A ClusterRoleBinding on update. */
export function validateClusterRoleBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateClusterRoleBinding(obj),
    ...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata')),
    ...validateRoleRefUnchanged(obj, old),
  ];
}
