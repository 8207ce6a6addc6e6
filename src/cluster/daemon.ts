/**
 * The daemon: everything `kubesim up` runs against the cluster's store, as components started together and
 * stopped in reverse: the controller manager, the default scheduler, the schedulers of other kube-scheduler pods,
 * the kubernetes Service, one simulated node (node agent + kubelet) per node; the API server of a later issue is one
 * more. On a cluster's first start it also does what
 * `kubeadm init` does: control-plane static pod manifests into the control-plane nodes' folders, then the addons.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isNotFound } from '../api/errors.js';
import type { Client } from '../client/client.js';
import { InformerFactory } from '../client/informer.js';
import { Nodes, Pods } from '../client/resources.js';
import { ControllerManager } from '../controllers/manager.js';
import { ImageCatalog } from '../kubelet/runtime/image-catalog.js';
import { PodNetwork } from '../kubelet/runtime/pod-network.js';
import { realClock, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { clusterReadiness, type Readiness, type ReadinessExpectation } from './cluster-ready.js';
import { durationMs, type ClusterConfig, type NodeConfig } from './cluster-config.js';
import { DaemonRequestError, deleteNodeObjects, newNodeConfig, type AddNodeRequest } from './node-changes.js';
import { readClusterState, writeClusterState } from './cluster-state.js';
import type { KubesimHome } from './home.js';
import { ensureNodeFolder, nodeDir, readNodeAgentConfig, removeNodeFolder, writeStaticPodManifests } from './node-folders.js';
import { openCluster, type OpenCluster } from './open-cluster.js';
import { SimulatedNode } from './simulated-node.js';
import { kubeSchedulerCheck, SchedulerPods } from './scheduler-pods.js';
import { registerProgramCheck } from '../kubelet/runtime/program-checks.js';
import { defaultServiceAllocatorConfig } from '../registry/allocators/service-allocations.js';
import { firstServiceIP, KubernetesService } from './kubernetes-service.js';
import { ensureClusterCA, installClusterCA } from './pki.js';
import { controlPlaneManifests, controlPlanePodNames, createSystemObjects, isInitialized } from './system-objects.js';

export { DaemonRequestError, type AddNodeRequest } from './node-changes.js';

/** A part of the daemon with a lifecycle. */
export interface Component {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  home: KubesimHome;
  log: Logger;
  clock?: TimerClock;
}

export interface DaemonStatus {
  pid: number;
  startedAt: string;
  home: string;
  nodes: Array<{ name: string; running: boolean }>;
}

export class Daemon {
  readonly components: Component[] = [];
  readonly clock: TimerClock;
  private readonly log: Logger;
  private readonly home: KubesimHome;
  private readonly nodes = new Map<string, SimulatedNode>();
  private readonly network = new PodNetwork();
  /** One image catalog for every kubelet (it is read once). */
  private catalog: ImageCatalog | undefined;
  private informers: InformerFactory | undefined;
  /** The control-plane mirror pods each control-plane node's manifests give, by node. */
  private readonly controlPlanePods = new Map<string, Array<{ file: string; pod: string }>>();
  private opened: OpenCluster | undefined;
  private cluster!: ClusterConfig;
  private started: Component[] = [];
  private startedAt = new Date(0);
  /** Serializes node changes (add, remove, stop, start) so two requests never interleave. */
  private changes: Promise<unknown> = Promise.resolve();

  constructor(opts: DaemonOptions) {
    this.home = opts.home;
    this.log = opts.log;
    this.clock = opts.clock ?? realClock;
  }

  get client(): Client {
    if (!this.opened) throw new Error('the daemon is not started');
    return this.opened.client;
  }

  get config(): ClusterConfig {
    return this.cluster;
  }

  /** Opens the store, initializes a new cluster, and starts every component. */
  async start(): Promise<void> {
    const cluster = readClusterState(this.home);
    if (!cluster) throw new Error(`no cluster in ${this.home.root}: run kubesim up`);
    this.cluster = cluster;
    this.startedAt = this.clock.now();
    // The CA's RSA key is made (on a first start) in the thread pool while the store opens.
    const caMade = ensureClusterCA(this.home.root, this.clock.now());
    this.opened = await openCluster(this.home.root);
    const log = this.log;
    log.info('Starting kubesim daemon', { home: this.home.root, nodes: cluster.nodes.map((n) => n.name), processUptimeMs: Math.round(process.uptime() * 1000) });
    for (const node of cluster.nodes) ensureNodeFolder(this.home, cluster, node);
    const initialized = await isInitialized(this.client);
    if (!initialized) {
      // kubeadm init: the control-plane manifests go into place before the kubelet starts.
      for (const node of cluster.nodes.filter((n) => n.role === 'control-plane')) writeStaticPodManifests(nodeDir(this.home, node.name), controlPlaneManifests(node));
    }

    const ca = await caMade;
    for (const node of cluster.nodes) installClusterCA(nodeDir(this.home, node.name), ca, node.role === 'control-plane');

    const informers = new InformerFactory({ client: this.client, clock: this.clock, log: log.withSource('reflector.go') });
    this.informers = informers;
    // The caches `up` waits on (shared with the controllers).
    informers.forResource(Nodes);
    informers.forResource(Pods, { namespace: 'kube-system' });
    // The shipped image catalog, extended by the cluster's own KUBESIM_HOME/images.yaml when there is one.
    this.catalog = ImageCatalog.load([join(this.home.root, 'images.yaml')]);
    for (const node of cluster.nodes.filter((n) => n.role === 'control-plane')) this.rememberControlPlanePods(node);
    const cm = this.cluster.controllerManager;
    const manager = new ControllerManager({
      client: this.client,
      clock: this.clock,
      log: log.withSource('controllermanager.go'),
      informers,
      config: {
        nodeLifecycle: {
          nodeMonitorPeriodMs: durationMs(cm.nodeMonitorPeriod),
          nodeMonitorGracePeriodMs: durationMs(cm.nodeMonitorGracePeriod),
          nodeStartupGracePeriodMs: durationMs(cm.nodeStartupGracePeriod),
          nodeEvictionRate: cm.nodeEvictionRate,
          secondaryNodeEvictionRate: cm.secondaryNodeEvictionRate,
          unhealthyZoneThreshold: cm.unhealthyZoneThreshold,
          largeClusterSizeThreshold: cm.largeClusterSizeThreshold,
        },
        nodeIpam: { clusterCIDR: this.cluster.networking.podSubnet, nodeCIDRMaskSize: this.cluster.networking.nodeCIDRMaskSize },
        rootCA: ca.cert,
      },
    });
    // A kube-scheduler container checks its flags and --config file at start, exiting 1 on a mistake as the real one does.
    registerProgramCheck('kube-scheduler', kubeSchedulerCheck(this.clock));
    this.components.push(
      { name: 'kube-controller-manager', start: () => manager.start(), stop: () => manager.stop() },
      // The schedulers run where kube-scheduler containers run: the control plane's static pod (its manifest's
      // --config and flags configure it) and second schedulers such as the seed's my-scheduler Deployment.
      new SchedulerPods({ client: this.client, informers, clock: this.clock, log: log.withSource('server.go'), home: this.home }),
      {
        name: 'nodes',
        start: async () => {
          for (const node of this.cluster.nodes) this.nodes.set(node.name, this.newNode(node));
          await Promise.all([...this.nodes.values()].map((n) => n.start()));
        },
        stop: async () => {
          await Promise.all([...this.nodes.values()].map((n) => n.stop()));
        },
      },
      new KubernetesService({
        client: this.client,
        clock: this.clock,
        log: log.withSource('controller.go'),
        advertiseAddress: (cluster.nodes.find((n) => n.role === 'control-plane') ?? cluster.nodes[0]!).internalIP,
        clusterIP: firstServiceIP(defaultServiceAllocatorConfig.serviceCIDR),
      }),
      {
        name: 'kubeadm-addons',
        start: async () => {
          if (!initialized) await createSystemObjects(this.client, this.cluster);
        },
        stop: async () => {},
      },
    );
    // The components do not wait for each other (they meet in the store), so they start together: the kubelets'
    // simulated sandbox and container start-up overlaps the controllers' and the addons' work.
    const results = await Promise.allSettled(
      this.components.map(async (c) => {
        await c.start();
        this.started.push(c);
        log.info('Started component', { component: c.name });
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Stops the components (the last started first) and closes the store; the store keeps everything. */
  async stop(): Promise<void> {
    await this.changes.catch(() => undefined);
    this.log.info('Stopping kubesim daemon');
    for (const c of this.started.reverse()) {
      try {
        await c.stop();
        this.log.info('Stopped component', { component: c.name });
      } catch (err) {
        this.log.error('Failed to stop component', { component: c.name, err: String(err) });
      }
    }
    this.started = [];
    // The shared caches stop last (their relist and resync timers would keep the process alive).
    this.informers?.stop();
    await this.opened?.close();
    this.opened = undefined;
    this.log.info('Stopped kubesim daemon');
  }

  /** What must be there before `up` returns: every running node Ready, and the control-plane static pods whose files exist. */
  expectation(): ReadinessExpectation {
    const pods: string[] = [];
    if (this.cluster.simulation.kubelet.staticPods !== false) {
      for (const [node, manifests] of this.controlPlanePods) {
        const folder = join(nodeDir(this.home, node), 'etc/kubernetes/manifests');
        for (const m of manifests) if (existsSync(join(folder, m.file))) pods.push(`kube-system/${m.pod}`);
      }
    }
    return { nodes: this.cluster.nodes.filter((n) => this.nodes.get(n.name)?.isRunning ?? true).map((n) => n.name), pods };
  }

  readiness(): Readiness {
    const nodes = this.informers!.forResource(Nodes);
    const pods = this.informers!.forResource(Pods, { namespace: 'kube-system' });
    return clusterReadiness({ node: (name) => nodes.get(undefined, name), pod: (key) => pods.getByKey(key) }, this.expectation());
  }

  /** Polls readiness (in the informer caches) until it holds or the signal aborts; resolves with the last readiness. */
  async waitUntilReady(signal?: AbortSignal, pollMs = 10): Promise<Readiness> {
    for (;;) {
      const r = this.readiness();
      if (r.ready || signal?.aborted) return r;
      await new Promise((res) => setTimeout(res, pollMs));
    }
  }

  private rememberControlPlanePods(node: NodeConfig): void {
    const names = controlPlanePodNames(node);
    this.controlPlanePods.set(
      node.name,
      controlPlaneManifests(node).map(({ file }, i) => ({ file, pod: names[i]! })),
    );
  }

  status(): DaemonStatus {
    return {
      pid: process.pid,
      startedAt: this.startedAt.toISOString(),
      home: this.home.root,
      nodes: this.cluster.nodes.map((n) => ({ name: n.name, running: this.nodes.get(n.name)?.isRunning ?? false })),
    };
  }

  // ---- node changes --------------------------------------------------------

  /** Adds a node to the running cluster: its folder, its entry in cluster.yaml, its kubelet. */
  addNode(req: AddNodeRequest): Promise<NodeConfig> {
    return this.serialize(async () => {
      const node = newNodeConfig(this.cluster, req);
      if (this.nodes.has(node.name) || (await this.nodeExists(node.name))) throw new DaemonRequestError(`node "${node.name}" already exists`, 409);
      this.cluster = { ...this.cluster, nodes: [...this.cluster.nodes, node] };
      writeClusterState(this.home, this.cluster);
      ensureNodeFolder(this.home, this.cluster, node);
      installClusterCA(nodeDir(this.home, node.name), await ensureClusterCA(this.home.root), node.role === 'control-plane');
      if (node.role === 'control-plane') {
        writeStaticPodManifests(nodeDir(this.home, node.name), controlPlaneManifests(node));
        this.rememberControlPlanePods(node);
      }
      const sim = this.newNode(node);
      this.nodes.set(node.name, sim);
      await sim.start();
      this.log.info('Added node', { node: node.name });
      return node;
    });
  }

  /** Removes a node: its kubelet stops, its Node and Lease are deleted, its folder and cluster.yaml entry go. */
  removeNode(name: string): Promise<void> {
    return this.serialize(async () => {
      const node = this.requireNode(name);
      if (node.role === 'control-plane' && this.cluster.nodes.filter((n) => n.role === 'control-plane').length === 1) {
        throw new DaemonRequestError(`node "${name}" is the cluster's only control-plane node and cannot be removed`);
      }
      await this.nodes.get(name)?.stop();
      this.nodes.delete(name);
      this.controlPlanePods.delete(name);
      await deleteNodeObjects(this.client, name);
      this.cluster = { ...this.cluster, nodes: this.cluster.nodes.filter((n) => n.name !== name) };
      writeClusterState(this.home, this.cluster);
      removeNodeFolder(this.home, name);
      this.log.info('Removed node', { node: name });
    });
  }

  /** Simulates a node failure: the kubelet stops posting status and renewing its lease, its containers stop. */
  stopNode(name: string): Promise<void> {
    return this.serialize(async () => {
      this.requireNode(name);
      const sim = this.nodes.get(name)!;
      if (!sim.isRunning) throw new DaemonRequestError(`node "${name}" is already stopped`, 409);
      await sim.stop();
      this.log.info('Stopped node', { node: name });
    });
  }

  /** Brings a stopped node back: its kubelet starts again and resumes the node's pods. */
  startNode(name: string): Promise<void> {
    return this.serialize(async () => {
      this.requireNode(name);
      const old = this.nodes.get(name)!;
      if (old.isRunning) throw new DaemonRequestError(`node "${name}" is already running`, 409);
      // A fresh kubelet, as after a reboot: it re-reads its configuration file.
      const sim = this.newNode(this.cluster.nodes.find((n) => n.name === name)!);
      this.nodes.set(name, sim);
      await sim.start();
      this.log.info('Started node', { node: name });
    });
  }

  private newNode(node: NodeConfig): SimulatedNode {
    return new SimulatedNode({
      node,
      nodeDir: nodeDir(this.home, node.name),
      clusterRoot: this.home.root,
      client: this.client,
      clock: this.clock,
      log: this.log,
      agentConfig: readNodeAgentConfig(this.home, this.cluster, node),
      kubeletConfig: this.cluster.simulation.kubelet,
      network: this.network,
      catalog: this.catalog,
    });
  }

  private requireNode(name: string): NodeConfig {
    const node = this.cluster.nodes.find((n) => n.name === name);
    if (!node) throw new DaemonRequestError(`node "${name}" not found`, 404);
    return node;
  }

  private async nodeExists(name: string): Promise<boolean> {
    try {
      await this.client.resource(Nodes).get(name);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.changes.catch(() => undefined).then(fn);
    this.changes = next;
    return next;
  }
}
