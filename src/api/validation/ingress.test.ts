import type { KubeObject } from '../object.js';
import { isWildcardDNS1123Subdomain, validateIngress, validateIngressStatusUpdate, validateIngressUpdate } from './ingress.js';

type Spec = Record<string, unknown>;

const serviceBackend = (port: Spec = { number: 80 }, name = 'web') => ({ service: { name, port } });
const prefixPath = (path = '/', backend: unknown = serviceBackend()) => ({ path, pathType: 'Prefix', backend });

/** An Ingress routing example.com/ to service web:80; `edit` changes its spec. */
function makeIngress(edit: (s: Spec) => void = () => {}, annotations?: Record<string, string>): KubeObject {
  const spec: Spec = {
    ingressClassName: 'nginx',
    rules: [{ host: 'example.com', http: { paths: [prefixPath()] } }],
  };
  edit(spec);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default', resourceVersion: '1', ...(annotations ? { annotations } : {}) },
    spec,
  };
}

const paths = (...p: unknown[]) => (s: Spec) => (s['rules'] = [{ host: 'example.com', http: { paths: p } }]);

describe('validateIngress', () => {
  it.each<[string, (s: Spec) => void, string[]]>([
    ['an ingress routing a host to a service is valid', () => {}, []],
    ['a default backend alone is valid', (s) => ((s['rules'] = undefined), (s['defaultBackend'] = serviceBackend())), []],
    [
      'an ingress needs rules or a default backend',
      (s) => delete s['rules'],
      ['spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified'],
    ],
    ['a wildcard host is valid', (s) => ((s['rules'] as Spec[])[0]!['host'] = '*.example.com'), []],
    [
      'an IP address is not a host',
      (s) => ((s['rules'] as Spec[])[0]!['host'] = '10.0.0.1'),
      ['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address'],
    ],
    ['a path type is required', paths({ path: '/', backend: serviceBackend() }), ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']],
    ['a Prefix path must be absolute', paths(prefixPath('api')), ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path']],
    [
      'a path may not climb out',
      paths(prefixPath('/a/../b')),
      ["spec.rules[0].http.paths[0].path: Invalid value: \"/a/../b\": must not contain '/../'"],
    ],
    [
      'an unknown path type is not supported',
      paths({ path: '/', pathType: 'Regex', backend: serviceBackend() }),
      ['spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"'],
    ],
    [
      'a service backend needs a port',
      paths(prefixPath('/', { service: { name: 'web', port: {} } })),
      ['spec.rules[0].http.paths[0].backend: Required value: port name or number is required'],
    ],
    [
      'a service backend cannot name and number its port',
      paths(prefixPath('/', serviceBackend({ name: 'http', number: 80 }))),
      ['spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number'],
    ],
    [
      'a service name must be a DNS-1035 label',
      paths(prefixPath('/', serviceBackend({ number: 80 }, '1web'))),
      [
        "spec.rules[0].http.paths[0].backend.service.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['a backend must be a service or a resource', paths(prefixPath('/', {})), ['spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required']],
    [
      'a TLS secret name must be a valid name',
      (s) => (s['tls'] = [{ hosts: ['example.com'], secretName: 'Web_TLS' }]),
      [
        "spec.tls[0].secretName: Invalid value: \"Web_TLS\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateIngress(makeIngress(edit)).map(String)).toEqual(expected);
  });

  it('the legacy class annotation must agree with ingressClassName', () => {
    expect(validateIngress(makeIngress(() => {}, { 'kubernetes.io/ingress.class': 'traefik' })).map(String)).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    ]);
  });

  it.each([['*.example.com', []], ['*', ["a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]]])(
    'a wildcard host %s is checked as upstream does',
    (host, expected) => {
      expect(isWildcardDNS1123Subdomain(host as string)).toEqual(expected);
    },
  );
});

describe('validateIngressUpdate', () => {
  it('an invalid secret name an ingress already had stays acceptable', () => {
    const bad = (s: Spec) => (s['tls'] = [{ secretName: 'Web_TLS' }]);
    expect(validateIngressUpdate(makeIngress(bad), makeIngress(bad)).map(String)).toEqual([]);
  });

  it('a new invalid secret name is rejected', () => {
    expect(validateIngressUpdate(makeIngress((s) => (s['tls'] = [{ secretName: 'Web_TLS' }])), makeIngress()).map(String)).toHaveLength(1);
  });
});

describe('validateIngressStatusUpdate', () => {
  it.each<[string, Spec, string[]]>([
    ['a load balancer IP is fine', { ip: '203.0.113.10' }, []],
    ['a bad IP is rejected', { ip: '300.1.1.1' }, ['status.loadBalancer.ingress[0].ip: Invalid value: "300.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['a hostname may not be an IP', { hostname: '10.0.0.1' }, ['status.loadBalancer.ingress[0].hostname: Invalid value: "10.0.0.1": must be a DNS name, not an IP address']],
  ])('%s', (_name, lb, expected) => {
    const cur = { ...makeIngress(), status: { loadBalancer: { ingress: [lb] } } };
    expect(validateIngressStatusUpdate(cur, makeIngress()).map(String)).toEqual(expected);
  });
});
