import { tabbedString, type PrefixWriter } from './prefix-writer.js';

describe('tabbedString', () => {
  it.each<[string, (w: PrefixWriter) => void, string]>([
    ['levels indent by two spaces', (w) => w.write(2, 'x\n'), '    x\n'],
    ['escape characters and carriage returns are made visible', (w) => w.write(0, 'a\x1b[31mb\rc\n'), 'a^[[31mb\\rc\n'],
    ['writeLine adds a newline without indentation', (w) => w.writeLine('<none>'), '<none>\n'],
    ['cells are aligned with two spaces of padding and no minimum width', (w) => w.write(0, 'Name:\tweb\nNamespace:\tdefault\n'), 'Name:       web\nNamespace:  default\n'],
  ])('%s', (_name, f, expected) => {
    expect(tabbedString(f)).toBe(expected);
  });
});
