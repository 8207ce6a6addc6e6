import { posix } from 'node:path';
import type { TimerClock } from '../../../util/clock.js';
import type { ContainerFs } from '../vfs/container-fs.js';
import { FsError } from '../vfs/fs-error.js';
import type { CommandContext, Utility } from './command-context.js';
import { commandTable } from './commands.js';
import { BrokenPipe, InputStream, sink, type OutputStream } from './io.js';
import { Killed, ProcessContext, signalNumbers, type HttpNetwork, type NslookupFormat, type Resolver, type Signal } from './process-context.js';

export interface ProcessOptions {
  /** The container's command + args as Kubernetes computes them, e.g. ['sh', '-c', 'echo hi; sleep 5']. */
  argv: string[];
  /** The process environment in the runtime's order (name, value). */
  env: [string, string][] | Record<string, string>;
  /** workingDir; default /. */
  cwd?: string;
  fs: ContainerFs;
  hostname: string;
  clock: TimerClock;
  /** Aborting it kills the process (SIGKILL, exit 137). */
  signal?: AbortSignal;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input (exec -i); none means empty. */
  stdin?: string | AsyncIterable<string>;
  /** The cluster DNS as nslookup sees it. */
  resolver?: Resolver;
  nslookupFormat?: NslookupFormat;
  /** What wget reaches (Services, pods); without it connections are refused. */
  network?: HttpNetwork;
  /**
   * Whether this is a container's main process (PID 1, the default): then SIGTERM is ignored unless the program
   * handles it (a shell trap, a server), as the kernel does for PID 1. Exec'd processes (probes, kubectl exec) are not.
   */
  pid1?: boolean;
  /** The image's own programs, by name or absolute path (see commandTable). */
  programs?: Record<string, Utility>;
}

export interface ProcessHandle {
  readonly pid: number;
  /** Resolves (never rejects) with the exit status: the program's, or 128 + signal number when killed (137 KILL, 143 TERM). */
  readonly exited: Promise<number>;
  /** Ports a server in the process listens on now (tcpSocket/httpGet probes succeed on them). */
  readonly listening: ReadonlySet<number>;
  /** Sends a signal: KILL always ends it; TERM/INT go to the program's handler, are ignored by PID 1, else kill. */
  kill(sig: Signal): void;
}

/** The program could not be started (runc's exec error), e.g. `exec: "foo": executable file not found in $PATH`. */
export class ExecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecError';
  }
}

let execPids = 100;

/**
 * Starts a simulated process. Rejects with ExecError when argv[0] cannot be executed (the runtime reports it as
 * StartError); otherwise the handle's `exited` resolves with the exit status. Output after the process died is dropped.
 */
export async function startProcess(options: ProcessOptions): Promise<ProcessHandle> {
  const pid1 = options.pid1 ?? true;
  const pid = pid1 ? 1 : execPids++;
  const proc = new ProcessContext(
    {
      fs: options.fs,
      clock: options.clock,
      hostname: options.hostname,
      ...(options.resolver ? { resolver: options.resolver } : {}),
      ...(options.nslookupFormat ? { nslookupFormat: options.nslookupFormat } : {}),
      ...(options.network ? { network: options.network } : {}),
    },
    pid,
    pid1,
  );
  const table = commandTable(options.programs);
  const cwd = options.cwd || '/';
  const program = await resolveProgram(options.argv, options.fs, cwd, table.utilities);
  const live = (fn: (text: string) => void): OutputStream => sink((text) => (proc.killed ? undefined : fn(text)));
  const ctx: CommandContext = {
    argv: program.argv,
    env: Array.isArray(options.env) ? options.env : Object.entries(options.env),
    cwd,
    stdin: stdinStream(options.stdin),
    stdout: live(options.stdout),
    stderr: live(options.stderr),
    process: proc,
    pid,
    spawn: async () => 127,
  };
  if (options.signal) {
    if (options.signal.aborted) proc.terminate('KILL');
    else options.signal.addEventListener('abort', () => proc.terminate('KILL'), { once: true });
  }
  const exited = (async () => {
    try {
      const status = await program.run(ctx);
      return proc.killed ? 128 + signalNumbers[proc.killedBy ?? 'KILL'] : status & 255;
    } catch (e) {
      if (e instanceof Killed) return 128 + signalNumbers[e.signal];
      if (e instanceof BrokenPipe) return 128 + 13;
      // A bug in a simulated program must not take the kubelet down: the container fails with the error in its log.
      if (!proc.killed) options.stderr(`kubesim: internal error: ${(e as Error)?.message ?? String(e)}\n`);
      return 1;
    } finally {
      // The main process is gone: whatever it left running in the background dies with it.
      proc.terminate(proc.killedBy ?? 'KILL');
    }
  })();
  return { pid, exited, listening: proc.listening, kill: (sig) => proc.signal(sig) };
}

/** Starts a process and waits for its exit status (see startProcess). */
export async function runProcess(options: ProcessOptions): Promise<number> {
  return (await startProcess(options)).exited;
}

/** How runc finds argv[0]: a path must exist and be executable; a bare name must be one of the image's programs. */
async function resolveProgram(
  argv: string[],
  fs: ContainerFs,
  cwd: string,
  utilities: Record<string, Utility>,
): Promise<{ argv: string[]; run: Utility }> {
  const name = argv[0];
  if (name === undefined || name === '') throw new ExecError('exec: "": executable file not found in $PATH');
  if (!name.includes('/')) {
    const run = utilities[name];
    if (!run) throw new ExecError(`exec: "${name}": executable file not found in $PATH`);
    return { argv, run };
  }
  const path = posix.resolve(cwd, name);
  const direct = utilities[path];
  if (direct) return { argv, run: direct };
  let st;
  try {
    st = await fs.stat(path);
  } catch (e) {
    if (e instanceof FsError) throw new ExecError(`exec: "${name}": stat ${name}: ${e.message.toLowerCase()}`);
    throw e;
  }
  if (st.type === 'dir' || (st.mode & 0o111) === 0) throw new ExecError(`exec: "${name}": permission denied`);
  const known = utilities[posix.basename(path)];
  if (known && st.size === 0) return { argv, run: known };
  const text = await fs.readFile(path);
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  const sh = utilities['sh']!;
  if (shebang) {
    const interp = shebang[1] === '/usr/bin/env' ? (shebang[2] ?? '') : shebang[1]!;
    if (!['sh', 'ash', 'bash', 'dash'].includes(posix.basename(interp))) {
      throw new ExecError(`exec: "${name}": no such file or directory`);
    }
    return { argv: [interp, path, ...argv.slice(1)], run: sh };
  }
  throw new ExecError(`exec: "${name}": exec format error`);
}

function stdinStream(stdin: ProcessOptions['stdin']): InputStream {
  if (stdin === undefined) return InputStream.empty();
  if (typeof stdin === 'string') return InputStream.of(stdin);
  const it = stdin[Symbol.asyncIterator]();
  return new InputStream(async () => {
    const next = await it.next();
    return next.done ? null : next.value;
  });
}
