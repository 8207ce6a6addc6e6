/**
 * Measures the workload controllers at scale, through the CLI as a user would: on a cluster of 100 nodes, the time
 * from `apply` of a 1000-replica Deployment to all its pods Running (readyReplicas 1000), of a rollout of it
 * (`set image` then `rollout status`) to every new pod Running and no old one left, and of `delete` to no pod left.
 * Run with `npm run bench:controllers` (it builds first). NODES and REPLICAS override the sizes.
 *
 * The kubelets' simulated waits are part of what is measured: each node pulls an absent image one pull at a time
 * (serializeImagePulls), the first pull 0.4 s + 72 MB at 80 MiB/s, every pull queued behind it 0.3 s (the registry
 * check of an image already there), and a sandbox takes 0.2 s; with 10 pods per node that alone is about 4 s. With
 * SIMULATED_WAITS=off the cluster is created with a cluster config setting those simulation timings to 0
 * (`simulation.kubelet` of docs/cluster-config.md, as a user could), to measure the machinery alone; the output
 * says which. It also prints the daemon's CPU time per phase, which the machine's load does not change much.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODES = Number(process.env.NODES ?? 100);
const REPLICAS = Number(process.env.REPLICAS ?? 1000);
const TIMEOUT_MS = 300_000;
const WAITS_OFF = process.env.SIMULATED_WAITS === 'off';
/** The simulation settings of SIMULATED_WAITS=off (kubelet-config.ts names, milliseconds). */
const noWaits = { imagePullBaseMs: 0, imagePullBytesPerSecond: 1e15, imageRepullMs: 0, sandboxCreateMs: 0 };
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

/** The daemon's CPU time (user + system) so far, in seconds, from /proc (undefined where there is no /proc). */
function daemonCpuSeconds() {
  try {
    const pid = readFileSync(join(home, 'daemon.pid'), 'utf8').trim().split(/\s+/)[0];
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A cluster config of NODES nodes (controlplane + workers, as `up --nodes`) whose simulated waits are 0. */
function noWaitsConfig() {
  const nodes = [{ name: 'controlplane', role: 'control-plane' }];
  for (let i = 1; i < NODES; i++) nodes.push({ name: `node${String(i).padStart(2, '0')}` });
  const file = join(home, 'bench-cluster.json');
  writeFileSync(file, JSON.stringify({ apiVersion: 'kubesim.io/v1alpha1', kind: 'Cluster', simulation: { kubelet: noWaits }, nodes }));
  return file;
}

const podPhases = () => kubesim(['get', 'pods', '-l', 'app=bench', '-o', 'jsonpath={range .items[*]}{.status.phase}{" "}{.spec.containers[0].image}{"\\n"}{end}']).split('\n').filter(Boolean);

try {
  const tUp = performance.now();
  kubesim(['up', ...(WAITS_OFF ? ['--config', noWaitsConfig()] : ['--nodes', String(NODES)])]);
  const upMs = performance.now() - tUp;
  const cpu = [daemonCpuSeconds()];

  const t0 = performance.now();
  kubesim(['apply', '-f', '-'], manifest('nginx:1.25'));
  const createMs = await until(t0, 'all pods Running', () => {
    const pods = podPhases();
    return pods.length === REPLICAS && pods.every((p) => p.startsWith('Running '));
  });
  cpu.push(daemonCpuSeconds());

  const t1 = performance.now();
  kubesim(['set', 'image', 'deploy/bench', 'c=nginx:1.26']);
  kubesim(['rollout', 'status', 'deploy/bench', `--timeout=${TIMEOUT_MS / 1000}s`]);
  const rolloutMs = await until(t1, 'the new pods Running and the old ones gone', () => {
    const pods = podPhases();
    return pods.length === REPLICAS && pods.every((p) => p === 'Running nginx:1.26');
  });
  cpu.push(daemonCpuSeconds());

  const t2 = performance.now();
  kubesim(['delete', 'deploy/bench', '--wait=false']);
  const deleteMs = await until(t2, 'no pod left', () => podPhases().length === 0);
  cpu.push(daemonCpuSeconds());

  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const cpuOf = (i) => (cpu[i] === undefined || cpu[i + 1] === undefined ? '' : `   (daemon CPU ${(cpu[i + 1] - cpu[i]).toFixed(1)} s)`);
  console.log(
    WAITS_OFF
      ? `Simulated kubelet waits OFF (SIMULATED_WAITS=off): cluster config simulation.kubelet = ${JSON.stringify(noWaits)}`
      : 'Simulated kubelet waits at their defaults (serialized image pulls 1.26 s first / 0.3 s queued, sandbox 0.2 s); SIMULATED_WAITS=off sets them to 0',
  );
  console.log(`kubesim up with ${NODES} nodes: ${fmt(upMs)}`);
  console.log(`Deployment of ${REPLICAS} replicas, apply → all pods Running:  ${fmt(createMs)}${cpuOf(0)}`);
  console.log(`rollout (set image) → every new pod Running, no old one left:  ${fmt(rolloutMs)}${cpuOf(1)}`);
  console.log(`delete → no pod left:                                          ${fmt(deleteMs)}${cpuOf(2)}`);
  console.log('Targets: each under 5 s (KWOK CI allows 60 s for 10,000 pods Running and 90 s to delete them).');
} finally {
  try {
    kubesim(['down']);
  } catch {
    // already down
  }
  rmSync(home, { recursive: true, force: true });
}
