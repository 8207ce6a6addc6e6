import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, repoRoot } from '../support/compiled.js';

beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 240_000);

/** Runs kubesim with its stdout closed by the reader before it writes, as `kubesim ... | head -0` does. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-pipe-'));
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'kubesim.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KUBESIM_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      resolve({ code, stderr });
    });
  });
}

describe('a reader that closes the pipe', () => {
  it('ends kubesim quietly with the status SIGPIPE gives kubectl, and no stack trace', async () => {
    expect(await runWithClosedStdout(['--help'])).toEqual({ code: 141, stderr: '' });
  });
});
