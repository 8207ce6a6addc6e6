/**
 * The legacy scheduler Policy (kind Policy, apiVersion v1: predicates and priorities), removed in kube-scheduler 1.23,
 * translated to a v1 KubeSchedulerConfiguration the way 1.22's legacy registry turned it into framework plugins
 * (pkg/scheduler/framework/plugins/legacy_registry.go and factory.go createFromConfig), with 1.22's errors.
 * Plugins 1.22 used that 1.32 no longer has are mapped to their successors (NodeResourcesLeastAllocated ->
 * NodeResourcesFit's LeastAllocated strategy, the per-cloud volume limits -> NodeVolumeLimits) or reported.
 */
import { inTreeExtensionPoints } from './expand-profile-plugins.js';
import { decodeGoStruct, int32, int64, bool, raw, slice, str, struct, type GoType } from './go-struct-decode.js';
import { documentJSON, SchedulerConfigError, typeMetaOf } from './load.js';
import { SchedulerConfigGroupVersion, type ExtensionPoint } from './types.js';

/** A Policy 1.22 would have refused; the message is what kube-scheduler 1.22 exited with. */
export class PolicyError extends SchedulerConfigError {}

const policySchema = struct('v1.Policy', () => ({
  kind: str,
  apiVersion: str,
  predicates: slice('[]v1.PredicatePolicy', struct('v1.PredicatePolicy', () => ({
    name: str,
    argument: struct('v1.PredicateArgument', () => ({
      serviceAffinity: struct('v1.ServiceAffinity', () => ({ labels: slice('[]string', str) })),
      labelsPresence: struct('v1.LabelsPresence', () => ({ labels: slice('[]string', str), presence: bool })),
    })),
  }))),
  priorities: slice('[]v1.PriorityPolicy', struct('v1.PriorityPolicy', () => ({
    name: str,
    weight: int64,
    argument: struct('v1.PriorityArgument', () => ({
      serviceAntiAffinity: struct('v1.ServiceAntiAffinity', () => ({ label: str })),
      labelPreference: struct('v1.LabelPreference', () => ({ label: str, presence: bool })),
      requestedToCapacityRatioArguments: struct('v1.RequestedToCapacityRatioArguments', () => ({
        shape: slice('[]v1.UtilizationShapePoint', struct('v1.UtilizationShapePoint', () => ({ utilization: int32, score: int32 }))),
        resources: slice('[]v1.ResourceSpec', struct('v1.ResourceSpec', () => ({ name: str, weight: int64 }))),
      })),
    })),
  }))),
  extenders: slice('[]v1.LegacyExtender', raw),
  hardPodAffinitySymmetricWeight: int32,
  alwaysCheckAllPredicates: bool,
})) as GoType & { t: 'struct' };

interface PredicatePolicy { name: string; argument?: { serviceAffinity?: unknown; labelsPresence?: unknown } | null }
interface PriorityPolicy {
  name: string;
  weight?: number;
  argument?: {
    serviceAntiAffinity?: unknown;
    labelPreference?: unknown;
    requestedToCapacityRatioArguments?: { shape?: Array<{ utilization?: number; score?: number }>; resources?: Array<{ name?: string; weight?: number }> };
  } | null;
}
interface Policy { predicates?: PredicatePolicy[] | null; priorities?: PriorityPolicy[] | null; hardPodAffinitySymmetricWeight?: number; extenders?: unknown[] }

/** The 1.22 predicate names and where each put plugins (1.32 names); undefined: a plugin 1.32 no longer has. */
const predicateProducers: Record<string, Array<[ExtensionPoint, string]> | undefined> = {
  CheckNodeUnschedulable: [['filter', 'NodeUnschedulable']],
  GeneralPredicates: [['filter', 'NodeResourcesFit'], ['preFilter', 'NodeResourcesFit'], ['filter', 'NodeName'], ['filter', 'NodePorts'], ['preFilter', 'NodePorts'], ['filter', 'NodeAffinity'], ['preFilter', 'NodeAffinity']],
  HostName: [['filter', 'NodeName']],
  PodFitsHostPorts: [['filter', 'NodePorts'], ['preFilter', 'NodePorts']],
  MatchNodeSelector: [['filter', 'NodeAffinity'], ['preFilter', 'NodeAffinity']],
  PodFitsResources: [['filter', 'NodeResourcesFit'], ['preFilter', 'NodeResourcesFit']],
  NoDiskConflict: [['filter', 'VolumeRestrictions']],
  PodToleratesNodeTaints: [['filter', 'TaintToleration']],
  CheckNodeLabelPresence: undefined,
  CheckServiceAffinity: undefined,
  MaxEBSVolumeCount: [['filter', 'NodeVolumeLimits']],
  MaxGCEPDVolumeCount: [['filter', 'NodeVolumeLimits']],
  MaxCSIVolumeCountPred: [['filter', 'NodeVolumeLimits']],
  MaxAzureDiskVolumeCount: [['filter', 'NodeVolumeLimits']],
  MaxCinderVolumeCount: [['filter', 'NodeVolumeLimits']],
  CheckVolumeBinding: [['preFilter', 'VolumeBinding'], ['filter', 'VolumeBinding'], ['reserve', 'VolumeBinding'], ['preBind', 'VolumeBinding']],
  NoVolumeZoneConflict: [['filter', 'VolumeZone']],
  EvenPodsSpread: [['preFilter', 'PodTopologySpread'], ['filter', 'PodTopologySpread']],
  MatchInterPodAffinity: [['filter', 'InterPodAffinity'], ['preFilter', 'InterPodAffinity']],
};
const removedPredicatePlugin: Record<string, string> = { CheckNodeLabelPresence: 'NodeLabel', CheckServiceAffinity: 'ServiceAffinity' };

/** predicateOrdering of 1.22: the order predicates' plugins run in. */
const predicateOrdering = [
  'CheckNodeUnschedulable', 'GeneralPredicates', 'HostName', 'PodFitsHostPorts', 'MatchNodeSelector', 'PodFitsResources',
  'NoDiskConflict', 'PodToleratesNodeTaints', 'CheckNodeLabelPresence', 'CheckServiceAffinity', 'MaxEBSVolumeCount',
  'MaxGCEPDVolumeCount', 'MaxCSIVolumeCountPred', 'MaxAzureDiskVolumeCount', 'MaxCinderVolumeCount', 'CheckVolumeBinding',
  'NoVolumeZoneConflict', 'EvenPodsSpread', 'MatchInterPodAffinity',
];
const mandatoryPredicates = ['PodToleratesNodeTaints', 'CheckNodeUnschedulable'];
const defaultPredicates = [
  'NoVolumeZoneConflict', 'MaxEBSVolumeCount', 'MaxGCEPDVolumeCount', 'MaxAzureDiskVolumeCount', 'MaxCSIVolumeCountPred',
  'MatchInterPodAffinity', 'NoDiskConflict', 'GeneralPredicates', 'PodToleratesNodeTaints', 'CheckVolumeBinding',
  'CheckNodeUnschedulable', 'EvenPodsSpread',
];
const defaultPriorities: Record<string, number> = {
  SelectorSpreadPriority: 1, InterPodAffinityPriority: 1, LeastRequestedPriority: 1, BalancedResourceAllocation: 1,
  NodePreferAvoidPodsPriority: 10000, NodeAffinityPriority: 1, TaintTolerationPriority: 1, ImageLocalityPriority: 1,
  EvenPodsSpreadPriority: 2,
};
const knownPriorities = new Set([
  'SelectorSpreadPriority', 'TaintTolerationPriority', 'NodeAffinityPriority', 'ImageLocalityPriority', 'InterPodAffinityPriority',
  'NodePreferAvoidPodsPriority', 'MostRequestedPriority', 'BalancedResourceAllocation', 'LeastRequestedPriority',
  'RequestedToCapacityRatio', 'NodeLabel', 'ServiceAffinity', 'EvenPodsSpreadPriority',
]);
/** config.MaxWeight = MaxInt64 / MaxPriority(10). */
const MaxWeight = 922337203685477580;

export interface PolicyTranslation {
  /** A kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration document (JSON value) equivalent to the Policy. */
  config: Record<string, unknown>;
  /** What could not be carried over, one sentence each. */
  notes: string[];
}

/** Whether a config file holds a legacy Policy (kind Policy) rather than a KubeSchedulerConfiguration. */
export function isLegacyPolicy(data: string | Uint8Array): boolean {
  try {
    return typeMetaOf(documentJSON(data)).kind === 'Policy';
  } catch {
    // A JSON file that does not parse, with "Policy" in it, is a Policy with a syntax error.
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    return /"kind"\s*:\s*"Policy"/.test(text);
  }
}

function goValueOfPredicate(p: PredicatePolicy): string {
  return `{${p.name} ${p.argument ? '0xc000' : '<nil>'}}`;
}

/** Translates a Policy file's bytes; throws PolicyError with 1.22's message. */
export function translatePolicy(data: string | Uint8Array): PolicyTranslation {
  let doc: unknown;
  try {
    doc = documentJSON(data);
  } catch (e) {
    if (e instanceof SchedulerConfigError) throw new PolicyError(`invalid policy: ${e.message}`);
    throw e;
  }
  const { apiVersion, kind } = typeMetaOf(doc);
  if (kind !== 'Policy' || apiVersion !== 'v1') {
    throw new PolicyError(`invalid policy: no kind "${kind}" is registered for version "${apiVersion}" in scheme "k8s.io/kubernetes/pkg/scheduler/apis/config/scheme/scheme.go:30"`);
  }
  const decoded = decodeGoStruct(doc, policySchema);
  if (decoded.fatal !== undefined) throw new PolicyError(`invalid policy: ${decoded.fatal}`);
  if (decoded.strict.length > 0) throw new PolicyError(`invalid policy: strict decoding error: ${decoded.strict.join(', ')}`);
  const policy = doc as Policy;
  const fail = (msg: string) => new PolicyError(`couldn't create scheduler from policy: ${msg}`);
  const notes: string[] = [];

  // validation.ValidatePolicy
  const problems: string[] = [];
  for (const p of policy.priorities ?? []) {
    const w = p.weight ?? 0;
    if (w <= 0 || w >= MaxWeight) problems.push(`priority ${p.name} should have a positive weight applied to it or it has overflown`);
  }
  const hard = policy.hardPodAffinitySymmetricWeight ?? 0;
  if (hard < 0 || hard > 100) problems.push(`hardPodAffinitySymmetricWeight: Invalid value: ${hard}: not in valid range [0-100]`);
  if (problems.length === 1) throw fail(problems[0]!);
  if (problems.length > 1) throw fail(`[${[...new Set(problems)].join(', ')}]`);

  // ProcessPredicatePolicy for each predicate, in the file's order.
  let predicateKeys: string[];
  if (policy.predicates === undefined || policy.predicates === null) {
    predicateKeys = [...defaultPredicates];
  } else {
    predicateKeys = [];
    for (const p of policy.predicates) {
      const args = p.argument;
      if (args) {
        const n = (args.serviceAffinity ? 1 : 0) + (args.labelsPresence ? 1 : 0);
        if (n !== 1) throw fail(`exactly 1 predicate argument is required, numArgs: ${n}, predicate ${goValueOfPredicate(p)}`);
      }
      let name = p.name === 'PodFitsPorts' ? 'PodFitsHostPorts' : p.name;
      if (!(name in predicateProducers)) {
        if (!args || (!args.serviceAffinity && !args.labelsPresence)) throw fail(`predicate type not found for "${name}"`);
        name = args.serviceAffinity ? 'CheckServiceAffinity' : 'CheckNodeLabelPresence';
      }
      if (!predicateKeys.includes(name)) predicateKeys.push(name);
    }
  }

  // ProcessPriorityPolicy: EqualPriority is skipped; weights of priorities mapping to one key add up.
  const priorityKeys = new Map<string, number>();
  let rtcr: PriorityPolicy['argument'] | undefined;
  if (policy.priorities === undefined || policy.priorities === null) {
    for (const [k, w] of Object.entries(defaultPriorities)) priorityKeys.set(k, w);
  } else {
    for (const p of policy.priorities) {
      if (p.name === 'EqualPriority') continue;
      const args = p.argument;
      if (args) {
        const n = (args.serviceAntiAffinity ? 1 : 0) + (args.labelPreference ? 1 : 0) + (args.requestedToCapacityRatioArguments ? 1 : 0);
        if (n !== 1) throw fail(`exactly 1 priority argument is required, numArgs: ${n}, priority {${p.name} ${p.weight ?? 0} 0xc000}`);
      }
      let name = p.name === 'ServiceSpreadingPriority' ? 'SelectorSpreadPriority' : p.name;
      if (!knownPriorities.has(name)) {
        if (!args || (!args.serviceAntiAffinity && !args.requestedToCapacityRatioArguments && !args.labelPreference)) {
          throw fail(`priority type not found for "${name}"`);
        }
        if (args.serviceAntiAffinity) name = 'ServiceAffinity';
        if (args.labelPreference) name = 'NodeLabel';
        if (args.requestedToCapacityRatioArguments) {
          name = 'RequestedToCapacityRatio';
          rtcr = args;
        }
      }
      priorityKeys.set(name, (priorityKeys.get(name) ?? 0) + (p.weight ?? 0));
    }
  }

  // AppendPredicateConfigs / AppendPriorityConfigs, with 1.32's plugin names.
  const points = new Map<ExtensionPoint, Array<{ name: string; weight?: number }>>();
  const append = (point: ExtensionPoint, name: string, weight?: number) => {
    const list = points.get(point) ?? [];
    if (!list.some((p) => p.name === name)) list.push(weight === undefined ? { name } : { name, weight });
    points.set(point, list);
  };
  append('preEnqueue', 'SchedulingGates');
  append('queueSort', 'PrioritySort');
  append('postFilter', 'DefaultPreemption');
  append('bind', 'DefaultBinder');
  const allPredicates = new Set([...predicateKeys, ...mandatoryPredicates]);
  const orderedPredicates = [
    ...predicateOrdering.filter((k) => allPredicates.has(k)),
    ...[...allPredicates].filter((k) => !predicateOrdering.includes(k)).sort(),
  ];
  for (const key of orderedPredicates) {
    const producer = predicateProducers[key];
    if (!producer) throw fail(`predicate ${key} configures plugin ${removedPredicatePlugin[key]}, which kube-scheduler v1.32 no longer has`);
    for (const [point, name] of producer) append(point, name);
  }
  const pluginConfig: Array<{ name: string; args: Record<string, unknown> }> = [];
  const setArgs = (name: string, args: Record<string, unknown>, override: boolean) => {
    const at = pluginConfig.findIndex((c) => c.name === name);
    if (at < 0) pluginConfig.push({ name, args });
    else if (override) pluginConfig[at] = { name, args };
  };
  if (hard !== 0) setArgs('InterPodAffinity', { hardPodAffinityWeight: hard }, true);
  const fitStrategies: string[] = [];
  for (const key of [...priorityKeys.keys()].sort()) {
    const weight = priorityKeys.get(key)!;
    switch (key) {
      case 'SelectorSpreadPriority':
        append('score', 'PodTopologySpread', weight);
        append('preScore', 'PodTopologySpread');
        setArgs('PodTopologySpread', { defaultingType: 'System' }, true);
        break;
      case 'EvenPodsSpreadPriority':
        append('preScore', 'PodTopologySpread');
        append('score', 'PodTopologySpread', weight);
        setArgs('PodTopologySpread', { defaultingType: 'List' }, false);
        break;
      case 'TaintTolerationPriority':
        append('preScore', 'TaintToleration');
        append('score', 'TaintToleration', weight);
        break;
      case 'NodeAffinityPriority':
        append('preScore', 'NodeAffinity');
        append('score', 'NodeAffinity', weight);
        break;
      case 'ImageLocalityPriority':
        append('score', 'ImageLocality', weight);
        break;
      case 'InterPodAffinityPriority':
        append('preScore', 'InterPodAffinity');
        append('score', 'InterPodAffinity', weight);
        break;
      case 'NodePreferAvoidPodsPriority':
        notes.push('NodePreferAvoidPodsPriority is left out: its plugin NodePreferAvoidPods was removed in kube-scheduler 1.24 (the annotation it read is ignored).');
        break;
      case 'BalancedResourceAllocation':
        append('preScore', 'NodeResourcesBalancedAllocation');
        append('score', 'NodeResourcesBalancedAllocation', weight);
        break;
      case 'LeastRequestedPriority':
      case 'MostRequestedPriority':
      case 'RequestedToCapacityRatio': {
        fitStrategies.push(key);
        append('preScore', 'NodeResourcesFit');
        append('score', 'NodeResourcesFit', weight);
        const type = key === 'LeastRequestedPriority' ? 'LeastAllocated' : key === 'MostRequestedPriority' ? 'MostAllocated' : 'RequestedToCapacityRatio';
        const strategy: Record<string, unknown> = { type };
        if (type === 'RequestedToCapacityRatio') {
          const a = rtcr?.requestedToCapacityRatioArguments ?? {};
          strategy.resources = (a.resources ?? []).map((r) => ({ name: r.name ?? '', weight: r.weight ?? 0 }));
          strategy.requestedToCapacityRatio = { shape: (a.shape ?? []).map((s) => ({ utilization: s.utilization ?? 0, score: s.score ?? 0 })) };
        }
        setArgs('NodeResourcesFit', { scoringStrategy: strategy }, true);
        break;
      }
      case 'NodeLabel':
      case 'ServiceAffinity':
        throw fail(`priority ${key} configures plugin ${key}, which kube-scheduler v1.32 no longer has`);
      default:
        throw fail(`no config producer registered for "${key}"`);
    }
  }
  if (fitStrategies.length > 1) {
    throw fail(`priorities ${fitStrategies.join(' and ')} are all NodeResourcesFit's scoring strategy in kube-scheduler v1.32, which takes one`);
  }
  if ((policy.extenders ?? []).length > 0) notes.push('extenders are left out: kubesim does not call scheduler extenders.');

  // Plugins whose 1.32 Filter or Score reads what their PreFilter or PreScore computed run at that point too.
  for (const [point, pre] of [['filter', 'preFilter'], ['score', 'preScore']] as const) {
    for (const p of points.get(point) ?? []) {
      if (inTreeExtensionPoints[p.name]?.includes(pre)) append(pre, p.name);
    }
  }

  const plugins: Record<string, unknown> = { multiPoint: { disabled: [{ name: '*' }] } };
  const order: ExtensionPoint[] = ['preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind'];
  for (const point of order) {
    const list = points.get(point);
    if (list && list.length > 0) plugins[point] = { enabled: list };
  }
  const profile: Record<string, unknown> = { schedulerName: 'default-scheduler', plugins };
  if (pluginConfig.length > 0) profile.pluginConfig = pluginConfig;
  return {
    config: { apiVersion: SchedulerConfigGroupVersion, kind: 'KubeSchedulerConfiguration', profiles: [profile] },
    notes,
  };
}
