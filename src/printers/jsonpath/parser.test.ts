import { parseJsonPath, unquoteExtend } from './parser.js';

describe('parseJsonPath', () => {
  it('splits text and actions into top-level nodes', () => {
    expect(parseJsonPath('name={.metadata.name}')).toEqual({
      type: 'list',
      nodes: [
        { type: 'text', text: 'name=' },
        { type: 'list', nodes: [{ type: 'field', value: 'metadata' }, { type: 'field', value: 'name' }] },
      ],
    });
  });

  it('reads [-1] as a start of -1 with a derived end', () => {
    const action = parseJsonPath('{[-1]}').nodes[0];
    expect(action).toEqual({ type: 'list', nodes: [{ type: 'array', params: [{ value: -1, known: true, derived: false }, { value: 0, known: true, derived: true }, { value: 0, known: false, derived: false }] }] });
  });

  it('reads a quoted key in brackets as fields', () => {
    expect(parseJsonPath("{.labels['app.kubernetes.io/name']}").nodes[0]).toEqual({
      type: 'list',
      nodes: [
        { type: 'field', value: 'labels' },
        { type: 'field', value: 'app' },
        { type: 'field', value: 'kubernetes' },
        { type: 'field', value: 'io/name' },
      ],
    });
  });

  it('drops the backslash of an escaped dot, keeping the key whole', () => {
    expect(parseJsonPath('{.a\\.b}').nodes[0]).toEqual({ type: 'list', nodes: [{ type: 'field', value: 'a.b' }] });
  });

  it('reads a filter with its operator', () => {
    const action = parseJsonPath('{[?(@.type=="Ready")]}').nodes[0] as { nodes: { type: string; operator?: string }[] };
    expect(action.nodes[0]).toMatchObject({ type: 'filter', operator: '==' });
  });

  it.each([
    ['{.metadata.name', 'unclosed action'],
    ['{.a[0}', 'unterminated array'],
    ['{"abc}', 'unterminated quoted string'],
    ['{.a[?(@.x}', 'unterminated filter'],
    ['{.a[?(@.x)}', 'unclosed array expect ]'],
    ['{!x}', "unrecognized character in action: U+0021 '!'"],
    ['{.a[b]}', 'invalid array index b'],
    ['{....name}', 'invalid multiple recursive descent'],
    ['{1.2.3}', 'cannot parse number 1.2.3'],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
  ])('%s fails with "%s"', (template, message) => {
    expect(() => parseJsonPath(template)).toThrow(message);
  });
});

describe('unquoteExtend', () => {
  it.each([
    ['"a\\tb"', 'a\tb'],
    ["'single'", 'single'],
    ['"\\u00e9"', 'é'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"\\101"', 'A'],
  ])('%s unquotes to %j', (s, expected) => {
    expect(unquoteExtend(s)).toBe(expected);
  });

  it('refuses a double quote escaped inside single quotes', () => {
    expect(() => unquoteExtend("'a\\\"b'")).toThrow('invalid syntax');
  });
});
