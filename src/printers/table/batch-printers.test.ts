import type { KubeObject } from '../../api/object.js';
import { cronJobPrinter, jobPrinter } from './batch-printers.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
const makeJob = (spec: Obj = {}, status: Obj = {}, metadata: Obj = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', namespace: 'default', creationTimestamp: '2025-03-01T11:00:00Z', ...metadata },
  spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } }, ...spec },
  status,
});
const cond = (type: string, status = 'True') => ({ type, status });
const cell = (job: KubeObject, column: string) => jobPrinter.cells(job, now)[jobPrinter.columns.findIndex((c) => c.name === column)];

describe('jobPrinter', () => {
  it('has the 1.32 columns: STATUS, COMPLETIONS, DURATION, AGE and three wide ones', () => {
    expect(jobPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Status:0', 'Completions:0', 'Duration:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
  });

  it.each<[string, KubeObject, string]>([
    ['a job with a true Complete condition is Complete', makeJob({}, { conditions: [cond('SuccessCriteriaMet'), cond('Complete')] }), 'Complete'],
    ['a job with a true Failed condition is Failed, even past a FailureTarget', makeJob({}, { conditions: [cond('FailureTarget'), cond('Failed')] }), 'Failed'],
    ['a job being deleted is Terminating', makeJob({}, {}, { deletionTimestamp: '2025-03-01T11:59:00Z' }), 'Terminating'],
    ['a suspended job is Suspended', makeJob({}, { conditions: [cond('Suspended')] }), 'Suspended'],
    ['a job about to fail is FailureTarget', makeJob({}, { conditions: [cond('FailureTarget')] }), 'FailureTarget'],
    ['a false condition does not count', makeJob({}, { conditions: [cond('Complete', 'False')] }), 'Running'],
    ['the first condition of a type decides', makeJob({}, { conditions: [cond('Complete', 'False'), cond('Complete')] }), 'Running'],
    ['any other job is Running', makeJob(), 'Running'],
  ])('%s', (_name, job, status) => {
    expect(cell(job, 'Status')).toBe(status);
  });

  it.each<[string, Obj, Obj, string]>([
    ['completions show succeeded/completions', { completions: 5 }, { succeeded: 2 }, '2/5'],
    ['a work queue with parallelism shows n/1 of parallelism', { parallelism: 3 }, { succeeded: 1 }, '1/1 of 3'],
    ['a work queue without parallelism shows n/1', { parallelism: 1 }, {}, '0/1'],
  ])('%s', (_name, spec, status, completions) => {
    expect(cell(makeJob(spec, status), 'Completions')).toBe(completions);
  });

  it.each<[string, Obj, string]>([
    ['a job that has not started has no duration', {}, ''],
    ['a running job has run since its start', { startTime: '2025-03-01T11:56:50Z' }, '3m10s'],
    ['a finished job took start to completion', { startTime: '2025-03-01T10:00:00Z', completionTime: '2025-03-01T10:01:05Z' }, '65s'],
  ])('%s', (_name, status, duration) => {
    expect(cell(makeJob({}, status), 'Duration')).toBe(duration);
  });

  it('the wide selector is the job selector, <none> without one', () => {
    expect(cell(makeJob({ selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } } }), 'Selector')).toBe('batch.kubernetes.io/controller-uid=u');
    expect(cell(makeJob(), 'Selector')).toBe('<none>');
  });
});

describe('cronJobPrinter', () => {
  const makeCronJob = (spec: Obj, status: Obj = {}): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj', namespace: 'default', creationTimestamp: '2025-03-01T11:00:00Z' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } }, ...spec },
    status,
  });

  it('prints schedule, time zone, suspend, active jobs, last schedule and age', () => {
    const cj = makeCronJob({ timeZone: 'Etc/UTC', suspend: false }, { active: [{ name: 'a' }, { name: 'b' }], lastScheduleTime: '2025-03-01T11:55:00Z' });
    expect(cronJobPrinter.cells(cj, now)).toEqual(['cj', '*/5 * * * *', 'Etc/UTC', 'False', 2, '5m', '60m', 'c', 'i', '<none>']);
  });

  it('prints <none> for no time zone and no schedule yet, and <unset> for an unset suspend', () => {
    expect(cronJobPrinter.cells(makeCronJob({}), now).slice(2, 6)).toEqual(['<none>', '<unset>', 0, '<none>']);
  });

  it('prints True for a suspended cron job', () => {
    expect(cronJobPrinter.cells(makeCronJob({ suspend: true }), now)[3]).toBe('True');
  });
});
