import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { applyDefaults } from '../defaults/index.js';
import type { KubeObject } from '../object.js';
import { validateDeployment, validateDeploymentStatusUpdate, validateDeploymentUpdate } from './deployment.js';

const seeds = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'seeds');

/** The defaulted pod template a 1.32 API server holds for one nginx container. */
const podSpec = () => ({
  containers: [
    {
      name: 'nginx',
      image: 'nginx:1.17-alpine',
      imagePullPolicy: 'IfNotPresent',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    },
  ],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

type Spec = Record<string, unknown>;

/** A defaulted Deployment selecting app=x; `edit` changes its spec. */
function makeDeployment(edit: (spec: Spec) => void = () => {}): KubeObject {
  const spec: Spec = {
    replicas: 1,
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: podSpec() },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  };
  edit(spec);
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec };
}

const withResourceVersion = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: '1' } });
const strategy = (spec: Spec) => spec['strategy'] as Spec;
const template = (spec: Spec) => spec['template'] as { metadata: Spec; spec: Spec };

describe('validateDeployment', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['a deployment whose selector matches its template is valid', () => {}, []],
    [
      'a deployment without a selector needs one, and then its template matches nothing',
      (s) => delete s['selector'],
      ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`'],
    ],
    [
      'an empty selector is invalid for a deployment',
      (s) => (s['selector'] = { matchLabels: {} }),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
    ],
    [
      'a selector that does not match the template labels is rejected',
      (s) => (template(s).metadata['labels'] = { app: 'y' }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`'],
    ],
    [
      'a selector with a bad operator is invalid twice over',
      (s) => (s['selector'] = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] }),
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Equals", Values:[]string{"x"}}}}: invalid label selector',
      ],
    ],
    ['negative replicas are rejected', (s) => (s['replicas'] = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    [
      'a template restartPolicy other than Always is not supported',
      (s) => (template(s).spec['restartPolicy'] = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds in the template is forbidden',
      (s) => (template(s).spec['activeDeadlineSeconds'] = 30),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
    ],
    [
      'maxUnavailable may not be 0 when maxSurge is 0',
      (s) => (strategy(s)['rollingUpdate'] = { maxUnavailable: 0, maxSurge: 0 }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0'],
    ],
    [
      'a percentage of 0% counts as 0 as well',
      (s) => (strategy(s)['rollingUpdate'] = { maxUnavailable: '0%', maxSurge: 0 }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0'],
    ],
    [
      'maxSurge must be an int or a percentage',
      (s) => (strategy(s)['rollingUpdate'] = { maxUnavailable: 1, maxSurge: 'ten' }),
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"ten\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      'maxUnavailable may not exceed 100%',
      (s) => (strategy(s)['rollingUpdate'] = { maxUnavailable: '150%', maxSurge: 1 }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'],
    ],
    [
      'a negative maxUnavailable is rejected',
      (s) => (strategy(s)['rollingUpdate'] = { maxUnavailable: -1, maxSurge: 1 }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'a Recreate strategy may not carry rollingUpdate',
      (s) => (strategy(s)['type'] = 'Recreate'),
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    ['a Recreate strategy without rollingUpdate is valid', (s) => (s['strategy'] = { type: 'Recreate' }), []],
    [
      'an unknown strategy type is not supported',
      (s) => (s['strategy'] = { type: 'BlueGreen' }),
      [
        'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
      ],
    ],
    [
      'progressDeadlineSeconds must exceed minReadySeconds',
      (s) => {
        s['minReadySeconds'] = 600;
        s['progressDeadlineSeconds'] = 600;
      },
      ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
    ],
    ['a negative revisionHistoryLimit is rejected', (s) => (s['revisionHistoryLimit'] = -1), ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
  ])('%s', (_name, edit, expected) => {
    expect(validateDeployment(makeDeployment(edit)).map(String)).toEqual(expected);
  });

  it('a deployment with nothing in it reports what a real cluster reports, without crashing', () => {
    const errs = validateDeployment({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} }).map(String);
    expect(errs).toEqual(
      expect.arrayContaining([
        'metadata.name: Required value: name or generateName is required',
        'metadata.namespace: Required value',
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
        'spec.template.spec.restartPolicy: Unsupported value: "": supported values: "Always"',
        'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
      ]),
    );
  });

  it.each([['deployment-pi-web.yaml'], ['deployment-pi-proxy.yaml']])('the seed %s is valid once defaulted', (file) => {
    const [doc] = loadAll(readFileSync(join(seeds, file), 'utf8')) as KubeObject[];
    const obj = structuredClone(doc!);
    obj.metadata.namespace = 'default';
    applyDefaults(obj);
    expect(validateDeployment(obj).map(String)).toEqual([]);
  });
});

describe('validateDeploymentUpdate', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['scaling a deployment is fine', (s) => (s['replicas'] = 5), []],
    ['changing the template is fine', (s) => (template(s).spec['terminationGracePeriodSeconds'] = 5), []],
    [
      'changing the selector is not (apps/v1)',
      (s) => {
        s['selector'] = { matchLabels: { app: 'y' } };
        template(s).metadata['labels'] = { app: 'y' };
      },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'],
    ],
  ])('%s', (_name, edit, expected) => {
    const old = withResourceVersion(makeDeployment());
    const cur = withResourceVersion(makeDeployment(edit));
    expect(validateDeploymentUpdate(cur, old).map(String)).toEqual(expected);
  });
});

describe('validateDeploymentStatusUpdate', () => {
  const withStatus = (status: Spec) => ({ ...withResourceVersion(makeDeployment()), status });
  it.each<[string, Spec, Spec, string[]]>([
    ['counts within replicas are fine', { replicas: 2, readyReplicas: 2, availableReplicas: 1 }, {}, []],
    [
      'more ready than total replicas is rejected',
      { replicas: 1, readyReplicas: 2, availableReplicas: 0 },
      {},
      ['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas'],
    ],
    [
      'more available than ready is rejected',
      { replicas: 3, readyReplicas: 1, availableReplicas: 2 },
      {},
      ['status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas'],
    ],
    ['collisionCount may not go down', { collisionCount: 1 }, { collisionCount: 2 }, ['status.collisionCount: Invalid value: 1: cannot be decremented']],
  ])('%s', (_name, status, oldStatus, expected) => {
    expect(validateDeploymentStatusUpdate(withStatus(status), withStatus(oldStatus)).map(String)).toEqual(expected);
  });
});
