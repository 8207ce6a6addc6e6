import type { KubeObject } from '../object.js';
import { validatePodDisruptionBudget, validatePodDisruptionBudgetStatusUpdate, validatePodDisruptionBudgetUpdate } from './pod-disruption-budget.js';

const makePDB = (spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'default', resourceVersion: '1' },
  spec,
  ...(status ? { status } : {}),
});
const selector = { matchLabels: { app: 'web' } };

describe('validatePodDisruptionBudget', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['minAvailable as a number is valid', { minAvailable: 2, selector }, []],
    ['maxUnavailable as a percentage is valid', { maxUnavailable: '25%', selector }, []],
    [
      'minAvailable and maxUnavailable cannot both be set',
      { minAvailable: 1, maxUnavailable: 1, selector },
      [
        'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a1e100), Selector:(*v1.LabelSelector)(0xc000a1e120), MaxUnavailable:(*intstr.IntOrString)(0xc000a1e140), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
      ],
    ],
    ['a negative minAvailable is rejected', { minAvailable: -1, selector }, ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']],
    [
      'a percentage above 100% is rejected',
      { maxUnavailable: '120%', selector },
      ['spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%'],
    ],
    [
      'a percentage must end in %',
      { minAvailable: 'half', selector },
      [
        "spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [
      'an unknown unhealthy pod eviction policy is not supported',
      { minAvailable: 1, selector, unhealthyPodEvictionPolicy: 'Never' },
      ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"'],
    ],
    ['a PDB without a selector is accepted (it selects nothing)', { minAvailable: 1 }, []],
  ])('%s', (_name, spec, expected) => {
    expect(validatePodDisruptionBudget(makePDB(spec)).map(String)).toEqual(expected);
  });
});

describe('validatePodDisruptionBudgetUpdate', () => {
  it('the spec may change in policy/v1', () => {
    expect(validatePodDisruptionBudgetUpdate(makePDB({ minAvailable: 3, selector }), makePDB({ minAvailable: 2, selector })).map(String)).toEqual([]);
  });
});

describe('validatePodDisruptionBudgetStatusUpdate', () => {
  const condition = { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', lastTransitionTime: '2024-01-01T00:00:00Z', message: '' };
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a healthy status is valid', { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, conditions: [condition] }, []],
    ['a negative count is rejected', { disruptionsAllowed: -1 }, ['status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0']],
    [
      'conditions need a reason and a transition time',
      { conditions: [{ type: 'DisruptionAllowed', status: 'Maybe' }] },
      [
        'status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
        'status.conditions[0].lastTransitionTime: Required value: must be set',
        'status.conditions[0].reason: Required value: must be set',
      ],
    ],
  ])('%s', (_name, status, expected) => {
    expect(validatePodDisruptionBudgetStatusUpdate(makePDB({ minAvailable: 1, selector }, status)).map(String)).toEqual(expected);
  });
});
