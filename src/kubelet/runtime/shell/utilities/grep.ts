import { complain, type CommandContext } from '../command-context.js';
import { lines, readInput } from './read-inputs.js';

/** busybox grep: BRE (default), -E, -F; -i -v -c -n -l -L -q -s -o -w -x -h -H, -e PATTERN; exit 0 match, 1 none, 2 error. */
export async function grep(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  const flags = new Set<string>();
  const patterns: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'e' || c === 'f' || c === 'm' || c === 'A' || c === 'B' || c === 'C') {
          const value = a.slice(j + 1) || args[++i];
          if (value === undefined) {
            await complain(ctx, `option requires an argument -- '${c}'`);
            return 2;
          }
          if (c === 'e') patterns.push(value);
          break;
        }
        flags.add(c);
      }
      continue;
    }
    operands.push(a);
  }
  if (patterns.length === 0) {
    const p = operands.shift();
    if (p === undefined) {
      await ctx.stderr.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n');
      return 2;
    }
    patterns.push(...p.split('\n'));
  }
  let regexes: RegExp[];
  try {
    regexes = patterns.map((p) => toRegExp(p, flags));
  } catch {
    await complain(ctx, `bad regex '${patterns[0]}'`);
    return 2;
  }
  const files = operands.length > 0 ? operands : ['-'];
  const showName = flags.has('H') || (files.length > 1 && !flags.has('h'));
  let matched = false;
  let error = false;
  for (const file of files) {
    const text = await readInput(flags.has('s') ? { ...ctx, stderr: { write: async () => {} } } : ctx, file, 'fopen');
    if (text === undefined) {
      error = true;
      continue;
    }
    const name = file === '-' ? '(standard input)' : file;
    let count = 0;
    let out = '';
    for (const [i, raw] of lines(text).entries()) {
      const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
      const hits = regexes.some((re) => re.test(line));
      if (hits === flags.has('v')) continue;
      count++;
      if (flags.has('q')) return 0;
      if (flags.has('l') || flags.has('L') || flags.has('c')) continue;
      const prefix = (showName ? `${name}:` : '') + (flags.has('n') ? `${i + 1}:` : '');
      if (flags.has('o') && !flags.has('v')) {
        for (const re of regexes) {
          const g = new RegExp(re.source, re.flags + 'g');
          for (const m of line.matchAll(g)) if (m[0]) out += `${prefix}${m[0]}\n`;
        }
      } else {
        out += `${prefix}${line}\n`;
      }
    }
    if (count > 0) matched = true;
    if (flags.has('c')) out = `${showName ? `${name}:` : ''}${count}\n`;
    if (flags.has('l')) out = count > 0 ? `${name}\n` : '';
    if (flags.has('L')) out = count === 0 ? `${name}\n` : '';
    await ctx.stdout.write(out);
  }
  if (error && !(flags.has('q') && matched)) return 2;
  return matched ? 0 : 1;
}

/** A POSIX basic (or -E extended, or -F fixed) regular expression as a JavaScript one. */
function toRegExp(pattern: string, flags: Set<string>): RegExp {
  let source: string;
  if (flags.has('F')) source = pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  else if (flags.has('E')) source = pattern;
  else source = basicToExtended(pattern);
  if (flags.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  if (flags.has('x')) source = `^(?:${source})$`;
  return new RegExp(source, flags.has('i') ? 'i' : '');
}

/** BRE: \( \) \{ \} \| \+ \? are operators, their bare forms literal. */
function basicToExtended(bre: string): string {
  let out = '';
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i]!;
    if (c === '\\' && i + 1 < bre.length) {
      const n = bre[++i]!;
      out += '(){}|+?'.includes(n) ? n : '\\' + n;
    } else if ('(){}|+?'.includes(c)) {
      out += '\\' + c;
    } else if (c === '*' && (out === '' || out.endsWith('^'))) {
      out += '\\*';
    } else {
      out += c;
    }
  }
  return out;
}
