/**
 * The node IPAM controller with the range allocator (pkg/controller/nodeipam, kube-controller-manager's
 * --allocate-node-cidrs with kubeadm's --cluster-cidr=10.244.0.0/16 and /24 per node): every node gets the next free
 * pod CIDR in spec.podCIDR and spec.podCIDRs, which its kubelet hands out pod IPs from. CIDRs of existing nodes are
 * taken first; a deleted node's CIDR is released.
 */
import { isNotFound } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import type { Client } from '../client/client.js';
import { EventRecorder, nodeReference } from '../client/event-recorder.js';
import type { Informer, InformerFactory } from '../client/informer.js';
import { Nodes } from '../client/resources.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const NodeIpamControllerName = 'node-ipam-controller';

export interface NodeIpamConfig {
  /** --cluster-cidr. */
  clusterCIDR: string;
  /** --node-cidr-mask-size (IPv4). */
  nodeCIDRMaskSize: number;
}

export const defaultNodeIpamConfig: NodeIpamConfig = { clusterCIDR: '10.244.0.0/16', nodeCIDRMaskSize: 24 };

export interface NodeIpamOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config?: Partial<NodeIpamConfig>;
}

/** cidrset.CidrSet: the /mask sub-networks of a cluster CIDR, allocated round-robin from the last one handed out. */
export class CidrSet {
  private readonly base: number;
  private readonly count: number;
  private readonly used: boolean[];
  private nextCandidate = 0;

  constructor(
    clusterCIDR: string,
    readonly maskSize: number,
  ) {
    const [ip, bits] = clusterCIDR.split('/');
    const prefix = Number(bits);
    if (!ip || !Number.isInteger(prefix) || prefix > maskSize) throw new Error(`invalid cluster CIDR ${clusterCIDR} for mask size ${maskSize}`);
    this.base = ipToInt(ip) & maskOf(prefix);
    this.count = 2 ** (maskSize - prefix);
    this.used = new Array(this.count).fill(false);
  }

  /** AllocateNext: the next free sub-network, or undefined when the range is full. */
  allocateNext(): string | undefined {
    for (let i = 0; i < this.count; i++) {
      const candidate = (this.nextCandidate + i) % this.count;
      if (!this.used[candidate]) {
        this.used[candidate] = true;
        this.nextCandidate = (candidate + 1) % this.count;
        return this.cidrAt(candidate);
      }
    }
    return undefined;
  }

  /** Occupy marks a CIDR (of an existing node) as used; false when it is not in this set. */
  occupy(cidr: string): boolean {
    const i = this.indexOf(cidr);
    if (i === undefined) return false;
    this.used[i] = true;
    return true;
  }

  release(cidr: string): void {
    const i = this.indexOf(cidr);
    if (i !== undefined) this.used[i] = false;
  }

  private cidrAt(i: number): string {
    return `${intToIp(this.base + i * 2 ** (32 - this.maskSize))}/${this.maskSize}`;
  }

  private indexOf(cidr: string): number | undefined {
    const [ip, bits] = cidr.split('/');
    if (!ip || Number(bits) !== this.maskSize) return undefined;
    const i = (ipToInt(ip) - this.base) / 2 ** (32 - this.maskSize);
    return Number.isInteger(i) && i >= 0 && i < this.count ? i : undefined;
  }
}

const maskOf = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
const ipToInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0) >>> 0;
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

export class NodeIpamController {
  readonly name = NodeIpamControllerName;
  private readonly config: NodeIpamConfig;
  private readonly cidrs: CidrSet;
  private readonly nodes: Informer;
  private readonly queue: WorkQueue<string>;
  private readonly events: EventRecorder;
  /** CIDRs allocated here and not yet seen on the node (so a second sync does not allocate again). */
  private readonly pending = new Map<string, string>();
  private workers: Promise<void> | undefined;
  private running = false;

  constructor(private readonly opts: NodeIpamOptions) {
    this.config = { ...defaultNodeIpamConfig, ...(opts.config ?? {}) };
    this.cidrs = new CidrSet(this.config.clusterCIDR, this.config.nodeCIDRMaskSize);
    this.events = new EventRecorder({ client: opts.client, clock: opts.clock, component: 'cidrAllocator', log: opts.log });
    this.nodes = opts.informers.forResource(Nodes);
    this.queue = new WorkQueue({ clock: opts.clock, name: 'node_ipam' });
    this.nodes.addEventHandler({
      onAdd: (n) => this.queue.add(n.metadata.name!),
      onUpdate: (_o, n) => this.queue.add(n.metadata.name!),
      onDelete: (n) => this.release(n),
    });
  }

  /** Marks the CIDRs of existing nodes as used, then allocates for the others (informers must be synced). */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const n of this.nodes.list()) for (const c of podCIDRsOf(n)) this.cidrs.occupy(c);
    this.workers = runWorkers(this.queue, 1, (name) => this.sync(name), {
      onError: (item, err) => this.opts.log.error('Error allocating a pod CIDR', { node: item, err: String(err) }),
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.queue.shutDown();
    await this.workers;
    await this.events.flush();
  }

  /** AllocateOrOccupyCIDR. */
  private async sync(name: string): Promise<void> {
    const node = this.nodes.get(undefined, name);
    if (!node) return;
    const existing = podCIDRsOf(node);
    if (existing.length) {
      for (const c of existing) this.cidrs.occupy(c);
      this.pending.delete(name);
      return;
    }
    let cidr = this.pending.get(name);
    if (!cidr) {
      cidr = this.cidrs.allocateNext();
      if (!cidr) {
        this.events.event(nodeReference(name, node.metadata.uid), 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
        throw new Error('failed to allocate cidr from cluster cidr: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range');
      }
      this.pending.set(name, cidr);
    }
    try {
      await this.opts.client.resource(Nodes).patch(name, PatchType.StrategicMerge, { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      this.opts.log.info('Set node PodCIDR', { node: name, podCIDRs: [cidr] });
    } catch (e) {
      if (isNotFound(e)) {
        this.cidrs.release(cidr);
        this.pending.delete(name);
        return;
      }
      throw e;
    }
  }

  private release(node: KubeObject): void {
    for (const c of podCIDRsOf(node)) this.cidrs.release(c);
    const pending = this.pending.get(node.metadata.name!);
    if (pending) this.cidrs.release(pending);
    this.pending.delete(node.metadata.name!);
  }
}

function podCIDRsOf(node: KubeObject): string[] {
  const spec = (node.spec ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
  return spec.podCIDRs?.length ? spec.podCIDRs : spec.podCIDR ? [spec.podCIDR] : [];
}
