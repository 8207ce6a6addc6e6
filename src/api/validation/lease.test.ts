import type { KubeObject } from '../object.js';
import { validateLease, validateLeaseUpdate } from './lease.js';

/** A node heartbeat Lease in kube-node-lease; `spec` replaces its spec. */
const makeLease = (spec: Record<string, unknown> = { holderIdentity: 'node-1', leaseDurationSeconds: 40 }): KubeObject => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'node-1', namespace: 'kube-node-lease', resourceVersion: '1' },
  spec,
});

describe('validateLease', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a node heartbeat lease is valid', { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' }, []],
    ['an empty spec is valid', {}, []],
    ['a zero duration is rejected', { leaseDurationSeconds: 0 }, ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']],
    ['negative transitions are rejected', { leaseTransitions: -1 }, ['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0']],
    [
      'an unknown built-in strategy is reported under strategy.strategy, as upstream does',
      { strategy: 'Youngest' },
      ['spec.strategy.strategy: Unsupported value: "Youngest": supported values: "OldestEmulationVersion"'],
    ],
    ['a preferred holder needs a strategy', { preferredHolder: 'node-2' }, ['spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined']],
  ])('%s', (_name, spec, expected) => {
    expect(validateLease(makeLease(spec)).map(String)).toEqual(expected);
  });
});

describe('validateLeaseUpdate', () => {
  it('renewing a lease under a new holder is fine', () => {
    expect(validateLeaseUpdate(makeLease({ holderIdentity: 'node-2', leaseDurationSeconds: 40, leaseTransitions: 1 }), makeLease()).map(String)).toEqual([]);
  });

  it('the namespace of a lease cannot change', () => {
    const moved = makeLease();
    moved.metadata.namespace = 'default';
    expect(validateLeaseUpdate(moved, makeLease()).map(String)).toEqual(['metadata.namespace: Invalid value: "default": field is immutable']);
  });
});
