import type { Assignment, Command, ParamOp, Redirect, RedirectOp, Word, WordPart } from './ast.js';

/**
 * A recursive-descent parser for the POSIX sh subset, following busybox ash's parser (shell/ash.c: list, andor,
 * pipeline, parse_command, simplecmd) so syntax errors read as ash prints them: `unexpected "done"`,
 * `unexpected "fi" (expecting "then")`, `unexpected end of file (expecting "done")`. Lexing is on demand, driven by
 * the parser, because whether a word is a keyword depends on where it stands, as in ash.
 */

/** A syntax error; `message` is ash's text after "syntax error: ". */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}']);
/** Tokens that end a list (ash's tokendlist). */
const END_KEYWORDS = new Set(['do', 'done', 'elif', 'else', 'esac', 'fi', 'then', '}']);

type Op = ';' | '&' | '&&' | '||' | '|' | '(' | ')' | ';;';

type Token =
  | { t: 'eof' }
  | { t: 'nl' }
  | { t: 'op'; op: Op }
  | { t: 'redir'; fd: number; op: RedirectOp }
  | { t: 'word'; word: Word; quoted: boolean }
  | { t: 'kw'; kw: string };

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  strip: boolean;
  quoted: boolean;
}

type Quoting = 'none' | 'dq' | 'heredoc';

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = new Set(['?', '$', '#', '@', '*', '!', '-', '0']);

export function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** Parses a whole script into one list (for tests and tools; the interpreter runs scripts line by line through ScriptParser). */
export function parse(script: string): Command | undefined {
  const parser = new ScriptParser(script);
  const items: Command[] = [];
  for (;;) {
    const next = parser.next();
    if (next === 'eof') break;
    if (next) items.push(next);
  }
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return { type: 'list', items: items.flatMap((c) => (c.type === 'list' ? c.items : [{ command: c, background: false }])) };
}

/** Reads a script one top-level line at a time (ash's cmdloop: a later line's syntax error comes after earlier lines ran). */
export class ScriptParser {
  private pos = 0;
  private pushed: Token | undefined;
  private last: Token = { t: 'eof' };
  private heredocs: PendingHeredoc[] = [];
  /** Current line (1-based). */
  line = 1;

  constructor(private readonly src: string) {}

  /** The next top-level command line: a command, undefined for an empty line, or 'eof'. */
  next(): Command | undefined | 'eof' {
    this.pushed = undefined;
    const peek = this.peek(false);
    if (peek.t === 'eof') return 'eof';
    const cmd = this.list(1);
    const after = this.read(false, false);
    if (after.t !== 'nl' && after.t !== 'eof') this.unexpected();
    return cmd;
  }

  /** The whole input as the parts of one word in the given quoting (see parseWordText). */
  textParts(quoting: Quoting): WordPart[] {
    return this.readWord(quoting, undefined).parts;
  }

  // ---- grammar (ash's list/andor/pipeline/parse_command/simplecmd) ----

  private list(nlflag: number): Command | undefined {
    const items: { command: Command; background: boolean }[] = [];
    for (;;) {
      const peek = this.peek(false);
      if (peek.t === 'nl' && nlflag & 1) return wrapList(items);
      if (peek.t === 'eof') return wrapList(items);
      if (nlflag === 2 && this.isEnd(this.peek(true, true))) return wrapList(items);
      nlflag |= 2;
      const command = this.andor();
      const tok = this.read(false, false);
      const background = tok.t === 'op' && tok.op === '&';
      items.push({ command, background });
      if (tok.t === 'nl' || tok.t === 'eof') {
        this.unread();
        if (nlflag & 1) return wrapList(items);
        continue;
      }
      if (tok.t === 'op' && (tok.op === ';' || tok.op === '&')) continue;
      if (nlflag & 1) this.unexpected();
      this.unread();
      return wrapList(items);
    }
  }

  private andor(): Command {
    let left = this.pipeline();
    for (;;) {
      const tok = this.read(false, false);
      if (tok.t === 'op' && (tok.op === '&&' || tok.op === '||')) {
        const right = this.pipeline();
        left = { type: tok.op === '&&' ? 'and' : 'or', left, right };
      } else {
        this.unread();
        return left;
      }
    }
  }

  private pipeline(): Command {
    let negate = false;
    const first = this.read(true, true);
    if (first.t === 'kw' && first.kw === '!') negate = true;
    else this.unread();
    const commands = [this.command(!negate)];
    for (;;) {
      const tok = this.read(false, false);
      if (tok.t === 'op' && tok.op === '|') commands.push(this.command(true));
      else break;
    }
    this.unread();
    const cmd: Command = commands.length === 1 ? commands[0]! : { type: 'pipeline', commands };
    return negate ? { type: 'not', command: cmd } : cmd;
  }

  private command(eatNewlines: boolean): Command {
    const tok = this.read(true, eatNewlines);
    let cmd: Command;
    if (tok.t === 'word' || tok.t === 'redir') {
      this.unread();
      return this.simpleCommand();
    }
    if (tok.t === 'op' && tok.op === '(') {
      cmd = { type: 'subshell', body: this.requireList() };
      this.expect(')');
    } else if (tok.t !== 'kw') {
      this.unexpected();
    } else if (tok.kw === 'if') {
      cmd = this.ifClause();
    } else if (tok.kw === 'while' || tok.kw === 'until') {
      const cond = this.requireList();
      this.expect('do');
      const body = this.requireList();
      this.expect('done');
      cmd = { type: tok.kw, cond, body };
    } else if (tok.kw === 'for') {
      cmd = this.forClause();
    } else if (tok.kw === 'case') {
      cmd = this.caseClause();
    } else if (tok.kw === '{') {
      cmd = { type: 'group', body: this.requireList() };
      this.expect('}');
    } else {
      this.unexpected();
    }
    const redirects: Redirect[] = [];
    for (;;) {
      const next = this.read(true, false);
      if (next.t !== 'redir') break;
      redirects.push(this.redirect(next));
    }
    this.unread();
    return redirects.length > 0 ? { type: 'redirected', command: cmd, redirects } : cmd;
  }

  private ifClause(): Command {
    const cond = this.requireList();
    this.expect('then');
    const then = this.requireList();
    const tok = this.read(true, false);
    let elsePart: Command | undefined;
    if (tok.t === 'kw' && tok.kw === 'elif') {
      elsePart = this.ifClause();
      return { type: 'if', cond, then, else: elsePart };
    }
    if (tok.t === 'kw' && tok.kw === 'else') elsePart = this.requireList();
    else this.unread();
    this.expect('fi');
    return elsePart ? { type: 'if', cond, then, else: elsePart } : { type: 'if', cond, then };
  }

  private forClause(): Command {
    const line = this.line;
    const nameTok = this.read(false, false);
    if (nameTok.t !== 'word' || nameTok.quoted || !isName(nameTok.word.raw)) throw this.error('bad for loop variable');
    const name = nameTok.word.raw;
    let items: Word[] | undefined;
    const tok = this.read(true, true);
    if (tok.t === 'kw' && tok.kw === 'in') {
      items = [];
      let w = this.read(false, false);
      while (w.t === 'word') {
        items.push(w.word);
        w = this.read(false, false);
      }
      if (!(w.t === 'nl' || (w.t === 'op' && w.op === ';'))) this.unexpected();
    } else if (!(tok.t === 'op' && tok.op === ';')) {
      this.unread();
    }
    this.expect('do', true);
    const body = this.requireList();
    this.expect('done');
    return items ? { type: 'for', name, items, body, line } : { type: 'for', name, body, line };
  }

  private caseClause(): Command {
    const line = this.line;
    const wordTok = this.read(false, false);
    if (wordTok.t !== 'word') this.unexpected('word');
    const word = wordTok.word;
    this.expect('in', true);
    const items: { patterns: Word[]; body?: Command }[] = [];
    let tok = this.read(true, true);
    while (!(tok.t === 'kw' && tok.kw === 'esac')) {
      if (tok.t === 'op' && tok.op === '(') tok = this.read(false, false);
      const patterns: Word[] = [];
      for (;;) {
        // ash takes whatever token stands here as the pattern; a wrong one fails on the `)` it expects next.
        if (tok.t === 'word') patterns.push(tok.word);
        else if (tok.t === 'kw') patterns.push({ parts: [{ kind: 'lit', text: tok.kw, quoted: false }], raw: tok.kw });
        tok = this.read(false, false);
        if (!(tok.t === 'op' && tok.op === '|')) break;
        tok = this.read(false, false);
      }
      if (!(tok.t === 'op' && tok.op === ')')) this.unexpected('")"');
      const body = this.list(2);
      items.push(body ? { patterns, body } : { patterns });
      tok = this.read(true, true);
      if (!(tok.t === 'kw' && tok.kw === 'esac')) {
        if (!(tok.t === 'op' && tok.op === ';;')) this.unexpected('";;"');
        tok = this.read(true, true);
      }
    }
    return { type: 'case', word, items, line };
  }

  private simpleCommand(): Command {
    const line = this.line;
    const assigns: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const tok = this.read(false, false);
      if (tok.t === 'word') {
        const eq = tok.word.raw.indexOf('=');
        if (words.length === 0 && eq > 0 && isName(tok.word.raw.slice(0, eq))) {
          assigns.push({ name: tok.word.raw.slice(0, eq), value: dropPrefix(tok.word, eq + 1) });
        } else {
          words.push(tok.word);
        }
      } else if (tok.t === 'redir') {
        redirects.push(this.redirect(tok));
      } else if (tok.t === 'op' && tok.op === '(' && words.length === 1 && assigns.length === 0 && redirects.length === 0) {
        const close = this.read(false, false);
        if (!(close.t === 'op' && close.op === ')')) this.unexpected('")"');
        const name = words[0]!.raw;
        if (!isName(name)) throw this.error('bad function name');
        return { type: 'function', name, body: this.command(true) };
      } else {
        this.unread();
        break;
      }
    }
    return { type: 'simple', assigns, words, redirects, line };
  }

  private redirect(tok: Extract<Token, { t: 'redir' }>): Redirect {
    const isHeredoc = tok.op === '<<' || tok.op === '<<-';
    const target = this.read(false, false);
    if (target.t !== 'word') this.unexpected();
    const redirect: Redirect = { fd: tok.fd, op: tok.op, target: target.word };
    if (isHeredoc) {
      const raw = target.word.raw;
      this.heredocs.push({ redirect, delimiter: unquote(raw), strip: tok.op === '<<-', quoted: /['"\\]/.test(raw) });
    }
    return redirect;
  }

  private requireList(): Command {
    // ash's list(0) parses at least one command (`then fi` fails on "fi"); only at end of input does it come back
    // empty, and the caller's expected keyword then fails: `unexpected end of file (expecting "done")`.
    return this.list(0) ?? { type: 'list', items: [] };
  }

  private expect(kw: string, eatNewlines = false): void {
    const tok = this.read(true, eatNewlines);
    const ok = tok.t === 'kw' ? tok.kw === kw : tok.t === 'op' && tok.op === kw;
    if (!ok) this.unexpected(`"${kw}"`);
  }

  private isEnd(tok: Token): boolean {
    if (tok.t === 'eof') return true;
    if (tok.t === 'op') return tok.op === ')' || tok.op === ';;';
    return tok.t === 'kw' && END_KEYWORDS.has(tok.kw);
  }

  private unexpected(expecting?: string): never {
    const message = `unexpected ${tokenName(this.last)}` + (expecting ? ` (expecting ${expecting})` : '');
    throw this.error(message);
  }

  private error(message: string): ShellSyntaxError {
    return new ShellSyntaxError(message, this.line);
  }

  // ---- tokens ----

  private read(kw: boolean, eatNewlines: boolean): Token {
    let tok = this.pushed ?? this.lex();
    this.pushed = undefined;
    while (eatNewlines && tok.t === 'nl') tok = this.lex();
    if (kw && tok.t === 'word' && !tok.quoted && KEYWORDS.has(tok.word.raw)) tok = { t: 'kw', kw: tok.word.raw };
    this.last = tok;
    return tok;
  }

  private peek(kw: boolean, eatNewlines = false): Token {
    const tok = this.read(kw, eatNewlines);
    this.unread();
    return tok;
  }

  private unread(): void {
    this.pushed = this.last;
  }

  private lex(): Token {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const c = this.src[this.pos];
    if (c === undefined) return { t: 'eof' };
    const two = this.src.slice(this.pos, this.pos + 2);
    if (c === '\n') {
      this.pos++;
      this.line++;
      this.readHeredocs();
      return { t: 'nl' };
    }
    for (const op of [';;', '&&', '||'] as const) {
      if (two === op) {
        this.pos += 2;
        return { t: 'op', op };
      }
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      this.pos++;
      return { t: 'op', op: c };
    }
    if (c === '<' || c === '>') return this.lexRedirect(c === '<' ? 0 : 1);
    const start = this.pos;
    const { parts, quoted } = this.readWord('none', undefined);
    const raw = this.src.slice(start, this.pos);
    const next = this.src[this.pos];
    if (!quoted && /^\d+$/.test(raw) && (next === '<' || next === '>')) return this.lexRedirect(Number(raw));
    return { t: 'word', word: { parts, raw }, quoted };
  }

  private lexRedirect(fd: number): Token {
    const rest = this.src.slice(this.pos, this.pos + 3);
    for (const op of ['<<-', '<<', '<>', '<&', '>>', '>|', '>&', '<', '>'] as const) {
      if (rest.startsWith(op)) {
        this.pos += op.length;
        return { t: 'redir', fd, op };
      }
    }
    throw new Error('unreachable redirect');
  }

  private readHeredocs(): void {
    const pending = this.heredocs;
    this.heredocs = [];
    for (const doc of pending) {
      const lines: string[] = [];
      for (;;) {
        if (this.pos >= this.src.length) break;
        let end = this.src.indexOf('\n', this.pos);
        if (end < 0) end = this.src.length;
        let text = this.src.slice(this.pos, end);
        this.pos = Math.min(end + 1, this.src.length);
        this.line++;
        if (doc.strip) text = text.replace(/^\t+/, '');
        if (text === doc.delimiter) break;
        lines.push(text + '\n');
      }
      const body = lines.join('');
      doc.redirect.heredoc = doc.quoted ? { parts: [{ kind: 'lit', text: body, quoted: true }], raw: body } : parseWordText(body, 'heredoc');
    }
  }

  // ---- words ----

  /** Reads a word up to an unquoted metacharacter (or `until`, for ${...} arguments); returns its parts. */
  private readWord(quoting: Quoting, until: string | undefined): { parts: WordPart[]; quoted: boolean } {
    const parts: WordPart[] = [];
    let quoted = false;
    const lit = (text: string, q: boolean) => {
      const prev = parts[parts.length - 1];
      if (prev?.kind === 'lit' && prev.quoted === q) prev.text += text;
      else parts.push({ kind: 'lit', text, quoted: q });
    };
    const atStart = this.pos;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) break;
      if (until !== undefined && c === until) break;
      if (quoting === 'none' && until === undefined && ' \t\n;&|()<>'.includes(c)) break;
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        if (n === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        if (n === undefined) {
          this.pos++;
          lit('\\', quoting !== 'none');
          continue;
        }
        if (quoting === 'none' || '$`\\'.includes(n) || (quoting === 'dq' && n === '"') || (until === '}' && n === '}')) {
          this.pos += 2;
          lit(n, true);
          quoted = true;
        } else {
          this.pos++;
          lit('\\', true);
        }
        continue;
      }
      if (c === "'" && quoting === 'none') {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw this.error('unterminated quoted string');
        const text = this.src.slice(this.pos + 1, end);
        this.line += countNewlines(text);
        lit(text, true);
        this.pos = end + 1;
        quoted = true;
        continue;
      }
      if (c === '"' && quoting === 'none') {
        this.pos++;
        const inner = this.readWord('dq', '"');
        if (this.src[this.pos] !== '"') throw this.error('unterminated quoted string');
        this.pos++;
        if (inner.parts.length === 0) lit('', true);
        for (const p of inner.parts) {
          if (p.kind === 'lit') lit(p.text, true);
          else parts.push(p);
        }
        quoted = true;
        continue;
      }
      if (c === '$') {
        const part = this.readDollar(quoting !== 'none');
        if (part) parts.push(part);
        else {
          this.pos++;
          lit('$', quoting !== 'none');
        }
        continue;
      }
      if (c === '`') {
        parts.push(this.readBackquote(quoting !== 'none'));
        continue;
      }
      if (c === '~' && quoting === 'none' && this.pos === atStart && until === undefined) {
        const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|[ \t\n;&|()<>])/.exec(this.src.slice(this.pos));
        if (m) {
          parts.push({ kind: 'tilde', user: m[1]! });
          this.pos += m[0].length;
          continue;
        }
      }
      if (c === '\n') this.line++;
      lit(c, quoting !== 'none');
      this.pos++;
    }
    return { parts, quoted };
  }

  /** At a `$`: a parameter, ${...}, $(...) or $((...)); undefined when the `$` is a plain character. */
  private readDollar(quoted: boolean): WordPart | undefined {
    const n = this.src[this.pos + 1];
    if (n === '{') return this.readBraced(quoted);
    if (n === '(') {
      if (this.src[this.pos + 2] === '(') {
        const close = findArithEnd(this.src, this.pos + 3);
        if (close >= 0) {
          const text = this.src.slice(this.pos + 3, close);
          this.pos = close + 2;
          return { kind: 'arith', expr: parseWordText(text, 'heredoc'), quoted };
        }
      }
      this.pos += 2;
      const saved = { pushed: this.pushed, last: this.last };
      this.pushed = undefined;
      let body: Command | undefined;
      const first = this.peek(false, true);
      if (!(first.t === 'op' && first.op === ')')) body = this.requireList();
      this.expect(')', true);
      this.pushed = saved.pushed;
      this.last = saved.last;
      return { kind: 'cmd', body, quoted };
    }
    if (n !== undefined && NAME_START.test(n)) {
      let end = this.pos + 2;
      while (end < this.src.length && NAME_CHAR.test(this.src[end]!)) end++;
      const name = this.src.slice(this.pos + 1, end);
      this.pos = end;
      return { kind: 'param', name, quoted };
    }
    if (n !== undefined && (/[0-9]/.test(n) || SPECIAL_PARAMS.has(n))) {
      this.pos += 2;
      return { kind: 'param', name: n, quoted };
    }
    return undefined;
  }

  private readBraced(quoted: boolean): WordPart {
    this.pos += 2;
    let length = false;
    if (this.src[this.pos] === '#' && this.src[this.pos + 1] !== '}' && this.src[this.pos + 1] !== undefined) {
      length = true;
      this.pos++;
    }
    let name = '';
    const c = this.src[this.pos];
    if (c !== undefined && NAME_START.test(c)) {
      while (this.pos < this.src.length && NAME_CHAR.test(this.src[this.pos]!)) name += this.src[this.pos++];
    } else if (c !== undefined && /[0-9]/.test(c)) {
      while (this.pos < this.src.length && /[0-9]/.test(this.src[this.pos]!)) name += this.src[this.pos++];
    } else if (c !== undefined && SPECIAL_PARAMS.has(c)) {
      name = c;
      this.pos++;
    }
    if (!name) throw this.error('bad substitution');
    if (this.src[this.pos] === '}') {
      this.pos++;
      return length ? { kind: 'param', name, length, quoted } : { kind: 'param', name, quoted };
    }
    if (length) throw this.error('bad substitution');
    const opMatch = /^(:-|:=|:\+|:\?|##|%%|-|=|\+|\?|#|%)/.exec(this.src.slice(this.pos));
    if (!opMatch) throw this.error('bad substitution');
    const op = opMatch[1] as ParamOp;
    this.pos += op.length;
    const start = this.pos;
    const { parts } = this.readWord(quoted ? 'dq' : 'none', '}');
    if (this.src[this.pos] !== '}') throw this.error('bad substitution');
    const arg: Word = { parts, raw: this.src.slice(start, this.pos) };
    this.pos++;
    return { kind: 'param', name, op, arg, quoted };
  }

  private readBackquote(quoted: boolean): WordPart {
    let text = '';
    let i = this.pos + 1;
    for (;;) {
      const c = this.src[i];
      if (c === undefined) throw this.error('EOF in backquote substitution');
      if (c === '`') break;
      if (c === '\\' && ('$`\\'.includes(this.src[i + 1] ?? '') || (quoted && this.src[i + 1] === '"'))) {
        text += this.src[i + 1];
        i += 2;
        continue;
      }
      if (c === '\n') this.line++;
      text += c;
      i++;
    }
    this.pos = i + 1;
    return { kind: 'cmd', body: parse(text), quoted };
  }
}

/** Parses text where only `$`, backquotes and backslashes are special (here-documents, arithmetic): one word, all quoted. */
export function parseWordText(text: string, quoting: 'heredoc'): Word {
  return { parts: new ScriptParser(text).textParts(quoting), raw: text };
}

function wrapList(items: { command: Command; background: boolean }[]): Command | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1 && !items[0]!.background) return items[0]!.command;
  return { type: 'list', items };
}

function tokenName(tok: Token): string {
  switch (tok.t) {
    case 'eof':
      return 'end of file';
    case 'nl':
      return 'newline';
    case 'redir':
      return 'redirection';
    case 'word':
      return 'word';
    case 'op':
      return `"${tok.op}"`;
    case 'kw':
      return `"${tok.kw}"`;
  }
}

/** The word after its first n source characters (an assignment's value); only valid when those characters are plain text. */
function dropPrefix(word: Word, n: number): Word {
  let skip = n;
  const parts: WordPart[] = [];
  for (const p of word.parts) {
    if (skip > 0 && p.kind === 'lit' && !p.quoted) {
      if (p.text.length <= skip) {
        skip -= p.text.length;
        continue;
      }
      parts.push({ ...p, text: p.text.slice(skip) });
      skip = 0;
      continue;
    }
    parts.push(p);
  }
  return { parts, raw: word.raw.slice(n) };
}

/** A here-document delimiter with its quotes removed. */
function unquote(raw: string): string {
  return raw.replace(/\\(.)|'([^']*)'|"([^"]*)"/g, (_m, esc, sq, dq) => esc ?? sq ?? dq ?? '');
}

function countNewlines(text: string): number {
  let n = 0;
  for (const c of text) if (c === '\n') n++;
  return n;
}

/** Index of the `))` closing an arithmetic expansion whose text starts at `from`, or -1. */
function findArithEnd(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return src[i + 1] === ')' ? i : -1;
      depth--;
    }
  }
  return -1;
}
