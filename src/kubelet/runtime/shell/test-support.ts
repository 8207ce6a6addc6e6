import { FakeClock, type TimerClock } from '../../../util/clock.js';
import { MountedFs, type Mount } from '../vfs/container-fs.js';
import { createImageRoot } from '../vfs/image-root.js';
import { busyboxApplets } from './commands.js';
import { startProcess, type ProcessHandle, type ProcessOptions } from './process.js';

/** Test helpers: a busybox-like container filesystem and a way to run a script and collect what it printed. */

export function containerFs(clock: TimerClock, files: Record<string, string> = {}, mounts: Mount[] = []): MountedFs {
  const root = createImageRoot({
    clock,
    hostname: 'mypod',
    hosts: '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.5\tmypod\n',
    resolvConf: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    files,
    binaries: [...busyboxApplets],
  });
  return new MountedFs(root, mounts, clock);
}

export interface Ran {
  stdout: string;
  stderr: string;
  status: number;
}

export type RunOptions = Partial<Omit<ProcessOptions, 'stdout' | 'stderr'>> & { files?: Record<string, string> };

export function defaults(options: RunOptions, out: { stdout: string; stderr: string }): ProcessOptions {
  const clock = options.clock ?? new FakeClock('2026-11-23T12:00:00Z');
  return {
    argv: options.argv ?? [],
    env: options.env ?? [
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ['HOSTNAME', 'mypod'],
      ['HOME', '/root'],
    ],
    fs: options.fs ?? containerFs(clock, options.files),
    hostname: options.hostname ?? 'mypod',
    clock,
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.resolver ? { resolver: options.resolver } : {}),
    ...(options.network ? { network: options.network } : {}),
    ...(options.nslookupFormat ? { nslookupFormat: options.nslookupFormat } : {}),
    ...(options.pid1 !== undefined ? { pid1: options.pid1 } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.programs ? { programs: options.programs } : {}),
  };
}

/** Runs `sh -c script` (or options.argv) to completion. */
export async function sh(script: string, options: RunOptions = {}): Promise<Ran> {
  const out = { stdout: '', stderr: '' };
  const handle = await startProcess(defaults({ argv: ['sh', '-c', script], ...options }, out));
  const status = await handle.exited;
  return { ...out, status };
}

/** Starts a process and gives access to its output while it runs. */
export async function start(options: RunOptions): Promise<{ handle: ProcessHandle; out: { stdout: string; stderr: string } }> {
  const out = { stdout: '', stderr: '' };
  const handle = await startProcess(defaults(options, out));
  return { handle, out };
}
