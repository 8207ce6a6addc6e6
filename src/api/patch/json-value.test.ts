import { compareGoStrings, goKind, goSprint, goTypeName } from './json-value.js';

describe('the Go view of decoded JSON', () => {
  it.each([
    ['a whole number is an int64', 3, 'int64'],
    ['a fraction is a float64', 0.5, 'float64'],
    ['null is nil', null, 'nil'],
    ['an array is a slice', [1], 'slice'],
    ['an object is a map', { a: 1 }, 'map'],
    ['a string is a string', 'x', 'string'],
    ['a boolean is a bool', false, 'bool'],
  ])('%s', (_name, value, kind) => {
    expect(goKind(value)).toBe(kind);
  });

  it.each([
    ['a map prints with sorted keys', { name: 'web', image: 'x', n: null }, 'map[image:x n:<nil> name:web]'],
    ['a slice prints space separated', [1, 'a', [true]], '[1 a [true]]'],
    ['a small float uses an exponent', 0.00001, '1e-05'],
    ['a large float uses an exponent', 1234567.5, '1.2345675e+06'],
    ['an ordinary float prints plainly', 3.25, '3.25'],
  ])('%%v of %s', (_name, value, text) => {
    expect(goSprint(value)).toBe(text);
  });

  it('names Go types as reflect prints them', () => {
    expect([goTypeName({}), goTypeName([]), goTypeName('s'), goTypeName(1), goTypeName(null)]).toEqual([
      'map[string]interface {}',
      '[]interface {}',
      'string',
      'int64',
      '%!s(<nil>)',
    ]);
  });

  it('orders strings by code point, as Go compares their bytes', () => {
    const items = ['b', 'B', '\u{1F600}', '\uFF5E', 'a'];
    expect([...items].sort(compareGoStrings)).toEqual(['B', 'a', 'b', '\uFF5E', '\u{1F600}']);
  });
});
