import type { KubeObject } from '../object.js';
import { validatePriorityClass, validatePriorityClassUpdate } from './priority-class.js';

const makePriorityClass = (name: string, rest: Record<string, unknown>): KubeObject => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name, resourceVersion: '1' },
  preemptionPolicy: 'PreemptLowerPriority',
  ...rest,
});

describe('validatePriorityClass', () => {
  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['a user class up to one billion is valid', 'high-priority', { value: 1000000000, globalDefault: false }, []],
    ['a negative value is fine', 'low-priority', { value: -10 }, []],
    [
      'a user class above one billion is forbidden',
      'too-high',
      { value: 1000000001 },
      ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
    ],
    ['the system classes themselves are valid', 'system-node-critical', { value: 2000001000 }, []],
    [
      'other system- names are reserved',
      'system-important',
      { value: 10 },
      ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-important is not a known system priority class"],
    ],
    [
      'a system class must keep its value',
      'system-cluster-critical',
      { value: 1 },
      ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"],
    ],
    [
      'an unknown preemption policy is not supported',
      'batch',
      { value: 10, preemptionPolicy: 'Always' },
      ['preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"'],
    ],
  ])('%s', (_name, name, rest, expected) => {
    expect(validatePriorityClass(makePriorityClass(name, rest)).map(String)).toEqual(expected);
  });
});

describe('validatePriorityClassUpdate', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['the description and globalDefault may change', { value: 100, description: 'batch jobs', globalDefault: true }, []],
    ['the value may not change', { value: 200 }, ['value: Forbidden: may not be changed in an update.']],
    ['the preemption policy may not change', { value: 100, preemptionPolicy: 'Never' }, ['preemptionPolicy: Invalid value: "Never": field is immutable']],
  ])('%s', (_name, rest, expected) => {
    expect(validatePriorityClassUpdate(makePriorityClass('batch', rest), makePriorityClass('batch', { value: 100 })).map(String)).toEqual(expected);
  });
});
