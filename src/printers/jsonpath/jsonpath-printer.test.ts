import { jsonPathPrinterFor } from './jsonpath-printer.js';

const makeObject = () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '<x>' } });

describe('jsonPathPrinterFor', () => {
  it('allows missing keys by default, as kubectl get does', () => {
    expect(jsonPathPrinterFor('jsonpath', '{.nope}').print(makeObject())).toBe('');
  });

  it('refuses an empty template', () => {
    expect(() => jsonPathPrinterFor('jsonpath', '')).toThrow('template format specified but no template given');
  });

  it('reports a template that does not parse with the template', () => {
    expect(() => jsonPathPrinterFor('jsonpath', '{.a')).toThrow('error parsing jsonpath {.a, unclosed action');
  });

  it('reports an execution error with the template and the object, as kubectl does', () => {
    const printer = jsonPathPrinterFor('jsonpath', '{.nope}', { allowMissingKeys: false });
    expect(() => printer.print(makeObject())).toThrow(
      'error executing jsonpath "{.nope}": Error executing template: nope is not found. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n\t\t{.nope}\n' +
        '\tobject given to jsonpath engine was:\n' +
        '\t\tmap[string]interface {}{"apiVersion":"v1", "data":map[string]interface {}{"a":"<x>"}, "kind":"ConfigMap", "metadata":map[string]interface {}{"name":"c"}}\n\n\n',
    );
  });

  it('prints JSON with Go escaping in jsonpath-as-json', () => {
    expect(jsonPathPrinterFor('jsonpath-as-json', '{.data.a}').print(makeObject())).toBe('[\n    "\\u003cx\\u003e"\n]\n');
  });

  it('reads a jsonpath-file through the given reader', () => {
    expect(jsonPathPrinterFor('jsonpath-file', 't.txt', { readFile: () => '{.metadata.name}' }).print(makeObject())).toBe('c');
  });

  it('reports an unreadable jsonpath-file as kubectl does', () => {
    const readFile = () => {
      throw new Error('open t.txt: no such file or directory');
    };
    expect(() => jsonPathPrinterFor('jsonpath-file', 't.txt', { readFile })).toThrow('error reading --template t.txt, open t.txt: no such file or directory');
  });
});
