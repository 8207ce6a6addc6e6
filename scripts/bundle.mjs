// Bundles the CLI and the daemon into dist/cli/ with esbuild: one start-up file plus shared chunks, so a command
// loads a handful of files instead of ~70 ES modules (module resolution was most of kubesim's start-up time).
// Commands stay lazy: each dynamic import() becomes a chunk loaded only when its command runs.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'daemon-main': 'src/cluster/daemon-main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Only better-sqlite3's native addon stays in node_modules (src/store/sqlite-store.ts loads it by path).
  external: ['*.node'],
  // CommonJS packages inside the bundle (commander, js-yaml's dependencies) call require for Node's built-ins.
  banner: { js: "import { createRequire as __kubesimCreateRequire } from 'node:module'; const require = __kubesimCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
// Chunks of earlier builds (their names carry a content hash) are removed once the new ones are in place, so a
// command started during a rebuild still finds the files it loads.
const written = new Set(Object.keys(result.metafile.outputs).map((f) => relative(outdir, join(root, f))));
for (const file of readdirSync(outdir)) if (!written.has(file)) rmSync(join(outdir, file), { force: true });
