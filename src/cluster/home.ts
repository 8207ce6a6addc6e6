/** Where a cluster lives: KUBESIM_HOME (default ~/.kubesim), created owner-only. A second cluster is another folder. */
import { mkdirSync, chmodSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface KubesimHome {
  root: string;
  /** The etcd-like store. */
  storePath: string;
  /** kubectl's kubeconfig for this cluster; also holds kubesim's current namespace. */
  kubeconfigPath: string;
  /** Per-node folders (the nodes' filesystems). */
  nodesDir: string;
  logsDir: string;
  /** The cluster's topology and settings (written by the first `kubesim up`): its presence means the cluster exists. */
  clusterConfigPath: string;
  /** The running daemon's pid (absent when it is not running, stale after a crash). */
  pidPath: string;
  /** Where the running daemon listens for the CLI's lifecycle requests: `{"url": ..., "token": ...}`, owner-only. */
  addressPath: string;
  /** The daemon's log (klog lines of every component). */
  daemonLogPath: string;
}

export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.KUBESIM_HOME || join(homedir(), '.kubesim'));
}

export function kubesimHome(root: string = homeDir()): KubesimHome {
  return {
    root,
    storePath: join(root, 'state.db'),
    kubeconfigPath: join(root, 'kubeconfig'),
    nodesDir: join(root, 'nodes'),
    logsDir: join(root, 'logs'),
    clusterConfigPath: join(root, 'cluster.yaml'),
    pidPath: join(root, 'daemon.pid'),
    addressPath: join(root, 'daemon.address'),
    daemonLogPath: join(root, 'logs', 'daemon.log'),
  };
}

/** Creates the folder (mode 0700) if missing and returns its layout. */
export function ensureHome(root: string = homeDir()): KubesimHome {
  const home = kubesimHome(root);
  if (!existsSync(root)) mkdirSync(root, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700);
  return home;
}
