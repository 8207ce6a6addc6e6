import { FloatLiteral, formatGoFloat, goQuote, goRuneU, goSharpV, goSprint, isGoInt } from './go-format.js';

describe('formatGoFloat', () => {
  it.each([
    [0.5, '0.5'],
    [100000.5, '100000.5'],
    [1234567.5, '1.2345675e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e20, '1e+20'],
    [1.5e300, '1.5e+300'],
    [-2.25, '-2.25'],
    [2, '2'],
  ])('%d prints as %s', (n, expected) => {
    expect(formatGoFloat(n)).toBe(expected);
  });
});

describe('isGoInt', () => {
  it('takes whole numbers inside int64 as integers and the rest as floats', () => {
    expect(isGoInt(42)).toBe(true);
    expect(isGoInt(1e20)).toBe(false);
    expect(isGoInt(0.5)).toBe(false);
  });
});

describe('goSprint', () => {
  it.each([
    ['a map prints sorted, Go style', { b: 1, a: 'x' }, 'map[a:x b:1]'],
    ['a list prints space separated', ['a', 1, true], '[a 1 true]'],
    ['nil prints <nil>', null, '<nil>'],
    ['an empty map prints map[]', {}, 'map[]'],
    ['a float literal keeps its float form', new FloatLiteral(2), '2'],
    ['a large whole number is a float64', 1e20, '1e+20'],
  ])('%s', (_name, v, expected) => {
    expect(goSprint(v)).toBe(expected);
  });
});

describe('goSharpV', () => {
  it('prints maps and lists as Go literals with nil inside as interface {}(nil)', () => {
    expect(goSharpV({ b: [1, 'x'], a: null, c: {} })).toBe('map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}, "c":map[string]interface {}{}}');
  });
});

describe('goQuote', () => {
  it.each([
    ['escapes control characters in Go style', 'a\x07\x00\x1b', '"a\\a\\x00\\x1b"'],
    ['escapes non-printable Unicode with \\u', '\ufeff\u00a0\u2028', '"\\ufeff\\u00a0\\u2028"'],
    ['keeps printable Unicode raw', '데몬셋 😀', '"데몬셋 😀"'],
    ['escapes quotes and backslashes', 'say "hi" \\', '"say \\"hi\\" \\\\"'],
  ])('%s', (_name, s, expected) => {
    expect(goQuote(s)).toBe(expected);
  });
});

describe('goRuneU', () => {
  it('prints a printable rune with the character and an unprintable one without', () => {
    expect(goRuneU(0x21)).toBe("U+0021 '!'");
    expect(goRuneU(0x09)).toBe('U+0009');
  });
});
