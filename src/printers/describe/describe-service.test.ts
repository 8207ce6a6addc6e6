import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { formatEndpointSlices } from './describe-service.js';

function makeSlice(ports: Array<{ name: string; port: number }> | undefined, ips: Array<[string, boolean?]>): EndpointSlice {
  return {
    addressType: 'IPv4',
    metadata: { name: 's' },
    ports: ports?.map((p) => ({ ...p, protocol: 'TCP' })),
    endpoints: ips.map(([ip, ready]) => ({ addresses: [ip], conditions: ready === undefined ? {} : { ready } })),
  };
}

describe('formatEndpointSlices', () => {
  it.each([
    ['no slices print <none>', [], 'http', '<none>'],
    ['ready endpoints print as ip:port of the named port', [makeSlice([{ name: 'http', port: 8080 }], [['10.0.0.1', true], ['10.0.0.2']])], 'http', '10.0.0.1:8080,10.0.0.2:8080'],
    ['endpoints that are not ready are left out', [makeSlice([{ name: 'http', port: 8080 }], [['10.0.0.1', false], ['10.0.0.2', true]])], 'http', '10.0.0.2:8080'],
    ['ports of other names are left out', [makeSlice([{ name: 'metrics', port: 9090 }], [['10.0.0.1', true]])], 'http', ''],
    ['a headless slice without ports prints bare addresses', [makeSlice(undefined, [['10.0.0.1', true]])], '', '10.0.0.1'],
    [
      'beyond three, the rest are counted',
      [makeSlice([{ name: '', port: 80 }], [['10.0.0.1'], ['10.0.0.2'], ['10.0.0.3'], ['10.0.0.4'], ['10.0.0.5']])],
      '',
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...',
    ],
  ])('%s', (_name, slices, port, expected) => {
    expect(formatEndpointSlices(slices, port)).toBe(expected);
  });
});
