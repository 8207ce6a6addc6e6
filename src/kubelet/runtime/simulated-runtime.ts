/**
 * The simulated container runtime (containerd, as far as the kubelet sees it). A container's root filesystem is a
 * folder inside the node's folder (`var/lib/containerd/io.containerd.runtime.v2.task/k8s.io/<id>/rootfs`), filled from
 * the image's catalog entry, so the daemon and `kubesim exec` in another process see the same files; the pod's volumes
 * are mounted over it. Its process runs the image's programs or the simulated shell, never anything on the host.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve, sep } from 'node:path';
import type { Container } from 'kubernetes-types/core/v1.js';
import type { TimerClock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { PodVolumePath } from '../pod-volumes.js';
import { ContainerStartError, type ContainerHandle, type ContainerRuntime, type ContainerStartSpec, type ExecIO, type ExecOptions, type ExecResult, type ExitResult } from './container-runtime.js';
import type { ResolvedImage } from './image-catalog.js';
import { findProgram, programPath, programUtility } from './image-programs.js';
import { nodeLoopback, type PodNetwork } from './pod-network.js';
import type { CommandContext, Utility } from './shell/command-context.js';
import { busyboxApplets, commandTable } from './shell/commands.js';
import type { CommandTable } from './shell/interpreter.js';
import { InputStream, sink } from './shell/io.js';
import { ExecError, startProcess } from './shell/process.js';
import { Killed, ProcessContext, signalNumbers, type NslookupFormat, type Resolver } from './shell/process-context.js';
import { MountedFs, type ContainerFs, type Mount } from './vfs/container-fs.js';
import { HostVolume } from './vfs/host-volume.js';
import type { Volume } from './vfs/volume.js';
import { MemoryVolume } from './vfs/memory-volume.js';

/** A process's environment, working directory, streams and process context (a CommandContext without argv). */
export type ProcessIO = Omit<CommandContext, 'argv' | 'spawn' | 'messageName'>;

export interface SimulatedRuntimeOptions {
  nodeDir: string;
  clock: TimerClock;
  network: PodNetwork;
  log: Logger;
  /** The cluster DNS as nslookup in containers sees it. */
  resolver?: Resolver;
}

/** The folder of a container's root filesystem in a node's folder. */
export function containerRootfs(nodeDir: string, id: string): string {
  return join(nodeDir, 'var', 'lib', 'containerd', 'io.containerd.runtime.v2.task', 'k8s.io', id, 'rootfs');
}

const defaultDirs = ['/bin', '/dev', '/etc', '/proc', '/root', '/sys', '/tmp', '/usr', '/var'];

/** What a container's root filesystem holds: its folders, then its files with their content and modes. */
export interface RootfsPlan {
  dirs: string[];
  files: Array<[path: string, data: string, mode: number]>;
}

/** The folders and files of an image's root filesystem (its base's and its own) plus the kubelet's /etc files. */
export function rootfsPlan(image: ResolvedImage, etc: { hostname: string; hosts: string; resolvConf: string }): RootfsPlan {
  const dirs = [...defaultDirs, ...image.base.dirs, ...(image.spec.dirs ?? [])];
  const files: RootfsPlan['files'] = [];
  for (const [path, data] of Object.entries(image.base.files)) files.push([path, data, 0o644]);
  for (const [path, data] of Object.entries(image.spec.files ?? {})) files.push([path, data, 0o644]);
  // Executables the image has: its shell and its programs (empty files: the simulated runtime knows what they do).
  if (image.base.shell) {
    files.push([image.base.shell, '', 0o755]);
    for (const applet of busyboxApplets) if (!applet.includes('/')) files.push([`/bin/${applet}`, '', 0o755]);
  }
  if (image.base.bash) files.push([image.base.bash, '', 0o755]);
  for (const key of Object.keys(image.spec.programs ?? {})) files.push([programPath(key), '', 0o755]);
  if (image.spec.workingDir) dirs.push(image.spec.workingDir);
  files.push(['/etc/hostname', `${etc.hostname}\n`, 0o644], ['/etc/hosts', etc.hosts, 0o644], ['/etc/resolv.conf', etc.resolvConf, 0o644]);
  return { dirs, files };
}

/** Writes a root filesystem plan into a folder; no path may lead out of it. */
function writeRootfs(dir: string, plan: RootfsPlan): void {
  const root = resolve(dir);
  const inside = (p: string) => {
    const target = resolve(root, `.${posix.normalize('/' + p)}`);
    if (target !== root && !target.startsWith(root + sep)) throw new Error(`image path escapes the root filesystem: ${p}`);
    return target;
  };
  // Creating an inode is the expensive part: each folder is made once, whatever number of files it holds.
  const made = new Set<string>();
  const mkdirOnce = (target: string) => {
    if (made.has(target)) return;
    mkdirSync(target, { recursive: true });
    for (let d = target; d.length > root.length && !made.has(d); d = dirname(d)) made.add(d);
  };
  mkdirOnce(root);
  const tmp = inside('/tmp');
  for (const d of plan.dirs) mkdirOnce(inside(d));
  mkdirOnce(tmp);
  chmodSync(tmp, 0o1777);
  // A file created with its mode gets exactly it unless the umask takes bits away; only then is chmod needed.
  const umask = process.umask();
  const written = new Set<string>();
  for (const [path, data, mode] of plan.files) {
    const target = inside(path);
    mkdirOnce(dirname(target));
    writeFileSync(target, data, { mode });
    if (mode & umask || written.has(target)) chmodSync(target, mode);
    written.add(target);
  }
}

/** Writes an image's root filesystem into a folder (files and folders of its base and its own). */
export function materializeRootfs(dir: string, image: ResolvedImage, etc: { hostname: string; hosts: string; resolvConf: string }): void {
  writeRootfs(dir, rootfsPlan(image, etc));
}

/** Where a container's not yet unpacked root filesystem waits (next to its rootfs folder). */
const pendingFile = (rootfsDir: string) => `${rootfsDir}.pending.json`;

/**
 * Prepares a container's root filesystem: an empty rootfs folder and, next to it, the plan of what it holds. As a
 * snapshotter only copies up what a container touches, the files are written the first time anything (the container's
 * processes, `kubesim exec` in another process, a hook) looks at the filesystem: most containers never do, and a
 * node creating dozens of them does not spend its time creating files nobody reads.
 */
export async function prepareRootfs(dir: string, image: ResolvedImage, etc: { hostname: string; hosts: string; resolvConf: string }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(pendingFile(dir), JSON.stringify(rootfsPlan(image, etc)));
}

/**
 * Unpacks a prepared root filesystem if it is still pending. Safe against another process doing the same: each
 * writes its own folder and renames it over the empty rootfs folder; the loser's rename fails and its copy goes.
 */
export function ensureRootfs(dir: string): void {
  let plan: RootfsPlan;
  try {
    plan = JSON.parse(readFileSync(pendingFile(dir), 'utf8')) as RootfsPlan;
  } catch {
    return;
  }
  const tmp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeRootfs(tmp, plan);
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    // Someone else unpacked it first (the folder is no longer empty), or the container is gone.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw e;
  }
  rmSync(pendingFile(dir), { force: true });
}

/** The root volume over a rootfs folder that is unpacked on first use. */
class LazyRootVolume implements Volume {
  readonly readOnly = false;
  private volume: Promise<HostVolume> | undefined;

  constructor(
    private readonly dir: string,
    private readonly clock: TimerClock,
  ) {}

  private open(): Promise<HostVolume> {
    this.volume ??= Promise.resolve().then(() => {
      ensureRootfs(this.dir);
      return HostVolume.open(realpathSync(this.dir), { clock: this.clock });
    });
    return this.volume;
  }

  async lstat(rel: readonly string[]) {
    return (await this.open()).lstat(rel);
  }
  async readlink(rel: readonly string[]) {
    return (await this.open()).readlink(rel);
  }
  async readFile(rel: readonly string[]) {
    return (await this.open()).readFile(rel);
  }
  async writeFile(rel: readonly string[], data: string, append: boolean) {
    return (await this.open()).writeFile(rel, data, append);
  }
  async readdir(rel: readonly string[]) {
    return (await this.open()).readdir(rel);
  }
  async mkdir(rel: readonly string[]) {
    return (await this.open()).mkdir(rel);
  }
  async remove(rel: readonly string[], recursive: boolean) {
    return (await this.open()).remove(rel, recursive);
  }
  async setMtime(rel: readonly string[], time: Date) {
    return (await this.open()).setMtime(rel, time);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** /dev: the character devices every container has. */
function devVolume(clock: TimerClock): MemoryVolume {
  const dev = new MemoryVolume({ clock });
  for (const device of ['null', 'zero', 'random', 'urandom', 'stdin', 'stdout', 'stderr', 'tty']) dev.seedDevice(`/${device}`, device);
  dev.seedDir('/shm', 0o1777);
  dev.seedDir('/pts');
  dev.seedFile('/termination-log', '', 0o666);
  return dev;
}

/** The container's filesystem: its root folder plus /dev and the pod's volumes at their mount paths. */
export async function containerFilesystem(
  rootfsDir: string,
  container: Container,
  volumes: ReadonlyMap<string, PodVolumePath>,
  clock: TimerClock,
  env: ReadonlyMap<string, string> = new Map(),
): Promise<MountedFs> {
  const root: Volume = existsSync(pendingFile(rootfsDir)) ? new LazyRootVolume(rootfsDir, clock) : await HostVolume.open(realpathSync(rootfsDir), { clock });
  const mounts: Mount[] = [{ path: '/dev', volume: devVolume(clock) }];
  for (const m of container.volumeMounts ?? []) {
    const vol = volumes.get(m.name);
    if (!vol) continue;
    let sub = m.subPath ?? '';
    if (!sub && m.subPathExpr) sub = m.subPathExpr.replace(/\$\(([^)]+)\)/g, (_, n: string) => env.get(n) ?? '');
    let hostDir = realpathSync(vol.hostDir);
    if (sub) {
      // The kubelet creates a missing subPath folder inside the volume, and refuses a subPath that is (or passes
      // through) a link leading out of it; each component is checked before anything is created below it.
      const volumeRoot = hostDir;
      const inside = (p: string) => p === volumeRoot || p.startsWith(volumeRoot + sep);
      let cur = volumeRoot;
      for (const part of posix.normalize('/' + sub).split('/').filter((x) => x && x !== '.' && x !== '..')) {
        const next = join(cur, part);
        if (!existsSync(next) && !isSymlink(next)) mkdirSync(next);
        let real: string;
        try {
          real = realpathSync(next);
        } catch {
          real = '';
        }
        if (!real || !inside(real)) throw new ContainerStartError(`failed to prepare subPath for volumeMount "${m.name}" of container "${container.name}"`);
        cur = real;
      }
      hostDir = cur;
    }
    if (sub && hostDir !== realpathSync(vol.hostDir)) {
      const volume = await HostVolume.open(dirname(hostDir), { clock, readOnly: vol.readOnly || m.readOnly === true });
      mounts.push({ path: m.mountPath, volume, subPath: posix.basename(hostDir), readOnly: m.readOnly === true });
      continue;
    }
    const volume = await HostVolume.open(hostDir, { clock, readOnly: vol.readOnly || m.readOnly === true });
    mounts.push({ path: m.mountPath, volume, readOnly: m.readOnly === true });
  }
  return new MountedFs(root, mounts, clock);
}

const exitOf = (e: unknown): number => {
  if (e instanceof Killed) return 128 + signalNumbers[e.signal];
  throw e;
};

/** containerd's error for a process that could not start (runc's exec error from the shell). */
export const startErrorOf = (execMessage: string) =>
  `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${execMessage}: unknown`;

/** containerd's error for an exec'd command that could not start. */
export const execErrorOf = (execMessage: string) => `OCI runtime exec failed: exec failed: unable to start container process: ${execMessage}: unknown`;

export interface ProcessHost {
  clock: TimerClock;
  network: PodNetwork;
  podIP: string;
  extraAddresses?: string[];
  hostname: string;
  container: string;
  resolver?: Resolver;
}

export interface RunSpec {
  argv: string[];
  env: [string, string][];
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  stdin?: string | AsyncIterable<string>;
  /** The container's main process (PID 1) or an exec'd one. */
  pid1: boolean;
  signal?: AbortSignal;
}

/** A started process: its exit status, its listening ports, and signals. */
export interface RunningProcess {
  exited: Promise<number>;
  listening: ReadonlySet<number>;
  kill(sig: 'TERM' | 'KILL'): void;
}

/** busybox up to 1.28 prints nslookup's answers in the old format (the one the Kubernetes DNS docs show). */
function nslookupFormatOf(image: ResolvedImage): NslookupFormat | undefined {
  if (!image.ref.repository.endsWith('/busybox')) return undefined;
  const m = /^1\.(\d+)/.exec(image.ref.tag ?? '');
  return m && Number(m[1]) <= 28 ? 'busybox-1.28' : undefined;
}

/**
 * Starts the processes of one container: the image's programs (nginx, /docker-entrypoint.sh, ...) and, in images
 * with a shell, the simulated busybox shell and applets. Throws ExecError (runc's message) when argv[0] cannot run.
 */
export class ContainerProcesses {
  private readonly programs: Record<string, Utility> = {};
  private table: CommandTable | undefined;

  constructor(
    private readonly image: ResolvedImage,
    private readonly fs: ContainerFs,
    private readonly host: ProcessHost,
  ) {
    for (const [key, spec] of Object.entries(image.spec.programs ?? {})) {
      const utility = programUtility(spec, { ...host, execArgv: (ctx, argv) => this.runIn(ctx, argv) });
      this.programs[key] = utility;
      this.programs[posix.basename(key)] ??= utility;
      if (!key.startsWith('/')) this.programs[programPath(key)] = utility;
    }
  }

  /** Whether the image has a shell (busybox applets); distroless images have only their own programs. */
  get hasShell(): boolean {
    return Boolean(this.image.base.shell);
  }

  private commands(): CommandTable {
    this.table ??= commandTable(this.programs);
    return this.table;
  }

  /** `exec "$@"` of an entrypoint script: runs argv in the same process. */
  private async runIn(ctx: CommandContext, argv: string[]): Promise<number> {
    const name = argv[0] ?? '';
    const program = findProgram(this.image.spec, name);
    if (program) return this.programs[program.key]!({ ...ctx, argv });
    if (!this.hasShell) {
      await ctx.stderr.write(`exec: "${name}": executable file not found in $PATH\n`);
      return 127;
    }
    const utilities = this.commands().utilities;
    const utility = utilities[name] ?? utilities[posix.basename(name)];
    if (!utility) {
      await ctx.stderr.write(`${posix.basename(argv[0] ?? '')}: exec: line 1: ${name}: not found\n`);
      return 127;
    }
    return utility({ ...ctx, argv });
  }

  async start(spec: RunSpec): Promise<RunningProcess> {
    if (this.hasShell) {
      const handle = await startProcess({
        argv: spec.argv,
        env: spec.env,
        cwd: spec.cwd,
        fs: this.fs,
        hostname: this.host.hostname,
        clock: this.host.clock,
        stdout: spec.stdout,
        stderr: spec.stderr,
        ...(spec.stdin !== undefined ? { stdin: spec.stdin } : {}),
        ...(spec.signal ? { signal: spec.signal } : {}),
        ...(this.host.resolver ? { resolver: this.host.resolver } : {}),
        ...(nslookupFormatOf(this.image) ? { nslookupFormat: nslookupFormatOf(this.image) } : {}),
        pid1: spec.pid1,
        programs: this.programs,
      });
      return { exited: handle.exited, listening: handle.listening, kill: (sig) => handle.kill(sig) };
    }
    // No shell: only the image's own programs can run.
    const name = spec.argv[0] ?? '';
    const program = findProgram(this.image.spec, name);
    if (!program) throw new ExecError(`exec: "${name}": executable file not found in $PATH`);
    const proc = new ProcessContext({ fs: this.fs, clock: this.host.clock, hostname: this.host.hostname }, spec.pid1 ? 1 : 1000, spec.pid1);
    if (spec.signal) {
      if (spec.signal.aborted) proc.terminate('KILL');
      else spec.signal.addEventListener('abort', () => proc.terminate('KILL'), { once: true });
    }
    const ctx: CommandContext = {
      argv: spec.argv,
      env: spec.env,
      cwd: spec.cwd,
      stdin: spec.stdin === undefined ? InputStream.empty() : typeof spec.stdin === 'string' ? InputStream.of(spec.stdin) : iterableInput(spec.stdin),
      stdout: sink((t) => (proc.killed ? undefined : spec.stdout(t))),
      stderr: sink((t) => (proc.killed ? undefined : spec.stderr(t))),
      process: proc,
      pid: proc.pid,
      spawn: (argv, env) => this.runIn({ ...ctx, env }, argv),
    } as CommandContext;
    const exited = this.programs[program.key]!(ctx)
      .then((code) => (proc.killed ? 128 + signalNumbers[proc.killedBy ?? 'KILL'] : code & 255), exitOf)
      .finally(() => proc.terminate(proc.killedBy ?? 'KILL'));
    return { exited, listening: proc.listening, kill: (sig) => proc.signal(sig) };
  }
}

export class SimulatedRuntime implements ContainerRuntime {
  constructor(private readonly opts: SimulatedRuntimeOptions) {}

  async start(spec: ContainerStartSpec): Promise<ContainerHandle> {
    const { clock, network, nodeDir } = this.opts;
    const rootfs = containerRootfs(nodeDir, spec.id);
    await prepareRootfs(rootfs, spec.image, { hostname: spec.hostname, hosts: spec.etcHosts, resolvConf: spec.resolvConf });
    const envPairs: [string, string][] = mergeEnv(spec.image.spec.env, spec.env, spec.hostname);
    const fs = await containerFilesystem(rootfs, spec.container, spec.volumes, clock, new Map(envPairs));
    // A host-network pod's servers listen on the node's addresses, its loopback included.
    const extraAddresses = spec.hostNetwork && spec.hostIP ? [nodeLoopback(spec.hostIP)] : [];
    const processes = new ContainerProcesses(spec.image, fs, { clock, network, podIP: spec.podIP, extraAddresses, hostname: spec.hostname, container: spec.container.name, resolver: this.opts.resolver });
    if (spec.argv.length === 0) throw new ContainerStartError(`failed to generate container "${spec.id}" spec: failed to generate spec: no command specified`);
    let main: RunningProcess;
    try {
      main = await processes.start({
        argv: spec.argv,
        env: envPairs,
        cwd: spec.workingDir,
        stdout: (t) => spec.log.write('stdout', t),
        stderr: (t) => spec.log.write('stderr', t),
        pid1: true,
      });
    } catch (e) {
      if (e instanceof ExecError) throw new ContainerStartError(startErrorOf(e.message));
      throw e;
    }
    // Servers started by the shell (kubesim-serve, busybox httpd -f, nc -l) accept connections on their ports.
    const detachers = [spec.podIP, ...extraAddresses].map((ip) => network.attach(ip, spec.container.name, main.listening));
    const detach = () => detachers.forEach((d) => d());
    const exited: Promise<ExitResult> = main.exited.then(
      (code) => {
        detach();
        return { exitCode: code };
      },
      (e: unknown) => {
        detach();
        return { exitCode: 128, reason: 'Error', message: (e as Error).message };
      },
    );
    return {
      id: spec.id,
      exited,
      signal: (sig) => main.kill(sig),
      exec: (argv, io, options) => runExec(processes, envPairs, spec.workingDir, argv, io, options ?? {}, clock),
    };
  }

  /** Removes the container's folder off the event loop (removing inodes is slow on some disks). */
  remove(id: string): Promise<void> {
    return rm(dirname(containerRootfs(this.opts.nodeDir, id)), { recursive: true, force: true });
  }
}

/** Runs a command in a container (kubectl exec, probes, hooks) as a new process; times out by killing it. */
export async function runExec(
  processes: ContainerProcesses,
  env: [string, string][],
  cwd: string,
  argv: string[],
  io: ExecIO,
  options: ExecOptions,
  clock: TimerClock,
): Promise<ExecResult> {
  const abort = new AbortController();
  let timedOut = false;
  const timer = options.timeoutMs !== undefined ? clock.setTimeout(() => ((timedOut = true), abort.abort()), options.timeoutMs) : undefined;
  const onAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let proc: RunningProcess;
    try {
      proc = await processes.start({ argv, env, cwd, stdout: io.stdout, stderr: io.stderr, stdin: io.stdin, pid1: false, signal: abort.signal });
    } catch (e) {
      if (e instanceof ExecError) return { error: execErrorOf(e.message) };
      throw e;
    }
    const code = await proc.exited;
    return timedOut ? { exitCode: code, timedOut: true } : { exitCode: code };
  } finally {
    timer?.cancel();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function iterableInput(source: AsyncIterable<string>): InputStream {
  const it = source[Symbol.asyncIterator]();
  return new InputStream(async () => {
    const next = await it.next();
    return next.done ? null : next.value;
  });
}

/** The process environment as containerd builds it: the image's ENV, HOSTNAME, then the container's variables. */
export function mergeEnv(imageEnv: readonly string[], containerEnv: ReadonlyArray<{ name: string; value: string }>, hostname: string): [string, string][] {
  const out = new Map<string, string>();
  for (const line of imageEnv) {
    const i = line.indexOf('=');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  if (!out.has('PATH')) out.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  out.set('HOSTNAME', hostname);
  for (const { name, value } of containerEnv) out.set(name, value);
  if (!out.has('HOME')) out.set('HOME', '/root');
  return [...out];
}

