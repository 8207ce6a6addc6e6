/**
 * Measures the workload controllers at scale, through the CLI as a user would: on a cluster of 100 nodes, the time
 * from `apply` of a 1000-replica Deployment to all its pods Running (readyReplicas 1000), of a rollout of it
 * (`set image` then `rollout status`) to every new pod Running and no old one left, and of `delete` to no pod left.
 * Run with `npm run bench:controllers` (it builds first). NODES and REPLICAS override the sizes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODES = Number(process.env.NODES ?? 100);
const REPLICAS = Number(process.env.REPLICAS ?? 1000);
const TIMEOUT_MS = 300_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kubesim.js');
const home = mkdtempSync(join(tmpdir(), 'kubesim-controllers-bench-'));

function kubesim(args, input) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, KUBESIM_HOME: home, HOME: home, NO_COLOR: '1' }, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubesim ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls until cond() holds; returns the elapsed milliseconds since t0. */
async function until(t0, what, cond) {
  for (;;) {
    if (cond()) return performance.now() - t0;
    if (performance.now() - t0 > TIMEOUT_MS) throw new Error(`timed out waiting for ${what}: ${summary()}`);
    await sleep(100);
  }
}

const manifest = (image) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench' },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: 'bench' } },
      template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image }] } },
    },
  });

/** Where the pods are, for a timeout's message: phases and how many are bound to a node. */
function summary() {
  const phases = {};
  for (const p of podPhases()) phases[p] = (phases[p] ?? 0) + 1;
  const bound = kubesim(['get', 'pods', '-l', 'app=bench', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}']).split('\n').filter(Boolean).length;
  return `${JSON.stringify(phases)}, ${bound} bound to a node`;
}

const podPhases = () => kubesim(['get', 'pods', '-l', 'app=bench', '-o', 'jsonpath={range .items[*]}{.status.phase}{" "}{.spec.containers[0].image}{"\\n"}{end}']).split('\n').filter(Boolean);

try {
  const tUp = performance.now();
  kubesim(['up', '--nodes', String(NODES)]);
  const upMs = performance.now() - tUp;

  const t0 = performance.now();
  kubesim(['apply', '-f', '-'], manifest('nginx:1.25'));
  const createMs = await until(t0, 'all pods Running', () => {
    const pods = podPhases();
    return pods.length === REPLICAS && pods.every((p) => p.startsWith('Running '));
  });

  const t1 = performance.now();
  kubesim(['set', 'image', 'deploy/bench', 'c=nginx:1.26']);
  kubesim(['rollout', 'status', 'deploy/bench', `--timeout=${TIMEOUT_MS / 1000}s`]);
  const rolloutMs = await until(t1, 'the new pods Running and the old ones gone', () => {
    const pods = podPhases();
    return pods.length === REPLICAS && pods.every((p) => p === 'Running nginx:1.26');
  });

  const t2 = performance.now();
  kubesim(['delete', 'deploy/bench', '--wait=false']);
  const deleteMs = await until(t2, 'no pod left', () => podPhases().length === 0);

  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`kubesim up with ${NODES} nodes: ${fmt(upMs)}`);
  console.log(`Deployment of ${REPLICAS} replicas, apply → all pods Running:  ${fmt(createMs)}`);
  console.log(`rollout (set image) → every new pod Running, no old one left:  ${fmt(rolloutMs)}`);
  console.log(`delete → no pod left:                                          ${fmt(deleteMs)}`);
  console.log('Targets: each under 5 s (KWOK CI allows 60 s for 10,000 pods Running and 90 s to delete them).');
} finally {
  try {
    kubesim(['down']);
  } catch {
    // already down
  }
  rmSync(home, { recursive: true, force: true });
}
