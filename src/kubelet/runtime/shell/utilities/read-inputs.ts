import { complain, resolvePath, type CommandContext } from '../command-context.js';
import { FsError } from '../../vfs/fs-error.js';

/**
 * Reads a utility's input files ('-' or none means stdin), printing busybox's error for each one that fails:
 * `open_or_warn` style (cat, tail): `cat: can't open 'x': No such file or directory`; `fopen_or_warn` style
 * (wc, head, grep): `wc: x: No such file or directory`. A directory reads as `read error: Is a directory`.
 */
export async function readInput(ctx: CommandContext, file: string, style: 'open' | 'fopen'): Promise<string | undefined> {
  if (file === '-') return ctx.stdin.readAll();
  try {
    const path = resolvePath(ctx, file);
    const st = await ctx.process.env.fs.stat(path);
    if (st.type === 'chardev') return st.device === 'stdin' ? ctx.stdin.readAll() : '';
    return await ctx.process.env.fs.readFile(path);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    if (e.code === 'EISDIR') await complain(ctx, `read error: ${e.message}`);
    else await complain(ctx, style === 'open' ? `can't open '${file}': ${e.message}` : `${file}: ${e.message}`);
    return undefined;
  }
}

/** Splits text into lines keeping their newlines (the last line may lack one). */
export function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
