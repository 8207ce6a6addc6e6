import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { applyDefaults } from '../defaults/index.js';
import type { KubeObject } from '../object.js';
import { validateReplicaSet, validateReplicaSetStatusUpdate, validateReplicaSetUpdate } from './replica-set.js';

const seeds = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'seeds');

type Spec = Record<string, unknown>;

const podSpec = () => ({
  containers: [{ name: 'web', image: 'kiamol/ch02-whoami', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

/** A defaulted ReplicaSet selecting app=whoami; `edit` changes its spec. */
function makeReplicaSet(edit: (spec: Spec) => void = () => {}): KubeObject {
  const spec: Spec = {
    replicas: 1,
    selector: { matchLabels: { app: 'whoami' } },
    template: { metadata: { labels: { app: 'whoami' } }, spec: podSpec() },
  };
  edit(spec);
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'whoami', namespace: 'default', resourceVersion: '1' }, spec };
}

describe('validateReplicaSet', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['a replicaset whose selector matches its template is valid', () => {}, []],
    [
      'an empty selector is rejected with the message upstream shares with deployments',
      (s) => (s['selector'] = {}),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
    ],
    [
      'a set-based selector that the template labels satisfy is valid',
      (s) => (s['selector'] = { matchExpressions: [{ key: 'app', operator: 'In', values: ['whoami', 'other'] }] }),
      [],
    ],
    [
      'In without values is required and breaks the selector',
      (s) => (s['selector'] = { matchExpressions: [{ key: 'app', operator: 'In' }] }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}: invalid label selector',
      ],
    ],
    ['negative minReadySeconds is rejected', (s) => (s['minReadySeconds'] = -5), ['spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0']],
    [
      'a template that restarts OnFailure is not supported',
      (s) => ((s['template'] as { spec: Spec }).spec['restartPolicy'] = 'OnFailure'),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateReplicaSet(makeReplicaSet(edit)).map(String)).toEqual(expected);
  });

  it('the seed replicaset-whoami-web.yaml is valid once defaulted', () => {
    const [doc] = loadAll(readFileSync(join(seeds, 'replicaset-whoami-web.yaml'), 'utf8')) as KubeObject[];
    const obj = structuredClone(doc!);
    obj.metadata.namespace = 'default';
    applyDefaults(obj);
    expect(validateReplicaSet(obj).map(String)).toEqual([]);
  });
});

describe('validateReplicaSetUpdate', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['scaling is fine', (s) => (s['replicas'] = 3), []],
    [
      'the selector is immutable',
      (s) => (s['selector'] = { matchLabels: { app: 'whoami', tier: 'web' } }),
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"whoami"}: `selector` does not match template `labels`',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"whoami", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
      ],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateReplicaSetUpdate(makeReplicaSet(edit), makeReplicaSet()).map(String)).toEqual(expected);
  });
});

describe('validateReplicaSetStatusUpdate', () => {
  it.each<[string, Spec, string[]]>([
    ['a status within replicas is fine', { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 }, []],
    ['fully labeled beyond replicas is rejected', { replicas: 1, fullyLabeledReplicas: 2 }, ['status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas']],
    [
      'negative replicas are rejected, and then every other count exceeds them',
      { replicas: -1 },
      [
        'status.replicas: Invalid value: -1: must be greater than or equal to 0',
        'status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas',
      ],
    ],
  ])('%s', (_name, status, expected) => {
    const old = makeReplicaSet();
    expect(validateReplicaSetStatusUpdate({ ...old, status }, old).map(String)).toEqual(expected);
  });
});
