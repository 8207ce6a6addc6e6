import { goJSONObjectError } from './go-json.js';

describe('goJSONObjectError', () => {
  test.each([
    ['an object is accepted', '{"auths":{"r.io":{"auth":"eDp5"}}}', undefined],
    ['null is accepted, as Go leaves the map alone', 'null', undefined],
    ['empty input ends too soon', '', 'unexpected end of JSON input'],
    ['an unclosed object ends too soon', '{"a": 1', 'unexpected end of JSON input'],
    ['single quotes are not JSON', "{'a': 1}", "invalid character '\\'' looking for beginning of object key string"],
    ['a missing colon is named', '{"a" 1}', "invalid character '1' after object key"],
    ['a missing comma is named', '{"a": 1 "b": 2}', `invalid character '"' after object key:value pair`],
    ['trailing text is named', '{} x', "invalid character 'x' after top-level value"],
    ['a bad literal is named', '{"a": tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['a string is not an object', '"x"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['a number is not an object', '12', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
  ] as [string, string, string | undefined][])('%s', (_n, text, expected) => {
    expect(goJSONObjectError(text)).toBe(expected);
  });
});
