/** `kubesim down`: stops the cluster's daemon (SIGTERM, then waits for it to exit); the store stays, so `up` resumes. */
import type { Command } from 'commander';
import { clearStaleFiles, daemonState, stopDaemonProcess } from '../../cluster/daemon-process.js';
import { homeDir, kubesimHome } from '../../cluster/home.js';
import type { CliDeps } from '../context.js';

export interface DownOptions {
  timeout?: string;
}

export async function run(_opts: DownOptions, deps: CliDeps): Promise<void> {
  const home = kubesimHome(homeDir(deps.env));
  const state = daemonState(home);
  if (state.state === 'stopped') {
    deps.out.write(`The cluster in ${home.root} is not running.\n`);
    return;
  }
  if (state.state === 'stale') {
    clearStaleFiles(home);
    deps.out.write(`The cluster in ${home.root} was not running: its daemon (pid ${state.pid}) had stopped without cleaning up; its pid file is removed.\n`);
    return;
  }
  const stopped = await stopDaemonProcess(home);
  if (!stopped) {
    deps.out.write(`The cluster in ${home.root} is not running.\n`);
    return;
  }
  const how = stopped.killed ? ' (it did not stop in time and was killed)' : '';
  deps.out.write(`Stopped the cluster in ${home.root} (pid ${stopped.pid})${how}. Its state is kept: "kubesim up" resumes it.\n`);
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('down')
    .description('Stop the cluster; its state is kept and "kubesim up" resumes it')
    .addHelpText('after', '\nExamples:\n  # Stop the cluster of KUBESIM_HOME (default ~/.kubesim)\n  kubesim down\n')
    .action(async (opts: DownOptions) => run(opts, deps));
}
