import { paletteFor, shouldColor } from './color.js';

describe('when kubesim colours its output', () => {
  it.each([
    ['a terminal with no preferences', { isTTY: true }, {}, true],
    ['a pipe or file', { isTTY: false }, {}, false],
    ['a stream that does not say', {}, {}, false],
    ['a terminal with NO_COLOR set', { isTTY: true }, { NO_COLOR: '1' }, false],
    ['a terminal with NO_COLOR set to anything at all', { isTTY: true }, { NO_COLOR: 'false' }, false],
    ['a terminal with NO_COLOR empty', { isTTY: true }, { NO_COLOR: '' }, true],
    ['a dumb terminal', { isTTY: true }, { TERM: 'dumb' }, false],
    ['a colour terminal', { isTTY: true }, { TERM: 'xterm-256color' }, true],
  ])('%s: %s', (_name, target, env, want) => {
    expect(shouldColor(target, env)).toBe(want);
  });

  it('paints with ANSI codes only when it colours', () => {
    expect(paletteFor({ isTTY: true }, {}).green('Ready')).toBe('\x1b[32mReady\x1b[39m');
    expect(paletteFor({ isTTY: false }, {}).green('Ready')).toBe('Ready');
  });
});
