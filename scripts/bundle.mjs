// Bundles the CLI and the daemon into dist/cli/ with esbuild, because start-up time is what a person at the prompt waits
// for. Each is one CommonJS script (main.cjs, daemon.cjs) that bin/kubesim.js compiles with a V8 code cache (Node 20 has
// no compile cache for ES modules): a command neither resolves ~35 ES modules nor parses them. Commands stay lazy: each
// dynamic import() becomes a function that runs its module's code only when its command runs.
// - bin/kubesim.js runs main.cjs; dist/cli/daemon-main.js (the background daemon's process) runs daemon.cjs.
// - kubectl's help texts are scripts of their own (help-VERB.cjs), which main.cjs runs through bin/kubesim.js when needed.
// - dist/cli/main.js exports main.cjs for other importers (and marks the build's time for test/support/compiled.ts).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
mkdirSync(outdir, { recursive: true });
const { cacheId, compile } = createRequire(import.meta.url)('../bin/kubesim.js');

/** Writes a file whole or not at all (a command started during a rebuild reads the old file or the new one). */
function writeAtomically(path, data) {
  writeFileSync(`${path}.${process.pid}.tmp`, data);
  renameSync(`${path}.${process.pid}.tmp`, path);
}

/**
 * Commander loads node:child_process (with net, dgram and streams) at start for executable subcommands, which kubesim
 * has none of: the module is required when first used instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const eager = "const childProcess = require('node:child_process');";
      const text = readFileSync(path, 'utf8');
      if (!text.includes(eager)) throw new Error(`${path}: no "${eager}" to make lazy (commander changed?)`);
      return { contents: text.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: 'js' };
    });
  },
};

const common = {
  absWorkingDir: root,
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Only better-sqlite3's native addon stays in node_modules (src/store/sqlite-store.ts loads it by path).
  external: ['*.node'],
  // Modules find files next to themselves (daemon-main.js, package.json) from import.meta.url: the bundle's own URL.
  define: { 'import.meta.url': '__kubesimModuleUrl' },
  banner: { js: "var __kubesimModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Without comments and indentation the scripts are a third smaller, and faster to read.
  minifyWhitespace: true,
  logLevel: 'warning',
  write: false,
};

/**
 * The daemon's components (kubelets, scheduler, controllers: a third of the code) are not in the CLI's script, which
 * every command reads: `kubesim up --foreground` runs them from daemon.cjs, the daemon's own script.
 */
const daemonOutsideCli = {
  name: 'daemon-outside-cli',
  setup(b) {
    b.onResolve({ filter: /[\\/]run-daemon\.js$/ }, () => ({ path: 'run-daemon', namespace: 'daemon-script' }));
    b.onLoad({ filter: /.*/, namespace: 'daemon-script' }, () => ({
      contents: "const { join } = require('node:path');\nexport const runDaemon = (...args) => require(join(__dirname, '..', '..', 'bin', 'kubesim.js')).runScript(join(__dirname, 'daemon.cjs'), 'foreground').runDaemon(...args);\n",
      loader: 'js',
    }));
  },
};

/**
 * kubectl's help texts (src/cli/help/kubectl/VERB.ts, a tenth of the CLI: data only, importing types alone) are scripts
 * of their own, help-VERB.cjs, run from their code caches when `--help` or an error's usage needs one: other commands
 * neither read nor cache them. Each is a leaf, so no module runs twice.
 */
const helpDir = join(root, 'src', 'cli', 'help', 'kubectl');
const helpVerbs = readdirSync(helpDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['index.ts', 'flag-types.ts', 'options.ts'].includes(f)).map((f) => f.slice(0, -3));
const helpOutsideCli = {
  name: 'help-outside-cli',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, ({ path, importer, kind }) => {
      const verb = path.slice(2, -3);
      if (kind !== 'dynamic-import' || importer !== join(helpDir, 'index.ts') || !helpVerbs.includes(verb)) return undefined;
      return { path: verb, namespace: 'help-script' };
    });
    b.onLoad({ filter: /.*/, namespace: 'help-script' }, ({ path }) => ({
      contents: `const { join } = require('node:path');\nmodule.exports = require(join(__dirname, '..', '..', 'bin', 'kubesim.js')).runScript(join(__dirname, 'help-${path}.cjs'));\n`,
      loader: 'js',
    }));
  },
};

const [cli, daemon] = await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'src/cli/main.ts', ...Object.fromEntries(helpVerbs.map((verb) => [`help-${verb}`, join(helpDir, `${verb}.ts`)])) },
    plugins: [lazyChildProcess, daemonOutsideCli, helpOutsideCli],
  }),
  // The background daemon's process runs daemon-main.ts (startDaemon); `up --foreground` calls runDaemon.
  build({
    ...common,
    stdin: {
      contents: "export { runDaemon } from './src/cluster/run-daemon.ts';\nexport const startDaemon = () => import('./src/cluster/daemon-main.ts');\n",
      resolveDir: root,
      sourcefile: 'daemon-script.ts',
      loader: 'ts',
    },
    outfile: join(outdir, 'daemon.cjs'),
    outdir: undefined,
    outExtension: undefined,
  }),
]);
const result = { outputFiles: [...cli.outputFiles, ...daemon.outputFiles] };

/**
 * A script compiled by vm.Script cannot import() once its code cache is used (Node 20 drops its loader), and Node's
 * main-context loader prints an ExperimentalWarning: a dynamic import of a built-in module (the only kind esbuild leaves
 * in a bundle) becomes a require, its namespace's default export the module itself.
 */
function withoutDynamicImports(text, name) {
  return text.replace(/(?<![\w$.])import\((["'])([^"']+)\1\)/g, (_, quote, specifier) => {
    if (!builtinModules.includes(specifier.replace(/^node:/, ''))) throw new Error(`${name}: import(${quote}${specifier}${quote}) cannot run from a code cache; import it statically`);
    return `Promise.resolve().then(()=>{const m=require(${quote}${specifier}${quote});return{__proto__:m,default:m}})`;
  });
}

const keep = new Set(['main.js', 'daemon-main.js']);
for (const output of result.outputFiles) {
  const name = output.path.slice(outdir.length + 1);
  // bin/kubesim.js reads the scripts as latin1 (a copy, not a UTF-8 decode): every character must be ASCII. \u escapes
  // mean the same in strings, templates, regular expressions and identifiers.
  const source = withoutDynamicImports(output.text, name).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeAtomically(output.path, source);
  // The code cache every run starts from: it skips parsing the script (V8 rejects it under another Node version).
  // Each command's own cache, written by its first successful run, also skips compiling what the command runs.
  const caches = `${name}.${cacheId(statSync(output.path))}.`;
  writeAtomically(join(outdir, `${caches}cache`), compile(source, output.path).createCachedData());
  keep.add(name).add(caches);
}
// ES module entry points (the package's type), which package-root.ts's search for package.json must not meet in dist/cli.
writeAtomically(join(outdir, 'main.js'), "// The CLI's exports (bin/kubesim.js runs main.cjs from its code cache).\nimport { createRequire } from 'node:module';\n\nexport const { BROKEN_PIPE_EXIT, main, rootProgram, runCli } = createRequire(import.meta.url)('./main.cjs');\n");
writeAtomically(
  join(outdir, 'daemon-main.js'),
  "// The background daemon's process (`node daemon-main.js KUBESIM_HOME`, started by `kubesim up`): daemon.cjs from its code cache.\nimport { createRequire } from 'node:module';\n\nconst require = createRequire(import.meta.url);\nrequire('../../bin/kubesim.js').runScript(require.resolve('./daemon.cjs'), 'daemon').startDaemon();\n",
);

// Files of earlier builds (and the code caches of earlier scripts) are removed once the new ones are in place, so a
// command started during a rebuild still finds the files it loads.
const kept = (file) => keep.has(file) || file.endsWith('.tmp') || [...keep].some((k) => k.endsWith('.') && file.startsWith(k));
for (const file of readdirSync(outdir)) if (!kept(file)) rmSync(join(outdir, file), { force: true });
