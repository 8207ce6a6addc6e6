import { CONTROL_CHARACTERS_ERROR, parseTimestamp, toYaml, toYamlStream, yamlKeyLess } from './yaml.js';

/** The YAML of a one-key map, without the key: how a value prints under a mapping key. */
const valueOf = (v: unknown) => toYaml({ k: v }).replace(/^k:/, '');

describe('toYaml', () => {
  it.each([
    ['a plain word stays plain', 'web', ' web\n'],
    ['yes is quoted because YAML 1.1 reads it as a bool', 'yes', ' "yes"\n'],
    ['on is quoted', 'on', ' "on"\n'],
    ['a single y is quoted', 'y', ' "y"\n'],
    ['a hex number is quoted', '0x1F', ' "0x1F"\n'],
    ['an exponent is quoted', '1e3', ' "1e3"\n'],
    ['an integer is quoted', '123', ' "123"\n'],
    ['the empty string is quoted', '', ' ""\n'],
    ['null is quoted', 'null', ' "null"\n'],
    ['a tilde is quoted', '~', ' "~"\n'],
    ['a base-60 number is quoted', '1:20', ' "1:20"\n'],
    ['an RFC 3339 time is quoted', '2025-03-14T09:26:53Z', ' "2025-03-14T09:26:53Z"\n'],
    ['a date is quoted', '2024-01-15', ' "2024-01-15"\n'],
    ['an impossible date stays plain', '2023-02-29', ' 2023-02-29\n'],
    ['a time without a zone stays plain', '2024-01-15T10:00:00', ' 2024-01-15T10:00:00\n'],
    ['a colon followed by a space is single-quoted', 'a: b', " 'a: b'\n"],
    ['a leading dash and space is single-quoted', '- x', " '- x'\n"],
    ['a leading indicator is single-quoted', '*star', " '*star'\n"],
    ['a single quote inside single quotes is doubled', "'q'", " '''q'''\n"],
    ['a trailing space is single-quoted', 'x ', " 'x '\n"],
    ['a tab forces double quotes with an escape', 'a\tb', ' "a\\tb"\n'],
    ['an emoji forces double quotes (4-byte UTF-8 is unprintable to go-yaml v2)', 'ok 😀', ' "ok \\U0001F600"\n'],
    ['a carriage return forces double quotes', 'a\rb', ' "a\\rb"\n'],
    ['non-ASCII letters stay plain', 'héllo', ' héllo\n'],
    ['a big integer-looking string past int64 is a float, so quoted', '99999999999999999999', ' "99999999999999999999"\n'],
    ['a hex string past uint64 stays plain (no big.Int in kubectl 1.32)', '0xFFFFFFFFFFFFFFFFFF', ' 0xFFFFFFFFFFFFFFFFFF\n'],
    ['an overflowing float stays plain', '1e999', ' 1e999\n'],
    ['<< stays plain (its first character gives no hint)', '<<', ' <<\n'],
    ['a leading-dot number with underscores is quoted (strconv.ParseFloat reads .5_5 as 0.55)', '.5_5', ' ".5_5"\n'],
    ['an underscore right after the dot stays plain', '._5', ' ._5\n'],
  ])('%s', (_name, input, expected) => {
    expect(valueOf(input)).toBe(expected);
  });

  it.each([
    ['a string ending in a newline is a clipped literal', 'a\nb\n', ' |\n  a\n  b\n'],
    ['a string without the final newline is a stripped literal', 'a\nb', ' |-\n  a\n  b\n'],
    ['a string with several final newlines is a kept literal', 'a\n\n', ' |+\n  a\n\n'],
    ['a literal starting with a space gets an indentation hint', '  x\ny\n', ' |2\n    x\n  y\n'],
    ['a literal starting with a newline gets an indentation hint', '\nx', ' |2-\n\n  x\n'],
    ['a space before a newline rules the literal out', 'a \nb', ' "a \\nb"\n'],
    ['a tab rules the literal out', 'a\tb\n', ' "a\\tb\\n"\n'],
  ])('%s', (_name, input, expected) => {
    expect(valueOf(input)).toBe(expected);
  });

  it('folds a long plain string at the first space past column 80, indenting the rest under the key', () => {
    const s = `${'word '.repeat(20)}end`;
    expect(toYaml({ message: s })).toBe(`message: ${'word '.repeat(14)}word\n  ${'word '.repeat(5)}end\n`);
  });

  it('never folds a long string without spaces', () => {
    const s = 'x'.repeat(120);
    expect(toYaml({ k: s })).toBe(`k: ${s}\n`);
  });

  it('writes a key longer than 128 bytes as a complex key', () => {
    const key = 'k'.repeat(130);
    expect(toYaml({ [key]: 'v' })).toBe(`? ${key}\n: v\n`);
  });

  it('writes a multi-line key as a complex key with a literal', () => {
    expect(toYaml({ 'a\nb': 'v' })).toBe('? |-\n  a\n  b\n: v\n');
  });

  it('puts list items at the same indentation as their key', () => {
    expect(toYaml({ spec: { containers: [{ name: 'web', ports: [{ containerPort: 80 }] }] } })).toBe(
      'spec:\n  containers:\n  - name: web\n    ports:\n    - containerPort: 80\n',
    );
  });

  it('prints empty maps and lists in flow style and null as null', () => {
    expect(toYaml({ a: {}, b: [], c: null, d: [[], {}, [1]] })).toBe('a: {}\nb: []\nc: null\nd:\n- []\n- {}\n- - 1\n');
  });

  it('prints numbers as Go reads them back: whole numbers as integers, others in Go %g form', () => {
    expect(toYaml({ a: 3, b: 0.5, c: 1234567.5, d: 0.00001, e: 1e21, f: -2 })).toBe('a: 3\nb: 0.5\nc: 1.2345675e+06\nd: 1e-05\ne: 1e+21\nf: -2\n');
  });

  it('sorts keys with go-yaml natural order: numbers by value, non-letters before letters', () => {
    expect(toYaml({ a10: 1, a9: 1, _x: 1, B: 1, a: 1, '10': 1, '2': 1 })).toBe('_x: 1\n"2": 1\n"10": 1\nB: 1\na: 1\na9: 1\na10: 1\n');
  });

  it('folds a raw NEL to a space, as go-yaml reading Go JSON does', () => {
    expect(valueOf('a\u0085b')).toBe(' a b\n');
    expect(valueOf('a\u0085\u0085b')).toBe(' |-\n  a\n  b\n');
  });

  it.each([['DEL', 'a\u007fb'], ['a C1 control', 'a\u0080b'], ['U+FFFE', 'a\ufffeb']])('refuses %s as kubectl does', (_name, s) => {
    expect(() => toYaml({ data: { k: s } })).toThrow(CONTROL_CHARACTERS_ERROR);
  });

  it('prints the List kubectl makes of a get', () => {
    expect(toYaml({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } })).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it('separates several documents with ---', () => {
    expect(toYamlStream([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2024-1-5', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-01-15T10:00:00Z', true],
    ['2024-01-15t10:00:00Z', true],
    ['2024-01-15T10:00:00.5+02:00', true],
    ['2024-01-15T10:00:00,5Z', true],
    ['2024-01-15 10:00:00', true],
    ['2024-01-15 10:00:00Z', false],
    ['2024-01-15T24:00:00Z', false],
    ['2024-01-15T10:00:00+25:00', false],
    ['20245-01-01', false],
  ])('%s reads as a timestamp: %s', (s, expected) => {
    expect(parseTimestamp(s)).toBe(expected);
  });
});

describe('yamlKeyLess', () => {
  it('compares digit runs as numbers', () => {
    expect(yamlKeyLess('a9', 'a10')).toBe(true);
    expect(yamlKeyLess('a10', 'a9')).toBe(false);
  });

  it('puts a shorter run of leading zeros first when the numbers are equal', () => {
    expect(yamlKeyLess('a01', 'a001')).toBe(true);
  });
});
