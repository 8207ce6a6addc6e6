/**
 * The daemon as a process: its pid file (the lock that refuses a second daemon, and tells a crashed one's stale file
 * from a live one), running it (in the background child `daemon-main.js`, or in the foreground), starting it
 * detached from `kubesim up` and waiting until the cluster is ready, and stopping it with SIGTERM.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readDaemonAddress } from './control-client.js';
import type { DaemonAddress } from './control-server.js';
import { kubesimHome, type KubesimHome } from './home.js';

export type DaemonState = { state: 'stopped' } | { state: 'running'; pid: number; address?: DaemonAddress } | { state: 'stale'; pid: number };

export class AlreadyRunningError extends Error {
  constructor(
    readonly home: string,
    readonly pid: number,
  ) {
    super(`the cluster in ${home} is already running (pid ${pid}); stop it with "kubesim down" first`);
    this.name = 'AlreadyRunningError';
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A daemon that exited stays a zombie until its new parent (init) reaps it, which some inits do slowly.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** A live pid that is some other program (the pid was reused after a crash) does not count: Linux tells by its command line. */
function isKubesimProcess(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kubesim') || cmdline.includes('daemon-main');
  } catch {
    // No /proc (macOS): trust the pid.
    return true;
  }
}

function readPid(home: KubesimHome): number | undefined {
  try {
    const pid = Number(readFileSync(home.pidPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the cluster's daemon runs, never ran (or stopped cleanly), or crashed leaving its pid file. */
export function daemonState(home: KubesimHome): DaemonState {
  if (!existsSync(home.pidPath)) return { state: 'stopped' };
  const pid = readPid(home);
  if (pid === undefined) return { state: 'stale', pid: 0 };
  if (!isProcessAlive(pid) || !isKubesimProcess(pid)) return { state: 'stale', pid };
  const address = readDaemonAddress(home);
  return { state: 'running', pid, ...(address && address.pid === pid ? { address } : {}) };
}

/** Removes what a crashed daemon left (pid and address files). */
export function clearStaleFiles(home: KubesimHome): void {
  rmSync(home.pidPath, { force: true });
  rmSync(home.addressPath, { force: true });
}

/** Takes the pid file for this process; a stale one is replaced, a live one refuses with AlreadyRunningError. */
export function acquirePidFile(home: KubesimHome): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(home.pidPath, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const state = daemonState(home);
    if (state.state === 'running') throw new AlreadyRunningError(home.root, state.pid);
    clearStaleFiles(home);
  }
  throw new Error(`could not take the pid file ${home.pidPath}`);
}

/** Removes the pid file if it is this process's. */
export function releasePidFile(home: KubesimHome): void {
  if (readPid(home) === process.pid) rmSync(home.pidPath, { force: true });
}

/** Messages from the background daemon to the `kubesim up` that started it. */
export type DaemonMessage =
  | { type: 'started'; pid: number; url: string }
  | { type: 'waiting'; waiting: string[] }
  | { type: 'ready'; pid: number; url: string; nodes: Array<{ name: string; role: string }>; pods: string[] }
  | { type: 'error'; message: string };

/** The background daemon's entry point (a detached child whose stdout and stderr are the log file). */
export const daemonMainPath = fileURLToPath(new URL('./daemon-main.js', import.meta.url));

export interface StartResult {
  pid: number;
  url: string;
  nodes: Array<{ name: string; role: string }>;
  pods: string[];
}

/** The cluster did not become ready in time; the daemon keeps running. */
export class ReadyTimeoutError extends Error {
  constructor(
    readonly pid: number,
    readonly waiting: string[],
    timeoutMs: number,
  ) {
    super(`timed out after ${timeoutMs / 1000}s waiting for the cluster to be ready`);
    this.name = 'ReadyTimeoutError';
  }
}

/**
 * Starts the daemon detached from this process and resolves once the cluster is ready (the child says so over its
 * IPC channel, which is then closed). Rejects when the child fails to start (with its message) or with
 * ReadyTimeoutError, leaving the child running.
 */
export function startDaemonProcess(root: string, timeoutMs: number): Promise<StartResult> {
  const home = kubesimHome(root);
  mkdirSync(home.logsDir, { recursive: true, mode: 0o700 });
  const logFd = openSync(home.daemonLogPath, 'a', 0o600);
  const child = spawn(process.execPath, [daemonMainPath, root], { detached: true, stdio: ['ignore', logFd, logFd, 'ipc'], env: process.env });
  closeSync(logFd);
  return new Promise<StartResult>((resolve, reject) => {
    let waiting: string[] = [];
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.connected) child.disconnect();
      child.unref();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new ReadyTimeoutError(child.pid ?? 0, waiting, timeoutMs))), timeoutMs);
    child.on('message', (m: DaemonMessage) => {
      if (m.type === 'waiting') waiting = m.waiting;
      else if (m.type === 'ready') finish(() => resolve({ pid: m.pid, url: m.url, nodes: m.nodes, pods: m.pods }));
      else if (m.type === 'error') finish(() => reject(new Error(m.message)));
    });
    child.on('exit', (code, signal) =>
      finish(() => reject(new Error(`the daemon exited before the cluster was ready (${signal ?? `exit code ${code}`}); see ${home.daemonLogPath}`))),
    );
    child.on('error', (e) => finish(() => reject(e)));
  });
}

/** Stops a running daemon with SIGTERM and waits for it to exit (SIGKILL after timeoutMs). */
export async function stopDaemonProcess(home: KubesimHome, timeoutMs = 30_000): Promise<{ pid: number; killed: boolean } | undefined> {
  const state = daemonState(home);
  if (state.state !== 'running') return undefined;
  const { pid } = state;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Gone in the meantime.
  }
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 15));
  let killed = false;
  if (isProcessAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    killed = true;
    while (isProcessAlive(pid)) await new Promise((r) => setTimeout(r, 15));
  }
  if (readPid(home) === pid) clearStaleFiles(home);
  return { pid, killed };
}
