import { readFileSync } from 'node:fs';
import { kubectlTabWriterOptions, tabwrite } from './tab-writer.js';

/** Inputs run through Go's tabwriter with kubectl's settings (test/golden/tables/tabwriter-go.json, see its README). */
const goCases = (JSON.parse(readFileSync(new URL('../../../test/golden/tables/tabwriter-go.json', import.meta.url), 'utf8')) as { cases: { input: string; output: string }[] }).cases;

describe('tabwrite', () => {
  it("uses kubectl's settings: minimum width 6, padding 3, spaces", () => {
    expect(kubectlTabWriterOptions).toEqual({ minwidth: 6, padding: 3, padchar: ' ', rememberWidths: true });
  });

  it.each<[string, string, string]>([
    ['pads every column to its widest cell plus three', 'NAME\tAGE\nlonger-name\t5m\n', 'NAME          AGE\nlonger-name   5m\n'],
    ['never makes a column narrower than six', 'A\tB\tC\nx\ty\tz\n', 'A     B     C\nx     y     z\n'],
    ['does not pad the last cell of a line', 'a\tb   \n', 'a     b   \n'],
    ['pads an empty cell in the middle, leaving trailing spaces before an empty last cell', 'NAME\tAPP\tTIER\nweb\t\t\n', 'NAME   APP   TIER\nweb          \n'],
    ['measures width in characters, not bytes', 'é\tx\nabcdefg\ty\n', 'é         x\nabcdefg   y\n'],
    ['aligns a column only over the consecutive lines that have it', 'a\tb\tc\nlong-cell\tb\nx\tyyyyyyyy\tz\n', 'a           b     c\nlong-cell   b\nx           yyyyyyyy   z\n'],
    ['a line without tabs ends the block above it', 'a\tb\nno-tabs-here\nccccccc\td\n', 'a     b\nno-tabs-here\nccccccc   d\n'],
    ['keeps text after the last newline without adding one', 'a\tb\nc', 'a     b\nc'],
    ['remembers a wider block of a column for the blocks below it', 'a\tyyyyyyyy\tc\nlong-cell\tb\nx\tb\tz\n', 'a           yyyyyyyy   c\nlong-cell   b\nx           b          z\n'],
    ['remembers widths across the flush a line without tabs makes', 'aaaaaaaaaa\tb\nno-tabs\nc\td\n', 'aaaaaaaaaa   b\nno-tabs\nc            d\n'],
    ['formats nothing as nothing', '', ''],
  ])('%s', (_name, input, output) => {
    expect(tabwrite(input)).toBe(output);
  });

  it('without RememberWidths a narrower block below stays narrow, as in Go\'s text/tabwriter', () => {
    expect(tabwrite('aaaaaaaaaa\tb\nno-tabs\nc\td\n', { ...kubectlTabWriterOptions, rememberWidths: false })).toBe('aaaaaaaaaa   b\nno-tabs\nc     d\n');
  });

  it.each(goCases.map((c, i) => [i, JSON.stringify(c.input), c] as const))('formats Go case %d (%s) as Go does', (_i, _input, c) => {
    expect(tabwrite(c.input)).toBe(c.output);
  });
});
