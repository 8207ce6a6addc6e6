/** The kubesim command: parses the command line, runs one command, and is the one place errors become exit codes. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { openCluster } from '../cluster/open-cluster.js';
import { homeDir } from '../cluster/home.js';
import type { CliDeps } from './context.js';
import { exitCodeOf, formatError } from './errors.js';
import { commands } from './commands/index.js';

export function buildProgram(deps: CliDeps): Command {
  const program = new Command('kubesim')
    .description('kubesim controls a simulated Kubernetes cluster, as kubectl controls a real one.')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option('-v, --v <level>', 'number for the log level verbosity')
    .configureOutput({ writeOut: (s) => deps.out.write(s), writeErr: (s) => deps.err.write(s) })
    .exitOverride()
    .showSuggestionAfterError(false);
  for (const register of commands) register(program, deps);
  return program;
}

export async function main(argv: string[], deps: CliDeps): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode || 1;
    }
    const text = formatError(e);
    // kubectl adds a newline only where the message lacks one (jsonpath errors end with their own).
    deps.err.write(text.endsWith('\n') ? text : `${text}\n`);
    return exitCodeOf(e);
  }
}

function processDeps(): CliDeps {
  return {
    out: { write: (s) => void process.stdout.write(s) },
    err: { write: (s) => void process.stderr.write(s) },
    env: process.env,
    now: () => new Date(),
    stdin: () => readFileSync(0, 'utf8'),
    openCluster: () => openCluster(homeDir(process.env)),
  };
}

/** The entry point of bin/kubesim.js. */
export async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processDeps());
}
