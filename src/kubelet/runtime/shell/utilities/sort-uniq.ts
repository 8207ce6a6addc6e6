import { parseOptions, type CommandContext } from '../command-context.js';
import { lines, readInput } from './read-inputs.js';

/** sort, uniq, cut and tr: the small text filters scripts pipe through. */

async function inputLines(ctx: CommandContext, files: string[]): Promise<string[] | undefined> {
  const out: string[] = [];
  for (const file of files.length > 0 ? files : ['-']) {
    const text = await readInput(ctx, file, 'fopen');
    if (text === undefined) return undefined;
    out.push(...lines(text).map((l) => l.replace(/\n$/, '')));
  }
  return out;
}

export async function sort(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), 'kt');
  const input = await inputLines(ctx, operands);
  if (!input) return 2;
  let out = [...input].sort((a, b) => (flags.has('n') ? parseFloat(a) - parseFloat(b) || (a < b ? -1 : a > b ? 1 : 0) : a < b ? -1 : a > b ? 1 : 0));
  if (flags.has('r')) out.reverse();
  if (flags.has('u')) out = out.filter((l, i) => i === 0 || l !== out[i - 1]);
  await ctx.stdout.write(out.map((l) => l + '\n').join(''));
  return 0;
}

export async function uniq(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), '');
  const input = await inputLines(ctx, operands.slice(0, 1));
  if (!input) return 1;
  const groups: { line: string; count: number }[] = [];
  for (const line of input) {
    const last = groups[groups.length - 1];
    if (last && last.line === line) last.count++;
    else groups.push({ line, count: 1 });
  }
  const shown = groups.filter((g) => (flags.has('d') ? g.count > 1 : flags.has('u') ? g.count === 1 : true));
  await ctx.stdout.write(shown.map((g) => (flags.has('c') ? `${String(g.count).padStart(7)} ${g.line}\n` : `${g.line}\n`)).join(''));
  return 0;
}

/** cut -d DELIM -f LIST, or -c LIST. */
export async function cut(ctx: CommandContext): Promise<number> {
  const { values, operands } = parseOptions(ctx.argv.slice(1), 'dfc');
  const input = await inputLines(ctx, operands);
  if (!input) return 1;
  const list = values.get('f') ?? values.get('c') ?? '';
  const wanted = (n: number) =>
    list.split(',').some((r) => {
      const [a, b] = r.split('-');
      const lo = a ? Number(a) : 1;
      const hi = b === undefined ? lo : b ? Number(b) : Infinity;
      return n >= lo && n <= hi;
    });
  const delim = values.get('d') ?? '\t';
  const out = input.map((line) => {
    if (values.has('c')) return [...line].filter((_c, i) => wanted(i + 1)).join('');
    if (!line.includes(delim)) return line;
    return line
      .split(delim)
      .filter((_f, i) => wanted(i + 1))
      .join(delim);
  });
  await ctx.stdout.write(out.map((l) => l + '\n').join(''));
  return 0;
}

function expandSet(set: string): string {
  const classes: Record<string, string> = { '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '[:lower:]': 'abcdefghijklmnopqrstuvwxyz', '[:digit:]': '0123456789', '[:space:]': ' \t\n\r\f\v' };
  let s = set;
  for (const [k, v] of Object.entries(classes)) s = s.split(k).join(v);
  s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  return s.replace(/(.)-(.)/g, (_m, a: string, b: string) => {
    let r = '';
    for (let c = a.charCodeAt(0); c <= b.charCodeAt(0); c++) r += String.fromCharCode(c);
    return r;
  });
}

/** tr SET1 SET2, tr -d SET, tr -s SET. */
export async function tr(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), '');
  const from = expandSet(operands[0] ?? '');
  const to = expandSet(operands[1] ?? '');
  const text = await ctx.stdin.readAll();
  let out = '';
  for (const c of text) {
    const i = from.indexOf(c);
    if (flags.has('d')) {
      if (i < 0) out += c;
      continue;
    }
    const mapped = i >= 0 && to ? (to[Math.min(i, to.length - 1)] ?? c) : c;
    if (flags.has('s') && out.endsWith(mapped) && (to ? to.includes(mapped) : from.includes(mapped))) continue;
    out += mapped;
  }
  await ctx.stdout.write(out);
  return 0;
}
