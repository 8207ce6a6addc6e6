/**
 * Schedule arithmetic and Job construction of the CronJob controller (pkg/controller/cronjob/utils.go).
 */
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { deepCopy, type KubeObject } from '../../api/object.js';
import { newControllerRef } from '../util/controller-ref.js';
import type { Schedule } from './schedule.js';

export const CronJobScheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Added to the next requeue for clock skew (nextScheduleDelta). */
export const nextScheduleDeltaMs = 100;

export type MissedSchedules = 'none' | 'few' | 'many';

export const inActiveList = (cj: CronJob, uid: string | undefined) => (cj.status?.active ?? []).some((j) => j.uid === uid);

export const inActiveListByName = (cj: CronJob, name: string, namespace: string) =>
  (cj.status?.active ?? []).some((j) => j.name === name && j.namespace === namespace);

/** Removes the job from status.active (an emptied list is omitted, as Go's omitempty does). */
export function deleteFromActiveList(cj: CronJob, uid: string | undefined): void {
  const status = (cj.status ??= {});
  const active = (status.active ?? []).filter((j) => j.uid !== uid);
  if (active.length) status.active = active;
  else delete status.active;
}

const ms = (t: string | null | undefined) => (t ? new Date(t).getTime() : 0);

/**
 * mostRecentScheduleTime: the earliest time considered (last schedule, else creation, moved up to now minus
 * startingDeadlineSeconds when asked), the most recent run time not after now (if any), and how many were missed.
 */
export function mostRecentScheduleTime(
  cj: CronJob & KubeObject,
  now: number,
  schedule: Schedule,
  includeStartingDeadlineSeconds: boolean,
): { earliestTime: number; mostRecentTime?: number; missed: MissedSchedules; error?: Error } {
  let earliestTime = ms(cj.metadata.creationTimestamp);
  let missed: MissedSchedules = 'none';
  if (cj.status?.lastScheduleTime) earliestTime = ms(cj.status.lastScheduleTime);
  const sds = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && sds !== undefined && sds !== null) {
    // Nothing older than the deadline will be started.
    const schedulingDeadline = now - sds * 1000;
    if (schedulingDeadline > earliestTime) earliestTime = schedulingDeadline;
  }
  const t1 = schedule.next(new Date(earliestTime)).getTime();
  const t2 = schedule.next(new Date(t1)).getTime();
  if (now < t1) return { earliestTime, missed };
  if (now < t2) return { earliestTime, mostRecentTime: t1, missed };
  // A grammatical schedule that never fires (February 31st) gives the zero time twice.
  const timeBetweenTwoSchedules = Math.round((t2 - t1) / 1000);
  if (timeBetweenTwoSchedules < 1) return { earliestTime, missed, error: new Error('time difference between two schedules is less than 1 second') };
  // A rough count of the runs between t1 and now, then the exact most recent one from just before.
  const timeElapsed = Math.trunc((now - t1) / 1000);
  const numberOfMissedSchedules = Math.trunc(timeElapsed / timeBetweenTwoSchedules) + 1;
  const potentialEarliest = t1 + (numberOfMissedSchedules - 1 - 1) * timeBetweenTwoSchedules * 1000;
  let mostRecentTime = 0;
  for (let t = schedule.next(new Date(potentialEarliest)).getTime(); t <= now; t = schedule.next(new Date(t)).getTime()) mostRecentTime = t;
  if (numberOfMissedSchedules > 100) missed = 'many';
  else if (numberOfMissedSchedules > 0) missed = 'few';
  if (mostRecentTime === 0) return { earliestTime, missed };
  return { earliestTime, mostRecentTime, missed };
}

/** How long until the next run after the most recent one, plus the 100 ms skew allowance (nextScheduleTimeDuration). */
export function nextScheduleTimeDuration(cj: CronJob & KubeObject, now: number, schedule: Schedule): number {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let mostRecent: number;
  if (r.error) mostRecent = now;
  else if (r.mostRecentTime === undefined) mostRecent = r.missed === 'none' ? r.earliestTime : now;
  else mostRecent = r.mostRecentTime;
  return schedule.next(new Date(mostRecent)).getTime() + nextScheduleDeltaMs - now;
}

/** The run time to start now, if any (nextScheduleTime); `many` missed runs mean a TooManyMissedTimes warning. */
export function nextScheduleTime(cj: CronJob & KubeObject, now: number, schedule: Schedule): { scheduledTime?: number; missed: MissedSchedules; error?: Error } {
  const r = mostRecentScheduleTime(cj, now, schedule, true);
  if (r.mostRecentTime === undefined || r.mostRecentTime > now) return { missed: r.missed, error: r.error };
  return { scheduledTime: r.mostRecentTime, missed: r.missed, error: r.error };
}

/** `<cronjob>-<scheduled time in minutes since the epoch>`: one name per run, so a run is never created twice. */
export function getJobName(cj: CronJob, scheduledTime: number): string {
  return `${cj.metadata?.name}-${Math.floor(scheduledTime / 1000 / 60)}`;
}

/** The Job of one run (getJobFromTemplate2): the template's labels, annotations and spec, owned by the CronJob. */
export function getJobFromTemplate2(cj: CronJob & KubeObject, scheduledTime: number): Job & KubeObject {
  const labels = { ...(cj.spec?.jobTemplate?.metadata?.labels ?? {}) };
  const annotations: Record<string, string> = { ...(cj.spec?.jobTemplate?.metadata?.annotations ?? {}) };
  annotations[CronJobScheduledTimestampAnnotation] = formatRFC3339In(new Date(scheduledTime), cj.spec?.timeZone ?? undefined);
  const metadata: KubeObject['metadata'] = {
    name: getJobName(cj, scheduledTime),
    ownerReferences: [newControllerRef(cj, { apiVersion: 'batch/v1', kind: 'CronJob' })],
  };
  if (Object.keys(labels).length) metadata.labels = labels;
  metadata.annotations = annotations;
  return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: deepCopy(cj.spec?.jobTemplate?.spec ?? { template: {} }) } as Job & KubeObject;
}

/** Go's t.In(loc).Format(time.RFC3339): `Z` for a zero offset, else `±hh:mm`. */
export function formatRFC3339In(d: Date, timeZone: string | undefined): string {
  const zone = !timeZone || timeZone === 'Local' ? 'UTC' : timeZone;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const offset = String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset === '' || offset === '+00:00' ? 'Z' : offset}`;
}

/** Go's time.RFC1123Z of a UTC time: `Mon, 02 Jan 2006 15:04:05 +0000`. */
export function formatRFC1123Z(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Sorts jobs by status.startTime (jobs without one last), names breaking ties (byJobStartTime). */
export function byJobStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  if (ms(sa) === ms(sb)) return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0;
  return ms(sa) - ms(sb);
}

/** The job's reference as status.active holds it (ref.GetReference). */
export function jobReference(job: KubeObject): ObjectReference {
  const ref: ObjectReference = { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1' };
  if (job.metadata.resourceVersion) ref.resourceVersion = job.metadata.resourceVersion;
  return ref;
}
