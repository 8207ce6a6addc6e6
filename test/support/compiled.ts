/** Tests that spawn compiled JavaScript (CLI, child processes) build it once when it is missing or older than its sources. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file in test/support (or dist/test/support). */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return path.endsWith('.ts') && !path.endsWith('.test.ts') ? st.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Builds dist/ with tsc when `output` is missing or older than any source under `sources` (paths relative to the root). */
export function ensureBuilt(output: string, sources: string[]): void {
  const out = resolve(repoRoot, output);
  const fresh = () => existsSync(out) && statSync(out).mtimeMs >= Math.max(...sources.map((s) => newest(resolve(repoRoot, s))));
  if (fresh()) return;
  let log = '';
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'pipe', timeout: 170_000 });
  } catch (err) {
    // Type errors elsewhere in the tree still emit; only a missing or stale output is fatal.
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    log = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`;
  }
  if (!fresh()) throw new Error(`could not build ${output}:\n${log}`);
}
