import { marshalGoJSON } from './go-json.js';

describe('JSON text as Go writes it', () => {
  it.each([
    ['object keys are sorted by bytes', { b: 1, a: { d: true, c: null }, B: 'x' }, '{"B":"x","a":{"c":null,"d":true},"b":1}'],
    ['HTML characters are escaped', { s: '<a href="x">&</a>' }, '{"s":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}'],
    ['line and paragraph separators are escaped', { s: 'a\u2028b\u2029c' }, '{"s":"a\\u2028b\\u2029c"}'],
    ['control characters use the short escapes where Go has them', { s: '\b\f\n\r\t\u0001' }, '{"s":"\\b\\f\\n\\r\\t\\u0001"}'],
    ['integers are written out in full', { n: 100000000000000000000, m: -5 }, '{"m":-5,"n":100000000000000000000}'],
    ['floats use the shortest form, with exponents for very small and large ones', [0.5, 1e-7, 1.5e21], '[0.5,1e-7,1.5e+21]'],
    ['undefined members are left out', { a: undefined, b: [undefined] }, '{"b":[null]}'],
    ['an empty object and array stay', { a: {}, b: [] }, '{"a":{},"b":[]}'],
  ])('%s', (_name, value, text) => {
    expect(marshalGoJSON(value)).toBe(text);
  });

  it('reads back as the same value', () => {
    const v = { z: [1, 'two', { three: 3.5 }], a: 'é & <ü>' };
    expect(JSON.parse(marshalGoJSON(v))).toEqual(v);
  });
});
