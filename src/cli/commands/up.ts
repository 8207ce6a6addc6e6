/**
 * `kubesim up`: starts the cluster's daemon (in the background, or attached with --foreground), waits until every
 * node is Ready and the control plane's static pods run, and says what runs and what to do next. The first `up` of a
 * KUBESIM_HOME creates the cluster (kubeadm's topology, or --nodes / --config); later ones resume it from its store.
 */
import type { Command } from 'commander';
import { ClusterConfigError, defaultClusterConfig, readClusterConfigFile, type ClusterConfig } from '../../cluster/cluster-config.js';
import { readClusterState, writeClusterState } from '../../cluster/cluster-state.js';
import { AlreadyRunningError, clearStaleFiles, daemonState, ReadyTimeoutError, startDaemonProcess, type DaemonMessage } from '../../cluster/daemon-process.js';
import { ensureHome, homeDir, type KubesimHome } from '../../cluster/home.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { paletteFor, type Palette } from '../color.js';
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';

export interface UpOptions {
  nodes?: string;
  config?: string;
  foreground?: boolean;
  timeout?: string;
  schedulerConfig?: string;
}

/** --scheduler-config: the file (a legacy Policy translated first) into the control-plane node, and its flag into the manifest. */
async function installSchedulerConfigFile(home: KubesimHome, cluster: ClusterConfig, file: string, deps: CliDeps): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const { installSchedulerConfig, SchedulerConfigFileError } = await import('../../cluster/scheduler-pods.js');
  let data: string;
  try {
    data = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`error: open ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  try {
    const { notes, translated } = installSchedulerConfig(home, cluster, data);
    if (translated) deps.err.write(`${file} is a legacy scheduler Policy (removed in kube-scheduler 1.23): translated to a KubeSchedulerConfiguration.\n`);
    for (const n of notes) deps.err.write(`Warning: ${n}\n`);
  } catch (e) {
    if (e instanceof SchedulerConfigFileError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
}

/** What `up` waited for and found: printed as the summary. */
interface Started {
  pid: number;
  nodes: Array<{ name: string; role: string }>;
  pods: string[];
}

/** The configuration `up` starts: the stored one, or a new one from --nodes / --config (refused for an existing cluster). */
export function clusterToStart(home: KubesimHome, opts: UpOptions): { config: ClusterConfig; created: boolean } {
  let requested: ClusterConfig | undefined;
  if (opts.nodes !== undefined && opts.config !== undefined) throw new CliError('error: --nodes and --config cannot be used together');
  if (opts.nodes !== undefined) {
    const n = Number(opts.nodes);
    if (!/^\d+$/.test(opts.nodes) || n < 1 || n > 100) throw new CliError(`error: invalid argument "${opts.nodes}" for "--nodes" flag: must be a number of nodes from 1 to 100`);
    requested = defaultClusterConfig(n);
  }
  if (opts.config !== undefined) {
    try {
      requested = readClusterConfigFile(opts.config);
    } catch (e) {
      if (e instanceof ClusterConfigError) throw new CliError(`error: invalid cluster config ${e.message}`);
      throw e;
    }
  }
  const existing = readClusterState(home);
  if (existing) {
    if (requested && JSON.stringify(requested) !== JSON.stringify(existing)) {
      throw new CliError(
        `error: the cluster in ${home.root} already exists (nodes ${existing.nodes.map((n) => n.name).join(', ')}); --nodes and --config only shape a new cluster.\n` +
          'Change this one with "kubesim node add" and "kubesim node remove", or delete it with "kubesim reset" and start again.',
      );
    }
    return { config: existing, created: false };
  }
  return { config: requested ?? defaultClusterConfig(), created: true };
}

export async function run(opts: UpOptions, deps: CliDeps): Promise<void> {
  const started = Date.now();
  const home = ensureHome(homeDir(deps.env));
  const color = paletteFor(deps.out, deps.env);
  const timeoutMs = parseTimeout(opts.timeout);

  const state = daemonState(home);
  if (state.state === 'running') throw new CliError(`error: ${new AlreadyRunningError(home.root, state.pid).message}`);
  if (state.state === 'stale') {
    deps.err.write(`The daemon of this cluster (pid ${state.pid}) is gone without stopping cleanly; its pid file is replaced.\n`);
    clearStaleFiles(home);
  }
  const { config, created } = clusterToStart(home, opts);
  if (created) writeClusterState(home, config);
  if (opts.schedulerConfig !== undefined) await installSchedulerConfigFile(home, config, opts.schedulerConfig, deps);
  deps.out.write(`${created ? 'Creating' : 'Starting'} the cluster in ${home.root} ...\n`);

  if (opts.foreground) return runForeground(home, timeoutMs, started, color, deps);
  try {
    const result = await startDaemonProcess(home.root, timeoutMs);
    printSummary(result, home, started, color, deps);
  } catch (e) {
    throw startError(e, home);
  }
}

/** --foreground: the daemon runs in this process until Ctrl-C (SIGINT) or SIGTERM stops it cleanly. */
async function runForeground(home: KubesimHome, timeoutMs: number, started: number, color: Palette, deps: CliDeps): Promise<void> {
  let waiting: string[] = [];
  let onReady!: (m: Extract<DaemonMessage, { type: 'ready' }>) => void;
  const ready = new Promise<Extract<DaemonMessage, { type: 'ready' }>>((resolve) => (onReady = resolve));
  const { runDaemon } = await import('../../cluster/run-daemon.js');
  let running;
  try {
    running = await runDaemon(home.root, (m) => {
      if (m.type === 'waiting') waiting = m.waiting;
      if (m.type === 'ready') onReady(m);
    });
  } catch (e) {
    throw startError(e, home);
  }
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const first = await Promise.race([ready, stopSignal, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') deps.err.write(`${timeoutText(timeoutMs, waiting, home)}\n`);
  else if (typeof first === 'object') {
    printSummary(first, home, started, color, deps, true);
  }
  if (typeof first !== 'string' || first === 'timeout') await stopSignal;
  deps.out.write('Stopping the cluster ...\n');
  await running.stop();
  deps.out.write(`Stopped. Its state is kept in ${home.root}: "kubesim up" resumes it.\n`);
}

function printSummary(result: Started, home: KubesimHome, started: number, c: Palette, deps: CliDeps, foreground = false): void {
  const ok = c.green('✓');
  const nodes = result.nodes.map((n) => (n.role === 'control-plane' ? `${n.name} (control-plane)` : n.name)).join(', ');
  const lines = [`${ok} Nodes Ready: ${nodes}`];
  if (result.pods.length) lines.push(`${ok} Control plane running: ${result.pods.map((p) => p.split('/')[1]).join(', ')}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  lines.push(`${c.bold('The cluster is up')} (pid ${result.pid}, ${seconds}s). Logs: ${home.daemonLogPath}`);
  lines.push('', 'Next steps:');
  const steps: Array<[string, string]> = [
    ['kubesim get nodes', 'the nodes, as kubectl shows them'],
    ['kubesim get pods -n kube-system', "the control plane's pods"],
    ['kubesim run web --image=nginx', 'a first pod'],
    [foreground ? 'Ctrl-C' : 'kubesim down', 'stop the cluster; "kubesim up" resumes it'],
  ];
  const width = Math.max(...steps.map(([cmd]) => cmd.length));
  for (const [cmd, why] of steps) lines.push(`  ${c.cyan(cmd.padEnd(width))}   ${c.dim(`# ${why}`)}`);
  deps.out.write(`${lines.join('\n')}\n`);
}

function startError(e: unknown, home: KubesimHome): Error {
  // By name: under --foreground the daemon's code (and its error classes) come from the daemon's own bundled script.
  if (e instanceof AlreadyRunningError || (e instanceof Error && e.name === 'AlreadyRunningError')) return new CliError(`error: ${e.message}`);
  if (e instanceof ReadyTimeoutError) return new CliError(timeoutText(undefined, e.waiting, home, e));
  return new CliError(`error: the cluster could not start: ${(e as Error).message}`);
}

function timeoutText(timeoutMs: number | undefined, waiting: string[], home: KubesimHome, e?: ReadyTimeoutError): string {
  const head = e ? e.message : `timed out after ${(timeoutMs ?? 0) / 1000}s waiting for the cluster to be ready`;
  const still = waiting.length ? `; still waiting for:\n${waiting.map((w) => `  - ${w}`).join('\n')}` : '';
  return `error: ${head}${still}\nThe daemon keeps running (see ${home.daemonLogPath}); "kubesim status" shows it, "kubesim down" stops it.`;
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 120_000;
  try {
    const ms = parseGoDuration(text) / 1e6;
    if (ms <= 0) throw new Error('must be positive');
    return ms;
  } catch (e) {
    throw new CliError(`error: invalid argument "${text}" for "--timeout" flag: ${(e as Error).message}`);
  }
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('up')
    .description('Start the cluster (creating it on first use) and wait until it is ready')
    .option('--nodes <n>', 'Number of nodes of a new cluster: controlplane plus n-1 workers (node01, node02, ...). Default 3.')
    .option('--config <file>', 'Cluster configuration file for a new cluster (nodes, capacities, periods); see docs/cluster-config.md.')
    .option('--foreground', 'Keep the daemon attached to this terminal; Ctrl-C stops it.')
    .option('--scheduler-config <file>', "KubeSchedulerConfiguration (or legacy Policy) for the control plane's kube-scheduler: copied to /etc/kubernetes/scheduler-config.yaml on the node and given with --config.")
    .option('--timeout <duration>', 'How long to wait for the nodes and the control plane to be ready.', '2m0s')
    .addHelpText(
      'after',
      `\nExamples:\n  # Start a kubeadm-like cluster: controlplane, node01, node02\n  kubesim up\n\n  # A new cluster with one control-plane node and four workers\n  kubesim up --nodes 5\n\n  # A new cluster shaped by a configuration file\n  kubesim up --config manifests/cluster-config.yaml\n\n  # A second cluster in another folder\n  KUBESIM_HOME=~/cluster2 kubesim up\n`,
    )
    .action(async (opts: UpOptions) => run(opts, deps));
}
