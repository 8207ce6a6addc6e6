/**
 * `kubesim node`: the simulated machines. `path` prints a node's folder (its filesystem); `add` and `remove` change the
 * cluster (through the running daemon, or in cluster.yaml when it is stopped); `stop` and `start` simulate a node
 * failure and its recovery in the running cluster.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { validateLabels } from '../../api/name-validation.js';
import { parseTaintSpec } from '../../cluster/cluster-config.js';
import { readClusterState, writeClusterState } from '../../cluster/cluster-state.js';
import { controlRequest, ControlRequestError } from '../../cluster/control-client.js';
import { deleteNodeObjects, DaemonRequestError, newNodeConfig, type AddNodeRequest } from '../../cluster/node-changes.js';
import { daemonState } from '../../cluster/daemon-process.js';
import { homeDir, kubesimHome, type KubesimHome } from '../../cluster/home.js';
import { ensureNodeFolder, nodeDir, removeNodeFolder } from '../../cluster/node-folders.js';
import type { ClusterConfig, NodeConfig } from '../../cluster/cluster-config.js';
import type { CliDeps } from '../context.js';
import { withClient } from '../context.js';
import { CliError } from '../errors.js';

export interface AddOptions {
  labels?: string;
  taints?: string;
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  role?: string;
}

const homeOf = (deps: CliDeps) => kubesimHome(homeDir(deps.env));

function requireCluster(home: KubesimHome): ClusterConfig {
  const cluster = readClusterState(home);
  if (!cluster) throw new CliError(`error: there is no cluster in ${home.root} yet; "kubesim up" creates one`);
  return cluster;
}

function requireNode(home: KubesimHome, cluster: ClusterConfig, name: string): NodeConfig {
  const node = cluster.nodes.find((n) => n.name === name);
  if (!node) throw new CliError(`error: node "${name}" not found in the cluster in ${home.root} (nodes: ${cluster.nodes.map((n) => n.name).join(', ')})`);
  return node;
}

/** The running daemon's address, or undefined when the cluster is not running. */
function runningDaemon(home: KubesimHome) {
  const state = daemonState(home);
  if (state.state !== 'running') return undefined;
  if (!state.address) throw new CliError(`error: the cluster in ${home.root} is still starting; try again in a moment`);
  return state.address;
}

async function ask(home: KubesimHome, method: string, path: string, body?: unknown): Promise<unknown> {
  const address = runningDaemon(home)!;
  try {
    return await controlRequest(address, method, path, body);
  } catch (e) {
    if (e instanceof ControlRequestError) throw new CliError(`error: ${e.message}`);
    throw new CliError(`error: could not reach the cluster's daemon at ${address.url}: ${(e as Error).message}`);
  }
}

export async function path(name: string, deps: CliDeps): Promise<void> {
  const home = homeOf(deps);
  const cluster = requireCluster(home);
  requireNode(home, cluster, name);
  deps.out.write(`${nodeDir(home, name)}\n`);
}

/** kubectl's `k=v,k2=v2` label list. */
function parseLabels(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const labels: Record<string, string> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new CliError(`error: invalid label "${part}": expected key=value`);
    labels[part.slice(0, i)] = part.slice(i + 1);
  }
  const errs = validateLabels(labels, 'labels');
  if (errs.length) throw new CliError(`error: invalid labels: ${errs.map(String).join(', ')}`);
  return labels;
}

function parseTaints(text: string | undefined): unknown[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .filter(Boolean)
    .map((spec) => {
      const t = parseTaintSpec(spec);
      if (!t) throw new CliError(`error: invalid taint spec: ${spec}`);
      return t;
    });
}

export async function add(name: string, opts: AddOptions, deps: CliDeps): Promise<void> {
  const home = homeOf(deps);
  const cluster = requireCluster(home);
  const capacity: Record<string, string> = {};
  if (opts.cpu !== undefined) capacity.cpu = opts.cpu;
  if (opts.memory !== undefined) capacity.memory = opts.memory;
  if (opts.pods !== undefined) capacity.pods = opts.pods;
  if (opts.ephemeralStorage !== undefined) capacity['ephemeral-storage'] = opts.ephemeralStorage;
  if (opts.role !== undefined && opts.role !== 'worker' && opts.role !== 'control-plane') throw new CliError(`error: --role must be "worker" or "control-plane", not "${opts.role}"`);
  const req: AddNodeRequest = {
    name,
    role: opts.role as AddNodeRequest['role'],
    labels: parseLabels(opts.labels),
    taints: parseTaints(opts.taints),
    capacity: Object.keys(capacity).length ? capacity : undefined,
  };
  if (runningDaemon(home)) {
    await ask(home, 'POST', '/nodes', req);
    deps.out.write(`node/${name} added\n`);
    return;
  }
  let node: NodeConfig;
  try {
    node = newNodeConfig(cluster, req);
  } catch (e) {
    if (e instanceof DaemonRequestError) throw new CliError(`error: ${e.message}`);
    throw e;
  }
  const next = { ...cluster, nodes: [...cluster.nodes, node] };
  writeClusterState(home, next);
  ensureNodeFolder(home, next, node);
  deps.out.write(`node/${name} added (it registers when the cluster starts: "kubesim up")\n`);
}

export async function remove(name: string, deps: CliDeps): Promise<void> {
  const home = homeOf(deps);
  const cluster = requireCluster(home);
  const node = requireNode(home, cluster, name);
  if (runningDaemon(home)) {
    await ask(home, 'DELETE', `/nodes/${encodeURIComponent(name)}`);
    deps.out.write(`node/${name} removed\n`);
    return;
  }
  if (node.role === 'control-plane' && cluster.nodes.filter((n) => n.role === 'control-plane').length === 1) {
    throw new CliError(`error: node "${name}" is the cluster's only control-plane node and cannot be removed`);
  }
  await withClient(deps, (client) => deleteNodeObjects(client, name));
  writeClusterState(home, { ...cluster, nodes: cluster.nodes.filter((n) => n.name !== name) });
  if (existsSync(nodeDir(home, name))) removeNodeFolder(home, name);
  deps.out.write(`node/${name} removed\n`);
}

async function power(name: string, action: 'stop' | 'start', deps: CliDeps): Promise<void> {
  const home = homeOf(deps);
  const cluster = requireCluster(home);
  requireNode(home, cluster, name);
  if (!runningDaemon(home)) throw new CliError(`error: the cluster in ${home.root} is not running; start it with "kubesim up"`);
  await ask(home, 'POST', `/nodes/${encodeURIComponent(name)}/${action}`);
  deps.out.write(`node/${name} ${action === 'stop' ? 'stopped' : 'started'}\n`);
}

export function register(program: Command, deps: CliDeps): void {
  const node = program
    .command('node')
    .description("Manage the cluster's simulated machines (add, remove, stop, start, path)")
    .addHelpText('after', '\nExamples:\n  # Add a worker, then simulate its failure\n  kubesim node add node03\n  kubesim node stop node03\n\n  # Where node01 keeps its files\n  kubesim node path node01\n');
  node
    .command('path')
    .description("Print the folder that holds a node's filesystem (static pod manifests, kubelet config, logs)")
    .argument('<node>')
    .addHelpText('after', '\nExamples:\n  # Where controlplane keeps its static pod manifests\n  ls "$(kubesim node path controlplane)/etc/kubernetes/manifests"\n')
    .action(async (name: string) => path(name, deps));
  node
    .command('add')
    .description('Add a node to the cluster')
    .argument('<node>')
    .option('--labels <labels>', 'Labels the kubelet registers the node with: key=value,...')
    .option('--taints <taints>', 'Taints the kubelet registers the node with: key=value:Effect,...')
    .option('--cpu <cpu>', 'CPU capacity (default 2)')
    .option('--memory <memory>', 'Memory capacity (default 4025224Ki)')
    .option('--pods <pods>', 'Pod capacity (default 110)')
    .option('--ephemeral-storage <size>', 'Ephemeral storage capacity (default 20134592Ki)')
    .option('--role <role>', 'worker (default) or control-plane')
    .addHelpText('after', '\nExamples:\n  # A worker with a GPU label and more memory\n  kubesim node add node03 --labels gpu=true --memory 8Gi\n\n  # A dedicated node\n  kubesim node add node04 --taints dedicated=db:NoSchedule\n')
    .action(async (name: string, opts: AddOptions) => add(name, opts, deps));
  node
    .command('remove')
    .description('Remove a node from the cluster (its Node, Lease and folder)')
    .argument('<node>')
    .addHelpText('after', '\nExamples:\n  # Remove node02 and its folder\n  kubesim node remove node02\n')
    .action(async (name: string) => remove(name, deps));
  node
    .command('stop')
    .description('Simulate a node failure: its kubelet stops posting status and renewing its lease')
    .argument('<node>')
    .addHelpText('after', '\nExamples:\n  # node01 turns NotReady after the grace period, then its pods are evicted\n  kubesim node stop node01\n')
    .action(async (name: string) => power(name, 'stop', deps));
  node
    .command('start')
    .description('Bring a stopped node back')
    .argument('<node>')
    .addHelpText('after', '\nExamples:\n  # node01 posts its status again, turns Ready, and its taints go\n  kubesim node start node01\n')
    .action(async (name: string) => power(name, 'start', deps));
}
