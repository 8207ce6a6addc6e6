import { atoi, parseGoInt, parseMapStringString, splitCsv } from './flag-values.js';

describe('splitCsv reads a StringSlice value as pflag does', () => {
  it.each([
    ['', []],
    ['a', ['a']],
    ['get,list,watch', ['get', 'list', 'watch']],
    ['"a,b",c', ['a,b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['a,,b', ['a', '', 'b']],
    ['a,', ['a', '']],
  ])('%j is %j', (value, expected) => {
    expect(splitCsv(value)).toEqual(expected);
  });
});

describe('parseGoInt is strconv.ParseInt with base 0', () => {
  it.each([
    ['3', 32, 3],
    ['-1', 32, -1],
    ['+7', 32, 7],
    ['0x10', 32, 16],
    ['010', 32, 8],
    ['1_000', 64, 1000],
    ['abc', 32, 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ['', 32, 'strconv.ParseInt: parsing "": invalid syntax'],
    ['2147483648', 32, 'strconv.ParseInt: parsing "2147483648": value out of range'],
    ['2147483648', 64, 2147483648],
  ] as const)('%j as int%i is %j', (s, bits, expected) => {
    expect(parseGoInt(s, bits)).toBe(expected);
  });
});

describe('atoi is strconv.Atoi', () => {
  it.each([
    ['80', 80],
    ['+80', 80],
    ['-5', -5],
    ['http', 'strconv.Atoi: parsing "http": invalid syntax'],
    ['0x10', 'strconv.Atoi: parsing "0x10": invalid syntax'],
  ] as const)('%j is %j', (s, expected) => {
    expect(atoi(s)).toBe(expected);
  });
});

describe('parseMapStringString reads repeated k=v,k2=v2 values', () => {
  it('merges the pairs of every use, trimming blanks', () => {
    expect(parseMapStringString(['a=1, b = 2', 'c=x=y'])).toEqual({ map: { a: '1', b: '2', c: 'x=y' } });
  });

  it('names the value holding a pair without =', () => {
    expect(parseMapStringString(['a=1', 'ab'])).toEqual({ map: { a: '1' }, error: 'malformed pair, expect string=string', bad: 'ab' });
  });
});
