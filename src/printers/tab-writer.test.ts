import { readFileSync } from 'node:fs';
import { describeTabWriterOptions as describeOptions } from './describe/prefix-writer.js';
import { kubectlTabWriterOptions, TabWriter, tabwrite, type TabWriterOptions } from './tab-writer.js';

const golden = <T>(file: string) => (JSON.parse(readFileSync(new URL(`../../test/golden/tabwriter/${file}`, import.meta.url), 'utf8')) as { cases: T[] }).cases;

/** Inputs Go's tabwriter formatted with kubectl's settings, and cases under other settings (test/golden/tabwriter/README.md). */
const kubectlCases = golden<{ input: string; output: string }>('kubectl-settings.json');
const optionCases = golden<{ name: string; options: TabWriterOptions; ops: Array<{ write?: string; flush?: boolean }>; output: string }>('options.json');

const FLUSH = Symbol('flush');

/** Runs writes (and flushes) through one writer, then flushes, and returns all it wrote. */
function run(options: TabWriterOptions, ...ops: Array<string | typeof FLUSH>): string {
  let out = '';
  const w = new TabWriter((s) => (out += s), options);
  for (const op of ops) {
    if (op === FLUSH) w.flush();
    else w.write(op);
  }
  w.flush();
  return out;
}

describe('tabwrite with kubectl settings', () => {
  it('uses printers.GetNewTabWriter: minimum width 6, tab width 4, padding 3, spaces, remembered widths', () => {
    expect(kubectlTabWriterOptions).toEqual({ minwidth: 6, tabwidth: 4, padding: 3, padchar: ' ', rememberWidths: true });
  });

  it.each<[string, string, string]>([
    ['pads every column to its widest cell plus three', 'NAME\tAGE\nlonger-name\t5m\n', 'NAME          AGE\nlonger-name   5m\n'],
    ['never makes a column narrower than six', 'A\tB\tC\nx\ty\tz\n', 'A     B     C\nx     y     z\n'],
    ['does not pad the last cell of a line', 'a\tb   \n', 'a     b   \n'],
    ['pads an empty cell in the middle, leaving trailing spaces before an empty last cell', 'NAME\tAPP\tTIER\nweb\t\t\n', 'NAME   APP   TIER\nweb          \n'],
    ['measures width in characters, not bytes', 'é\tx\nabcdefg\ty\n', 'é         x\nabcdefg   y\n'],
    ['measures Hangul as one column a character', '데몬셋\tx\nab\ty\n', '데몬셋   x\nab    y\n'],
    ['aligns a column only over the consecutive lines that have it', 'a\tb\tc\nlong-cell\tb\nx\tyyyyyyyy\tz\n', 'a           b     c\nlong-cell   b\nx           yyyyyyyy   z\n'],
    ['a line without tabs ends the block above it', 'a\tb\nno-tabs-here\nccccccc\td\n', 'a     b\nno-tabs-here\nccccccc   d\n'],
    ['keeps text after the last newline without adding one', 'a\tb\nc', 'a     b\nc'],
    ['remembers a wider block of a column for the blocks below it', 'a\tyyyyyyyy\tc\nlong-cell\tb\nx\tb\tz\n', 'a           yyyyyyyy   c\nlong-cell   b\nx           b          z\n'],
    ['remembers widths across the flush a line without tabs makes', 'aaaaaaaaaa\tb\nno-tabs\nc\td\n', 'aaaaaaaaaa   b\nno-tabs\nc            d\n'],
    ['formats nothing as nothing', '', ''],
  ])('%s', (_name, input, output) => {
    expect(tabwrite(input)).toBe(output);
  });

  it("without RememberWidths a narrower block below stays narrow, as in Go's text/tabwriter", () => {
    expect(tabwrite('aaaaaaaaaa\tb\nno-tabs\nc\td\n', { ...kubectlTabWriterOptions, rememberWidths: false })).toBe('aaaaaaaaaa   b\nno-tabs\nc     d\n');
  });

  it.each(kubectlCases.map((c, i) => [i, JSON.stringify(c.input), c] as const))('formats Go case %d (%s) as Go does', (_i, _input, c) => {
    expect(tabwrite(c.input)).toBe(c.output);
  });
});

describe('TabWriter', () => {
  it.each<[string, Array<string | typeof FLUSH>, string]>([
    ['cells of one column are padded to the widest cell plus two spaces', ['a:\tx\nlong name:\ty\n'], 'a:          x\nlong name:  y\n'],
    ['the last cell of a line is never padded', ['a\tb\tc\naa\tbb\tccc\n'], 'a   b   c\naa  bb  ccc\n'],
    ['a line without tabs ends the column block, so later lines align on their own', ['a:\tx\nplain line\nlong name:\ty\n'], 'a:  x\nplain line\nlong name:  y\n'],
    ['a flush also ends the block', ['a:\tx\n', FLUSH, 'long name:\ty\n'], 'a:  x\nlong name:  y\n'],
    ['an empty cell takes the column width', ['x\t\ty\nlonger\tz\tw\n'], 'x          y\nlonger  z  w\n'],
    ['width counts runes, not bytes', ['日本:\tx\nab:\ty\n'], '日本:  x\nab:  y\n'],
    ['text after the last newline is emitted on flush', ['a\tb\nc'], 'a  b\nc'],
    ['a column block covers only the adjacent lines that have that column', ['a\tb\tc\nd\te\nf\tg\th\n'], 'a  b  c\nd  e\nf  g  h\n'],
    ['nested columns are sized per block', ['Name\tx\n  sub\tlonger value\tz\n'], 'Name   x\n  sub  longer value  z\n'],
  ])("with describe's settings, %s", (_name, ops, expected) => {
    expect(run(describeOptions, ...ops)).toBe(expected);
  });

  it('writes split mid-line are the same as one write', () => {
    expect(run(describeOptions, 'na', 'me:\t', 'x\nlonger:', '\ty\n')).toBe(run(describeOptions, 'name:\tx\nlonger:\ty\n'));
  });

  it('with RememberWidths a column stays as wide as it was before an explicit flush', () => {
    expect(run(kubectlTabWriterOptions, 'aaaaaaaaaa\tb\n', FLUSH, 'c\td\n')).toBe('aaaaaaaaaa   b\nc            d\n');
  });

  it('hands its output over on each flush, and nothing for an empty one', () => {
    const chunks: string[] = [];
    const w = new TabWriter((s) => chunks.push(s));
    w.write('a\tb\n');
    w.flush();
    w.flush();
    w.write('one cell\nc\td');
    w.flush();
    expect(chunks).toEqual(['a     b\n', 'one cell\n', 'c     d']);
  });

  it('refuses a negative width, as NewWriter panics', () => {
    expect(() => new TabWriter(() => {}, { ...describeOptions, padding: -1 })).toThrow('negative minwidth, tabwidth, or padding');
  });

  it.each(optionCases.map((c) => [c.name, c] as const))('formats the Go case "%s" as Go does', (_name, c) => {
    const ops = c.ops.map((op) => (op.flush ? FLUSH : op.write!));
    expect(run(c.options, ...ops)).toBe(c.output);
  });
});
