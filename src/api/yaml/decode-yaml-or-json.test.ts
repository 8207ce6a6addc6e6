import { decodeYAMLOrJSON, hasJSONPrefix, kubectlFileBytes } from './decode-yaml-or-json.js';

/** The values of a stream, and the error that ended it (as kubectl prints it after `error parsing FILE: `). */
function decodeAll(text: string | Uint8Array): { values: unknown[]; error?: string } {
  const values: unknown[] = [];
  try {
    for (const v of decodeYAMLOrJSON(text)) values.push(v);
    return { values };
  } catch (e) {
    return { values, error: (e as Error).message };
  }
}

describe('decodeYAMLOrJSON splits a YAML stream as apimachinery YAMLReader does', () => {
  it.each([
    ['documents are separated by lines starting with ---', 'a: 1\n---\nb: 2\n', { values: [{ a: 1 }, { b: 2 }] }],
    ['an empty or comment-only document is a null', 'a: 1\n---\n# nothing\n---\nb: 2\n', { values: [{ a: 1 }, null, { b: 2 }] }],
    ['separators before the first document and at the end are dropped', '---\n---\na: 1\n---\n', { values: [{ a: 1 }] }],
    ['a comment may follow a separator', 'a: 1\n--- # next\nb: 2\n', { values: [{ a: 1 }, { b: 2 }] }],
    ['anything else after a separator is an error, found before the document it ends is read', 'a: 1\n--- b: 2\n', { values: [], error: 'invalid Yaml document separator: b: 2' }],
    ['four dashes are a separator followed by a dash', 'a: 1\n----\nb: 2\n', { values: [], error: 'invalid Yaml document separator: -' }],
    [
      "go-yaml's line numbers count from the document's first line",
      'a: 1\n---\nb: 2\nc\nd: 3\n',
      { values: [{ a: 1 }], error: "error converting YAML to JSON: yaml: line 3: could not find expected ':'" },
    ],
    ['CRLF line endings read as LF', 'a: x\r\nb: why\r\n---\r\nc: z\r\n', { values: [{ a: 'x', b: 'why' }, { c: 'z' }] }],
    ['`...` ends a document and hides the rest of its part', 'a: 1\n...\nb: [\n', { values: [{ a: 1 }] }],
    ['YAML 1.1 scalars: an octal mode, yes, a number with underscores', 'mode: 0644\nok: yes\ncount: 1_000\n', { values: [{ mode: 420, ok: true, count: 1000 }] }],
    ['YAML 1.1 booleans as keys: y and n are true and false', 'y: 1\nn: 2\n', { values: [{ true: 1, false: 2 }] }],
    ['a later duplicate key wins', 'a: 1\na: 2\n', { values: [{ a: 2 }] }],
  ])('%s', (_name, text, expected) => {
    expect(decodeAll(text)).toEqual(expected);
  });
});

describe('decodeYAMLOrJSON reads text starting with { as a stream of JSON values (Go json.Decoder)', () => {
  it.each([
    ['values follow one another', '{"a":1} {"b":2}\n[3] 4 "five" null', { values: [{ a: 1 }, { b: 2 }, [3], 4, 'five', null] }],
    ['a syntax error names its byte offset (the bad byte counted)', '{"a":1,}', { values: [], error: "json: offset 8: invalid character '}' looking for beginning of object key string" }],
    ['offsets count across values', '{"a":1} {"b":x}', { values: [{ a: 1 }], error: "json: offset 14: invalid character 'x' looking for beginning of value" }],
    ['a value cut short is an unexpected EOF', '{"a":[1,2', { values: [], error: 'unexpected EOF' }],
    ['a bad literal says what it expected', '{"a":nul}', { values: [], error: "json: offset 9: invalid character '}' in literal null (expecting 'l')" }],
    ['a control character inside a string', '{"a":"x\ty"}', { values: [], error: "json: offset 8: invalid character '\\t' in string literal" }],
    ['single quotes are not JSON', "{'a':1}", { values: [], error: "json: offset 2: invalid character '\\'' looking for beginning of object key string" }],
  ])('%s', (_name, text, expected) => {
    expect(decodeAll(text)).toEqual(expected);
  });

  it.each([
    ['{"a":1}', true],
    ['\n\t {"a":1}', true],
    ['\u00a0\u2003{', true],
    ['a: {b: 1}', false],
    ['[{"a":1}]', false],
    ['\ufeff{"a":1}', false],
  ])('hasJSONPrefix(%j) is %s', (text, expected) => {
    expect(hasJSONPrefix(Buffer.from(text, 'utf8'))).toBe(expected);
  });
});

describe('kubectlFileBytes: what kubectl decodes from a file before parsing it', () => {
  it.each([
    ['a UTF-8 byte order mark is dropped', [0xef, 0xbb, 0xbf, 0x61], 'a'],
    ['UTF-16 with a byte order mark becomes UTF-8', [0xff, 0xfe, 0x61, 0x00, 0x48, 0xc5], 'a안'],
    ['bytes that are not UTF-8 become U+FFFD, one each', [0x63, 0x61, 0x66, 0xe9, 0x0a], 'caf\ufffd\n'],
    ['a truncated sequence is replaced byte by byte', [0xe2, 0x82], '\ufffd\ufffd'],
    ['a real U+FFFD stays one character', [0xef, 0xbf, 0xbd], '\ufffd'],
  ])('%s', (_name, bytes, text) => {
    expect(Buffer.from(kubectlFileBytes(Uint8Array.from(bytes))).toString('utf8')).toBe(text);
  });
});
