import type { KubeObject } from '../object.js';
import { validateNamespace, validateNamespaceFinalizeUpdate, validateNamespaceStatusUpdate, validateNamespaceUpdate } from './namespace.js';

type Json = Record<string, any>;
const makeNamespace = (meta: Json = {}, spec?: Json, status?: Json): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'dev', uid: 'u1', resourceVersion: '1', ...meta },
  ...(spec ? { spec } : {}),
  ...(status ? { status } : {}),
});

const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('validateNamespace', () => {
  test.each([
    ['a namespace with the kubernetes finalizer is valid', makeNamespace({}, { finalizers: ['kubernetes'] }), []],
    ['a namespace name must be a DNS label', makeNamespace({ name: 'Dev' }), [`metadata.name: Invalid value: "Dev": ${labelMsg}`]],
    ['a namespace name may not contain dots', makeNamespace({ name: 'dev.team' }), ['metadata.name: Invalid value: "dev.team": must not contain dots']],
    ['a namespace takes no namespace', makeNamespace({ namespace: 'default' }), ['metadata.namespace: Forbidden: not allowed on this type']],
    [
      'spec finalizers must be standard or qualified, reported at the list',
      makeNamespace({}, { finalizers: ['cleanup'] }),
      ['spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, ns, expected) => {
    expect(validateNamespace(ns).map(String)).toEqual(expected);
  });
});

describe('namespace updates', () => {
  test('an update checks only metadata', () => {
    expect(validateNamespaceUpdate(makeNamespace({ labels: { team: 'a' } }, { finalizers: ['cleanup'] }), makeNamespace()).map(String)).toEqual([]);
    expect(validateNamespaceUpdate(makeNamespace({ name: 'prod' }), makeNamespace()).map(String)).toEqual(['metadata.name: Invalid value: "prod": field is immutable']);
  });

  test.each([
    ['an active namespace says Active', makeNamespace({}, undefined, { phase: 'Active' }), []],
    [
      'a namespace not being deleted may not say Terminating',
      makeNamespace({}, undefined, { phase: 'Terminating' }),
      ["status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty"],
    ],
    [
      'a namespace being deleted must say Terminating',
      makeNamespace({ deletionTimestamp: '2024-01-01T00:00:00Z' }, undefined, { phase: 'Active' }),
      ["metadata.deletionTimestamp: Invalid value: 2024-01-01 00:00:00 +0000 UTC: field is immutable", "status.Phase: Invalid value: \"Active\": may only be 'Terminating' if `deletionTimestamp` is not empty"],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, ns, expected) => {
    expect(validateNamespaceStatusUpdate(ns, makeNamespace()).map(String)).toEqual(expected);
  });

  test('finalize checks each finalizer at its index', () => {
    expect(validateNamespaceFinalizeUpdate(makeNamespace({}, { finalizers: ['kubernetes', 'x'] }), makeNamespace()).map(String)).toEqual([
      'spec.finalizers[1]: Invalid value: "x": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});
