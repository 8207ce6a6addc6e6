import { TabWriter } from './tab-writer.js';
import { tabbedString } from './prefix-writer.js';

const describeWriter = () => new TabWriter({ minwidth: 0, tabwidth: 8, padding: 2, padchar: ' ' });

function run(...writes: Array<string | 'FLUSH'>): string {
  const tw = describeWriter();
  for (const w of writes) {
    if (w === 'FLUSH') tw.flush();
    else tw.write(w);
  }
  tw.flush();
  return tw.output();
}

describe('TabWriter', () => {
  it.each([
    ['cells of one column are padded to the widest cell plus two spaces', ['a:\tx\nlong name:\ty\n'], 'a:          x\nlong name:  y\n'],
    ['the last cell of a line is never padded', ['a\tb\tc\naa\tbb\tccc\n'], 'a   b   c\naa  bb  ccc\n'],
    ['a line without tabs ends the column block, so later lines align on their own', ['a:\tx\nplain line\nlong name:\ty\n'], 'a:  x\nplain line\nlong name:  y\n'],
    ['a flush also ends the block', ['a:\tx\n', 'FLUSH', 'long name:\ty\n'], 'a:  x\nlong name:  y\n'],
    ['an empty cell takes the column width', ['x\t\ty\nlonger\tz\tw\n'], 'x          y\nlonger  z  w\n'],
    ['width counts runes, not bytes', ['日本:\tx\nab:\ty\n'], '日本:  x\nab:  y\n'],
    ['text after the last newline is emitted on flush', ['a\tb\nc'], 'a  b\nc'],
    ['a column block covers only the adjacent lines that have that column', ['a\tb\tc\nd\te\nf\tg\th\n'], 'a  b  c\nd  e\nf  g  h\n'],
    ['nested columns are sized per block', ['Name\tx\n  sub\tlonger value\tz\n'], 'Name   x\n  sub  longer value  z\n'],
  ])('%s', (_name, writes, expected) => {
    expect(run(...(writes as string[]))).toBe(expected);
  });

  it('writes split mid-line are the same as one write', () => {
    expect(run('na', 'me:\t', 'x\nlonger:', '\ty\n')).toBe(run('name:\tx\nlonger:\ty\n'));
  });
});

describe('tabbedString', () => {
  it.each([
    ['levels indent by two spaces', (w: Parameters<Parameters<typeof tabbedString>[0]>[0]) => w.write(2, 'x\n'), '    x\n'],
    ['escape characters and carriage returns are made visible', (w: Parameters<Parameters<typeof tabbedString>[0]>[0]) => w.write(0, 'a\x1b[31mb\rc\n'), 'a^[[31mb\\rc\n'],
    ['writeLine adds a newline without indentation', (w: Parameters<Parameters<typeof tabbedString>[0]>[0]) => w.writeLine('<none>'), '<none>\n'],
  ])('%s', (_name, f, expected) => {
    expect(tabbedString(f)).toBe(expected);
  });
});
