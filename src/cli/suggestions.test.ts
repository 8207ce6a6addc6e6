import { levenshtein, suggestionsFor } from './suggestions.js';

const names = ['create', 'expose', 'run', 'explain', 'get', 'edit', 'delete', 'describe', 'logs', 'exec', 'apply', 'label', 'annotate', 'config', 'version', 'api-resources', 'options'];

describe("cobra's suggestions", () => {
  it.each([
    ['a typo within two edits', 'dscribe', ['describe']],
    ['a prefix of several commands, in the order they were added', 'ex', ['expose', 'explain', 'get', 'exec']],
    ['a command in capitals', 'GET', ['get']],
    ['nothing close', 'xyzzy', []],
  ])('%s', (_name, typed, want) => {
    expect(suggestionsFor(typed, names)).toEqual(want);
  });

  it('measures edits ignoring case', () => {
    expect(levenshtein('Kitten', 'sitting')).toBe(3);
  });
});
