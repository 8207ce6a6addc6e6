/**
 * The kubesim command: finds the command and parses its flags as kubectl's cobra and pflag do, loads only that
 * command's module, runs it, and is the one place errors become exit codes. Help, `options` and the request log of
 * -v=6 and above are loaded only when asked for.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { StatusError } from '../api/errors.js';
import { homeDir } from '../cluster/home.js';
import type { OpenCluster } from '../cluster/open-cluster.js';
import type { CliDeps } from './context.js';
import { AggregateCliError, CliError, exitCodeOf, formatError } from './errors.js';
import { commands, type CommandEntry } from './commands/index.js';
import { applyFlags, commanderArgv, commandPath, findSubcommand, flagSetOf, helpFlag } from './command-line.js';
import { klogLine } from './commands/klog-line.js';
import { FlagParseError, parseGoBool, type FlagSet, type ParseResult } from './pflag.js';
import { suggestionsFor } from './suggestions.js';

/** The program with the global flags every command accepts (`kubesim options` lists them). */
export function rootProgram(deps: CliDeps): Command {
  return new Command('kubesim')
    .description('kubesim controls a simulated Kubernetes cluster, as kubectl controls a real one.')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option('-v, --v <level>', 'number for the log level verbosity')
    .configureOutput({ writeOut: (s) => deps.out.write(s), writeErr: (s) => deps.err.write(s) })
    .exitOverride()
    .helpOption(false)
    .helpCommand(false)
    .showSuggestionAfterError(false);
}

/** pflag's parse, its errors worded as kubectl's flag error function words them for this command. */
function parseFlags(flags: FlagSet, argv: string[], path: string, hint: 'help' | 'options' = 'help'): ParseResult {
  try {
    return flags.parse(argv);
  } catch (e) {
    if (!(e instanceof FlagParseError)) throw e;
    throw new CliError(hint === 'options' ? `Error: ${e.message}\nRun '${path}' without flags.` : `Error: ${e.message}\nSee '${path} --help' for usage.`);
  }
}

/** The value of a flag as the command line left it (the last one given wins). */
const lastValue = (parsed: ParseResult, name: string) => parsed.flags.filter((f) => f.spec.name === name).at(-1)?.value;
const helpAsked = (parsed: ParseResult) => parseGoBool(parsed.flags.filter((f) => f.spec === helpFlag).at(-1)?.value ?? 'false') === true;

/** cobra's error for a word that names no command, with its suggestions (kubectl prints it as `Error: ...`). */
function unknownCommand(word: string): CliError {
  const suggestions = suggestionsFor(word, [...commands.map((c) => c.name), 'options']);
  const hint = suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}\n` : '';
  return new CliError(`Error: unknown command ${JSON.stringify(word)} for "kubesim"${hint}`);
}

const entryFor = (word: string): CommandEntry | undefined => commands.find((c) => c.name === word || c.aliases?.includes(word));

/** Registers a command's module on the program and returns its command. */
async function loadCommand(program: Command, entry: CommandEntry, deps: CliDeps): Promise<Command> {
  (await entry.load()).register(program, deps);
  const cmd = program.commands.find((c) => c.name() === entry.name);
  if (!cmd) throw new Error(`kubesim: the module of "${entry.name}" registers no command of that name`);
  return cmd;
}

/** The help of a command (or the root), as kubectl's help function prints it, to stdout. */
async function printHelp(program: Command, cmd: Command | undefined, deps: CliDeps): Promise<void> {
  const [{ renderHelp }, { terminalWrapLimit }] = await Promise.all([import('./help/render-help.js'), import('./help/word-wrap.js')]);
  const limit = terminalWrapLimit(deps.out);
  if (!cmd) {
    const { rootHelpView } = await import('./help/root-help.js');
    deps.out.write(renderHelp(rootHelpView(), limit));
    return;
  }
  const { commandHelpView } = await import('./help/command-help.js');
  deps.out.write(renderHelp(await commandHelpView(cmd, program, deps), limit));
}

/** `kubesim help [command]`: cobra's help command. An unknown topic prints the root's usage to stderr and still succeeds. */
async function helpCommand(program: Command, argv: string[], deps: CliDeps): Promise<number> {
  const parsed = parseFlags(flagSetOf(program), argv, 'kubesim help');
  const word = parsed.args[0];
  if (word === undefined) {
    await printHelp(program, undefined, deps);
    return 0;
  }
  const entry = entryFor(word);
  if (!entry) {
    const [{ usageString }, { rootHelpView }, { terminalWrapLimit, responsive }] = await Promise.all([import('./help/render-help.js'), import('./help/root-help.js'), import('./help/word-wrap.js')]);
    const limit = terminalWrapLimit(deps.err);
    deps.err.write(`Unknown help topic [${parsed.args.map((a) => `\`${a}\``).join(' ')}]\n${responsive(usageString(rootHelpView(), limit), limit)}`);
    return 0;
  }
  const top = await loadCommand(program, entry, deps);
  await printHelp(program, findSubcommand(top, parsed.args.slice(1)).cmd, deps);
  return 0;
}

/** The kubeconfig's server, for the URLs of the request log. */
async function serverOf(cluster: OpenCluster): Promise<{ server: string; loaded: boolean }> {
  const { existsSync } = await import('node:fs');
  const { readKubeconfig, currentContext } = await import('../cluster/kubeconfig.js');
  const path = cluster.home.kubeconfigPath;
  const config = readKubeconfig(path);
  const name = currentContext(config)?.context.cluster;
  const server = config.clusters.find((c) => c.name === name)?.cluster.server ?? 'http://127.0.0.1:6443';
  return { server, loaded: existsSync(path) };
}

/** The deps commands get: their client logs its requests when -v is 6 or more, as kubectl's does. */
function verboseDeps(deps: CliDeps, level: () => number): CliDeps {
  return {
    ...deps,
    openCluster: async () => {
      const cluster = await deps.openCluster();
      const v = level();
      if (v < 6) return cluster;
      const { loggingClient } = await import('./request-log.js');
      const { server, loaded } = await serverOf(cluster);
      const log = (line: string) => deps.err.write(line);
      if (loaded) log(`${klogLine('I', 'loader.go:402', `Config loaded from file:  ${cluster.home.kubeconfigPath}`, deps.now(), process.pid)}\n`);
      return { ...cluster, client: loggingClient(cluster.client, { level: v, server, log, now: deps.now, pid: process.pid }) };
    },
  };
}

/** Finds, parses and runs the command; returns the exit code of a command that succeeded. */
async function dispatch(argv: string[], deps: CliDeps, verbosity: { level: number }): Promise<number> {
  const program = rootProgram(deps);
  const rootFlags = flagSetOf(program);
  const word = rootFlags.nonFlagWords(argv)[0];
  if (word === undefined) {
    const parsed = parseFlags(rootFlags, argv, 'kubesim');
    applyFlags(program, parsed.flags);
    await printHelp(program, undefined, deps);
    return 0;
  }
  const rest = rootFlags.withoutFirst(argv, word);
  if (word === 'help') return helpCommand(program, rest, deps);
  if (word === 'options') {
    parseFlags(flagSetOf(program), rest, 'kubesim options', 'options');
    const [{ optionsHelp }, { terminalWrapLimit }] = await Promise.all([import('./help/options-help.js'), import('./help/word-wrap.js')]);
    deps.out.write(optionsHelp(program, terminalWrapLimit(deps.out)));
    return 0;
  }
  const entry = entryFor(word);
  if (!entry) throw unknownCommand(word);
  const logged = verboseDeps(deps, () => verbosity.level);
  const { cmd, argv: own } = findSubcommand(await loadCommand(program, entry, logged), rest);
  const path = commandPath(cmd);
  const parsed = parseFlags(flagSetOf(cmd), own, path.join(' '));
  if (helpAsked(parsed)) {
    await printHelp(program, cmd, deps);
    return 0;
  }
  verbosity.level = Number(lastValue(parsed, 'v') ?? 0);
  applyFlags(cmd, parsed.flags);
  await program.parseAsync(commanderArgv(path, parsed.args, parsed.argsLenAtDash), { from: 'user' });
  return 0;
}

export async function main(argv: string[], deps: CliDeps): Promise<number> {
  const verbosity = { level: 0 };
  try {
    return await dispatch(argv, deps, verbosity);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode || 1;
    }
    // kubectl's CheckErr logs each server Status at -v=4 before printing the error (klog's Infof given a slice, hence `%s[`).
    if (verbosity.level >= 4) {
      const statuses = (e instanceof AggregateCliError ? e.errors : [e]).filter((x): x is StatusError => x instanceof StatusError);
      if (statuses.length) {
        const { statusObject } = await import('./request-log.js');
        for (const s of statuses) deps.err.write(`${klogLine('I', 'helpers.go:246', `server response object: %s[${JSON.stringify(statusObject(s.status), null, 2)}]`, deps.now(), process.pid)}\n`);
      }
    }
    const text = formatError(e);
    // kubectl adds a newline only where the message lacks one (jsonpath errors end with their own); an interrupted
    // watch exits without a word.
    if (text !== '') deps.err.write(text.endsWith('\n') ? text : `${text}\n`);
    return exitCodeOf(e);
  }
}

function processDeps(): CliDeps {
  return {
    out: { write: (s) => void process.stdout.write(s), isTTY: process.stdout.isTTY, columns: process.stdout.columns },
    err: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY, columns: process.stderr.columns },
    env: process.env,
    now: () => new Date(),
    stdin: () => readFileSync(0, 'utf8'),
    openCluster: async () => (await import('../cluster/open-cluster.js')).openCluster(homeDir(process.env)),
  };
}

/** SIGPIPE's exit status: `kubesim get pods | head -1` ends as kubectl does when head closes the pipe, with no stack trace. */
export const BROKEN_PIPE_EXIT = 141;

/** A reader that closed the pipe (head, grep -q) ends the command silently, as SIGPIPE ends kubectl. */
function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(BROKEN_PIPE_EXIT);
    throw e;
  });
}

/** The entry point of bin/kubesim.js. */
export async function runCli(): Promise<void> {
  exitQuietlyOnBrokenPipe(process.stdout);
  exitQuietlyOnBrokenPipe(process.stderr);
  process.exitCode = await main(process.argv.slice(2), processDeps());
}
