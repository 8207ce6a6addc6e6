/** A command that only groups subcommands (`create secret`, `create service`): alone it prints its help and fails, as cobra does. */
import type { Command } from 'commander';
import { CliError } from '../../errors.js';
import { invocationOf, usageError } from '../name-arg.js';

export function groupCommand(parent: Command, name: string, summary: string, long: string, aliases: string[] = []): Command {
  const group = parent.command(name).description(summary).argument('[args...]');
  for (const alias of aliases) group.alias(alias);
  group.addHelpText('before', `${long}\n`);
  return group.action(async (args: string[], _opts: unknown, cmd: Command) => {
    // cobra's legacyArgs: an unknown subcommand is an error; none at all prints the help (on stderr) and exits 1.
    if (args.length) throw usageError(invocationOf(cmd, args), `unknown command "${args.join(' ')}"`);
    const { helpText } = await import('../../help/command-help.js');
    throw new CliError(await helpText(cmd));
  });
}
