/** How kubectl's generating commands read their NAME argument (NameFromCommandArgs) and word their usage errors. */
import type { Command } from 'commander';
import { CliError } from '../errors.js';

/** The command as typed: its path (`kubesim create deployment`), its arguments and where `--` fell among them. */
export interface Invocation {
  path: string;
  args: string[];
  /** cobra's ArgsLenAtDash: how many arguments came before `--`, or -1 when there was none. */
  argsLenAtDash: number;
}

export function invocationOf(cmd: Command, args: string[]): Invocation {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  let root = cmd;
  while (root.parent) root = root.parent;
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const dash = raw.indexOf('--');
  return { path: names.join(' '), args, argsLenAtDash: dash < 0 ? -1 : Math.max(0, args.length - (raw.length - dash - 1)) };
}

/** cmdutil.UsageErrorf: the message, then where to find help. */
export function usageError(inv: Pick<Invocation, 'path'>, message: string): CliError {
  return new CliError(`error: ${message}\nSee '${inv.path} -h' for help and examples`);
}

/** The one NAME before `--`; what follows it is the command to run. */
export function nameFromArgs(inv: Invocation): string {
  const count = inv.argsLenAtDash === -1 ? inv.args.length : inv.argsLenAtDash;
  if (count !== 1) throw usageError(inv, `exactly one NAME is required, got ${count}`);
  return inv.args[0]!;
}

/** The arguments after NAME: the container's command. */
export const commandAfterName = (inv: Invocation): string[] => inv.args.slice(1);
