/** Containers as describe prints them in pods and pod templates: image, ports, command, state, resources, probes, env, mounts. */
import type { Container, ContainerPort, ContainerState, ContainerStatus, EnvVar, Pod, Probe, ResourceRequirements } from 'kubernetes-types/core/v1.js';
import { goQuote } from '../../api/field-error.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import type { DescribeContext } from './describe-context.js';
import { goSlice, printBool, stringOrNone } from './go-text.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './prefix-writer.js';
import { quantityFrom, quantityOf, quantityText, sortedResourceNames } from './quantity-text.js';
import { rfc1123z } from './time-text.js';

/** Resolves a fieldRef env var to its value; pod templates have none (the value prints empty). */
export type EnvVarResolver = (e: EnvVar) => string;

/**
 * EnvValueRetriever: kubectl's scheme knows only the default field-label conversion, so only metadata.name
 * and metadata.namespace resolve; any other fieldRef (status.podIP, spec.nodeName, labels) prints empty.
 */
export function envValueRetriever(pod: Pod): EnvVarResolver {
  return (e) => {
    switch (e.valueFrom?.fieldRef?.fieldPath) {
      case 'metadata.name':
        return pod.metadata?.name ?? '';
      case 'metadata.namespace':
        return pod.metadata?.namespace ?? '';
      default:
        return '';
    }
  };
}

export function describeContainers(
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  resolver: EnvVarResolver | undefined,
  w: PrefixWriter,
  space: string,
  ctx: DescribeContext,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const container of containers) {
    const status = byName.get(container.name);
    describeContainerBasicInfo(container, status, space, w);
    describeContainerCommand(container, w);
    if (status) describeContainerState(status, w, ctx);
    describeResources(container.resources, w, LEVEL_2);
    describeContainerProbe(container, w);
    if (container.envFrom?.length) describeContainerEnvFrom(container, w);
    describeContainerEnvVars(container, resolver, w);
    describeContainerVolumes(container, w);
  }
}

const portList = (ports: readonly ContainerPort[] | undefined, pick: (p: ContainerPort) => number | undefined) =>
  (ports ?? []).map((p) => `${pick(p) ?? 0}/${p.protocol ?? ''}`).join(', ');

function describeContainerBasicInfo(container: Container, status: ContainerStatus | undefined, space: string, w: PrefixWriter): void {
  const nameIndent = space.length > 0 ? ' ' : '';
  w.write(LEVEL_1, `${nameIndent}${container.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${container.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports = portList(container.ports, (p) => p.containerPort);
  if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portList(container.ports, (p) => p.hostPort);
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = container.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function describeContainerCommand(container: Container, w: PrefixWriter): void {
  if (container.command?.length) {
    w.write(LEVEL_2, 'Command:\n');
    for (const c of container.command) for (const s of c.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
  if (container.args?.length) {
    w.write(LEVEL_2, 'Args:\n');
    for (const a of container.args) for (const s of a.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

/** describeResources: Limits then Requests, names sorted. */
export function describeResources(resources: ResourceRequirements | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  const limits = sortedResourceNames(resources.limits);
  if (limits.length) w.write(level, 'Limits:\n');
  for (const name of limits) w.write(level + 1, `${name}:\t${quantityText(resources.limits![name])}\n`);
  const requests = sortedResourceNames(resources.requests);
  if (requests.length) w.write(level, 'Requests:\n');
  for (const name of requests) w.write(level + 1, `${name}:\t${quantityText(resources.requests![name])}\n`);
}

function describeContainerState(status: ContainerStatus, w: PrefixWriter, ctx: DescribeContext): void {
  describeStatus('State', status.state ?? {}, w, ctx);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w, ctx);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeStatus(stateName: string, state: ContainerState, w: PrefixWriter, ctx: DescribeContext): void {
  if (state.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt, ctx)}\n`);
  } else if (state.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt, ctx)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt, ctx)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

function describeContainerProbe(container: Container, w: PrefixWriter): void {
  if (container.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
  if (container.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
  if (container.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
}

/** net.JoinHostPort: IPv6 hosts get brackets. */
const joinHostPort = (host: string, port: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** url.URL.String() of scheme, host and path, escaping the path as Go's EscapedPath does for common characters. */
function urlString(scheme: string, host: string, path: string): string {
  let s = scheme ? `${scheme}:` : '';
  if (scheme || host) s += `//${host}`;
  if (path && !path.startsWith('/') && host) s += '/';
  return s + encodeURI(path).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/** DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3` and kin. */
export function describeProbe(probe: Probe): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s #success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec) return `exec ${goSlice(probe.exec.command)} ${attrs}`;
  if (probe.httpGet) {
    const port = String(probe.httpGet.port ?? '');
    const host = probe.httpGet.host ?? '';
    const url = urlString((probe.httpGet.scheme ?? '').toLowerCase(), port.length > 0 ? joinHostPort(host, port) : host, probe.httpGet.path ?? '');
    return `http-get ${url} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${String(probe.tcpSocket.port ?? '')} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainerEnvFrom(container: Container, w: PrefixWriter): void {
  w.write(LEVEL_2, `Environment Variables from:${container.envFrom?.length ? '' : '\t<none>'}\n`);
  for (const e of container.envFrom ?? []) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional ?? false;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional ?? false;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

/** resourcehelper.ExtractContainerResourceValue: the ceiling of the resource over the divisor, as an integer string. */
function containerResourceValue(resource: string, divisorRaw: string | number | undefined, container: Container): string | undefined {
  let divisor = quantityFrom(divisorRaw);
  if (divisor.isZero()) divisor = quantityFrom(1);
  const limits = container.resources?.limits;
  const requests = container.resources?.requests;
  const milli = (list: typeof limits, name: string) => Math.ceil(quantityOf(list, name).milliValue() / divisor.milliValue());
  const whole = (list: typeof limits, name: string) => Math.ceil(quantityOf(list, name).value() / divisor.value());
  switch (resource) {
    case 'limits.cpu':
      return String(milli(limits, 'cpu'));
    case 'limits.memory':
      return String(whole(limits, 'memory'));
    case 'limits.ephemeral-storage':
      return String(whole(limits, 'ephemeral-storage'));
    case 'requests.cpu':
      return String(milli(requests, 'cpu'));
    case 'requests.memory':
      return String(whole(requests, 'memory'));
    case 'requests.ephemeral-storage':
      return String(whole(requests, 'ephemeral-storage'));
    default:
      return undefined;
  }
}

function describeContainerEnvVars(container: Container, resolver: EnvVarResolver | undefined, w: PrefixWriter): void {
  w.write(LEVEL_2, `Environment:${container.env?.length ? '' : '\t<none>'}\n`);
  for (const e of container.env ?? []) {
    if (!e.valueFrom) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const from = e.valueFrom;
    if (from.fieldRef) {
      const value = resolver ? resolver(e) : '';
      w.write(LEVEL_3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource;
      let value = containerResourceValue(resource, from.resourceFieldRef.divisor, container) ?? '';
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const optional = from.secretKeyRef.optional ?? false;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ''}'>\tOptional: ${optional}\n`);
    } else if (from.configMapKeyRef) {
      const optional = from.configMapKeyRef.optional ?? false;
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ''}'>\tOptional: ${optional}\n`);
    }
  }
}

function describeContainerVolumes(container: Container, w: PrefixWriter): void {
  const none = container.volumeMounts?.length ? '' : '\t<none>';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => compareGoStrings(a.mountPath, b.mountPath));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${goQuote(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  if (container.volumeDevices?.length) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    const devices = [...container.volumeDevices].sort((a, b) => compareGoStrings(a.devicePath, b.devicePath));
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}
