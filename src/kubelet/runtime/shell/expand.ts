import { posix } from 'node:path';
import { evaluateArithmetic, type ArithmeticScope } from './arithmetic.js';
import type { Command, Word, WordPart } from './ast.js';
import { escapePattern, hasGlob, patternSource, removeAffix, unescapePattern } from './pattern.js';
import type { ContainerFs } from '../vfs/container-fs.js';

/** Word expansion (POSIX 2.6): tilde, parameters, command substitution, arithmetic, field splitting, globbing, quote removal. */

/** An error that ends a non-interactive shell (ash's ash_msg_and_raise_error): `${X:?}`, bad arithmetic. */
export class ShellError extends Error {
  constructor(
    message: string,
    readonly status = 2,
  ) {
    super(message);
  }
}

/** What expansion needs from the shell. */
export interface ExpansionHost extends ArithmeticScope {
  /** $1..., $@ and $* */
  readonly positional: readonly string[];
  /** $?, $$, $#, $!, $-, $0; undefined for other names. */
  special(name: string): string | undefined;
  readonly nounset: boolean;
  readonly cwd: string;
  readonly fs: ContainerFs;
  /** Runs $(...) in a subshell and returns its output. */
  substitute(body: Command | undefined): Promise<string>;
}

interface Piece {
  text: string;
  /** Quoted text: never split, literal for globbing. */
  quoted: boolean;
}

/** Builds the fields of one word. */
class Fields {
  readonly done: Piece[][] = [];
  private current: Piece[] = [];
  private started = false;

  constructor(private readonly ifs: string) {}

  add(text: string, quoted: boolean): void {
    if (text || quoted) this.started = true;
    if (text) this.current.push({ text, quoted });
  }

  /** Adds the result of an unquoted expansion: IFS characters separate fields. */
  addSplit(text: string): void {
    if (this.ifs === '') return this.add(text, false);
    let buf = '';
    for (const c of text) {
      if (!this.ifs.includes(c)) {
        buf += c;
        continue;
      }
      if (buf) this.add(buf, false);
      buf = '';
      if (' \t\n'.includes(c)) this.breakField();
      else this.forceBreak();
    }
    if (buf) this.add(buf, false);
  }

  breakField(): void {
    if (this.started) this.forceBreak();
  }

  forceBreak(): void {
    this.done.push(this.current);
    this.current = [];
    this.started = false;
  }

  finish(): Piece[][] {
    if (this.started) this.forceBreak();
    return this.done;
  }
}

export class Expander {
  constructor(private readonly host: ExpansionHost) {}

  /** Expands command words into fields (split and globbed). */
  async fields(words: readonly Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const word of words) {
      const f = new Fields(this.ifs());
      await this.into(f, word.parts, true, false);
      for (const pieces of f.finish()) {
        if (pieces.some((p) => !p.quoted && hasGlob(p.text))) {
          const pattern = pieces.map((p) => (p.quoted ? escapePattern(p.text) : p.text)).join('');
          const matches = await this.glob(pattern);
          out.push(...(matches.length > 0 ? matches : [unescapePattern(pattern)]));
        } else {
          out.push(pieces.map((p) => p.text).join(''));
        }
      }
    }
    return out;
  }

  /** Expands a word to one string (assignments, redirection targets, here-documents, case words). */
  async string(word: Word): Promise<string> {
    const f = new Fields('');
    await this.into(f, word.parts, false, false);
    return f
      .finish()
      .map((pieces) => pieces.map((p) => p.text).join(''))
      .join(' ');
  }

  /** Expands a word to a pattern: quoted parts match literally. */
  async pattern(word: Word): Promise<string> {
    const f = new Fields('');
    await this.into(f, word.parts, false, false);
    return f
      .finish()
      .map((pieces) => pieces.map((p) => (p.quoted ? escapePattern(p.text) : p.text)).join(''))
      .join(' ');
  }

  private ifs(): string {
    return this.host.get('IFS') ?? ' \t\n';
  }

  private async into(f: Fields, parts: readonly WordPart[], split: boolean, inArg: boolean): Promise<void> {
    for (const part of parts) {
      switch (part.kind) {
        case 'lit':
          if (inArg && split && !part.quoted) f.addSplit(part.text);
          else f.add(part.text, part.quoted);
          break;
        case 'tilde': {
          const home = part.user === '' ? this.host.get('HOME') : part.user === 'root' ? '/root' : undefined;
          f.add(home ?? '~' + part.user, home !== undefined);
          break;
        }
        case 'param':
          await this.param(f, part, split);
          break;
        case 'cmd':
          this.value(f, stripTrailingNewlines(await this.host.substitute(part.body)), part.quoted, split);
          break;
        case 'arith': {
          const text = await this.string(part.expr);
          let result: bigint;
          try {
            result = evaluateArithmetic(text, this.host);
          } catch (e) {
            throw new ShellError((e as Error).message);
          }
          this.value(f, String(result), part.quoted, split);
          break;
        }
      }
    }
  }

  private value(f: Fields, text: string, quoted: boolean, split: boolean): void {
    if (quoted || !split) f.add(text, quoted);
    else f.addSplit(text);
  }

  private async param(f: Fields, part: Extract<WordPart, { kind: 'param' }>, split: boolean): Promise<void> {
    const { name, op } = part;
    if ((name === '@' || name === '*') && !op && !part.length) {
      const params = this.host.positional;
      if (part.quoted && name === '@' && split) {
        params.forEach((p, i) => {
          if (i > 0) f.forceBreak();
          f.add(p, true);
        });
        return;
      }
      if (part.quoted || !split) {
        f.add(params.join(name === '*' ? (this.ifs()[0] ?? '') : ' '), part.quoted);
        return;
      }
      params.forEach((p, i) => {
        if (i > 0) f.breakField();
        f.addSplit(p);
      });
      return;
    }
    const current = this.lookup(name);
    if (part.length) {
      if (current === undefined && this.host.nounset) throw new ShellError(`${name}: parameter not set`);
      return this.value(f, String([...(current ?? '')].length), part.quoted, split);
    }
    if (!op) {
      if (current === undefined && this.host.nounset) throw new ShellError(`${name}: parameter not set`);
      return this.value(f, current ?? '', part.quoted, split);
    }
    const colon = op.startsWith(':');
    const missing = current === undefined || (colon && current === '');
    switch (op) {
      case '-':
      case ':-':
        if (missing) return this.into(f, part.arg!.parts, split && !part.quoted, true);
        return this.value(f, current!, part.quoted, split);
      case '=':
      case ':=':
        if (missing) {
          if (!/^[A-Za-z_]/.test(name)) throw new ShellError(`${name}: bad variable name`);
          const v = await this.string(part.arg!);
          this.host.set(name, v);
          return this.value(f, v, part.quoted, split);
        }
        return this.value(f, current!, part.quoted, split);
      case '+':
      case ':+':
        if (!missing) return this.into(f, part.arg!.parts, split && !part.quoted, true);
        return;
      case '?':
      case ':?':
        if (missing) {
          const msg = part.arg!.parts.length > 0 ? await this.string(part.arg!) : 'parameter not set' + (colon ? ' or null' : '');
          throw new ShellError(`${name}: ${msg}`);
        }
        return this.value(f, current!, part.quoted, split);
      default: {
        const pattern = await this.pattern(part.arg!);
        return this.value(f, removeAffix(current ?? '', pattern, op), part.quoted, split);
      }
    }
  }

  private lookup(name: string): string | undefined {
    if (/^[0-9]+$/.test(name)) {
      const n = Number(name);
      if (n === 0) return this.host.special('0');
      return this.host.positional[n - 1];
    }
    return this.host.special(name) ?? this.host.get(name);
  }

  /** Pathname expansion in the container's filesystem; sorted matches, or none. */
  private async glob(pattern: string): Promise<string[]> {
    const absolute = pattern.startsWith('/');
    const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
    let candidates: string[] = [absolute ? '/' : ''];
    let globbed = false;
    for (const seg of absolute ? segments.slice(1) : segments) {
      if (seg === '') continue;
      const next: string[] = [];
      if (!hasGlob(seg)) {
        for (const c of candidates) next.push(join(c, unescapePattern(seg)));
      } else {
        globbed = true;
        const re = new RegExp(`^${patternSource(seg, true)}$`);
        for (const c of candidates) {
          let names: string[];
          try {
            names = await this.host.fs.readdir(posix.resolve(this.host.cwd, c || '.'));
          } catch {
            continue;
          }
          for (const name of names) {
            if (name.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue;
            if (re.test(name)) next.push(join(c, name));
          }
        }
      }
      candidates = next;
    }
    if (!globbed) return [];
    const existing: string[] = [];
    for (const c of candidates) if (await this.host.fs.exists(posix.resolve(this.host.cwd, c))) existing.push(c);
    return existing.sort();
  }
}

function join(dir: string, name: string): string {
  if (dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function stripTrailingNewlines(text: string): string {
  return text.replace(/\n+$/, '');
}
