import { goSyntaxUnstructured } from './go-syntax.js';

describe('goSyntaxUnstructured', () => {
  it("prints an object as Go's %#v of an unstructured.Unstructured, keys sorted", () => {
    const obj = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x', labels: {} }, spec: { priority: 0, ratio: 0.5, big: 1234567.5, on: true, none: null, list: ['a'] } };
    expect(goSyntaxUnstructured(obj)).toBe(
      '&unstructured.Unstructured{Object:map[string]interface {}{"apiVersion":"v1", "kind":"Pod", "metadata":map[string]interface {}{"labels":map[string]interface {}{}, "name":"x"}, ' +
        '"spec":map[string]interface {}{"big":1.2345675e+06, "list":[]interface {}{"a"}, "none":interface {}(nil), "on":true, "priority":0, "ratio":0.5}}}',
    );
  });
});
