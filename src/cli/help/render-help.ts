/**
 * kubectl's help layout (k8s.io/kubectl/pkg/util/templates: the main help and usage templates and HelpFlagPrinter),
 * for a command described by a HelpView: long description, Aliases, Examples, Available Commands, Options, Usage and
 * the two hints. On a terminal kubectl word-wraps it all; so does this, given the terminal's limit.
 */
import { responsive, wrapString } from './word-wrap.js';

/** A flag as the help lists it: pflag's name, shorthand, type (strings print their default quoted) and default. */
export interface HelpFlag {
  name: string;
  shorthand?: string;
  type: string;
  defValue: string;
  usage: string;
}

export interface HelpCommand {
  name: string;
  short: string;
}

export interface HelpGroup {
  title: string;
  commands: HelpCommand[];
}

export interface HelpView {
  /** The command path, program name first: ['kubesim', 'create', 'deployment']. */
  path: string[];
  /** The long description, or the short one when there is none. */
  long: string;
  /** The command's name and its aliases, when it has aliases. */
  aliases?: string[];
  example?: string;
  /** Subcommands in groups (the root's kubectl groups, or one "Available Commands:" group). */
  groups?: HelpGroup[];
  /** cobra's NamePadding: the longest name among the parent's commands, at least 11. */
  namePadding?: number;
  /** Local flags, in the order listed (pflag's: sorted by name). */
  flags: HelpFlag[];
  /** The usage line; none for the root when it equals the program name. */
  usage?: string;
  hasSubcommands: boolean;
}

/** kubectl's help flag printer: `    -A, --all-namespaces=false:` then the usage, tab-indented, wrapped 10 short of the limit. */
export function flagsUsages(flags: readonly HelpFlag[], wrapLimit: number): string {
  let out = '';
  for (const f of flags) {
    const def = f.type === 'string' ? `'${f.defValue}'` : f.defValue;
    const head = `${f.shorthand ? `    -${f.shorthand}, ` : '    '}--${f.name}=${def}:`;
    // The usage's own line breaks become spaces; kubectl's uint arithmetic means no wrapping below a limit of 10.
    const usage = wrapString(f.usage.split('\n').join(' '), wrapLimit >= 10 ? wrapLimit - 10 : Number.MAX_SAFE_INTEGER);
    out += `${`${head}\n${usage}`.replaceAll('\n', '\n\t')}\n\n`;
  }
  return out;
}

const trimRight = (s: string) => s.replace(/\s+$/u, '');

/** cobra's cmdGroupsString: each group's title, then `  name   Short` lines padded to the same width. */
export function groupsString(groups: readonly HelpGroup[], padding: number): string {
  return groups.map((g) => [g.title, ...g.commands.map((c) => `  ${c.name.padEnd(padding)}   ${c.short}`)].join('\n')).join('\n\n');
}

/** cobra's NamePadding for a parent's commands. */
export const namePadding = (names: readonly string[]): number => Math.max(11, ...names.map((n) => n.length));

/** The usage template: everything after the long description. */
export function usageString(view: HelpView, wrapLimit: number): string {
  let b = '\n\n';
  if (view.aliases?.length) b += `Aliases:\n${view.aliases.join(', ')}\n\n`;
  if (view.example) b += `Examples:\n${trimRight(view.example)}\n\n`;
  if (view.groups?.some((g) => g.commands.length)) {
    b += `${groupsString(
      view.groups.filter((g) => g.commands.length),
      view.namePadding ?? namePadding(view.groups.flatMap((g) => g.commands.map((c) => c.name))),
    )}\n\n`;
  }
  if (view.flags.length) b += `Options:\n${trimRight(flagsUsages(view.flags, wrapLimit))}\n\n`;
  if (view.usage) b += `Usage:\n  ${view.usage}\n\n`;
  if (view.hasSubcommands) b += `Use "${view.path.join(' ')} <command> --help" for more information about a given command.\n`;
  b += `Use "${view.path[0]} options" for a list of global command-line options (applies to all commands).\n`;
  return b;
}

/** The help template: the long description, then the usage; wrapped as a terminal's responsive writer does. */
export function renderHelp(view: HelpView, wrapLimit: number): string {
  return responsive(`${view.long.trim()}${usageString(view, wrapLimit)}`, wrapLimit);
}

/** kubectl's words in kubesim's mouth: the command `kubectl` becomes `kubesim` (not kubectl.kubernetes.io, kubectl-create, URLs). */
export const asKubesim = (text: string): string => text.replace(/(?<![\w/.-])kubectl(?![\w.-])/g, 'kubesim');
