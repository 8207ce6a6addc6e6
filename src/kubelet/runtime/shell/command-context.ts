import { posix } from 'node:path';
import type { InputStream, OutputStream } from './io.js';
import type { ProcessContext } from './process-context.js';

/** What a command (utility or builtin) gets: its arguments, environment, working directory and streams. */
export interface CommandContext {
  /** argv[0] is the command name as invoked. */
  argv: string[];
  /** The name messages are prefixed with when not argv[0]'s basename (ash's own builtins print `sh: ...`). */
  messageName?: string;
  /** The exported environment, in the order the shell passes it (what `env` prints). */
  env: [string, string][];
  cwd: string;
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  process: ProcessContext;
  /** Set for the container's main program (PID 1); other programs get the next free pid when they need one. */
  pid?: number;
  /** Runs another program with this context's streams and the given environment (env, nohup, xargs...). */
  spawn(argv: string[], env: [string, string][]): Promise<number>;
}

/** A utility: returns its exit status. Errors it prints itself, as busybox applets do. */
export type Utility = (ctx: CommandContext) => Promise<number>;

/** Resolves a path as the command would (relative to its working directory). */
export function resolvePath(ctx: Pick<CommandContext, 'cwd'>, path: string): string {
  return posix.resolve(ctx.cwd, path);
}

/** The program's name for its messages (busybox applets use the basename of argv[0]). */
export function appletName(ctx: Pick<CommandContext, 'argv' | 'messageName'>): string {
  return ctx.messageName ?? posix.basename(ctx.argv[0] ?? 'sh');
}

/** Prints `applet: message` on stderr, as busybox's bb_error_msg. */
export function complain(ctx: CommandContext, message: string): Promise<void> {
  return ctx.stderr.write(`${appletName(ctx)}: ${message}\n`);
}

/** Splits leading single-letter options (`-ln`, `-n 5`) from operands; `--` ends options. */
export function parseOptions(
  args: string[],
  withValue: string,
): { flags: Set<string>; values: Map<string, string>; operands: string[]; bad?: string } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (withValue.includes(c)) {
        const rest = a.slice(j + 1);
        const value = rest !== '' ? rest : args[++i];
        if (value === undefined) return { flags, values, operands: [], bad: c };
        values.set(c, value);
        break;
      }
      flags.add(c);
    }
  }
  return { flags, values, operands: args.slice(i) };
}
