/** CronJob validation as pkg/apis/batch/validation (ValidateCronJobCreate/Update): schedule, timeZone, and a jobTemplate without a selector. */
import { FieldPath, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { cronScheduleError, loadLocationError } from './cron-schedule.js';
import { validateJobSpecFields } from './job.js';
import { validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { goLabelSelector, metaOf, num, rec, root, str, templateValidationOptions, type Json } from './other-common.js';

/** A Job the controller makes is named `<cronjob>-<11-character timestamp>` and must fit 63 characters. */
export const MaxCronJobNameLength = 52;

/** As validateScheduleFormat: robfig's parse, and TZ in the schedule only where an old schedule already had it. */
function validateScheduleFormat(schedule: string, allowTZInSchedule: boolean, timeZone: string | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const err = cronScheduleError(schedule);
  if (err !== undefined) errs.push(invalid(fldPath, schedule, err));
  if (allowTZInSchedule && schedule.includes('TZ') && timeZone !== undefined) {
    errs.push(invalid(fldPath, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZInSchedule && schedule.includes('TZ')) {
    errs.push(invalid(fldPath, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

// IANA naming rules (https://data.iana.org/time-zones/theory.html#naming), digits and '+' tolerated for legacy names.
const validTimeZoneCharacters = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** As validateTimeZone: nil or an explicit IANA zone. */
function validateTimeZone(timeZone: string | undefined, fldPath: FieldPath): FieldError[] {
  if (timeZone === undefined) return [];
  if (timeZone.length === 0) return [invalid(fldPath, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !validTimeZoneCharacters.test(part)) {
      return [invalid(fldPath, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errs.push(invalid(fldPath, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  }
  const err = loadLocationError(timeZone);
  if (err !== undefined) errs.push(invalid(fldPath, timeZone, err));
  return errs;
}

/** As ValidateJobTemplateSpec: the Job spec rules, and no selector (it is generated for each Job). */
function validateJobTemplateSpec(template: Json, fldPath: FieldPath, oldTemplate: Json | undefined): FieldError[] {
  const spec = rec(template['spec']) ?? {};
  const podTemplate = spec['template'];
  const oldPodTemplate = oldTemplate === undefined ? undefined : rec(oldTemplate['spec'])?.['template'];
  const errs = validateJobSpecFields(spec, fldPath.child('spec'), templateValidationOptions(podTemplate, oldPodTemplate));
  if (rec(spec['selector'])) errs.push(invalid(fldPath.child('spec', 'selector'), goLabelSelector(spec['selector']), '`selector` will be auto-generated'));
  if (spec['manualSelector'] === true) errs.push(notSupported(fldPath.child('spec', 'manualSelector'), true, ['nil', 'false']));
  return errs;
}

/** As validateCronJobSpec; oldSpec is given on update. */
function validateCronJobSpec(spec: Json, oldSpec: Json | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = str(spec['schedule']) ?? '';
  const timeZone = str(spec['timeZone']);
  if (schedule.length === 0) errs.push(required(fldPath.child('schedule'), ''));
  else {
    const allowTZInSchedule = oldSpec !== undefined && (str(oldSpec['schedule']) ?? '').includes('TZ');
    errs.push(...validateScheduleFormat(schedule, allowTZInSchedule, timeZone, fldPath.child('schedule')));
  }
  const startingDeadlineSeconds = num(spec['startingDeadlineSeconds']);
  if (startingDeadlineSeconds !== undefined) errs.push(...validateNonnegativeField(startingDeadlineSeconds, fldPath.child('startingDeadlineSeconds')));
  if (oldSpec === undefined || str(oldSpec['timeZone']) !== timeZone) errs.push(...validateTimeZone(timeZone, fldPath.child('timeZone')));
  const policy = str(spec['concurrencyPolicy']) ?? '';
  if (policy === '') errs.push(required(fldPath.child('concurrencyPolicy'), ''));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) errs.push(notSupported(fldPath.child('concurrencyPolicy'), policy, ['Allow', 'Forbid', 'Replace']));
  const oldJobTemplate = oldSpec === undefined ? undefined : rec(oldSpec['jobTemplate']) ?? {};
  errs.push(...validateJobTemplateSpec(rec(spec['jobTemplate']) ?? {}, fldPath.child('jobTemplate'), oldJobTemplate));
  for (const k of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const v = num(spec[k]);
    if (v !== undefined) errs.push(...validateNonnegativeField(v, fldPath.child(k)));
  }
  return errs;
}

/** A CronJob on create: its name leaves room for the Jobs' timestamp suffix. */
export function validateCronJob(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateCronJobSpec(rec(obj['spec']) ?? {}, undefined, root('spec')));
  const name = metaOf(obj).name ?? '';
  if (name.length > MaxCronJobNameLength) errs.push(invalid(root('metadata').child('name'), name, `must be no more than ${MaxCronJobNameLength} characters`));
  return errs;
}

/** A CronJob on update (no name-length rule, so old long-named CronJobs can still be changed or deleted). */
export function validateCronJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  errs.push(...validateCronJobSpec(rec(obj['spec']) ?? {}, rec(old['spec']) ?? {}, root('spec')));
  return errs;
}

/** A CronJob's status update: upstream's status strategy validates nothing. */
export function validateCronJobStatusUpdate(): FieldError[] {
  return [];
}
