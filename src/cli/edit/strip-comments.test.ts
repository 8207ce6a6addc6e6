import { hasLines, manualStrip, stripComments } from './strip-comments.js';

describe('stripComments', () => {
  it.each([
    ['comments and key order do not count', '# hello\nb: 1\na: [x]\n', 'a:\n- x\nb: 1  # trailing\n'],
    ['an empty buffer and a comments-only buffer are the same (null)', '', '# only\n#\n'],
  ])('%s', (_name, left, right) => {
    expect(stripComments(left)).toBe(stripComments(right));
  });

  it('reads YAML as canonical JSON of its first document', () => {
    expect(stripComments('# c\nkind: Pod\napiVersion: v1\n---\nkind: Other\n')).toBe('{"apiVersion":"v1","kind":"Pod"}');
  });

  it('passes JSON through untouched, comments and all', () => {
    expect(stripComments('  {"b": 1}\n')).toBe('  {"b": 1}\n');
  });

  it('drops comment lines by hand when the YAML does not parse', () => {
    expect(stripComments('# c\nkind Pod\nmetadata:\n')).toBe('kind Pod\nmetadata:\n');
  });
});

describe('manualStrip', () => {
  it('keeps #! lines (scripts in ConfigMaps) and everything that is not a comment', () => {
    expect(manualStrip('# gone\n  # gone too\ndata: |\n  #!/bin/sh\n  echo\n')).toBe('data: |\n  #!/bin/sh\n  echo\n');
  });
});

describe('hasLines', () => {
  it.each([
    ['', false],
    ['# a\n   \n  # b\n', false],
    ['# a\nx: 1\n', true],
  ])('%j has content: %s', (text, expected) => expect(hasLines(text)).toBe(expected));
});
