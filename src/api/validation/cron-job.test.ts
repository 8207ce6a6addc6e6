import type { KubeObject } from '../object.js';
import { validateCronJob, validateCronJobUpdate } from './cron-job.js';

type Spec = Record<string, unknown>;

const podSpec = (restartPolicy = 'OnFailure') => ({
  containers: [{ name: 'hello', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy,
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

/** A defaulted CronJob named hello running every minute; `edit` changes its spec. */
function makeCronJob(edit: (spec: Spec) => void = () => {}, name = 'hello'): KubeObject {
  const spec: Spec = {
    schedule: '* * * * *',
    concurrencyPolicy: 'Allow',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: { metadata: {}, spec: { template: { metadata: {}, spec: podSpec() } } },
  };
  edit(spec);
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default', resourceVersion: '1' }, spec };
}

const jobSpec = (s: Spec) => (s['jobTemplate'] as { spec: Spec }).spec;

describe('validateCronJob', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['a cronjob running every minute is valid', () => {}, []],
    ['@hourly is a valid schedule', (s) => (s['schedule'] = '@hourly'), []],
    ['every fifth minute is a valid schedule', (s) => (s['schedule'] = '*/5 * * * *'), []],
    [
      'the seed notes\' schedule "1/* * * * *" is rejected as on a real cluster',
      (s) => (s['schedule'] = '1/* * * * *'),
      ['spec.schedule: Invalid value: "1/* * * * *": failed to parse int from *: strconv.Atoi: parsing "*": invalid syntax'],
    ],
    ['a word is not a schedule', (s) => (s['schedule'] = 'bad'), ['spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]']],
    ['a schedule is required', (s) => delete s['schedule'], ['spec.schedule: Required value']],
    [
      'a time zone belongs in timeZone, not in the schedule',
      (s) => (s['schedule'] = 'CRON_TZ=UTC 0 * * * *'),
      ['spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ],
    ['an IANA timeZone is valid', (s) => (s['timeZone'] = 'Asia/Seoul'), []],
    ['an unknown timeZone is rejected', (s) => (s['timeZone'] = 'Asia/Seol'), ['spec.timeZone: Invalid value: "Asia/Seol": unknown time zone Asia/Seol']],
    ['a timeZone with spaces is rejected early', (s) => (s['timeZone'] = 'New York'), ['spec.timeZone: Invalid value: "New York": unknown time zone New York']],
    ['an empty timeZone is rejected', (s) => (s['timeZone'] = ''), ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']],
    [
      'Local is not an explicit time zone',
      (s) => (s['timeZone'] = 'Local'),
      ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ],
    [
      'a negative startingDeadlineSeconds is rejected',
      (s) => (s['startingDeadlineSeconds'] = -10),
      ['spec.startingDeadlineSeconds: Invalid value: -10: must be greater than or equal to 0'],
    ],
    [
      'an unknown concurrencyPolicy is not supported',
      (s) => (s['concurrencyPolicy'] = 'Queue'),
      ['spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace"'],
    ],
    ['concurrencyPolicy is required', (s) => delete s['concurrencyPolicy'], ['spec.concurrencyPolicy: Required value']],
    [
      'the job template may not restart Always',
      (s) => (jobSpec(s)['template'] = { spec: podSpec('Always') }),
      ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'the job template may not carry a selector',
      (s) => (jobSpec(s)['selector'] = { matchLabels: { app: 'hello' } }),
      [
        'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"hello"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      ],
    ],
    [
      'the job template may not ask for a manual selector',
      (s) => (jobSpec(s)['manualSelector'] = true),
      ['spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"'],
    ],
    ['negative history limits are rejected', (s) => (s['failedJobsHistoryLimit'] = -1), ['spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
  ])('%s', (_name, edit, expected) => {
    expect(validateCronJob(makeCronJob(edit)).map(String)).toEqual(expected);
  });

  it('a name longer than 52 characters leaves no room for the job suffix', () => {
    const name = 'c'.repeat(53);
    expect(validateCronJob(makeCronJob(() => {}, name)).map(String)).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters`]);
  });

  it('a 52-character name is fine', () => {
    expect(validateCronJob(makeCronJob(() => {}, 'c'.repeat(52))).map(String)).toEqual([]);
  });
});

describe('validateCronJobUpdate', () => {
  it('an old long name does not block updates', () => {
    const name = 'c'.repeat(60);
    expect(validateCronJobUpdate(makeCronJob((s) => (s['suspend'] = true), name), makeCronJob(() => {}, name)).map(String)).toEqual([]);
  });

  it('a schedule that already used CRON_TZ may keep it, but not together with timeZone', () => {
    const old = makeCronJob((s) => (s['schedule'] = 'CRON_TZ=UTC 0 * * * *'));
    expect(validateCronJobUpdate(makeCronJob((s) => (s['schedule'] = 'CRON_TZ=UTC 5 * * * *')), old).map(String)).toEqual([]);
    const both = makeCronJob((s) => {
      s['schedule'] = 'CRON_TZ=UTC 5 * * * *';
      s['timeZone'] = 'UTC';
    });
    expect(validateCronJobUpdate(both, old).map(String)).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=UTC 5 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
  });
});
