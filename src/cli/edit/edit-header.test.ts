import { editHeader, hashOnLineBreak } from './edit-header.js';

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

describe('editHeader', () => {
  it.each([
    ['no reasons is kubectl instructions alone', [], HEADER],
    ['an invalid object lists its causes under a head ending with a colon', [{ head: 'pods "x" was not valid', other: ['spec: Forbidden: no'] }], `${HEADER}# pods "x" was not valid:\n# * spec: Forbidden: no\n#\n`],
    ['a syntax error is a head without colon', [{ head: 'The edited file had a syntax error: bad', other: [] }], `${HEADER}# The edited file had a syntax error: bad\n#\n`],
    [
      'a multi-line message stays commented',
      [{ head: 'resource mapping not found\nensure CRDs are installed first', other: [] }],
      `${HEADER}# resource mapping not found\n# ensure CRDs are installed first\n#\n`,
    ],
  ])('%s', (_name, reasons, expected) => {
    expect(editHeader(reasons)).toBe(expected);
  });
});

describe('hashOnLineBreak', () => {
  it.each([
    ['a\nb', 'a\n# b'],
    ['a\n#b', 'a\n#b'],
    ['trailing\n', 'trailing\n'],
  ])('%j becomes %j', (input, expected) => expect(hashOnLineBreak(input)).toBe(expected));
});
