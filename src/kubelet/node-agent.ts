/**
 * The node side of a simulated kubelet: it registers the Node as the kubelet does (labels, addresses, capacity,
 * allocatable, nodeInfo, conditions), posts the node's status every nodeStatusUpdateFrequency (written when it
 * changed or nodeStatusReportFrequency passed), and renews its Lease in kube-node-lease every renew interval. Stopping
 * it is a node failure as the control plane sees it: the lease and the status stop, nothing is cleaned up.
 * Upstream: pkg/kubelet/kubelet_node_status.go, nodestatus/setters.go, pkg/kubelet/nodelease, cm's allocatable.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../api/errors.js';
import { deepCopy, deepEqual, type KubeObject } from '../api/object.js';
import type { Taint } from '../api/taints.js';
import type { Client } from '../client/client.js';
import { EventRecorder, type ObjectReference } from '../client/event-recorder.js';
import { Leases, Nodes } from '../client/resources.js';
import { rfc3339, rfc3339Micro, type Timer, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { parseQuantity, Quantity, QuantityFormat } from '../util/quantity.js';

/** What `kubectl get nodes -o wide` shows of the simulated machines. */
export const KubeletVersion = 'v1.32.4';
export const ContainerRuntimeVersion = 'containerd://1.7.24';
export const OsImage = 'Ubuntu 22.04.5 LTS';
export const KernelVersion = '5.15.0-126-generic';
export const NodeLeaseNamespace = 'kube-node-lease';
/** The kubelet's port, reported in status.daemonEndpoints. */
export const KubeletPort = 10250;

/** The kubelet's defaults (KubeletConfiguration v1beta1). */
export const defaultNodeAgentConfig: NodeAgentConfig = {
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  nodeLeaseDurationSeconds: 40,
  kubeReserved: {},
  systemReserved: {},
  evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%', 'nodefs.inodesFree': '5%', 'imagefs.available': '15%' },
};

export interface NodeAgentConfig {
  /** How often the status is computed (and written if it changed). */
  nodeStatusUpdateFrequencyMs: number;
  /** How often the status is written even when nothing changed. */
  nodeStatusReportFrequencyMs: number;
  nodeLeaseDurationSeconds: number;
  /** The lease is renewed this often; a quarter of the lease duration when absent, as the kubelet. */
  nodeLeaseRenewIntervalMs?: number;
  kubeReserved: Record<string, string>;
  systemReserved: Record<string, string>;
  /** Hard eviction thresholds (`memory.available: 100Mi`, `nodefs.available: 10%`): reserved from allocatable. */
  evictionHard: Record<string, string>;
}

/** The simulated machine: what cadvisor and the OS would tell the kubelet, and its registration flags. */
export interface NodeMachine {
  /** cpu, memory, pods, ephemeral-storage, hugepages-*, extended resources (nvidia.com/gpu). */
  capacity: Record<string, string>;
  internalIP: string;
  /** --node-labels (and kubeadm's control-plane labels). */
  labels?: Record<string, string>;
  /** --register-with-taints. */
  taints?: Taint[];
  annotations?: Record<string, string>;
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export interface NodeAgentOptions {
  nodeName: string;
  client: Client;
  clock: TimerClock;
  log: Logger;
  machine: NodeMachine;
  config?: Partial<NodeAgentConfig>;
  /** Images present on the node, for status.images (the kubelet's image manager). */
  images?(): Array<{ names: string[]; sizeBytes: number }>;
}

type Condition = { type: string; status: string; lastHeartbeatTime?: string; lastTransitionTime?: string; reason?: string; message?: string };

/** Retries of one status update on conflicts, as nodeStatusUpdateRetry. */
const nodeStatusUpdateRetry = 5;
/** The lease controller's back-off after a failed renewal: 200 ms doubling to 7 s. */
const leaseRetryInitialMs = 200;
const leaseRetryMaxMs = 7000;

export class NodeAgent {
  readonly nodeName: string;
  private readonly config: NodeAgentConfig;
  private readonly events: EventRecorder;
  private readonly nodeRef: ObjectReference;
  private statusTimer: Timer | undefined;
  private leaseTimer: Timer | undefined;
  private running = false;
  /** Bumped on stop so loops of an earlier run end. */
  private epoch = 0;
  private lastStatusReport = 0;
  /** Until the first status after (re)start, the runtime is "not checked yet" and the node reports NotReady. */
  private runtimeChecked = false;
  private nodeUID: string | undefined;
  private leaseRetryMs = leaseRetryInitialMs;

  constructor(private readonly opts: NodeAgentOptions) {
    this.nodeName = opts.nodeName;
    this.config = { ...defaultNodeAgentConfig, ...stripUndefined(opts.config ?? {}) };
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: 'kubelet', host: opts.nodeName, log: opts.log });
    // The kubelet's node reference carries the node's name as its UID.
    this.nodeRef = { kind: 'Node', name: opts.nodeName, uid: opts.nodeName, apiVersion: '' };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Registers the node (or reconciles an existing one), posts its first status and lease, and starts the loops. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const epoch = ++this.epoch;
    this.runtimeChecked = false;
    this.lastStatusReport = 0;
    this.events.event(this.nodeRef, 'Normal', 'Starting', 'Starting kubelet.');
    this.events.event(this.nodeRef, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    await this.registerWithAPIServer();
    // fastStatusUpdateOnce: once the runtime answers, the Ready status goes out at once.
    this.runtimeChecked = true;
    await this.syncNodeStatus();
    await this.renewLease();
    if (epoch !== this.epoch) return;
    this.scheduleStatus(epoch);
    this.scheduleLease(epoch, this.renewIntervalMs);
  }

  /** Stops posting status and renewing the lease (a failed node); the Node and Lease stay as they are. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.epoch++;
    this.statusTimer?.cancel();
    this.leaseTimer?.cancel();
    await this.events.flush();
  }

  /** Waits for pending event writes (tests, shutdown). */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  get renewIntervalMs(): number {
    return this.config.nodeLeaseRenewIntervalMs ?? this.config.nodeLeaseDurationSeconds * 250;
  }

  // ---- registration --------------------------------------------------------

  /** The Node this kubelet registers (initialNode). */
  initialNode(): KubeObject {
    const { machine } = this.opts;
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': this.nodeName,
      'kubernetes.io/os': 'linux',
      ...(machine.labels ?? {}),
    };
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.nodeName,
        labels,
        annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true', ...(machine.annotations ?? {}) },
      },
      spec: machine.taints?.length ? { taints: machine.taints.map((t) => ({ ...t })) } : {},
      status: {},
    };
    this.setNodeStatus(node, this.opts.clock.now());
    return node;
  }

  private async registerWithAPIServer(): Promise<void> {
    const nodes = this.opts.client.resource(Nodes);
    const node = this.initialNode();
    this.opts.log.info('Attempting to register node', { node: this.nodeName });
    try {
      const created = await nodes.create(node);
      this.nodeUID = created.metadata.uid;
      this.lastStatusReport = this.opts.clock.now().getTime();
      this.opts.log.info('Successfully registered node', { node: this.nodeName });
      return;
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    // A restarted kubelet: reconcile the default labels and the attach-detach annotation of the existing Node.
    for (let i = 0; ; i++) {
      const existing = await nodes.get(this.nodeName);
      this.nodeUID = existing.metadata.uid;
      const updated = deepCopy(existing);
      const labels = (updated.metadata.labels ??= {});
      for (const k of ['kubernetes.io/hostname', 'kubernetes.io/os', 'kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/arch']) {
        labels[k] = node.metadata.labels![k]!;
      }
      const annotations = (updated.metadata.annotations ??= {});
      annotations['volumes.kubernetes.io/controller-managed-attach-detach'] = 'true';
      if (deepEqual(updated.metadata, existing.metadata)) break;
      try {
        await nodes.update(updated);
        break;
      } catch (e) {
        if (!isConflict(e) || i >= nodeStatusUpdateRetry) throw e;
      }
    }
    this.opts.log.info('Node was previously registered', { node: this.nodeName });
  }

  // ---- status --------------------------------------------------------------

  private scheduleStatus(epoch: number): void {
    this.statusTimer = this.opts.clock.setTimeout(() => {
      if (epoch !== this.epoch) return;
      void this.syncNodeStatus().finally(() => {
        if (epoch === this.epoch) this.scheduleStatus(epoch);
      });
    }, this.config.nodeStatusUpdateFrequencyMs);
  }

  /** updateNodeStatus: computes the status and writes it when it changed or the report period passed. */
  async syncNodeStatus(): Promise<void> {
    for (let i = 0; i < nodeStatusUpdateRetry; i++) {
      try {
        await this.tryUpdateNodeStatus();
        return;
      } catch (e) {
        this.opts.log.error('Error updating node status, will retry', { err: errText(e) });
        if (!isConflict(e)) return;
      }
    }
  }

  private async tryUpdateNodeStatus(): Promise<void> {
    const nodes = this.opts.client.resource(Nodes);
    let node: KubeObject;
    try {
      node = await nodes.get(this.nodeName);
    } catch (e) {
      throw new Error(`error getting node "${this.nodeName}": ${errText(e)}`, { cause: e });
    }
    const original = deepCopy(node);
    const now = this.opts.clock.now();
    this.setNodeStatus(node, now);
    const reportDue = now.getTime() - this.lastStatusReport >= this.config.nodeStatusReportFrequencyMs;
    if (!reportDue && !nodeStatusHasChanged(original.status as NodeStatus, node.status as NodeStatus)) return;
    await nodes.updateStatus(node);
    this.lastStatusReport = now.getTime();
  }

  /** The status setters in the kubelet's order; condition transitions record events (at registration too, as upstream). */
  private setNodeStatus(node: KubeObject, now: Date): void {
    const { machine } = this.opts;
    const status = ((node.status as NodeStatus | undefined) ?? {}) as NodeStatus;
    node.status = status;
    status.addresses = [
      { type: 'InternalIP', address: machine.internalIP },
      { type: 'Hostname', address: this.nodeName },
    ];
    const capacity = normalizeCapacity(machine.capacity);
    status.capacity = capacity;
    status.allocatable = nodeAllocatable(capacity, this.config);
    status.daemonEndpoints = { kubeletEndpoint: { Port: KubeletPort } };
    status.nodeInfo = {
      machineID: machine.machineID,
      systemUUID: machine.systemUUID,
      bootID: machine.bootID,
      kernelVersion: KernelVersion,
      osImage: OsImage,
      containerRuntimeVersion: ContainerRuntimeVersion,
      kubeletVersion: KubeletVersion,
      // DisableNodeKubeProxyVersion (on by default in 1.32): the kubelet leaves it empty.
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    };
    const images = this.opts.images?.();
    if (images && images.length) status.images = images;
    const ts = rfc3339(now);
    const conditions = (status.conditions ??= []);
    const recordEvent = (reason: string) => this.events.event(this.nodeRef, 'Normal', reason, `Node ${this.nodeName} status is now: ${reason}`);
    // MemoryPressure, DiskPressure, PIDPressure: an event whenever the condition is new or changes.
    for (const [type, reason, message, event] of [
      ['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'NodeHasSufficientMemory'],
      ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'NodeHasNoDiskPressure'],
      ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'NodeHasSufficientPID'],
    ] as const) {
      let c = conditions.find((x) => x.type === type);
      if (!c) {
        c = { type, status: 'Unknown' };
        conditions.push(c);
      }
      c.lastHeartbeatTime = ts;
      if (c.status !== 'False') {
        c.status = 'False';
        c.reason = reason;
        c.message = message;
        c.lastTransitionTime = ts;
        recordEvent(event);
      }
    }
    // Ready: an event only when an existing condition changes (the first NotReady status records none).
    const ready: Condition = this.runtimeChecked
      ? { type: 'Ready', status: 'True', lastHeartbeatTime: ts, reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { type: 'Ready', status: 'False', lastHeartbeatTime: ts, reason: 'KubeletNotReady', message: 'container runtime status check may not have completed yet' };
    const i = conditions.findIndex((x) => x.type === 'Ready');
    if (i < 0) {
      ready.lastTransitionTime = ts;
      conditions.push(orderCondition(ready));
    } else {
      const changed = conditions[i]!.status !== ready.status;
      ready.lastTransitionTime = changed ? ts : conditions[i]!.lastTransitionTime;
      conditions[i] = orderCondition(ready);
      if (changed) recordEvent(ready.status === 'True' ? 'NodeReady' : 'NodeNotReady');
    }
  }

  // ---- lease ---------------------------------------------------------------

  private scheduleLease(epoch: number, delayMs: number): void {
    this.leaseTimer = this.opts.clock.setTimeout(() => {
      if (epoch !== this.epoch) return;
      void this.renewLease().then((ok) => {
        if (epoch !== this.epoch) return;
        if (ok) {
          this.leaseRetryMs = leaseRetryInitialMs;
          this.scheduleLease(epoch, this.renewIntervalMs);
        } else {
          const delay = this.leaseRetryMs;
          this.leaseRetryMs = Math.min(leaseRetryMaxMs, this.leaseRetryMs * 2);
          this.scheduleLease(epoch, delay);
        }
      });
    }, delayMs);
  }

  /** The lease controller's sync: create the Lease if missing, else renew it. */
  async renewLease(): Promise<boolean> {
    const leases = this.opts.client.resource(Leases).namespace(NodeLeaseNamespace);
    const renewTime = rfc3339Micro(this.opts.clock.now());
    try {
      let lease: KubeObject;
      try {
        lease = await leases.get(this.nodeName);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        await leases.create(this.newLease(renewTime));
        return true;
      }
      const updated = deepCopy(lease);
      const spec = (updated.spec ??= {}) as Record<string, unknown>;
      spec.holderIdentity = this.nodeName;
      spec.leaseDurationSeconds = this.config.nodeLeaseDurationSeconds;
      spec.renewTime = renewTime;
      if (!updated.metadata.ownerReferences?.length && this.nodeUID) updated.metadata.ownerReferences = this.ownerReferences();
      await leases.update(updated);
      return true;
    } catch (e) {
      this.opts.log.error('Failed to update lease', { err: errText(e) });
      return false;
    }
  }

  private newLease(renewTime: string): KubeObject {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.nodeName, namespace: NodeLeaseNamespace, ...(this.nodeUID ? { ownerReferences: this.ownerReferences() } : {}) },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: this.config.nodeLeaseDurationSeconds, renewTime },
    };
  }

  private ownerReferences() {
    return [{ apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: this.nodeUID! }];
  }
}

interface NodeStatus {
  addresses?: Array<{ type: string; address: string }>;
  capacity?: Record<string, string>;
  allocatable?: Record<string, string>;
  conditions?: Condition[];
  daemonEndpoints?: unknown;
  nodeInfo?: Record<string, string>;
  images?: unknown[];
  [k: string]: unknown;
}

/** Fields of a condition in the API's order, so a written condition prints as the real one does. */
function orderCondition(c: Condition): Condition {
  const out: Condition = { type: c.type, status: c.status };
  if (c.lastHeartbeatTime) out.lastHeartbeatTime = c.lastHeartbeatTime;
  if (c.lastTransitionTime) out.lastTransitionTime = c.lastTransitionTime;
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  return out;
}

/** nodeStatusHasChanged: a change other than the conditions' heartbeat times. */
export function nodeStatusHasChanged(original: NodeStatus | undefined, status: NodeStatus | undefined): boolean {
  // Copies only the conditions (a deep copy of the whole status, images included, per node every 10 s adds up).
  const strip = (s: NodeStatus | undefined): NodeStatus => {
    if (!s?.conditions) return s ?? {};
    return { ...s, conditions: s.conditions.map(({ lastHeartbeatTime: _, ...rest }) => rest) };
  };
  return !deepEqual(strip(original), strip(status));
}

const byteResources = (name: string) => name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');

/** Capacity as cadvisor reports it: bytes in BinarySI (`4025224Ki`), counts in DecimalSI. */
export function normalizeCapacity(capacity: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(capacity).sort()) {
    const q = parseQuantity(capacity[name]!);
    out[name] = byteResources(name) ? new Quantity(BigInt(q.value()), 0, QuantityFormat.BinarySI).toString() : q.toString();
  }
  for (const hp of ['hugepages-1Gi', 'hugepages-2Mi']) out[hp] ??= '0';
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Allocatable = capacity − kube-reserved − system-reserved − hard eviction thresholds (memory.available for memory,
 * nodefs.available for ephemeral-storage; a percentage is of capacity, as float32 as the kubelet computes it), and
 * memory also minus pre-allocated huge pages. Never below zero.
 */
export function nodeAllocatable(capacity: Record<string, string>, config: Pick<NodeAgentConfig, 'kubeReserved' | 'systemReserved' | 'evictionHard'>): Record<string, string> {
  const eviction: Record<string, string | undefined> = { memory: config.evictionHard['memory.available'], 'ephemeral-storage': config.evictionHard['nodefs.available'] };
  const out: Record<string, string> = {};
  for (const [name, capText] of Object.entries(capacity)) {
    const cap = parseQuantity(capText);
    let reserved = new Quantity(0n, 0, QuantityFormat.DecimalSI);
    for (const r of [config.systemReserved[name], config.kubeReserved[name]]) if (r !== undefined) reserved = reserved.add(parseQuantity(r));
    const threshold = eviction[name];
    if (threshold !== undefined) reserved = reserved.add(thresholdQuantity(threshold, cap));
    let value = cap.sub(reserved);
    if (name === 'memory') {
      for (const [hp, v] of Object.entries(capacity)) if (hp.startsWith('hugepages-')) value = value.sub(parseQuantity(v));
    }
    if (value.sign() < 0) value = new Quantity(0n, 0, cap.format);
    out[name] = value.toString();
  }
  return out;
}

/** A threshold's quantity: as given, or a percentage of capacity (GetThresholdQuantity, float32 percentage). */
function thresholdQuantity(threshold: string, capacity: Quantity): Quantity {
  if (threshold.endsWith('%')) {
    const pct = Math.fround(Math.fround(Number(threshold.slice(0, -1))) / 100);
    return new Quantity(BigInt(Math.trunc(capacity.value() * pct)), 0, QuantityFormat.BinarySI);
  }
  return parseQuantity(threshold);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
