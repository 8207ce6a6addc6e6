/** The syntax tree of the shell subset: words with their expansions, commands, and redirections. */

export type ParamOp = '-' | ':-' | '=' | ':=' | '+' | ':+' | '?' | ':?' | '#' | '##' | '%' | '%%';

/** A piece of a word; `quoted` parts are inside quotes (no field splitting or globbing of their result). */
export type WordPart =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'param'; name: string; op?: ParamOp; arg?: Word; length?: boolean; quoted: boolean }
  | { kind: 'cmd'; body: Command | undefined; quoted: boolean }
  | { kind: 'arith'; expr: Word; quoted: boolean }
  | { kind: 'tilde'; user: string };

export interface Word {
  parts: WordPart[];
  /** The source text, as written (keyword and assignment detection, here-doc delimiters). */
  raw: string;
}

export type RedirectOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '<<' | '<<-';

export interface Redirect {
  fd: number;
  op: RedirectOp;
  target: Word;
  /** The body of a here-document (for << and <<-). */
  heredoc?: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export type Command =
  | { type: 'simple'; assigns: Assignment[]; words: Word[]; redirects: Redirect[]; line: number }
  | { type: 'pipeline'; commands: Command[] }
  | { type: 'not'; command: Command }
  | { type: 'and' | 'or'; left: Command; right: Command }
  | { type: 'list'; items: { command: Command; background: boolean }[] }
  | { type: 'if'; cond: Command; then: Command; else?: Command }
  | { type: 'while' | 'until'; cond: Command; body: Command }
  | { type: 'for'; name: string; items?: Word[]; body: Command; line: number }
  | { type: 'case'; word: Word; items: { patterns: Word[]; body?: Command }[]; line: number }
  | { type: 'subshell'; body: Command }
  | { type: 'group'; body: Command }
  | { type: 'function'; name: string; body: Command }
  | { type: 'redirected'; command: Command; redirects: Redirect[] };
