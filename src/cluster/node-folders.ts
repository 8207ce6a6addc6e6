/**
 * Each simulated node's filesystem: KUBESIM_HOME/nodes/<node>/ with etc/kubernetes/manifests (the static pod folder),
 * var/lib/kubelet/config.yaml (the KubeletConfiguration kubeadm writes, whose staticPodPath the kubelet honours) and
 * var/log/pods (container logs). Created owner-only when a node is added; the kubelet reads its config file at start.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dump, load } from 'js-yaml';
import type { NodeAgentConfig } from '../kubelet/node-agent.js';
import type { KubesimHome } from './home.js';
import { durationMs, type ClusterConfig, type NodeConfig } from './cluster-config.js';

export const StaticPodPath = '/etc/kubernetes/manifests';
export const KubeletConfigFile = 'var/lib/kubelet/config.yaml';

export function nodeDir(home: KubesimHome, nodeName: string): string {
  return join(home.nodesDir, nodeName);
}

/** The KubeletConfiguration kubeadm v1.32 writes to /var/lib/kubelet/config.yaml, with this cluster's settings. */
export function kubeletConfiguration(cluster: ClusterConfig, node: NodeConfig): Record<string, unknown> {
  const k = cluster.kubelet;
  const doc: Record<string, unknown> = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    authentication: { anonymous: { enabled: false }, webhook: { cacheTTL: '0s', enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } },
    authorization: { mode: 'Webhook', webhook: { cacheAuthorizedTTL: '0s', cacheUnauthorizedTTL: '0s' } },
    cgroupDriver: 'systemd',
    clusterDNS: ['10.96.0.10'],
    clusterDomain: 'cluster.local',
    containerRuntimeEndpoint: '',
    cpuManagerReconcilePeriod: '0s',
    crashLoopBackOff: {},
    evictionPressureTransitionPeriod: '0s',
    fileCheckFrequency: k.fileCheckFrequency,
    healthzBindAddress: '127.0.0.1',
    healthzPort: 10248,
    httpCheckFrequency: '0s',
    imageMaximumGCAge: '0s',
    imageMinimumGCAge: '0s',
    kind: 'KubeletConfiguration',
    logging: { flushFrequency: 0, options: { json: { infoBufferSize: '0' }, text: { infoBufferSize: '0' } }, verbosity: 0 },
    memorySwap: {},
    nodeLeaseDurationSeconds: k.nodeLeaseDurationSeconds,
    nodeStatusReportFrequency: k.nodeStatusReportFrequency,
    nodeStatusUpdateFrequency: k.nodeStatusUpdateFrequency,
    resolvConf: '/run/systemd/resolve/resolv.conf',
    rotateCertificates: true,
    runtimeRequestTimeout: '0s',
    shutdownGracePeriod: '0s',
    shutdownGracePeriodCriticalPods: '0s',
    staticPodPath: StaticPodPath,
    streamingConnectionIdleTimeout: '0s',
    syncFrequency: '0s',
    volumeStatsAggPeriod: '0s',
  };
  const kubeReserved = { ...k.kubeReserved, ...(node.kubeReserved ?? {}) };
  const systemReserved = { ...k.systemReserved, ...(node.systemReserved ?? {}) };
  const evictionHard = { ...k.evictionHard, ...(node.evictionHard ?? {}) };
  if (Object.keys(evictionHard).length) doc.evictionHard = evictionHard;
  if (Object.keys(kubeReserved).length) doc.kubeReserved = kubeReserved;
  if (Object.keys(systemReserved).length) doc.systemReserved = systemReserved;
  return Object.fromEntries(Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Creates the node's folders and kubelet config (kept when they exist: a learner may have edited them). */
export function ensureNodeFolder(home: KubesimHome, cluster: ClusterConfig, node: NodeConfig): string {
  const dir = nodeDir(home, node.name);
  if (!existsSync(home.nodesDir)) mkdirSync(home.nodesDir, { recursive: true, mode: 0o700 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  // run: every Linux node has /run, where kube-proxy's xtables.lock hostPath (FileOrCreate) is created.
  for (const sub of ['etc/kubernetes/manifests', 'var/lib/kubelet', 'var/log/pods', 'run']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  const configPath = join(dir, KubeletConfigFile);
  if (!existsSync(configPath)) writeAtomic(configPath, dump(kubeletConfiguration(cluster, node), { lineWidth: -1 }));
  return dir;
}

export function removeNodeFolder(home: KubesimHome, nodeName: string): void {
  rmSync(nodeDir(home, nodeName), { recursive: true, force: true });
}

/**
 * The node agent's settings from the node's KubeletConfiguration, as the kubelet reads them at start: unset or
 * zero durations take the kubelet's defaults; a file that cannot be read falls back to the cluster's settings.
 */
export function readNodeAgentConfig(home: KubesimHome, cluster: ClusterConfig, node: NodeConfig): Partial<NodeAgentConfig> {
  let doc: Record<string, unknown>;
  try {
    doc = (load(readFileSync(join(nodeDir(home, node.name), KubeletConfigFile), 'utf8')) ?? {}) as Record<string, unknown>;
  } catch {
    doc = kubeletConfiguration(cluster, node);
  }
  const ms = (v: unknown) => {
    if (typeof v !== 'string') return undefined;
    try {
      const d = durationMs(v);
      return d > 0 ? d : undefined;
    } catch {
      return undefined;
    }
  };
  const map = (v: unknown) => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined);
  const out: Partial<NodeAgentConfig> = {
    nodeStatusUpdateFrequencyMs: ms(doc.nodeStatusUpdateFrequency),
    nodeStatusReportFrequencyMs: ms(doc.nodeStatusReportFrequency),
    nodeLeaseDurationSeconds: typeof doc.nodeLeaseDurationSeconds === 'number' && doc.nodeLeaseDurationSeconds > 0 ? doc.nodeLeaseDurationSeconds : undefined,
    kubeReserved: map(doc.kubeReserved),
    systemReserved: map(doc.systemReserved),
  };
  // As the kubelet: a configured evictionHard replaces the defaults entirely.
  const evictionHard = map(doc.evictionHard);
  if (evictionHard) out.evictionHard = evictionHard;
  return out;
}

/** Manifest files of a node's static pod folder that kubesim writes on a cluster's first start. */
export function writeStaticPodManifests(dir: string, manifests: Array<{ file: string; text: string }>): void {
  const folder = join(dir, 'etc/kubernetes/manifests');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (const m of manifests) if (!existsSync(join(folder, m.file))) writeAtomic(join(folder, m.file), m.text, 0o600);
}

/** Names of the node folders present on disk. */
export function nodeFolders(home: KubesimHome): string[] {
  return existsSync(home.nodesDir) ? readdirSync(home.nodesDir).sort() : [];
}

/** Writes through a hidden temporary file and a rename (the kubelet's file source skips dot files). */
export function writeAtomic(path: string, text: string, mode = 0o600): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, path);
}
