import { posix } from 'node:path';
import { complain, parseOptions, resolvePath, type CommandContext } from '../command-context.js';
import { FsError } from '../../vfs/fs-error.js';
import type { FileStat } from '../../vfs/volume.js';

/** busybox ls as it prints to a pipe or log (one name per line): -l, -a, -A, -d, -1; errors `ls: x: No such file...`. */
export async function ls(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), '');
  const fs = ctx.process.env.fs;
  const long = flags.has('l') || flags.has('n');
  const all = flags.has('a');
  const almostAll = flags.has('A');
  const now = ctx.process.env.clock.now();
  const targets = operands.length > 0 ? operands : ['.'];
  let status = 0;
  const files: { name: string; st: FileStat; path: string }[] = [];
  const dirs: { name: string; path: string }[] = [];
  for (const name of [...targets].sort()) {
    const path = resolvePath(ctx, name);
    let st: FileStat;
    try {
      st = await fs.stat(path);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      await complain(ctx, `${name}: ${e.message}`);
      status = 1;
      continue;
    }
    if (st.type === 'dir' && !flags.has('d')) dirs.push({ name, path });
    else files.push({ name, st, path });
  }
  const line = async (name: string, st: FileStat, path: string) => {
    if (!long) return name + '\n';
    let target = '';
    if (st.type === 'symlink') target = ` -> ${await fs.readlink(path)}`;
    return `${modeString(st)} ${String(st.type === 'dir' ? 2 : 1).padStart(4)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${String(st.size).padStart(9)} ${lsTime(st.mtime, now)} ${name}${target}\n`;
  };
  let out = '';
  for (const f of files) out += await line(f.name, f.st, f.path);
  for (const [i, d] of dirs.entries()) {
    if (targets.length > 1) out += `${files.length > 0 || i > 0 ? '\n' : ''}${d.name}:\n`;
    let names: string[];
    try {
      names = await fs.readdir(d.path);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      await complain(ctx, `${d.name}: ${e.message}`);
      status = 1;
      continue;
    }
    if (all) names = ['.', '..', ...names];
    names = names.filter((n) => all || almostAll || !n.startsWith('.')).sort();
    if (long) {
      const entries: [string, FileStat, string][] = [];
      let blocks = 0;
      for (const n of names) {
        const p = posix.join(d.path, n);
        const st = await fs.lstat(n === '.' || n === '..' ? posix.resolve(d.path, n) : p);
        blocks += Math.ceil(st.size / 4096) * 4;
        entries.push([n, st, p]);
      }
      out += `total ${blocks}\n`;
      for (const [n, st, p] of entries) out += await line(n, st, p);
    } else {
      out += names.map((n) => n + '\n').join('');
    }
  }
  await ctx.stdout.write(out);
  return status;
}

function modeString(st: FileStat): string {
  const type = st.type === 'dir' ? 'd' : st.type === 'symlink' ? 'l' : st.type === 'chardev' ? 'c' : '-';
  const bits = st.type === 'symlink' ? 0o777 : st.mode;
  let s = '';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const b = (bits >> shift) & 7;
    s += (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  }
  if (bits & 0o1000) s = s.slice(0, 8) + (s[8] === 'x' ? 't' : 'T');
  return type + s;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 10 18:00" within six months, else "Mar 10  2023" (ctime's fields, as busybox prints them; UTC). */
function lsTime(t: Date, now: Date): string {
  const day = String(t.getUTCDate()).padStart(2);
  const age = now.getTime() - t.getTime();
  const recent = age < (365 / 2) * 24 * 3600 * 1000 && age > -15 * 60 * 1000;
  const tail = recent ? `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}` : ` ${t.getUTCFullYear()}`;
  return `${months[t.getUTCMonth()]} ${day} ${tail}`;
}
