/** The batch group's printers (printJob with its STATUS column of 1.32, printCronJob). */
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import { formatLabelSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import { humanDuration } from '../../util/human-duration.js';
import { int, layoutContainerCells, printBoolPtr, str, timeMs, translateTimestampSince, zeroTime } from './cell-formats.js';
import { ageColumn, column, containersColumn, fieldDoc, imagesColumn, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

const batch = 'io.k8s.api.batch.v1';
const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata.creationTimestamp, now);

/** hasJobCondition: the first condition of the type decides. */
function hasJobCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  const c = (conditions ?? []).find((x) => x.type === type);
  return c !== undefined && c.status === 'True';
}

/** The STATUS column: Complete, Failed, Terminating, Suspended, FailureTarget or Running, in that precedence. */
export function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasJobCondition(conditions, 'Complete')) return 'Complete';
  if (hasJobCondition(conditions, 'Failed')) return 'Failed';
  if (timeMs(job.metadata?.deletionTimestamp) !== zeroTime) return 'Terminating';
  if (hasJobCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: `succeeded/completions`, and for work queues (no completions) `n/1` or `n/1 of parallelism`. */
function completions(job: Job): string {
  const succeeded = int(job.status?.succeeded);
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: empty before the job starts, running time until it completes, then start to completion. */
function duration(job: Job, now: Date): string {
  const start = timeMs(job.status?.startTime);
  if (job.status?.startTime === undefined || job.status.startTime === null) return '';
  if (job.status.completionTime === undefined || job.status.completionTime === null) return humanDuration(now.getTime() - start);
  return humanDuration(timeMs(job.status.completionTime) - start);
}

export const jobPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', fieldDoc(`${batch}.JobStatus`, 'succeeded')),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', fieldDoc(`${batch}.JobSpec`, 'selector'), { priority: 1 }),
  ],
  (obj, now) => {
    const job = obj as unknown as Job;
    const [names, images] = layoutContainerCells(job.spec?.template?.spec?.containers);
    return [str(obj.metadata.name), jobStatus(job), completions(job), duration(job, now), age(obj, now), names, images, formatLabelSelector(job.spec?.selector)];
  },
);

export const cronJobPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Schedule', 'string', fieldDoc(`${batch}.CronJobSpec`, 'schedule')),
    column('Timezone', 'string', fieldDoc(`${batch}.CronJobSpec`, 'timeZone')),
    column('Suspend', 'boolean', fieldDoc(`${batch}.CronJobSpec`, 'suspend')),
    column('Active', 'integer', fieldDoc(`${batch}.CronJobStatus`, 'active')),
    column('Last Schedule', 'string', fieldDoc(`${batch}.CronJobStatus`, 'lastScheduleTime')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', fieldDoc(`${batch}.JobSpec`, 'selector'), { priority: 1 }),
  ],
  (obj, now) => {
    const cj = obj as unknown as CronJob;
    const last = cj.status?.lastScheduleTime;
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [names, images] = layoutContainerCells(jobSpec?.template?.spec?.containers);
    return [
      str(obj.metadata.name),
      str(cj.spec?.schedule),
      cj.spec?.timeZone ?? '<none>',
      printBoolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last === undefined || last === null ? '<none>' : translateTimestampSince(last, now),
      age(obj, now),
      names,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
);
