import { describe, expect, it } from '@jest/globals';
import { loadSchedulerConfiguration, SchedulerConfigError } from './load.js';
import { expandProfilePlugins } from './expand-profile-plugins.js';

const head = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

function errorOf(text: string): string {
  try {
    loadSchedulerConfiguration(text);
  } catch (e) {
    if (e instanceof SchedulerConfigError) return e.message;
    throw e;
  }
  throw new Error('loaded without error');
}

describe('loading a KubeSchedulerConfiguration as kube-scheduler 1.32 does', () => {
  it('an empty configuration is the default scheduler', () => {
    const cfg = loadSchedulerConfiguration(head);
    expect(cfg.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler']);
    expect(cfg.leaderElection.resourceName).toBe('kube-scheduler');
  });

  it('a second profile gets the defaults too, and its own name', () => {
    const cfg = loadSchedulerConfiguration(`${head}profiles:\n- schedulerName: default-scheduler\n- schedulerName: no-scoring-scheduler\n  plugins:\n    preScore:\n      disabled:\n      - name: '*'\n    score:\n      disabled:\n      - name: '*'\n`);
    expect(cfg.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler', 'no-scoring-scheduler']);
    const x = expandProfilePlugins(cfg.profiles[1]!);
    expect(x.score).toEqual([]);
    expect(x.preScore).toEqual([]);
    expect(x.filter).toContain('NodeResourcesFit');
  });

  it('a score plugin re-enabled with a weight keeps its place and takes that weight', () => {
    const cfg = loadSchedulerConfiguration(`${head}profiles:\n- plugins:\n    score:\n      enabled:\n      - name: ImageLocality\n        weight: 5\n`);
    const x = expandProfilePlugins(cfg.profiles[0]!);
    expect(x.score[0]).toBe('ImageLocality');
    expect(x.scoreWeights.get('ImageLocality')).toBe(5);
  });

  it('MostAllocated args replace the default LeastAllocated strategy and get default resources', () => {
    const cfg = loadSchedulerConfiguration(`${head}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n        type: MostAllocated\n`);
    expect(cfg.profiles[0]!.pluginConfig.find((c) => c.name === 'NodeResourcesFit')!.args).toEqual({
      scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] },
    });
  });

  it.each([
    ['an unknown top-level field is a strict decoding error', `${head}percentageOfNodes: 50\n`,
      'strict decoding error: unknown field "percentageOfNodes"'],
    ['an unknown profile field names its path with the index', `${head}profiles:\n- schedulerName: a\n  plugin: {}\n`,
      'strict decoding error: unknown field "profiles[0].plugin"'],
    ['a misspelt field of a plugin\'s args is reported through the nested decoding', `${head}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStratgy: {}\n`,
      'strict decoding error: decoding .profiles[0].pluginConfig[0]: decoding args for plugin NodeResourcesFit: strict decoding error: unknown field "scoringStratgy"'],
    ['a string where an int32 belongs is Go\'s unmarshal error', `${head}profiles:\n- percentageOfNodesToScore: "50"\n`,
      'json: cannot unmarshal string into Go struct field KubeSchedulerProfile.profiles.percentageOfNodesToScore of type int32'],
    ['a removed beta version is not registered', 'apiVersion: kubescheduler.config.k8s.io/v1beta2\nkind: KubeSchedulerConfiguration\n',
      'no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta2" in scheme "k8s.io/kubernetes/pkg/scheduler/apis/config/scheme/scheme.go:30"'],
    ['a file without kind', 'apiVersion: kubescheduler.config.k8s.io/v1\n',
      "Object 'Kind' is missing in 'apiVersion: kubescheduler.config.k8s.io/v1\n'"],
    ['percentageOfNodesToScore above 100', `${head}percentageOfNodesToScore: 101\n`,
      'percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]'],
    ['a profile\'s percentageOfNodesToScore below 0', `${head}profiles:\n- percentageOfNodesToScore: -1\n`,
      'profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]'],
    ['a second profile without a name', `${head}profiles:\n- schedulerName: a\n- plugins: {}\n`,
      'profiles[1].schedulerName: Required value'],
    ['queue sort differing between profiles', `${head}profiles:\n- schedulerName: a\n- schedulerName: b\n  plugins:\n    queueSort:\n      enabled:\n      - name: Custom\n      disabled:\n      - name: '*'\n`,
      'profiles[1].plugins.queueSort: Invalid value: config.PluginSet{Enabled:[]config.Plugin{config.Plugin{Name:"Custom", Weight:0}}, Disabled:[]config.Plugin{config.Plugin{Name:"*", Weight:0}}}: must be the same for all profiles'],
    ['several problems are aggregated in brackets', `${head}parallelism: -1\npodInitialBackoffSeconds: 20\n`,
      '[parallelism: Invalid value: -1: should be an integer value greater than zero, podMaxBackoffSeconds: Invalid value: 10: must be greater than or equal to PodInitialBackoffSeconds]'],
    ['a plugin removed from v1', `${head}profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: EBSLimits\n`,
      'profiles[0].plugins.filter.enabled[0]: Invalid value: "EBSLimits": was invalid in version "kubescheduler.config.k8s.io/v1" (KubeSchedulerConfiguration is version "kubescheduler.config.k8s.io/v1")'],
    ['DefaultPreemption args with both minimums zero', `${head}profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args:\n      minCandidateNodesPercentage: 0\n      minCandidateNodesAbsolute: 0\n`,
      '[profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute, profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage]'],
    ['a leader election lock other than leases', `${head}leaderElection:\n  resourceLock: endpoints\n`,
      'leaderElection.resourceLock: Invalid value: "endpoints": resourceLock value must be "leases"'],
    ['an unknown plugin fails when the framework is built', `${head}profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: NodeNameX\n`,
      'initializing profiles: creating profile for scheduler name default-scheduler: FilterPlugin "NodeNameX" does not exist'],
    ['an unknown MultiPoint plugin is reported at the first extension point expanded', `${head}profiles:\n- plugins:\n    multiPoint:\n      enabled:\n      - name: Foo\n`,
      'initializing profiles: creating profile for scheduler name default-scheduler: PreFilterPlugin "Foo" does not exist'],
    ['a plugin at an extension point it does not implement', `${head}profiles:\n- plugins:\n    score:\n      enabled:\n      - name: NodeName\n`,
      'initializing profiles: creating profile for scheduler name default-scheduler: plugin "NodeName" does not extend ScorePlugin plugin'],
    ['every bind plugin disabled', `${head}profiles:\n- plugins:\n    bind:\n      disabled:\n      - name: '*'\n`,
      'initializing profiles: creating profile for scheduler name default-scheduler: at least one bind plugin is needed for profile with scheduler name "default-scheduler"'],
  ])('%s', (_name, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('duplicate profile names report the earlier path as Go prints a *field.Path', () => {
    expect(errorOf(`${head}profiles:\n- schedulerName: a\n- schedulerName: a\n`)).toMatch(
      /^profiles\[1\]\.schedulerName: Duplicate value: field\.Path\{name:"schedulerName", index:"", parent:\(\*field\.Path\)\(0x[0-9a-f]+\)\}$/,
    );
  });
});
