import type { KubeObject } from '../../api/object.js';
import { leasePrinter, podDisruptionBudgetPrinter, priorityClassPrinter } from './cluster-printers.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
const make = (apiVersion: string, kind: string, fields: Obj): KubeObject => ({ apiVersion, kind, metadata: { name: 'x', creationTimestamp: '2025-03-01T11:00:00Z' }, ...fields });

describe('priorityClassPrinter', () => {
  it('prints value, global default, age and the preemption policy, which is shown without -o wide', () => {
    expect(priorityClassPrinter.cells(make('scheduling.k8s.io/v1', 'PriorityClass', { value: 1000, globalDefault: true, preemptionPolicy: 'Never' }), now)).toEqual(['x', 1000, true, '60m', 'Never']);
    expect(priorityClassPrinter.columns.map((c) => c.priority)).toEqual([0, 0, 0, 0, 0]);
  });

  it('prints false and an empty policy when unset', () => {
    expect(priorityClassPrinter.cells(make('scheduling.k8s.io/v1', 'PriorityClass', { value: 0 }), now)).toEqual(['x', 0, false, '60m', '']);
  });
});

describe('leasePrinter', () => {
  it('prints the holder, empty when free', () => {
    expect(leasePrinter.cells(make('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'n1' } }), now)).toEqual(['x', 'n1', '60m']);
    expect(leasePrinter.cells(make('coordination.k8s.io/v1', 'Lease', { spec: {} }), now)[1]).toBe('');
  });
});

describe('podDisruptionBudgetPrinter', () => {
  it.each<[string, Obj, string, string]>([
    ['a minimum as a number', { minAvailable: 2 }, '2', 'N/A'],
    ['a maximum as a percentage', { maxUnavailable: '25%' }, 'N/A', '25%'],
    ['a zero minimum is still set', { minAvailable: 0 }, '0', 'N/A'],
  ])('prints %s', (_name, spec, min, max) => {
    expect(podDisruptionBudgetPrinter.cells(make('policy/v1', 'PodDisruptionBudget', { spec, status: { disruptionsAllowed: 1 } }), now)).toEqual(['x', min, max, 1, '60m']);
  });
});
