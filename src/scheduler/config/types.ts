/** KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1, as kube-scheduler v1.32 reads it), after defaulting. */

export const SchedulerConfigGroupVersion = 'kubescheduler.config.k8s.io/v1';
export const DefaultSchedulerName = 'default-scheduler';
/** Upstream SchedulerDefaultLockObjectNamespace / SchedulerDefaultLockObjectName. */
export const SchedulerDefaultLockObjectNamespace = 'kube-system';
export const SchedulerDefaultLockObjectName = 'kube-scheduler';
/** Upstream config.DefaultPercentageOfNodesToScore: 0 means "adaptive" (5%..50% by cluster size). */
export const DefaultPercentageOfNodesToScore = 0;

/** A plugin and, for Score, its weight (upstream v1.Plugin; weight is a *int32, absent == unset). */
export interface Plugin {
  name: string;
  weight?: number;
}

/** Enabled and disabled plugins of one extension point (upstream v1.PluginSet). */
export interface PluginSet {
  enabled: Plugin[];
  disabled: Plugin[];
}

/** The extension points of a profile's `plugins` (JSON names), in upstream's Plugins field order. */
export const ExtensionPoints = [
  'preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score',
  'reserve', 'permit', 'preBind', 'bind', 'postBind',
] as const;
export type ExtensionPoint = (typeof ExtensionPoints)[number];

/** Upstream v1.Plugins: one PluginSet per extension point plus multiPoint. */
export type Plugins = Record<ExtensionPoint | 'multiPoint', PluginSet>;

/** A plugin's args (upstream runtime.RawExtension decoded into `<Plugin>Args` when the plugin is in-tree). */
export interface PluginConfig {
  name: string;
  args: PluginArgs;
}

export interface KubeSchedulerProfile {
  schedulerName: string;
  /** Absent: the configuration-level value is used. */
  percentageOfNodesToScore?: number;
  plugins: Plugins;
  pluginConfig: PluginConfig[];
}

/** component-base LeaderElectionConfiguration (durations as Go duration strings, e.g. "15s"). */
export interface LeaderElectionConfiguration {
  leaderElect: boolean;
  leaseDuration: string;
  renewDeadline: string;
  retryPeriod: string;
  resourceLock: string;
  resourceName: string;
  resourceNamespace: string;
}

export interface ClientConnectionConfiguration {
  kubeconfig: string;
  acceptContentTypes: string;
  contentType: string;
  qps: number;
  burst: number;
}

export interface Extender {
  urlPrefix: string;
  filterVerb?: string;
  preemptVerb?: string;
  prioritizeVerb?: string;
  weight?: number;
  bindVerb?: string;
  enableHTTPS?: boolean;
  tlsConfig?: Record<string, unknown>;
  httpTimeout?: string;
  nodeCacheCapable?: boolean;
  managedResources?: Array<{ name: string; ignoredByScheduler?: boolean }>;
  ignorable?: boolean;
}

export interface KubeSchedulerConfiguration {
  apiVersion: typeof SchedulerConfigGroupVersion;
  kind: 'KubeSchedulerConfiguration';
  parallelism: number;
  leaderElection: LeaderElectionConfiguration;
  clientConnection: ClientConnectionConfiguration;
  enableProfiling: boolean;
  enableContentionProfiling: boolean;
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  profiles: KubeSchedulerProfile[];
  extenders: Extender[];
  delayCacheUntilActive: boolean;
}

// ---- plugin args (upstream kubescheduler.config.k8s.io/v1 *Args types) ----

export interface ResourceSpec { name: string; weight: number }
export interface UtilizationShapePoint { utilization: number; score: number }
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
export interface ScoringStrategy {
  type: ScoringStrategyType;
  resources: ResourceSpec[];
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}
export interface NodeResourcesFitArgs {
  kind?: 'NodeResourcesFitArgs'; apiVersion?: string;
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy: ScoringStrategy;
}
export interface NodeResourcesBalancedAllocationArgs {
  kind?: 'NodeResourcesBalancedAllocationArgs'; apiVersion?: string;
  resources: ResourceSpec[];
}
export interface InterPodAffinityArgs {
  kind?: 'InterPodAffinityArgs'; apiVersion?: string;
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}
export type PodTopologySpreadConstraintsDefaulting = 'System' | 'List';
export interface PodTopologySpreadArgs {
  kind?: 'PodTopologySpreadArgs'; apiVersion?: string;
  /** core/v1 TopologySpreadConstraint objects (only with defaultingType List). */
  defaultConstraints?: Array<{ maxSkew: number; topologyKey: string; whenUnsatisfiable: string; labelSelector?: unknown }>;
  defaultingType: PodTopologySpreadConstraintsDefaulting;
}
export interface DefaultPreemptionArgs {
  kind?: 'DefaultPreemptionArgs'; apiVersion?: string;
  minCandidateNodesPercentage: number;
  minCandidateNodesAbsolute: number;
}
export interface VolumeBindingArgs {
  kind?: 'VolumeBindingArgs'; apiVersion?: string;
  bindTimeoutSeconds: number;
  shape?: UtilizationShapePoint[];
}
export interface NodeAffinityArgs {
  kind?: 'NodeAffinityArgs'; apiVersion?: string;
  /** core/v1 NodeAffinity added to every pod of this profile. */
  addedAffinity?: Record<string, unknown>;
}

/** In-tree args by plugin name; an out-of-tree plugin's args stay a plain object. */
export interface PluginArgsByName {
  NodeResourcesFit: NodeResourcesFitArgs;
  NodeResourcesBalancedAllocation: NodeResourcesBalancedAllocationArgs;
  InterPodAffinity: InterPodAffinityArgs;
  PodTopologySpread: PodTopologySpreadArgs;
  DefaultPreemption: DefaultPreemptionArgs;
  VolumeBinding: VolumeBindingArgs;
  NodeAffinity: NodeAffinityArgs;
}
export type PluginArgs = PluginArgsByName[keyof PluginArgsByName] | Record<string, unknown>;
