import { CustomColumnsPrinter, customColumnsPrinterFor, escapeTerminal, parseCustomColumnsSpec, parseCustomColumnsTemplate, relaxedJsonPathExpression } from './custom-columns.js';

const makePod = (name: string, owner?: { kind: string; name: string }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(owner ? { ownerReferences: [owner] } : {}) },
});
const makeList = (...items: unknown[]) => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });

/** Everything the printer writes for obj, and the error if it failed. */
function print(printer: CustomColumnsPrinter, obj: unknown): { out: string; error?: string } {
  let out = '';
  try {
    printer.printObj(obj, (s) => (out += s));
    return { out };
  } catch (e) {
    return { out, error: (e as Error).message };
  }
}

describe('relaxedJsonPathExpression', () => {
  it.each([
    ['metadata.name', '{.metadata.name}'],
    ['.metadata.name', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['', ''],
  ])('%j becomes %j', (input, expected) => {
    expect(relaxedJsonPathExpression(input)).toBe(expected);
  });

  it('refuses two actions', () => {
    expect(() => relaxedJsonPathExpression('{.a}{.b}')).toThrow("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  });
});

describe('parseCustomColumnsSpec', () => {
  it('splits headers from expressions at the first colon', () => {
    expect(parseCustomColumnsSpec('A:B:.x,C:.y')).toEqual([
      { header: 'A', fieldSpec: '{.B:.x}' },
      { header: 'C', fieldSpec: '{.y}' },
    ]);
  });

  it.each([
    ['', 'custom-columns format specified but no custom columns given'],
    ['NAME', 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>'],
  ])('refuses %j', (spec, message) => {
    expect(() => parseCustomColumnsSpec(spec)).toThrow(message);
  });
});

describe('parseCustomColumnsTemplate', () => {
  it('reads a header line and a spec line separated by white space', () => {
    expect(parseCustomColumnsTemplate('NAME   KIND\n.metadata.name  {.kind}\n')).toEqual([
      { header: 'NAME', fieldSpec: '{.metadata.name}' },
      { header: 'KIND', fieldSpec: '{.kind}' },
    ]);
  });

  it.each([
    ['', 'invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.'],
    ['NAME\n', 'invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.'],
    ['A B\n.x\n', "number of headers (2) and field specifications (1) don't match"],
  ])('refuses %j', (text, message) => {
    expect(() => parseCustomColumnsTemplate(text)).toThrow(message);
  });
});

describe('CustomColumnsPrinter', () => {
  it('prints the seed example: owners of pods, <none> where there is none', () => {
    const printer = customColumnsPrinterFor('custom-columns', 'NAME:{.metadata.name},OWNER:{.metadata.ownerReferences[0].name},OWNER_KIND:{.metadata.ownerReferences[0].kind}');
    const list = makeList(makePod('static-web-node01', { kind: 'Node', name: 'node01' }), makePod('standalone'));
    expect(print(printer, list).out).toBe('NAME                OWNER    OWNER_KIND\nstatic-web-node01   node01   Node\nstandalone          <none>   <none>\n');
  });

  it('joins several values with commas and prints maps the Go way', () => {
    const printer = customColumnsPrinterFor('custom-columns', 'C:.spec.containers[*].name,L:.metadata.labels');
    const pod = { ...makePod('p'), metadata: { name: 'p', labels: { b: '2', a: '1' } }, spec: { containers: [{ name: 'x' }, { name: 'y' }] } };
    expect(print(printer, pod).out).toBe('C     L\nx,y   map[a:1 b:2]\n');
  });

  it('leaves the header out with --no-headers', () => {
    expect(print(customColumnsPrinterFor('custom-columns', 'N:.metadata.name', { noHeaders: true }), makePod('a')).out).toBe('a\n');
  });

  it('still prints the header when a column fails, then reports the error', () => {
    expect(print(customColumnsPrinterFor('custom-columns', 'A:.metadata[?(@.x'), makePod('a'))).toEqual({ out: 'A\n', error: 'unterminated filter' });
    expect(print(customColumnsPrinterFor('custom-columns', 'A:.metadata.ownerReferences[3]'), makePod('a', { kind: 'Node', name: 'n' }))).toEqual({ out: 'A\n', error: 'array index out of bounds: index 3, length 1' });
  });

  it('reads a custom-columns-file through the given reader, ignoring --no-headers', () => {
    const printer = customColumnsPrinterFor('custom-columns-file', 'cols.txt', { noHeaders: true, readFile: () => 'NAME\n.metadata.name\n' });
    expect(print(printer, makePod('a')).out).toBe('NAME\na\n');
  });
});

describe('escapeTerminal', () => {
  it('defuses escape and carriage return characters', () => {
    expect(escapeTerminal('a\x1b[31mb\rc')).toBe('a^[[31mb\\rc');
  });
});
