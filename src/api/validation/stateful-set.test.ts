import type { KubeObject } from '../object.js';
import { StatefulSetMutableFieldsMessage, validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from './stateful-set.js';

type Spec = Record<string, unknown>;

const podSpec = () => ({
  containers: [{ name: 'db', image: 'postgres:16', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
});

/** A defaulted StatefulSet selecting app=db; `edit` changes its spec. */
function makeStatefulSet(edit: (spec: Spec) => void = () => {}, name = 'db'): KubeObject {
  const spec: Spec = {
    replicas: 3,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: podSpec() },
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    revisionHistoryLimit: 10,
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  };
  edit(spec);
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default', resourceVersion: '1' }, spec };
}

describe('validateStatefulSet', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['a statefulset whose selector matches its template is valid', () => {}, []],
    ['podManagementPolicy is required', (s) => delete s['podManagementPolicy'], ['spec.podManagementPolicy: Required value']],
    [
      'an unknown podManagementPolicy is invalid',
      (s) => (s['podManagementPolicy'] = 'Sequential'),
      ["spec.podManagementPolicy: Invalid value: \"Sequential\": must be 'OrderedReady' or 'Parallel'"],
    ],
    ['updateStrategy is required', (s) => (s['updateStrategy'] = {}), ['spec.updateStrategy: Required value']],
    [
      'OnDelete may not carry rollingUpdate',
      (s) => (s['updateStrategy'] = { type: 'OnDelete', rollingUpdate: { partition: 1 } }),
      [
        "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
      ],
    ],
    [
      'an unknown update strategy is invalid',
      (s) => (s['updateStrategy'] = { type: 'Canary' }),
      [
        "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
      ],
    ],
    [
      'a negative partition is rejected',
      (s) => (s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }),
      ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'maxUnavailable may not be 0',
      (s) => (s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 0 } }),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: cannot be 0'],
    ],
    [
      'a retention policy other than Retain or Delete is not supported',
      (s) => (s['persistentVolumeClaimRetentionPolicy'] = { whenDeleted: 'Keep', whenScaled: 'Retain' }),
      ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'],
    ],
    ['a negative ordinals.start is rejected', (s) => (s['ordinals'] = { start: -1 }), ['spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0']],
    [
      'an empty selector is invalid for a statefulset',
      (s) => (s['selector'] = {}),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset'],
    ],
    [
      'a selector that does not match the template labels is rejected',
      (s) => (s['selector'] = { matchLabels: { app: 'cache' } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: `selector` does not match template `labels`'],
    ],
    [
      'a broken selector is reported with an empty detail',
      (s) => (s['selector'] = { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['x'] }] }),
      [
        "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"db"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"Exists", Values:[]string{"x"}}}}',
      ],
    ],
    [
      'the template must restart Always',
      (s) => ((s['template'] as { spec: Spec }).spec['restartPolicy'] = 'OnFailure'),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds is forbidden',
      (s) => ((s['template'] as { spec: Spec }).spec['activeDeadlineSeconds'] = 1),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported'],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateStatefulSet(makeStatefulSet(edit)).map(String)).toEqual(expected);
  });

  it('a statefulset name must be a DNS label, since its pods are named after it', () => {
    expect(validateStatefulSet(makeStatefulSet(() => {}, 'db.v1')).map(String)).toEqual(['metadata.name: Invalid value: "db.v1": must not contain dots']);
  });
});

describe('validateStatefulSetUpdate', () => {
  it.each<[string, (spec: Spec) => void, string[]]>([
    ['scaling is allowed', (s) => (s['replicas'] = 5), []],
    ['a new template is allowed', (s) => ((s['template'] as { spec: Spec }).spec['terminationGracePeriodSeconds'] = 10), []],
    ['a new update strategy is allowed', (s) => (s['updateStrategy'] = { type: 'OnDelete' }), []],
    ['minReadySeconds may change', (s) => (s['minReadySeconds'] = 10), []],
    ['the retention policy may change', (s) => (s['persistentVolumeClaimRetentionPolicy'] = { whenDeleted: 'Delete', whenScaled: 'Delete' }), []],
    ['the service name may not change', (s) => (s['serviceName'] = 'db-headless'), [`spec: Forbidden: ${StatefulSetMutableFieldsMessage}`]],
    [
      'volumeClaimTemplates may not change',
      (s) => ((s['volumeClaimTemplates'] as Spec[])[0] = { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '2Gi' } } } }),
      [`spec: Forbidden: ${StatefulSetMutableFieldsMessage}`],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateStatefulSetUpdate(makeStatefulSet(edit), makeStatefulSet()).map(String)).toEqual(expected);
  });

  it('the forbidden-update message names every mutable field, as upstream', () => {
    expect(StatefulSetMutableFieldsMessage).toBe(
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });
});

describe('validateStatefulSetStatusUpdate', () => {
  it.each<[string, Spec, string[]]>([
    ['counts within replicas are fine', { replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 }, []],
    [
      'more available than ready is rejected',
      { replicas: 3, readyReplicas: 1, availableReplicas: 2 },
      ['status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas'],
    ],
  ])('%s', (_name, status, expected) => {
    expect(validateStatefulSetStatusUpdate({ ...makeStatefulSet(), status }, makeStatefulSet()).map(String)).toEqual(expected);
  });
});
