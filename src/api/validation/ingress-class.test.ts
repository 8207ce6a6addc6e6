import type { KubeObject } from '../object.js';
import { validateIngressClass, validateIngressClassUpdate } from './ingress-class.js';

const makeClass = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx', resourceVersion: '1' },
  spec,
});

describe('validateIngressClass', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a class naming its controller is valid', { controller: 'k8s.io/ingress-nginx' }, []],
    ['the controller is required', {}, ['spec.controller: Required value']],
    ['the controller must be domain-prefixed', { controller: 'nginx' }, ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']],
    [
      'parameters need a kind and name, and cluster-scoped ones no namespace',
      { controller: 'example.com/lb', parameters: { apiGroup: 'k8s.example.com', scope: 'Cluster', namespace: 'default' } },
      ['spec.parameters.kind: Required value: kind is required', 'spec.parameters.name: Required value: name is required', "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
    ],
    [
      'namespaced parameters need a namespace',
      { controller: 'example.com/lb', parameters: { kind: 'Config', name: 'lb', scope: 'Namespace' } },
      ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"],
    ],
    [
      'an unknown scope is not supported',
      { controller: 'example.com/lb', parameters: { kind: 'Config', name: 'lb', scope: 'Global' } },
      ['spec.parameters.scope: Unsupported value: "Global": supported values: "Cluster", "Namespace"'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(validateIngressClass(makeClass(spec)).map(String)).toEqual(expected);
  });
});

describe('validateIngressClassUpdate', () => {
  it('the controller is immutable', () => {
    expect(validateIngressClassUpdate(makeClass({ controller: 'example.com/other' }), makeClass({ controller: 'k8s.io/ingress-nginx' })).map(String)).toEqual([
      'spec.controller: Invalid value: "example.com/other": field is immutable',
    ]);
  });
});
