import { GoUint64, parseFloat64, resolve, ResolveError, Tag } from './resolve.js';

// Expected values are what gopkg.in/yaml.v2 2.4.0 made of `v: TEXT` (checked with Go when written).
describe('resolve reads a plain scalar as go-yaml v2 does (YAML 1.1)', () => {
  it.each([
    ['yes', Tag.BOOL, true],
    ['Yes', Tag.BOOL, true],
    ['y', Tag.BOOL, true],
    ['ON', Tag.BOOL, true],
    ['True', Tag.BOOL, true],
    ['no', Tag.BOOL, false],
    ['N', Tag.BOOL, false],
    ['off', Tag.BOOL, false],
    ['FALSE', Tag.BOOL, false],
    ['tRUE', Tag.STR, 'tRUE'],
    ['~', Tag.NULL, null],
    ['Null', Tag.NULL, null],
    ['', Tag.NULL, null],
    ['nULL', Tag.STR, 'nULL'],
    ['0644', Tag.INT, 420n],
    ['0o644', Tag.INT, 420n],
    ['08', Tag.FLOAT, 8],
    ['0x1F', Tag.INT, 31n],
    ['0x', Tag.STR, '0x'],
    ['0b101', Tag.INT, 5n],
    ['-0b101', Tag.INT, -5n],
    ['1_000', Tag.INT, 1000n],
    ['1__0', Tag.INT, 10n],
    ['_1000', Tag.STR, '_1000'],
    ['0x_1F', Tag.INT, 31n],
    ['1:20', Tag.STR, '1:20'],
    ['1e3', Tag.FLOAT, 1000],
    ['1.e3', Tag.FLOAT, 1000],
    ['.5', Tag.FLOAT, 0.5],
    ['.5_5', Tag.FLOAT, 0.55],
    ['._5', Tag.STR, '._5'],
    ['.5e3_0', Tag.FLOAT, 5e29],
    ['1_0.5', Tag.FLOAT, 10.5],
    ['1.5e400', Tag.STR, '1.5e400'],
    ['1e-400', Tag.FLOAT, 0],
    ['.inf', Tag.FLOAT, Infinity],
    ['-.Inf', Tag.FLOAT, -Infinity],
    ['9223372036854775807', Tag.INT, 9223372036854775807n],
    ['-9223372036854775809', Tag.FLOAT, -9223372036854775809],
    ['0777777777777777777777', Tag.INT, 9223372036854775807n],
    ['0x10000000000000000', Tag.STR, '0x10000000000000000'],
    ['0x1p3', Tag.STR, '0x1p3'],
    ['2001-12-14', Tag.TIMESTAMP, '2001-12-14'],
    ['2001-12-14T21:59:43.10-05:00', Tag.TIMESTAMP, '2001-12-14T21:59:43.10-05:00'],
    ['2024-02-30', Tag.STR, '2024-02-30'],
    // `<<` is a merge key by its text (decode.go's isMerge), not by resolve: the table has no hint for '<'.
    ['<<', Tag.STR, '<<'],
    ['12abc', Tag.STR, '12abc'],
    ['Infinity', Tag.STR, 'Infinity'],
  ])('%s resolves to %s %p', (text, tag, value) => {
    expect(resolve('', text)).toEqual({ tag, value });
  });

  it('a number from 2^63 up is a uint64', () => {
    expect(resolve('', '18446744073709551615')).toEqual({ tag: Tag.INT, value: new GoUint64(18446744073709551615n) });
  });

  it('NaN is a float', () => {
    const { tag, value } = resolve('', '.NaN');
    expect(tag).toBe(Tag.FLOAT);
    expect(value).toBeNaN();
  });
});

describe('resolve with an explicit tag', () => {
  it.each([
    [Tag.STR, '123', Tag.STR, '123'],
    [Tag.INT, '12', Tag.INT, 12n],
    [Tag.FLOAT, '1', Tag.FLOAT, 1],
    [Tag.BOOL, 'on', Tag.BOOL, true],
    ['!custom', '5', '!custom', '5'],
  ])('%s %s is %s %p', (explicit, text, tag, value) => {
    expect(resolve(explicit, text)).toEqual({ tag, value });
  });

  it.each([
    [Tag.INT, 'abc', 'cannot decode !!str `abc` as a !!int'],
    [Tag.INT, '1.5', 'cannot decode !!float `1.5` as a !!int'],
    [Tag.INT, '', 'cannot decode !!null `` as a !!int'],
    [Tag.BOOL, '1', 'cannot decode !!int `1` as a !!bool'],
  ])('%s %p is refused: %s', (explicit, text, message) => {
    expect(() => resolve(explicit, text)).toThrow(new ResolveError(message));
  });
});

describe('parseFloat64 is strconv.ParseFloat', () => {
  it.each([
    ['1.5', 1.5],
    ['-0.25e2', -25],
    ['1_000.5', 1000.5],
    ['1__0', undefined],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['0x1p-2', 0.25],
    ['1e309', undefined],
    ['abc', undefined],
  ])('%s reads as %p', (s, expected) => {
    expect(parseFloat64(s)).toBe(expected);
  });
});
