import { ipBytes, isConfigMapKey, isEnvVarName, isRelaxedEnvVarName, isValidPortName, isValidPortNum, parseCIDRSloppy, parseIPSloppy } from './value-checks.js';

describe('value checks', () => {
  test.each([
    ['port 1 is valid', isValidPortNum(1), []],
    ['port 65536 is out of range', isValidPortNum(65536), ['must be between 1 and 65535, inclusive']],
    ['a port name may be all letters and digits with one letter', isValidPortName('http2'), []],
    ['a port name may not begin with a hyphen', isValidPortName('-http'), ['must not begin or end with a hyphen']],
    ['a config key may be dotted', isConfigMapKey('app.properties'), []],
    ['a config key may not start with ..', isConfigMapKey('..data'), ["must not start with '..'"]],
    ['a relaxed env name takes spaces but not =', isRelaxedEnvVarName('MY VAR'), []],
    ['a relaxed env name may not hold =', isRelaxedEnvVarName('A=B'), ["a valid environment variable name must consist only of printable ASCII characters other than '='"]],
    [
      'a strict env name may not start with a digit',
      isEnvVarName('1VAR'),
      [
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
      ],
    ],
  ] as [string, string[], string[]][])('%s', (_n, got, expected) => {
    expect(got).toEqual(expected);
  });

  test.each([
    ['10.0.0.1', 4],
    ['010.000.000.001', 4],
    ['::1', 6],
    ['::ffff:10.0.0.1', 6],
    ['fe80::1%eth0', undefined],
    ['10.0.0.256', undefined],
    ['localhost', undefined],
  ] as [string, 4 | 6 | undefined][])('Go reads the IP %s as family %s', (ip, family) => {
    expect(parseIPSloppy(ip)).toBe(family);
  });

  test.each([
    ['10.244.0.0/16', 4],
    ['2001:db8::/64', 6],
    ['10.0.0.0/33', undefined],
    ['10.0.0.0', undefined],
  ] as [string, 4 | 6 | undefined][])('Go reads the CIDR %s as family %s', (cidr, family) => {
    expect(parseCIDRSloppy(cidr)).toBe(family);
  });

  test('IPv6 addresses expand to 16 bytes', () => {
    expect(ipBytes('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipBytes('fe80::1:2')?.slice(0, 2)).toEqual([0xfe, 0x80]);
    expect(ipBytes('10.1.2.3')?.slice(10)).toEqual([0xff, 0xff, 10, 1, 2, 3]);
  });
});
