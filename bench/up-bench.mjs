/**
 * Measures what starting a cluster costs: `kubesim up` (3 nodes, until every node is Ready and the control plane's
 * static pods run) then `kubesim down`, 10 times on a new cluster and 10 times resuming one, next to a bare
 * `node -e 0` measured in the same run. Run with `npm run bench:up` (it builds first).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = 10;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kubesim.js');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Wall time of one process in milliseconds; fails loudly when it fails. */
function run(args, home) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, KUBESIM_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return ms;
}

function cycle(home) {
  const up = run([bin, 'up', '--nodes', '3'], home);
  const down = run([bin, 'down'], home);
  return { up, down, total: up + down };
}

const reference = Array.from({ length: RUNS }, () => run(['-e', '0'], tmpdir()));

const fresh = [];
for (let i = 0; i < RUNS; i++) {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-up-bench-'));
  try {
    fresh.push(cycle(home));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const resumed = [];
const home = mkdtempSync(join(tmpdir(), 'kubesim-up-bench-'));
try {
  cycle(home);
  for (let i = 0; i < RUNS; i++) resumed.push(cycle(home));
} finally {
  rmSync(home, { recursive: true, force: true });
}

const fmt = (ms) => `${(ms / 1000).toFixed(3)} s`;
const row = (name, runs) => `${name.padEnd(34)} up ${fmt(median(runs.map((r) => r.up)))}   down ${fmt(median(runs.map((r) => r.down)))}   up→down ${fmt(median(runs.map((r) => r.total)))}`;
console.log(`kubesim up (3 nodes, nodes Ready, control plane Running) → kubesim down, median of ${RUNS} runs`);
console.log(row('new cluster', fresh));
console.log(row('resumed cluster', resumed));
console.log(`${'node -e 0 (reference)'.padEnd(34)} ${fmt(median(reference))}`);
console.log('Target: up→down under 1 s (kind needs about 33 s, k3d about 20 s, minikube about 51 s to a working cluster).');
