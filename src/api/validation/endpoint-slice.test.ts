import type { KubeObject } from '../object.js';
import { validateEndpointIP, validateEndpointSlice, validateEndpointSliceUpdate, validateFullyQualifiedDomainName } from './endpoint-slice.js';
import { FieldPath } from '../field-error.js';

type Spec = Record<string, unknown>;

/** A defaulted IPv4 EndpointSlice for service web; `edit` changes it. */
function makeSlice(edit: (s: Spec) => void = () => {}): KubeObject {
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc12', namespace: 'default', resourceVersion: '1', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true }, nodeName: 'node-1', zone: 'zone-a' }],
    ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
  };
  edit(slice as Spec);
  return slice;
}

const endpoint = (s: Spec) => (s['endpoints'] as Spec[])[0]!;

describe('validateEndpointSlice', () => {
  it.each<[string, (s: Spec) => void, string[]]>([
    ['a slice of pod IPs is valid', () => {}, []],
    ['an address type is required', (s) => delete s['addressType'], ['addressType: Required value']],
    ['the deprecated IP address type is not accepted on create', (s) => (s['addressType'] = 'IP'), ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
    ['an endpoint needs an address', (s) => (endpoint(s)['addresses'] = []), ['endpoints[0].addresses: Required value: must contain at least 1 address']],
    [
      'an IPv6 address in an IPv4 slice is rejected',
      (s) => (endpoint(s)['addresses'] = ['fd00::1']),
      ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address'],
    ],
    [
      'loopback addresses cannot be endpoints',
      (s) => (endpoint(s)['addresses'] = ['127.0.0.1']),
      ['endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ],
    [
      'a hostname must be a DNS label',
      (s) => (endpoint(s)['hostname'] = 'web.0'),
      ['endpoints[0].hostname: Invalid value: "web.0": must not contain dots'],
    ],
    [
      'zone hints may not repeat',
      (s) => (endpoint(s)['hints'] = { forZones: [{ name: 'zone-a' }, { name: 'zone-a' }] }),
      ['endpoints[0].hints.forZones[1].name: Duplicate value: "zone-a"'],
    ],
    [
      'port names may not repeat',
      (s) => (s['ports'] = [{ name: 'http', protocol: 'TCP', port: 80 }, { name: 'http', protocol: 'TCP', port: 8080 }]),
      ['ports[1].name: Duplicate value: "http"'],
    ],
    [
      'an unknown port protocol is not supported',
      (s) => (s['ports'] = [{ name: 'http', protocol: 'HTTP', port: 80 }]),
      ['ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'FQDN slices hold domain names',
      (s) => {
        s['addressType'] = 'FQDN';
        endpoint(s)['addresses'] = ['example.com', 'localhost'];
      },
      ['endpoints[0].addresses[1]: Invalid value: "localhost": should be a domain with at least two segments separated by dots'],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateEndpointSlice(makeSlice(edit)).map(String)).toEqual(expected);
  });
});

describe('validateEndpointSliceUpdate', () => {
  it('the address type is immutable', () => {
    const cur = makeSlice((s) => {
      s['addressType'] = 'IPv6';
      endpoint(s)['addresses'] = ['fd00::5'];
    });
    expect(validateEndpointSliceUpdate(cur, makeSlice()).map(String)).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });
});

describe('validateEndpointIP', () => {
  const p = FieldPath.root('ip');
  it.each<[string, string, string[]]>([
    ['a pod IP is fine', '10.0.0.1', []],
    ['the unspecified address is not', '0.0.0.0', ['ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)']],
    ['a link-local address is not', '169.254.169.254', ['ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
    ['IPv6 link-local is not either', 'fe80::1', ['ip: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
    ['link-local multicast is not', '224.0.0.5', ['ip: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)']],
    ['IPv6 loopback is not', '::1', ['ip: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
  ])('%s', (_name, ip, expected) => {
    expect(validateEndpointIP(ip, p).map(String)).toEqual(expected);
  });

  it('a fully qualified name may end with a dot', () => {
    expect(validateFullyQualifiedDomainName(p, 'example.com.').map(String)).toEqual([]);
  });
});
