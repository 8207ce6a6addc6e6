/**
 * A container's environment as the kubelet computes it (kubelet_pods.go makeEnvironmentVariables): envFrom, then env
 * with `$(VAR)` expansion and valueFrom sources (configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef), then the
 * service links (FromServices). A missing ConfigMap, Secret or key is a CreateContainerConfigError.
 */
import type { Container, EnvVar, ObjectFieldSelector, Pod, ResourceFieldSelector, Service } from 'kubernetes-types/core/v1.js';
import { parseQuantity, type Quantity } from '../util/quantity.js';

/** A failure to build the container's config: the waiting reason CreateContainerConfigError with this message. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

export interface NameValue {
  name: string;
  value: string;
}

/** What the environment needs from the API (the kubelet's configMap and secret managers). */
export interface EnvSources {
  /** The ConfigMap's data, or undefined when it does not exist. */
  configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** The Secret's decoded data, or undefined when it does not exist. */
  secret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** Services of the pod's namespace and the `kubernetes` Service of `default`. */
  services(namespace: string): Promise<Service[]>;
  /** The node's allocatable resources (limits default to them for resourceFieldRef). */
  nodeAllocatable?: Record<string, string>;
}

export interface PodAddresses {
  podIP: string;
  podIPs: string[];
  hostIP: string;
  hostIPs: string[];
}

/** expansion.Expand: `$(VAR)` becomes VAR's value when defined, `$$` an escaped `$`; anything else stays as written. */
export function expandReferences(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const next = input[cursor + 1];
      if (next === '$') {
        out += '$';
        cursor++;
      } else if (next === '(') {
        const close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out += input.slice(cursor, cursor + 2);
          cursor++;
        } else {
          const name = input.slice(cursor + 2, close);
          const value = lookup(name);
          out += value !== undefined ? value : `$(${name})`;
          cursor = close;
        }
      } else {
        out += `$${next}`;
        cursor++;
      }
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}

const envName = (s: string) => s.replace(/-/g, '_').toUpperCase();

/** envvars.FromServices: `<NAME>_SERVICE_HOST`, `_SERVICE_PORT`, named ports, and Docker-link variables. */
export function serviceEnvVars(services: readonly Service[]): NameValue[] {
  const out: NameValue[] = [];
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const ports = svc.spec?.ports ?? [];
    if (ports.length === 0) continue;
    const prefix = envName(svc.metadata?.name ?? '');
    out.push({ name: `${prefix}_SERVICE_HOST`, value: ip });
    out.push({ name: `${prefix}_SERVICE_PORT`, value: String(ports[0]!.port) });
    for (const p of ports) if (p.name) out.push({ name: `${prefix}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      const hostPort = ip.includes(':') ? `[${ip}]:${p.port}` : `${ip}:${p.port}`;
      if (i === 0) out.push({ name: `${prefix}_PORT`, value: `${proto}://${hostPort}` });
      const portPrefix = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.push({ name: portPrefix, value: `${proto}://${hostPort}` });
      out.push({ name: `${portPrefix}_PROTO`, value: proto });
      out.push({ name: `${portPrefix}_PORT`, value: String(p.port) });
      out.push({ name: `${portPrefix}_ADDR`, value: ip });
    });
  }
  return out;
}

/** The services whose variables a pod gets: its namespace's (enableServiceLinks) and `kubernetes` of default. */
export function serviceLinkVars(services: readonly Service[], namespace: string, enableServiceLinks: boolean): Map<string, string> {
  const byName = new Map<string, Service>();
  for (const svc of services) {
    const name = svc.metadata?.name ?? '';
    if (svc.metadata?.namespace === 'default' && name === 'kubernetes') {
      if (!byName.has(name)) byName.set(name, svc);
    } else if (svc.metadata?.namespace === namespace && enableServiceLinks) byName.set(name, svc);
  }
  const sorted = [...byName.keys()].sort().map((k) => byName.get(k)!);
  return new Map(serviceEnvVars(sorted).map((v) => [v.name, v.value]));
}

const labelKeyRe = /^metadata\.(labels|annotations)\['(.+)'\]$/;

/** podFieldSelectorRuntimeValue: a fieldRef's value for a pod. */
export function fieldRefValue(ref: ObjectFieldSelector, pod: Pod, addr: PodAddresses): string {
  const path = ref.fieldPath;
  switch (path) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return addr.hostIP;
    case 'status.hostIPs':
      return addr.hostIPs.join(',');
    case 'status.podIP':
      return addr.podIP;
    case 'status.podIPs':
      return addr.podIPs.join(',');
    case 'metadata.labels':
      return formatMap(pod.metadata?.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata?.annotations);
  }
  const m = labelKeyRe.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2]!] ?? '';
  throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
}

/** fieldpath.FormatMap: `key="value"` lines, sorted (the downward API's labels and annotations files). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/** containerResourceRuntimeValue: a resourceFieldRef (limits default to the node's allocatable) over its divisor, rounded up. */
export function resourceFieldValue(ref: ResourceFieldSelector, container: Container, nodeAllocatable: Record<string, string> = {}): string {
  const [kind, resource] = ref.resource.split('.') as ['limits' | 'requests', string];
  const res = container.resources ?? {};
  // Limits not set default to the node's allocatable (defaultPodLimitsForDownwardAPI); requests were defaulted by the API.
  const raw = (kind === 'limits' ? (res.limits?.[resource] ?? nodeAllocatable[resource]) : res.requests?.[resource]) ?? '0';
  const q = parseQuantity(raw as string);
  const divisor = parseQuantity(ref.divisor !== undefined ? String(ref.divisor) : '1');
  return String(ceilDiv(q, divisor));
}

function ceilDiv(q: Quantity, divisor: Quantity): number {
  const a = q.asApproximateFloat64();
  const b = divisor.asApproximateFloat64();
  if (b === 0) return 0;
  return Math.ceil(a / b - 1e-12);
}

/** makeEnvironmentVariables for one container: the variables, in declaration order, then the service links. */
export async function containerEnvironment(pod: Pod, container: Container, addr: PodAddresses, sources: EnvSources): Promise<NameValue[]> {
  const ns = pod.metadata?.namespace ?? 'default';
  const serviceEnv = serviceLinkVars(await sources.services(ns), ns, pod.spec?.enableServiceLinks !== false);
  const configMaps = new Map<string, Record<string, string>>();
  const secrets = new Map<string, Record<string, string>>();
  const tmp = new Map<string, string>();

  const getConfigMap = async (name: string, optional: boolean): Promise<Record<string, string> | undefined> => {
    if (configMaps.has(name)) return configMaps.get(name);
    const data = await sources.configMap(ns, name);
    if (!data) {
      if (optional) return undefined;
      throw new ContainerConfigError(`configmap "${name}" not found`);
    }
    configMaps.set(name, data);
    return data;
  };
  const getSecret = async (name: string, optional: boolean): Promise<Record<string, string> | undefined> => {
    if (secrets.has(name)) return secrets.get(name);
    const data = await sources.secret(ns, name);
    if (!data) {
      if (optional) return undefined;
      throw new ContainerConfigError(`secret "${name}" not found`);
    }
    secrets.set(name, data);
    return data;
  };

  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const data = await getConfigMap(from.configMapRef.name ?? '', from.configMapRef.optional === true);
      for (const [k, v] of Object.entries(data ?? {})) {
        const key = (from.prefix ?? '') + k;
        if (isEnvVarName(key)) tmp.set(key, v);
      }
    } else if (from.secretRef) {
      const data = await getSecret(from.secretRef.name ?? '', from.secretRef.optional === true);
      for (const [k, v] of Object.entries(data ?? {})) {
        const key = (from.prefix ?? '') + k;
        if (isEnvVarName(key)) tmp.set(key, v);
      }
    }
  }

  const lookup = (name: string) => tmp.get(name) ?? serviceEnv.get(name);
  for (const env of container.env ?? []) {
    const value = await envValue(env, pod, container, addr, sources, lookup, getConfigMap, getSecret, ns);
    if (value === undefined) continue;
    tmp.delete(env.name);
    tmp.set(env.name, value);
  }

  const result: NameValue[] = [...tmp].map(([name, value]) => ({ name, value }));
  for (const [name, value] of serviceEnv) if (!tmp.has(name)) result.push({ name, value });
  return result;
}

async function envValue(
  env: EnvVar,
  pod: Pod,
  container: Container,
  addr: PodAddresses,
  sources: EnvSources,
  lookup: (name: string) => string | undefined,
  getConfigMap: (name: string, optional: boolean) => Promise<Record<string, string> | undefined>,
  getSecret: (name: string, optional: boolean) => Promise<Record<string, string> | undefined>,
  ns: string,
): Promise<string | undefined> {
  if (env.value) return expandReferences(env.value, lookup);
  const from = env.valueFrom;
  if (!from) return '';
  if (from.fieldRef) return fieldRefValue(from.fieldRef, pod, addr);
  if (from.resourceFieldRef) return resourceFieldValue(from.resourceFieldRef, container, sources.nodeAllocatable);
  if (from.configMapKeyRef) {
    const { name = '', key, optional } = from.configMapKeyRef;
    const data = await getConfigMap(name, optional === true);
    if (!data) return undefined;
    if (!(key in data)) {
      if (optional) return undefined;
      throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
    }
    return data[key];
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional } = from.secretKeyRef;
    const data = await getSecret(name, optional === true);
    if (!data) return undefined;
    if (!(key in data)) {
      if (optional) return undefined;
      throw new ContainerConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
    }
    return data[key];
  }
  return '';
}

/** validation.IsEnvVarName: letters, digits, `_`, `-`, `.`, not starting with a digit. */
function isEnvVarName(s: string): boolean {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(s);
}

/** ExpandContainerCommandAndArgs: `$(VAR)` references in command and args, from the container's environment. */
export function expandCommand(args: readonly string[], env: readonly NameValue[]): string[] {
  const map = new Map(env.map((e) => [e.name, e.value]));
  return args.map((a) => expandReferences(a, (n) => map.get(n)));
}
