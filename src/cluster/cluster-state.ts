/**
 * KUBESIM_HOME/cluster.yaml: the cluster's configuration as the first `up` settled it. Its presence means the
 * cluster exists; `node add` and `node remove` change it (through the daemon while it runs, directly otherwise).
 */
import { existsSync, readFileSync } from 'node:fs';
import { ClusterConfigError, formatClusterConfig, parseClusterConfig, type ClusterConfig } from './cluster-config.js';
import type { KubesimHome } from './home.js';
import { writeAtomic } from './node-folders.js';

export function clusterExists(home: KubesimHome): boolean {
  return existsSync(home.clusterConfigPath);
}

/** The stored configuration, or undefined when the cluster was never started. */
export function readClusterState(home: KubesimHome): ClusterConfig | undefined {
  if (!existsSync(home.clusterConfigPath)) return undefined;
  try {
    return parseClusterConfig(readFileSync(home.clusterConfigPath, 'utf8'), home.clusterConfigPath);
  } catch (e) {
    if (e instanceof ClusterConfigError) throw new Error(`the cluster's configuration is damaged: ${e.message}`);
    throw e;
  }
}

export function writeClusterState(home: KubesimHome, config: ClusterConfig): void {
  writeAtomic(home.clusterConfigPath, formatClusterConfig(config));
}
