/**
 * `kubesim reset`: deletes the cluster of KUBESIM_HOME (its store, node folders, logs, configuration and kubeconfig),
 * after a confirmation or with --yes. A running cluster is stopped first. Only kubesim's own files are removed:
 * anything else in the folder stays.
 */
import { existsSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { daemonState, stopDaemonProcess, clearStaleFiles } from '../../cluster/daemon-process.js';
import { homeDir, kubesimHome, type KubesimHome } from '../../cluster/home.js';
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';

export interface ResetOptions {
  yes?: boolean;
}

/** The files and folders a cluster consists of. */
export function clusterFiles(home: KubesimHome): string[] {
  return [
    home.storePath,
    `${home.storePath}-wal`,
    `${home.storePath}-shm`,
    home.nodesDir,
    home.logsDir,
    home.clusterConfigPath,
    home.kubeconfigPath,
    home.pidPath,
    home.addressPath,
  ];
}

/** One line of an answer: from the terminal when stdin is one, else the first line of stdin. */
async function ask(question: string, deps: CliDeps): Promise<string> {
  deps.err.write(question);
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    try {
      return await new Promise<string>((resolve) => rl.once('line', resolve).once('close', () => resolve('')));
    } finally {
      rl.close();
    }
  }
  let text = '';
  try {
    text = deps.stdin();
  } catch {
    // No stdin: no answer.
  }
  deps.err.write('\n');
  return text.split('\n')[0] ?? '';
}

export async function run(opts: ResetOptions, deps: CliDeps): Promise<void> {
  const home = kubesimHome(homeDir(deps.env));
  const present = clusterFiles(home).filter((p) => existsSync(p));
  if (present.length === 0) {
    deps.out.write(`There is no cluster in ${home.root}.\n`);
    return;
  }
  const state = daemonState(home);
  if (!opts.yes) {
    const running = state.state === 'running' ? ' It is running and will be stopped first.' : '';
    const answer = await ask(`This deletes the cluster in ${home.root}: its objects, node folders and logs.${running}\nContinue? [y/N]: `, deps);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('error: reset cancelled; nothing was deleted');
  }
  if (state.state === 'running') {
    const stopped = await stopDaemonProcess(home);
    if (stopped) deps.out.write(`Stopped the cluster (pid ${stopped.pid}).\n`);
  } else if (state.state === 'stale') clearStaleFiles(home);
  for (const p of clusterFiles(home)) rmSync(p, { recursive: true, force: true });
  deps.out.write(`Deleted the cluster in ${home.root}. "kubesim up" creates a new one.\n`);
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('reset')
    .description('Delete the cluster (after a confirmation), so that "kubesim up" starts a new one')
    .option('-y, --yes', 'Delete without asking for confirmation.')
    .addHelpText('after', '\nExamples:\n  # Delete the cluster, answering the question\n  kubesim reset\n\n  # Delete it without a question (scripts)\n  kubesim reset --yes\n')
    .action(async (opts: ResetOptions) => run(opts, deps));
}
