import type { KubeObject } from '../object.js';
import { applyDefaults } from './index.js';

const defaulted = (o: KubeObject): KubeObject => {
  const copy = structuredClone(o);
  applyDefaults(copy);
  return copy;
};

const podSpec = { containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy: 'Never' };
const defaultedPodSpec = {
  containers: [{ ...podSpec.containers[0], imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Never',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

const makeJob = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'pi', namespace: 'default' }): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata, spec });

describe('batch/v1 defaults', () => {
  it('a minimal job defaults to what a real cluster shows (before the strategy adds its selector)', () => {
    expect(defaulted(makeJob({ template: { spec: podSpec }, backoffLimit: 4 }))).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: {
        backoffLimit: 4,
        completionMode: 'NonIndexed',
        completions: 1,
        manualSelector: false,
        parallelism: 1,
        podReplacementPolicy: 'TerminatingOrFailed',
        suspend: false,
        template: { metadata: { creationTimestamp: null }, spec: defaultedPodSpec },
      },
      status: {},
    });
  });

  it.each([
    ['both completions and parallelism unset become 1', {}, { completions: 1, parallelism: 1 }],
    ['a parallel job with no completions count keeps completions unset', { parallelism: 3 }, { parallelism: 3 }],
    ['completions alone leaves parallelism at 1', { completions: 5 }, { completions: 5, parallelism: 1 }],
  ])('%s', (_name, given, want) => {
    const spec = defaulted(makeJob({ template: { spec: podSpec }, ...given })).spec as Record<string, unknown>;
    expect({ completions: spec.completions, parallelism: spec.parallelism }).toEqual({ completions: undefined, ...want });
  });

  it.each([
    ['the backoff limit is 6', {}, 6],
    ['a per-index backoff limit lifts the job-wide one to MaxInt32', { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 }, 2147483647],
    ['a user backoff limit stays', { backoffLimit: 0 }, 0],
  ])('%s', (_name, given, want) => {
    expect((defaulted(makeJob({ template: { spec: podSpec }, ...given })).spec as Record<string, unknown>).backoffLimit).toBe(want);
  });

  it('a pod failure policy makes replacement wait for Failed and its patterns match True', () => {
    const spec = defaulted(makeJob({ template: { spec: podSpec }, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } })).spec as Record<string, unknown>;
    expect(spec.podReplacementPolicy).toBe('Failed');
    expect(spec.podFailurePolicy).toEqual({ rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
  });

  it('a job without labels shares its template labels, so labels the strategy adds later show on both', () => {
    const job = defaulted(makeJob({ template: { metadata: { labels: { app: 'pi' } }, spec: podSpec } }));
    const templateLabels = (job.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    expect(job.metadata.labels).toBe(templateLabels);
    templateLabels['batch.kubernetes.io/controller-uid'] = 'uid-1';
    expect(job.metadata.labels).toEqual({ app: 'pi', 'batch.kubernetes.io/controller-uid': 'uid-1' });
  });

  it('a job with its own labels keeps them apart from the template', () => {
    const job = defaulted(makeJob({ template: { metadata: { labels: { app: 'pi' } }, spec: podSpec } }, { name: 'pi', labels: { team: 'a' } }));
    expect(job.metadata.labels).toEqual({ team: 'a' });
  });

  it('a minimal cron job defaults to what a real cluster shows', () => {
    const cj: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: 'OnFailure' } } } } },
    };
    expect(defaulted(cj)).toEqual({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        concurrencyPolicy: 'Allow',
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: { creationTimestamp: null },
          spec: { template: { metadata: { creationTimestamp: null }, spec: { ...defaultedPodSpec, restartPolicy: 'OnFailure' } } },
        },
        schedule: '*/1 * * * *',
        successfulJobsHistoryLimit: 3,
        suspend: false,
      },
      status: {},
    });
  });

  it('a cron job keeps every field its author set', () => {
    const fields = { concurrencyPolicy: 'Forbid', suspend: true, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5 };
    const spec = defaulted({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: podSpec } } }, ...fields } }).spec;
    expect(spec).toMatchObject(fields);
  });
});
