/**
 * What a kube-scheduler v1.32 process makes of its command line (cmd/kube-scheduler/app/options): pflag's parsing
 * against the flags 1.32 has (so the removed --scheduler-name, --policy-config-file, --lock-object-name, --port and
 * --address are unknown flags and the process exits), then --config loaded as options.LoadConfigFromFile does, with
 * the leader-election flags applied over it; without --config, the defaults and the flags. Pure: the caller reads files.
 */
import { defaultConfiguration } from './defaults.js';
import { decodeSchedulerConfiguration, SchedulerConfigError, validateSchedulerConfiguration, checkProfilesBuild } from './load.js';
import { aggregate } from '../../api/field-error.js';
import type { KubeSchedulerConfiguration } from './types.js';
import type { PluginPoints } from './expand-profile-plugins.js';

/** kube-scheduler 1.32's flags: name -> whether it is a bool (pflag NoOptDefVal "true"). */
const flags: Record<string, boolean> = {
  // Misc
  config: false, master: false, 'write-config-to': false,
  // Secure serving
  'bind-address': false, 'cert-dir': false, 'http2-max-streams-per-connection': false, 'permit-address-sharing': true,
  'permit-port-sharing': true, 'secure-port': false, 'tls-cert-file': false, 'tls-cipher-suites': false, 'tls-min-version': false,
  'tls-private-key-file': false, 'tls-sni-cert-key': false,
  // Authentication
  'authentication-kubeconfig': false, 'authentication-skip-lookup': true, 'authentication-token-webhook-cache-ttl': false,
  'authentication-tolerate-lookup-failure': true, 'client-ca-file': false, 'requestheader-allowed-names': false,
  'requestheader-client-ca-file': false, 'requestheader-extra-headers-prefix': false, 'requestheader-group-headers': false,
  'requestheader-uid-headers': false, 'requestheader-username-headers': false,
  // Authorization
  'authorization-always-allow-paths': false, 'authorization-kubeconfig': false, 'authorization-webhook-cache-authorized-ttl': false,
  'authorization-webhook-cache-unauthorized-ttl': false,
  // Deprecated
  'contention-profiling': true, 'kube-api-burst': false, 'kube-api-content-type': false, 'kube-api-qps': false, kubeconfig: false,
  'pod-max-in-unschedulable-pods-duration': false, profiling: true,
  // Leader election
  'leader-elect': true, 'leader-elect-lease-duration': false, 'leader-elect-renew-deadline': false, 'leader-elect-resource-lock': false,
  'leader-elect-resource-name': false, 'leader-elect-resource-namespace': false, 'leader-elect-retry-period': false,
  // Feature gates, metrics, logs
  'feature-gates': false, 'emulated-version': false, 'allow-metric-labels': false, 'allow-metric-labels-manifest': false,
  'disabled-metrics': false, 'show-hidden-metrics-for-version': false, 'log-flush-frequency': false,
  'log-json-info-buffer-size': false, 'log-json-split-stream': true, 'log-text-info-buffer-size': false, 'log-text-split-stream': true,
  'logging-format': false, v: false, vmodule: false, help: true, version: false,
};
const shorthands: Record<string, string> = { v: 'v', h: 'help' };

/** The flags given on the command line (last value wins), names normalized as cliflag.WordSepNormalizeFunc does. */
export type ParsedFlags = Map<string, string>;

export type SchedulerCommand =
  | { ok: true; config: KubeSchedulerConfiguration; flags: ParsedFlags }
  /** The process exits 1: `stderr` is what it printed (a flag error before logging starts, or klog's "command failed"). */
  | { ok: false; flagError?: string; error?: string };

/** pflag's parse of argv[1:] (argv[0] is the binary), or its error text. */
export function parseSchedulerFlags(args: string[]): { flags: ParsedFlags } | { error: string } {
  const out: ParsedFlags = new Map();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = (eq < 0 ? a.slice(2) : a.slice(2, eq)).replaceAll('_', '-');
      if (!(name in flags)) return { error: `unknown flag: --${name}` };
      if (eq >= 0) out.set(name, a.slice(eq + 1));
      else if (flags[name]) out.set(name, 'true');
      else {
        if (i + 1 >= args.length) return { error: `flag needs an argument: --${name}` };
        out.set(name, args[++i]!);
      }
    } else if (a.startsWith('-') && a.length > 1) {
      const c = a[1]!;
      const name = shorthands[c];
      if (!name) return { error: `unknown shorthand flag: '${c}' in ${a}` };
      const rest = a.slice(2);
      if (flags[name]) out.set(name, rest.startsWith('=') ? rest.slice(1) : 'true');
      else if (rest) out.set(name, rest.startsWith('=') ? rest.slice(1) : rest);
      else {
        if (i + 1 >= args.length) return { error: `flag needs an argument: '${c}' in -${c}` };
        out.set(name, args[++i]!);
      }
    }
    // Positional arguments: kube-scheduler's Args check refuses them after parsing.
    else return { error: `"kube-scheduler" does not take any arguments, got ["${a}"]` };
  }
  return { flags: out };
}

const parseBool = (v: string) => ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v);

/** ApplyLeaderElectionTo: the leader-election flags given on the command line override the config. */
function applyLeaderElectionFlags(cfg: KubeSchedulerConfiguration, f: ParsedFlags): void {
  const le = cfg.leaderElection;
  if (f.has('leader-elect')) le.leaderElect = parseBool(f.get('leader-elect')!);
  if (f.has('leader-elect-lease-duration')) le.leaseDuration = f.get('leader-elect-lease-duration')!;
  if (f.has('leader-elect-renew-deadline')) le.renewDeadline = f.get('leader-elect-renew-deadline')!;
  if (f.has('leader-elect-retry-period')) le.retryPeriod = f.get('leader-elect-retry-period')!;
  if (f.has('leader-elect-resource-lock')) le.resourceLock = f.get('leader-elect-resource-lock')!;
  if (f.has('leader-elect-resource-name')) le.resourceName = f.get('leader-elect-resource-name')!;
  if (f.has('leader-elect-resource-namespace')) le.resourceNamespace = f.get('leader-elect-resource-namespace')!;
}

/**
 * The configuration a kube-scheduler container runs with, from its argv (command then args, binary first) and a
 * reader of files as the container sees them (throwing Go's `open PATH: no such file or directory`).
 */
export function schedulerFromCommand(argv: string[], readFile: (path: string) => string | Uint8Array, pointsOf?: PluginPoints): SchedulerCommand {
  const parsed = parseSchedulerFlags(argv.slice(1));
  if ('error' in parsed) return { ok: false, flagError: parsed.error };
  const f = parsed.flags;
  let cfg: KubeSchedulerConfiguration;
  try {
    const configPath = f.get('config');
    if (configPath) {
      let data: string | Uint8Array;
      try {
        data = readFile(configPath);
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
      cfg = decodeSchedulerConfiguration(data);
    } else {
      cfg = defaultConfiguration();
      if (f.has('profiling')) cfg.enableProfiling = parseBool(f.get('profiling')!);
      if (f.has('contention-profiling')) cfg.enableContentionProfiling = parseBool(f.get('contention-profiling')!);
      if (f.has('kubeconfig')) cfg.clientConnection.kubeconfig = f.get('kubeconfig')!;
    }
    applyLeaderElectionFlags(cfg, f);
    const errs = validateSchedulerConfiguration(cfg);
    if (errs.length > 0) return { ok: false, error: aggregate(errs) };
    checkProfilesBuild(cfg, pointsOf);
  } catch (e) {
    if (e instanceof SchedulerConfigError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, config: cfg, flags: f };
}
