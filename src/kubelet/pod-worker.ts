/**
 * One pod on the node, synced as the kubelet's pod worker syncs it (pod_workers.go, kubelet.go SyncPod,
 * kuberuntime_manager.go computePodActions/SyncPod, kuberuntime_container.go startContainer/killContainer):
 * status first, then volumes, the sandbox (pod IP), init containers one at a time, the containers, restarts under the
 * restart policy with the crash-loop back-off, liveness restarts, and graceful termination ending with the deletion
 * of the API object. Every change of the simulated runtime (a container exits, a probe result flips, a back-off
 * ends) triggers another sync, as PLEG events do.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Container, Pod, PodStatus, Probe } from 'kubernetes-types/core/v1.js';
import type { Client } from '../client/client.js';
import { rfc3339, type Timer, type TimerClock } from '../util/clock.js';
import { goDurationMs } from '../util/go-duration.js';
import type { Logger } from '../util/logger.js';
import type { Backoff } from './backoff.js';
import { ContainerConfigError, containerEnvironment, expandCommand, type EnvSources, type NameValue, type PodAddresses } from './container-env.js';
import { ContainerLogWriter, containerLogLink, containerLogPath, linkContainerLog, podLogDir } from './container-log.js';
import type { EventRecorder, EventType, ObjectReference } from '../client/event-recorder.js';
import type { ImagePuller, PullPolicy } from './image-puller.js';
import type { KubeletConfig } from './kubelet-config.js';
import { podEtcFiles } from './pod-etc-files.js';
import type { PodIPAllocator } from './pod-ip-allocator.js';
import { generatePodStatus, isStaticPod, shouldRestart, type ContainerInstance, type RuntimePodView, type StartFailure } from './pod-status.js';
import { podDir, setUpPodVolumes, VolumeSetupError, type PodVolumePath, type VolumeSources } from './pod-volumes.js';
import { ProbeWorker, probeTypeName, runProbe, type ProbeResult, type ProbeType } from './prober.js';
import { ContainerStartError, type ContainerHandle, type ContainerRuntime, type ExitResult } from './runtime/container-runtime.js';
import type { ResolvedImage } from './runtime/image-catalog.js';
import { parseImageReference } from './runtime/image-reference.js';
import type { PodNetwork } from './runtime/pod-network.js';
import type { StatusManager } from './status-manager.js';

/** What the worker needs to know about its node. */
export interface NodeInfo {
  hostIPs: string[];
  podCIDR?: string;
  allocatable: Record<string, string>;
}

export interface PodWorkerDeps {
  nodeName: string;
  nodeDir: string;
  client: Client;
  clock: TimerClock;
  config: KubeletConfig;
  log: Logger;
  recorder: EventRecorder;
  images: ImagePuller;
  runtime: ContainerRuntime;
  network: PodNetwork;
  ips: PodIPAllocator;
  status: StatusManager;
  containerBackoff: Backoff;
  sources: EnvSources & VolumeSources;
  node(): Promise<NodeInfo | undefined>;
  /** The pod admission check (resources, node affinity); a message rejects the pod. */
  admit?(pod: Pod): Promise<{ reason: string; message: string } | undefined>;
  /** The worker is finished (the pod is gone from the node); `removal` settles when its files are gone. */
  onDone(uid: string, removal: Promise<unknown>): void;
}

type Phase = 'active' | 'terminal' | 'terminating' | 'done';

interface ProbeSet {
  startup?: ProbeWorker;
  readiness?: ProbeWorker;
  liveness?: ProbeWorker;
}

interface Sandbox {
  podIPs: string[];
  hostIPs: string[];
  gateway: string;
}

/** A pod's reference, or one of its containers' (`spec.containers{name}` / `spec.initContainers{name}`). */
export function podRef(pod: Pod, fieldPath?: string): ObjectReference {
  return {
    kind: 'Pod',
    namespace: pod.metadata?.namespace,
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid,
    apiVersion: 'v1',
    ...(pod.metadata?.resourceVersion ? { resourceVersion: pod.metadata.resourceVersion } : {}),
    ...(fieldPath ? { fieldPath } : {}),
  };
}

/** format.Pod: `name_namespace(uid)`. */
export const formatPod = (pod: Pod) => `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;

/** The pull policy after defaulting (`:latest` or no tag: Always). */
function pullPolicyOf(c: Container): PullPolicy {
  if (c.imagePullPolicy) return c.imagePullPolicy as PullPolicy;
  const tag = /:([^/@]+)$/.exec(c.image ?? '')?.[1];
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

const isSidecar = (c: Container) => c.restartPolicy === 'Always';

/**
 * Finished pods' files are removed at most two at a time for the whole process: Node's four I/O threads also serve
 * the syncs of live pods (volumes, logs), and a thousand recursive removals queued at once would starve them.
 */
const removalSlots = { free: 2, waiting: [] as Array<() => void> };
async function removeLimited(remove: () => Promise<unknown>): Promise<void> {
  if (removalSlots.free > 0) removalSlots.free--;
  else await new Promise<void>((resolve) => removalSlots.waiting.push(resolve));
  try {
    await remove();
  } catch {
    // force: true removals only fail on a disk error; the kubelet's garbage collection would retry.
  } finally {
    const next = removalSlots.waiting.shift();
    if (next) next();
    else removalSlots.free++;
  }
}
const newContainerId = () => randomBytes(32).toString('hex');
const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

export class PodWorker {
  private pod: Pod;
  /** The status as stored in the API (the mirror pod's for a static pod). */
  private apiStatus: PodStatus | undefined;
  private lastStatus: PodStatus | undefined;
  private phase: Phase = 'active';
  private removed = false;
  private removeGraceMs = 0;
  private mirrorUid: string | undefined;
  private stopped = false;
  private resumed = false;
  private admitted = false;
  private sandbox: Sandbox | undefined;
  private volumes: Map<string, PodVolumePath> | undefined;
  private readonly instances = new Map<string, ContainerInstance[]>();
  private readonly handles = new Map<string, ContainerHandle>();
  private readonly logs = new Map<string, ContainerLogWriter>();
  private readonly reasons = new Map<string, StartFailure>();
  private readonly probes = new Map<string, ProbeSet>();
  /** Instances killed in the current sync (their restart's back-off looks at the instance before them). */
  private readonly justKilled = new Set<string>();
  /** Containers whose definition changed: started again whatever the restart policy. */
  private readonly forceStart = new Set<string>();
  private volumeRetryMs: number;
  /** The pod's projected service account tokens, reused until the token manager would refresh them. */
  private readonly tokens = new Map<string, { token: string; iatMs: number }>();

  private running = false;
  private again = false;
  private timer: Timer | undefined;
  private timerAt: number | undefined;
  private resyncTimer: Timer | undefined;
  private syncAbort: AbortController | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Moves on every sync step and container exit (tests use it to see the worker is still busy). */
  activity = 0;
  /** Waits on the clock in progress (a sync blocked on one only moves when time does). */
  private clockWaits = 0;

  constructor(
    pod: Pod,
    private readonly deps: PodWorkerDeps,
  ) {
    this.pod = pod;
    this.apiStatus = isStaticPod(pod) ? undefined : pod.status;
    this.volumeRetryMs = deps.config.volumeRetryInitialMs;
  }

  get uid(): string {
    return this.pod.metadata?.uid ?? '';
  }

  get currentPod(): Pod {
    return this.pod;
  }

  /** The worker finished: the pod is gone from the node. */
  get isDone(): boolean {
    return this.phase === 'done';
  }

  /**
   * A newer version of the pod (from the API, or the static pod file). As the kubelet's pod config does, only a
   * change the kubelet acts on (spec, labels, annotations, deletion) syncs the pod; a status update (its own
   * writes, mostly) does not.
   */
  update(pod: Pod): void {
    const old = this.pod;
    const wasDeleting = Boolean(old.metadata?.deletionTimestamp);
    this.pod = pod;
    if (!isStaticPod(pod) && pod.status) this.apiStatus = pod.status;
    if (pod.metadata?.deletionTimestamp && !wasDeleting) this.syncAbort?.abort();
    const differs =
      JSON.stringify(old.spec) !== JSON.stringify(pod.spec) ||
      JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {}) ||
      JSON.stringify(old.metadata?.annotations ?? {}) !== JSON.stringify(pod.metadata?.annotations ?? {}) ||
      old.metadata?.deletionTimestamp !== pod.metadata?.deletionTimestamp ||
      old.metadata?.deletionGracePeriodSeconds !== pod.metadata?.deletionGracePeriodSeconds;
    if (differs) this.requestSync(0);
  }

  /** A static pod's mirror pod changed (created, recreated, updated): its status lives there. */
  updateMirror(mirror: Pod | undefined): void {
    if (!mirror) return;
    const fresh = !this.apiStatus;
    if (fresh && mirror.status) this.apiStatus = mirror.status;
    // A recreated mirror pod has a new UID and an empty status: write ours again.
    if (this.mirrorUid !== mirror.metadata?.uid) {
      this.mirrorUid = mirror.metadata?.uid;
      this.deps.status.forget(this.uid);
      this.requestSync(0);
    }
  }

  /**
   * The pod is gone from the API (force deletion: stop everything now) or its static pod file went away (stop it
   * with its termination grace period).
   */
  remove(graceMs = 0): void {
    this.removed = true;
    this.removeGraceMs = graceMs;
    this.syncAbort?.abort();
    this.requestSync(0);
  }

  /** The kubelet stops: processes end, nothing is written (a restarted kubelet resumes from the stored status). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.resyncTimer?.cancel();
    this.syncAbort?.abort();
    for (const set of this.probes.values()) for (const w of Object.values(set)) w?.stop();
    for (const handle of this.handles.values()) handle.signal('KILL');
    await this.idle();
    // A sync that was starting a container when the stop came has started it (and its probes) by now: they stop too.
    this.stopProbes();
    for (const handle of this.handles.values()) handle.signal('KILL');
    await Promise.allSettled([...this.handles.values()].map((h) => h.exited));
    for (const log of this.logs.values()) log.close();
  }

  /** Whether a sync is running and not just waiting for time to pass. */
  get busy(): boolean {
    if (this.running && this.clockWaits === 0) return true;
    for (const set of this.probes.values()) if (set.startup?.busy || set.readiness?.busy || set.liveness?.busy) return true;
    return false;
  }

  /** Waits for something that only the clock ends (a pull, a sandbox, a grace period). */
  private async onClock<T>(p: Promise<T>): Promise<T> {
    this.clockWaits++;
    try {
      return await p;
    } finally {
      this.clockWaits--;
    }
  }

  /** Resolves when no sync is running. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Schedules a sync after delayMs (the earliest request wins). */
  requestSync(delayMs: number): void {
    if (this.stopped || this.phase === 'done') return;
    if (delayMs <= 0) {
      this.timer?.cancel();
      this.timer = undefined;
      this.timerAt = undefined;
      queueMicrotask(() => this.kick());
      return;
    }
    const at = this.deps.clock.now().getTime() + delayMs;
    if (this.timerAt !== undefined && this.timerAt <= at) return;
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.kick();
    }, delayMs);
  }

  private kick(): void {
    this.activity++;
    if (this.stopped || this.phase === 'done') return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        const abort = new AbortController();
        this.syncAbort = abort;
        try {
          this.activity++;
          await this.sync(abort.signal);
          this.activity++;
        } catch (e) {
          if (abort.signal.aborted || this.stopped) continue;
          this.deps.log.error('Error syncing pod, skipping', { pod: `${this.pod.metadata?.namespace}/${this.pod.metadata?.name}`, podUID: this.uid, err: (e as Error).message });
          this.requestSync(this.deps.config.errorResyncMs);
        }
      } while (this.again && !this.stopped && this.phase !== 'done');
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  // ---- the sync ------------------------------------------------------------

  private async sync(signal: AbortSignal): Promise<void> {
    if (this.phase === 'done') return;
    if (this.removed) return this.terminate(this.removeGraceMs, false);
    if (this.pod.metadata?.deletionTimestamp) {
      const grace = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
      return this.terminate(grace * 1000, !isStaticPod(this.pod));
    }
    if (this.phase === 'terminal') return;
    const node = await this.deps.node();
    if (!node) {
      this.requestSync(this.deps.config.relistMs);
      return;
    }
    if (!this.resumed) this.resume(node);
    if (!this.admitted) {
      this.admitted = true;
      const rejected = this.hasRun() ? undefined : await this.deps.admit?.(this.pod);
      if (rejected) return this.reject(rejected);
    }

    // Step 1 of SyncPod: the status as the runtime stands now.
    const status = await this.writeStatus(false);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') return this.enterTerminal();
    this.scheduleResync();
    if (await this.pastActiveDeadline(status)) return;

    // Volumes (the volume manager's WaitForAttachAndMount).
    try {
      this.volumes = await setUpPodVolumes(this.pod, {
        nodeDir: this.deps.nodeDir,
        sources: this.deps.sources,
        addresses: this.addresses(node),
        now: this.deps.clock.now(),
        nodeAllocatable: node.allocatable,
        tokens: this.tokens,
      });
      this.volumeRetryMs = this.deps.config.volumeRetryInitialMs;
    } catch (e) {
      if (!(e instanceof VolumeSetupError)) throw e;
      this.event('Warning', 'FailedMount', e.message);
      this.requestSync(this.volumeRetryMs);
      this.volumeRetryMs = Math.min(this.volumeRetryMs * 2, this.deps.config.volumeRetryMaxMs);
      return;
    }
    if (signal.aborted) return;

    // The sandbox: network namespace and pod IP.
    if (!this.sandbox) {
      if (this.deps.config.sandboxCreateMs > 0) await this.onClock(this.deps.clock.sleep(this.deps.config.sandboxCreateMs, signal));
      this.sandbox = this.createSandbox(node);
      await this.writeStatus(false);
    }

    // computePodActions, then kill and start.
    this.justKilled.clear();
    for (const kill of this.containersToKill()) {
      if (signal.aborted) return;
      await this.killInstance(kill.instance, kill.message, kill.graceMs);
      this.justKilled.add(kill.instance.id);
    }
    for (const { container, isInit } of this.containersToStart()) {
      if (signal.aborted) return;
      const ok = await this.startContainer(container, isInit, signal);
      if (!ok || isInit) break;
    }
    if (!signal.aborted) await this.writeStatus(false);
  }

  /**
   * The active deadline handler (spec.activeDeadlineSeconds): a pod running longer is killed and fails with
   * DeadlineExceeded; until then a sync is due when the deadline passes.
   */
  private async pastActiveDeadline(status: PodStatus): Promise<boolean> {
    const seconds = this.pod.spec?.activeDeadlineSeconds;
    if (seconds === undefined || !status.startTime) return false;
    const deadline = Date.parse(status.startTime) + seconds * 1000;
    const now = this.deps.clock.now().getTime();
    if (now < deadline) {
      this.requestSync(deadline - now);
      return false;
    }
    const message = 'Pod was active on the node longer than the specified deadline';
    this.event('Normal', 'DeadlineExceeded', message);
    this.phase = 'terminating';
    this.stopProbes();
    const grace = (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const running = [...this.instances.values()].map((l) => l.at(-1)!).filter((i) => i.state === 'running' && this.handles.has(i.id));
    await Promise.all(running.map((inst) => this.killInstance(inst, `Stopping container ${inst.name}`, Math.max(grace, 2000))));
    const final = generatePodStatus({ ...this.pod, status: this.lastStatus ?? this.apiStatus ?? {} } as Pod, this.view(), { podIsTerminal: true, now: this.deps.clock.now() });
    final.phase = 'Failed';
    final.reason = 'DeadlineExceeded';
    final.message = message;
    this.lastStatus = final;
    await this.deps.status.setStatus(this.pod, final);
    this.enterTerminal();
    return true;
  }

  /** Whether any container of this pod ever ran here (a resumed pod is not admitted again). */
  private hasRun(): boolean {
    return this.instances.size > 0 || Boolean(this.apiStatus?.containerStatuses?.some((s) => s.containerID));
  }

  /** Rebuilds the runtime's view from the stored status (a restarted kubelet resumes its pods). */
  private resume(node: NodeInfo): void {
    this.resumed = true;
    const status = this.apiStatus;
    if (!status) return;
    const podIPs = (status.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => Boolean(ip));
    const ready = status.conditions?.some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True');
    if (podIPs.length && (ready || status.containerStatuses?.some((s) => s.containerID))) {
      if (!this.pod.spec?.hostNetwork) for (const ip of podIPs) this.deps.ips.adopt(ip, this.uid);
      this.sandbox = { podIPs, hostIPs: node.hostIPs, gateway: this.gatewayOf(node) };
    }
    const time = (t: string | undefined | null) => (t ? new Date(t).getTime() : undefined);
    for (const s of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
      const list: ContainerInstance[] = [];
      const idOf = (cid: string | undefined) => (cid ?? '').replace(/^[a-z]+:\/\//, '');
      const last = s.lastState?.terminated;
      const current = s.state;
      const base = { name: s.name, image: s.image, imageID: s.imageID ?? '' };
      const exited = (t: NonNullable<typeof last>, attempt: number): ContainerInstance => ({
        ...base,
        id: idOf(t.containerID),
        attempt,
        state: 'exited',
        createdAt: time(t.startedAt) ?? 0,
        startedAt: time(t.startedAt),
        finishedAt: time(t.finishedAt),
        exitCode: t.exitCode,
        reason: t.reason,
        message: t.message,
      });
      if (current?.running && s.containerID) {
        if (last?.containerID) list.push(exited(last, Math.max(0, s.restartCount - 1)));
        const startedAt = time(current.running.startedAt) ?? this.deps.clock.now().getTime();
        list.push({ ...base, id: idOf(s.containerID), attempt: s.restartCount, state: 'running', createdAt: startedAt, startedAt });
      } else if (current?.terminated?.containerID) {
        if (last?.containerID) list.push(exited(last, Math.max(0, s.restartCount - 1)));
        list.push(exited(current.terminated, s.restartCount));
      } else if (last?.containerID) {
        list.push(exited(last, s.restartCount));
      }
      if (list.length) this.instances.set(s.name, list);
    }
    // Containers that were running when the kubelet stopped keep running: their processes start again.
    for (const [name, list] of this.instances) {
      const inst = list.at(-1)!;
      if (inst.state !== 'running') continue;
      const spec = this.containerSpec(name);
      if (!spec) continue;
      void this.relaunch(spec.container, inst, node);
    }
  }

  private async relaunch(container: Container, inst: ContainerInstance, node: NodeInfo): Promise<void> {
    try {
      const volumes = await setUpPodVolumes(this.pod, {
        nodeDir: this.deps.nodeDir,
        sources: this.deps.sources,
        addresses: this.addresses(node),
        now: this.deps.clock.now(),
        nodeAllocatable: node.allocatable,
        tokens: this.tokens,
      });
      this.volumes = volumes;
      const image = this.resolveImage(container.image ?? '');
      if (!image) throw new Error(`image ${container.image} is not in the catalog`);
      const env = await this.environment(container, node);
      const handle = await this.launch(container, inst, image, env, volumes);
      this.watchExit(inst, handle);
      this.ensureProbes(container);
    } catch (e) {
      this.deps.log.warn('Could not resume container', { pod: `${this.pod.metadata?.namespace}/${this.pod.metadata?.name}`, containerName: container.name, err: (e as Error).message });
      inst.state = 'exited';
      inst.exitCode = 137;
      inst.reason = 'ContainerStatusUnknown';
      inst.message = 'The container could not be located when the pod was terminated';
      inst.finishedAt = this.deps.clock.now().getTime();
      this.requestSync(0);
    }
  }

  private resolveImage(image: string): ResolvedImage | undefined {
    return this.deps.images.resolve(image);
  }

  /** The kubelet's admission rejected the pod: it fails without running anything. */
  private async reject(r: { reason: string; message: string }): Promise<void> {
    this.event('Warning', r.reason, r.message);
    const status: PodStatus = {
      phase: 'Failed',
      message: `Pod was rejected: ${r.message}`,
      reason: r.reason,
      startTime: this.apiStatus?.startTime ?? rfc3339(this.deps.clock.now()),
      qosClass: this.apiStatus?.qosClass,
    };
    await this.deps.status.setStatus(this.pod, status);
    this.lastStatus = status;
    this.enterTerminal();
  }

  private gatewayOf(node: NodeInfo): string {
    const cidr = node.podCIDR;
    if (!cidr) return node.hostIPs[0] ?? '';
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\//.exec(cidr);
    return m ? `${m[1]}.${m[2]}.${m[3]}.${Number(m[4]) + 1}` : (node.hostIPs[0] ?? '');
  }

  private createSandbox(node: NodeInfo): Sandbox {
    const hostNetwork = this.pod.spec?.hostNetwork === true;
    let podIPs: string[];
    if (hostNetwork) podIPs = [...node.hostIPs];
    else {
      if (!node.podCIDR) throw new Error(`node ${this.deps.nodeName} has no podCIDR`);
      podIPs = [this.deps.ips.allocate(node.podCIDR, this.uid)];
    }
    return { podIPs, hostIPs: node.hostIPs, gateway: this.gatewayOf(node) };
  }

  private addresses(node: NodeInfo): PodAddresses {
    const podIPs = this.sandbox?.podIPs ?? [];
    return { podIP: podIPs[0] ?? '', podIPs, hostIP: node.hostIPs[0] ?? '', hostIPs: node.hostIPs };
  }

  private containerSpec(name: string): { container: Container; isInit: boolean } | undefined {
    const init = (this.pod.spec?.initContainers ?? []).find((c) => c.name === name);
    if (init) return { container: init, isInit: true };
    const c = (this.pod.spec?.containers ?? []).find((x) => x.name === name);
    return c ? { container: c, isInit: false } : undefined;
  }

  private last(name: string): ContainerInstance | undefined {
    return this.instances.get(name)?.at(-1);
  }

  /** computePodActions' kills: running containers whose liveness or startup probe failed. */
  private containersToKill(): Array<{ instance: ContainerInstance; message: string; graceMs: number }> {
    const out: Array<{ instance: ContainerInstance; message: string; graceMs: number }> = [];
    const restart = (this.pod.spec?.restartPolicy ?? 'Always') !== 'Never';
    const candidates = [...(this.pod.spec?.initContainers ?? []).filter(isSidecar), ...(this.pod.spec?.containers ?? [])];
    for (const c of candidates) {
      const inst = this.last(c.name);
      if (!inst || inst.state !== 'running') continue;
      const set = this.probes.get(c.name);
      let failed: { type: ProbeType; probe: Probe } | undefined;
      if (set?.liveness?.resultFor(inst.id) === 'failure') failed = { type: 'liveness', probe: set.liveness.probe };
      else if (set?.startup?.resultFor(inst.id) === 'failure') failed = { type: 'startup', probe: set.startup.probe };
      const wanted = parseImageReference(c.image ?? '');
      if (!failed && wanted && wanted.normalized !== inst.image && wanted.repository !== inst.image.split('@')[0]) {
        // The pod's image was changed (the one mutable field of a container): restart it whatever the policy.
        this.forceStart.add(c.name);
        const grace = this.pod.spec?.terminationGracePeriodSeconds ?? 30;
        out.push({ instance: inst, message: `Container ${c.name} definition changed, will be restarted`, graceMs: grace * 1000 });
        continue;
      }
      if (!failed) continue;
      let message = `Container ${c.name} failed ${failed.type} probe`;
      if (restart || isSidecar(c)) message += ', will be restarted';
      const grace = failed.probe.terminationGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
      out.push({ instance: inst, message, graceMs: grace * 1000 });
    }
    return out;
  }

  /** computePodActions' starts: the next init container, or the containers that need (re)starting. */
  private containersToStart(): Array<{ container: Container; isInit: boolean }> {
    const spec = this.pod.spec!;
    const regularStarted = spec.containers.some((c) => this.instances.has(c.name));
    if (!regularStarted) {
      const out: Array<{ container: Container; isInit: boolean }> = [];
      for (const c of spec.initContainers ?? []) {
        const inst = this.last(c.name);
        if (isSidecar(c)) {
          if (!inst || (inst.state === 'exited' && shouldRestart(this.pod, c, inst, true))) return [...out, { container: c, isInit: true }];
          if (inst.state === 'running' && this.isStarted(c.name, inst)) continue;
          return out;
        }
        if (!inst) return [{ container: c, isInit: true }];
        if (inst.state !== 'exited') return [];
        if (inst.exitCode === 0) continue;
        if (!shouldRestart(this.pod, c, inst, true)) return [];
        return [{ container: c, isInit: true }];
      }
    }
    const out: Array<{ container: Container; isInit: boolean }> = [];
    for (const c of (spec.initContainers ?? []).filter(isSidecar)) {
      const inst = this.last(c.name);
      if (inst?.state === 'exited' && shouldRestart(this.pod, c, inst, true)) out.push({ container: c, isInit: true });
    }
    for (const c of spec.containers) {
      const inst = this.last(c.name);
      if (!inst) out.push({ container: c, isInit: false });
      else if (inst.state === 'exited' && (this.forceStart.has(c.name) || shouldRestart(this.pod, c, inst, false))) out.push({ container: c, isInit: false });
    }
    return out;
  }

  private isStarted(name: string, inst: ContainerInstance): boolean {
    const startup = this.probes.get(name)?.startup;
    if (!startup) return inst.state === 'running';
    return startup.resultFor(inst.id) === 'success';
  }

  /** getStableKey: the back-off key of a container of this pod. */
  private backoffKey(c: Container): string {
    return `${this.pod.metadata?.name}_${this.pod.metadata?.namespace}_${this.uid}_${c.name}`;
  }

  /** startContainer, with doBackOff first; false when the container could not start (the sync stops there for init containers). */
  private async startContainer(c: Container, isInit: boolean, signal: AbortSignal): Promise<boolean> {
    const list = this.instances.get(c.name) ?? [];
    const lastExited = [...list].reverse().find((i) => i.state === 'exited' && !this.justKilled.has(i.id));
    const key = this.backoffKey(c);
    const backoff = this.deps.containerBackoff;
    if (lastExited?.finishedAt !== undefined) {
        if (backoff.isInBackOffSince(key, lastExited.finishedAt)) {
        this.event('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${formatPod(this.pod)}`, c, isInit);
        this.reasons.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${goDurationMs(backoff.get(key))} restarting failed container=${c.name} pod=${formatPod(this.pod)}` });
        const ends = lastExited.finishedAt + backoff.get(key) - this.deps.clock.now().getTime();
        this.requestSync(Math.max(1, Math.min(ends, this.deps.config.errorResyncMs)));
        return false;
      }
      backoff.next(key, lastExited.finishedAt);
    }

    // Step 1: the image.
    const pulled = await this.onClock(this.deps.images.ensure(c.image ?? '', pullPolicyOf(c), `${this.uid}_${c.image}`, (e) => this.event(e.type, e.reason, e.message, c, isInit), signal));
    if (signal.aborted) return false;
    if (!pulled.ok) {
      this.event('Warning', 'Failed', `Error: ${pulled.reason}`, c, isInit);
      this.reasons.set(c.name, { reason: pulled.reason, message: pulled.message });
      this.requestSync(pulled.reason === 'ErrImagePull' ? this.deps.config.relistMs : this.deps.config.errorResyncMs);
      return false;
    }

    // Step 2: the container's configuration.
    const node = (await this.deps.node())!;
    let env: NameValue[];
    try {
      env = await this.environment(c, node);
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e;
      this.event('Warning', 'Failed', `Error: ${e.message}`, c, isInit);
      this.reasons.set(c.name, { reason: 'CreateContainerConfigError', message: e.message });
      this.requestSync(this.deps.config.errorResyncMs);
      return false;
    }
    const prev = list.at(-1);
    const inst: ContainerInstance = {
      id: newContainerId(),
      name: c.name,
      attempt: prev ? prev.attempt + 1 : 0,
      image: pulled.image.imageRef,
      imageID: pulled.image.imageID,
      state: 'created',
      createdAt: this.deps.clock.now().getTime(),
    };
    this.addInstance(inst);
    this.event('Normal', 'Created', `Created container: ${c.name}`, c, isInit);

    // Step 3: start it.
    let handle: ContainerHandle;
    try {
      handle = await this.launch(c, inst, pulled.image, env, this.volumes ?? new Map());
    } catch (e) {
      const message = e instanceof ContainerStartError ? e.message : (e as Error).message;
      inst.state = 'exited';
      inst.exitCode = 128;
      inst.reason = 'StartError';
      inst.message = message;
      inst.startedAt = 0;
      inst.finishedAt = this.deps.clock.now().getTime();
      this.logs.get(inst.id)?.close();
      this.event('Warning', 'Failed', `Error: ${message}`, c, isInit);
      this.reasons.set(c.name, { reason: 'RunContainerError', message });
      this.requestSync(this.deps.config.errorResyncMs);
      return false;
    }
    inst.state = 'running';
    inst.startedAt = this.deps.clock.now().getTime();
    this.event('Normal', 'Started', `Started container ${c.name}`, c, isInit);
    this.reasons.delete(c.name);
    this.forceStart.delete(c.name);
    this.watchExit(inst, handle);

    // Step 4: the postStart hook; when it fails the container is killed and the start counts as failed.
    const postStart = c.lifecycle?.postStart;
    if (postStart) {
      const failure = await this.onClock(this.runHook(handle, postStart, (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000, c));
      if (failure !== undefined) {
        this.event('Warning', 'FailedPostStartHook', 'PostStartHook failed', c, isInit);
        await this.killInstance(inst, 'FailedPostStartHook', (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000);
        this.reasons.set(c.name, { reason: 'PostStartHookError', message: failure });
        this.requestSync(this.deps.config.errorResyncMs);
        return false;
      }
    }
    if (!isInit || isSidecar(c)) this.ensureProbes(c);
    return true;
  }

  private async environment(c: Container, node: NodeInfo): Promise<NameValue[]> {
    return containerEnvironment(this.pod, c, this.addresses(node), { ...this.deps.sources, nodeAllocatable: node.allocatable });
  }

  /** command/args as the runtime runs them: the image's entrypoint and cmd unless the container overrides them. */
  private argv(c: Container, image: ResolvedImage, env: NameValue[]): string[] {
    const command = expandCommand(c.command ?? [], env);
    const args = expandCommand(c.args ?? [], env);
    if (command.length) return [...command, ...args];
    return [...(image.spec.entrypoint ?? []), ...(args.length ? args : (image.spec.cmd ?? []))];
  }

  private async launch(c: Container, inst: ContainerInstance, image: ResolvedImage, env: NameValue[], volumes: ReadonlyMap<string, PodVolumePath>): Promise<ContainerHandle> {
    const ns = this.pod.metadata?.namespace ?? 'default';
    const logPath = containerLogPath(this.deps.nodeDir, ns, this.pod.metadata?.name ?? '', this.uid, c.name, inst.attempt);
    const log = await ContainerLogWriter.open(logPath, this.deps.clock);
    this.logs.set(inst.id, log);
    await linkContainerLog(this.deps.nodeDir, ns, this.pod.metadata?.name ?? '', c.name, inst.id, logPath);
    const etc = podEtcFiles(this.pod, this.deps.nodeName, this.sandbox?.podIPs ?? [], this.deps.config, this.deps.nodeDir);
    const argv = this.argv(c, image, env);
    return this.deps.runtime.start({
      pod: this.pod,
      container: c,
      id: inst.id,
      image,
      argv,
      env,
      workingDir: c.workingDir || image.spec.workingDir || '/',
      hostname: etc.hostname,
      volumes,
      etcHosts: etc.hosts,
      resolvConf: etc.resolvConf,
      podIP: this.sandbox?.podIPs[0] ?? '',
      hostIP: this.sandbox?.hostIPs[0] ?? '',
      hostNetwork: this.pod.spec?.hostNetwork === true,
      log,
    });
  }

  private watchExit(inst: ContainerInstance, handle: ContainerHandle): void {
    this.handles.set(inst.id, handle);
    void handle.exited.then(
      (r) => this.onExit(inst, r),
      (e: unknown) => this.onExit(inst, { exitCode: 128, reason: 'Error', message: (e as Error).message }),
    );
  }

  private onExit(inst: ContainerInstance, r: ExitResult): void {
    this.activity++;
    this.handles.delete(inst.id);
    this.logs.get(inst.id)?.close();
    this.logs.delete(inst.id);
    if (this.stopped) return;
    inst.state = 'exited';
    inst.exitCode = r.exitCode;
    inst.reason = r.reason ?? (r.exitCode === 0 ? 'Completed' : 'Error');
    if (r.message) inst.message = r.message;
    inst.finishedAt = this.deps.clock.now().getTime();
    this.requestSync(0);
  }

  /** Keeps the current and the previous instance of a container; older ones are removed with their logs. */
  private addInstance(inst: ContainerInstance): void {
    const list = this.instances.get(inst.name) ?? [];
    list.push(inst);
    while (list.length > 2) {
      const old = list.shift()!;
      void Promise.resolve(this.deps.runtime.remove(old.id)).catch(() => undefined);
      const ns = this.pod.metadata?.namespace ?? 'default';
      rmSync(containerLogPath(this.deps.nodeDir, ns, this.pod.metadata?.name ?? '', this.uid, old.name, old.attempt), { force: true });
      rmSync(containerLogLink(this.deps.nodeDir, ns, this.pod.metadata?.name ?? '', old.name, old.id), { force: true });
    }
    this.instances.set(inst.name, list);
  }

  /** killContainer: the Killing event, the preStop hook, the stop signal, then KILL after the grace period. */
  private async killInstance(inst: ContainerInstance, message: string, graceMs: number): Promise<void> {
    const handle = this.handles.get(inst.id);
    const spec = this.containerSpec(inst.name);
    if (!handle) return;
    this.event('Normal', 'Killing', message, spec?.container, spec?.isInit);
    const deadline = this.deps.clock.now().getTime() + Math.max(graceMs, 0);
    const preStop = spec?.container.lifecycle?.preStop;
    if (preStop && graceMs > 0) {
      const failure = await this.onClock(this.runHook(handle, preStop, graceMs, spec!.container));
      if (failure !== undefined) this.event('Warning', 'FailedPreStopHook', 'PreStopHook failed', spec?.container, spec?.isInit);
    }
    handle.signal('TERM');
    const left = deadline - this.deps.clock.now().getTime();
    const exited = await this.onClock(this.waitExit(handle, left));
    if (!exited) handle.signal('KILL');
    await handle.exited.catch(() => undefined);
    // Let onExit record the instance before the caller looks at it.
    await Promise.resolve();
  }

  private async waitExit(handle: ContainerHandle, ms: number): Promise<boolean> {
    if (ms <= 0) return false;
    const stop = new AbortController();
    const timeout = this.deps.clock.sleep(ms, stop.signal).then(
      () => false,
      () => false,
    );
    const done = handle.exited.then(
      () => true,
      () => true,
    );
    const result = await Promise.race([done, timeout]);
    stop.abort();
    return result;
  }

  /** A lifecycle hook (handlers.go Run): undefined when it succeeded, else the failure message. */
  private async runHook(handle: ContainerHandle, hook: NonNullable<NonNullable<Container['lifecycle']>['preStop']>, graceMs: number, c: Container): Promise<string | undefined> {
    if (hook.exec?.command) {
      const cmd = hook.exec.command;
      let output = '';
      const r = await handle.exec(cmd, { stdout: (t) => (output += t), stderr: (t) => (output += t) }, { timeoutMs: graceMs }).catch((e: unknown) => ({ error: (e as Error).message }));
      const err = 'error' in r ? r.error : r.exitCode !== 0 ? `command '${cmd.join(' ')}' exited with ${r.exitCode}: ` : undefined;
      if (err === undefined) return undefined;
      return `Exec lifecycle hook ([${cmd.join(' ')}]) for Container "${c.name}" in Pod "${formatPod(this.pod)}" failed - error: ${err}, message: ${JSON.stringify(output)}`;
    }
    if (hook.sleep) {
      const stop = new AbortController();
      await Promise.race([this.deps.clock.sleep(Math.min(hook.sleep.seconds * 1000, graceMs), stop.signal).catch(() => undefined), handle.exited.catch(() => undefined)]);
      stop.abort();
      return undefined;
    }
    if (hook.httpGet) {
      const g = hook.httpGet;
      const port = typeof g.port === 'number' ? g.port : ((c.ports ?? []).find((p) => p.name === g.port)?.containerPort ?? Number(g.port));
      const host = g.host || this.sandbox?.podIPs[0] || '';
      const path = g.path?.startsWith('/') ? g.path : `/${g.path ?? ''}`;
      const url = `${(g.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path}`;
      const listener = this.deps.network.connect(host, port);
      const res = listener?.http ? await listener.http({ method: 'GET', path, headers: {}, remote: this.sandbox?.gateway ?? '', userAgent: 'kube-lifecycle/1.32' }) : undefined;
      if (res && res.status >= 200 && res.status < 400) return undefined;
      const err = res ? `HTTP lifecycle hook returned status ${res.status}` : `Get ${JSON.stringify(url)}: dial tcp ${host}:${port}: connect: connection refused`;
      return `HTTP lifecycle hook (${path}) for Container "${c.name}" in Pod "${formatPod(this.pod)}" failed - error: ${err}`;
    }
    return undefined;
  }

  // ---- probes --------------------------------------------------------------

  private ensureProbes(c: Container): void {
    if (this.stopped) return;
    const existing = this.probes.get(c.name);
    if (existing) {
      existing.readiness?.trigger();
      existing.startup?.trigger();
      existing.liveness?.trigger();
      return;
    }
    const set: ProbeSet = {};
    const make = (type: ProbeType, probe: Probe | undefined) => {
      if (!probe) return undefined;
      const worker = new ProbeWorker(type, probe, {
        clock: this.deps.clock,
        current: () => {
          const inst = this.last(c.name);
          if (!inst) return undefined;
          return {
            id: inst.id,
            running: inst.state === 'running',
            startedAt: seconds(inst.startedAt ?? 0),
            started: this.isStarted(c.name, inst),
            deleting: Boolean(this.pod.metadata?.deletionTimestamp),
          };
        },
        run: () => {
          const inst = this.last(c.name)!;
          const handle = this.handles.get(inst.id);
          return runProbe(probe, c, {
            podIP: this.sandbox?.podIPs[0] ?? '',
            hostIP: this.sandbox?.hostIPs[0] ?? '',
            network: this.deps.network,
            sourceIP: this.sandbox?.gateway ?? '',
            exec: async (argv, timeoutMs) => {
              if (!handle) return { exitCode: 1, output: '' };
              let output = '';
              const r = await handle.exec(argv, { stdout: (t) => (output += t), stderr: (t) => (output += t) }, { timeoutMs });
              if ('error' in r) return { exitCode: 126, output: r.error };
              return { exitCode: r.exitCode, output, timedOut: r.timedOut };
            },
          });
        },
        onFailure: (o) => this.event('Warning', 'Unhealthy', `${probeTypeName[type]} probe failed: ${o.output}`, c, false),
        onWarning: (o) => this.event('Warning', 'ProbeWarning', `${probeTypeName[type]} probe warning: ${o.output}`, c, false),
        onResult: (_id: string, _r: ProbeResult) => this.requestSync(0),
      });
      worker.start();
      return worker;
    };
    set.startup = make('startup', c.startupProbe);
    set.readiness = make('readiness', c.readinessProbe);
    set.liveness = make('liveness', c.livenessProbe);
    this.probes.set(c.name, set);
  }

  private stopProbes(): void {
    for (const set of this.probes.values()) for (const w of Object.values(set)) (w as ProbeWorker | undefined)?.stop();
  }

  // ---- status --------------------------------------------------------------

  private view(): RuntimePodView {
    return {
      sandboxReady: Boolean(this.sandbox) && this.phase !== 'terminal' && this.phase !== 'done',
      podIPs: this.sandbox?.podIPs ?? [],
      hostIPs: this.sandbox?.hostIPs ?? [],
      instances: this.instances,
      reasons: this.reasons,
      probes: {
        hasStartup: (name) => Boolean(this.containerSpec(name)?.container.startupProbe),
        hasReadiness: (name) => Boolean(this.containerSpec(name)?.container.readinessProbe),
        startupSucceeded: (id) => {
          for (const set of this.probes.values()) {
            const r = set.startup?.resultFor(id);
            if (r !== undefined) return r === 'success';
          }
          return undefined;
        },
        ready: (id) => {
          for (const set of this.probes.values()) {
            const r = set.readiness?.resultFor(id);
            if (r !== undefined) return r === 'success';
          }
          return undefined;
        },
      },
    };
  }

  private async writeStatus(podIsTerminal: boolean): Promise<PodStatus> {
    const old = this.lastStatus ?? this.apiStatus;
    const base = { ...this.pod, status: old ?? {} } as Pod;
    const status = generatePodStatus(base, this.view(), { podIsTerminal, now: this.deps.clock.now() });
    if (!status.hostIP) {
      const node = await this.deps.node();
      if (node?.hostIPs.length) {
        status.hostIP = node.hostIPs[0];
        status.hostIPs = node.hostIPs.map((ip) => ({ ip }));
      }
    }
    this.lastStatus = status;
    await this.deps.status.setStatus(this.pod, status);
    return status;
  }

  /** The pod finished (Succeeded/Failed): nothing runs or restarts; its sandbox and IP are released. */
  private enterTerminal(): void {
    this.phase = 'terminal';
    this.stopProbes();
    this.resyncTimer?.cancel();
    if (!this.pod.spec?.hostNetwork) this.deps.ips.release(this.uid);
  }

  /** syncTerminatingPod + syncTerminatedPod: stop every container, report the final status, delete, clean up. */
  private async terminate(graceMs: number, deleteFromApi: boolean): Promise<void> {
    this.phase = 'terminating';
    this.stopProbes();
    this.resyncTimer?.cancel();
    const running = [...this.instances.values()].map((l) => l.at(-1)!).filter((i) => i.state === 'running' && this.handles.has(i.id));
    // The kubelet gives every container at least two seconds, unless the pod was force-deleted.
    const effective = this.removed && graceMs === 0 ? 0 : Math.max(graceMs, 2000);
    await Promise.all(running.map((inst) => this.killInstance(inst, `Stopping container ${inst.name}`, effective)));
    if (!this.removed) {
      await this.writeStatus(true);
      if (deleteFromApi) await this.deps.status.deletePod(this.pod);
    }
    this.cleanup();
  }

  private cleanup(): void {
    this.phase = 'done';
    this.timer?.cancel();
    for (const log of this.logs.values()) log.close();
    if (!this.pod.spec?.hostNetwork) this.deps.ips.release(this.uid);
    const ns = this.pod.metadata?.namespace ?? 'default';
    // The files go off the event loop: removing inodes blocks for milliseconds each, and nothing waits for them.
    const nodeDir = this.deps.nodeDir;
    const name = this.pod.metadata?.name ?? '';
    const instances = [...this.instances.values()].flat();
    const removal = removeLimited(async () => {
      for (const inst of instances) {
        await this.deps.runtime.remove(inst.id);
        await rm(containerLogLink(nodeDir, ns, name, inst.name, inst.id), { force: true });
      }
      await rm(podDir(nodeDir, this.uid), { recursive: true, force: true });
      await rm(podLogDir(nodeDir, ns, name, this.uid), { recursive: true, force: true });
    });
    this.deps.status.forget(this.uid);
    this.deps.onDone(this.uid, removal);
  }

  private scheduleResync(): void {
    if (this.resyncTimer) return;
    this.resyncTimer = this.deps.clock.setTimeout(() => {
      this.resyncTimer = undefined;
      if (this.phase === 'active') this.requestSync(0);
    }, this.deps.config.resyncMs);
  }

  // ---- events --------------------------------------------------------------

  private event(type: EventType, reason: string, message: string, c?: Container, isInit = false): void {
    const fieldPath = c ? `spec.${isInit ? 'initContainers' : 'containers'}{${c.name}}` : undefined;
    this.deps.recorder.event(podRef(this.pod, fieldPath), type, reason, message);
  }
}
