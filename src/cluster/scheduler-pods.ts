/**
 * The kube-scheduler processes of the cluster: every Running pod whose container runs a kube-scheduler image (the
 * control-plane static pod, or a second scheduler such as the documentation's `my-scheduler` Deployment) gets a
 * Scheduler configured from that container's command line and files (cmd/kube-scheduler's options), for as long as
 * that container runs. With leader election on, it first acquires its Lease as the pod's identity, with RBAC
 * evaluated as the API server would: denied, it logs client-go's leaderelection error into the container's log and
 * schedules nothing, retrying every retryPeriod, so that editing the ClusterRole lets it in.
 */
import { existsSync, mkdirSync, realpathSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isConflict, isNotFound } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import { authorize, forbiddenError, serviceAccountUser, type RequestAttributes, type UserInfo } from '../api/rbac/authorizer.js';
import { loadRbacObjects } from '../api/rbac/rbac-objects.js';
import type { Client } from '../client/client.js';
import type { HandlerRegistration, InformerFactory } from '../client/informer.js';
import { ConfigMaps, Leases, Pods } from '../client/resources.js';
import { ContainerLogWriter, containerLogLink } from '../kubelet/container-log.js';
import { parseImageReference } from '../kubelet/runtime/image-reference.js';
import { schedulerFromCommand } from '../scheduler/config/from-static-pod.js';
import { parseGoDuration } from '../scheduler/config/go-struct-decode.js';
import type { KubeSchedulerConfiguration } from '../scheduler/config/types.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { rfc3339Micro, type Clock, type TimerClock } from '../util/clock.js';
import type { ProgramCheck } from '../kubelet/runtime/program-checks.js';
import { klogLine, klogLogger, type Logger } from '../util/logger.js';
import type { KubesimHome } from './home.js';
import { nodeDir, writeAtomic } from './node-folders.js';
import type { ClusterConfig } from './cluster-config.js';
import { controlPlaneManifests } from './system-objects.js';
import { isLegacyPolicy, PolicyError, translatePolicy } from '../scheduler/config/policy.js';
import { toYaml } from '../printers/yaml.js';

/** The repositories of kube-scheduler images (the seed's k8s.gcr.io/kube-scheduler-amd64 included). */
const schedulerRepositories = new Set(['registry.k8s.io/kube-scheduler', 'k8s.gcr.io/kube-scheduler', 'k8s.gcr.io/kube-scheduler-amd64']);

export function isKubeSchedulerImage(image: string | undefined): boolean {
  const ref = image ? parseImageReference(image) : undefined;
  return !!ref && schedulerRepositories.has(ref.repository);
}

/** What runs for one scheduler process; the daemon's is a Scheduler, tests may count starts and stops. */
export interface SchedulerProcess {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SchedulerPodsOptions {
  client: Client;
  informers: InformerFactory;
  clock: TimerClock;
  log: Logger;
  home: KubesimHome;
  /** Builds the scheduler of one process (default: a Scheduler logging into the container's log). */
  newScheduler?: (config: KubeSchedulerConfiguration, log: Logger) => SchedulerProcess;
}

/** One running kube-scheduler container. */
interface Instance {
  key: string;
  pod: Pod;
  container: string;
  containerID: string;
  abort: AbortController;
  done: Promise<void>;
  scheduler?: SchedulerProcess;
  /** Set while this process holds its lease (released when it stops, as kube-scheduler's ReleaseOnCancel). */
  lease?: { namespace: string; name: string; identity: string };
}

const podKey = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;
const isMirrorPod = (pod: Pod) => !!pod.metadata?.annotations?.['kubernetes.io/config.mirror'];

/**
 * kube-scheduler's leader-election identity, `<hostname>_<uuid>`: the node's name for a host-network pod (the static
 * one), else the pod's; the UUID is made once per process (here from its container ID).
 */
function leaseIdentity(inst: { pod: Pod; containerID: string }): string {
  const host = inst.pod.spec?.hostNetwork ? (inst.pod.spec.nodeName ?? '') : (inst.pod.spec?.hostname ?? inst.pod.metadata?.name ?? '');
  const h = inst.containerID.replace(/[^0-9a-f]/g, '').padEnd(32, '0');
  return `${host}_${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Go's %q of an error text, as klog prints err="...". */
const goQuoted = (s: string) => JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** What kube-scheduler prints when it cannot start: a flag error plainly (component-base's cli.Run), else klog's line. */
export function schedulerStartFailure(result: { flagError?: string; error?: string }, now: Date): string {
  if (result.flagError) return `Error: ${result.flagError}\n`;
  return `${klogLine('E', 'run.go:74', `"command failed" err=${goQuoted(result.error ?? '')}`, now, 1)}\n`;
}

/**
 * kube-scheduler's start-up as its container runs it: the flags and the --config file read through the container's
 * own filesystem (its mounts), so a broken static-pod manifest makes the container exit 1 and crash-loop.
 */
export function kubeSchedulerCheck(clock: Clock): ProgramCheck {
  return async (argv, readFile) => {
    // schedulerFromCommand reads synchronously: each file it asks for is read first, then it runs again.
    const files = new Map<string, string | Error>();
    for (;;) {
      let wanted: string | undefined;
      const result = schedulerFromCommand([...argv], (path) => {
        const got = files.get(path);
        if (got === undefined) {
          wanted = path;
          throw new Error(`open ${path}: no such file or directory`);
        }
        if (got instanceof Error) throw got;
        return got;
      });
      if (wanted === undefined) return result.ok ? undefined : { stderr: schedulerStartFailure(result, clock.now()), code: 1 };
      const path = wanted;
      files.set(path, await readFile(path).catch(() => new Error(`open ${path}: no such file or directory`)));
    }
  };
}

export class SchedulerPods {
  readonly name = 'kube-scheduler-pods';
  private readonly instances = new Map<string, Instance>();
  private registration: HandlerRegistration | undefined;
  private pending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: SchedulerPodsOptions) {}

  async start(): Promise<void> {
    const pods = this.opts.informers.forResource(Pods);
    // Only kube-scheduler pods matter: other pods' events (thousands, on a busy cluster) cost one image check each.
    const relevant = (obj: KubeObject) => ((obj as unknown as Pod).spec?.containers ?? []).some((c) => isKubeSchedulerImage(c.image));
    this.registration = pods.addEventHandler({
      onAdd: (o) => relevant(o) && this.kick(),
      onUpdate: (o, n) => (relevant(o) || relevant(n)) && this.kick(),
      onDelete: (o) => relevant(o) && this.kick(),
    });
    await this.opts.informers.start();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.registration?.remove();
    await this.pending;
    await Promise.all([...this.instances.values()].map((i) => this.stopInstance(i)));
  }

  /** Resolves when what the pods asked for so far is in place (tests). */
  async settle(): Promise<void> {
    await this.pending;
  }

  /** The running schedulers' pods (tests, status). */
  runningFor(): string[] {
    return [...this.instances.values()].filter((i) => i.scheduler).map((i) => podKey(i.pod));
  }

  private kick(): void {
    if (this.stopped) return;
    this.pending = this.pending.then(() => this.reconcile()).catch((err) => this.opts.log.error('Reconciling kube-scheduler pods failed', { err: String(err) }));
  }

  /** Which kube-scheduler containers run now, by pod UID, container and container ID. */
  private wanted(): Map<string, { pod: Pod; container: string; containerID: string }> {
    const out = new Map<string, { pod: Pod; container: string; containerID: string }>();
    for (const obj of this.opts.informers.forResource(Pods).list()) {
      const pod = obj as unknown as Pod;
      if (!(pod.spec?.containers ?? []).some((c) => isKubeSchedulerImage(c.image))) continue;
      if (pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) continue;
      for (const c of pod.spec?.containers ?? []) {
        if (!isKubeSchedulerImage(c.image)) continue;
        const status = pod.status?.containerStatuses?.find((s) => s.name === c.name);
        if (!status?.state?.running || !status.containerID) continue;
        const containerID = status.containerID.replace(/^[a-z]+:\/\//, '');
        out.set(`${pod.metadata?.uid}/${c.name}/${containerID}`, { pod, container: c.name, containerID });
      }
    }
    return out;
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    const wanted = this.wanted();
    for (const [key, inst] of this.instances) {
      if (!wanted.has(key)) {
        this.instances.delete(key);
        await this.stopInstance(inst);
      }
    }
    for (const [key, w] of wanted) {
      if (this.instances.has(key)) continue;
      const abort = new AbortController();
      const inst: Instance = { key, ...w, abort, done: Promise.resolve() };
      this.instances.set(key, inst);
      inst.done = this.run(inst).catch((err) => this.opts.log.error('kube-scheduler process failed', { pod: podKey(w.pod), err: String(err) }));
    }
  }

  private async stopInstance(inst: Instance): Promise<void> {
    inst.abort.abort();
    await inst.done;
    if (inst.scheduler) await inst.scheduler.stop();
    inst.scheduler = undefined;
    if (inst.lease) await this.release(inst.lease).catch(() => undefined);
    inst.lease = undefined;
  }

  /** client-go's release: the holder steps down so the next candidate need not wait for the lease to expire. */
  private async release(lease: { namespace: string; name: string; identity: string }): Promise<void> {
    const leases = this.opts.client.resource(Leases).namespace(lease.namespace);
    const current = (await leases.get(lease.name)) as KubeObject & { spec?: Record<string, unknown> };
    if (current.spec?.holderIdentity !== lease.identity) return;
    const now = rfc3339Micro(this.opts.clock.now());
    await leases.update({ ...current, spec: { ...current.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now } });
  }

  /** The container's log, as its process writes to stderr (klog's default). */
  private containerLog(inst: Instance): { write(line: string): void } {
    const node = inst.pod.spec?.nodeName ?? '';
    const link = containerLogLink(nodeDir(this.opts.home, node), inst.pod.metadata?.namespace ?? 'default', inst.pod.metadata?.name ?? '', inst.container, inst.containerID);
    let writer: ContainerLogWriter | undefined;
    return {
      write: (line: string) => {
        try {
          writer ??= new ContainerLogWriter(realpathSync(link), this.opts.clock);
          writer.write('stderr', line.endsWith('\n') ? line : `${line}\n`);
        } catch {
          // The container's log is gone (the pod is being removed): nothing to write to.
        }
      },
    };
  }

  /** Files as the container sees them: its hostPath and ConfigMap volumes; anything else is not in the image. */
  private async containerFiles(pod: Pod, containerName: string): Promise<(path: string) => string> {
    const container = pod.spec?.containers?.find((c) => c.name === containerName);
    const volumes = new Map<string, Volume>((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
    const configMaps = new Map<string, Record<string, string> | undefined>();
    for (const v of volumes.values()) {
      if (!v.configMap?.name) continue;
      try {
        const cm = (await this.opts.client.resource(ConfigMaps).namespace(pod.metadata?.namespace ?? 'default').get(v.configMap.name)) as KubeObject & { data?: Record<string, string> };
        configMaps.set(v.name, cm.data ?? {});
      } catch (e) {
        if (!isNotFound(e)) throw e;
        configMaps.set(v.name, undefined);
      }
    }
    const node = nodeDir(this.opts.home, pod.spec?.nodeName ?? '');
    return (path: string) => {
      const notFound = () => new Error(`open ${path}: no such file or directory`);
      const mounts = [...(container?.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length);
      const mount = mounts.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
      if (!mount) throw notFound();
      const rest = posix.relative(mount.mountPath, path);
      const sub = mount.subPath ? posix.join(mount.subPath, rest) : rest;
      const volume = volumes.get(mount.name);
      if (volume?.hostPath) {
        try {
          return readFileSync(join(node, posix.join(volume.hostPath.path, sub)), 'utf8');
        } catch {
          throw notFound();
        }
      }
      if (volume?.configMap) {
        const data = configMaps.get(volume.name);
        if (!data) throw notFound();
        const items = volume.configMap.items;
        const key = items ? items.find((i) => i.path === sub)?.key : sub;
        if (key === undefined || data[key] === undefined) throw notFound();
        return data[key]!;
      }
      throw notFound();
    };
  }

  /** Who the process is to the API server: kubeadm's scheduler.conf user for the static pod, else the pod's ServiceAccount. */
  private identity(pod: Pod): UserInfo {
    if (isMirrorPod(pod)) return { name: 'system:kube-scheduler', groups: ['system:authenticated'] };
    return serviceAccountUser(pod.metadata?.namespace ?? 'default', pod.spec?.serviceAccountName || 'default');
  }

  private async run(inst: Instance): Promise<void> {
    const log = this.containerLog(inst);
    const clock = this.opts.clock;
    const container = inst.pod.spec?.containers?.find((c) => c.name === inst.container);
    const argv = [...(container?.command?.length ? container.command : ['kube-scheduler']), ...(container?.args ?? [])];
    const read = await this.containerFiles(inst.pod, inst.container);
    const result = schedulerFromCommand(argv, read);
    // The container itself fails to start on this (kubeSchedulerCheck), printing the error and exiting 1.
    if (!result.ok) return;
    const config = result.config;
    const schedLog = klogLogger((l) => log.write(l), clock, 'schedule_one.go', 1);
    const build = this.opts.newScheduler ?? ((cfg, l) => new Scheduler({ client: this.opts.client, informers: this.opts.informers, clock, log: l, config: cfg }));
    const le = config.leaderElection;
    if (le.leaderElect) {
      const identity = leaseIdentity(inst);
      const elected = await this.acquire(inst, config, identity, log);
      if (!elected) return;
      inst.lease = { namespace: le.resourceNamespace, name: le.resourceName, identity };
    }
    if (inst.abort.signal.aborted) return;
    inst.scheduler = build(config, schedLog);
    await inst.scheduler.start();
    if (le.leaderElect) void this.renew(inst, config, log);
  }

  private async authorized(user: UserInfo, attrs: RequestAttributes): Promise<{ allowed: boolean; reason: string }> {
    const objects = await loadRbacObjects(async (gvr) => (await this.opts.client.resource(gvr).list()).items);
    return authorize(objects, user, attrs);
  }

  /** client-go's LeaderElector.acquire: tries every retryPeriod until it holds the lease or the container stops. */
  private async acquire(inst: Instance, config: KubeSchedulerConfiguration, identity: string, log: { write(l: string): void }): Promise<boolean> {
    const le = config.leaderElection;
    const desc = `${le.resourceNamespace}/${le.resourceName}`;
    const clock = this.opts.clock;
    log.write(klogLine('I', 'leaderelection.go:257', `attempting to acquire leader lease ${desc}...`, clock.now(), 1));
    const retryMs = (parseGoDuration(le.retryPeriod) ?? 2000) || 2000;
    while (!inst.abort.signal.aborted) {
      const outcome = await this.tryAcquireOrRenew(inst, config, identity);
      if (outcome === true) {
        log.write(klogLine('I', 'leaderelection.go:271', `successfully acquired lease ${desc}`, clock.now(), 1));
        return true;
      }
      if (typeof outcome === 'string') log.write(klogLine('E', 'leaderelection.go:436', `error retrieving resource lock ${desc}: ${outcome}`, clock.now(), 1));
      try {
        await clock.sleep(retryMs, inst.abort.signal);
      } catch {
        return false;
      }
    }
    return false;
  }

  /** Keeps renewing the lease while the container runs (renewTime every retryPeriod). */
  private async renew(inst: Instance, config: KubeSchedulerConfiguration, log: { write(l: string): void }): Promise<void> {
    const retryMs = (parseGoDuration(config.leaderElection.retryPeriod) ?? 2000) || 2000;
    const identity = leaseIdentity(inst);
    while (!inst.abort.signal.aborted) {
      try {
        await this.opts.clock.sleep(retryMs, inst.abort.signal);
      } catch {
        return;
      }
      const outcome = await this.tryAcquireOrRenew(inst, config, identity).catch(() => false);
      if (outcome !== true && typeof outcome === 'string') {
        log.write(klogLine('E', 'leaderelection.go:436', `error retrieving resource lock ${config.leaderElection.resourceNamespace}/${config.leaderElection.resourceName}: ${outcome}`, this.opts.clock.now(), 1));
      }
    }
  }

  /**
   * tryAcquireOrRenew: true when this process holds the lease now; false when another holder's lease is still valid;
   * a string when the API server refused (the error client-go logs).
   */
  private async tryAcquireOrRenew(inst: Instance, config: KubeSchedulerConfiguration, identity: string): Promise<boolean | string> {
    const le = config.leaderElection;
    const user = this.identity(inst.pod);
    const leases = this.opts.client.resource(Leases).namespace(le.resourceNamespace);
    const attrs = (verb: string, name = le.resourceName): RequestAttributes => ({ verb, namespace: le.resourceNamespace, apiGroup: 'coordination.k8s.io', resource: 'leases', name });
    const now = this.opts.clock.now();
    const leaseSeconds = Math.round((parseGoDuration(le.leaseDuration) ?? 15000) / 1000);
    const get = await this.authorized(user, attrs('get'));
    if (!get.allowed) return forbiddenError(user, attrs('get'), get.reason);
    let lease: KubeObject & { spec?: Record<string, unknown> };
    try {
      lease = await leases.get(le.resourceName);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const create = await this.authorized(user, attrs('create', ''));
      if (!create.allowed) return forbiddenError(user, attrs('create', ''), create.reason);
      try {
        await leases.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: le.resourceName, namespace: le.resourceNamespace },
          spec: { holderIdentity: identity, leaseDurationSeconds: leaseSeconds, acquireTime: rfc3339Micro(now), renewTime: rfc3339Micro(now), leaseTransitions: 0 },
        });
        return true;
      } catch (err) {
        if (isAlreadyExists(err)) return false;
        throw err;
      }
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity as string | undefined;
    const renewTime = spec.renewTime ? Date.parse(spec.renewTime as string) : 0;
    const duration = ((spec.leaseDurationSeconds as number | undefined) ?? leaseSeconds) * 1000;
    if (holder && holder !== identity && renewTime + duration > now.getTime()) return false;
    const update = await this.authorized(user, attrs('update'));
    if (!update.allowed) return forbiddenError(user, attrs('update'), update.reason);
    const transitions = ((spec.leaseTransitions as number | undefined) ?? 0) + (holder === identity ? 0 : 1);
    try {
      await leases.update({
        ...lease,
        spec: {
          holderIdentity: identity,
          leaseDurationSeconds: leaseSeconds,
          acquireTime: holder === identity ? spec.acquireTime : rfc3339Micro(now),
          renewTime: rfc3339Micro(now),
          leaseTransitions: transitions,
        },
      });
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// `kubesim up --scheduler-config FILE`: the file goes where kubeadm's extraArgs/extraVolumes would put it.

/** Where the control-plane node's kube-scheduler reads its configuration (inside the node, and in its manifest). */
export const SchedulerConfigNodePath = '/etc/kubernetes/scheduler-config.yaml';

/**
 * The kube-scheduler static pod manifest with `--config=/etc/kubernetes/scheduler-config.yaml` among its flags (in
 * kubeadm's sorted order) and the file mounted from the node by hostPath, as kubeadm writes it for a config given in
 * its ClusterConfiguration; unchanged when the flag is there already.
 */
export function withSchedulerConfigFlag(manifest: string): string {
  if (manifest.includes(`--config=${SchedulerConfigNodePath}`)) return manifest;
  const lines = manifest.split('\n');
  const flag = `    - --config=${SchedulerConfigNodePath}`;
  const start = lines.findIndex((l) => l === '    - kube-scheduler' || /^ {4}- \S*kube-scheduler$/.test(l));
  if (start < 0) throw new Error('the kube-scheduler manifest has no kube-scheduler command');
  let at = start + 1;
  while (at < lines.length && lines[at]!.startsWith('    - --') && lines[at]! < flag) at++;
  lines.splice(at, 0, flag);
  const mountAt = lines.findIndex((l) => l === '    volumeMounts:');
  if (mountAt >= 0) {
    let end = mountAt + 1;
    while (end < lines.length && (lines[end]!.startsWith('    - ') || lines[end]!.startsWith('      '))) end++;
    lines.splice(end, 0, `    - mountPath: ${SchedulerConfigNodePath}`, '      name: scheduler-config', '      readOnly: true');
  }
  const volumesAt = lines.findIndex((l) => l === '  volumes:');
  if (volumesAt >= 0) {
    let end = volumesAt + 1;
    while (end < lines.length && (lines[end]!.startsWith('  - ') || lines[end]!.startsWith('    '))) end++;
    lines.splice(end, 0, '  - hostPath:', `      path: ${SchedulerConfigNodePath}`, '      type: FileOrCreate', '    name: scheduler-config');
  }
  return lines.join('\n');
}

/** A --scheduler-config file kubesim cannot put in place (a Policy kube-scheduler 1.22 would have refused). */
export class SchedulerConfigFileError extends Error {}

/**
 * Puts a scheduler configuration in place on every control-plane node: the file at /etc/kubernetes/scheduler-config.yaml
 * and the flag in the kube-scheduler manifest (written now on a new cluster; edited, so the kubelet restarts the static
 * pod, on an existing one). A legacy Policy is first translated to a KubeSchedulerConfiguration (kube-scheduler 1.32 has
 * no Policy); what the translation left out is returned. Throws PolicyError for a Policy 1.22 would have refused.
 */
export function installSchedulerConfig(home: KubesimHome, cluster: ClusterConfig, data: string): { notes: string[]; translated: boolean } {
  let text = data;
  let notes: string[] = [];
  const translated = isLegacyPolicy(data);
  if (translated) {
    let t: ReturnType<typeof translatePolicy>;
    try {
      t = translatePolicy(data);
    } catch (e) {
      if (e instanceof PolicyError) throw new SchedulerConfigFileError(e.message);
      throw e;
    }
    notes = t.notes;
    text = toYaml(t.config);
  }
  for (const node of cluster.nodes.filter((n) => n.role === 'control-plane')) {
    const dir = nodeDir(home, node.name);
    const manifests = join(dir, 'etc/kubernetes/manifests');
    mkdirSync(manifests, { recursive: true, mode: 0o700 });
    writeAtomic(join(dir, SchedulerConfigNodePath.slice(1)), text);
    const manifestPath = join(manifests, 'kube-scheduler.yaml');
    const current = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : controlPlaneManifests(node).find((m) => m.file === 'kube-scheduler.yaml')?.text;
    if (current === undefined) continue;
    const next = withSchedulerConfigFlag(current);
    if (next !== current || !existsSync(manifestPath)) writeAtomic(manifestPath, next);
  }
  return { notes, translated };
}
