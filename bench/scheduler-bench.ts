/**
 * Reproduces upstream scheduler_perf's SchedulingBasic (5000 nodes, 1000 initial pods, then 10,000 measured pods;
 * and the 500-node workload) and SchedulingPodAntiAffinity, through a real in-process registry and SQLite store:
 * the scheduler watches through informers and binds through `pods/binding`, as in the daemon. Prints the median
 * of the runs: measured pods per second scheduled (assumed on a node) and bound (binding written), timed from a
 * scheduler's start with the measured pods already created (their creation rate is printed apart).
 * Run with `npm run bench:scheduler` (it builds first); `-- --quick` runs one run of each workload,
 * `-- --only=NAME` the workloads whose name contains NAME, `-- --profile=DIR` writes a CPU profile of each measured
 * phase (the scheduler's start to the last binding) to DIR. Each line also prints a fixed reference task's time,
 * measured around the runs, and pods bound per reference task: that ratio compares runs made under different loads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../src/api/object.js';
import { InProcessClient } from '../src/client/in-process-client.js';
import { InformerFactory } from '../src/client/informer.js';
import { Namespaces, Nodes, Pods } from '../src/client/resources.js';
import { bootstrapCluster } from '../src/registry/bootstrap.js';
import { Registry } from '../src/registry/registry.js';
import { defaultConfiguration } from '../src/scheduler/config/defaults.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { realClock } from '../src/util/clock.js';
import type { Logger } from '../src/util/logger.js';
import { seededRandom } from '../src/util/random.js';

interface Workload {
  name: string;
  nodes: number;
  initPods: number;
  measurePods: number;
  antiAffinity?: boolean;
  runs: number;
}

const quick = process.argv.includes('--quick');
const profileDir = process.argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const workloads: Workload[] = [
  { name: 'SchedulingBasic/500Nodes', nodes: 500, initPods: 500, measurePods: 1000, runs: 3 },
  { name: 'SchedulingBasic/5000Nodes_10000Pods', nodes: 5000, initPods: 1000, measurePods: 10_000, runs: 3 },
  { name: 'SchedulingPodAntiAffinity/500Nodes', nodes: 500, initPods: 100, measurePods: 400, antiAffinity: true, runs: 3 },
  { name: 'SchedulingPodAntiAffinity/5000Nodes', nodes: 5000, initPods: 1000, measurePods: 1000, antiAffinity: true, runs: 3 },
];

const silent: Logger = { info() {}, warn() {}, error() {}, withSource: () => silent };

/** scheduler_perf's config/templates/node-default.yaml, with a unique kubernetes.io/hostname label. */
function node(i: number): KubeObject {
  const name = `scheduler-perf-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: { capacity: { pods: '110', cpu: '4', memory: '32Gi' }, allocatable: { pods: '110', cpu: '4', memory: '32Gi' }, conditions: [{ status: 'True', type: 'Ready' }], phase: 'Running' },
  };
}

const resources = { limits: { cpu: '100m', memory: '500Mi' }, requests: { cpu: '100m', memory: '500Mi' } };

/** pod-default.yaml, or pod-with-pod-anti-affinity.yaml. */
function pod(i: number, antiAffinity: boolean, namespace: string): KubeObject {
  const container = { image: 'registry.k8s.io/pause:3.10', name: 'pause', ports: [{ containerPort: 80 }], resources };
  if (!antiAffinity) return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace }, spec: { containers: [container] } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `anti-affinity-pod-${i}`, namespace, labels: { color: 'green', name: 'test' } },
    spec: {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['sched-1', 'sched-0'] },
          ],
        },
      },
      containers: [container],
    },
  };
}

/** Creates objects with a few requests in flight, as a client with QPS would. */
async function createAll(objs: KubeObject[], create: (o: KubeObject) => Promise<unknown>, inflight = 32): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (next < objs.length) await create(objs[next++]!);
    }),
  );
}

async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A scheduler with its own informers, started (caches synced: every pending pod is in its queue). */
async function startScheduler(client: InProcessClient): Promise<{ scheduler: Scheduler; stop: () => Promise<void> }> {
  const informers = new InformerFactory({ client, clock: realClock, log: silent });
  const scheduler = new Scheduler({ client, informers, clock: realClock, log: silent, config: defaultConfiguration(), random: seededRandom(1), explain: false });
  await scheduler.start();
  return {
    scheduler,
    stop: async () => {
      await scheduler.stop();
      informers.stop();
    },
  };
}

interface RunResult {
  scheduledPerSec: number;
  boundPerSec: number;
  createPerSec: number;
  refMs: number;
}

/**
 * A fixed piece of JavaScript work like the scheduler's and the store's (objects, JSON, sorting), timed next to each
 * run: on a shared machine, pods per reference task compares runs made under different loads.
 */
function referenceTaskMs(): number {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const objs = Array.from({ length: 2000 }, (_, i) => node(i));
    const back = JSON.parse(JSON.stringify(objs)) as KubeObject[];
    back.sort((a, b) => (a.metadata.name! < b.metadata.name! ? 1 : -1));
    let n = 0;
    for (const o of back) n += Object.keys(o.metadata.labels ?? {}).length;
    if (n !== 2000) throw new Error('reference task');
    times.push(performance.now() - t);
  }
  return median(times);
}

async function runOnce(w: Workload): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-sched-bench-'));
  const store = SqliteStore.open(join(dir, 'state.db'));
  const registry = new Registry(store, { clock: realClock, random: seededRandom(7) });
  await bootstrapCluster(registry);
  const client = new InProcessClient(registry);
  try {
    for (const ns of ['sched-0', 'sched-1']) await client.resource(Namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    // scheduler_perf's API server runs without TaintNodesByCondition: nodes start untainted.
    await createAll(
      Array.from({ length: w.nodes }, (_, i) => node(i)),
      async (n) => {
        const created = await client.resource(Nodes).create(n);
        const untainted = await client.resource(Nodes).update({ ...created, spec: {} });
        await client.resource(Nodes).updateStatus({ ...untainted, status: n.status });
      },
    );
    const podsOf = (n: number, from: number, ns: string) => Array.from({ length: n }, (_, i) => pod(from + i, !!w.antiAffinity, ns));
    // The initial pods, scheduled by a first scheduler.
    const first = await startScheduler(client);
    await createAll(podsOf(w.initPods, 0, 'sched-0'), (p) => client.resource(Pods).namespace('sched-0').create(p));
    await waitFor(() => first.scheduler.stats.bound >= w.initPods, 'initial pods bound', 600_000);
    await first.stop();
    // The measured pods wait in the store, so pod creation (the registry's cost, not the scheduler's) is timed apart.
    const c0 = performance.now();
    await createAll(podsOf(w.measurePods, w.initPods, 'sched-1'), (p) => client.resource(Pods).namespace('sched-1').create(p));
    const createPerSec = (w.measurePods / (performance.now() - c0)) * 1000;
    const refBefore = referenceTaskMs();
    const session = profileDir ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const { scheduler, stop } = await startScheduler(client);
    const t0 = performance.now();
    let scheduledAt = 0;
    await waitFor(
      () => {
        if (!scheduledAt && scheduler.stats.scheduled >= w.measurePods) scheduledAt = performance.now();
        return scheduler.stats.bound >= w.measurePods;
      },
      'measured pods bound',
      600_000,
    );
    const boundAt = performance.now();
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(profileDir!, `${w.name.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    if (scheduler.stats.failed) console.log(`  (${scheduler.stats.failed} failed attempts)`);
    await stop();
    const pods = await client.resource(Pods).namespace('sched-1').list();
    const unbound = pods.items.filter((p) => !(p.spec as { nodeName?: string }).nodeName).length;
    if (unbound) throw new Error(`${unbound} measured pods have no nodeName`);
    return {
      scheduledPerSec: (w.measurePods / (scheduledAt - t0)) * 1000,
      boundPerSec: (w.measurePods / (boundAt - t0)) * 1000,
      createPerSec,
      refMs: (refBefore + referenceTaskMs()) / 2,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
console.log('scheduler_perf workloads through the in-process registry (median of runs; measured pods only)');
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
for (const w of workloads) {
  if (only && !w.name.includes(only)) continue;
  const results: RunResult[] = [];
  for (let r = 0; r < (quick ? 1 : w.runs); r++) results.push(await runOnce(w));
  console.log(
    `${w.name.padEnd(40)} nodes=${w.nodes} initPods=${w.initPods} measurePods=${w.measurePods}  ` +
      `scheduled ${fmt(median(results.map((x) => x.scheduledPerSec)))} pods/s, bound ${fmt(median(results.map((x) => x.boundPerSec)))} pods/s ` +
      `(created beforehand at ${fmt(median(results.map((x) => x.createPerSec)))}/s; ` +
      `reference task ${median(results.map((x) => x.refMs)).toFixed(0)} ms, ${median(results.map((x) => (x.boundPerSec * x.refMs) / 1000)).toFixed(1)} pods bound per reference task)`,
  );
}
