/** kubectl describe job and cronjob: the job spec, timing, pod counts, and the cron job's schedule and active jobs. */
import type { CronJob, Job, JobTemplateSpec } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../../api/object.js';
import { printController } from './controller-of.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { describePodTemplate } from './describe-pod-template.js';
import { printBoolPtr } from './go-text.js';
import { LEVEL_0, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';
import { trySelectorString } from './selector-text.js';
import { durationBetween, rfc1123z } from './time-text.js';

const isSet = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/** capIndexesListOrNone: the completed-indexes text cut after the first comma past 50 bytes. */
export function capIndexesListOrNone(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return `${indexes.slice(0, ix + 1)}...`;
}

function writeSelector(w: PrefixWriter, selector: Parameters<typeof trySelectorString>[0]): void {
  const s = trySelectorString(selector);
  if ('text' in s) w.write(LEVEL_0, `Selector:\t${s.text}\n`);
  else w.write(LEVEL_0, `Selector:\tFailed to get selector: ${s.error}\n`);
}

export function describeJob(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const job = obj as KubeObject & Job;
  const spec = job.spec ?? ({ template: {} } as NonNullable<Job['spec']>);
  const status = job.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
    writeSelector(w, spec.selector);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const controlledBy = printController(job);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (isSet(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${isSet(spec.completions) ? spec.completions : '<unset>'}\n`);
    if (isSet(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (isSet(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (isSet(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (isSet(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime, ctx)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime, ctx)}\n`);
    if (status.startTime && status.completionTime) w.write(LEVEL_0, `Duration:\t${durationBetween(status.startTime, status.completionTime)}\n`);
    if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const [active, succeeded, failed] = [status.active ?? 0, status.succeeded ?? 0, status.failed ?? 0];
    if (!isSet(status.ready)) w.write(LEVEL_0, `Pods Statuses:\t${active} Active / ${succeeded} Succeeded / ${failed} Failed\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${active} Active (${status.ready} Ready) / ${succeeded} Succeeded / ${failed} Failed\n`);
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes, 50)}\n`);
    describePodTemplate(spec.template, w, ctx);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

function describeJobTemplate(template: JobTemplateSpec | undefined, w: PrefixWriter, ctx: DescribeContext): void {
  const spec = template?.spec;
  if (spec?.selector) writeSelector(w, spec.selector);
  else w.write(LEVEL_0, 'Selector:\t<unset>\n');
  w.write(LEVEL_0, `Parallelism:\t${isSet(spec?.parallelism) ? spec.parallelism : '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${isSet(spec?.completions) ? spec.completions : '<unset>'}\n`);
  if (isSet(spec?.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec?.template, w, ctx);
}

export function describeCronJob(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const cj = obj as KubeObject & CronJob;
  const spec = cj.spec ?? ({ schedule: '', jobTemplate: {} } as NonNullable<CronJob['spec']>);
  const status = cj.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${isSet(spec.successfulJobsHistoryLimit) ? spec.successfulJobsHistoryLimit : '<unset>'}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${isSet(spec.failedJobsHistoryLimit) ? spec.failedJobsHistoryLimit : '<unset>'}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${isSet(spec.startingDeadlineSeconds) ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
    describeJobTemplate(spec.jobTemplate, w, ctx);
    w.write(LEVEL_0, `Last Schedule Time:\t${status.lastScheduleTime ? rfc1123z(status.lastScheduleTime, ctx) : '<unset>'}\n`);
    w.write(LEVEL_0, 'Active Jobs:\t');
    if (!status.active?.length) w.writeLine('<none>');
    else {
      status.active.forEach((job, i) => {
        if (i !== 0) w.write(LEVEL_0, ', ');
        w.write(LEVEL_0, job.name ?? '');
      });
      w.writeLine('');
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
