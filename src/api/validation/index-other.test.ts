import { kinds } from '../kinds.js';
import type { KubeObject } from '../object.js';
import { otherValidators } from './index-other.js';

const nonCore = kinds.filter((k) => k.group !== '').map((k) => k.kind);

describe('otherValidators', () => {
  it('has a validator for every non-core kind the server serves, and nothing else', () => {
    expect(Object.keys(otherValidators).sort()).toEqual([...nonCore].sort());
  });

  it.each(nonCore.map((k) => [k]))('%s validation survives an object with nothing but its kind', (kind) => {
    const bare = { apiVersion: 'x/v1', kind, metadata: {} } as KubeObject;
    const v = otherValidators[kind]!;
    expect(() => v.validate(bare)).not.toThrow();
    expect(() => v.validateUpdate(bare, bare)).not.toThrow();
    expect(() => v.validateStatusUpdate?.(bare, bare)).not.toThrow();
  });

  it.each(nonCore.map((k) => [k]))('%s validation survives nulls where objects and lists belong', (kind) => {
    const nulls = { apiVersion: 'x/v1', kind, metadata: { name: 'x', namespace: 'default' }, spec: { template: null, selector: null, rules: null }, rules: null, subjects: [null] } as unknown as KubeObject;
    expect(() => otherValidators[kind]!.validate(nulls)).not.toThrow();
  });

  it('a missing name is reported for a kind that validates metadata', () => {
    const errs = otherValidators['Lease']!.validate({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { namespace: 'default' } });
    expect(errs.map(String)).toEqual(['metadata.name: Required value: name or generateName is required']);
  });
});
