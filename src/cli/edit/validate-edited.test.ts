import { validateEdited } from './validate-edited.js';

describe('validateEdited', () => {
  it.each([
    ['an object with apiVersion and kind passes', '{"apiVersion":"v1","kind":"Pod"}', undefined],
    ['an emptied buffer (null) is no object', 'null', 'invalid object to validate'],
    ['a missing kind', '{"apiVersion":"v1"}', 'kind not set'],
    ['both missing are aggregated', '{"metadata":{}}', '[apiVersion not set, kind not set]'],
    ['a kind that is not a string', '{"apiVersion":"v1","kind":3}', "kind isn't string type"],
    ['an apiVersion with two slashes', '{"apiVersion":"a/b/c","kind":"X"}', 'unexpected GroupVersion string: a/b/c'],
    ['bad JSON has encoding/json message', '{"apiVersion":"v1",}', "invalid character '}' looking for beginning of object key string"],
    ['bad YAML has go-yaml message without the conversion prefix', 'apiVersion: v1\nkind Pod\nmetadata:\n', "yaml: line 3: could not find expected ':'"],
    ['a List item without kind', '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1"}]}', 'kind not set'],
  ])('%s', (_name, data, expected) => {
    expect(validateEdited(data)).toBe(expected);
  });
});
