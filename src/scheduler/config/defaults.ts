/** kube-scheduler v1.32's defaults (pkg/scheduler/apis/config/v1 default_plugins.go and defaults.go), so an empty config file means the stock scheduler. */
import {
  DefaultPercentageOfNodesToScore, DefaultSchedulerName, ExtensionPoints, SchedulerConfigGroupVersion,
  SchedulerDefaultLockObjectName, SchedulerDefaultLockObjectNamespace,
  type DefaultPreemptionArgs, type InterPodAffinityArgs, type KubeSchedulerConfiguration, type KubeSchedulerProfile,
  type NodeAffinityArgs, type NodeResourcesBalancedAllocationArgs, type NodeResourcesFitArgs, type Plugin,
  type PluginArgs, type PluginConfig, type Plugins, type PluginSet, type PodTopologySpreadArgs, type ResourceSpec,
  type VolumeBindingArgs,
} from './types.js';

export { expandProfilePlugins } from './expand-profile-plugins.js';

const defaultResourceSpec = (): ResourceSpec[] => [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

export function emptyPluginSet(): PluginSet {
  return { enabled: [], disabled: [] };
}

export function emptyPlugins(): Plugins {
  const p = { multiPoint: emptyPluginSet() } as Plugins;
  for (const e of ExtensionPoints) p[e] = emptyPluginSet();
  return p;
}

/** Upstream getDefaultPlugins: everything through MultiPoint (feature gates at their 1.32 defaults: no DynamicResources). */
export function getDefaultPlugins(): Plugins {
  const plugins = emptyPlugins();
  plugins.multiPoint.enabled = [
    { name: 'SchedulingGates' },
    { name: 'PrioritySort' },
    { name: 'NodeUnschedulable' },
    { name: 'NodeName' },
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeAffinity', weight: 2 },
    { name: 'NodePorts' },
    { name: 'NodeResourcesFit', weight: 1 },
    { name: 'VolumeRestrictions' },
    { name: 'NodeVolumeLimits' },
    { name: 'VolumeBinding' },
    { name: 'VolumeZone' },
    { name: 'PodTopologySpread', weight: 2 },
    { name: 'InterPodAffinity', weight: 2 },
    { name: 'DefaultPreemption' },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
    { name: 'ImageLocality', weight: 1 },
    { name: 'DefaultBinder' },
  ];
  return plugins;
}

/** Upstream mergePluginSet: custom enabled plugins replace defaults in place, the rest are appended; "*" disables every default. */
export function mergePluginSet(defaults: PluginSet, custom: PluginSet | undefined): PluginSet {
  if (!custom) return { enabled: [...defaults.enabled], disabled: [...defaults.disabled] };
  const disabled: Plugin[] = [];
  const disabledNames = new Set<string>();
  for (const d of custom.disabled ?? []) {
    disabled.push({ name: d.name });
    disabledNames.add(d.name);
  }
  for (const d of defaults.disabled) {
    disabled.push({ name: d.name });
    disabledNames.add(d.name);
  }
  const customByName = new Map<string, { index: number; plugin: Plugin }>();
  (custom.enabled ?? []).forEach((plugin, index) => customByName.set(plugin.name, { index, plugin }));
  const replaced = new Set<number>();
  const enabled: Plugin[] = [];
  if (!disabledNames.has('*')) {
    for (const def of defaults.enabled) {
      if (disabledNames.has(def.name)) continue;
      const c = customByName.get(def.name);
      if (c) {
        replaced.add(c.index);
        enabled.push({ ...c.plugin });
      } else {
        enabled.push({ ...def });
      }
    }
  }
  (custom.enabled ?? []).forEach((plugin, index) => {
    if (!replaced.has(index)) enabled.push({ ...plugin });
  });
  return { enabled, disabled };
}

/** Upstream mergePlugins over every extension point and multiPoint. */
export function mergePlugins(defaults: Plugins, custom: Partial<Plugins> | undefined): Plugins {
  if (!custom) return defaults;
  const out = { multiPoint: mergePluginSet(defaults.multiPoint, custom.multiPoint) } as Plugins;
  for (const e of ExtensionPoints) out[e] = mergePluginSet(defaults[e], custom[e]);
  return out;
}

/** Plugins with a registered `<Name>Args` kind, and their defaulting (upstream SetDefaults_*Args). */
export const argsDefaulters: Record<string, (args: Record<string, unknown>) => PluginArgs> = {
  DefaultPreemption: (a): DefaultPreemptionArgs => ({
    ...a,
    minCandidateNodesPercentage: (a.minCandidateNodesPercentage as number | undefined) ?? 10,
    minCandidateNodesAbsolute: (a.minCandidateNodesAbsolute as number | undefined) ?? 100,
  }),
  InterPodAffinity: (a): InterPodAffinityArgs => ({
    ...a,
    hardPodAffinityWeight: (a.hardPodAffinityWeight as number | undefined) ?? 1,
  }),
  NodeAffinity: (a): NodeAffinityArgs => ({ ...a }),
  NodeResourcesBalancedAllocation: (a): NodeResourcesBalancedAllocationArgs => {
    const resources = a.resources as ResourceSpec[] | undefined;
    return {
      ...a,
      resources: resources && resources.length > 0
        ? resources.map((r) => ({ ...r, weight: r.weight || 1 }))
        : defaultResourceSpec(),
    };
  },
  NodeResourcesFit: (a): NodeResourcesFitArgs => {
    const s = a.scoringStrategy as NodeResourcesFitArgs['scoringStrategy'] | undefined;
    const strategy = s ? { ...s } : { type: 'LeastAllocated' as const, resources: defaultResourceSpec() };
    if (!strategy.resources || strategy.resources.length === 0) strategy.resources = defaultResourceSpec();
    strategy.resources = strategy.resources.map((r) => ({ ...r, weight: r.weight || 1 }));
    return { ...a, scoringStrategy: strategy };
  },
  PodTopologySpread: (a): PodTopologySpreadArgs => ({
    ...a,
    defaultingType: (a.defaultingType as PodTopologySpreadArgs['defaultingType'] | undefined) || 'System',
  }),
  VolumeBinding: (a): VolumeBindingArgs => ({
    ...a,
    bindTimeoutSeconds: (a.bindTimeoutSeconds as number | undefined) ?? 600,
  }),
};

/** Upstream pluginsNames: every enabled plugin of the profile, sorted. */
function pluginsNames(p: Plugins): string[] {
  const names = new Set<string>();
  for (const set of [p.multiPoint, ...ExtensionPoints.map((e) => p[e])]) for (const pl of set.enabled) names.add(pl.name);
  return [...names].sort();
}

/** Upstream setDefaults_KubeSchedulerProfile: merged plugins, defaulted args, default args appended for enabled in-tree plugins. */
export function setDefaultsProfile(
  profile: { schedulerName?: string; percentageOfNodesToScore?: number; plugins?: Partial<Plugins>; pluginConfig?: Array<{ name: string; args?: Record<string, unknown> }> },
): KubeSchedulerProfile {
  const plugins = mergePlugins(getDefaultPlugins(), profile.plugins);
  const pluginConfig: PluginConfig[] = [];
  const existing = new Set<string>();
  for (const pc of profile.pluginConfig ?? []) {
    existing.add(pc.name);
    const defaulter = argsDefaulters[pc.name];
    const args = (pc.args ?? {}) as Record<string, unknown>;
    pluginConfig.push({ name: pc.name, args: defaulter ? defaulter(args) : args });
  }
  for (const name of pluginsNames(plugins)) {
    if (existing.has(name)) continue;
    const defaulter = argsDefaulters[name];
    if (!defaulter) continue;
    pluginConfig.push({ name, args: { kind: `${name}Args`, apiVersion: SchedulerConfigGroupVersion, ...defaulter({}) } as PluginArgs });
  }
  const out: KubeSchedulerProfile = { schedulerName: profile.schedulerName ?? '', plugins, pluginConfig };
  if (profile.percentageOfNodesToScore !== undefined) out.percentageOfNodesToScore = profile.percentageOfNodesToScore;
  return out;
}

/** The configuration kube-scheduler v1.32 runs with when given no file (or an empty KubeSchedulerConfiguration). */
export function defaultConfiguration(): KubeSchedulerConfiguration {
  return {
    apiVersion: SchedulerConfigGroupVersion,
    kind: 'KubeSchedulerConfiguration',
    parallelism: 16,
    leaderElection: {
      leaderElect: true,
      leaseDuration: '15s',
      renewDeadline: '10s',
      retryPeriod: '2s',
      resourceLock: 'leases',
      resourceName: SchedulerDefaultLockObjectName,
      resourceNamespace: SchedulerDefaultLockObjectNamespace,
    },
    clientConnection: { kubeconfig: '', acceptContentTypes: '', contentType: 'application/vnd.kubernetes.protobuf', qps: 50, burst: 100 },
    enableProfiling: true,
    enableContentionProfiling: true,
    percentageOfNodesToScore: DefaultPercentageOfNodesToScore,
    podInitialBackoffSeconds: 1,
    podMaxBackoffSeconds: 10,
    profiles: [setDefaultsProfile({ schedulerName: DefaultSchedulerName })],
    extenders: [],
    delayCacheUntilActive: false,
  };
}

/** The args of one plugin in a profile (defaulted), as the runtime hands them to the plugin's factory. */
export function pluginArgs(profile: KubeSchedulerProfile, name: string): PluginArgs | undefined {
  return profile.pluginConfig.find((pc) => pc.name === name)?.args;
}
