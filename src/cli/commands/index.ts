/**
 * Every kubesim command, in kubectl's order (cobra's add order, which `Did you mean this?` follows): its name, the
 * group `kubesim --help` lists it in, its one-line description (kubectl's Short), and how to load its module. Only the
 * invoked command's module is imported, so start-up does not pay for the others; to add a command, add one line here.
 */
import type { Command } from 'commander';
import type { CliDeps } from '../context.js';

/** kubectl's groups of `kubectl --help`, plus kubesim's own commands (up, down, ...) in "Cluster Lifecycle Commands". */
export type CommandGroup = 'lifecycle' | 'beginner' | 'intermediate' | 'deploy' | 'cluster' | 'troubleshooting' | 'advanced' | 'settings' | 'other';

/** What a command's module exports. */
export interface CommandModule {
  register(program: Command, deps: CliDeps): void;
}

export interface CommandEntry {
  name: string;
  group: CommandGroup;
  description: string;
  aliases?: string[];
  load: () => Promise<CommandModule>;
}

export const commands: CommandEntry[] = [
  { name: 'up', group: 'lifecycle', description: 'Start the cluster (creating it on first use) and wait until it is ready', load: () => import('./up.js') },
  { name: 'down', group: 'lifecycle', description: 'Stop the cluster; its state is kept and "kubesim up" resumes it', load: () => import('./down.js') },
  { name: 'status', group: 'lifecycle', description: 'Show whether the cluster runs, where its files are, and its nodes', load: () => import('./status.js') },
  { name: 'node', group: 'lifecycle', description: "Manage the cluster's simulated machines (add, remove, stop, start, path)", load: () => import('./node.js') },
  { name: 'reset', group: 'lifecycle', description: 'Delete the cluster (after a confirmation), so that "kubesim up" starts a new one', load: () => import('./reset.js') },
  { name: 'scheduler', group: 'lifecycle', description: "Inspect the scheduler's decisions (explain why a pod is on its node, or Pending)", load: () => import('./scheduler.js') },
  { name: 'create', group: 'beginner', description: 'Create a resource from a file or from stdin', load: () => import('./create.js') },
  { name: 'expose', group: 'beginner', description: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service', load: () => import('./expose.js') },
  { name: 'run', group: 'beginner', description: 'Run a particular image on the cluster', load: () => import('./run.js') },
  { name: 'set', group: 'beginner', description: 'Set specific features on objects', load: () => import('./set.js') },
  { name: 'explain', group: 'intermediate', description: 'Get documentation for a resource', load: () => import('./explain.js') },
  { name: 'get', group: 'intermediate', description: 'Display one or many resources', load: () => import('./get.js') },
  { name: 'edit', group: 'intermediate', description: 'Edit a resource on the server', load: () => import('./edit.js') },
  { name: 'delete', group: 'intermediate', description: 'Delete resources by file names, stdin, resources and names, or by resources and label selector', load: () => import('./delete.js') },
  { name: 'rollout', group: 'deploy', description: 'Manage the rollout of a resource', load: () => import('./rollout.js') },
  { name: 'scale', group: 'deploy', description: 'Set a new size for a deployment, replica set, or replication controller', load: () => import('./scale.js') },
  { name: 'describe', group: 'troubleshooting', description: 'Show details of a specific resource or group of resources', load: () => import('./describe.js') },
  { name: 'logs', group: 'troubleshooting', description: 'Print the logs for a container in a pod', load: () => import('./logs.js') },
  { name: 'exec', group: 'troubleshooting', description: 'Execute a command in a container', load: () => import('./exec.js') },
  { name: 'auth', group: 'troubleshooting', description: 'Inspect authorization', load: () => import('./auth.js') },
  { name: 'apply', group: 'advanced', description: 'Apply a configuration to a resource by file name or stdin', load: () => import('./apply.js') },
  { name: 'label', group: 'settings', description: 'Update the labels on a resource', load: () => import('./label.js') },
  { name: 'annotate', group: 'settings', description: 'Update the annotations on a resource', load: () => import('./annotate.js') },
  { name: 'config', group: 'other', description: 'Modify kubeconfig files', load: () => import('./config.js') },
  { name: 'version', group: 'other', description: 'Print the client and server version information', load: () => import('./version.js') },
  { name: 'api-resources', group: 'other', description: 'Print the supported API resources on the server', load: () => import('./api-resources.js') },
];
