/**
 * One simulated node: its kubelet's node side (NodeAgent: registration, status, lease) and pod side (Kubelet: pods,
 * static pods, the simulated runtime). Stopping it is a node failure: heartbeats stop and its containers stop, while
 * the store keeps the Node, its Lease and its pods as they were.
 */
import { createHash } from 'node:crypto';
import type { Client } from '../client/client.js';
import { Kubelet } from '../kubelet/kubelet.js';
import type { KubeletConfig } from '../kubelet/kubelet-config.js';
import { NodeAgent, type NodeAgentConfig } from '../kubelet/node-agent.js';
import type { ImageCatalog } from '../kubelet/runtime/image-catalog.js';
import type { PodNetwork } from '../kubelet/runtime/pod-network.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { registrationOf, type NodeConfig } from './cluster-config.js';

export interface SimulatedNodeOptions {
  node: NodeConfig;
  /** KUBESIM_HOME/nodes/<node>. */
  nodeDir: string;
  /** Identifies the machine across restarts (machineID, systemUUID, bootID derive from it and the node name). */
  clusterRoot: string;
  client: Client;
  clock: TimerClock;
  log: Logger;
  agentConfig: Partial<NodeAgentConfig>;
  /** kubesim's simulated runtime timings (KubeletConfig of the pod side). */
  kubeletConfig?: Record<string, number | boolean>;
  network?: PodNetwork;
  catalog?: ImageCatalog;
}

/** The kubelet reports at most this many images (nodeStatusMaxImages). */
const maxImages = 50;

export class SimulatedNode {
  readonly name: string;
  readonly agent: NodeAgent;
  readonly kubelet: Kubelet;
  private running = false;

  constructor(opts: SimulatedNodeOptions) {
    this.name = opts.node.name;
    const id = (what: string) => createHash('sha256').update(`${opts.clusterRoot}\0${opts.node.name}\0${what}`).digest('hex');
    const uuid = id('uuid');
    const { labels, taints } = registrationOf(opts.node);
    const log = opts.log.withSource('kubelet.go');
    this.kubelet = new Kubelet({
      nodeName: opts.node.name,
      client: opts.client,
      clock: opts.clock,
      nodeDir: opts.nodeDir,
      log,
      config: opts.kubeletConfig as Partial<KubeletConfig> | undefined,
      network: opts.network,
      catalog: opts.catalog,
    });
    this.agent = new NodeAgent({
      nodeName: opts.node.name,
      client: opts.client,
      clock: opts.clock,
      log: log.withSource('kubelet_node_status.go'),
      machine: {
        capacity: opts.node.capacity,
        internalIP: opts.node.internalIP,
        labels,
        taints,
        machineID: id('machine').slice(0, 32),
        systemUUID: `${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20, 32)}`,
        bootID: `${uuid.slice(32, 40)}-${uuid.slice(40, 44)}-4${uuid.slice(45, 48)}-a${uuid.slice(49, 52)}-${uuid.slice(52, 64)}`,
      },
      config: opts.agentConfig,
      images: () => this.images(),
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Registers the node, then starts its pods (the kubelet resumes those the store has for it). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.agent.start();
    await this.kubelet.start();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.agent.stop();
    await this.kubelet.stop();
  }

  /** node.status.images: the node's images, largest first, as the kubelet's image manager lists them. */
  private images(): Array<{ names: string[]; sizeBytes: number }> {
    const out = this.kubelet.images.list().map((ref) => {
      const r = this.kubelet.images.resolve(ref);
      return r ? { names: [r.imageID, r.imageRef], sizeBytes: r.size } : { names: [ref], sizeBytes: 0 };
    });
    return out.sort((a, b) => b.sizeBytes - a.sizeBytes).slice(0, maxImages);
  }
}
