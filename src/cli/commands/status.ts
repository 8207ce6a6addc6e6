/** `kubesim status`: whether the cluster's daemon runs, where its files are, and its nodes as `kubectl get nodes` shows them. */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { readClusterState } from '../../cluster/cluster-state.js';
import { controlRequest } from '../../cluster/control-client.js';
import type { DaemonStatus } from '../../cluster/daemon.js';
import { daemonState } from '../../cluster/daemon-process.js';
import { homeDir, kubesimHome } from '../../cluster/home.js';
import { Nodes } from '../../client/resources.js';
import { renderTable, toTable } from '../../printers/table/index.js';
import { humanDuration } from '../../util/human-duration.js';
import type { CliDeps } from '../context.js';
import { withClient } from '../context.js';

export async function run(deps: CliDeps): Promise<void> {
  const home = kubesimHome(homeDir(deps.env));
  const cluster = readClusterState(home);
  const state = daemonState(home);
  const lines: string[] = [];
  let status: DaemonStatus | undefined;
  if (state.state === 'running') {
    if (state.address) status = await controlRequest<DaemonStatus>(state.address, 'GET', '/status', undefined, 5000).catch(() => undefined);
    const up = status ? `, up ${humanDuration(deps.now().getTime() - Date.parse(status.startedAt))}` : ', starting';
    lines.push(`Cluster:  running (pid ${state.pid}${up})`);
  } else if (state.state === 'stale') {
    lines.push(`Cluster:  stopped (its daemon, pid ${state.pid}, stopped without cleaning up; "kubesim up" starts it again)`);
  } else {
    lines.push(cluster ? 'Cluster:  stopped ("kubesim up" starts it)' : 'Cluster:  none yet ("kubesim up" creates one)');
  }
  lines.push(`Home:     ${home.root}`);
  if (cluster) lines.push(`Log:      ${home.daemonLogPath}`);
  if (state.state === 'running' && state.address) lines.push(`Address:  ${state.address.url}`);
  deps.out.write(`${lines.join('\n')}\n`);
  if (!cluster) return;

  const nodes = await withClient(deps, async (client) => (await client.resource(Nodes).list()).items);
  const known = new Set(cluster.nodes.map((n) => n.name));
  const shown = nodes.filter((n: KubeObject) => known.has(n.metadata.name!));
  if (shown.length) deps.out.write(`\n${renderTable(toTable({ group: '', kind: 'Node' }, shown, deps.now()))}`);
  const notRegistered = cluster.nodes.filter((n) => !nodes.some((x) => x.metadata.name === n.name)).map((n) => n.name);
  if (notRegistered.length) deps.out.write(`\nNot registered yet: ${notRegistered.join(', ')}\n`);
  const stopped = status?.nodes.filter((n) => !n.running).map((n) => n.name) ?? [];
  if (stopped.length) deps.out.write(`\nStopped nodes (a simulated failure; "kubesim node start NAME" brings one back): ${stopped.join(', ')}\n`);
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('status')
    .description("Show whether the cluster runs, where its files are, and its nodes")
    .addHelpText('after', '\nExamples:\n  # The state of the cluster of KUBESIM_HOME\n  kubesim status\n')
    .action(async () => run(deps));
}
