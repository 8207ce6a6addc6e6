import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { applyDefaults } from '../defaults/index.js';
import type { KubeObject } from '../object.js';
import { TemplateGenerationAnnotation, validateDaemonSet, validateDaemonSetStatusUpdate, validateDaemonSetUpdate } from './daemon-set.js';

const seeds = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'seeds');

type Spec = Record<string, unknown>;

const podSpec = () => ({
  containers: [{ name: 'agent', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

/** A defaulted DaemonSet selecting app=agent; `edit` changes its spec. */
function makeDaemonSet(edit: (spec: Spec) => void = () => {}, generation = '1'): KubeObject {
  const spec: Spec = {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: podSpec() },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    revisionHistoryLimit: 10,
  };
  edit(spec);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', resourceVersion: '1', annotations: { [TemplateGenerationAnnotation]: generation } },
    spec,
  };
}

const rollingUpdate = (ru: Spec) => (s: Spec) => (s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: ru });

describe('validateDaemonSet', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['a daemonset whose selector matches its template is valid', () => {}, []],
    [
      'a daemonset without a selector is told only that its template does not match (no "required" for daemonsets)',
      (s) => delete s['selector'],
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`'],
    ],
    [
      'an empty selector matches every template but is still invalid',
      (s) => (s['selector'] = {}),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset'],
    ],
    [
      'the template must restart Always',
      (s) => ((s['template'] as { spec: Spec }).spec['restartPolicy'] = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds is forbidden',
      (s) => ((s['template'] as { spec: Spec }).spec['activeDeadlineSeconds'] = 10),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported'],
    ],
    ['OnDelete needs no rollingUpdate', (s) => (s['updateStrategy'] = { type: 'OnDelete' }), []],
    ['RollingUpdate needs rollingUpdate', (s) => (s['updateStrategy'] = { type: 'RollingUpdate' }), ['spec.updateStrategy.rollingUpdate: Required value']],
    [
      'an unknown update strategy is not supported',
      (s) => (s['updateStrategy'] = { type: 'Rolling' }),
      [
        'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Rolling", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
      ],
    ],
    [
      'maxUnavailable and maxSurge may not both be 0',
      rollingUpdate({ maxUnavailable: 0, maxSurge: 0 }),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
    ],
    [
      'maxSurge may not be set when maxUnavailable is non-zero',
      rollingUpdate({ maxUnavailable: 1, maxSurge: '10%' }),
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero'],
    ],
    ['surging instead of taking pods down is valid', rollingUpdate({ maxUnavailable: 0, maxSurge: 1 }), []],
    [
      'maxSurge over 100% is rejected',
      rollingUpdate({ maxUnavailable: 0, maxSurge: '101%' }),
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"101%"}: must not be greater than 100%'],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateDaemonSet(makeDaemonSet(edit)).map(String)).toEqual(expected);
  });

  it.each([['daemonset-pi-proxy.yaml'], ['daemonset-pi-proxy-nodeselector.yaml']])('the seed %s is valid once defaulted', (file) => {
    const [doc] = loadAll(readFileSync(join(seeds, file), 'utf8')) as KubeObject[];
    const obj = structuredClone(doc!);
    obj.metadata.namespace = 'default';
    applyDefaults(obj);
    expect(validateDaemonSet(obj).map(String)).toEqual([]);
  });

  it('the seed that misspells selector as slector fails as on a real cluster (once the unknown field is dropped)', () => {
    const [doc] = loadAll(readFileSync(join(seeds, 'daemonset-fluentd-slector.yaml'), 'utf8')) as KubeObject[];
    const obj = structuredClone(doc!);
    delete (obj['spec'] as Spec)['slector'];
    applyDefaults(obj);
    expect(validateDaemonSet(obj).map(String)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"name":"fluentd-elasticsearch"}: `selector` does not match template `labels`',
    ]);
  });
});

describe('validateDaemonSetUpdate', () => {
  const changeImage = (s: Spec) => (((s['template'] as { spec: Spec }).spec['containers'] as Spec[])[0]!['image'] = 'busybox:1.36');
  it.each<[string, (spec: Spec) => void, string, string[]]>([
    ['a template change with the generation bumped is fine', changeImage, '2', []],
    ['a template change without the generation bumped is rejected', changeImage, '1', ['spec.templateGeneration: Invalid value: 1: must be incremented upon template update']],
    ['bumping the generation without a template change is rejected', () => {}, '2', ['spec.templateGeneration: Invalid value: 2: must not be incremented without template update']],
    [
      'the selector is immutable',
      (s) => {
        s['selector'] = { matchLabels: { app: 'agent', v: '2' } };
        (s['template'] as { metadata: Spec }).metadata['labels'] = { app: 'agent', v: '2' };
      },
      '2',
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"agent", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'],
    ],
  ])('%s', (_name, edit, generation, expected) => {
    expect(validateDaemonSetUpdate(makeDaemonSet(edit, generation), makeDaemonSet()).map(String)).toEqual(expected);
  });
});

describe('validateDaemonSetStatusUpdate', () => {
  it.each<[string, Spec, Spec, string[]]>([
    ['plain counts are fine', { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberReady: 2, numberMisscheduled: 0 }, {}, []],
    ['a negative count is rejected', { numberReady: -1 }, {}, ['status.numberReady: Invalid value: -1: must be greater than or equal to 0']],
    ['collisionCount may not disappear once set', {}, { collisionCount: 1 }, ['status.collisionCount: Invalid value: 0: cannot be decremented']],
  ])('%s', (_name, status, oldStatus, expected) => {
    expect(validateDaemonSetStatusUpdate({ ...makeDaemonSet(), status }, { ...makeDaemonSet(), status: oldStatus }).map(String)).toEqual(expected);
  });
});
