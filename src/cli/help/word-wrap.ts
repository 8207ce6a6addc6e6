/** go-wordwrap's WrapString (v1.0.1, which kubectl uses for help on a terminal) and kubectl's terminal width steps. */

const isGoSpace = (ch: string) => /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);

/** Wraps at whitespace so lines stay within lim runes where words allow; a word longer than lim stays whole. */
export function wrapString(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  let wordLen = 0;
  let spaceLen = 0;
  for (const ch of s) {
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > lim) current = 0;
        else {
          current += spaceLen;
          buf += space;
        }
      } else {
        current += spaceLen + wordLen;
        buf += space + word;
        word = '';
        wordLen = 0;
      }
      space = '';
      spaceLen = 0;
      buf += ch;
      current = 0;
    } else if (isGoSpace(ch)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        buf += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + wordLen + spaceLen > lim && wordLen < lim) {
        buf += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** kubectl's getTerminalLimitWidth: help on a terminal wraps at 120, 100 or 80 columns; narrower or no terminal, not at all (0). */
export function terminalWrapLimit(terminal: { isTTY?: boolean; columns?: number } | undefined): number {
  if (!terminal?.isTTY || !terminal.columns) return 0;
  if (terminal.columns >= 120) return 120;
  if (terminal.columns >= 100) return 100;
  if (terminal.columns >= 80) return 80;
  return 0;
}

/** term.NewResponsiveWriter: the whole text wrapped at the terminal's limit, untouched when there is none. */
export const responsive = (text: string, limit: number): string => (limit > 0 ? wrapString(text, limit) : text);
