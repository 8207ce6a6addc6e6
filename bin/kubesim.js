#!/usr/bin/env node
// The kubesim command. Start-up time is what a person at the prompt waits for, so this file is CommonJS (bin/package.json:
// no ES module loader to start) and runs the bundled CLI, dist/cli/main.cjs (npm run build), from a V8 code cache:
// neither parsed nor compiled again. The daemon's process runs dist/cli/daemon.cjs the same way (runScript).
'use strict';
const { closeSync, fstatSync, openSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** What names the code caches of one build of a script: V8 checks a cache against the source's length only. */
const cacheId = (stats) => `${stats.size}-${stats.mtimeMs}`;

/**
 * The script in CommonJS's module wrapper, a parenthesised function that V8 compiles at once (so its code goes in the
 * cache). It has no import() (scripts/bundle.mjs turns those of built-ins into require).
 */
function compile(source, filename, cachedData) {
  return new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
}

const readOrUndefined = (path) => {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Runs a bundled CommonJS script (scripts/bundle.mjs) and returns its exports. Its code cache is the one of `key` (a
 * command) when there is one, else the build's; the key's own cache is written when the process ends with status 0
 * (a mistyped word is no command), holding the code of every function it ran. A cache V8 rejects (another Node
 * version, other V8 flags) or that cannot be written (a read-only installation) only costs the compilation it saves.
 */
function runScript(file, key) {
  const fd = openSync(file, 'r');
  let source;
  let id;
  try {
    id = cacheId(fstatSync(fd));
    // scripts/bundle.mjs escapes every non-ASCII character: latin1 reads the same text without decoding UTF-8.
    source = readFileSync(fd, 'latin1');
  } finally {
    closeSync(fd);
  }
  const shared = `${file}.${id}.cache`;
  const own = key !== undefined && /^[a-z][a-z-]{0,39}$/.test(key) ? `${file}.${id}.${key}.cache` : shared;
  let used = own;
  let cachedData = readOrUndefined(own);
  if (!cachedData && own !== shared) {
    used = shared;
    cachedData = readOrUndefined(shared);
  }
  const script = compile(source, file, cachedData);
  if (!cachedData || script.cachedDataRejected || used !== own) {
    process.once('exit', (code) => {
      if (code !== 0) return;
      try {
        const tmp = `${own}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, own);
      } catch {
        // Runs stay without a cache of their own.
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

module.exports = { cacheId, compile, runScript };
if (require.main === module) runScript(join(__dirname, '..', 'dist', 'cli', 'main.cjs'), process.argv[2]).runCli();
