/** The Go structs of kubescheduler.config.k8s.io/v1 (v1.32) as go-struct-decode.ts walks them: which JSON fields exist and their Go types. */
import { bool, bytes, duration, float32, int32, int64, raw, slice, str, struct, type GoType } from './go-struct-decode.js';

const typeMeta = { kind: str, apiVersion: str };

const plugin = struct('v1.Plugin', () => ({ name: str, weight: int32 }));
const pluginSet = struct('v1.PluginSet', () => ({ enabled: slice('[]v1.Plugin', plugin), disabled: slice('[]v1.Plugin', plugin) }));
const plugins = struct('v1.Plugins', () => ({
  preEnqueue: pluginSet, queueSort: pluginSet, preFilter: pluginSet, filter: pluginSet, postFilter: pluginSet,
  preScore: pluginSet, score: pluginSet, reserve: pluginSet, permit: pluginSet, preBind: pluginSet, bind: pluginSet,
  postBind: pluginSet, multiPoint: pluginSet,
}));
const pluginConfig = struct('v1.PluginConfig', () => ({ name: str, args: raw }));
const profile = struct('v1.KubeSchedulerProfile', () => ({
  schedulerName: str,
  percentageOfNodesToScore: int32,
  plugins,
  pluginConfig: slice('[]v1.PluginConfig', pluginConfig),
}));
const leaderElection = struct('v1alpha1.LeaderElectionConfiguration', () => ({
  leaderElect: bool, leaseDuration: duration, renewDeadline: duration, retryPeriod: duration,
  resourceLock: str, resourceName: str, resourceNamespace: str,
}));
const clientConnection = struct('v1alpha1.ClientConnectionConfiguration', () => ({
  kubeconfig: str, acceptContentTypes: str, contentType: str, qps: float32, burst: int32,
}));
const extender = struct('v1.Extender', () => ({
  urlPrefix: str, filterVerb: str, preemptVerb: str, prioritizeVerb: str, weight: int64, bindVerb: str,
  enableHTTPS: bool,
  tlsConfig: struct('v1.ExtenderTLSConfig', () => ({
    insecure: bool, serverName: str, certFile: str, keyFile: str, caFile: str, certData: bytes, keyData: bytes, caData: bytes,
  })),
  httpTimeout: duration, nodeCacheCapable: bool,
  managedResources: slice('[]v1.ExtenderManagedResource', struct('v1.ExtenderManagedResource', () => ({ name: str, ignoredByScheduler: bool }))),
  ignorable: bool,
}));

export const kubeSchedulerConfiguration = struct('v1.KubeSchedulerConfiguration', () => ({
  ...typeMeta,
  parallelism: int32,
  leaderElection,
  clientConnection,
  enableProfiling: bool,
  enableContentionProfiling: bool,
  percentageOfNodesToScore: int32,
  podInitialBackoffSeconds: int64,
  podMaxBackoffSeconds: int64,
  profiles: slice('[]v1.KubeSchedulerProfile', profile),
  extenders: slice('[]v1.Extender', extender),
  delayCacheUntilActive: bool,
})) as GoType & { t: 'struct' };

const resourceSpec = struct('v1.ResourceSpec', () => ({ name: str, weight: int64 }));
const shapePoint = struct('v1.UtilizationShapePoint', () => ({ utilization: int32, score: int32 }));

/** The `<Plugin>Args` kinds registered in v1.32's scheme, by plugin name. */
export const pluginArgsSchemas: Record<string, GoType & { t: 'struct' }> = {
  DefaultPreemption: struct('v1.DefaultPreemptionArgs', () => ({ ...typeMeta, minCandidateNodesPercentage: int32, minCandidateNodesAbsolute: int32 })) as GoType & { t: 'struct' },
  InterPodAffinity: struct('v1.InterPodAffinityArgs', () => ({ ...typeMeta, hardPodAffinityWeight: int32, ignorePreferredTermsOfExistingPods: bool })) as GoType & { t: 'struct' },
  NodeAffinity: struct('v1.NodeAffinityArgs', () => ({ ...typeMeta, addedAffinity: raw })) as GoType & { t: 'struct' },
  NodeResourcesBalancedAllocation: struct('v1.NodeResourcesBalancedAllocationArgs', () => ({ ...typeMeta, resources: slice('[]v1.ResourceSpec', resourceSpec) })) as GoType & { t: 'struct' },
  NodeResourcesFit: struct('v1.NodeResourcesFitArgs', () => ({
    ...typeMeta,
    ignoredResources: slice('[]string', str),
    ignoredResourceGroups: slice('[]string', str),
    scoringStrategy: struct('v1.ScoringStrategy', () => ({
      type: str,
      resources: slice('[]v1.ResourceSpec', resourceSpec),
      requestedToCapacityRatio: struct('v1.RequestedToCapacityRatioParam', () => ({ shape: slice('[]v1.UtilizationShapePoint', shapePoint) })),
    })),
  })) as GoType & { t: 'struct' },
  PodTopologySpread: struct('v1.PodTopologySpreadArgs', () => ({ ...typeMeta, defaultConstraints: slice('[]v1.TopologySpreadConstraint', raw), defaultingType: str })) as GoType & { t: 'struct' },
  VolumeBinding: struct('v1.VolumeBindingArgs', () => ({ ...typeMeta, bindTimeoutSeconds: int64, shape: slice('[]v1.UtilizationShapePoint', shapePoint) })) as GoType & { t: 'struct' },
};
