import { complain, parseOptions, resolvePath, type CommandContext } from '../command-context.js';
import { lines, readInput } from './read-inputs.js';
import { FsError } from '../../vfs/fs-error.js';

/** cat, head, tail, wc, tee: busybox's text utilities over the container's files and streams. */

export async function cat(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), '');
  const files = operands.length > 0 ? operands : ['-'];
  let status = 0;
  let lineNo = 0;
  for (const file of files) {
    if (file === '-' && !flags.has('n')) {
      for (let chunk = await ctx.stdin.read(); chunk !== null; chunk = await ctx.stdin.read()) await ctx.stdout.write(chunk);
      continue;
    }
    const text = await readInput(ctx, file, 'open');
    if (text === undefined) {
      status = 1;
      continue;
    }
    if (flags.has('n')) {
      await ctx.stdout.write(lines(text).map((l) => `${String(++lineNo).padStart(6)}\t${l}`).join(''));
    } else {
      await ctx.stdout.write(text);
    }
  }
  return status;
}

function countArg(value: string | undefined, fallback: number): { n: number; fromStart: boolean } | undefined {
  if (value === undefined) return { n: fallback, fromStart: false };
  const m = /^([+-]?)(\d+)$/.exec(value);
  if (!m) return undefined;
  return { n: Number(m[2]), fromStart: m[1] === '+' };
}

/** -N as a count (head -5, tail -5). */
function legacyCount(args: string[]): string[] {
  return args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
}

export async function head(ctx: CommandContext): Promise<number> {
  const { values, operands, flags } = parseOptions(legacyCount(ctx.argv.slice(1)), 'nc');
  const count = countArg(values.get('n'), 10);
  if (!count) {
    await complain(ctx, `invalid number '${values.get('n')}'`);
    return 1;
  }
  const files = operands.length > 0 ? operands : ['-'];
  let status = 0;
  for (const [i, file] of files.entries()) {
    if (files.length > 1 && !flags.has('q')) await ctx.stdout.write(`${i > 0 ? '\n' : ''}==> ${file === '-' ? 'standard input' : file} <==\n`);
    if (file === '-' && !values.has('c')) {
      // Read only what is needed, so `producer | head -1` ends and the producer gets a broken pipe, as with SIGPIPE.
      for (let n = 0, line = await ctx.stdin.readLine(); line !== null && n < count.n; n++, line = n < count.n ? await ctx.stdin.readLine() : null) {
        await ctx.stdout.write(line);
      }
      continue;
    }
    const text = await readInput(ctx, file, 'fopen');
    if (text === undefined) {
      status = 1;
      continue;
    }
    const bytes = values.get('c');
    await ctx.stdout.write(bytes !== undefined ? text.slice(0, Number(bytes)) : lines(text).slice(0, count.n).join(''));
  }
  return status;
}

export async function tail(ctx: CommandContext): Promise<number> {
  const { values, operands, flags } = parseOptions(legacyCount(ctx.argv.slice(1)), 'ncs');
  const count = countArg(values.get('n'), 10);
  if (!count) {
    await complain(ctx, `invalid number '${values.get('n')}'`);
    return 1;
  }
  const follow = flags.has('f') || flags.has('F');
  const files = operands.length > 0 ? operands : ['-'];
  let status = 0;
  const sizes = new Map<string, number>();
  for (const [i, file] of files.entries()) {
    const text = await readInput(ctx, file, 'open');
    if (text === undefined) {
      status = 1;
      continue;
    }
    if (files.length > 1) await ctx.stdout.write(`${i > 0 ? '\n' : ''}==> ${file === '-' ? 'standard input' : file} <==\n`);
    const all = lines(text);
    await ctx.stdout.write((count.fromStart ? all.slice(Math.max(0, count.n - 1)) : all.slice(Math.max(0, all.length - count.n))).join(''));
    sizes.set(file, text.length);
  }
  if (!follow || files.every((f) => f === '-')) return status;
  // tail -f: poll the files once a second on the process's clock until killed, printing what was appended.
  for (;;) {
    await ctx.process.sleep(1000);
    for (const file of files) {
      if (file === '-') continue;
      let text: string;
      try {
        text = await ctx.process.env.fs.readFile(resolvePath(ctx, file));
      } catch (e) {
        if (e instanceof FsError) continue;
        throw e;
      }
      const seen = sizes.get(file) ?? 0;
      if (text.length > seen) await ctx.stdout.write(text.slice(seen));
      sizes.set(file, text.length);
    }
  }
}

export async function wc(ctx: CommandContext): Promise<number> {
  const { flags, operands, bad } = parseOptions(ctx.argv.slice(1), '');
  if (bad !== undefined) return 1;
  const order = ['l', 'w', 'm', 'c', 'L'] as const;
  let selected = order.filter((o) => flags.has(o));
  if (selected.length === 0) selected = ['l', 'w', 'c'];
  const files = operands.length > 0 ? operands : ['-'];
  // busybox wc.c: one count for a single input prints the bare number; otherwise each is %9u after the first.
  const bare = files.length <= 1 && selected.length === 1;
  const totals = { l: 0, w: 0, m: 0, c: 0, L: 0 };
  let status = 0;
  const print = async (counts: typeof totals, name: string) => {
    const cols = selected.map((o, i) => (i === 0 ? (bare ? String(counts[o]) : String(counts[o]).padStart(9)) : ' ' + String(counts[o]).padStart(9)));
    await ctx.stdout.write(cols.join('') + (operands.length === 0 ? '\n' : ` ${name}\n`));
  };
  for (const file of files) {
    const text = await readInput(ctx, file, 'fopen');
    if (text === undefined) {
      status = 1;
      continue;
    }
    const counts = countText(text);
    for (const o of order) totals[o] = o === 'L' ? Math.max(totals.L, counts.L) : totals[o] + counts[o];
    await print(counts, file);
  }
  if (files.length > 1) await print(totals, 'total');
  return status;
}

function countText(text: string): { l: number; w: number; m: number; c: number; L: number } {
  const l = (text.match(/\n/g) ?? []).length;
  const w = (text.match(/[^\s]+/g) ?? []).length;
  const L = Math.max(0, ...text.split('\n').map((line) => line.length));
  return { l, w, m: [...text].length, c: Buffer.byteLength(text), L };
}

export async function tee(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), '');
  const fs = ctx.process.env.fs;
  let status = 0;
  const targets: string[] = [];
  const devices: CommandContext['stdout'][] = [];
  for (const file of operands) {
    const path = resolvePath(ctx, file);
    const st = await fs.stat(path).catch(() => undefined);
    if (st?.type === 'chardev') {
      if (st.device === 'stdout') devices.push(ctx.stdout);
      else if (st.device === 'stderr') devices.push(ctx.stderr);
      continue;
    }
    try {
      if (flags.has('a')) await fs.appendFile(path, '');
      else await fs.writeFile(path, '');
      targets.push(path);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      await complain(ctx, `can't open '${file}': ${e.message}`);
      status = 1;
    }
  }
  for (let chunk = await ctx.stdin.read(); chunk !== null; chunk = await ctx.stdin.read()) {
    await ctx.stdout.write(chunk);
    for (const device of devices) await device.write(chunk);
    for (const path of targets) await fs.appendFile(path, chunk);
  }
  return status;
}
