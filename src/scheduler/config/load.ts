/**
 * Reading a KubeSchedulerConfiguration file as kube-scheduler v1.32 does (options.LoadConfigFromFile, the scheme's
 * strict UniversalDecoder, v1 defaulting, then validation.ValidateKubeSchedulerConfiguration), with its error text,
 * so a learner's broken config fails in kubesim with the message the real kube-scheduler pod logs.
 */
import { aggregate, duplicate, FieldError, FieldPath, GoRaw, invalid, notSupported, required } from '../../api/field-error.js';
import { goBytesToString } from '../../api/yaml/decode.js';
import { hasJSONPrefix } from '../../api/yaml/decode-yaml-or-json.js';
import { GoJSONDecoder, GoJSONError } from '../../api/yaml/go-json-decoder.js';
import { yamlToJSON } from '../../api/yaml/go-yaml.js';
import { setDefaultsProfile } from './defaults.js';
import { expandProfilePlugins, FrameworkConfigError, inTreePluginPoints, type PluginPoints } from './expand-profile-plugins.js';
import { decodeGoStruct, parseGoDuration } from './go-struct-decode.js';
import {
  ExtensionPoints, SchedulerConfigGroupVersion, type KubeSchedulerConfiguration, type KubeSchedulerProfile, type Plugin,
  type Plugins, type PluginSet,
} from './types.js';
import { kubeSchedulerConfiguration, pluginArgsSchemas } from './v1-schema.js';

/** A config kube-scheduler refuses; `message` is the err="..." of its `"command failed"` log line. */
export class SchedulerConfigError extends Error {}

/** Upstream's scheme name in NotRegisteredErr (runtime.NewScheme records its caller). */
const SCHEME = 'k8s.io/kubernetes/pkg/scheduler/apis/config/scheme/scheme.go:30';
const GROUP = 'kubescheduler.config.k8s.io';
/** Versions kube-scheduler 1.32's scheme knows for kind KubeSchedulerConfiguration (v1beta2 went in 1.28, v1beta3 in 1.29). */
const SERVED_VERSIONS = new Set(['v1']);

/** The document's JSON value as the scheme's recognizing decoder sees it, or its error. */
export function documentJSON(data: string | Uint8Array): unknown {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (hasJSONPrefix(bytes)) {
    let raw: Uint8Array | undefined;
    try {
      raw = new GoJSONDecoder(bytes).next();
    } catch (e) {
      if (!(e instanceof GoJSONError)) throw e;
      throw new SchedulerConfigError(`couldn't get version/kind; json parse error: ${e.message}`);
    }
    return raw === undefined ? null : JSON.parse(goBytesToString(raw));
  }
  const r = yamlToJSON(bytes);
  if (!r.ok) throw new SchedulerConfigError(`error converting YAML to JSON: ${r.error}`);
  return r.value;
}

/** The apiVersion and kind of a document (what meta.Interpret finds), without judging them. */
export function typeMetaOf(doc: unknown): { apiVersion: string; kind: string } {
  const o = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  return {
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
  };
}

/** Decodes and defaults a config file's bytes (no validation); throws SchedulerConfigError with upstream's text. */
export function decodeSchedulerConfiguration(data: string | Uint8Array): KubeSchedulerConfiguration {
  const text = typeof data === 'string' ? data : goBytesToString(data);
  const doc = documentJSON(data);
  const { apiVersion, kind } = typeMetaOf(doc);
  if (!kind) throw new SchedulerConfigError(`Object 'Kind' is missing in '${text}'`);
  if (!apiVersion) throw new SchedulerConfigError(`Object 'apiVersion' is missing in '${text}'`);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  if (group !== GROUP || !SERVED_VERSIONS.has(version!) || kind !== 'KubeSchedulerConfiguration') {
    throw new SchedulerConfigError(`no kind "${kind}" is registered for version "${apiVersion}" in scheme "${SCHEME}"`);
  }
  const top = decodeGoStruct(doc, kubeSchedulerConfiguration);
  if (top.fatal !== undefined) throw new SchedulerConfigError(top.fatal);
  const strict: string[] = [...top.strict];
  const wire = (doc ?? {}) as Record<string, any>;
  // DecodeNestedObjects: in-tree plugins' args decode strictly as `<Name>Args`.
  const profiles = Array.isArray(wire.profiles) ? (wire.profiles as any[]) : [];
  profiles.forEach((p, i) => {
    const configs = Array.isArray(p?.pluginConfig) ? (p.pluginConfig as any[]) : [];
    configs.forEach((pc, j) => {
      const schema = pluginArgsSchemas[pc?.name];
      if (!schema || pc.args === undefined || pc.args === null) return;
      const where = `decoding .profiles[${i}].pluginConfig[${j}]`;
      const argsMeta = typeMetaOf(pc.args);
      if (argsMeta.kind && argsMeta.kind !== `${pc.name}Args`) {
        throw new SchedulerConfigError(`${where}: args for plugin ${pc.name} were not of type ${pc.name}Args.${GROUP}, got ${argsMeta.kind}.${argsMeta.apiVersion.split('/')[0]}`);
      }
      const r = decodeGoStruct(pc.args, schema);
      if (r.fatal !== undefined) throw new SchedulerConfigError(`${where}: decoding args for plugin ${pc.name}: ${r.fatal}`);
      if (r.strict.length > 0) strict.push(`${where}: decoding args for plugin ${pc.name}: strict decoding error: ${r.strict.join(', ')}`);
    });
  });
  if (strict.length > 0) throw new SchedulerConfigError(`strict decoding error: ${strict.join(', ')}`);
  return setDefaults(wire);
}

function pluginSetOf(v: any): PluginSet {
  const list = (x: any): Plugin[] =>
    Array.isArray(x) ? x.filter((p) => p !== null).map((p: any) => (p.weight === undefined || p.weight === null ? { name: p.name ?? '' } : { name: p.name ?? '', weight: p.weight })) : [];
  return { enabled: list(v?.enabled), disabled: list(v?.disabled) };
}

/** Upstream SetDefaults_KubeSchedulerConfiguration over the decoded v1 object. */
function setDefaults(wire: Record<string, any>): KubeSchedulerConfiguration {
  const le = wire.leaderElection ?? {};
  const cc = wire.clientConnection ?? {};
  const zeroDuration = (d: unknown) => d === undefined || d === null || parseGoDuration(String(d)) === 0;
  const rawProfiles: any[] = Array.isArray(wire.profiles) && wire.profiles.length > 0 ? wire.profiles : [{}];
  const single = rawProfiles.length === 1;
  const profiles = rawProfiles.map((p: any) => {
    const custom: Partial<Plugins> | undefined = p?.plugins ? {} : undefined;
    if (custom) {
      custom.multiPoint = pluginSetOf(p.plugins.multiPoint);
      for (const e of ExtensionPoints) custom[e] = pluginSetOf(p.plugins[e]);
    }
    const schedulerName = p?.schedulerName ?? (single ? 'default-scheduler' : '');
    const prof = setDefaultsProfile({
      schedulerName,
      percentageOfNodesToScore: p?.percentageOfNodesToScore ?? undefined,
      plugins: custom,
      pluginConfig: (Array.isArray(p?.pluginConfig) ? p.pluginConfig : []).map((pc: any) => ({ name: pc?.name ?? '', args: pc?.args ?? undefined })),
    });
    return prof;
  });
  const enableProfiling = wire.enableProfiling ?? true;
  return {
    apiVersion: SchedulerConfigGroupVersion,
    kind: 'KubeSchedulerConfiguration',
    parallelism: wire.parallelism ?? 16,
    leaderElection: {
      leaderElect: le.leaderElect ?? true,
      leaseDuration: zeroDuration(le.leaseDuration) ? '15s' : le.leaseDuration,
      renewDeadline: zeroDuration(le.renewDeadline) ? '10s' : le.renewDeadline,
      retryPeriod: zeroDuration(le.retryPeriod) ? '2s' : le.retryPeriod,
      resourceLock: le.resourceLock || 'leases',
      resourceName: le.resourceName || 'kube-scheduler',
      resourceNamespace: le.resourceNamespace || 'kube-system',
    },
    clientConnection: {
      kubeconfig: cc.kubeconfig ?? '',
      acceptContentTypes: cc.acceptContentTypes ?? '',
      contentType: cc.contentType || 'application/vnd.kubernetes.protobuf',
      qps: cc.qps || 50,
      burst: cc.burst || 100,
    },
    enableProfiling,
    enableContentionProfiling: wire.enableContentionProfiling ?? enableProfiling,
    percentageOfNodesToScore: wire.percentageOfNodesToScore ?? 0,
    podInitialBackoffSeconds: wire.podInitialBackoffSeconds ?? 1,
    podMaxBackoffSeconds: wire.podMaxBackoffSeconds ?? 10,
    profiles,
    extenders: Array.isArray(wire.extenders) ? wire.extenders : [],
    delayCacheUntilActive: wire.delayCacheUntilActive ?? false,
  };
}

/** Go's time.Duration String for a whole number of milliseconds (what field errors print for metav1.Duration). */
function goDurationString(s: string): string {
  const ms = parseGoDuration(s) ?? 0;
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  if (rest < 1000) return `${neg ? '-' : ''}${rest}ms`;
  const h = Math.floor(rest / 3600000);
  rest -= h * 3600000;
  const m = Math.floor(rest / 60000);
  rest -= m * 60000;
  const sec = (rest / 1000).toString();
  return `${neg ? '-' : ''}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`;
}

/** %#v of an internal config.PluginSet, as validateCommonQueueSort prints it. */
function goPluginSet(ps: PluginSet): string {
  const list = (l: Plugin[]) =>
    l.length === 0 ? '[]config.Plugin(nil)' : `[]config.Plugin{${l.map((p) => `config.Plugin{Name:"${p.name}", Weight:${p.weight ?? 0}}`).join(', ')}}`;
  return `config.PluginSet{Enabled:${list(ps.enabled)}, Disabled:${list(ps.disabled)}}`;
}

/** %#v of the *field.Path that validation passes as Duplicate's value (Go prints the parent's address). */
function goFieldPath(name: string, index: number): GoRaw {
  const addr = (0xc000400000 + index * 0x60).toString(16);
  return new GoRaw(`field.Path{name:"${name}", index:"", parent:(*field.Path)(0x${addr})}`);
}

const ms = (d: string) => parseGoDuration(d) ?? 0;

/** validation.ValidateKubeSchedulerConfiguration: the field errors, in upstream's order. */
export function validateSchedulerConfiguration(cfg: KubeSchedulerConfiguration): FieldError[] {
  const errs: FieldError[] = [];
  const cc = cfg.clientConnection;
  if (cc.burst < 0) errs.push(invalid('clientConnection.burst', cc.burst, 'must be non-negative'));
  const le = cfg.leaderElection;
  const lp = FieldPath.root('leaderElection');
  if (le.leaderElect) {
    if (ms(le.leaseDuration) <= 0) errs.push(invalid(lp.child('leaseDuration'), new GoRaw(goDurationString(le.leaseDuration)), 'must be greater than zero'));
    if (ms(le.renewDeadline) <= 0) errs.push(invalid(lp.child('renewDeadline'), new GoRaw(goDurationString(le.renewDeadline)), 'must be greater than zero'));
    if (ms(le.retryPeriod) <= 0) errs.push(invalid(lp.child('retryPeriod'), new GoRaw(goDurationString(le.retryPeriod)), 'must be greater than zero'));
    if (ms(le.leaseDuration) <= ms(le.renewDeadline)) {
      errs.push(invalid(lp.child('leaseDuration'), new GoRaw(goDurationString(le.renewDeadline)), 'LeaseDuration must be greater than RenewDeadline'));
    }
    if (!le.resourceLock) errs.push(invalid(lp.child('resourceLock'), le.resourceLock, 'resourceLock is required'));
    if (!le.resourceNamespace) errs.push(invalid(lp.child('resourceNamespace'), le.resourceNamespace, 'resourceNamespace is required'));
    if (!le.resourceName) errs.push(invalid(lp.child('resourceName'), le.resourceName, 'resourceName is required'));
  }
  if (le.leaderElect && le.resourceLock !== 'leases') {
    errs.push(invalid(lp.child('resourceLock'), le.resourceLock, 'resourceLock value must be "leases"'));
  }
  if (cfg.parallelism <= 0) errs.push(invalid('parallelism', cfg.parallelism, 'should be an integer value greater than zero'));
  const profilesPath = FieldPath.root('profiles');
  if (cfg.profiles.length === 0) {
    errs.push(required(profilesPath, ''));
  } else {
    const existing = new Map<string, number>();
    cfg.profiles.forEach((profile, i) => {
      const path = profilesPath.index(i);
      errs.push(...validateProfile(path, profile));
      const idx = existing.get(profile.schedulerName);
      if (idx !== undefined) errs.push(duplicate(path.child('schedulerName'), goFieldPath('schedulerName', idx)));
      existing.set(profile.schedulerName, i);
    });
    errs.push(...validateCommonQueueSort(profilesPath, cfg.profiles));
  }
  const pct = validatePercentage(FieldPath.root('percentageOfNodesToScore'), cfg.percentageOfNodesToScore);
  if (pct) errs.push(pct);
  if (cfg.podInitialBackoffSeconds <= 0) errs.push(invalid('podInitialBackoffSeconds', cfg.podInitialBackoffSeconds, 'must be greater than 0'));
  if (cfg.podMaxBackoffSeconds < cfg.podInitialBackoffSeconds) {
    errs.push(invalid('podMaxBackoffSeconds', cfg.podMaxBackoffSeconds, 'must be greater than or equal to PodInitialBackoffSeconds'));
  }
  const binders = cfg.extenders.filter((e) => e.bindVerb).length;
  cfg.extenders.forEach((e, i) => {
    if (e.prioritizeVerb && (e.weight ?? 0) <= 0) errs.push(invalid(`extenders[${i}].weight`, e.weight ?? 0, 'must have a positive weight applied to it'));
  });
  if (binders > 1) errs.push(invalid('extenders', `found ${binders} extenders implementing bind`, 'only one extender can implement bind'));
  return errs;
}

function validatePercentage(path: FieldPath, v: number | undefined): FieldError | undefined {
  if (v !== undefined && (v < 0 || v > 100)) return invalid(path, v, 'not in valid range [0-100]');
  return undefined;
}

/** Plugins removed from v1 (validation's invalidPluginsByVersion). */
const invalidPlugins = ['AzureDiskLimits', 'CinderLimits', 'EBSLimits', 'GCEPDLimits'];

function validateProfile(path: FieldPath, profile: KubeSchedulerProfile): FieldError[] {
  const errs: FieldError[] = [];
  if (!profile.schedulerName) errs.push(required(path.child('schedulerName'), ''));
  const pct = validatePercentage(path.child('percentageOfNodesToScore'), profile.percentageOfNodesToScore);
  if (pct) errs.push(pct);
  const invalidMsg = `was invalid in version "${SchedulerConfigGroupVersion}" (KubeSchedulerConfiguration is version "${SchedulerConfigGroupVersion}")`;
  for (const e of ExtensionPoints) {
    profile.plugins[e].enabled.forEach((p, i) => {
      if (invalidPlugins.includes(p.name)) errs.push(invalid(path.child('plugins', e, 'enabled').index(i), p.name, invalidMsg));
    });
  }
  const seen = new Set<string>();
  profile.pluginConfig.forEach((pc, i) => {
    const pcPath = path.child('pluginConfig').index(i);
    if (seen.has(pc.name)) errs.push(duplicate(pcPath, pc.name));
    else seen.add(pc.name);
    if (invalidPlugins.includes(pc.name)) errs.push(invalid(pcPath, pc.name, invalidMsg));
    else errs.push(...validateArgs(pcPath.child('args'), pc.name, pc.args as Record<string, any>));
  });
  return errs;
}

/** The plugin args validations validatePluginConfig runs (its table spells NodeResourcesFit's key "NodeResourcesFitArgs", so Fit's args are checked only by the plugin). */
function validateArgs(path: FieldPath, name: string, args: Record<string, any>): FieldError[] {
  const errs: FieldError[] = [];
  switch (name) {
    case 'DefaultPreemption': {
      const pp = path.child('minCandidateNodesPercentage');
      const ap = path.child('minCandidateNodesAbsolute');
      const p = args.minCandidateNodesPercentage as number;
      const a = args.minCandidateNodesAbsolute as number;
      if (p < 0 || p > 100) errs.push(invalid(pp, p, 'not in valid range [0, 100]'));
      if (a < 0) errs.push(invalid(ap, a, 'not in valid range [0, inf)'));
      if (p === 0 && a === 0) {
        errs.push(invalid(pp, p, 'cannot be zero at the same time as minCandidateNodesAbsolute'));
        errs.push(invalid(ap, a, 'cannot be zero at the same time as minCandidateNodesPercentage'));
      }
      break;
    }
    case 'InterPodAffinity': {
      const w = args.hardPodAffinityWeight as number;
      if (w < 0 || w > 100) errs.push(invalid(path.child('hardPodAffinityWeight'), w, 'not in valid range [0, 100]'));
      break;
    }
    case 'VolumeBinding':
      if ((args.bindTimeoutSeconds as number) < 0) {
        errs.push(invalid(path.child('bindTimeoutSeconds'), args.bindTimeoutSeconds, 'invalid BindTimeoutSeconds, should not be a negative value'));
      }
      break;
    case 'PodTopologySpread': {
      const t = args.defaultingType as string;
      const constraints = (args.defaultConstraints as unknown[] | undefined) ?? [];
      if (t !== 'System' && t !== 'List') errs.push(notSupported(path.child('defaultingType'), t, ['List', 'System']));
      else if (t === 'System' && constraints.length > 0) errs.push(invalid(path.child('defaultingType'), t, 'when .defaultConstraints are not empty'));
      break;
    }
    case 'NodeResourcesBalancedAllocation': {
      const resources = (args.resources as Array<{ name: string; weight: number }>) ?? [];
      resources.forEach((r, i) => {
        if (r.weight <= 0 || r.weight > 100) {
          errs.push(invalid(path.child('resources').index(i).child('weight'), r.weight, `resource weight of ${r.name} not in valid range [1, 100]`));
        }
      });
      break;
    }
    default:
  }
  return errs;
}

function samePluginSet(a: PluginSet, b: PluginSet): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function validateCommonQueueSort(path: FieldPath, profiles: KubeSchedulerProfile[]): FieldError[] {
  const errs: FieldError[] = [];
  const canon = profiles[0]!.plugins.queueSort;
  const queueSortName = canon.enabled[0]?.name ?? '';
  if (canon.enabled.length > 1) errs.push(invalid(path.index(0).child('plugins', 'queueSort', 'Enabled'), canon.enabled.length, 'only one queue sort plugin can be enabled'));
  const queueSortArgs = queueSortName ? profiles[0]!.pluginConfig.find((c) => c.name === queueSortName)?.args : undefined;
  for (let i = 1; i < profiles.length; i++) {
    const curr = profiles[i]!.plugins.queueSort;
    if (!samePluginSet(canon, curr)) errs.push(invalid(path.index(i).child('plugins', 'queueSort'), new GoRaw(goPluginSet(curr)), 'must be the same for all profiles'));
    for (const c of profiles[i]!.pluginConfig) {
      if (c.name === queueSortName && JSON.stringify(c.args) !== JSON.stringify(queueSortArgs)) {
        errs.push(invalid(path.index(i).child('pluginConfig', 'args'), new GoRaw(JSON.stringify(c.args)), 'queueSort must be the same for all profiles'));
      }
    }
  }
  return errs;
}

/**
 * What building the scheduler does with a valid config before it runs (scheduler.New -> profile.NewMap -> NewFramework):
 * unknown plugins, plugins at extension points they do not implement, a missing queue sort or bind plugin.
 */
export function checkProfilesBuild(cfg: KubeSchedulerConfiguration, pointsOf: PluginPoints = inTreePluginPoints): void {
  for (const profile of cfg.profiles) {
    try {
      expandProfilePlugins(profile, pointsOf);
    } catch (e) {
      if (!(e instanceof FrameworkConfigError)) throw e;
      throw new SchedulerConfigError(`initializing profiles: creating profile for scheduler name ${profile.schedulerName}: ${e.message}`);
    }
  }
}

/** Decode, default, validate and build-check: the config kube-scheduler would run with, or its fatal error. */
export function loadSchedulerConfiguration(data: string | Uint8Array, pointsOf: PluginPoints = inTreePluginPoints): KubeSchedulerConfiguration {
  const cfg = decodeSchedulerConfiguration(data);
  const errs = validateSchedulerConfiguration(cfg);
  if (errs.length > 0) throw new SchedulerConfigError(aggregate(errs));
  checkProfilesBuild(cfg, pointsOf);
  return cfg;
}

