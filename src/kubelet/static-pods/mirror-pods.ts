/**
 * Keeps the mirror pods of a node's static pods in the store, as the kubelet's syncPod and HandlePodCleanups do
 * (pkg/kubelet/kubelet.go): a static pod without a mirror gets one; a mirror that is being deleted (`kubectl delete
 * pod static-web-node01`) or whose hash no longer matches the file (the manifest was edited) is deleted at once and
 * created anew; a mirror whose static pod is gone (the file was removed) is deleted once the static pod has finished
 * terminating. Deleting a mirror pod never stops the static pod: the kubelet just puts the mirror back.
 *
 * The Kubelet hands this the static pods it runs (setStaticPods, from StaticPodSource.onPods); MirrorPods watches the
 * node's pods through the Client and reconciles on every change and every resync period.
 */
import { isNotFound } from '../../api/errors.js';
import type { KubeObject } from '../../api/object.js';
import type { WatchEvent, WatchHandle } from '../../api/request-options.js';
import type { Client } from '../../client/client.js';
import { Nodes, Pods } from '../../client/resources.js';
import type { Timer, TimerClock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { ConfigMirrorAnnotationKey, ConfigSourceAnnotationKey } from './manifest-decoder.js';
import { MirrorPodClient, podHash } from './mirror-pod-client.js';

/** kubecontainer.GetPodFullName: `name_namespace`. */
export const podFullName = (pod: KubeObject): string => `${pod.metadata.name}_${pod.metadata.namespace}`;

/** kubetypes.IsMirrorPod: the API object stands for a static pod. */
export const isMirrorPod = (pod: KubeObject): boolean => ConfigMirrorAnnotationKey in (pod.metadata.annotations ?? {});

/** kubetypes.IsStaticPod: the pod came from a source other than the API server (a file, here). */
export const isStaticPod = (pod: KubeObject): boolean => {
  const source = pod.metadata.annotations?.[ConfigSourceAnnotationKey];
  return source !== undefined && source !== 'api';
};

/** kubepod.IsMirrorPodOf: same name and namespace, and the mirror's hash is the static pod's. */
export function isMirrorPodOf(mirror: KubeObject, pod: KubeObject): boolean {
  if (mirror.metadata.name !== pod.metadata.name || mirror.metadata.namespace !== pod.metadata.namespace) return false;
  const hash = mirror.metadata.annotations?.[ConfigMirrorAnnotationKey];
  return hash !== undefined && hash === podHash(pod);
}

export interface MirrorPodSyncInput {
  mirrorClient: MirrorPodClient;
  client: Client;
  nodeName: string;
  log: Logger;
  /** The static pods the kubelet runs. */
  staticPods: readonly KubeObject[];
  /** The mirror pods in the store for this node. */
  mirrorPods: readonly KubeObject[];
  /** Whether the static pod of this full name is still terminating: its mirror then stays until it is done. */
  isTerminating?: (fullName: string) => boolean;
  /** Told of each mirror this pass created or deleted, before the watch reports it. */
  onCreated?: (mirror: KubeObject) => void;
  onDeleted?: (mirror: KubeObject) => void;
}

/** One pass of the kubelet's mirror pod upkeep. */
export async function syncMirrorPods(input: MirrorPodSyncInput): Promise<void> {
  const { mirrorClient, log } = input;
  const mirrors = new Map(input.mirrorPods.filter(isMirrorPod).map((m) => [podFullName(m), m]));
  const kubeletLog = log.withSource('kubelet.go:1917');
  let node: KubeObject | null | undefined;
  const nodeForCreate = async () => {
    if (node === undefined) node = await input.client.resource(Nodes).get(input.nodeName).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
    return node;
  };

  for (const pod of input.staticPods) {
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const mirror = mirrors.get(podFullName(pod));
    let deleted = false;
    if (mirror && (mirror.metadata.deletionTimestamp || !isMirrorPodOf(mirror, pod))) {
      // The mirror is being deleted, or stands for an older version of the file: remove it, then make a new one.
      kubeletLog.info('Trying to delete pod', { pod: ref, podUID: mirror.metadata.uid });
      deleted = await mirrorClient.deleteMirrorPod(pod.metadata.namespace!, pod.metadata.name!, mirror.metadata.uid);
      if (deleted) {
        kubeletLog.info('Deleted mirror pod because it is outdated', { pod: ref });
        input.onDeleted?.(mirror);
      }
    }
    if (mirror && !deleted) continue;
    const n = await nodeForCreate();
    // Without its Node (not registered yet, or being removed) there is nothing to own a mirror: try again later.
    if (!n || n.metadata.deletionTimestamp) continue;
    try {
      input.onCreated?.(await mirrorClient.createMirrorPod(pod));
    } catch (e) {
      kubeletLog.error('Failed creating a mirror pod for', { err: (e as Error).message, pod: ref });
    }
  }

  // Orphaned mirror pods: their static pod is gone (and done terminating).
  const wanted = new Set(input.staticPods.map(podFullName));
  for (const [fullName, mirror] of mirrors) {
    if (wanted.has(fullName) || input.isTerminating?.(fullName)) continue;
    const deleted = await mirrorClient.deleteMirrorPod(mirror.metadata.namespace!, mirror.metadata.name!);
    if (deleted) {
      log.withSource('kubelet_pods.go:1211').info('Deleted mirror pod', { podName: fullName });
      input.onDeleted?.(mirror);
    }
  }
}

export interface MirrorPodsOptions {
  client: Client;
  nodeName: string;
  clock: TimerClock;
  log: Logger;
  /** How often to reconcile even without a change (retries a refused or failed create). Default 10 s. */
  resyncMs?: number;
  /** Whether the static pod of this full name (`name_namespace`) is still terminating. */
  isTerminating?: (fullName: string) => boolean;
}

/** The running upkeep of one node's mirror pods. */
export class MirrorPods {
  private readonly mirrorClient: MirrorPodClient;
  private staticPods: KubeObject[] | undefined;
  private readonly mirrors = new Map<string, KubeObject>();
  private readonly deletedUIDs = new Set<string>();
  private watch: WatchHandle | undefined;
  private watchToken: object | undefined;
  private resyncTimer: Timer | undefined;
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = true;

  constructor(private readonly opts: MirrorPodsOptions) {
    this.mirrorClient = new MirrorPodClient(opts.client, opts.nodeName, opts.log);
  }

  /** The mirror pods of this node as last seen in the store. */
  get mirrorPods(): KubeObject[] {
    return [...this.mirrors.values()];
  }

  /**
   * The static pods the kubelet now runs (the file source's full set). Nothing is deleted as orphaned before the
   * first call, so that a restarted kubelet does not remove mirrors before it has read its manifests.
   */
  setStaticPods(pods: readonly KubeObject[]): Promise<void> {
    this.staticPods = [...pods];
    return this.sync();
  }

  /** Watches the node's pods and reconciles on every change. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.startWatch();
    this.scheduleResync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.resyncTimer?.cancel();
    this.watchToken = undefined;
    this.watch?.stop();
    this.watch = undefined;
    await this.chain;
  }

  /** Reconciles now; concurrent calls share one queued pass. */
  sync(): Promise<void> {
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain.then(async () => {
      this.queued = false;
      if (this.staticPods === undefined) return;
      try {
        await syncMirrorPods({
          mirrorClient: this.mirrorClient,
          client: this.opts.client,
          nodeName: this.opts.nodeName,
          log: this.opts.log,
          staticPods: this.staticPods,
          mirrorPods: this.mirrorPods,
          isTerminating: this.opts.isTerminating,
          onCreated: (m) => this.observe(m),
          onDeleted: (m) => this.forget(m),
        });
      } catch (e) {
        this.opts.log.withSource('kubelet.go:1917').error('Failed to sync mirror pods', { err: (e as Error).message });
      }
    });
    return this.chain;
  }

  private async startWatch(): Promise<void> {
    this.mirrors.clear();
    // The watch delivers the current pods before it returns its handle: events are matched to their watch by a token.
    const token = {};
    this.watchToken = token;
    const handle = await this.opts.client
      .resource(Pods)
      .watch({ fieldSelector: `spec.nodeName=${this.opts.nodeName}` }, (ev) => this.watchToken === token && this.onEvent(ev));
    if (this.watchToken === token && !this.stopped) this.watch = handle;
    else handle.stop();
  }

  private onEvent(ev: WatchEvent): void {
    if (this.stopped) return;
    if (ev.type === 'ERROR') {
      // The watch ended (its revision was compacted, say): list and watch again.
      this.watchToken = undefined;
      this.watch?.stop();
      this.watch = undefined;
      void this.startWatch().then(() => this.sync());
      return;
    }
    if (ev.type === 'BOOKMARK') return;
    const pod = ev.object;
    const changed = ev.type === 'DELETED' || !isMirrorPod(pod) ? this.forget(pod) : this.observe(pod);
    if (changed) void this.sync();
  }

  /** Records a mirror pod, unless what is recorded is newer or it was deleted already; true when something changed. */
  private observe(pod: KubeObject): boolean {
    if (this.deletedUIDs.has(pod.metadata.uid!)) return false;
    const key = podFullName(pod);
    const known = this.mirrors.get(key);
    if (known && known.metadata.uid === pod.metadata.uid && Number(known.metadata.resourceVersion) >= Number(pod.metadata.resourceVersion)) return false;
    this.mirrors.set(key, pod);
    return true;
  }

  /** Drops a mirror pod (deleted, or no longer a mirror of this node); true when it was recorded. */
  private forget(pod: KubeObject): boolean {
    const uid = pod.metadata.uid!;
    this.deletedUIDs.add(uid);
    // Late watch events for deleted mirrors are recognized by UID; old UIDs can go after a while.
    if (this.deletedUIDs.size > 1000) this.deletedUIDs.delete(this.deletedUIDs.values().next().value!);
    const key = podFullName(pod);
    if (this.mirrors.get(key)?.metadata.uid !== uid) return false;
    this.mirrors.delete(key);
    return true;
  }

  private scheduleResync(): void {
    if (this.stopped) return;
    this.resyncTimer = this.opts.clock.setTimeout(() => {
      void this.sync().then(() => this.scheduleResync());
    }, this.opts.resyncMs ?? 10_000);
  }
}
