import type { KubeObject } from '../object.js';
import { validateIndexesFormat, validateJob, validateJobStatusUpdate, validateJobUpdate, withGeneratedSelector } from './job.js';

type Spec = Record<string, unknown>;

const podSpec = (restartPolicy = 'Never') => ({
  containers: [{ name: 'pi', image: 'perl:5.34', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy,
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

const uid = '0f3b3a6e-8f0c-4c3e-9a53-8a7b4bb1a001';

/** A defaulted Job named pi, with the selector and labels the strategy generates; `edit` changes its spec first. */
function makeJob(edit: (spec: Spec) => void = () => {}): KubeObject {
  const spec: Spec = {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    manualSelector: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    template: { metadata: {}, spec: podSpec() },
  };
  edit(spec);
  return withGeneratedSelector({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid, resourceVersion: '1' }, spec });
}

const tmplSpec = (s: Spec) => (s['template'] as { spec: Spec }).spec;

describe('withGeneratedSelector', () => {
  it('labels the template and selects the controller uid, as the Job strategy does', () => {
    const job = makeJob();
    expect((job['spec'] as Spec)['selector']).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect((job['spec'] as { template: { metadata: Spec } }).template.metadata['labels']).toEqual({
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    });
  });
});

describe('validateJob', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['a job that never restarts its pods is valid', () => {}, []],
    ['a job restarting OnFailure is valid', (s) => (s['template'] = { spec: podSpec('OnFailure') }), []],
    [
      'a template left to restart Always needs a policy',
      (s) => (s['template'] = { spec: podSpec('Always') }),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'an unknown restart policy is not supported',
      (s) => (s['template'] = { spec: podSpec('Sometimes') }),
      [
        'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
      ],
    ],
    ['a negative backoffLimit is rejected', (s) => (s['backoffLimit'] = -1), ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['negative completions are rejected', (s) => (s['completions'] = -2), ['spec.completions: Invalid value: -2: must be greater than or equal to 0']],
    ['negative parallelism is rejected', (s) => (s['parallelism'] = -1), ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0']],
    [
      'an unknown completion mode is not supported',
      (s) => (s['completionMode'] = 'Sequential'),
      ['spec.completionMode: Unsupported value: "Sequential": supported values: "NonIndexed", "Indexed"'],
    ],
    ['an indexed job needs completions', (s) => ((s['completionMode'] = 'Indexed'), delete s['completions']), ['spec.completions: Required value: when completion mode is Indexed']],
    [
      'backoffLimitPerIndex needs an indexed job',
      (s) => (s['backoffLimitPerIndex'] = 1),
      ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode'],
    ],
    [
      'a podFailurePolicy needs restartPolicy Never',
      (s) => {
        s['template'] = { spec: podSpec('OnFailure') };
        s['podFailurePolicy'] = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
        s['podReplacementPolicy'] = 'Failed';
      },
      ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'],
    ],
    [
      'a podFailurePolicy rule needs exit codes or pod conditions',
      (s) => {
        s['podFailurePolicy'] = { rules: [{ action: 'Ignore' }] };
        s['podReplacementPolicy'] = 'Failed';
      },
      ['spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required'],
    ],
    [
      'exit code rules are checked value by value',
      (s) => {
        s['podFailurePolicy'] = { rules: [{ action: 'Count', onExitCodes: { containerName: 'perl', operator: 'In', values: [0, 3, 3, 1] } }] };
        s['podReplacementPolicy'] = 'Failed';
      },
      [
        'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "perl": must be one of the container or initContainer names in the pod template',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 3, 1}: must be ordered',
      ],
    ],
    [
      'an empty action lists the valid ones',
      (s) => {
        s['podFailurePolicy'] = { rules: [{ onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] };
        s['podReplacementPolicy'] = 'Failed';
      },
      ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'],
    ],
    [
      'with a podFailurePolicy only Failed pods may be replaced',
      (s) => (s['podFailurePolicy'] = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] }),
      ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'],
    ],
    [
      'a successPolicy needs an indexed job',
      (s) => (s['successPolicy'] = { rules: [{ succeededCount: 1 }] }),
      [
        'spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch.SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(0xc000a1e100)}}}: requires indexed completion mode',
      ],
    ],
    [
      'successPolicy indexes must fit the completions',
      (s) => {
        s['completionMode'] = 'Indexed';
        s['completions'] = 3;
        s['successPolicy'] = { rules: [{ succeededIndexes: '0-5', succeededCount: 4 }] };
      },
      [
        'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-5": error parsing succeededIndexes: too large index: "5"',
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of specified completions)',
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 0 (the number of indexes in the specified succeededIndexes field)',
      ],
    ],
    [
      'a managedBy value must be a domain-prefixed path',
      (s) => (s['managedBy'] = 'kueue'),
      ['spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")'],
    ],
    ['a managedBy controller like kueue.x-k8s.io/multikueue is fine', (s) => (s['managedBy'] = 'kueue.x-k8s.io/multikueue'), []],
  ])('%s', (_name, edit, expected) => {
    expect(validateJob(makeJob(edit)).map(String)).toEqual(expected);
  });

  it('a job whose generated labels were overridden by hand is rejected', () => {
    const job = makeJob();
    ((job['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels)['job-name'] = 'other';
    expect(validateJob(job).map(String)).toEqual([
      "spec.template.metadata.labels[job-name]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"0f3b3a6e-8f0c-4c3e-9a53-8a7b4bb1a001\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"0f3b3a6e-8f0c-4c3e-9a53-8a7b4bb1a001\", \"job-name\":\"other\"}: must be 'pi'",
    ]);
  });

  it('an indexed job whose last pod hostname would not be a DNS label is rejected', () => {
    const job = makeJob((s) => {
      s['completionMode'] = 'Indexed';
      s['completions'] = 10;
    });
    job.metadata.name = 'a'.repeat(62);
    const errs = withGeneratedSelector(job);
    expect(validateJob(errs).map(String)).toContain(
      `metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`,
    );
  });

  it('a manual selector must still select the template', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default', uid },
      spec: { manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: { metadata: { labels: { app: 'other' } }, spec: podSpec() } },
    };
    expect(validateJob(job).map(String)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`']);
  });
});

describe('validateJobUpdate', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['raising parallelism is fine', (s) => (s['parallelism'] = 3), []],
    ['suspending is fine', (s) => (s['suspend'] = true), []],
    ['completions are immutable for a non-indexed job', (s) => (s['completions'] = 5), ['spec.completions: Invalid value: 5: field is immutable']],
    ['the completion mode is immutable', (s) => ((s['completionMode'] = 'Indexed'), (s['completions'] = 1)), ['spec.completionMode: Invalid value: "Indexed": field is immutable']],
  ])('%s', (_name, edit, expected) => {
    expect(validateJobUpdate(makeJob(edit), makeJob()).map(String)).toEqual(expected);
  });

  it('the pod template of a running job is immutable', () => {
    const cur = makeJob((s) => (tmplSpec(s)['terminationGracePeriodSeconds'] = 5));
    const errs = validateJobUpdate(cur, makeJob()).map(String);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^spec\.template: Invalid value: core\.PodTemplateSpec.*: field is immutable$/);
  });

  it('a suspended job that never started may change its node selector', () => {
    const old = makeJob((s) => (s['suspend'] = true));
    const cur = makeJob((s) => {
      s['suspend'] = true;
      tmplSpec(s)['nodeSelector'] = { disk: 'ssd' };
    });
    expect(validateJobUpdate(cur, old).map(String)).toEqual([]);
  });

  it('an indexed job may change completions only together with parallelism', () => {
    const indexed = (completions: number, parallelism: number) =>
      makeJob((s) => {
        s['completionMode'] = 'Indexed';
        s['completions'] = completions;
        s['parallelism'] = parallelism;
      });
    expect(validateJobUpdate(indexed(4, 4), indexed(2, 2)).map(String)).toEqual([]);
    expect(validateJobUpdate(indexed(4, 2), indexed(2, 2)).map(String)).toEqual(['spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism']);
  });
});

describe('validateJobStatusUpdate', () => {
  const complete = { type: 'Complete', status: 'True' };
  const withStatus = (status: Spec) => ({ ...makeJob(), status });
  it.each<[string, Spec, Spec, string[]]>([
    ['counting a success is fine', { active: 0, succeeded: 1, startTime: '2024-01-01T00:00:00Z' }, { active: 1, startTime: '2024-01-01T00:00:00Z' }, []],
    [
      'the failed counter may not go down',
      { failed: 1, startTime: '2024-01-01T00:00:00Z' },
      { failed: 2, startTime: '2024-01-01T00:00:00Z' },
      ['status.failed: Invalid value: 1: cannot decrease the failed counter'],
    ],
    [
      'a terminal condition may not be removed',
      { startTime: '2024-01-01T00:00:00Z' },
      { conditions: [complete], startTime: '2024-01-01T00:00:00Z', completionTime: '2024-01-01T00:01:00Z' },
      ['status.conditions: Invalid value: cannot disable the terminal Complete=True condition'],
    ],
    [
      'a job cannot complete without a completion time',
      { conditions: [complete], startTime: '2024-01-01T00:00:00Z', succeeded: 1 },
      { startTime: '2024-01-01T00:00:00Z' },
      ['status.completionTime: Required value: completionTime is required for Complete jobs'],
    ],
    [
      'a finished job may not have active pods',
      { conditions: [complete], active: 1, startTime: '2024-01-01T00:00:00Z', completionTime: '2024-01-01T00:01:00Z' },
      { active: 1, startTime: '2024-01-01T00:00:00Z' },
      ['status.active: Invalid value: 1: active>0 is invalid for finished job'],
    ],
  ])('%s', (_name, status, oldStatus, expected) => {
    expect(validateJobStatusUpdate(withStatus(status), withStatus(oldStatus)).map(String)).toEqual(expected);
  });
});

describe('validateIndexesFormat', () => {
  it.each<[string, string, number, ReturnType<typeof validateIndexesFormat>]>([
    ['an empty list names nothing', '', 3, { total: 0 }],
    ['indexes and ranges are counted', '0,2-4,7', 8, { total: 5 }],
    ['indexes must increase', '3,1', 5, { error: 'non-increasing order, previous: 3, current: 1' }],
    ['a range must increase', '4-2', 5, { error: 'non-increasing order, previous: 4, current: 2' }],
    ['words are not indexes', 'a', 5, { error: 'cannot convert string to integer for index: "a"' }],
  ])('%s', (_name, list, completions, expected) => {
    expect(validateIndexesFormat(list, completions)).toEqual(expected);
  });
});
