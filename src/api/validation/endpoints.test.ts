import type { KubeObject } from '../object.js';
import { validateEndpoints } from './endpoints.js';

type Json = Record<string, any>;
const makeEndpoints = (subsets: Json[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'whoami-web', namespace: 'default' },
  subsets,
});

describe('validateEndpoints', () => {
  test.each([
    ['endpoints of a service with one port are valid', makeEndpoints([{ addresses: [{ ip: '10.244.1.5', nodeName: 'worker-1' }], ports: [{ port: 80, protocol: 'TCP' }] }]), []],
    ['a subset needs addresses', makeEndpoints([{ ports: [{ port: 80, protocol: 'TCP' }] }]), ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']],
    [
      'an address must be a usable IP',
      makeEndpoints([{ addresses: [{ ip: '127.0.0.1' }, { ip: 'not-an-ip' }] }]),
      [
        'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'subsets[0].addresses[1].ip: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'subsets[0].addresses[1].ip: Invalid value: "not-an-ip": must be a valid IP address',
      ],
    ],
    [
      'several ports need names',
      makeEndpoints([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }, { name: 'https', port: 443, protocol: 'TCP' }] }]),
      ['subsets[0].ports[0].name: Required value'],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, ep, expected) => {
    expect(validateEndpoints(ep).map(String)).toEqual(expected);
  });
});
