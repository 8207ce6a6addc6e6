/** Defaulting for batch/v1 Jobs and CronJobs, after pkg/apis/batch/v1/defaults.go. */
import { setPodTemplateSpecDefaults } from './core.js';
import { defaultString, defaultUnset, isObj, isUnset, listAt, objAt, structAt, templateMetadata, type Obj } from './fields.js';

const MaxInt32 = 2147483647;

/** SetDefaults_PodFailurePolicyOnPodConditionsPattern: a pattern without status matches True. */
function setPodFailurePolicyDefaults(jobSpec: Obj): void {
  const policy = objAt(jobSpec, 'podFailurePolicy');
  if (!policy) return;
  for (const rule of listAt(policy, 'rules')) for (const pattern of listAt(rule, 'onPodConditions')) defaultString(pattern, 'status', 'True');
}

function setJobDefaults(job: Obj): void {
  const spec = structAt(job, 'spec');
  // A non-parallel job may leave both unset: both become 1. Otherwise only parallelism defaults.
  if (isUnset(spec.completions) && isUnset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  defaultUnset(spec, 'parallelism', 1);
  if (isUnset(spec.backoffLimit)) spec.backoffLimit = isUnset(spec.backoffLimitPerIndex) ? 6 : MaxInt32;
  const template = structAt(spec, 'template');
  const meta = structAt(job, 'metadata');
  const templateLabels = objAt(structAt(template, 'metadata'), 'labels');
  // Go shares the template's label map with the job here, so labels the strategy adds later show on both.
  if (templateLabels && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = templateLabels;
  defaultUnset(spec, 'completionMode', 'NonIndexed');
  defaultUnset(spec, 'suspend', false);
  if (isUnset(spec.podReplacementPolicy)) spec.podReplacementPolicy = isUnset(spec.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed';
  defaultUnset(spec, 'manualSelector', false);
  setPodFailurePolicyDefaults(spec);
  setPodTemplateSpecDefaults(template);
  structAt(job, 'status');
}

function setCronJobDefaults(cj: Obj): void {
  const spec = structAt(cj, 'spec');
  defaultString(spec, 'concurrencyPolicy', 'Allow');
  defaultUnset(spec, 'suspend', false);
  defaultUnset(spec, 'successfulJobsHistoryLimit', 3);
  defaultUnset(spec, 'failedJobsHistoryLimit', 1);
  // The job template gets only nested defaults (pod template, failure-policy patterns), not SetDefaults_Job.
  const jobTemplate = structAt(spec, 'jobTemplate');
  templateMetadata(jobTemplate);
  const jobSpec = structAt(jobTemplate, 'spec');
  setPodFailurePolicyDefaults(jobSpec);
  setPodTemplateSpecDefaults(structAt(jobSpec, 'template'));
  structAt(cj, 'status');
}

/** Defaults a batch/v1 object of the given kind in place. */
export function setBatchDefaults(obj: Obj, kind: string): void {
  if (kind === 'Job') setJobDefaults(obj);
  else if (kind === 'CronJob') setCronJobDefaults(obj);
}
