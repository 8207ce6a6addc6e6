/**
 * What kubectl's parent commands (`rollout`, `set`) do when run without a subcommand (cmdutil.DefaultSubCommandRun):
 * their help on stdout and exit 1, or, given a word that is no subcommand, `error: unknown command`.
 */
import type { Command } from 'commander';
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';

export async function defaultSubCommandRun(cmd: Command, args: string[], deps: CliDeps): Promise<void> {
  const name = cmd.name();
  if (args.length) throw new CliError(`error: unknown command "${args[0]}"\nSee 'kubesim ${name} -h' for help and examples`);
  let program = cmd;
  while (program.parent) program = program.parent;
  const [{ commandHelpView }, { renderHelp }, { terminalWrapLimit }] = await Promise.all([import('../help/command-help.js'), import('../help/render-help.js'), import('../help/word-wrap.js')]);
  deps.out.write(renderHelp(await commandHelpView(cmd, program, deps), terminalWrapLimit(deps.out)));
  // Exit 1 without a message, as kubectl's CheckErr(ErrExit).
  throw new CliError('', 1);
}
