/** What every command gets from main: output streams, the clock, the cluster, the namespace rules. */
import type { Client } from '../client/client.js';
import { currentNamespace, readKubeconfig } from '../cluster/kubeconfig.js';
import { kubesimHome } from '../cluster/home.js';
import type { OpenCluster } from '../cluster/open-cluster.js';

export interface Output {
  write(text: string): void;
  /** Set when the stream is a terminal (help wraps to its width; colour is allowed, see color.ts). */
  isTTY?: boolean;
  columns?: number;
}

export interface CliDeps {
  out: Output;
  err: Output;
  env: NodeJS.ProcessEnv;
  now(): Date;
  stdin(): string;
  openCluster(): Promise<OpenCluster>;
}

/** The global flags kubectl accepts on every command. */
export interface GlobalOptions {
  namespace?: string;
  v?: string;
}

/** The namespace a command works in: -n, else the current context's, else `default`. */
export function namespaceOf(global: GlobalOptions, deps: CliDeps): string {
  if (global.namespace) return global.namespace;
  const home = kubesimHome(deps.env.KUBESIM_HOME ? deps.env.KUBESIM_HOME : undefined);
  return currentNamespace(readKubeconfig(home.kubeconfigPath));
}

/** Runs fn with an open cluster and closes it afterwards, whatever happens. */
export async function withClient<T>(deps: CliDeps, fn: (client: Client) => Promise<T>): Promise<T> {
  const cluster = await deps.openCluster();
  try {
    return await fn(cluster.client);
  } finally {
    await cluster.close();
  }
}
