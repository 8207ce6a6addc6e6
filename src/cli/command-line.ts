/**
 * kubesim reads a command line as kubectl's cobra does: it finds the command first (cobra's Find, from the words that
 * are not flags), then parses all flags with pflag's rules against that command's flags and the global ones. Commander
 * only holds the command definitions and runs the action: it gets the flag values already parsed and a command line
 * of bare arguments.
 */
import type { Command, Option } from 'commander';
import { kubectlFlagTypes } from './help/kubectl/flag-types.js';
import { FlagSet, parseGoBool, type FlagSpec, type ParsedFlag } from './pflag.js';

/** Commander's commands are event emitters (its option values arrive as `option:NAME` events); its typings do not say so. */
export const emit = (cmd: Command, event: string, ...args: unknown[]): boolean => (cmd as unknown as { emit(event: string, ...args: unknown[]): boolean }).emit(event, ...args);

/** The help flag cobra gives every command. */
export const helpFlag: FlagSpec = { name: 'help', shorthand: 'h', arity: 'bool', type: 'bool' };

/** The command's path as kubectl's help and errors name it: `kubesim create deployment`. */
export function commandPath(cmd: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names;
}

/** A flag spec from a commander option; where kubectl's flag of this command is a bool or a number, pflag's type. */
export function specOf(option: Option, path: string[]): FlagSpec | undefined {
  const name = option.long?.replace(/^--/, '');
  if (!name) return undefined;
  const typed = path.length > 1 ? kubectlFlagTypes[path.slice(1).join(' ')]?.[name] : undefined;
  const short = option.short?.replace(/^-/, '');
  const spec: FlagSpec = {
    name,
    arity: typed === 'bool' || option.isBoolean() || option.negate ? 'bool' : option.optional ? 'optional' : 'value',
    type: name === 'v' && path.length === 1 ? 'level' : (typed ?? 'string'),
  };
  if (short) spec.shorthand = short;
  return spec;
}

/** The flags a command accepts: its own, then the program's (global) ones it does not shadow, then -h/--help. */
export function flagSetOf(cmd: Command): FlagSet {
  const path = commandPath(cmd);
  let root = cmd;
  while (root.parent) root = root.parent;
  const local = cmd.options.map((o) => specOf(o, path)).filter((s): s is FlagSpec => !!s);
  const global = root === cmd ? [] : root.options.map((o) => specOf(o, [root.name()])).filter((s): s is FlagSpec => !!s);
  return new FlagSet([...local, ...global, helpFlag]);
}

const matches = (cmd: Command, word: string) => cmd.name() === word || cmd.aliases().includes(word);

/** cobra's Find below a loaded command: descends into subcommands by the first non-flag word; returns the command and its arguments. */
export function findSubcommand(cmd: Command, argv: string[]): { cmd: Command; argv: string[] } {
  for (;;) {
    if (!cmd.commands.length) return { cmd, argv };
    const flags = flagSetOf(cmd);
    const word = flags.nonFlagWords(argv)[0];
    const next = word === undefined ? undefined : cmd.commands.find((c) => matches(c, word));
    if (!next) return { cmd, argv };
    argv = flags.withoutFirst(argv, word!);
    cmd = next;
  }
}

/** The command that owns an option among cmd and its ancestors (global flags live on the program). */
function ownerOf(cmd: Command, name: string): { owner: Command; option: Option } | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const option = c.options.find((o) => o.long === `--${name}`);
    if (option) return { owner: c, option };
  }
  return undefined;
}

/**
 * Gives commander the parsed flags, in command-line order, as its own parsing would have: through the option's event,
 * so custom argument parsers, variadic options, presets and negation (`--no-headers`) behave as declared.
 */
export function applyFlags(cmd: Command, flags: ParsedFlag[]): void {
  for (const { spec, value } of flags) {
    if (spec === helpFlag) continue;
    const found = ownerOf(cmd, spec.name);
    if (!found) continue;
    const { owner, option } = found;
    const event = `option:${option.name()}`;
    if (spec.arity === 'bool') {
      const on = parseGoBool(value ?? 'true')!;
      if (!option.isBoolean() && !option.negate) emit(owner, event, on ? 'true' : 'false');
      else if (on) emit(owner, event);
      else owner.setOptionValueWithSource(option.attributeName(), !!option.negate, 'cli');
    } else emit(owner, event, value ?? null);
  }
}

/** The command line commander runs the action from: the command's path, then its arguments (with `--` where it was). */
export function commanderArgv(path: string[], args: string[], argsLenAtDash: number): string[] {
  const words = path.slice(1);
  if (argsLenAtDash < 0) return [...words, ...args];
  return [...words, ...args.slice(0, argsLenAtDash), '--', ...args.slice(argsLenAtDash)];
}
