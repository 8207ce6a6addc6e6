import type { TimerClock } from '../../../util/clock.js';
import type { ContainerFs } from '../vfs/container-fs.js';

/** State shared by every command of one simulated process tree (a container's main process, or one exec). */

export type Signal = 'TERM' | 'KILL' | 'INT';

/** Thrown through the interpreter when the process is killed: ends it with 128 + the signal number. */
export class Killed extends Error {
  constructor(readonly signal: Signal) {
    super(`killed by SIG${signal}`);
  }
}

export const signalNumbers: Record<Signal, number> = { INT: 2, KILL: 9, TERM: 15 };

/** Resolves names for nslookup: A records of a fully qualified name, and the PTR name of an address. */
export interface Resolver {
  lookup(fqdn: string): string[] | undefined;
  reverse?(ip: string): string | undefined;
}

export type NslookupFormat = 'busybox-1.36' | 'busybox-1.28';

/** The outcome of one HTTP request from inside a container. */
export type HttpResult =
  | { status: number; statusText: string; body: string }
  | { error: 'refused' | 'timeout' | 'unreachable' };

/** The pod network as wget sees it: an HTTP GET to an address and port (already resolved from a name). */
export interface HttpNetwork {
  get(request: { ip: string; port: number; path: string; host: string }, timeoutMs: number): Promise<HttpResult>;
}

export interface ProcessEnvironment {
  fs: ContainerFs;
  clock: TimerClock;
  hostname: string;
  resolver?: Resolver;
  nslookupFormat?: NslookupFormat;
  /** Without it, every connection is refused. */
  network?: HttpNetwork;
}

export class ProcessContext {
  /** Aborted when the process is killed; every wait (sleep, pipes, serve) listens to it. */
  readonly kill = new AbortController();
  killedBy: Signal | undefined;
  /** Ports a server command in this process tree listens on (what tcpSocket/httpGet probes can reach). */
  readonly listening = new Set<number>();
  /**
   * The main program's handler for TERM and INT (a shell with a trap, a server shutting down). Without one the signal
   * is ignored by PID 1 (the kernel gives PID 1 no default action) and kills any other process.
   */
  termHandler: ((sig: Signal) => void) | undefined;
  /** Executed commands, to yield to the event loop now and then. */
  steps = 0;
  private nextPid: number;

  constructor(
    readonly env: ProcessEnvironment,
    readonly pid: number,
    readonly pid1: boolean,
  ) {
    this.nextPid = pid + 1;
  }

  get killed(): boolean {
    return this.kill.signal.aborted;
  }

  allocatePid(): number {
    return this.nextPid++;
  }

  /** Delivers a signal the way the kernel does to the process's main program. */
  signal(sig: Signal): void {
    if (this.killed) return;
    if (sig !== 'KILL' && this.termHandler) return this.termHandler(sig);
    if (sig !== 'KILL' && this.pid1) return;
    this.terminate(sig);
  }

  /** Ends the whole process tree now. */
  terminate(sig: Signal): void {
    if (this.killed) return;
    this.killedBy = sig;
    this.kill.abort(new Killed(sig));
  }

  /** Throws Killed when the process was killed. */
  check(): void {
    if (this.killed) throw new Killed(this.killedBy ?? 'KILL');
  }

  /** Sleeps on the clock; a kill interrupts it. */
  async sleep(ms: number): Promise<void> {
    this.check();
    if (ms === Infinity) {
      await new Promise<never>((_resolve, reject) => this.kill.signal.addEventListener('abort', () => reject(this.kill.signal.reason), { once: true }));
    }
    await this.env.clock.sleep(ms, this.kill.signal);
  }

  /** Lets the event loop run (macrotask), so a busy loop never starves the daemon. */
  async yieldNow(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }
}
