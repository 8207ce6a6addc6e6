/** The framework's view of a profile: per-extension-point ordered plugin lists and score weights, as upstream NewFramework builds them (updatePluginList, expandMultiPointPlugins, getScoreWeights). */
import type { ExtensionPoint, KubeSchedulerProfile, PluginSet } from './types.js';

/** Upstream framework.MaxNodeScore and MaxTotalScore (math.MaxInt64). */
const MaxNodeScore = 100;
const MaxTotalScore = BigInt('9223372036854775807');

/** Upstream's Go interface name of each extension point, used in the framework's error messages. */
export const extensionPointInterface: Record<ExtensionPoint, string> = {
  preEnqueue: 'PreEnqueuePlugin',
  queueSort: 'QueueSortPlugin',
  preFilter: 'PreFilterPlugin',
  filter: 'FilterPlugin',
  postFilter: 'PostFilterPlugin',
  preScore: 'PreScorePlugin',
  score: 'ScorePlugin',
  reserve: 'ReservePlugin',
  permit: 'PermitPlugin',
  preBind: 'PreBindPlugin',
  bind: 'BindPlugin',
  postBind: 'PostBindPlugin',
};

/** Upstream frameworkImpl.getExtensionPoints order: the order in which lists are built and errors surface. */
export const frameworkOrder: readonly ExtensionPoint[] = [
  'preFilter', 'filter', 'postFilter', 'reserve', 'preScore', 'score', 'preBind', 'bind', 'postBind', 'permit', 'preEnqueue', 'queueSort',
];

/** Extension points each in-tree plugin of v1.32 implements (what the Go types satisfy). */
export const inTreeExtensionPoints: Record<string, readonly ExtensionPoint[]> = {
  SchedulingGates: ['preEnqueue'],
  PrioritySort: ['queueSort'],
  NodeUnschedulable: ['filter'],
  NodeName: ['filter'],
  TaintToleration: ['filter', 'preScore', 'score'],
  NodeAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  NodePorts: ['preFilter', 'filter'],
  NodeResourcesFit: ['preFilter', 'filter', 'preScore', 'score'],
  VolumeRestrictions: ['preFilter', 'filter'],
  NodeVolumeLimits: ['preFilter', 'filter'],
  VolumeBinding: ['preFilter', 'filter', 'reserve', 'preBind', 'preScore', 'score'],
  VolumeZone: ['preFilter', 'filter'],
  PodTopologySpread: ['preFilter', 'filter', 'preScore', 'score'],
  InterPodAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  DefaultPreemption: ['postFilter'],
  NodeResourcesBalancedAllocation: ['preScore', 'score'],
  ImageLocality: ['score'],
  DefaultBinder: ['bind'],
  DynamicResources: ['preEnqueue', 'preFilter', 'filter', 'postFilter', 'reserve', 'preBind'],
};

/**
 * Which extension points a plugin implements; undefined when no plugin of that name is registered.
 * The runtime passes one built from its plugin instances; the default answers from `inTreeExtensionPoints`.
 */
export type PluginPoints = (pluginName: string) => ReadonlySet<ExtensionPoint> | readonly ExtensionPoint[] | undefined;

export const inTreePluginPoints: PluginPoints = (name) => inTreeExtensionPoints[name];

export type ExpandedPlugins = Record<ExtensionPoint, string[]> & {
  /** Score plugin name -> weight (0 or absent in the config means 1). */
  scoreWeights: Map<string, number>;
  /** Every plugin the profile needs instantiated (upstream pluginsNeeded), in first-seen order. */
  needed: string[];
};

/** Error of building a profile's framework (upstream NewFramework's errors, message for message). */
export class FrameworkConfigError extends Error {}

function has(points: ReadonlySet<ExtensionPoint> | readonly ExtensionPoint[], p: ExtensionPoint): boolean {
  return points instanceof Set ? points.has(p) : (points as readonly ExtensionPoint[]).includes(p);
}

/**
 * Expands a (defaulted) profile into ordered plugin lists per extension point: the specific extension point's
 * enabled plugins first as upstream updatePluginList, then MultiPoint plugins as expandMultiPointPlugins orders
 * them (explicit overrides, then MultiPoint, then the rest), with upstream's checks; throws FrameworkConfigError.
 */
export function expandProfilePlugins(profile: KubeSchedulerProfile, pointsOf: PluginPoints = inTreePluginPoints): ExpandedPlugins {
  const plugins = profile.plugins;
  const out = { scoreWeights: new Map<string, number>(), needed: [] as string[] } as ExpandedPlugins;
  // pluginsNeeded; upstream instantiates only these, so an unknown name fails below with "<Type> "X" does not exist".
  const needed = new Set<string>();
  for (const set of [plugins.multiPoint, ...frameworkOrder.map((e) => plugins[e])]) {
    for (const p of set.enabled) needed.add(p.name);
  }
  out.needed = [...needed];
  const seenConfig = new Set<string>();
  for (const pc of profile.pluginConfig) {
    if (seenConfig.has(pc.name)) throw new FrameworkConfigError(`repeated config for plugin ${pc.name}`);
    seenConfig.add(pc.name);
  }

  for (const e of frameworkOrder) {
    const set: PluginSet = plugins[e];
    const typeName = extensionPointInterface[e];
    const list: string[] = [];
    for (const ep of set.enabled) {
      const points = pointsOf(ep.name);
      if (!points) throw new FrameworkConfigError(`${typeName} "${ep.name}" does not exist`);
      if (!has(points, e)) throw new FrameworkConfigError(`plugin "${ep.name}" does not extend ${typeName} plugin`);
      if (list.includes(ep.name)) throw new FrameworkConfigError(`plugin "${ep.name}" already registered as "${typeName}"`);
      list.push(ep.name);
    }
    out[e] = list;
  }

  if (plugins.multiPoint.enabled.length > 0) {
    for (const e of frameworkOrder) {
      const set = plugins[e];
      const typeName = extensionPointInterface[e];
      const enabledSet = [...new Set(set.enabled.map((p) => p.name))];
      const disabledSet = new Set(set.disabled.map((p) => p.name));
      if (disabledSet.has('*')) continue;
      const multiPointEnabled: string[] = [];
      const overridePlugins = new Set<string>();
      for (const ep of plugins.multiPoint.enabled) {
        const points = pointsOf(ep.name);
        if (!points) throw new FrameworkConfigError(`${typeName} "${ep.name}" does not exist`);
        if (!has(points, e)) continue;
        if (disabledSet.has(ep.name)) continue;
        if (enabledSet.includes(ep.name)) {
          overridePlugins.add(ep.name);
          continue;
        }
        if (multiPointEnabled.includes(ep.name)) {
          throw new FrameworkConfigError(`plugin "${ep.name}" already registered as "${typeName}"`);
        }
        multiPointEnabled.push(ep.name);
      }
      const part1 = enabledSet.filter((n) => overridePlugins.has(n));
      const part3 = enabledSet.filter((n) => !overridePlugins.has(n));
      out[e] = [...part1, ...multiPointEnabled, ...part3];
    }
  }

  if (out.queueSort.length !== 1) {
    throw new FrameworkConfigError(
      `only one queue sort plugin required for profile with scheduler name "${profile.schedulerName}", but got ${out.queueSort.length}`,
    );
  }
  if (out.bind.length === 0) {
    throw new FrameworkConfigError(`at least one bind plugin is needed for profile with scheduler name "${profile.schedulerName}"`);
  }

  // getScoreWeights: the Score extension point's weight wins over MultiPoint's; 0 (or unset) means 1.
  let total = BigInt(0);
  for (const p of [...plugins.score.enabled, ...plugins.multiPoint.enabled]) {
    const points = pointsOf(p.name);
    if (!points || !has(points, 'score')) continue;
    if (out.scoreWeights.has(p.name)) continue;
    const w = p.weight || 1;
    out.scoreWeights.set(p.name, w);
    if (BigInt(w) * BigInt(MaxNodeScore) > MaxTotalScore - total) {
      throw new FrameworkConfigError('total score of Score plugins could overflow');
    }
    total += BigInt(w) * BigInt(MaxNodeScore);
  }
  return out;
}
