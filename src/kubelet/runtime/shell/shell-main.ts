import { appletName, resolvePath, type CommandContext } from './command-context.js';
import { Shell, type CommandTable, type Fds } from './interpreter.js';
import { FsError } from '../vfs/fs-error.js';

/**
 * The `sh` program (busybox ash): `sh -c 'script' [name [args]]`, `sh [-ex] file [args]`, or a script on stdin.
 * Returns the shell's exit status; a kill propagates as Killed.
 */
export function shellProgram(commands: () => CommandTable) {
  return async function sh(ctx: CommandContext): Promise<number> {
    const args = ctx.argv.slice(1);
    const options = { errexit: false, xtrace: false, nounset: false };
    let command: string | undefined;
    let useCommand = false;
    while (args.length > 0 && /^[-+][a-zA-Z]+$/.test(args[0]!)) {
      const opt = args.shift()!;
      for (const c of opt.slice(1)) {
        if (c === 'c') useCommand = true;
        else if (c === 'e') options.errexit = opt[0] === '-';
        else if (c === 'x') options.xtrace = opt[0] === '-';
        else if (c === 'u') options.nounset = opt[0] === '-';
      }
    }
    if (args[0] === '--') args.shift();
    const fds: Fds = new Map<number, CommandContext['stdin'] | CommandContext['stdout']>([
      [0, ctx.stdin],
      [1, ctx.stdout],
      [2, ctx.stderr],
    ]);
    let arg0 = ctx.argv[0] ?? 'sh';
    let scriptName: string | undefined;
    let script: string | undefined;
    if (useCommand) {
      command = args.shift();
      if (command === undefined) {
        await ctx.stderr.write(`${appletName(ctx)}: -c requires an argument\n`);
        return 2;
      }
      if (args.length > 0) arg0 = args.shift()!;
      script = command;
    } else if (args.length > 0) {
      const file = args.shift()!;
      try {
        script = await ctx.process.env.fs.readFile(resolvePath(ctx, file));
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        await ctx.stderr.write(`${arg0}: can't open '${file}': ${e.message}\n`);
        return 127;
      }
      arg0 = file;
      scriptName = file;
    }
    const shell = new Shell({
      process: ctx.process,
      commands: commands(),
      arg0,
      ...(scriptName !== undefined ? { scriptName } : {}),
      positional: args,
      env: ctx.env,
      cwd: ctx.cwd,
      fds,
      pid: ctx.pid ?? ctx.process.allocatePid(),
    });
    Object.assign(shell.options, options);
    shell.importEnvironment(ctx.env, ctx.process.env.hostname);
    return script === undefined ? shell.runInput(ctx.stdin) : shell.runScript(script);
  };
}
