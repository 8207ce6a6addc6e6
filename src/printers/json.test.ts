import type { KubeObject } from '../api/object.js';
import { assertTyped, genericOutput, goJsonString, marshalJson, toJson } from './json.js';

const makePod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name } });

describe('toJson', () => {
  it('indents with four spaces, sorts keys and ends with a newline, as kubectl get -o json', () => {
    expect(toJson({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web' } })).toBe('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {\n        "name": "web"\n    }\n}\n');
  });

  it('keeps the order the object was built in when asked to, as kubectl prints typed generator output', () => {
    expect(toJson({ kind: 'Pod', apiVersion: 'v1' }, { sortKeys: false })).toBe('{\n    "kind": "Pod",\n    "apiVersion": "v1"\n}\n');
  });

  it('keeps empty maps and lists on one line', () => {
    expect(toJson({ a: {}, b: [] })).toBe('{\n    "a": {},\n    "b": []\n}\n');
  });

  it('prints whole numbers as integers and others as Go floats', () => {
    expect(marshalJson([1, 0.5, 1e-7, 1e21, 0.00001, 1e20])).toBe('[1,0.5,1e-7,1e+21,0.00001,100000000000000000000]');
  });
});

describe('goJsonString', () => {
  it.each([
    ['escapes < > & as Go does', '<a> & b', '"\\u003ca\\u003e \\u0026 b"'],
    ['escapes the line and paragraph separators', 'a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['keeps other non-ASCII characters raw', 'héllo 데몬셋 😀', '"héllo 데몬셋 😀"'],
    ['escapes control characters', 'a\tb\u0001', '"a\\tb\\u0001"'],
    ['turns a lone surrogate into U+FFFD, as Go does with bad UTF-8', 'a\ud800b', '"a\ufffdb"'],
  ])('%s', (_name, input, expected) => {
    expect(goJsonString(input)).toBe(expected);
  });
});

describe('genericOutput', () => {
  it('prints the object itself when the command named exactly one object', () => {
    expect(genericOutput([makePod('a')], true)).toEqual(makePod('a'));
  });

  it('wraps several objects in a List whose resourceVersion is empty', () => {
    expect(genericOutput([makePod('a'), makePod('b')], false)).toEqual({ apiVersion: 'v1', items: [makePod('a'), makePod('b')], kind: 'List', metadata: { resourceVersion: '' } });
  });

  it('wraps a single object from a list request in a List too', () => {
    expect(genericOutput([makePod('a')], false)).toMatchObject({ kind: 'List', items: [makePod('a')] });
  });
});

describe('assertTyped', () => {
  it('refuses an object with neither apiVersion nor kind', () => {
    expect(() => assertTyped({ metadata: {} })).toThrow('missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type');
  });

  it('accepts an object with a kind', () => {
    expect(() => assertTyped({ kind: 'Pod' })).not.toThrow();
  });
});
