import type { KubeObject } from '../object.js';
import { validateResourceQuota, validateResourceQuotaUpdate } from './resource-quota.js';

type Json = Record<string, any>;
const makeQuota = (spec: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'compute', namespace: 'dev', uid: 'u1', resourceVersion: '1' },
  spec: { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi', pods: '10' }, ...spec },
});

describe('validateResourceQuota', () => {
  test.each([
    ['a compute quota is valid', makeQuota(), []],
    ['object counts are allowed', makeQuota({ hard: { 'count/deployments.apps': '2', configmaps: '5' } }), []],
    ['an unknown unqualified resource is rejected', makeQuota({ hard: { gpus: '1' } }), ['spec.hard[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified', 'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota']],
    [
      'counts must be whole',
      makeQuota({ hard: { pods: '1.5' } }),
      ['spec.hard[pods]: Invalid value: resource.Quantity{i:resource.int64Amount{value:15, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}: must be an integer'],
    ],
    ['quantities may not be negative', makeQuota({ hard: { 'limits.cpu': '-1' } }), ['spec.hard[limits.cpu]: Invalid value: "-1": must be greater than or equal to 0']],
    [
      'BestEffort applies only to pods',
      makeQuota({ hard: { pods: '5', 'requests.cpu': '1' }, scopes: ['BestEffort'] }),
      ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource'],
    ],
    [
      'opposite scopes conflict',
      makeQuota({ hard: { pods: '5' }, scopes: ['Terminating', 'NotTerminating'] }),
      ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating", "NotTerminating"}: conflicting scopes'],
    ],
    [
      'an unknown scope is rejected',
      makeQuota({ hard: { pods: '5' }, scopes: ['Sometimes'] }),
      ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"Sometimes"}: unsupported scope'],
    ],
    [
      'a scope selector for PriorityClass takes In with values',
      makeQuota({ hard: { pods: '5' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In' }] } }),
      ["spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, q, expected) => {
    expect(validateResourceQuota(q).map(String)).toEqual(expected);
  });

  test('scopes may not change on update', () => {
    expect(validateResourceQuotaUpdate(makeQuota({ hard: { pods: '5' }, scopes: ['BestEffort'] }), makeQuota({ hard: { pods: '5' } })).map(String)).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: field is immutable',
    ]);
  });
});
