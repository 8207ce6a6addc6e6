// Captures what the real kubectl 1.32 does with each manifest in cases/ and test/fixtures/seeds/: its JSON output
// for what it parsed and its exact error text. Run from the repository root:
//   node test/golden/yaml-errors/capture.mjs [/path/to/kubectl]
// It writes test/golden/yaml-errors/goldens.json. kubectl talks to fake-apiserver.mjs (discovery only), so nothing
// is sent anywhere: `--dry-run=client` prints the objects instead of creating them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApiServer } from './fake-apiserver.mjs';

const kubectl = process.argv[2] ?? '/usr/bin/kubectl';
const here = 'test/golden/yaml-errors';
const files = [
  ...readdirSync(join(here, 'cases')).sort().map((f) => `${here}/cases/${f}`),
  ...readdirSync('test/fixtures/seeds').filter((f) => f.endsWith('.yaml')).sort().map((f) => `test/fixtures/seeds/${f}`),
];
// Runs read from STDIN (`-f -`): the file's text is piped in.
const stdinRuns = [`${here}/cases/error-missing-colon.yaml`, `${here}/cases/pod-configmap-volume-octal-modes.yaml`, `${here}/cases/error-second-document.yaml`];

const server = await startFakeApiServer();
const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
// Asynchronous: the fake server answers from this process's event loop.
const run = (verb, file, stdin) =>
  new Promise((resolve, reject) => {
    const args = [verb, '--server', server.url, '--dry-run=client', '-o', 'json', '-f', stdin ? '-' : file];
    const child = spawn(kubectl, args, { env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: join(home, 'none') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ verb, file, ...(stdin ? { stdin: true } : {}), code, stdout, stderr }));
    child.stdin.end(stdin ? readFileSync(file) : '');
  });
const goldens = [];
try {
  for (const file of files) goldens.push(await run('create', file), await run('apply', file));
  for (const file of stdinRuns) goldens.push(await run('create', file, true), await run('apply', file, true));
} finally {
  server.close();
  rmSync(home, { recursive: true, force: true });
}
const version = spawnSync(kubectl, ['version', '--client'], { encoding: 'utf8' }).stdout.split('\n')[0];
writeFileSync(join(here, 'goldens.json'), `${JSON.stringify({ kubectl: version, runs: goldens }, null, 1)}\n`);
console.log(`${goldens.length} runs captured with ${version}`);
