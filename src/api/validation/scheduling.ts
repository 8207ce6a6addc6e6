/** Scheduling constraints as core's validation.go: node and pod affinity, tolerations, taint effects, topology spread. */
import type {
  Affinity,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodAffinityTerm,
  PreferredSchedulingTerm,
  Toleration,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from 'kubernetes-types/core/v1.js';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError, type FieldPath } from '../field-error.js';
import { isValidLabelValue, nameIsDNSSubdomain, validateLabelName } from '../name-validation.js';
import { validateLabelSelector, type MetaLabelSelector } from '../label-selector.js';
import { validateNamespaceName } from './object-meta.js';
import type { PodValidationOptions } from './pod-validation-options.js';

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** A taint (or toleration) effect; allowEmpty for tolerations, where empty means every effect. */
export function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, fldPath: FieldPath): FieldError[] {
  if (!allowEmpty && !effect) return [required(fldPath, '')];
  return taintEffects.includes(effect ?? '') ? [] : [notSupported(fldPath, effect ?? '', taintEffects)];
}

/** Tolerations, as core's ValidateTolerations. */
export function validateTolerations(tolerations: Toleration[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = fldPath.index(i);
    const key = t.key ?? '';
    const operator = t.operator ?? '';
    const effect = t.effect ?? '';
    const value = t.value ?? '';
    if (key) errs.push(...validateLabelName(key, p.child('key')));
    if (!key && operator !== 'Exists') {
      errs.push(invalid(p.child('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      errs.push(invalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(invalid(p.child('operator'), value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value) errs.push(invalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(p.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, p.child('effect')));
  });
  return errs;
}

/** One matchExpressions entry of a node selector term (1.32 does not check the values' format). */
export function validateNodeSelectorRequirement(rq: NodeSelectorRequirement, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = rq.values ?? [];
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(fldPath.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(fldPath.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(fldPath.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(fldPath.child('operator'), rq.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(rq.key ?? '', fldPath.child('key')));
  return errs;
}

/** One matchFields entry: only metadata.name, with In/NotIn and exactly one value. */
export function validateNodeFieldSelectorRequirement(req: NodeSelectorRequirement, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  if (req.operator === 'In' || req.operator === 'NotIn') {
    if (values.length !== 1) errs.push(required(fldPath.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else errs.push(invalid(fldPath.child('operator'), req.operator ?? '', 'not a valid selector operator'));
  if (req.key !== 'metadata.name') errs.push(invalid(fldPath.child('key'), req.key ?? '', 'not a valid field selector key'));
  else values.forEach((v, i) => nameIsDNSSubdomain(v, false).forEach((m) => errs.push(invalid(fldPath.child('values').index(i), v, m))));
  return errs;
}

export function validateNodeSelectorTerm(term: NodeSelectorTerm, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(r, fldPath.child('matchExpressions').index(j))));
  (term.matchFields ?? []).forEach((r, j) => errs.push(...validateNodeFieldSelectorRequirement(r, fldPath.child('matchFields').index(j))));
  return errs;
}

/** A required node selector: at least one term, each valid. */
export function validateNodeSelector(ns: NodeSelector, fldPath: FieldPath): FieldError[] {
  const termPath = fldPath.child('nodeSelectorTerms');
  const terms = ns.nodeSelectorTerms ?? [];
  if (terms.length === 0) return [required(termPath, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, termPath.index(i)));
}

function validatePreferredSchedulingTerms(terms: PreferredSchedulingTerm[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  terms.forEach((term, i) => {
    const w = term.weight ?? 0;
    if (w <= 0 || w > 100) errs.push(invalid(fldPath.index(i).child('weight'), w, 'must be in the range 1-100'));
    errs.push(...validateNodeSelectorTerm(term.preference ?? {}, fldPath.index(i).child('preference')));
  });
  return errs;
}

function validateLabelKeys(fldPath: FieldPath, keys: string[] | undefined, selector: MetaLabelSelector | undefined): FieldError[] {
  if (!keys || keys.length === 0) return [];
  if (!selector) return [forbidden(fldPath, 'must not be specified when labelSelector is not set')];
  return keys.flatMap((k, i) => validateLabelName(k, fldPath.index(i)));
}

function validateMatchLabelKeysAndMismatchLabelKeys(fldPath: FieldPath, match: string[] | undefined, mismatch: string[] | undefined, selector: MetaLabelSelector | undefined): FieldError[] {
  const errs = [...validateLabelKeys(fldPath.child('matchLabelKeys'), match, selector), ...validateLabelKeys(fldPath.child('mismatchLabelKeys'), mismatch, selector)];
  if (selector) {
    const indexOf = new Map((match ?? []).map((k, i) => [k, i]));
    const selectorKeys = new Set(Object.keys(selector.matchLabels ?? {}));
    for (const expr of selector.matchExpressions ?? []) {
      const i = indexOf.get(expr.key);
      // Upstream reports this at fldPath.Index(i) of the term, not of matchLabelKeys.
      if (i !== undefined && selectorKeys.has(expr.key)) errs.push(invalid(fldPath.index(i), expr.key, 'exists in both matchLabelKeys and labelSelector'));
      selectorKeys.add(expr.key);
    }
  }
  const mismatchSet = new Set(mismatch ?? []);
  (match ?? []).forEach((k, i) => {
    if (mismatchSet.has(k)) errs.push(invalid(fldPath.child('matchLabelKeys').index(i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  return errs;
}

function validatePodAffinityTerm(term: PodAffinityTerm & { matchLabelKeys?: string[]; mismatchLabelKeys?: string[] }, allowInvalidLabelValue: boolean, fldPath: FieldPath): FieldError[] {
  const opts = { allowInvalidLabelValueInSelector: allowInvalidLabelValue };
  const errs = [
    ...validateLabelSelector(term.labelSelector as MetaLabelSelector | undefined, opts, fldPath.child('labelSelector')),
    ...validateLabelSelector(term.namespaceSelector as MetaLabelSelector | undefined, opts, fldPath.child('namespaceSelector')),
  ];
  for (const name of term.namespaces ?? []) for (const m of validateNamespaceName(name, false)) errs.push(invalid(fldPath.child('namespace'), name, m));
  errs.push(...validateMatchLabelKeysAndMismatchLabelKeys(fldPath, term.matchLabelKeys, term.mismatchLabelKeys, term.labelSelector as MetaLabelSelector | undefined));
  if (!term.topologyKey) errs.push(required(fldPath.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(term.topologyKey ?? '', fldPath.child('topologyKey')));
  return errs;
}

function validatePodAffinityTerms(terms: PodAffinityTerm[] | undefined, allow: boolean, fldPath: FieldPath): FieldError[] {
  return (terms ?? []).flatMap((t, i) => validatePodAffinityTerm(t, allow, fldPath.index(i)));
}

function validateWeightedPodAffinityTerms(terms: WeightedPodAffinityTerm[] | undefined, allow: boolean, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (terms ?? []).forEach((t, j) => {
    const w = t.weight ?? 0;
    if (w <= 0 || w > 100) errs.push(invalid(fldPath.index(j).child('weight'), w, 'must be in the range 1-100'));
    errs.push(...validatePodAffinityTerm(t.podAffinityTerm ?? ({} as PodAffinityTerm), allow, fldPath.index(j).child('podAffinityTerm')));
  });
  return errs;
}

/** spec.affinity: node affinity, pod affinity and anti-affinity. */
export function validateAffinity(affinity: Affinity | undefined, opts: PodValidationOptions, fldPath: FieldPath): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const allow = opts.allowInvalidLabelValueInSelector === true;
  const na = affinity.nodeAffinity;
  if (na) {
    const p = fldPath.child('nodeAffinity');
    if (na.requiredDuringSchedulingIgnoredDuringExecution) {
      errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, p.child('requiredDuringSchedulingIgnoredDuringExecution')));
    }
    if ((na.preferredDuringSchedulingIgnoredDuringExecution ?? []).length) {
      errs.push(...validatePreferredSchedulingTerms(na.preferredDuringSchedulingIgnoredDuringExecution!, p.child('preferredDuringSchedulingIgnoredDuringExecution')));
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = affinity[kind];
    if (!pa) continue;
    const p = fldPath.child(kind);
    errs.push(...validatePodAffinityTerms(pa.requiredDuringSchedulingIgnoredDuringExecution, allow, p.child('requiredDuringSchedulingIgnoredDuringExecution')));
    errs.push(...validateWeightedPodAffinityTerms(pa.preferredDuringSchedulingIgnoredDuringExecution, allow, p.child('preferredDuringSchedulingIgnoredDuringExecution')));
  }
  return errs;
}

/** topologySpreadConstraints, as core's validateTopologySpreadConstraints. */
export function validateTopologySpreadConstraints(constraints: TopologySpreadConstraint[] | undefined, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const list = constraints ?? [];
  list.forEach((c, i) => {
    const p = fldPath.index(i);
    const maxSkew = c.maxSkew ?? 0;
    if (maxSkew <= 0) errs.push(invalid(p.child('maxSkew'), maxSkew, 'must be greater than zero'));
    if (!c.topologyKey) errs.push(required(p.child('topologyKey'), 'can not be empty'));
    const action = c.whenUnsatisfiable ?? '';
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') errs.push(notSupported(p.child('whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']));
    if (list.slice(i + 1).some((r) => r.topologyKey === c.topologyKey && r.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(duplicate(p.child('{topologyKey, whenUnsatisfiable}'), `{${c.topologyKey ?? ''}, ${action}}`));
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(invalid(p.child('minDomains'), c.minDomains, 'must be greater than zero'));
      if (action !== 'DoNotSchedule') errs.push(invalid(p.child('minDomains'), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const v = c[policy];
      if (v !== undefined && v !== null && v !== 'Honor' && v !== 'Ignore') errs.push(notSupported(p.child(policy), v, ['Honor', 'Ignore']));
    }
    const selector = c.labelSelector as MetaLabelSelector | undefined;
    const keys = c.matchLabelKeys ?? [];
    if (keys.length) {
      const kp = p.child('matchLabelKeys');
      const selectorKeys = new Set([...Object.keys(selector?.matchLabels ?? {}), ...(selector?.matchExpressions ?? []).map((e) => e.key)]);
      if (!selector) errs.push(forbidden(kp, 'must not be specified when labelSelector is not set'));
      keys.forEach((k, j) => {
        errs.push(...validateLabelName(k, kp.index(j)));
        if (selectorKeys.has(k)) errs.push(invalid(kp.index(j), k, 'exists in both matchLabelKeys and labelSelector'));
      });
    }
    if (!opts.allowInvalidTopologySpreadConstraintLabelSelector) {
      errs.push(...validateLabelSelector(selector, { allowInvalidLabelValueInSelector: false }, p.child('labelSelector')));
    }
  });
  return errs;
}
