/**
 * Whether and how kubesim colours its own output. kubectl prints no colour in almost everything it writes, so kubesim
 * colours only what is its own (the cluster lifecycle commands' progress, for instance), and only for a person at a
 * terminal: never into a pipe or file, never with NO_COLOR set to anything (https://no-color.org), never on TERM=dumb.
 */

/** The little that matters of an output stream: whether it is a terminal. */
export interface ColorTarget {
  isTTY?: boolean;
}

/** The colouring rule: a terminal, NO_COLOR unset or empty, and a TERM other than `dumb`. */
export function shouldColor(target: ColorTarget | undefined, env: NodeJS.ProcessEnv): boolean {
  if (!target?.isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[${close}m`;

const ansi: Palette = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
const plain: Palette = { bold: (t) => t, dim: (t) => t, red: (t) => t, green: (t) => t, yellow: (t) => t, cyan: (t) => t };

/** The palette for a stream: ANSI colours when shouldColor says so, the text unchanged otherwise. */
export function paletteFor(target: ColorTarget | undefined, env: NodeJS.ProcessEnv): Palette {
  return shouldColor(target, env) ? ansi : plain;
}
