/** Job validation as pkg/apis/batch/validation (ValidateJob*, with 1.32's feature gates: JobManagedBy beta, ElasticIndexedJob GA). */
import { duplicate, FieldPath, GoRaw, goQuote, invalid, notSupported, required, tooLong, tooLongMaxLength, tooMany, type FieldError } from '../field-error.js';
import { isDNS1123Label, nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { validateQualifiedName } from './common.js';
import { goStruct } from './go-format.js';
import { goPodTemplateSpec } from './go-pod-template.js';
import { FieldImmutableErrorMsg, goTime, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import {
  arr,
  goLabels,
  goLabelSelector,
  goPtr,
  invalidOmitValue,
  isDomainPrefixedPath,
  metaOf,
  num,
  rec,
  recs,
  root,
  selectorConversionFails,
  selectorHasInvalidLabelValue,
  selectorMatches,
  str,
  strMap,
  strs,
  templateValidationOptions,
  validateImmutableSelector,
  validateSelector,
  type Json,
} from './other-common.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import type { PodValidationOptions } from './pod-validation-options.js';

export const LegacyControllerUidLabel = 'controller-uid';
export const LegacyJobNameLabel = 'job-name';
export const ControllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const JobNameLabel = 'batch.kubernetes.io/job-name';

const maxParallelismForIndexedJob = 100000;
const maxFailedIndexesForIndexedJob = 100_000;
const completionsSoftLimit = 100_000;
const parallelismLimitForHighCompletions = 10_000;
const maxFailedIndexesLimitForHighCompletions = 10_000;
const maxPodFailurePolicyRules = 20;
const maxPodFailurePolicyOnExitCodesValues = 255;
const maxPodFailurePolicyOnPodConditionsPatterns = 20;
const maxManagedByLength = 63;
const maxJobSuccessPolicySucceededIndexesLimit = 64 * 1024;
const maxSuccessPolicyRule = 20;

const supportedPodFailurePolicyActions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const supportedOnExitCodesOperators = ['In', 'NotIn'];
const supportedConditionStatuses = ['False', 'True', 'Unknown'];
const supportedPodReplacementPolicies = ['Failed', 'TerminatingOrFailed'];

/** Go's %q of a []string, as `fmt.Sprintf("valid values: %q", list)` prints it: `["a" "b"]`. */
const goQuotedList = (list: readonly string[]) => `[${list.map(goQuote).join(' ')}]`;

/** Options as the Job strategy derives them (validationOptionsForJob). */
export interface JobValidationOptions {
  /** Pod template options, lenient about what the old template already had. */
  pod: PodValidationOptions;
  requirePrefixedLabels: boolean;
  allowInvalidLabelValueInSelector: boolean;
  allowMutableSchedulingDirectives: boolean;
}

/** The options for a Job on create, or on update from old (as the strategy's validationOptionsForJob). */
export function jobValidationOptions(job: KubeObject, old?: KubeObject): JobValidationOptions {
  const template = rec(job['spec'])?.['template'];
  if (!old) {
    const pod = templateValidationOptions(template);
    return { pod, requirePrefixedLabels: true, allowInvalidLabelValueInSelector: pod.allowInvalidLabelValueInSelector ?? false, allowMutableSchedulingDirectives: false };
  }
  const oldSpec = rec(old['spec']) ?? {};
  const oldLabels = strMap(rec(rec(oldSpec['template'])?.['metadata'])?.['labels']) ?? {};
  const pod = templateValidationOptions(template, oldSpec['template']);
  return {
    pod,
    allowInvalidLabelValueInSelector: (pod.allowInvalidLabelValueInSelector ?? false) || selectorHasInvalidLabelValue(oldSpec['selector']),
    allowMutableSchedulingDirectives: oldSpec['suspend'] === true && rec(old['status'])?.['startTime'] == null,
    requirePrefixedLabels: JobNameLabel in oldLabels && ControllerUidLabel in oldLabels,
  };
}

/**
 * The selector and template labels the Job strategy generates before validating (unless manualSelector):
 * both job-name and controller-uid labels, legacy and prefixed, on the template; controller-uid in the selector.
 * Returns a copy; the object given is left alone.
 */
export function withGeneratedSelector(job: KubeObject): KubeObject {
  const out = structuredClone(job);
  const spec = (rec(out['spec']) ?? (out['spec'] = {})) as Json;
  if (spec['manualSelector'] === true) return out;
  const template = (rec(spec['template']) ?? (spec['template'] = {})) as Json;
  const meta = (rec(template['metadata']) ?? (template['metadata'] = {})) as Json;
  const labels = (strMap(meta['labels']) ?? (meta['labels'] = {})) as Record<string, string>;
  const name = metaOf(out).name ?? '';
  const uid = metaOf(out).uid ?? '';
  for (const k of [LegacyJobNameLabel, JobNameLabel]) if (!(k in labels)) labels[k] = name;
  for (const k of [LegacyControllerUidLabel, ControllerUidLabel]) if (!(k in labels)) labels[k] = uid;
  const selector = (rec(spec['selector']) ?? (spec['selector'] = {})) as Json;
  const matchLabels = (strMap(selector['matchLabels']) ?? (selector['matchLabels'] = {})) as Record<string, string>;
  if (!(ControllerUidLabel in matchLabels)) matchLabels[ControllerUidLabel] = uid;
  return out;
}

/** As ValidateHasLabel: `spec.template.metadata.labels[key]` must be the expected value. */
function validateHasLabel(labels: Record<string, string> | undefined, fldPath: FieldPath, key: string, expected: string): FieldError[] {
  const p = fldPath.child('labels').key(key);
  if (!labels || !(key in labels)) return [required(p, `must be '${expected}'`)];
  if (labels[key] !== expected) return [invalid(p, goLabels(labels), `must be '${expected}'`)];
  return [];
}

/** As validateGeneratedSelector: a generated selector must select the labels the strategy put on the template. */
function validateGeneratedSelector(job: KubeObject, requirePrefixedLabels: boolean): FieldError[] {
  const spec = rec(job['spec']) ?? {};
  if (spec['manualSelector'] === true) return [];
  if (!rec(spec['selector'])) return [];
  const meta = metaOf(job);
  const uid = meta.uid ?? '';
  const name = meta.name ?? '';
  const errs: FieldError[] = [];
  if (uid === '') errs.push(required(root('metadata').child('uid'), ''));
  const labels = strMap(rec(rec(spec['template'])?.['metadata'])?.['labels']);
  const tmplMeta = root('spec').child('template').child('metadata');
  errs.push(...validateHasLabel(labels, tmplMeta, LegacyControllerUidLabel, uid));
  errs.push(...validateHasLabel(labels, tmplMeta, LegacyJobNameLabel, name));
  const expected: Record<string, string> = {};
  if (requirePrefixedLabels) {
    errs.push(...validateHasLabel(labels, tmplMeta, ControllerUidLabel, uid));
    errs.push(...validateHasLabel(labels, tmplMeta, JobNameLabel, name));
    expected[ControllerUidLabel] = uid;
    expected[JobNameLabel] = name;
  }
  expected[LegacyControllerUidLabel] = uid;
  expected[LegacyJobNameLabel] = name;
  if (!selectorConversionFails(spec['selector']) && !selectorMatches(spec['selector'], expected)) {
    errs.push(invalid(root('spec').child('selector'), goLabelSelector(spec['selector']), '`selector` not auto-generated'));
  }
  return errs;
}

// ---- podFailurePolicy ----

const goInt32s = (v: number[] | undefined) => new GoRaw(v ? `[]int32{${v.join(', ')}}` : '[]int32(nil)');

function validateOnExitCodes(req: Json, fldPath: FieldPath, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const operator = str(req['operator']) ?? '';
  const operatorPath = fldPath.child('operator');
  if (operator === '') errs.push(required(operatorPath, `valid values: ${goQuotedList(supportedOnExitCodesOperators)}`));
  else if (!supportedOnExitCodesOperators.includes(operator)) errs.push(notSupported(operatorPath, operator, supportedOnExitCodesOperators));
  const containerName = str(req['containerName']);
  if (containerName !== undefined && !containerNames.has(containerName)) {
    errs.push(invalid(fldPath.child('containerName'), containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const valuesPath = fldPath.child('values');
  const rawValues = arr(req['values']);
  const values = (rawValues ?? []).map((v) => num(v) ?? 0);
  if (values.length === 0) errs.push(invalid(valuesPath, goInt32s(rawValues ? values : undefined), 'at least one value is required'));
  else if (values.length > maxPodFailurePolicyOnExitCodesValues) errs.push(tooMany(valuesPath, values.length, maxPodFailurePolicyOnExitCodesValues));
  let ordered = true;
  const seen = new Set<number>();
  values.forEach((v, j) => {
    const p = valuesPath.index(j);
    if (operator === 'In' && v === 0) errs.push(invalid(p, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(duplicate(p, v));
    else seen.add(v);
    if (j > 0 && values[j - 1]! > v) ordered = false;
  });
  if (!ordered) errs.push(invalid(valuesPath, goInt32s(values), 'must be ordered'));
  return errs;
}

function validateOnPodConditions(patterns: Json[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > maxPodFailurePolicyOnPodConditionsPatterns) errs.push(tooMany(fldPath, patterns.length, maxPodFailurePolicyOnPodConditionsPatterns));
  patterns.forEach((pattern, j) => {
    const p = fldPath.index(j);
    errs.push(...validateQualifiedName(str(pattern['type']) ?? '', p.child('type')));
    const status = str(pattern['status']) ?? '';
    if (status === '') errs.push(required(p.child('status'), `valid values: ${goQuotedList(supportedConditionStatuses)}`));
    else if (!supportedConditionStatuses.includes(status)) errs.push(notSupported(p.child('status'), status, supportedConditionStatuses));
  });
  return errs;
}

function validatePodFailurePolicyRule(spec: Json, rule: Json, rulePath: FieldPath, containerNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const actionPath = rulePath.child('action');
  const action = str(rule['action']) ?? '';
  if (action === '') errs.push(required(actionPath, `valid values: ${goQuotedList(supportedPodFailurePolicyActions)}`));
  else if (action === 'FailIndex') {
    if (spec['backoffLimitPerIndex'] == null) errs.push(invalid(actionPath, action, 'requires the backoffLimitPerIndex to be set'));
  } else if (!supportedPodFailurePolicyActions.includes(action)) errs.push(notSupported(actionPath, action, supportedPodFailurePolicyActions));
  const onExitCodes = rec(rule['onExitCodes']);
  const onPodConditions = recs(rule['onPodConditions']);
  if (onExitCodes) errs.push(...validateOnExitCodes(onExitCodes, rulePath.child('onExitCodes'), containerNames));
  if (onPodConditions.length > 0) errs.push(...validateOnPodConditions(onPodConditions, rulePath.child('onPodConditions')));
  if (onExitCodes && onPodConditions.length > 0) errs.push(invalidOmitValue(rulePath, 'specifying both OnExitCodes and OnPodConditions is not supported'));
  if (!onExitCodes && onPodConditions.length === 0) errs.push(invalidOmitValue(rulePath, 'specifying one of OnExitCodes and OnPodConditions is required'));
  return errs;
}

function validatePodFailurePolicy(spec: Json, policy: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rulesPath = fldPath.child('rules');
  const rules = recs(policy['rules']);
  if (rules.length > maxPodFailurePolicyRules) errs.push(tooMany(rulesPath, rules.length, maxPodFailurePolicyRules));
  const podSpec = rec(rec(spec['template'])?.['spec']) ?? {};
  const containerNames = new Set([...recs(podSpec['containers']), ...recs(podSpec['initContainers'])].map((c) => str(c['name']) ?? ''));
  rules.forEach((rule, i) => errs.push(...validatePodFailurePolicyRule(spec, rule, rulesPath.index(i), containerNames)));
  return errs;
}

// ---- successPolicy ----

/** As parseIndexInterval: `x` or `x-y`, below completions, increasing. */
function parseIndexInterval(interval: string, completions: number): { x: number; y: number } | { error: string } {
  const limits = interval.split('-');
  if (limits.length > 2) {
    return { error: `the fragment ${goQuote(interval)} violates the requirement that an index interval can have at most two parts separated by '-'` };
  }
  const atoi = (v: string) => (/^[+-]?[0-9]+$/.test(v) ? Number.parseInt(v, 10) : undefined);
  const x = atoi(limits[0]!);
  if (x === undefined) return { error: `cannot convert string to integer for index: ${goQuote(limits[0]!)}` };
  if (x >= completions) return { error: `too large index: ${goQuote(limits[0]!)}` };
  if (limits.length === 1) return { x, y: x };
  const y = atoi(limits[1]!);
  if (y === undefined) return { error: `cannot convert string to integer for index: ${goQuote(limits[1]!)}` };
  if (y >= completions) return { error: `too large index: ${goQuote(limits[1]!)}` };
  if (x >= y) return { error: `non-increasing order, previous: ${x}, current: ${y}` };
  return { x, y };
}

/**
 * As validateIndexesFormat: comma-separated increasing indexes or ranges below completions; returns how many
 * indexes it names, or the parse error's text.
 */
export function validateIndexesFormat(indexes: string, completions: number): { total: number } | { error: string } {
  if (indexes.length === 0) return { total: 0 };
  let last: number | undefined;
  let total = 0;
  for (const interval of indexes.split(',')) {
    const r = parseIndexInterval(interval, completions);
    if ('error' in r) return r;
    if (last !== undefined && last >= r.x) return { error: `non-increasing order, previous: ${last}, current: ${r.x}` };
    total += r.y - r.x + 1;
    last = r.y;
  }
  return { total };
}

/** As validateFailedIndexesNotOverlapCompleted: walks both interval lists, skipping intervals that do not parse. */
function indexesOverlap(completedStr: string, failedStr: string, completions: number): string | undefined {
  if (completedStr.length === 0 || failedStr.length === 0) return undefined;
  const completed = completedStr.split(',');
  const failed = failedStr.split(',');
  let cPos = 0;
  let fPos = 0;
  let c = parseIndexInterval(completed[0]!, completions);
  let f = parseIndexInterval(failed[0]!, completions);
  while (cPos < completed.length && fPos < failed.length) {
    if ('error' in c) {
      cPos++;
      if (cPos < completed.length) c = parseIndexInterval(completed[cPos]!, completions);
    } else if ('error' in f) {
      fPos++;
      if (fPos < failed.length) f = parseIndexInterval(failed[fPos]!, completions);
    } else {
      if (c.x <= f.y && f.x <= c.y) return `failedIndexes and completedIndexes overlap at index: ${Math.max(c.x, f.x)}`;
      if (c.x <= f.x) {
        cPos++;
        if (cPos < completed.length) c = parseIndexInterval(completed[cPos]!, completions);
      } else {
        fPos++;
        if (fPos < failed.length) f = parseIndexInterval(failed[fPos]!, completions);
      }
    }
  }
  return undefined;
}

function goSuccessPolicy(policy: Json): GoRaw {
  const rules = arr(policy['rules']);
  const rulesText = rules
    ? `[]batch.SuccessPolicyRule{${recs(rules)
        .map((r) =>
          goStruct('batch.SuccessPolicyRule', [
            ['SucceededIndexes', goPtr('string', r['succeededIndexes'] != null)],
            ['SucceededCount', goPtr('int32', r['succeededCount'] != null)],
          ]),
        )
        .join(', ')}}`
    : '[]batch.SuccessPolicyRule(nil)';
  return new GoRaw(goStruct('batch.SuccessPolicy', [['Rules', rulesText]]));
}

function validateSuccessPolicy(spec: Json, policy: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const rulesPath = fldPath.child('rules');
  const rules = recs(policy['rules']);
  if (rules.length === 0) errs.push(required(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > maxSuccessPolicyRule) errs.push(tooMany(rulesPath, rules.length, maxSuccessPolicyRule));
  const completions = num(spec['completions']) ?? 0;
  rules.forEach((rule, i) => {
    const rulePath = rulesPath.index(i);
    const indexes = str(rule['succeededIndexes']);
    const count = num(rule['succeededCount']);
    if (count === undefined && indexes === undefined) {
      errs.push(required(rulePath, 'at least one of succeededCount or succeededIndexes must be specified'));
    }
    let totalIndexes = 0;
    if (indexes !== undefined) {
      const p = rulePath.child('succeededIndexes');
      if (indexes.length > maxJobSuccessPolicySucceededIndexesLimit) errs.push(tooLong(p, indexes, maxJobSuccessPolicySucceededIndexesLimit));
      const parsed = validateIndexesFormat(indexes, completions);
      if ('error' in parsed) errs.push(invalid(p, indexes, `error parsing succeededIndexes: ${parsed.error}`));
      else totalIndexes = parsed.total;
    }
    if (count !== undefined) {
      const p = rulePath.child('succeededCount');
      errs.push(...validateNonnegativeField(count, p));
      if (count > completions) errs.push(invalid(p, count, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (indexes !== undefined && count > totalIndexes) {
        errs.push(invalid(p, count, `must be less than or equal to ${totalIndexes} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  });
  return errs;
}

// ---- the spec ----

/**
 * As validateJobSpec: counts non-negative, indexed-mode limits, podFailurePolicy, successPolicy,
 * podReplacementPolicy, the pod template, and a restartPolicy of OnFailure or Never.
 * Shared with CronJob's jobTemplate.
 */
export function validateJobSpecFields(spec: Json, fldPath: FieldPath, podOpts: PodValidationOptions = templateValidationOptions(spec['template'])): FieldError[] {
  const errs: FieldError[] = [];
  const opt = (k: string) => num(spec[k]);
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    const v = opt(k);
    if (v !== undefined) errs.push(...validateNonnegativeField(v, fldPath.child(k)));
  }
  const parallelism = opt('parallelism');
  const completions = opt('completions');
  const backoffLimitPerIndex = opt('backoffLimitPerIndex');
  const maxFailedIndexes = opt('maxFailedIndexes');
  if (maxFailedIndexes !== undefined) {
    errs.push(...validateNonnegativeField(maxFailedIndexes, fldPath.child('maxFailedIndexes')));
    if (backoffLimitPerIndex === undefined) errs.push(required(fldPath.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  const managedBy = str(spec['managedBy']);
  if (managedBy !== undefined) {
    errs.push(...isDomainPrefixedPath(fldPath.child('managedBy'), managedBy));
    if (managedBy.length > maxManagedByLength) errs.push(tooLongMaxLength(fldPath.child('managedBy'), managedBy, maxManagedByLength));
  }
  const completionMode = str(spec['completionMode']);
  if (completionMode !== undefined) {
    if (completionMode !== 'NonIndexed' && completionMode !== 'Indexed') {
      errs.push(notSupported(fldPath.child('completionMode'), completionMode, ['NonIndexed', 'Indexed']));
    }
    if (completionMode === 'Indexed') {
      if (completions === undefined) errs.push(required(fldPath.child('completions'), 'when completion mode is Indexed'));
      if (parallelism !== undefined && parallelism > maxParallelismForIndexedJob) {
        errs.push(invalid(fldPath.child('parallelism'), parallelism, `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`));
      }
      if (completions !== undefined && maxFailedIndexes !== undefined && maxFailedIndexes > completions) {
        errs.push(invalid(fldPath.child('maxFailedIndexes'), maxFailedIndexes, 'must be less than or equal to completions'));
      }
      if (maxFailedIndexes !== undefined && maxFailedIndexes > maxFailedIndexesForIndexedJob) {
        errs.push(invalid(fldPath.child('maxFailedIndexes'), maxFailedIndexes, `must be less than or equal to ${maxFailedIndexesForIndexedJob}`));
      }
      if (completions !== undefined && completions > completionsSoftLimit && backoffLimitPerIndex !== undefined) {
        if (maxFailedIndexes === undefined) {
          errs.push(required(fldPath.child('maxFailedIndexes'), `must be specified when completions is above ${completionsSoftLimit}`));
        }
        const suffix = `when completions are above ${completionsSoftLimit} and used with backoff limit per index`;
        if (parallelism !== undefined && parallelism > parallelismLimitForHighCompletions) {
          errs.push(invalid(fldPath.child('parallelism'), parallelism, `must be less than or equal to ${parallelismLimitForHighCompletions} ${suffix}`));
        }
        if (maxFailedIndexes !== undefined && maxFailedIndexes > maxFailedIndexesLimitForHighCompletions) {
          errs.push(invalid(fldPath.child('maxFailedIndexes'), maxFailedIndexes, `must be less than or equal to ${maxFailedIndexesLimitForHighCompletions} ${suffix}`));
        }
      }
    }
  }
  if (completionMode === undefined || completionMode === 'NonIndexed') {
    if (backoffLimitPerIndex !== undefined) errs.push(invalid(fldPath.child('backoffLimitPerIndex'), backoffLimitPerIndex, 'requires indexed completion mode'));
    if (maxFailedIndexes !== undefined) errs.push(invalid(fldPath.child('maxFailedIndexes'), maxFailedIndexes, 'requires indexed completion mode'));
  }
  const podFailurePolicy = rec(spec['podFailurePolicy']);
  if (podFailurePolicy) errs.push(...validatePodFailurePolicy(spec, podFailurePolicy, fldPath.child('podFailurePolicy')));
  const successPolicy = rec(spec['successPolicy']);
  if (successPolicy) {
    if ((completionMode ?? 'NonIndexed') !== 'Indexed') {
      errs.push(invalid(fldPath.child('successPolicy'), goSuccessPolicy(successPolicy), 'requires indexed completion mode'));
    } else errs.push(...validateSuccessPolicy(spec, successPolicy, fldPath.child('successPolicy')));
  }
  const replacement = str(spec['podReplacementPolicy']);
  if (replacement !== undefined) {
    const p = fldPath.child('podReplacementPolicy');
    if (podFailurePolicy) {
      if (replacement !== 'Failed') errs.push(notSupported(p, replacement, ['Failed']));
    } else if (!supportedPodReplacementPolicies.includes(replacement)) errs.push(notSupported(p, replacement, supportedPodReplacementPolicies));
  }

  const template = rec(spec['template']) ?? {};
  errs.push(...validatePodTemplateSpec(template, fldPath.child('template'), podOpts));
  // An unset restartPolicy was defaulted to Always, so both mean "not chosen".
  const restartPolicy = str(rec(template['spec'])?.['restartPolicy']) ?? '';
  const restartPath = fldPath.child('template', 'spec', 'restartPolicy');
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errs.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  } else if (podFailurePolicy && restartPolicy !== 'Never') {
    errs.push(invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

/** As ValidateJobSpec: the fields, then a required, valid selector that selects the template's labels. */
export function validateJobSpec(spec: Json, fldPath: FieldPath, opts: JobValidationOptions): FieldError[] {
  const errs = validateJobSpecFields(spec, fldPath, opts.pod);
  const selector = spec['selector'];
  if (!rec(selector)) errs.push(required(fldPath.child('selector'), ''));
  else errs.push(...validateSelector(selector, fldPath.child('selector'), opts.allowInvalidLabelValueInSelector));
  const labels = rec(rec(spec['template'])?.['metadata'])?.['labels'];
  if (!selectorConversionFails(selector) && !selectorMatches(selector, labels)) {
    errs.push(invalid(fldPath.child('template', 'metadata', 'labels'), goLabels(labels), '`selector` does not match template `labels`'));
  }
  return errs;
}

/** A Job on create (the strategy has generated its selector; see withGeneratedSelector). */
export function validateJob(obj: KubeObject, opts: JobValidationOptions = jobValidationOptions(obj)): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateGeneratedSelector(obj, opts.requirePrefixedLabels));
  const spec = rec(obj['spec']) ?? {};
  errs.push(...validateJobSpec(spec, root('spec'), opts));
  const completions = num(spec['completions']);
  if (spec['completionMode'] === 'Indexed' && completions !== undefined && completions > 0) {
    // Pods of an indexed Job get `<name>-<index>` hostnames, which must be DNS labels.
    const name = metaOf(obj).name ?? '';
    const hostname = `${name}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(invalid(root('metadata').child('name'), name, `will not able to create pod with invalid DNS label: ${hostname}`));
    }
  }
  return errs;
}

// Scheduling directives a suspended, never-started Job may still change in its template.
function schedulingDirectivesNeutral(template: Json, newTemplate: Json): Json {
  const t = structuredClone(template);
  const n = newTemplate;
  const spec = (rec(t['spec']) ?? (t['spec'] = {})) as Json;
  const nSpec = rec(n['spec']) ?? {};
  const nAffinity = rec(nSpec['affinity']);
  const oAffinity = rec(spec['affinity']);
  if (!nAffinity && oAffinity) {
    const rest = { ...oAffinity };
    delete rest['nodeAffinity'];
    spec['affinity'] = Object.keys(rest).length ? rest : undefined;
  } else if (nAffinity && !oAffinity) {
    spec['affinity'] = nAffinity['nodeAffinity'] === undefined ? {} : { nodeAffinity: nAffinity['nodeAffinity'] };
  } else if (nAffinity && oAffinity) {
    spec['affinity'] = { ...oAffinity, nodeAffinity: nAffinity['nodeAffinity'] };
  }
  spec['nodeSelector'] = nSpec['nodeSelector'];
  spec['tolerations'] = nSpec['tolerations'];
  spec['schedulingGates'] = nSpec['schedulingGates'];
  const meta = (rec(t['metadata']) ?? (t['metadata'] = {})) as Json;
  const nMeta = rec(n['metadata']) ?? {};
  meta['annotations'] = nMeta['annotations'];
  meta['labels'] = nMeta['labels'];
  return t;
}

/** Drops undefined members and empty maps/lists, so JSON round trips compare as Go's semantic equality would. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(compact) : undefined;
  const r = rec(v);
  if (!r) return v === null ? undefined : v;
  const out: Json = {};
  for (const [k, x] of Object.entries(r)) {
    const c = compact(x);
    if (c !== undefined) out[k] = c;
  }
  return Object.keys(out).length ? out : undefined;
}

const immutable = (p: FieldPath, newVal: unknown, oldVal: unknown, printed: unknown): FieldError[] =>
  deepEqual(compact(newVal), compact(oldVal)) ? [] : [invalid(p, printed, FieldImmutableErrorMsg)];

/** As ValidateJobSpecUpdate: the spec again, then completions (elastic for Indexed), selector, template and friends immutable. */
function validateJobSpecUpdate(spec: Json, oldSpec: Json, fldPath: FieldPath, opts: JobValidationOptions): FieldError[] {
  const errs = validateJobSpec(spec, fldPath, opts);
  const completions = num(spec['completions']);
  const oldCompletions = num(oldSpec['completions']);
  if (spec['completionMode'] !== 'Indexed') {
    errs.push(...immutable(fldPath.child('completions'), completions, oldCompletions, completions ?? null));
  } else if (completions !== oldCompletions && completions !== undefined && completions !== num(spec['parallelism'])) {
    errs.push(invalid(fldPath.child('completions'), completions, 'can only be modified in tandem with spec.parallelism'));
  }
  errs.push(...validateImmutableSelector(spec['selector'], oldSpec['selector'], fldPath.child('selector')));
  const template = rec(spec['template']) ?? {};
  const oldTemplate = opts.allowMutableSchedulingDirectives ? schedulingDirectivesNeutral(rec(oldSpec['template']) ?? {}, template) : rec(oldSpec['template']) ?? {};
  errs.push(...immutable(fldPath.child('template'), template, oldTemplate, goPodTemplateSpec(spec['template'])));
  const mode = str(spec['completionMode']);
  errs.push(...immutable(fldPath.child('completionMode'), mode, str(oldSpec['completionMode']), mode ?? null));
  errs.push(...immutable(fldPath.child('podFailurePolicy'), spec['podFailurePolicy'], oldSpec['podFailurePolicy'], goPtr('batch.PodFailurePolicy', spec['podFailurePolicy'] != null)));
  const perIndex = num(spec['backoffLimitPerIndex']);
  errs.push(...immutable(fldPath.child('backoffLimitPerIndex'), perIndex, num(oldSpec['backoffLimitPerIndex']), perIndex ?? null));
  const managedBy = str(spec['managedBy']);
  errs.push(...immutable(fldPath.child('managedBy'), managedBy, str(oldSpec['managedBy']), managedBy ?? null));
  const successPolicy = rec(spec['successPolicy']);
  errs.push(...immutable(fldPath.child('successPolicy'), successPolicy, rec(oldSpec['successPolicy']), successPolicy ? goSuccessPolicy(successPolicy) : null));
  return errs;
}

/** A Job on update: ValidateJob on the new object, then ValidateJobUpdate (so spec errors may appear twice, as upstream's). */
export function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const opts = jobValidationOptions(obj, old);
  const errs = validateJob(obj, opts);
  errs.push(...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata')));
  errs.push(...validateJobSpecUpdate(rec(obj['spec']) ?? {}, rec(old['spec']) ?? {}, root('spec'), opts));
  return errs;
}

// ---- status ----

const conditionTrue = (status: Json, type: string) => recs(status['conditions']).some((c) => c['type'] === type && c['status'] === 'True');

/** Whether the Job has a Complete or Failed condition that is True. */
export const isJobFinished = (job: KubeObject) => {
  const s = rec(job['status']) ?? {};
  return conditionTrue(s, 'Complete') || conditionTrue(s, 'Failed');
};

interface StatusChanges {
  finished: boolean;
  complete: boolean;
  failed: boolean;
  failureTarget: boolean;
  completedIndexes: boolean;
  failedIndexes: boolean;
  active: boolean;
  startTime: boolean;
  completionTime: boolean;
  uncounted: boolean;
}

const time = (v: unknown) => (typeof v === 'string' ? new Date(v).getTime() : undefined);

/** The JobManagedBy (beta in 1.32) status rules, each checked only when the fields it is about changed. */
function validateJobStatus(job: KubeObject, old: KubeObject, fldPath: FieldPath): FieldError[] {
  const status = rec(job['status']) ?? {};
  const oldStatus = rec(old['status']) ?? {};
  const spec = rec(job['spec']) ?? {};
  const errs: FieldError[] = [];
  const n = (k: string) => num(status[k]) ?? 0;
  for (const k of ['active', 'succeeded', 'failed']) errs.push(...validateNonnegativeField(n(k), fldPath.child(k)));
  for (const k of ['ready', 'terminating']) {
    const v = num(status[k]);
    if (v !== undefined) errs.push(...validateNonnegativeField(v, fldPath.child(k)));
  }
  const uncounted = rec(status['uncountedTerminatedPods']);
  if (uncounted) {
    const path = fldPath.child('uncountedTerminatedPods');
    const seen = new Set<string>();
    for (const part of ['succeeded', 'failed']) {
      strs(uncounted[part]).forEach((uid, i) => {
        const p = path.child(part).index(i);
        if (uid === '') errs.push(invalid(p, uid, 'must not be empty'));
        else if (seen.has(uid)) errs.push(duplicate(p, uid));
        else seen.add(uid);
      });
    }
  }
  const was = (k: string) => conditionTrue(oldStatus, k);
  const is = (k: string) => conditionTrue(status, k);
  const finished = is('Complete') || is('Failed');
  const ch: StatusChanges = {
    finished: finished !== (was('Complete') || was('Failed')),
    complete: is('Complete') !== was('Complete'),
    failed: is('Failed') !== was('Failed'),
    failureTarget: is('FailureTarget') !== was('FailureTarget'),
    completedIndexes: (str(status['completedIndexes']) ?? '') !== (str(oldStatus['completedIndexes']) ?? ''),
    failedIndexes: (str(status['failedIndexes']) ?? null) !== (str(oldStatus['failedIndexes']) ?? null),
    active: n('active') !== (num(oldStatus['active']) ?? 0),
    startTime: time(status['startTime']) !== time(oldStatus['startTime']),
    completionTime: time(status['completionTime']) !== time(oldStatus['completionTime']),
    uncounted: !deepEqual(compact(status['uncountedTerminatedPods']), compact(oldStatus['uncountedTerminatedPods'])),
  };
  const conditions = fldPath.child('conditions');
  const completionTime = str(status['completionTime']);
  const startTime = str(status['startTime']);
  if ((ch.complete || ch.failed) && is('Complete') && is('Failed')) errs.push(invalidOmitValue(conditions, 'cannot set Complete=True and Failed=true conditions'));
  if ((ch.complete || ch.failureTarget) && is('Complete') && is('FailureTarget')) {
    errs.push(invalidOmitValue(conditions, 'cannot set Complete=True and FailureTarget=true conditions'));
  }
  if ((ch.complete || ch.completionTime) && completionTime && !is('Complete')) {
    errs.push(invalid(fldPath.child('completionTime'), new GoRaw(goTime(completionTime)), 'cannot set completionTime when there is no Complete=True condition'));
  }
  if ((ch.complete || ch.completionTime) && !completionTime && is('Complete')) {
    errs.push(required(fldPath.child('completionTime'), 'completionTime is required for Complete jobs'));
  }
  if ((ch.startTime || ch.completionTime) && startTime && completionTime && time(completionTime)! < time(startTime)!) {
    errs.push(invalid(fldPath.child('completionTime'), new GoRaw(goTime(completionTime)), 'completionTime cannot be set before startTime'));
  }
  // RejectFailedJobWithoutFailureTarget and RejectCompleteJobWithoutSuccessCriteriaMet are off in 1.32.
  if ((ch.finished || ch.active) && n('active') > 0 && finished) errs.push(invalid(fldPath.child('active'), n('active'), 'active>0 is invalid for finished job'));
  if ((ch.finished || ch.startTime) && !startTime && finished) errs.push(required(fldPath.child('startTime'), 'startTime is required for finished job'));
  if ((ch.finished || ch.uncounted) && finished && uncounted && strs(uncounted['failed']).length + strs(uncounted['succeeded']).length > 0) {
    const printed = new GoRaw(`batch.UncountedTerminatedPods{Succeeded:${goUIDs(uncounted['succeeded'])}, Failed:${goUIDs(uncounted['failed'])}}`);
    errs.push(invalid(fldPath.child('uncountedTerminatedPods'), printed, 'uncountedTerminatedPods needs to be empty for finished job'));
  }
  const completions = num(spec['completions']);
  const completedIndexes = str(status['completedIndexes']) ?? '';
  const failedIndexes = str(status['failedIndexes']);
  if (ch.completedIndexes && completions !== undefined) {
    const r = validateIndexesFormat(completedIndexes, completions);
    if ('error' in r) errs.push(invalid(fldPath.child('completedIndexes'), completedIndexes, `error parsing completedIndexes: ${r.error}`));
  }
  if (ch.failedIndexes && completions !== undefined && spec['backoffLimitPerIndex'] != null && failedIndexes !== undefined) {
    const r = validateIndexesFormat(failedIndexes, completions);
    if ('error' in r) errs.push(invalid(fldPath.child('failedIndexes'), failedIndexes, `error parsing failedIndexes: ${r.error}`));
  }
  const isIndexed = spec['completionMode'] === 'Indexed';
  if (ch.completedIndexes && completedIndexes.length !== 0 && !isIndexed) {
    errs.push(invalid(fldPath.child('completedIndexes'), completedIndexes, 'cannot set non-empty completedIndexes when non-indexed completion mode'));
  }
  if (ch.failedIndexes && spec['backoffLimitPerIndex'] == null && failedIndexes !== undefined) {
    errs.push(invalid(fldPath.child('failedIndexes'), failedIndexes, 'cannot set non-null failedIndexes when backoffLimitPerIndex is null'));
  }
  if ((ch.failedIndexes || ch.completedIndexes) && completions !== undefined && failedIndexes !== undefined) {
    const overlap = indexesOverlap(completedIndexes, failedIndexes, completions);
    if (overlap) errs.push(invalid(fldPath.child('failedIndexes'), failedIndexes, overlap));
  }
  // RejectFinishedJobWithTerminatingPods and RejectMoreReadyThanActivePods are off in 1.32.
  if (is('SuccessCriteriaMet') && is('Failed')) errs.push(invalidOmitValue(conditions, 'cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  if (is('SuccessCriteriaMet') && is('FailureTarget')) {
    errs.push(invalidOmitValue(conditions, 'cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'));
  }
  if (spec['successPolicy'] != null && !is('SuccessCriteriaMet') && is('Complete')) {
    errs.push(invalidOmitValue(conditions, 'cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True'));
  }
  return errs;
}

const goUIDs = (v: unknown) => {
  const a = arr(v);
  return a ? `[]types.UID{${a.map((u) => goQuote(String(u))).join(', ')}}` : '[]types.UID(nil)';
};

/** A Job's status update (JobManagedBy rules: terminal conditions stay, counters only grow, times consistent). */
export function validateJobStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const statusPath = root('status');
  errs.push(...validateJobStatus(obj, old, statusPath));
  const status = rec(obj['status']) ?? {};
  const oldStatus = rec(old['status']) ?? {};
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (conditionTrue(oldStatus, type) && !conditionTrue(status, type)) {
      errs.push(invalidOmitValue(statusPath.child('conditions'), `cannot disable the terminal ${type}=True condition`));
    }
  }
  const spec = rec(obj['spec']) ?? {};
  const failed = num(status['failed']) ?? 0;
  if (failed < (num(oldStatus['failed']) ?? 0)) errs.push(invalid(statusPath.child('failed'), failed, 'cannot decrease the failed counter'));
  const succeeded = num(status['succeeded']) ?? 0;
  const rejectDecreasingSucceeded = spec['completionMode'] !== 'Indexed' || num(spec['completions']) !== num(spec['parallelism']);
  if (rejectDecreasingSucceeded && succeeded < (num(oldStatus['succeeded']) ?? 0)) {
    errs.push(invalid(statusPath.child('succeeded'), succeeded, 'cannot decrease the succeeded counter'));
  }
  const completionTime = str(status['completionTime']);
  const oldCompletionTime = str(oldStatus['completionTime']);
  if (completionTime && oldCompletionTime && time(completionTime) !== time(oldCompletionTime)) {
    errs.push(invalid(statusPath.child('completionTime'), new GoRaw(goTime(completionTime)), 'completionTime cannot be mutated'));
  }
  const startTime = str(status['startTime']);
  const oldStartTime = str(oldStatus['startTime']);
  if (time(startTime) !== time(oldStartTime) && oldStartTime && spec['suspend'] !== true) {
    errs.push(required(statusPath.child('startTime'), 'startTime cannot be removed for unsuspended job'));
  }
  if (conditionTrue(oldStatus, 'SuccessCriteriaMet') && !conditionTrue(status, 'SuccessCriteriaMet')) {
    errs.push(invalidOmitValue(statusPath.child('conditions'), 'cannot disable the SuccessCriteriaMet=True condition'));
  }
  if (conditionTrue(oldStatus, 'Complete') && !conditionTrue(oldStatus, 'SuccessCriteriaMet') && conditionTrue(status, 'SuccessCriteriaMet')) {
    errs.push(invalidOmitValue(statusPath.child('conditions'), 'cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions'));
  }
  return errs;
}
