/**
 * Measures what a person waits for at the prompt: `kubesim get pods` over 100 pods and `kubesim apply -f` of a
 * 10-document file, each over 20 runs, next to a bare `node -e 0` measured in the same run.
 * Run with `npm run bench:cli`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InProcessClient } from '../src/client/in-process-client.js';
import { Pods } from '../src/client/resources.js';
import { bootstrapCluster } from '../src/registry/bootstrap.js';
import { Registry } from '../src/registry/registry.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

const RUNS = 20;
const PODS = 100;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'kubesim.js');
const home = mkdtempSync(join(tmpdir(), 'kubesim-cli-bench-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Wall time of one process, in milliseconds; fails loudly if the command fails. */
function time(args: string[], before?: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    before?.(i);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { env: { ...process.env, KUBESIM_HOME: home }, encoding: 'utf8' });
    out.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  }
  return out;
}

function deploymentDoc(i: number, revision: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  labels:
    revision: "${revision}"
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-${i}
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`;
}

async function main(): Promise<void> {
  const store = SqliteStore.open(join(home, 'state.db'));
  const registry = new Registry(store);
  await bootstrapCluster(registry);
  const client = new InProcessClient(registry);
  for (let i = 0; i < PODS; i++) {
    await client.resource(Pods).namespace('default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, labels: { app: 'bench' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    });
  }
  await store.close();

  const file = join(home, 'ten.yaml');
  const node = median(time(['-e', '0']));
  const get = median(time([bin, 'get', 'pods']));
  // Every run changes the documents, so each apply reads, diffs and patches all ten objects ("configured").
  const apply = median(time([bin, 'apply', '-f', file], (i) => writeFileSync(file, Array.from({ length: 10 }, (_, d) => deploymentDoc(d, i)).join('---\n'))));

  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`kubesim CLI benchmark (node ${process.version}, median of ${RUNS} runs each)`);
  console.log(`node -e 0:                              ${fmt(node)}`);
  console.log(`kubesim get pods (${PODS} pods):            ${fmt(get)}  (${(get / node).toFixed(1)}x node -e 0; target < 120 ms)`);
  console.log(`kubesim apply -f (10 documents):        ${fmt(apply)}  (${(apply / node).toFixed(1)}x node -e 0)`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(home, { recursive: true, force: true }));
