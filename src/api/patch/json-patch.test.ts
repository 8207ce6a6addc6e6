import {
  applyJsonPatch,
  decodeJsonPatch,
  JSON_PATCH_REJECTED_MESSAGE,
  JsonPatchDecodeError,
  JsonPatchError,
  JsonPatchTooLargeError,
  MAX_JSON_PATCH_OPERATIONS,
  parseJsonPatch,
} from './json-patch.js';

const apply = (doc: string, patch: string) => applyJsonPatch(JSON.parse(doc), parseJsonPatch(patch));

describe('applying a JSON patch', () => {
  // evanphx/json-patch v4's Cases, plus the RFC 6902 pointer escapes and what kubectl rollout undo sends.
  it.each([
    ['add puts a new member on an object', '{"foo":"bar"}', '[{"op":"add","path":"/baz","value":"qux"}]', '{"baz":"qux","foo":"bar"}'],
    ['add inserts into an array before the index', '{"foo":["bar","baz"]}', '[{"op":"add","path":"/foo/1","value":"qux"}]', '{"foo":["bar","qux","baz"]}'],
    ['add at -1 counts from the end, so it appends', '{"foo":["bar","baz"]}', '[{"op":"add","path":"/foo/-1","value":"qux"}]', '{"foo":["bar","baz","qux"]}'],
    ['add at - appends', '{"foo":["bar"]}', '[{"op":"add","path":"/foo/-","value":["abc","def"]}]', '{"foo":["bar",["abc","def"]]}'],
    ['add at -1 on an empty array appends', '{"foo":[]}', '[{"op":"add","path":"/foo/-1","value":"qux"}]', '{"foo":["qux"]}'],
    ['add of an object value', '{"foo":"bar"}', '[{"op":"add","path":"/child","value":{"grandchild":{}}}]', '{"foo":"bar","child":{"grandchild":{}}}'],
    ['add of a null value', '{"foo":"bar"}', '[{"op":"add","path":"/baz","value":null}]', '{"baz":null,"foo":"bar"}'],
    ['add over an existing member replaces it', '{"foo":"bar"}', '[{"op":"add","path":"/foo","value":1}]', '{"foo":1}'],
    ['remove takes a member away', '{"baz":"qux","foo":"bar"}', '[{"op":"remove","path":"/baz"}]', '{"foo":"bar"}'],
    ['remove takes an array element away', '{"foo":["bar","qux","baz"]}', '[{"op":"remove","path":"/foo/1"}]', '{"foo":["bar","baz"]}'],
    ['remove at a negative index counts from the end', '{"foo":["bar","qux","baz"]}', '[{"op":"remove","path":"/foo/-2"}]', '{"foo":["bar","baz"]}'],
    ['remove of a null member', '{"foo":"bar","qux":{"baz":1,"bar":null}}', '[{"op":"remove","path":"/qux/bar"}]', '{"foo":"bar","qux":{"baz":1}}'],
    ['replace changes a member', '{"baz":"qux","foo":"bar"}', '[{"op":"replace","path":"/baz","value":"boo"}]', '{"baz":"boo","foo":"bar"}'],
    ['replace changes an array element', '{"foo":["bar","qux","baz"]}', '[{"op":"replace","path":"/foo/1","value":"bum"}]', '{"foo":["bar","bum","baz"]}'],
    ['replace inside an array document', '[{"foo":["bar","qux","baz"]}]', '[{"op":"replace","path":"/0/foo/0","value":"bum"}]', '[{"foo":["bum","qux","baz"]}]'],
    ['replace with null', '{"bar":[{"baz":1}]}', '[{"op":"replace","path":"/bar/0/baz","value":null}]', '{"bar":[{"baz":null}]}'],
    ['replace of a null element', '{"bar":[null]}', '[{"op":"replace","path":"/bar/0","value":1}]', '{"bar":[1]}'],
    ['replace of a key the object lacks adds it, as the API server does', '{"metadata":{"labels":{}}}', '[{"op":"replace","path":"/metadata/labels/app","value":"web"}]', '{"metadata":{"labels":{"app":"web"}}}'],
    ['move between objects', '{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}', '[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]', '{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}'],
    ['move within an array to the end', '{"foo":["all","grass","cows","eat"]}', '[{"op":"move","from":"/foo/1","path":"/foo/3"}]', '{"foo":["all","cows","eat","grass"]}'],
    ['move within an array', '{"foo":["all","grass","cows","eat"]}', '[{"op":"move","from":"/foo/1","path":"/foo/2"}]', '{"foo":["all","cows","grass","eat"]}'],
    ['copy an element into an array', '[{"foo":["bar","qux","baz"],"bar":["qux","baz"]}]', '[{"op":"copy","from":"/0/foo/0","path":"/0/bar/0"}]', '[{"foo":["bar","qux","baz"],"bar":["bar","qux","baz"]}]'],
    ['copy over a member', '[{"foo":["bar","qux","baz"],"bar":["qux","baz"]}]', '[{"op":"copy","from":"/0/foo/0","path":"/0/bar"}]', '[{"foo":["bar","qux","baz"],"bar":"bar"}]'],
    ['copy an array into itself', '{"foo":["bar"]}', '[{"op":"copy","path":"/foo/0","from":"/foo"}]', '{"foo":[["bar"],"bar"]}'],
    ['copy of a missing member copies null', '{"a":{}}', '[{"op":"copy","from":"/a/nope","path":"/a/b"}]', '{"a":{"b":null}}'],
    ['~1 in a pointer is a slash', '{"metadata":{"annotations":{"example.com/x":"1"}}}', '[{"op":"remove","path":"/metadata/annotations/example.com~1x"}]', '{"metadata":{"annotations":{}}}'],
    ['~0 in a pointer is a tilde, and ~01 is ~1', '{"a~b":1,"c~1d":2}', '[{"op":"replace","path":"/a~0b","value":3},{"op":"remove","path":"/c~01d"}]', '{"a~b":3}'],
    ['a test that holds lets the next operations apply', '{"baz":"qux","foo":["a",2,"c"]}', '[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2},{"op":"add","path":"/x","value":1}]', '{"baz":"qux","foo":["a",2,"c"],"x":1}'],
    ['a test for null matches a missing member', '{"baz":"qux"}', '[{"op":"test","path":"/foo","value":null}]', '{"baz":"qux"}'],
    ['a test for null matches a null member', '{"foo":null}', '[{"op":"test","path":"/foo","value":null}]', '{"foo":null}'],
    ['a test compares objects by meaning', '{"a":{"x":1,"y":[1,{"z":2}]}}', '[{"op":"test","path":"/a","value":{"y":[1,{"z":2}],"x":1}}]', '{"a":{"x":1,"y":[1,{"z":2}]}}'],
    [
      'kubectl rollout undo replaces the template and annotations',
      '{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"2"}},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"v2"}]}}}}',
      '[{"op":"replace","path":"/spec/template","value":{"spec":{"containers":[{"name":"c","image":"v1"}]}}},{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"2"}}]',
      '{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"2"}},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"v1"}]}}}}',
    ],
  ])('%s', (_name, doc, patch, expected) => {
    expect(apply(doc, patch)).toEqual(JSON.parse(expected));
  });

  // evanphx/json-patch v4's BadCases and failing TestCases, with the library's messages.
  it.each([
    ['add under a missing parent', '{"foo":"bar"}', '[{"op":"add","path":"/baz/bat","value":"qux"}]', 'add operation does not apply: doc is missing path: "/baz/bat": missing value'],
    ['remove of a missing member', '{"a":{"b":{"d":1}}}', '[{"op":"remove","path":"/a/b/c"}]', "error in remove for path: '/a/b/c': Unable to remove nonexistent key: c: missing value"],
    ['move from a missing member', '{"a":{"b":{"d":1}}}', '[{"op":"move","from":"/a/b/c","path":"/a/b/e"}]', "error in move for path: 'c': Unable to remove nonexistent key: c: missing value"],
    ['remove past the end of an array', '{"a":{"b":[1]}}', '[{"op":"remove","path":"/a/b/1"}]', "error in remove for path: '/a/b/1': Unable to access invalid index: 1: invalid index referenced"],
    ['move past the end of an array', '{"a":{"b":[1]}}', '[{"op":"move","from":"/a/b/1","path":"/a/b/2"}]', "error in move for path: '1': Unable to access invalid index: 1: invalid index referenced"],
    ['an operation without a path', '{"foo":"bar"}', '[{"op":"add","pathz":"/baz","value":"qux"}]', 'add operation failed to decode path: missing value'],
    ['add to the empty pointer', '{"foo":"bar"}', '[{"op":"add","path":"","value":"qux"}]', 'add operation does not apply: doc is missing path: "": missing value'],
    ['replace past the end of an array', '{"foo":["bar","baz"]}', '[{"op":"replace","path":"/foo/2","value":"bum"}]', 'replace operation does not apply: doc is missing key: /foo/2: missing value'],
    ['add before the start of an array', '{"foo":["bar","baz"]}', '[{"op":"add","path":"/foo/-4","value":"bum"}]', "error in add for path: '/foo/-4': Unable to access invalid index: -4: invalid index referenced"],
    ['replace under a missing parent', '{"name":{"foo":"bat","qux":"bum"}}', '[{"op":"replace","path":"/foo/bar","value":"baz"}]', 'replace operation does not apply: doc is missing path: /foo/bar: missing value'],
    ['add past the end of an array', '{"foo":["bar"]}', '[{"op":"add","path":"/foo/2","value":"bum"}]', "error in add for path: '/foo/2': Unable to access invalid index: 2: invalid index referenced"],
    ['remove of - (only add appends)', '{"foo":[]}', '[{"op":"remove","path":"/foo/-"}]', `error in remove for path: '/foo/-': strconv.Atoi: parsing "-": invalid syntax`],
    ['remove at -1 of an empty array', '{"foo":[]}', '[{"op":"remove","path":"/foo/-1"}]', "error in remove for path: '/foo/-1': Unable to access invalid index: -1: invalid index referenced"],
    ['an operation that is null', '{}', '[{"op":null,"path":""}]', 'Unexpected kind: unknown'],
    ['an unknown operation', '{}', '[{"op":"merge","path":"/a"}]', 'Unexpected kind: merge'],
    ['copy without from', '{}', '[{"op":"copy","from":null}]', 'copy operation failed to decode from: operation, missing from field: missing value'],
    ['copy past the end of an array', '{"foo":["bar"]}', '[{"op":"copy","path":"/foo/2","from":"/foo/0"}]', 'error while adding value during copy: Unable to access invalid index: 2: invalid index referenced'],
    ['move to past the end of the shortened array', '{"foo":["all","grass","cows","eat"]}', '[{"op":"move","from":"/foo/1","path":"/foo/4"}]', "error in move for path: '/foo/4': Unable to access invalid index: 4: invalid index referenced"],
    ['a failed test', '{"baz":"qux"}', '[{"op":"test","path":"/baz","value":"bar"}]', 'testing value /baz failed: test failed'],
    ['a test of an array element', '{"baz":"qux","foo":["a",2,"c"]}', '[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":"c"}]', 'testing value /foo/1 failed: test failed'],
    ['a test for a value the document lacks', '{"baz":"qux"}', '[{"op":"test","path":"/foo","value":42}]', 'testing value /foo failed: test failed'],
    ['a test for null on an empty object', '{"foo":{}}', '[{"op":"test","path":"/foo","value":null}]', 'testing value /foo failed: test failed'],
    ['a test without a value on an empty array', '{"foo":[]}', '[{"op":"test","path":"/foo"}]', 'testing value /foo failed: test failed'],
  ])('%s fails', (_name, doc, patch, message) => {
    let caught: unknown;
    try {
      apply(doc, patch);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JsonPatchError);
    expect((caught as JsonPatchError).message).toBe(message);
    expect((caught as JsonPatchError).code).toBe(422);
    expect((caught as JsonPatchError).apiserverMessage).toBe(JSON_PATCH_REJECTED_MESSAGE);
  });

  it('stops at the first failing operation without changing the document', () => {
    const doc = { a: 1 };
    expect(() => applyJsonPatch(doc, decodeJsonPatch([{ op: 'add', path: '/b', value: 2 }, { op: 'test', path: '/a', value: 9 }]))).toThrow(JsonPatchError);
    expect(doc).toEqual({ a: 1 });
  });

  it('rejects more operations than the API server allows', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a', value: 1 }));
    expect(() => applyJsonPatch({ a: 1 }, ops)).toThrow(new JsonPatchTooLargeError(MAX_JSON_PATCH_OPERATIONS + 1).message);
    expect(new JsonPatchTooLargeError(10001).message).toBe('The allowed maximum operations in a JSON patch is 10000, got 10001');
  });
});

describe('decoding a JSON patch body', () => {
  it.each([
    ['an object is not a patch', { op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    ['an operation must be an object', ['add'], 'json: cannot unmarshal string into Go value of type jsonpatch.Operation'],
  ])('%s', (_name, body, message) => {
    expect(() => decodeJsonPatch(body)).toThrow(JsonPatchDecodeError);
    expect(() => decodeJsonPatch(body)).toThrow(message);
  });

  it('rejects text that is not JSON as a bad request', () => {
    expect(() => parseJsonPatch('[{')).toThrow(JsonPatchDecodeError);
  });

  it('takes null as an empty patch', () => {
    expect(decodeJsonPatch(null)).toEqual([]);
  });
});

describe('applying a parsed patch body directly', () => {
  it('decodes it first, so a body that is not a list is a bad request', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/a', value: 2 }])).toEqual({ a: 2 });
    expect(() => applyJsonPatch({ a: 1 }, { op: 'replace', path: '/a', value: 2 })).toThrow(JsonPatchDecodeError);
  });
});
