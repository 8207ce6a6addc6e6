/**
 * A simulated node's kubelet, pod side: it watches the pods bound to its node (spec.nodeName) and the static pods of
 * its staticPodPath, admits each pod (resources, node affinity), and runs one pod worker per pod. Stopping it leaves
 * every pod as the store has it; a new kubelet for the node resumes them from their status.
 */
import type { ConfigMap, Node, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { Informer } from '../client/informer.js';
import { ConfigMaps, Nodes, PersistentVolumeClaims, PersistentVolumes, Pods, Secrets, Services } from '../client/resources.js';
import type { TimerClock } from '../util/clock.js';
import { parseQuantity } from '../util/quantity.js';
import type { Logger } from '../util/logger.js';
import { Backoff } from './backoff.js';
import type { EnvSources } from './container-env.js';
import { EventRecorder } from '../client/event-recorder.js';
import { ClusterDns } from './cluster-dns.js';
import { ImagePuller } from './image-puller.js';
import { kubeletConfig, type KubeletConfig } from './kubelet-config.js';
import { PodIPAllocator } from './pod-ip-allocator.js';
import type { VolumeSources } from './pod-volumes.js';
import { PodWorker, type NodeInfo } from './pod-worker.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import { ImageCatalog } from './runtime/image-catalog.js';
import { PodNetwork } from './runtime/pod-network.js';
import { SimulatedRuntime } from './runtime/simulated-runtime.js';
import { StaticPods } from './static-pods/static-pods.js';
import { StatusManager } from './status-manager.js';

export interface KubeletOptions {
  nodeName: string;
  client: Client;
  clock: TimerClock;
  /** KUBESIM_HOME/nodes/<node>: the node's filesystem. */
  nodeDir: string;
  config?: Partial<KubeletConfig>;
  log: Logger;
  /** The cluster's pod network, shared by the kubelets of one daemon (one per kubelet when absent). */
  network?: PodNetwork;
  /** The image catalog (loaded from config.imageCatalogFiles when absent). */
  catalog?: ImageCatalog;
  /** The container runtime (the simulated one when absent). */
  runtime?: ContainerRuntime;
}

const MirrorAnnotation = 'kubernetes.io/config.mirror';
const isMirrorPod = (pod: Pod) => pod.metadata?.annotations?.[MirrorAnnotation] !== undefined;
const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isNotFound = (e: unknown) => e instanceof StatusError && e.status.reason === 'NotFound';

export class Kubelet {
  readonly nodeName: string;
  readonly config: KubeletConfig;
  readonly network: PodNetwork;
  readonly catalog: ImageCatalog;
  readonly images: ImagePuller;
  private readonly client: Client;
  private readonly clock: TimerClock;
  private readonly nodeDir: string;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly status: StatusManager;
  private readonly runtime: ContainerRuntime;
  private readonly ips: PodIPAllocator;
  private readonly containerBackoff: Backoff;
  private readonly workers = new Map<string, PodWorker>();
  private readonly podInformer: Informer;
  private readonly nodeInformer: Informer;
  private readonly serviceInformer: Informer;
  private staticSource: StaticPods | undefined;
  private staticPods = new Map<string, Pod>();
  /** Static pods whose file went away, while they stop. */
  private readonly removedStatic = new Set<PodWorker>();
  private started = false;
  private finishedActivity = 0;
  /** Finished pods' files being removed. */
  private readonly removals = new Set<Promise<unknown>>();

  constructor(opts: KubeletOptions) {
    this.nodeName = opts.nodeName;
    this.client = opts.client;
    this.clock = opts.clock;
    this.nodeDir = opts.nodeDir;
    this.log = opts.log.withSource('kubelet.go');
    this.config = kubeletConfig(opts.config);
    this.network = opts.network ?? new PodNetwork();
    this.catalog = opts.catalog ?? ImageCatalog.load(this.config.imageCatalogFiles);
    this.recorder = new EventRecorder({ client: this.client, clock: this.clock, component: 'kubelet', host: this.nodeName, log: this.log.withSource('event.go:389') });
    this.status = new StatusManager(this.client, this.log.withSource('status_manager.go'));
    this.ips = new PodIPAllocator(this.nodeDir);
    this.containerBackoff = new Backoff(this.clock, this.config.containerBackOffInitialMs, this.config.containerBackOffMaxMs);
    const imageBackoff = new Backoff(this.clock, this.config.imageBackOffInitialMs, this.config.imageBackOffMaxMs);
    this.images = new ImagePuller(
      this.catalog,
      this.clock,
      imageBackoff,
      { pullBaseMs: this.config.imagePullBaseMs, pullBytesPerSecond: this.config.imagePullBytesPerSecond, repullMs: this.config.imageRepullMs },
      this.nodeDir,
    );
    this.serviceInformer = new Informer({ client: this.client, resource: Services, clock: this.clock, log: this.log });
    const dns = new ClusterDns(() => this.serviceInformer.list() as unknown as Service[], this.config.clusterDomain);
    this.runtime = opts.runtime ?? new SimulatedRuntime({ nodeDir: this.nodeDir, clock: this.clock, network: this.network, log: this.log.withSource('runtime.go'), resolver: dns });
    this.podInformer = new Informer({ client: this.client, resource: Pods, fieldSelector: `spec.nodeName=${this.nodeName}`, clock: this.clock, log: this.log });
    this.nodeInformer = new Informer({ client: this.client, resource: Nodes, fieldSelector: `metadata.name=${this.nodeName}`, clock: this.clock, log: this.log });
  }

  /** Starts watching the node's pods (resuming those already running here) and its static pod folder. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all([this.nodeInformer.start(), this.serviceInformer.start()]);
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.handlePod(pod as unknown as Pod),
      onUpdate: (old, pod) => {
        if (old.metadata.uid !== pod.metadata.uid) this.handleDelete(old as unknown as Pod);
        this.handlePod(pod as unknown as Pod);
      },
      onDelete: (pod) => this.handleDelete(pod as unknown as Pod),
    });
    await this.podInformer.start();
    // Addresses reserved for pods that are gone (deleted while the kubelet was down) are freed.
    const known = new Set(this.podInformer.list().map((p) => p.metadata.uid ?? ''));
    this.ips.releaseAllExcept(new Set([...known, ...this.workers.keys()]));
    if (this.config.staticPods) {
      this.staticSource = new StaticPods({
        nodeName: this.nodeName,
        nodeDir: this.nodeDir,
        client: this.client,
        clock: this.clock,
        log: this.log.withSource('file.go'),
        recorder: this.recorder,
        onPods: (pods) => this.handleStaticPods(pods as unknown as Pod[]),
        isTerminating: (fullName) => this.isStaticTerminating(fullName),
      });
      await this.staticSource.start();
    }
  }

  /** Stops watching and stops every pod's processes; the store keeps every pod as it is. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.podInformer.stop();
    this.nodeInformer.stop();
    this.serviceInformer.stop();
    await this.staticSource?.stop();
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    this.workers.clear();
    await Promise.allSettled([...this.removals]);
    await this.ips.flush();
    await this.recorder.flush();
  }

  /** The worker of a pod (tests). */
  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  /** Whether some pod worker is syncing (and not just waiting for time to pass): tests wait until it is not. */
  get busy(): boolean {
    return this.removals.size > 0 || this.ips.busy || [...this.workers.values()].some((w) => w.busy);
  }

  /** The resourceVersion up to which this kubelet has seen its pods. */
  get podsResourceVersion(): string {
    return this.podInformer.resourceVersion;
  }

  /** A count that moves whenever a pod worker syncs or a container exits (tests wait for it to settle). */
  get activity(): number {
    let n = 0;
    for (const w of this.workers.values()) n += w.activity;
    return n + this.finishedActivity;
  }

  /** Resolves once every event recorded so far is written. */
  flushEvents(): Promise<void> {
    return this.recorder.flush();
  }

  // ---- pods from the API ---------------------------------------------------

  private handlePod(pod: Pod): void {
    if (!this.started) return;
    if (isMirrorPod(pod)) {
      const hash = pod.metadata!.annotations![MirrorAnnotation]!;
      const staticPod = [...this.staticPods.values()].find((p) => p.metadata?.annotations?.['kubernetes.io/config.hash'] === hash);
      if (staticPod) this.workers.get(staticPod.metadata?.uid ?? '')?.updateMirror(pod);
      return;
    }
    const uid = pod.metadata?.uid ?? '';
    const existing = this.workers.get(uid);
    if (existing) {
      existing.update(pod);
      return;
    }
    // A pod that finished before this kubelet saw it gets a worker too: it only learns that the pod is done.
    this.addWorker(pod);
  }

  private handleDelete(pod: Pod): void {
    if (isMirrorPod(pod)) return;
    this.workers.get(pod.metadata?.uid ?? '')?.remove(0);
  }

  private addWorker(pod: Pod, mirror?: Pod): PodWorker {
    const worker = new PodWorker(pod, {
      nodeName: this.nodeName,
      nodeDir: this.nodeDir,
      client: this.client,
      clock: this.clock,
      config: this.config,
      log: this.log,
      recorder: this.recorder,
      images: this.images,
      runtime: this.runtime,
      network: this.network,
      ips: this.ips,
      status: this.status,
      containerBackoff: this.containerBackoff,
      sources: this.sources(),
      node: async () => this.nodeInfo(),
      admit: async (p) => this.admit(p),
      onDone: (uid, removal) => {
        this.finishedActivity += worker.activity + 1;
        this.removals.add(removal);
        void removal.finally(() => {
          this.removals.delete(removal);
          this.finishedActivity++;
        });
        if (this.workers.get(uid) === worker) this.workers.delete(uid);
        if (this.removedStatic.delete(worker)) void this.staticSource?.mirrors.sync();
      },
    });
    this.workers.set(pod.metadata?.uid ?? '', worker);
    if (mirror) worker.updateMirror(mirror);
    worker.requestSync(0);
    return worker;
  }

  // ---- static pods -----------------------------------------------------------

  private handleStaticPods(pods: Pod[]): void {
    if (!this.started) return;
    const next = new Map(pods.map((p) => [p.metadata?.uid ?? '', p]));
    for (const [uid, old] of this.staticPods) {
      if (next.has(uid)) continue;
      const grace = (old.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
      const worker = this.workers.get(uid);
      if (worker) {
        this.removedStatic.add(worker);
        worker.remove(grace);
      }
    }
    for (const [uid, pod] of next) {
      const existing = this.workers.get(uid);
      if (existing) existing.update(pod);
      else this.addWorker(pod, this.mirrorOf(pod));
    }
    this.staticPods = next;
  }

  private mirrorOf(pod: Pod): Pod | undefined {
    const hash = pod.metadata?.annotations?.['kubernetes.io/config.hash'];
    const mirror = this.podInformer.get(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '') as unknown as Pod | undefined;
    return mirror && mirror.metadata?.annotations?.[MirrorAnnotation] === hash ? mirror : undefined;
  }

  /** Whether a static pod (`name_namespace`) that left its folder is still stopping: its mirror pod waits for it. */
  private isStaticTerminating(fullName: string): boolean {
    for (const w of this.removedStatic) {
      const p = w.currentPod;
      if (`${p.metadata?.name}_${p.metadata?.namespace}` === fullName && !w.isDone) return true;
    }
    return false;
  }

  // ---- what workers need -----------------------------------------------------

  private nodeInfo(): NodeInfo | undefined {
    const node = this.nodeInformer.get(undefined, this.nodeName) as unknown as Node | undefined;
    if (!node) return undefined;
    const internal = (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address);
    return { hostIPs: internal, podCIDR: node.spec?.podCIDR, allocatable: (node.status?.allocatable ?? {}) as Record<string, string> };
  }

  private sources(): EnvSources & VolumeSources {
    const get = async <T>(fn: () => Promise<KubeObject>): Promise<T | undefined> => {
      try {
        return (await fn()) as unknown as T;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    };
    const getConfigMap = (ns: string, name: string) => get<ConfigMap>(() => this.client.resource(ConfigMaps).namespace(ns).get(name));
    const getSecret = (ns: string, name: string) => get<Secret>(() => this.client.resource(Secrets).namespace(ns).get(name));
    return {
      getConfigMap,
      getSecret,
      configMap: async (ns, name) => {
        const cm = await getConfigMap(ns, name);
        return cm ? { ...(cm.data ?? {}) } : undefined;
      },
      secret: async (ns, name) => {
        const s = await getSecret(ns, name);
        return s ? Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : undefined;
      },
      services: async (ns) => {
        const own = (await this.client.resource(Services).namespace(ns).list()).items as unknown as Service[];
        const kube = ns === 'default' ? [] : ((await this.client.resource(Services).namespace('default').list({ fieldSelector: 'metadata.name=kubernetes' })).items as unknown as Service[]);
        return [...own, ...kube];
      },
      persistentVolumeClaim: (ns, name) => get<PersistentVolumeClaim>(() => this.client.resource(PersistentVolumeClaims).namespace(ns).get(name)),
      persistentVolume: (name) => get<PersistentVolume>(() => this.client.resource(PersistentVolumes).get(name)),
    };
  }

  /** The kubelet's admission (lifecycle/predicate.go): node affinity and resources against the node's allocatable. */
  private admit(pod: Pod): { reason: string; message: string } | undefined {
    const node = this.nodeInformer.get(undefined, this.nodeName) as unknown as Node | undefined;
    if (!node) return undefined;
    const labels = node.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) {
      if (labels[k] !== v) return { reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" };
    }
    const allocatable = (node.status?.allocatable ?? {}) as Record<string, string>;
    const others = this.podInformer
      .list()
      .map((p) => p as unknown as Pod)
      .filter((p) => p.metadata?.uid !== pod.metadata?.uid && !isTerminal(p) && !isMirrorPod(p) && this.workers.has(p.metadata?.uid ?? ''));
    const staticOthers = [...this.staticPods.values()].filter((p) => p.metadata?.uid !== pod.metadata?.uid);
    const used = new Map<string, number>();
    for (const p of [...others, ...staticOthers]) for (const [k, v] of podRequests(p)) used.set(k, (used.get(k) ?? 0) + v);
    const wanted = podRequests(pod);
    const podsCap = Number(allocatable.pods ?? 110);
    if (others.length + staticOthers.length + 1 > podsCap) {
      return { reason: 'OutOfpods', message: `Node didn't have enough resource: pods, requested: 1, used: ${others.length + staticOthers.length}, capacity: ${podsCap}` };
    }
    for (const [name, requested] of wanted) {
      if (requested === 0) continue;
      const capText = allocatable[name];
      const capacity = capText === undefined ? 0 : toUnits(name, capText);
      const usedNow = used.get(name) ?? 0;
      if (requested + usedNow > capacity) {
        const reason = name === 'cpu' ? 'OutOfcpu' : name === 'memory' ? 'OutOfmemory' : `OutOf${name}`;
        return { reason, message: `Node didn't have enough resource: ${name}, requested: ${requested}, used: ${usedNow}, capacity: ${capacity}` };
      }
    }
    return undefined;
  }
}

/** A quantity in the units the kubelet's admission messages use: millicores for cpu, plain units otherwise. */
function toUnits(name: string, value: string | number): number {
  const q = parseQuantity(value);
  return name === 'cpu' ? q.milliValue() : q.value();
}

/** The pod's effective requests: the larger of the containers' sum and any single init container, plus overhead. */
function podRequests(pod: Pod): Map<string, number> {
  const sum = new Map<string, number>();
  for (const c of pod.spec?.containers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {})) sum.set(k, (sum.get(k) ?? 0) + toUnits(k, v as string));
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, v] of Object.entries(c.resources?.requests ?? {})) sum.set(k, Math.max(sum.get(k) ?? 0, toUnits(k, v as string)));
  }
  for (const [k, v] of Object.entries(pod.spec?.overhead ?? {})) sum.set(k, (sum.get(k) ?? 0) + toUnits(k, v as string));
  return sum;
}
