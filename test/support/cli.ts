/** Runs the compiled `kubesim` binary as a user would, in a given KUBESIM_HOME. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './compiled.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubesim(home: string, args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'kubesim.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KUBESIM_HOME: home, NO_COLOR: '1', ...opts.env },
    input: opts.stdin ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
