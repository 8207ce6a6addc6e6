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

/** The bundled CLI and daemon that bin/kubesim.js runs (scripts/bundle.mjs). */
const bundle = 'dist/cli/main.js';

/**
 * Builds dist/ with tsc, and the bundled CLI with scripts/bundle.mjs, when `output` (or the bundle) is missing or
 * older than any source under `sources` (paths relative to the root).
 */
export function ensureBuilt(output: string, sources: string[]): void {
  const outputs = [output, bundle].map((o) => resolve(repoRoot, o));
  const newestSource = () => Math.max(...sources.map((s) => newest(resolve(repoRoot, s))));
  const builtSince = (time: number) => outputs.every((out) => existsSync(out) && statSync(out).mtimeMs >= time);
  // A build answers for the sources as they were when it started (files edited meanwhile need another run).
  const sourcesAtStart = newestSource();
  if (builtSince(sourcesAtStart)) return;
  let log = '';
  for (const [cmd, args] of [
    ['npx', ['tsc', '-p', 'tsconfig.build.json']],
    [process.execPath, ['scripts/bundle.mjs']],
  ] as const) {
    try {
      execFileSync(cmd, args, { cwd: repoRoot, stdio: 'pipe', timeout: 170_000 });
    } catch (err) {
      // Type errors elsewhere in the tree still emit; only a missing or stale output is fatal.
      const e = err as { stdout?: Buffer; stderr?: Buffer };
      log += `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`;
    }
  }
  if (!builtSince(sourcesAtStart)) throw new Error(`could not build ${output}:\n${log}`);
}
