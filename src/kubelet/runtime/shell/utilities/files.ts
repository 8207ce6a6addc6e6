import { posix } from 'node:path';
import { complain, parseOptions, resolvePath, type CommandContext } from '../command-context.js';
import { FsError } from '../../vfs/fs-error.js';

/** touch, mkdir, rm, rmdir, cp, mv over the container's filesystem, with busybox's messages. */

async function attempt(ctx: CommandContext, run: () => Promise<void>, message: (e: FsError) => string): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    await complain(ctx, message(e));
    return false;
  }
}

export async function touch(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), 'dtr');
  const fs = ctx.process.env.fs;
  let status = 0;
  for (const file of operands) {
    const path = resolvePath(ctx, file);
    if (flags.has('c') && !(await fs.exists(path))) continue;
    if (!(await attempt(ctx, () => fs.touch(path), (e) => `${file}: ${e.message}`))) status = 1;
  }
  return status;
}

export async function mkdir(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), 'm');
  const fs = ctx.process.env.fs;
  let status = 0;
  for (const dir of operands) {
    const ok = await attempt(
      ctx,
      () => fs.mkdir(resolvePath(ctx, dir), { recursive: flags.has('p') }),
      (e) => `can't create directory '${dir}': ${e.message}`,
    );
    if (!ok) status = 1;
  }
  return status;
}

export async function rm(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), '');
  const fs = ctx.process.env.fs;
  const force = flags.has('f');
  const recursive = flags.has('r') || flags.has('R');
  let status = 0;
  for (const file of operands) {
    const path = resolvePath(ctx, file);
    let type;
    try {
      type = (await fs.lstat(path)).type;
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      if (!force) {
        await complain(ctx, `can't remove '${file}': ${e.message}`);
        status = 1;
      }
      continue;
    }
    if (type === 'dir' && !recursive) {
      await complain(ctx, `'${file}' is a directory`);
      status = 1;
      continue;
    }
    if (!(await attempt(ctx, () => fs.rm(path, { recursive }), (e) => `can't remove '${file}': ${e.message}`))) status = 1;
  }
  return status;
}

export async function rmdir(ctx: CommandContext): Promise<number> {
  const { operands } = parseOptions(ctx.argv.slice(1), '');
  const fs = ctx.process.env.fs;
  let status = 0;
  for (const dir of operands) {
    const path = resolvePath(ctx, dir);
    const ok = await attempt(
      ctx,
      async () => {
        if ((await fs.stat(path)).type !== 'dir') throw new FsError('ENOTDIR');
        await fs.rm(path);
      },
      (e) => `'${dir}': ${e.message}`,
    );
    if (!ok) status = 1;
  }
  return status;
}

async function copyTree(ctx: CommandContext, from: string, to: string, recursive: boolean, label: string): Promise<boolean> {
  const fs = ctx.process.env.fs;
  let st;
  try {
    st = await fs.stat(from);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    await complain(ctx, `can't stat '${label}': ${e.message}`);
    return false;
  }
  if (st.type === 'dir') {
    if (!recursive) {
      await complain(ctx, `omitting directory '${label}'`);
      return false;
    }
    if (!(await fs.exists(to)) && !(await attempt(ctx, () => fs.mkdir(to), (e) => `can't create directory '${to}': ${e.message}`))) return false;
    let ok = true;
    for (const name of await fs.readdir(from)) ok = (await copyTree(ctx, posix.join(from, name), posix.join(to, name), recursive, posix.join(label, name))) && ok;
    return ok;
  }
  const data = await fs.readFile(from);
  return attempt(ctx, () => fs.writeFile(to, data), (e) => `can't create '${to}': ${e.message}`);
}

async function destination(ctx: CommandContext, sources: string[], target: string): Promise<((src: string) => string) | undefined> {
  const fs = ctx.process.env.fs;
  const abs = resolvePath(ctx, target);
  const isDir = await fs.stat(abs).then(
    (st) => st.type === 'dir',
    () => false,
  );
  if (sources.length > 1 && !isDir) {
    await complain(ctx, `'${target}' is not a directory`);
    return undefined;
  }
  return (src) => (isDir ? posix.join(abs, posix.basename(src)) : abs);
}

export async function cp(ctx: CommandContext): Promise<number> {
  const { flags, operands } = parseOptions(ctx.argv.slice(1), '');
  if (operands.length < 2) {
    await complain(ctx, 'missing file operand');
    return 1;
  }
  const target = operands.pop()!;
  const dest = await destination(ctx, operands, target);
  if (!dest) return 1;
  let status = 0;
  for (const src of operands) {
    if (!(await copyTree(ctx, resolvePath(ctx, src), dest(src), flags.has('r') || flags.has('R') || flags.has('a'), src))) status = 1;
  }
  return status;
}

export async function mv(ctx: CommandContext): Promise<number> {
  const { operands } = parseOptions(ctx.argv.slice(1), '');
  if (operands.length < 2) {
    await complain(ctx, 'missing file operand');
    return 1;
  }
  const fs = ctx.process.env.fs;
  const target = operands.pop()!;
  const dest = await destination(ctx, operands, target);
  if (!dest) return 1;
  let status = 0;
  for (const src of operands) {
    const from = resolvePath(ctx, src);
    if (!(await fs.exists(from))) {
      await complain(ctx, `can't rename '${src}': No such file or directory`);
      status = 1;
      continue;
    }
    const quiet = { ...ctx, stderr: ctx.stderr };
    if (!(await copyTree(quiet, from, dest(src), true, src))) {
      status = 1;
      continue;
    }
    if (!(await attempt(ctx, () => fs.rm(from, { recursive: true }), (e) => `can't remove '${src}': ${e.message}`))) status = 1;
  }
  return status;
}
