/**
 * Per-operation cost of the writes every pod costs (create, pods/binding, status patch and update, event create)
 * through the in-process Client, with 0, 10 and 100 watches open as in the daemon (unfiltered informers,
 * label-selector informers of controllers, kubelets' spec.nodeName informers), each measured until every watch
 * has its events; printed against a raw SQLite insert measured in the same run.
 */
import Database from 'better-sqlite3';
import type { KubeObject } from '../src/api/object.js';
import { PatchType } from '../src/api/request-options.js';
import { InProcessClient } from '../src/client/in-process-client.js';
import { Informer } from '../src/client/informer.js';
import { Events, Pods } from '../src/client/resources.js';
import { bootstrapCluster } from '../src/registry/bootstrap.js';
import { Registry } from '../src/registry/registry.js';
import { SqliteStore } from '../src/store/index.js';
import { realClock } from '../src/util/clock.js';

const NODES = 100;

/** JSON texts parsed and written, counted: steadier than time on a shared machine. */
const json = { parses: 0, stringifies: 0 };
const { parse, stringify } = JSON;
JSON.parse = ((...args: Parameters<typeof parse>) => {
  json.parses++;
  return parse(...args);
}) as typeof parse;
JSON.stringify = ((...args: Parameters<typeof stringify>) => {
  json.stringifies++;
  return stringify(...args);
}) as typeof stringify;
const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Watchers {
  /** Events delivered so far, over all watches. */
  delivered(): number;
  stop(): void;
}

/**
 * `count` watches on pods as in the daemon: 2 unfiltered (the controller manager's and the scheduler's informers), a
 * tenth by label (controllers' own selectors), the rest by spec.nodeName (kubelets).
 */
async function openWatchers(client: InProcessClient, count: number): Promise<Watchers> {
  let delivered = 0;
  const informers: Informer[] = [];
  for (let i = 0; i < count; i++) {
    const filter = watchKind(i, count) === 'all' ? {} : watchKind(i, count) === 'label' ? { labelSelector: `app=web-${i % 3}` } : { fieldSelector: `spec.nodeName=node-${i % NODES}` };
    const inf = new Informer({ client, resource: Pods, clock: realClock, ...filter });
    inf.addEventHandler({ onAdd: () => void delivered++, onUpdate: () => void delivered++, onDelete: () => void delivered++ });
    informers.push(inf);
  }
  await Promise.all(informers.map((i) => i.start()));
  return { delivered: () => delivered, stop: () => informers.forEach((i) => i.stop()) };
}

function watchKind(i: number, count: number): 'all' | 'label' | 'node' {
  return i < 2 ? 'all' : i < Math.max(3, count / 10) ? 'label' : 'node';
}

/** A pod as a ReplicaSet makes one: labels, owner, one container with requests. */
function newPod(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${i}`,
      labels: { app: `web-${i % 3}`, 'pod-template-hash': '5d8f7c9b4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b4', uid: '8a1f4c3e-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true }],
    },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
  };
}

function runningStatus(pod: KubeObject, i: number): Record<string, unknown> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const conds = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now }));
  return {
    ...(pod.status as object),
    phase: 'Running',
    hostIP: '172.18.0.2',
    podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
    podIPs: [{ ip: `10.244.${(i >> 8) & 255}.${i & 255}` }],
    startTime: now,
    conditions: conds,
    containerStatuses: [{ name: 'nginx', image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', containerID: `containerd://${i}`, ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } } }],
  };
}

interface Row {
  op: string;
  /** CPU µs per operation of each run (the machine is shared: CPU time is steadier than wall time). */
  cpu: number[];
  wall: number[];
  parses: number[];
  stringifies: number[];
}

interface Cost {
  cpu: number;
  wall: number;
  /** JSON.parse and JSON.stringify calls per operation. */
  parses: number;
  stringifies: number;
}

/** Runs `n` operations one at a time, letting watches deliver after each, and waits for every expected delivery. */
async function measure(n: number, watchers: Watchers, perOpDeliveries: number, op: (i: number) => Promise<unknown>): Promise<Cost> {
  const target = watchers.delivered() + n * perOpDeliveries;
  const { parses, stringifies } = json;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    await op(i);
    await yieldLoop();
  }
  const deadline = Date.now() + 60_000;
  while (watchers.delivered() < target) {
    if (Date.now() > deadline) throw new Error(`watch deliveries: ${watchers.delivered()} of ${target}`);
    await yieldLoop();
  }
  const used = process.cpuUsage(cpu);
  return {
    cpu: (used.user + used.system) / n,
    wall: ((performance.now() - start) * 1000) / n,
    parses: (json.parses - parses) / n,
    stringifies: (json.stringifies - stringifies) / n,
  };
}

/** CPU microseconds per raw SQLite insert in its own transaction, same settings as the store. */
function rawInsertUs(file: string, n: number, value: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created INTEGER NOT NULL,
             deleted INTEGER NOT NULL, create_revision INTEGER NOT NULL, prev_revision INTEGER NOT NULL,
             lease INTEGER NOT NULL DEFAULT 0, value TEXT NOT NULL, old_value TEXT);
           CREATE INDEX kine_name_id_index ON kine (name, id, deleted);
           CREATE UNIQUE INDEX kine_name_prev_revision_uindex ON kine (name, prev_revision);`);
  const insert = db.prepare('INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value) VALUES (?, 1, 0, 0, 0, ?)');
  const one = db.transaction((name: string) => insert.run(name, value));
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) one.immediate(`/registry/pods/default/pod-${i}`);
  const used = process.cpuUsage(cpu);
  db.close();
  return (used.user + used.system) / n;
}

/** One round: a fresh store, `watchCount` watches, then `n` pods through their writes. */
async function round(file: string, watchCount: number, n: number): Promise<Map<string, Cost>> {
  const store = SqliteStore.open(file);
  const registry = new Registry(store);
  await bootstrapCluster(registry);
  const client = new InProcessClient(registry);
  const watchers = await openWatchers(client, watchCount);
  const pods = client.resource(Pods).namespace('default');
  const events = client.resource(Events).namespace('default');
  // Deliveries each pod write makes: every unfiltered and matching-label watch, plus the node's kubelets once bound.
  const kinds = Array.from({ length: watchCount }, (_, w) => watchKind(w, watchCount));
  const unfiltered = kinds.filter((k) => k === 'all').length;
  const byLabel = (i: number) => kinds.filter((k, w) => k === 'label' && w % 3 === i % 3).length;
  const byNode = (i: number) => kinds.filter((k, w) => k === 'node' && w % NODES === i % NODES).length;
  const perPod = (bound: boolean) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += unfiltered + byLabel(i) + (bound ? byNode(i) : 0);
    return total / n;
  };
  const out = new Map<string, Cost>();
  const created: KubeObject[] = [];
  out.set('create pod', await measure(n, watchers, perPod(false), async (i) => created.push(await pods.create(newPod(i)))));
  out.set('pods/binding', await measure(n, watchers, perPod(true), (i) =>
    pods.createSubresource(`web-${i}`, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: `web-${i}` }, target: { kind: 'Node', name: `node-${i % NODES}` } } as never)));
  out.set('status strategic patch', await measure(n, watchers, perPod(true), (i) =>
    pods.patch(`web-${i}`, PatchType.StrategicMerge, { status: { conditions: [{ type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] } }, { subresource: 'status' })));
  out.set('status merge patch', await measure(n, watchers, perPod(true), (i) =>
    pods.patch(`web-${i}`, PatchType.Merge, { status: { hostIP: '172.18.0.2', phase: 'Pending', startTime: '2024-01-01T00:00:00Z' } }, { subresource: 'status' })));
  out.set('status update (PUT)', await measure(n, watchers, perPod(true), async (i) => {
    const pod = await pods.get(`web-${i}`);
    return pods.updateStatus({ ...pod, status: runningStatus(pod, i) });
  }));
  out.set('event create', await measure(n, watchers, 0, (i) =>
    events.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `web-${i}.${(1_700_000_000_000_000_000n + BigInt(i)).toString(16)}`, namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: `web-${i}`, uid: created[i]!.metadata.uid, apiVersion: 'v1' },
      reason: 'Pulled',
      message: 'Container image "nginx:1.27" already present on machine',
      source: { component: 'kubelet', host: `node-${i % NODES}` },
      firstTimestamp: '2024-01-01T00:00:00Z',
      lastTimestamp: '2024-01-01T00:00:00Z',
      count: 1,
      type: 'Normal',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: `node-${i % NODES}`,
    } as never)));
  out.set('delete pod', await measure(n, watchers, perPod(true), (i) => pods.delete(`web-${i}`, { gracePeriodSeconds: 0 })));
  watchers.stop();
  await store.close();
  return out;
}

export async function benchClientOps(nextFile: () => string, quick: boolean): Promise<void> {
  const n = quick ? 300 : 1000;
  const runs = quick ? 1 : 3;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const sampleValue = JSON.stringify(newPod(0)).padEnd(2000, ' ');
  const raw: number[] = [];
  const rows = new Map<string, Row>();
  // Loading the schema, validators and patch metadata happens once per process: a warm-up round pays for it.
  await round(nextFile(), 10, 100);
  const only = process.argv.find((a) => a.startsWith('--watches='));
  const watchCounts = only ? only.slice('--watches='.length).split(',').map(Number) : [0, 10, 100];
  for (const watchCount of watchCounts) {
    for (let run = 0; run < runs; run++) {
      raw.push(rawInsertUs(nextFile(), n, sampleValue));
      for (const [op, cost] of await round(nextFile(), watchCount, n)) {
        const key = `${op} @${watchCount}`;
        if (!rows.has(key)) rows.set(key, { op: key, cpu: [], wall: [], parses: [], stringifies: [] });
        const row = rows.get(key)!;
        row.cpu.push(cost.cpu);
        row.wall.push(cost.wall);
        row.parses.push(cost.parses);
        row.stringifies.push(cost.stringifies);
      }
    }
  }
  const ref = median(raw);
  console.log(`per-operation cost through the in-process Client, watch deliveries included (${n} pods, median of ${runs}; raw sqlite insert txn: ${ref.toFixed(0)} CPU µs)`);
  console.log(`${'operation @watches'.padEnd(30)} ${'CPU µs/op'.padStart(10)} ${'x raw'.padStart(7)} ${'wall µs/op'.padStart(11)} ${'parses/op'.padStart(10)} ${'stringifies/op'.padStart(15)}`);
  for (const row of rows.values()) {
    const cpu = median(row.cpu);
    console.log(
      `${row.op.padEnd(30)} ${cpu.toFixed(0).padStart(10)} ${(cpu / ref).toFixed(1).padStart(7)} ${median(row.wall).toFixed(0).padStart(11)} ` +
        `${median(row.parses).toFixed(1).padStart(10)} ${median(row.stringifies).toFixed(1).padStart(15)}`,
    );
  }
}
