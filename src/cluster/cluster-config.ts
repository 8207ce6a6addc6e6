/**
 * The cluster configuration file (`kubesim up --config cluster.yaml`, documented in docs/cluster-config.md): the
 * nodes (names, roles, labels, taints, capacity, reservations), the kubelets' and the controller manager's periods,
 * and the simulated runtime's timings. The first `up` stores the complete, defaulted form in KUBESIM_HOME/cluster.yaml,
 * which every later start and `kubesim node add/remove` read and update.
 */
import { readFileSync } from 'node:fs';
import { dump, loadAll } from 'js-yaml';
import { duplicate, invalid, notSupported, required, type FieldError, FieldPath } from '../api/field-error.js';
import { isDNS1123Subdomain, validateLabels } from '../api/name-validation.js';
import type { Taint } from '../api/taints.js';
import { parseGoDuration } from '../util/go-duration.js';
import { tryParseQuantity } from '../util/quantity.js';

export const ClusterConfigApiVersion = 'kubesim.io/v1alpha1';
export const ClusterConfigKind = 'Cluster';

export type NodeRole = 'control-plane' | 'worker';

export interface NodeConfig {
  name: string;
  role: NodeRole;
  /** Extra labels the kubelet registers the node with (--node-labels); the role's labels are added. */
  labels: Record<string, string>;
  /** Taints the kubelet registers the node with (--register-with-taints); the control-plane taint is added. */
  taints: Taint[];
  /** The machine: cpu, memory, pods, ephemeral-storage and extended resources (nvidia.com/gpu). */
  capacity: Record<string, string>;
  /** Per-node overrides of the kubelet's reservations. */
  kubeReserved?: Record<string, string>;
  systemReserved?: Record<string, string>;
  evictionHard?: Record<string, string>;
  /** The node's InternalIP; assigned from 192.168.56.10 up when absent. */
  internalIP: string;
}

export interface KubeletSettings {
  nodeStatusUpdateFrequency: string;
  nodeStatusReportFrequency: string;
  nodeLeaseDurationSeconds: number;
  fileCheckFrequency: string;
  kubeReserved: Record<string, string>;
  systemReserved: Record<string, string>;
  evictionHard: Record<string, string>;
}

export interface ControllerManagerSettings {
  nodeMonitorPeriod: string;
  nodeMonitorGracePeriod: string;
  nodeStartupGracePeriod: string;
  nodeEvictionRate: number;
  secondaryNodeEvictionRate: number;
  unhealthyZoneThreshold: number;
  largeClusterSizeThreshold: number;
}

export interface ClusterConfig {
  apiVersion: typeof ClusterConfigApiVersion;
  kind: typeof ClusterConfigKind;
  networking: { podSubnet: string; nodeCIDRMaskSize: number };
  kubelet: KubeletSettings;
  controllerManager: ControllerManagerSettings;
  /** kubesim's own timings of the simulated runtime (image pulls, back-offs), in milliseconds. */
  simulation: { kubelet: Record<string, number | boolean> };
  nodes: NodeConfig[];
}

/** The control-plane node's role label and taint, as kubeadm's mark-control-plane phase sets them. */
export const ControlPlaneLabels = { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' };
export const ControlPlaneTaint: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** A kubeadm lab machine: 2 CPUs, about 4 GiB of memory, a 20 GiB disk. */
export const defaultCapacity: Record<string, string> = { cpu: '2', 'ephemeral-storage': '20134592Ki', memory: '4025224Ki', pods: '110' };

export const defaultKubeletSettings: KubeletSettings = {
  nodeStatusUpdateFrequency: '10s',
  nodeStatusReportFrequency: '5m0s',
  nodeLeaseDurationSeconds: 40,
  fileCheckFrequency: '20s',
  kubeReserved: {},
  systemReserved: {},
  evictionHard: {},
};

export const defaultControllerManagerSettings: ControllerManagerSettings = {
  nodeMonitorPeriod: '5s',
  nodeMonitorGracePeriod: '50s',
  nodeStartupGracePeriod: '1m0s',
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  unhealthyZoneThreshold: 0.55,
  largeClusterSizeThreshold: 50,
};

/** Node names of a default cluster of n nodes: controlplane, node01, node02, ... */
export function defaultNodeNames(n: number): string[] {
  return ['controlplane', ...Array.from({ length: Math.max(0, n - 1) }, (_, i) => `node${String(i + 1).padStart(2, '0')}`)];
}

/** The kubeadm-shaped cluster of `kubesim up [--nodes N]`: one control-plane node and N-1 workers. */
export function defaultClusterConfig(nodes = 3): ClusterConfig {
  return normalizeClusterConfig({ nodes: defaultNodeNames(nodes).map((name, i) => ({ name, role: i === 0 ? 'control-plane' : 'worker' })) }).config!;
}

/** The i-th node address of the simulated host-only network. */
export function nodeAddress(i: number): string {
  return `192.168.56.${10 + i}`;
}

export class ClusterConfigError extends Error {
  constructor(
    readonly source: string,
    readonly errors: readonly (FieldError | string)[],
  ) {
    super(errors.length === 1 ? `${source}: ${errors[0]}` : `${source}:\n${errors.map((e) => `* ${e}`).join('\n')}`);
    this.name = 'ClusterConfigError';
  }
}

/** Reads and validates a cluster configuration file; throws ClusterConfigError naming the file and every problem. */
export function readClusterConfigFile(path: string): ClusterConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ClusterConfigError(path, [code === 'ENOENT' ? 'no such file or directory' : (e as Error).message]);
  }
  return parseClusterConfig(text, path);
}

export function parseClusterConfig(text: string, source = 'cluster config'): ClusterConfig {
  let doc: unknown;
  try {
    // An empty file (or one of comments only) is the default cluster.
    doc = loadAll(text)[0];
  } catch (e) {
    throw new ClusterConfigError(source, [`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`]);
  }
  const { config, errors } = normalizeClusterConfig(doc ?? {});
  if (errors.length) throw new ClusterConfigError(source, errors);
  return config!;
}

/** The cluster's stored form, for KUBESIM_HOME/cluster.yaml. */
export function formatClusterConfig(config: ClusterConfig): string {
  return `# kubesim cluster: written by the first \`kubesim up\`, changed by \`kubesim node add/remove\`.\n${dump(config, { lineWidth: -1, noRefs: true })}`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Defaults and validates a configuration document (any of its fields may be missing). */
export function normalizeClusterConfig(doc: unknown): { config?: ClusterConfig; errors: FieldError[] } {
  const errs: FieldError[] = [];
  if (!isObj(doc)) return { errors: [invalid('', doc, 'must be a mapping')] };
  const root = FieldPath.root('');
  const known = new Set(['apiVersion', 'kind', 'networking', 'kubelet', 'controllerManager', 'simulation', 'nodes']);
  for (const k of Object.keys(doc)) if (!known.has(k)) errs.push(invalid(k, k, 'unknown field'));
  if (doc.apiVersion !== undefined && doc.apiVersion !== ClusterConfigApiVersion) errs.push(notSupported('apiVersion', doc.apiVersion, [ClusterConfigApiVersion]));
  if (doc.kind !== undefined && doc.kind !== ClusterConfigKind) errs.push(notSupported('kind', doc.kind, [ClusterConfigKind]));

  const networkingIn = isObj(doc.networking) ? doc.networking : {};
  const networking = { podSubnet: '10.244.0.0/16', nodeCIDRMaskSize: 24, ...networkingIn } as ClusterConfig['networking'];
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(String(networking.podSubnet))) errs.push(invalid('networking.podSubnet', networking.podSubnet, 'must be an IPv4 CIDR such as 10.244.0.0/16'));
  const prefix = Number(String(networking.podSubnet).split('/')[1]);
  if (!Number.isInteger(networking.nodeCIDRMaskSize) || networking.nodeCIDRMaskSize < prefix || networking.nodeCIDRMaskSize > 30) {
    errs.push(invalid('networking.nodeCIDRMaskSize', networking.nodeCIDRMaskSize, `must be between the pod subnet's prefix (${prefix}) and 30`));
  }

  const kubeletIn = isObj(doc.kubelet) ? doc.kubelet : {};
  const kubelet: KubeletSettings = { ...defaultKubeletSettings, ...(kubeletIn as Partial<KubeletSettings>) };
  for (const k of ['nodeStatusUpdateFrequency', 'nodeStatusReportFrequency', 'fileCheckFrequency'] as const) checkDuration(`kubelet.${k}`, kubelet[k], errs);
  if (!Number.isInteger(kubelet.nodeLeaseDurationSeconds) || kubelet.nodeLeaseDurationSeconds <= 0) {
    errs.push(invalid('kubelet.nodeLeaseDurationSeconds', kubelet.nodeLeaseDurationSeconds, 'nodeLeaseDurationSeconds must be greater than 0'));
  }
  for (const k of ['kubeReserved', 'systemReserved'] as const) checkQuantities(`kubelet.${k}`, kubelet[k], errs);
  checkThresholds('kubelet.evictionHard', kubelet.evictionHard, errs);

  const cmIn = isObj(doc.controllerManager) ? doc.controllerManager : {};
  const controllerManager: ControllerManagerSettings = { ...defaultControllerManagerSettings, ...(cmIn as Partial<ControllerManagerSettings>) };
  for (const k of ['nodeMonitorPeriod', 'nodeMonitorGracePeriod', 'nodeStartupGracePeriod'] as const) checkDuration(`controllerManager.${k}`, controllerManager[k], errs);
  for (const k of ['nodeEvictionRate', 'secondaryNodeEvictionRate', 'unhealthyZoneThreshold', 'largeClusterSizeThreshold'] as const) {
    if (typeof controllerManager[k] !== 'number' || controllerManager[k] < 0) errs.push(invalid(`controllerManager.${k}`, controllerManager[k], 'must be a number not below 0'));
  }

  const simIn = isObj(doc.simulation) && isObj(doc.simulation.kubelet) ? doc.simulation.kubelet : {};
  const simulation = { kubelet: {} as Record<string, number | boolean> };
  for (const [k, v] of Object.entries(simIn)) {
    if ((typeof v === 'number' && v >= 0) || typeof v === 'boolean') simulation.kubelet[k] = v;
    else errs.push(invalid(`simulation.kubelet.${k}`, v, 'must be a number of milliseconds (or true/false for a switch)'));
  }

  const nodesIn = doc.nodes === undefined ? defaultNodeNames(3).map((name, i) => ({ name, role: i === 0 ? 'control-plane' : 'worker' })) : doc.nodes;
  const nodes: NodeConfig[] = [];
  if (!Array.isArray(nodesIn) || nodesIn.length === 0) errs.push(required('nodes', 'a cluster needs at least one node'));
  else {
    const names = new Set<string>();
    nodesIn.forEach((n: unknown, i: number) => {
      const node = normalizeNodeConfig(n, root.child('nodes').index(i).toString().replace(/^\./, ''), i, errs);
      if (!node) return;
      if (names.has(node.name)) errs.push(duplicate(`nodes[${i}].name`, node.name));
      names.add(node.name);
      nodes.push(node);
    });
    if (nodes.length && !nodes.some((n) => n.role === 'control-plane')) errs.push(required('nodes', 'a cluster needs a node with role control-plane'));
  }
  if (errs.length) return { errors: errs };
  return {
    config: { apiVersion: ClusterConfigApiVersion, kind: ClusterConfigKind, networking, kubelet, controllerManager, simulation, nodes },
    errors: [],
  };
}

/** One node's entry, defaulted; undefined when it is not even a mapping with a name. */
export function normalizeNodeConfig(n: unknown, path: string, index: number, errs: FieldError[]): NodeConfig | undefined {
  if (!isObj(n)) {
    errs.push(invalid(path, n, 'must be a mapping'));
    return undefined;
  }
  const known = new Set(['name', 'role', 'labels', 'taints', 'capacity', 'kubeReserved', 'systemReserved', 'evictionHard', 'internalIP']);
  for (const k of Object.keys(n)) if (!known.has(k)) errs.push(invalid(`${path}.${k}`, k, 'unknown field'));
  const name = n.name;
  if (typeof name !== 'string' || name === '') {
    errs.push(required(`${path}.name`));
    return undefined;
  }
  for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(`${path}.name`, name, msg));
  const role = (n.role ?? (index === 0 ? 'control-plane' : 'worker')) as NodeRole;
  if (role !== 'control-plane' && role !== 'worker') errs.push(notSupported(`${path}.role`, role, ['control-plane', 'worker']));
  const labels = isObj(n.labels) ? Object.fromEntries(Object.entries(n.labels).map(([k, v]) => [k, v === null ? '' : String(v)])) : {};
  errs.push(...validateLabels(labels, `${path}.labels`));
  const taints: Taint[] = [];
  if (n.taints !== undefined) {
    if (!Array.isArray(n.taints)) errs.push(invalid(`${path}.taints`, n.taints, 'must be a list'));
    else
      n.taints.forEach((t: unknown, j: number) => {
        const tp = `${path}.taints[${j}]`;
        const taint = typeof t === 'string' ? parseTaintSpec(t) : isObj(t) ? (t as unknown as Taint) : undefined;
        if (!taint || typeof taint.key !== 'string' || !taint.key) return errs.push(required(`${tp}.key`));
        if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(taint.effect)) return errs.push(notSupported(`${tp}.effect`, taint.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
        taints.push({ key: taint.key, ...(taint.value ? { value: String(taint.value) } : {}), effect: taint.effect });
      });
  }
  const capacity = { ...defaultCapacity, ...(isObj(n.capacity) ? stringValues(n.capacity) : {}) };
  checkQuantities(`${path}.capacity`, capacity, errs);
  const node: NodeConfig = { name, role, labels, taints, capacity, internalIP: typeof n.internalIP === 'string' ? n.internalIP : nodeAddress(index) };
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(node.internalIP)) errs.push(invalid(`${path}.internalIP`, node.internalIP, 'must be an IPv4 address'));
  for (const k of ['kubeReserved', 'systemReserved'] as const) {
    if (isObj(n[k])) {
      node[k] = stringValues(n[k] as Obj);
      checkQuantities(`${path}.${k}`, node[k]!, errs);
    }
  }
  if (isObj(n.evictionHard)) {
    node.evictionHard = stringValues(n.evictionHard);
    checkThresholds(`${path}.evictionHard`, node.evictionHard, errs);
  }
  return node;
}

/** `key=value:Effect` or `key:Effect`, as kubectl taint and kubeadm's taint flags write them. */
export function parseTaintSpec(spec: string): Taint | undefined {
  const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(spec.trim());
  if (!m) return undefined;
  return { key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3]! };
}

/** The labels and taints a node registers with: its own plus its role's. */
export function registrationOf(node: NodeConfig): { labels: Record<string, string>; taints: Taint[] } {
  if (node.role !== 'control-plane') return { labels: { ...node.labels }, taints: node.taints.map((t) => ({ ...t })) };
  const taints = node.taints.some((t) => t.key === ControlPlaneTaint.key && t.effect === ControlPlaneTaint.effect) ? node.taints : [...node.taints, ControlPlaneTaint];
  return { labels: { ...ControlPlaneLabels, ...node.labels }, taints: taints.map((t) => ({ ...t })) };
}

/** A Go duration in milliseconds. */
export function durationMs(text: string): number {
  return parseGoDuration(text) / 1e6;
}

function stringValues(o: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}

function checkDuration(path: string, v: unknown, errs: FieldError[]): void {
  try {
    if (typeof v !== 'string' || parseGoDuration(v) <= 0) throw new Error('must be a positive duration such as 10s or 500ms');
  } catch (e) {
    errs.push(invalid(path, v, (e as Error).message));
  }
}

function checkQuantities(path: string, values: Record<string, string>, errs: FieldError[]): void {
  for (const [k, v] of Object.entries(values)) {
    const q = tryParseQuantity(v);
    if (!q) errs.push(invalid(`${path}.${k}`, v, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
    else if (q.sign() < 0) errs.push(invalid(`${path}.${k}`, v, 'must be greater than or equal to 0'));
  }
}

function checkThresholds(path: string, values: Record<string, string>, errs: FieldError[]): void {
  const signals = ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'];
  for (const [k, v] of Object.entries(values)) {
    if (!signals.includes(k)) errs.push(notSupported(`${path}.${k}`, k, signals));
    else if (!(v.endsWith('%') ? /^\d+(\.\d+)?%$/.test(v) : tryParseQuantity(v))) errs.push(invalid(`${path}.${k}`, v, 'must be a quantity or a percentage'));
  }
}
