import { formatGoValue } from './go-value.js';

describe('formatGoValue', () => {
  it.each<[string, unknown, string]>([
    ['a string as is', 'a b', 'a b'],
    ['an integer in decimal, however large', 2000000000, '2000000000'],
    ['a negative integer', -3, '-3'],
    ['a fraction in its shortest form', 0.25, '0.25'],
    ['a large float in exponent form with a two-digit exponent', 1.5e6 + 0.5, '1.5000005e+06'],
    ['a small float in exponent form', 0.00001, '1e-05'],
    ['a float just inside fixed notation', 0.0001, '0.0001'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['null as <nil>', null, '<nil>'],
    ['an array as a space-separated list in brackets', ['a', 1, true], '[a 1 true]'],
    ['an object as a map with sorted keys', { b: 1, a: { c: 'x' } }, 'map[a:map[c:x] b:1]'],
  ])('prints %s', (_name, value, printed) => {
    expect(formatGoValue(value)).toBe(printed);
  });
});
