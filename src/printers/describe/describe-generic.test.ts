import { camelcaseSplit, describeGeneric, goValue, smartLabelFor } from './describe-generic.js';

describe('camelcaseSplit', () => {
  it.each([
    ['lowercase', ['lowercase']],
    ['MyClass', ['My', 'Class']],
    ['PDFLoader', ['PDF', 'Loader']],
    ['vimRPCPlugin', ['vim', 'RPC', 'Plugin']],
    ['GL11Version', ['GL', '11', 'Version']],
    ['BöseÜberraschung', ['Böse', 'Überraschung']],
  ])('%s splits into %j', (input, expected) => {
    expect(camelcaseSplit(input)).toEqual(expected);
  });
});

describe('smartLabelFor', () => {
  it.each([
    ['creationTimestamp', 'Creation Timestamp'],
    ['uid', 'UID'],
    ['apiVersion', 'API Version'],
    ['yURLValue', 'Y URL Value'],
    ['podCIDRs', 'Pod CID Rs'],
    ['runtime/gvisor', 'runtime/gvisor'],
    ['ipv4', 'ipv4'],
  ])('%s is labelled %j', (field, expected) => {
    expect(smartLabelFor(field)).toBe(expected);
  });
});

describe('goValue', () => {
  it.each([
    ['an integer prints as an int64', 40, '40'],
    ['a fraction prints as a float', 1.5, '1.5'],
    ['a huge number prints in exponent form', 1e21, '1e+21'],
    ['a tiny number prints in exponent form', 0.00001, '1e-05'],
    ['a million-and-a-half float uses an exponent', 1500000.5, '1.5000005e+06'],
    ['null prints as <nil>', null, '<nil>'],
    ['a list prints in brackets', ['a', 1, true], '[a 1 true]'],
    ['a map prints with sorted keys', { b: 1, a: 'x' }, 'map[a:x b:1]'],
  ])('%s', (_name, v, expected) => {
    expect(goValue(v)).toBe(expected);
  });
});

describe('describeGeneric', () => {
  it('skips the metadata fields it prints itself and managedFields', () => {
    const out = describeGeneric(
      { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x', namespace: 'ns', labels: { a: 'b' }, managedFields: [{ manager: 'm' }], uid: 'u' } },
      {},
      { now: new Date(), timeZone: 'UTC' },
    );
    expect(out).toBe('Name:         x\nNamespace:    ns\nLabels:       a=b\nAnnotations:  <none>\nAPI Version:  v1\nKind:         Thing\nMetadata:\n  UID:  u\n');
  });
});
