import { goMap, marshalCompact, marshalIndent } from './typed-json.js';

describe('marshalIndent writes a typed object as Go encoding/json does', () => {
  it('keeps struct fields in their order and sorts map keys, numbers after Go byte order', () => {
    const obj = { kind: 'ConfigMap', apiVersion: 'v1', data: goMap({ b: '1', a: '2', '10': 'x', '9': 'y' }) };
    expect(marshalCompact(obj)).toBe('{"kind":"ConfigMap","apiVersion":"v1","data":{"10":"x","9":"y","a":"2","b":"1"}}');
  });

  it('indents with four spaces, keeps empty objects and lists short and ends with a newline', () => {
    expect(marshalIndent({ a: {}, b: [], c: [1, { d: null }] })).toBe('{\n    "a": {},\n    "b": [],\n    "c": [\n        1,\n        {\n            "d": null\n        }\n    ]\n}\n');
  });

  it('escapes HTML characters as Go does and leaves undefined fields out', () => {
    expect(marshalCompact({ s: '<a&b>', gone: undefined })).toBe('{"s":"\\u003ca\\u0026b\\u003e"}');
  });

  it('sorts every object with sortAll, as for unstructured objects', () => {
    expect(marshalCompact({ b: 1, a: { d: 1, c: 2 } }, { sortAll: true })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });
});
