/** The simulated kubelet's timings and settings; every period is configurable so tests can shorten them. */

export interface KubeletConfig {
  /** Pulling an image the node does not have takes pullBaseMs + size / pullBytesPerSecond. */
  imagePullBaseMs: number;
  imagePullBytesPerSecond: number;
  /** A pull of an image the node has (imagePullPolicy: Always asks the registry again). */
  imageRepullMs: number;
  /** Creating the pod sandbox (network namespace, pod IP) before the first container. */
  sandboxCreateMs: number;
  /** The crash-loop back-off: first delay and cap (kubelet: 10 s doubling to 5 min). */
  containerBackOffInitialMs: number;
  containerBackOffMaxMs: number;
  /** The image pull back-off (same defaults). */
  imageBackOffInitialMs: number;
  imageBackOffMaxMs: number;
  /** How soon a pod worker whose sync failed (back-off, pull error) syncs again (the pod workers' backOffPeriod). */
  errorResyncMs: number;
  /** How soon the runtime's state change is noticed (PLEG relist), e.g. ErrImagePull turning into ImagePullBackOff. */
  relistMs: number;
  /** Every pod is synced again this often (syncFrequency): refreshes configMap and secret volumes. */
  resyncMs: number;
  /** Volume mount retries: first delay and cap. */
  volumeRetryInitialMs: number;
  volumeRetryMaxMs: number;
  /** kube-dns's Service address and the cluster domain, for /etc/resolv.conf. */
  clusterDNS: string[];
  clusterDomain: string;
  /** Image catalogs overriding the shipped one (e.g. KUBESIM_HOME/images.yaml); missing files are skipped. */
  imageCatalogFiles: string[];
  /** Run static pods from the node's staticPodPath. */
  staticPods: boolean;
}

export const defaultKubeletConfig: KubeletConfig = {
  imagePullBaseMs: 400,
  imagePullBytesPerSecond: 80 * 1024 * 1024,
  imageRepullMs: 300,
  sandboxCreateMs: 200,
  containerBackOffInitialMs: 10_000,
  containerBackOffMaxMs: 300_000,
  imageBackOffInitialMs: 10_000,
  imageBackOffMaxMs: 300_000,
  errorResyncMs: 10_000,
  relistMs: 1_000,
  resyncMs: 60_000,
  volumeRetryInitialMs: 500,
  volumeRetryMaxMs: 122_000,
  clusterDNS: ['10.96.0.10'],
  clusterDomain: 'cluster.local',
  imageCatalogFiles: [],
  staticPods: true,
};

export function kubeletConfig(overrides: Partial<KubeletConfig> = {}): KubeletConfig {
  return { ...defaultKubeletConfig, ...overrides };
}
