/**
 * The help of one kubesim command: kubectl's text for the same command (src/cli/help/kubectl/, captured from kubectl
 * 1.32) with `kubectl` read as `kubesim`, listing only the flags kubesim's command really has and only the examples
 * whose flags it accepts. A command kubectl does not have (up, down, ...) is described by its own definition.
 */
import type { Command, Option } from 'commander';
import { commands } from '../commands/index.js';
import type { CliDeps } from '../context.js';
import { commandPath, emit, findSubcommand, flagSetOf } from '../command-line.js';
import { FlagParseError } from '../pflag.js';
import type { KubectlHelp } from './kubectl-help.js';
import { kubectlHelpLoaders } from './kubectl/index.js';
import { asKubesim, namePadding, type HelpFlag, type HelpView } from './render-help.js';

/** kubectl's help for a command path (`create deployment`), if kubectl has that command. */
export async function kubectlHelpFor(path: readonly string[]): Promise<KubectlHelp | undefined> {
  const load = kubectlHelpLoaders[path[0]!];
  if (!load) return undefined;
  return (await load()).help[path.join(' ')];
}

/** A flag kubectl does not have, described from its commander definition as pflag would print it. */
function ownFlag(option: Option, name: string): HelpFlag {
  const flag: HelpFlag = { name, type: 'string', defValue: '', usage: option.description };
  if (option.short) flag.shorthand = option.short.replace(/^-/, '');
  const def: unknown = option.defaultValue;
  if (option.isBoolean()) Object.assign(flag, { type: 'bool', defValue: option.negate ? 'false' : String(def === true) });
  else if (option.variadic || Array.isArray(def)) Object.assign(flag, { type: 'stringSlice', defValue: `[${Array.isArray(def) ? def.join(',') : ''}]` });
  else if (def !== undefined) flag.defValue = String(def);
  return flag;
}

/** The text given with commander's addHelpText at one position (what a kubesim-only command uses for its long help and examples). */
function addedHelpText(cmd: Command, position: 'before' | 'after'): string {
  let text = '';
  emit(cmd, `${position}Help`, { error: false, command: cmd, write: (s: string) => void (text += s) });
  return text;
}

/** Splits example text into paragraphs (comment and command lines), at kubectl's blank `  ` lines. */
export function exampleParagraphs(example: string): string[][] {
  const paragraphs: string[][] = [[]];
  for (const line of example.split('\n')) {
    if (line.trim() === '') paragraphs.push([]);
    else paragraphs.at(-1)!.push(line);
  }
  return paragraphs.filter((p) => p.length);
}

/** Splits a shell command line into words and the separators `|`, `||`, `&&`, `;` (quotes and backslashes as sh reads them). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? '') + line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < line.length && line[j] !== '"'; j++) s += line[j] === '\\' && j + 1 < line.length ? line[++j] : line[j];
      word = (word ?? '') + s;
      i = j;
    } else if (c === '\\' && i + 1 < line.length) word = (word ?? '') + line[++i];
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '|' || c === ';' || (c === '&' && line[i + 1] === '&')) {
      if (word !== undefined) words.push(word);
      word = undefined;
      const op = line[i + 1] === c ? c + c : c;
      i += op.length - 1;
      words.push(op);
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The argument lists of every `kubesim ...` invocation in a command line (after env assignments, between pipes). */
export function invocations(line: string): string[][] {
  const out: string[][] = [];
  let segment: string[] = [];
  const flush = () => {
    const words = segment.slice(segment.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)));
    if (words[0] === 'kubesim') out.push(words.slice(1));
    segment = [];
  };
  for (const w of shellWords(line)) {
    if (['|', '||', '&&', ';'].includes(w)) flush();
    else segment.push(w);
  }
  flush();
  return out;
}

/** Whether kubesim takes this command line's command and flags (the command's module is loaded if it is not yet). */
async function accepts(program: Command, args: string[], deps: CliDeps): Promise<boolean> {
  const root = flagSetOf(program);
  const word = root.nonFlagWords(args)[0];
  const entry = commands.find((c) => c.name === word || c.aliases?.includes(word ?? ''));
  if (!entry || word === undefined) return false;
  let top = program.commands.find((c) => c.name() === entry.name);
  if (!top) {
    (await entry.load()).register(program, deps);
    top = program.commands.find((c) => c.name() === entry.name);
    if (!top) return false;
  }
  const { cmd, argv } = findSubcommand(top, root.withoutFirst(args, word));
  try {
    flagSetOf(cmd).parse(argv);
    return true;
  } catch (e) {
    if (e instanceof FlagParseError) return false;
    throw e;
  }
}

/** kubectl's examples, keeping only the paragraphs whose every kubesim command line kubesim accepts. */
export async function workingExamples(example: string, program: Command, deps: CliDeps): Promise<string> {
  const kept: string[][] = [];
  for (const paragraph of exampleParagraphs(example)) {
    const lines = paragraph.filter((l) => !l.trim().startsWith('#')).join('\n').replace(/\\\n/g, ' ').split('\n');
    let ok = true;
    for (const line of lines) for (const args of invocations(line)) if (ok && !(await accepts(program, args, deps))) ok = false;
    if (ok) kept.push(paragraph);
  }
  return kept.map((p) => p.join('\n')).join('\n  \n');
}

/** The help view of a registered kubesim command. */
export async function commandHelpView(cmd: Command, program: Command, deps: CliDeps): Promise<HelpView> {
  const path = commandPath(cmd);
  const words = path.slice(1);
  const kubectl = await kubectlHelpFor(words);
  const kubectlFlags = new Map((kubectl?.flags ?? []).map((f) => [f.name, f]));
  const flags: HelpFlag[] = [];
  for (const option of cmd.options) {
    const name = option.long?.replace(/^--/, '');
    if (!name || option.hidden) continue;
    const known = kubectlFlags.get(name);
    flags.push(known ? { ...known, usage: asKubesim(known.usage) } : ownFlag(option, name));
  }
  flags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const subcommands = [...cmd.commands].sort((a, b) => (a.name() < b.name() ? -1 : 1));
  const subShort = async (sub: Command) => (await kubectlHelpFor([...words, sub.name()]))?.short ?? sub.description().split('\n')[0]!;
  const view: HelpView = { path, long: '', flags, hasSubcommands: subcommands.length > 0 };
  if (subcommands.length) {
    view.groups = [{ title: 'Available Commands:', commands: await Promise.all(subcommands.map(async (s) => ({ name: s.name(), short: await subShort(s) }))) }];
    view.namePadding = namePadding(cmd.commands.map((c) => c.name()));
  }
  if (cmd.aliases().length) view.aliases = [cmd.name(), ...cmd.aliases()];

  if (kubectl) {
    view.long = asKubesim(kubectl.long);
    view.usage = asKubesim(kubectl.use);
    const example = kubectl.example ? await workingExamples(asKubesim(kubectl.example), program, deps) : '';
    if (example) view.example = example;
    return view;
  }
  // A command of kubesim's own: its description (or the text before its help) and the examples after it.
  const entry = commands.find((c) => c.name === words[0]);
  view.long = addedHelpText(cmd, 'before').trim() || cmd.description() || (words.length === 1 ? (entry?.description ?? '') : '');
  const after = addedHelpText(cmd, 'after').replace(/^\s*\n/, '');
  const example = after.startsWith('Examples:\n') ? after.slice('Examples:\n'.length) : '';
  if (example.trim()) view.example = example;
  const own = cmd.usage().replace(/^\[options\] ?/, '');
  view.usage = `${path.join(' ')}${own ? ` ${own}` : ''}${flags.length ? ' [options]' : ''}`;
  return view;
}

/** A registered command's whole help text, as `kubesim ... --help` prints it (for commands that print their help themselves). */
export async function helpText(cmd: Command, wrapLimit = 0): Promise<string> {
  let program = cmd;
  while (program.parent) program = program.parent;
  const { renderHelp } = await import('./render-help.js');
  // Loading another command to check an example only registers it; nothing runs, so no deps are needed.
  return renderHelp(await commandHelpView(cmd, program, {} as CliDeps), wrapLimit);
}
