/** Runs the daemon in this process (the background child's body, and `kubesim up --foreground`). */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { realClock } from '../util/clock.js';
import { klogLogger, type Logger } from '../util/logger.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { Daemon } from './daemon.js';
import { acquirePidFile, releasePidFile, type DaemonMessage } from './daemon-process.js';
import { ensureHome, type KubesimHome } from './home.js';

export interface RunningDaemon {
  daemon: Daemon;
  server: ControlServer;
  /** Stops every component, the control server, and releases the pid file. */
  stop(): Promise<void>;
}

/** A klog Logger appending to the daemon's log file (synchronously, so a crash loses nothing). */
export function daemonLogger(home: KubesimHome): { log: Logger; close(): void } {
  mkdirSync(home.logsDir, { recursive: true, mode: 0o700 });
  let fd: number | undefined = openSync(home.daemonLogPath, 'a', 0o600);
  return {
    // Lines logged after close (a late event write failing) are dropped.
    log: klogLogger((line) => fd !== undefined && writeSync(fd, line), realClock, 'kubesim.go'),
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/**
 * Runs the daemon in this process: takes the pid file, starts every component and the control server, then
 * reports (through `report`) what it waits for until the cluster is ready. Throws AlreadyRunningError when another
 * daemon has the cluster.
 */
export async function runDaemon(root: string, report: (m: DaemonMessage) => void): Promise<RunningDaemon> {
  const home = ensureHome(root);
  acquirePidFile(home);
  const { log, close: closeLog } = daemonLogger(home);
  const daemon = new Daemon({ home, log });
  let server: ControlServer | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    waitAbort.abort();
    await server?.close();
    await daemon.stop();
    releasePidFile(home);
    closeLog();
  };
  const waitAbort = new AbortController();
  try {
    await daemon.start();
    server = await startControlServer(daemon, home);
  } catch (e) {
    log.error('Failed to start the daemon', { err: (e as Error).message });
    await stop().catch(() => undefined);
    throw e;
  }
  report({ type: 'started', pid: process.pid, url: server.address.url });
  void (async () => {
    let last = '';
    for (;;) {
      let r;
      try {
        r = daemon.readiness();
      } catch {
        r = undefined;
      }
      if (waitAbort.signal.aborted) return;
      if (r?.ready) {
        const cluster = daemon.config;
        report({ type: 'ready', pid: process.pid, url: server!.address.url, nodes: cluster.nodes.map((n) => ({ name: n.name, role: n.role })), pods: daemon.expectation().pods });
        log.info('Cluster is ready', { processUptimeMs: Math.round(process.uptime() * 1000) });
        return;
      }
      const text = JSON.stringify(r?.waiting ?? []);
      if (r && text !== last) report({ type: 'waiting', waiting: r.waiting });
      last = text;
      await new Promise((res) => setTimeout(res, 10));
    }
  })();
  return { daemon, server, stop };
}

