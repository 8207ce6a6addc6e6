import { describe, expect, it } from '@jest/globals';
import { defaultConfiguration, expandProfilePlugins, mergePluginSet, pluginArgs } from './defaults.js';

describe('defaultConfiguration', () => {
  it('has one default-scheduler profile with every default plugin through MultiPoint', () => {
    const cfg = defaultConfiguration();
    expect(cfg.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler']);
    expect(cfg.profiles[0]!.plugins.multiPoint.enabled.map((p) => p.name)).toEqual([
      'SchedulingGates', 'PrioritySort', 'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts',
      'NodeResourcesFit', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread',
      'InterPodAffinity', 'DefaultPreemption', 'NodeResourcesBalancedAllocation', 'ImageLocality', 'DefaultBinder',
    ]);
    expect(cfg.percentageOfNodesToScore).toBe(0);
    expect(cfg.podInitialBackoffSeconds).toBe(1);
    expect(cfg.podMaxBackoffSeconds).toBe(10);
    expect(cfg.parallelism).toBe(16);
    expect(cfg.leaderElection).toMatchObject({ leaderElect: true, resourceName: 'kube-scheduler', resourceNamespace: 'kube-system', resourceLock: 'leases' });
  });

  it('carries the default args of in-tree plugins, sorted by plugin name as upstream appends them', () => {
    const prof = defaultConfiguration().profiles[0]!;
    expect(prof.pluginConfig.map((c) => c.name)).toEqual([
      'DefaultPreemption', 'InterPodAffinity', 'NodeAffinity', 'NodeResourcesBalancedAllocation', 'NodeResourcesFit', 'PodTopologySpread', 'VolumeBinding',
    ]);
    expect(pluginArgs(prof, 'NodeResourcesFit')).toEqual({
      kind: 'NodeResourcesFitArgs', apiVersion: 'kubescheduler.config.k8s.io/v1',
      scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] },
    });
    expect(pluginArgs(prof, 'DefaultPreemption')).toMatchObject({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
    expect(pluginArgs(prof, 'InterPodAffinity')).toMatchObject({ hardPodAffinityWeight: 1 });
    expect(pluginArgs(prof, 'PodTopologySpread')).toMatchObject({ defaultingType: 'System' });
    expect(pluginArgs(prof, 'VolumeBinding')).toMatchObject({ bindTimeoutSeconds: 600 });
  });
});

describe('expandProfilePlugins', () => {
  it('expands the default profile into upstream\'s per-extension-point lists and weights', () => {
    const x = expandProfilePlugins(defaultConfiguration().profiles[0]!);
    expect(x.preEnqueue).toEqual(['SchedulingGates']);
    expect(x.queueSort).toEqual(['PrioritySort']);
    expect(x.preFilter).toEqual(['NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity']);
    expect(x.filter).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity']);
    expect(x.postFilter).toEqual(['DefaultPreemption']);
    expect(x.preScore).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation']);
    expect(x.score).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
    expect(x.reserve).toEqual(['VolumeBinding']);
    expect(x.preBind).toEqual(['VolumeBinding']);
    expect(x.bind).toEqual(['DefaultBinder']);
    expect(Object.fromEntries(x.scoreWeights)).toEqual({
      TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, VolumeBinding: 1, PodTopologySpread: 2, InterPodAffinity: 2,
      NodeResourcesBalancedAllocation: 1, ImageLocality: 1,
    });
  });
});

describe('mergePluginSet', () => {
  const defaults = { enabled: [{ name: 'A' }, { name: 'B', weight: 1 }, { name: 'C' }], disabled: [] };
  it.each([
    ['a custom plugin is appended after the defaults', { enabled: [{ name: 'D' }], disabled: [] }, ['A', 'B', 'C', 'D']],
    ['a re-enabled default keeps its place and takes the custom weight', { enabled: [{ name: 'B', weight: 5 }], disabled: [] }, ['A', 'B:5', 'C']],
    ['a disabled default is dropped', { enabled: [], disabled: [{ name: 'A' }] }, ['B', 'C']],
    ['"*" disables every default, leaving only the custom plugins', { enabled: [{ name: 'C' }, { name: 'A' }], disabled: [{ name: '*' }] }, ['C', 'A']],
  ])('%s', (_name, custom, want) => {
    const got = mergePluginSet(defaults, custom).enabled.map((p) => (p.weight && p.weight !== 1 ? `${p.name}:${p.weight}` : p.name));
    expect(got).toEqual(want);
  });
});
