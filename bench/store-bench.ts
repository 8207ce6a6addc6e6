/**
 * Measures the SQLite store against the targets its design promises (10k single-object writes/s,
 * fast lists over 100k objects, p99 watch delivery under 20 ms across processes) and against raw
 * better-sqlite3, so a regression in the store's own logic shows as a falling ratio.
 * Run with `npm run bench:store` (`-- --ops [--quick] [--watches=0,10,100]` for the per-operation costs through the Client alone).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteStore, type TxnOp } from '../src/store/index.js';
import { benchClientOps } from './store-ops-bench.js';

const WRITE_OBJECTS = 20_000;
const WRITE_RUNS = 5;
const LIST_OBJECTS = 100_000;
const LIST_RUNS = 5;
const PAGE_SIZE = 500;
const WATCH_PACED_EVENTS = 3_000;
const WATCH_BURST_EVENTS = 5_000;

const dir = mkdtempSync(join(tmpdir(), 'kubesim-store-bench-'));
let files = 0;
const nextFile = () => join(dir, `bench-${++files}.db`);
const wallNow = () => performance.timeOrigin + performance.now();

/** A pod-like JSON object of about 1 KB. */
function podJson(i: number): string {
  const name = `pod-${i}`;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { app: 'bench', tier: 'backend', index: String(i) },
      annotations: { 'kubesim.io/note': 'n'.repeat(300) },
      creationTimestamp: '2024-01-01T00:00:00Z',
    },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      nodeName: `node-${i % 10}`,
    },
    status: { phase: 'Running', podIP: `10.0.${(i >> 8) & 255}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }] },
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

/** Creates every object, then updates each once against its mod revision; both as objects per second. */
async function storeWriteRates(values: string[]): Promise<{ creates: number; updates: number }> {
  const store = SqliteStore.open(nextFile());
  const revisions: number[] = [];
  let start = performance.now();
  for (let i = 0; i < values.length; i++) revisions.push((await store.create(`/registry/pods/default/pod-${i}`, values[i]!)).modRevision);
  const creates = values.length / ((performance.now() - start) / 1000);
  start = performance.now();
  for (let i = 0; i < values.length; i++) await store.update(`/registry/pods/default/pod-${i}`, values[i]!, revisions[i]!);
  const updates = values.length / ((performance.now() - start) / 1000);
  await store.close();
  return { creates, updates };
}

/** The same rows, one transaction each, straight into the same table layout with the same settings. */
function rawWriteRate(values: string[]): number {
  const db = new Database(nextFile(), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE kine (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created INTEGER NOT NULL,
             deleted INTEGER NOT NULL, create_revision INTEGER NOT NULL, prev_revision INTEGER NOT NULL,
             lease INTEGER NOT NULL DEFAULT 0, value TEXT NOT NULL, old_value TEXT);
           CREATE INDEX kine_name_id_index ON kine (name, id);
           CREATE UNIQUE INDEX kine_name_prev_revision_uindex ON kine (name, prev_revision);`);
  const insert = db.prepare('INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value) VALUES (?, 1, 0, 0, 0, ?)');
  const one = db.transaction((name: string, value: string) => insert.run(name, value));
  const start = performance.now();
  for (let i = 0; i < values.length; i++) one.immediate(`/registry/pods/default/pod-${i}`, values[i]!);
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return values.length / seconds;
}

async function benchWrites(): Promise<void> {
  const values = Array.from({ length: WRITE_OBJECTS }, (_, i) => podJson(i));
  const avgBytes = values.reduce((n, v) => n + v.length, 0) / values.length;
  const creates: number[] = [];
  const updates: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < WRITE_RUNS; run++) {
    const rates = await storeWriteRates(values);
    creates.push(rates.creates);
    updates.push(rates.updates);
    raw.push(rawWriteRate(values));
  }
  const c = median(creates);
  const r = median(raw);
  console.log(
    `writes/s (1 txn per object, ${fmt(WRITE_OBJECTS)} objects of ~${fmt(avgBytes)} B, median of ${WRITE_RUNS}): ${fmt(c)}  ` +
      `(raw sqlite insert: ${fmt(r)}/s, ratio ${(c / r).toFixed(2)})`,
  );
  console.log(`updates/s (compare-and-swap on mod revision, 1 txn per object, median of ${WRITE_RUNS}): ${fmt(median(updates))}`);
}

async function timeMedian(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

async function benchLists(): Promise<void> {
  const store = SqliteStore.open(nextFile());
  const batch = 1000;
  for (let i = 0; i < LIST_OBJECTS; i += batch) {
    const ops: TxnOp[] = [];
    for (let j = i; j < i + batch; j++) ops.push({ type: 'create', key: `/registry/pods/ns-${j % 20}/pod-${j}`, value: podJson(j) });
    await store.txn(ops);
  }
  // A few hundred updates so some keys have history, as a live cluster's do.
  for (let j = 0; j < 500; j++) {
    const key = `/registry/pods/ns-${j % 20}/pod-${j}`;
    const kv = (await store.get(key))!;
    await store.update(key, podJson(j), kv.modRevision);
  }
  const prefix = '/registry/pods/';
  const full = await timeMedian(LIST_RUNS, async () => {
    const r = await store.list(prefix);
    if (r.items.length !== LIST_OBJECTS) throw new Error(`listed ${r.items.length}`);
  });
  const firstPage = await timeMedian(LIST_RUNS * 4, () => store.list(prefix, { limit: PAGE_SIZE }));
  const oneNamespace = await timeMedian(LIST_RUNS * 4, () => store.list(`${prefix}ns-7/`));
  const pagedThrough = await timeMedian(3, async () => {
    let token: string | undefined;
    let n = 0;
    do {
      const page = await store.list(prefix, { limit: PAGE_SIZE, continue: token });
      n += page.items.length;
      token = page.continue;
    } while (token);
    if (n !== LIST_OBJECTS) throw new Error(`paged ${n}`);
  });
  const count = await timeMedian(LIST_RUNS, () => store.count(prefix));
  await store.close();
  console.log(`list ${fmt(LIST_OBJECTS)} objects (full, median of ${LIST_RUNS}): ${ms(full)}`);
  console.log(`list first page of ${PAGE_SIZE} of ${fmt(LIST_OBJECTS)} (median of ${LIST_RUNS * 4}): ${ms(firstPage)}`);
  console.log(`list one namespace of ${fmt(LIST_OBJECTS / 20)} (median of ${LIST_RUNS * 4}): ${ms(oneNamespace)}`);
  console.log(`list all ${fmt(LIST_OBJECTS)} in pages of ${PAGE_SIZE} with continue (median of 3): ${ms(pagedThrough)}`);
  console.log(`count ${fmt(LIST_OBJECTS)} objects (median of ${LIST_RUNS}): ${ms(count)}`);
}

/** Starts the writer process, watches its writes here and returns each event's write-to-delivery time. */
async function watchLatencies(file: string, prefix: string, count: number, gapMs: number): Promise<number[]> {
  const store = SqliteStore.open(file);
  const latencies: number[] = [];
  const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'store-bench-child.js'), file, prefix, String(count), String(gapMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('ready\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`bench child exited (${code}) before it was ready`)));
  });
  const all = new Promise<void>((resolve, reject) => {
    const watch = store.watch(
      prefix,
      { afterRevision: 0 },
      (events) => {
        const now = wallNow();
        for (const e of events) latencies.push(now - (JSON.parse(e.kv.value) as { t: number }).t);
        if (latencies.length >= count) {
          watch.stop();
          resolve();
        }
      },
      reject,
    );
  });
  child.stdin.write('go\n');
  await all;
  const code = await exited;
  await store.close();
  if (code !== 0) throw new Error(`bench child exited with ${code}`);
  return latencies.sort((a, b) => a - b);
}

async function benchWatch(): Promise<void> {
  const file = nextFile();
  await SqliteStore.open(file).close();
  for (const [label, count, gap] of [
    [`${fmt(WATCH_PACED_EVENTS)} events, ~1 per ms`, WATCH_PACED_EVENTS, 1],
    [`burst of ${fmt(WATCH_BURST_EVENTS)} back to back`, WATCH_BURST_EVENTS, 0],
  ] as const) {
    const lat = await watchLatencies(file, `/bench/${gap}/`, count, gap);
    console.log(
      `watch delivery across processes (${label}): p50 ${ms(percentile(lat, 50))}, p99 ${ms(percentile(lat, 99))}, max ${ms(lat[lat.length - 1]!)}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`kubesim store benchmark (node ${process.version}, better-sqlite3 SQLite ${new Database(':memory:').prepare('select sqlite_version() v').pluck().get()})`);
  try {
    // `-- --ops` runs only the per-operation costs through the Client (the write and watch path of every pod).
    if (process.argv.includes('--ops')) {
      await benchClientOps(nextFile, process.argv.includes('--quick'));
      return;
    }
    await benchWrites();
    await benchLists();
    await benchWatch();
    await benchClientOps(nextFile, process.argv.includes('--quick'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
