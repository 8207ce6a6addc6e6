/**
 * The kubelet's file source (pkg/kubelet/config/file.go, file_linux.go, and config.go's annotations): the static pods
 * a node's kubelet runs from the manifests in its staticPodPath. It reads /var/lib/kubelet/config.yaml (and reads it
 * again when it changes, so moving the folder moves the pods), lists the folder at start and every
 * fileCheckFrequency, and watches it with chokidar between listings.
 *
 * As upstream, a change seen by the watcher replaces that file's pod only when the file decodes (a file broken
 * mid-edit leaves its running pod alone and is logged as "Unable to process watch event"), while a listing rebuilds
 * the whole set from what decodes now (a file still broken then loses its pod and is logged as "Could not process
 * manifest file"). Watcher events are gathered for a quiet debounce period first, so a burst of files, or an
 * editor's multi-step save, is read once. Every change of the set is handed to onPods as the full desired set.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, posix } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { deepCopy, deepEqual, type KubeObject } from '../../api/object.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import type { Timer, TimerClock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { defaultKubeletFileConfig, KubeletConfigPath, parseKubeletConfig, type KubeletFileConfig } from './kubelet-config-file.js';
import { ConfigFirstSeenAnnotationKey, ConfigSourceAnnotationKey, decodeManifestFile, FileSource } from './manifest-decoder.js';
import { isManifestCandidate } from './manifest-file-names.js';
import { isNotFound, NodeFs } from './node-fs.js';

/** chokidar reports at most one 'change' per file in this many milliseconds (FSWatcher._throttle). */
const CHOKIDAR_CHANGE_THROTTLE_MS = 50;

/** A manifest the kubelet could not turn into a pod. */
export interface ManifestError {
  /** The manifest's path on the node (`/etc/kubernetes/manifests/static-web.yaml`). */
  path: string;
  /** The kubelet's error, as its log line carries it. */
  error: string;
}

export interface StaticPodSourceOptions {
  nodeName: string;
  /** KUBESIM_HOME/nodes/<node>: the node's root filesystem. */
  nodeDir: string;
  clock: TimerClock;
  log: Logger;
  /** The full desired set of static pods, after the first listing (even when empty) and after every change. */
  onPods(pods: KubeObject[]): void;
  /** A manifest that cannot be used, once per file and error (again only after it was fixed or changed its error). */
  onError?(error: ManifestError): void;
  /** Quiet time after the last file event before files are read. Default 100 ms, at least 60 ms. */
  debounceMs?: number;
  /** Overrides the configuration file's fileCheckFrequency: the period of full listings. */
  fileCheckFrequencyMs?: number;
  /** How often a missing static pod folder is looked for again (without logging). Default 1 s. */
  retryMs?: number;
  /** Watch the folder and the configuration file with chokidar (default true); without, only listings and sync() see changes. */
  watch?: boolean;
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros (kubetypes.Timestamp.GetString). */
export function rfc3339Nano(d: Date): string {
  return d.toISOString().replace(/\.(\d+)Z$/, (_, f: string) => (/^0+$/.test(f) ? 'Z' : `.${f.replace(/0+$/, '')}Z`));
}

export class StaticPodSource {
  private readonly fs: NodeFs;
  private readonly debounceMs: number;
  private readonly retryMs: number;
  private readonly watchFiles: boolean;
  private config: KubeletFileConfig | undefined;
  /** Pods of the files that decoded, by node path. */
  private filePods = new Map<string, KubeObject>();
  /** The error last reported for a file, so each one is reported once. */
  private reported = new Map<string, string>();
  /** config.seen per pod UID: the first time the kubelet saw that version of the pod. */
  private firstSeen = new Map<string, string>();
  private emitted: KubeObject[] | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  private dirWatcher: FSWatcher | undefined;
  /** The real host path the folder watcher watches. */
  private watchedPath: string | undefined;
  private configWatcher: FSWatcher | undefined;
  private pendingNames = new Set<string>();
  private pendingConfig = false;
  private pendingList = false;
  private debounceTimer: Timer | undefined;
  private listTimer: Timer | undefined;
  private retryTimer: Timer | undefined;

  constructor(private readonly opts: StaticPodSourceOptions) {
    this.fs = new NodeFs(opts.nodeDir);
    // chokidar drops a file's 'change' events for 50 ms after it reported one: reading no sooner than that after the
    // last event means a write the throttle swallowed happened before the read, so none goes unseen.
    this.debounceMs = Math.max(opts.debounceMs ?? 100, CHOKIDAR_CHANGE_THROTTLE_MS + 10);
    this.retryMs = opts.retryMs ?? 1000;
    this.watchFiles = opts.watch ?? true;
  }

  /** The static pod path in force (a node path), once started. */
  get staticPodPath(): string | undefined {
    return this.config?.staticPodPath;
  }

  /** The last set handed to onPods. */
  get pods(): KubeObject[] {
    return deepCopy(this.emitted ?? []);
  }

  /** Reads the configuration, lists the folder (onPods is called before this resolves) and starts watching. */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.watchFiles) {
      this.configWatcher = watch(this.fs.hostPath(KubeletConfigPath), { ignoreInitial: true, persistent: false });
      this.configWatcher.on('all', () => this.schedule(() => (this.pendingConfig = true)));
      this.configWatcher.on('error', () => undefined);
      await ready(this.configWatcher);
    }
    await this.enqueue(() => this.resync());
    this.scheduleListing();
  }

  /** Stops watching; the pods last handed out stay as they are. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.debounceTimer, this.listTimer, this.retryTimer]) t?.cancel();
    await Promise.all([this.configWatcher?.close(), this.dirWatcher?.close()]);
    this.configWatcher = this.dirWatcher = this.watchedPath = undefined;
    await this.chain;
  }

  /** Reads the configuration and lists the folder now, as the periodic listing does; resolves when done. */
  sync(): Promise<void> {
    return this.enqueue(() => this.resync());
  }

  /** Handles file events gathered so far at once, without waiting for the debounce period (for tests and shutdown). */
  flush(): Promise<void> {
    this.debounceTimer?.cancel();
    this.debounceTimer = undefined;
    return this.enqueue(() => this.processPending());
  }

  // ---- scheduling ------------------------------------------------------------

  private enqueue(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        await fn();
      } catch (e) {
        this.opts.log.withSource('file.go:95').error('Unable to read config path', { err: (e as Error).message, path: this.config?.staticPodPath ?? '' });
      }
    });
    this.chain = run;
    return run;
  }

  /** Records an event and (re)starts the quiet period after which gathered events are handled. */
  private schedule(record: () => void): void {
    if (this.stopped) return;
    record();
    this.debounceTimer?.cancel();
    this.debounceTimer = this.opts.clock.setTimeout(() => {
      this.debounceTimer = undefined;
      void this.enqueue(() => this.processPending());
    }, this.debounceMs);
  }

  private scheduleListing(): void {
    if (this.stopped) return;
    this.listTimer?.cancel();
    const period = this.opts.fileCheckFrequencyMs ?? this.config?.fileCheckFrequencyMs ?? defaultKubeletFileConfig().fileCheckFrequencyMs;
    this.listTimer = this.opts.clock.setTimeout(() => {
      void this.enqueue(() => this.resync()).then(() => this.scheduleListing());
    }, period);
  }

  /** While the folder is missing, looks for it every retryMs and lists it as soon as it appears. */
  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = this.opts.clock.setTimeout(() => {
      this.retryTimer = undefined;
      void this.enqueue(async () => {
        const path = this.config?.staticPodPath;
        if (!path) return;
        const state = await this.fs.inspect(path);
        if (state.kind === 'missing' || state.kind === 'outside') this.scheduleRetry();
        else await this.list({ quiet: true });
      });
    }, this.retryMs);
  }

  private async processPending(): Promise<void> {
    const names = [...this.pendingNames].sort(compareGoStrings);
    const config = this.pendingConfig;
    const list = this.pendingList;
    this.pendingNames.clear();
    this.pendingConfig = this.pendingList = false;
    if (config && (await this.reloadConfig())) return; // the folder moved: reloadConfig listed the new one
    if (list) return this.list();
    if (names.length > 0) await this.consumeWatchEvents(names);
  }

  // ---- configuration -----------------------------------------------------------

  private async resync(): Promise<void> {
    if (!(await this.reloadConfig())) await this.list();
  }

  /** Reads config.yaml; when the static pod path changed, lists the new folder and returns true. */
  private async reloadConfig(): Promise<boolean> {
    const next = await this.readConfig();
    const previous = this.config;
    this.config = next;
    if (previous && previous.staticPodPath === next.staticPodPath) {
      if (previous.fileCheckFrequencyMs !== next.fileCheckFrequencyMs) this.scheduleListing();
      return false;
    }
    if (next.staticPodPath) this.opts.log.withSource('kubelet.go:405').info('Adding static pod path', { path: next.staticPodPath });
    else this.opts.log.withSource('kubelet.go:405').info('No static pod path configured', { path: KubeletConfigPath });
    await this.list();
    if (previous) this.scheduleListing();
    return true;
  }

  /** The configuration in the file; the one in force (or kubeadm's default, before any) when it cannot be read. */
  private async readConfig(): Promise<KubeletFileConfig> {
    const log = this.opts.log.withSource('kubelet_config.go:64');
    const fallback = this.config ?? defaultKubeletFileConfig();
    const state = await this.fs.inspect(KubeletConfigPath);
    if (state.kind === 'missing') {
      if (!this.config) log.warn('Kubelet config file not found, using the default static pod path', { path: KubeletConfigPath, staticPodPath: fallback.staticPodPath });
      return fallback;
    }
    if (state.kind !== 'file') {
      const why = state.kind === 'outside' ? `it leads outside the node's folder (to ${state.target})` : 'it is not a regular file';
      log.error('Failed to load kubelet config file, keeping the last one', { err: `open ${KubeletConfigPath}: ${why}`, path: KubeletConfigPath });
      return fallback;
    }
    const parsed = parseKubeletConfig(await readFile(state.real, 'utf8'));
    if (!parsed.ok) {
      log.error('Failed to load kubelet config file, keeping the last one', { err: parsed.error, path: KubeletConfigPath });
      return fallback;
    }
    return parsed.config;
  }

  // ---- the folder ---------------------------------------------------------------

  /** listConfig: the whole folder (or the one file) anew. */
  private async list(opts: { quiet?: boolean } = {}): Promise<void> {
    const path = this.config?.staticPodPath;
    if (!path) {
      await this.unwatchFolder();
      this.filePods.clear();
      this.forgetErrorsExcept(new Set());
      return this.emit();
    }
    const state = await this.fs.inspect(path);
    if (state.kind === 'missing' || state.kind === 'outside') {
      if (!opts.quiet) {
        const err = state.kind === 'missing' ? 'path does not exist, ignoring' : `path leads outside the node's folder (to ${state.target}), ignoring`;
        this.opts.log.withSource('file.go:95').error('Unable to read config path', { err, path });
      }
      await this.unwatchFolder();
      this.filePods.clear();
      this.forgetErrorsExcept(new Set());
      this.scheduleRetry();
      return this.emit();
    }
    if (state.kind === 'file') {
      await this.watchFolder(state.real);
      const result = await this.extractFromFile(path);
      if ('error' in result) {
        this.opts.log.withSource('file.go:95').error('Unable to read config path', { err: result.error, path });
        this.report(path, result.error);
        return;
      }
      this.filePods = new Map([[path, result.pod]]);
      this.forgetErrorsExcept(new Set());
      return this.emit();
    }
    if (state.kind !== 'directory') {
      this.opts.log.withSource('file.go:95').error('Unable to read config path', { err: 'path is not a directory or file', path });
      return;
    }
    await this.watchFolder(state.real);
    const pods = await this.extractFromDir(path, state.real);
    this.filePods = pods;
    return this.emit();
  }

  /** extractFromDir: every candidate file, sorted; problems are logged and the file skipped. */
  private async extractFromDir(dir: string, realDir: string): Promise<Map<string, KubeObject>> {
    const log = this.opts.log.withSource('file.go:187');
    const pods = new Map<string, KubeObject>();
    const failed = new Set<string>();
    let names: string[];
    try {
      names = (await readdir(realDir)).filter(isManifestCandidate).sort(compareGoStrings);
    } catch (e) {
      if (isNotFound(e)) return pods;
      throw e;
    }
    for (const name of names) {
      const path = posix.join(dir, name);
      const state = await this.fs.inspect(path);
      if (state.kind === 'missing') continue;
      if (state.kind === 'directory') {
        log.error('Provided manifest path is a directory, not recursing into manifest path', { path });
        continue;
      }
      if (state.kind === 'other') {
        log.error('Manifest path is not a directory or file', { path, mode: goFileMode(state.mode) });
        continue;
      }
      const result = await this.extractFromFile(path);
      if ('error' in result) {
        if (result.missing) continue;
        log.error('Could not process manifest file', { err: result.error, path });
        this.report(path, result.error);
        failed.add(path);
        continue;
      }
      pods.set(path, result.pod);
    }
    this.forgetErrorsExcept(failed);
    return pods;
  }

  /** consumeWatchEvent for each file named by gathered watcher events: a decoded file replaces its pod, a gone one drops it. */
  private async consumeWatchEvents(names: string[]): Promise<void> {
    const dir = this.config?.staticPodPath;
    if (!dir) return;
    const log = this.opts.log.withSource('file.go:108');
    for (const name of names) {
      if (!isManifestCandidate(name)) continue;
      const path = posix.join(dir, name);
      const state = await this.fs.inspect(path);
      if (state.kind === 'missing') {
        this.filePods.delete(path);
        this.reported.delete(path);
        continue;
      }
      if (state.kind === 'directory') {
        log.error('Unable to process watch event', { err: `can't process config file ${JSON.stringify(path)}: read ${path}: is a directory` });
        continue;
      }
      const result = await this.extractFromFile(path);
      if ('error' in result) {
        if (result.missing) {
          this.filePods.delete(path);
          continue;
        }
        log.error('Unable to process watch event', { err: `can't process config file ${JSON.stringify(path)}: ${result.error}` });
        this.report(path, result.error);
        continue;
      }
      this.filePods.set(path, result.pod);
      this.reported.delete(path);
    }
    this.emit();
  }

  /** extractFromFile: one manifest read and decoded, or the kubelet's error for it. */
  private async extractFromFile(path: string): Promise<{ pod: KubeObject } | { error: string; missing?: boolean }> {
    const state = await this.fs.inspect(path);
    if (state.kind === 'missing') return { error: `open ${path}: no such file or directory`, missing: true };
    if (state.kind === 'outside') return { error: `open ${path}: the link leads outside the node's folder (to ${state.target})` };
    if (state.kind === 'directory') return { error: `read ${path}: is a directory` };
    let data: string;
    try {
      data = await readFile(state.real, 'utf8');
    } catch (e) {
      if (isNotFound(e)) return { error: `open ${path}: no such file or directory`, missing: true };
      return { error: `open ${path}: ${(e as Error).message}` };
    }
    return decodeManifestFile(data, { nodeName: this.opts.nodeName, source: path });
  }

  private async watchFolder(real: string): Promise<void> {
    if (!this.watchFiles || this.watchedPath === real) return;
    await this.unwatchFolder();
    this.watchedPath = real;
    const watcher = watch(real, { ignoreInitial: true, depth: 0, persistent: false });
    this.dirWatcher = watcher;
    watcher.on('all', (event, hostPath) => {
      if (this.dirWatcher !== watcher) return;
      if (hostPath === real) {
        // The folder (or the one manifest file) itself changed or went away: list it again.
        this.schedule(() => (this.pendingList = true));
      } else if (dirname(hostPath) === real) {
        this.schedule(() => this.pendingNames.add(basename(hostPath)));
      }
      void event;
    });
    watcher.on('error', () => this.schedule(() => (this.pendingList = true)));
    // Listen before the folder is read, so that nothing written in between goes unseen.
    await ready(watcher);
  }

  private async unwatchFolder(): Promise<void> {
    const w = this.dirWatcher;
    this.dirWatcher = this.watchedPath = undefined;
    await w?.close();
  }

  // ---- errors and the set -----------------------------------------------------------

  private report(path: string, error: string): void {
    if (this.reported.get(path) === error) return;
    this.reported.set(path, error);
    this.opts.onError?.({ path, error });
  }

  private forgetErrorsExcept(paths: Set<string>): void {
    for (const p of [...this.reported.keys()]) if (!paths.has(p)) this.reported.delete(p);
  }

  /**
   * Hands the set to onPods when it changed (and the first time). Files naming the same pod collapse into one,
   * the later file in name order winning, as upstream's store keyed by namespace/name does on a listing.
   * config.go then marks each pod with its source and the time it was first seen.
   */
  private emit(): void {
    const byKey = new Map<string, KubeObject>();
    for (const path of [...this.filePods.keys()].sort(compareGoStrings)) {
      const pod = this.filePods.get(path)!;
      byKey.set(`${pod.metadata.namespace}/${pod.metadata.name}`, pod);
    }
    const now = rfc3339Nano(this.opts.clock.now());
    const uids = new Set<string>();
    const pods = [...byKey.values()].map((p) => {
      const pod = deepCopy(p);
      const uid = pod.metadata.uid!;
      uids.add(uid);
      if (!this.firstSeen.has(uid)) this.firstSeen.set(uid, now);
      pod.metadata.annotations = {
        ...pod.metadata.annotations,
        [ConfigFirstSeenAnnotationKey]: this.firstSeen.get(uid)!,
        [ConfigSourceAnnotationKey]: FileSource,
      };
      return pod;
    });
    for (const uid of [...this.firstSeen.keys()]) if (!uids.has(uid)) this.firstSeen.delete(uid);
    if (this.emitted && deepEqual(this.emitted, pods)) return;
    this.emitted = pods;
    this.opts.onPods(deepCopy(pods));
  }
}

/** Resolves once chokidar watches (its initial scan is done). */
function ready(watcher: FSWatcher): Promise<void> {
  return new Promise((resolve) => {
    watcher.once('ready', () => resolve());
    watcher.once('error', () => resolve());
  });
}

/** Go's os.FileMode String() for the special files a manifest folder may hold (`prw-r--r--` for a FIFO). */
function goFileMode(mode: number): string {
  const type = (mode & 0o170000) === 0o010000 ? 'p' : (mode & 0o170000) === 0o140000 ? 'S' : (mode & 0o170000) === 0o020000 ? 'Dc' : (mode & 0o170000) === 0o060000 ? 'D' : '?';
  const rwx = 'rwxrwxrwx'.split('').map((c, i) => (mode & (1 << (8 - i)) ? c : '-')).join('');
  return `${type}${rwx}`;
}
