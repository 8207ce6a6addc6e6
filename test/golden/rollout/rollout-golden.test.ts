/**
 * `scale`, `rollout` and `set` against real kubectl 1.32: every case of cases.json was run by /usr/bin/kubectl
 * against a fake API server holding fixtures/objects.json (capture.mjs); here kubesim runs the same command line,
 * in process, with the same objects in a fresh cluster, and must print the same bytes, exit the same way and send
 * the same patches (out/<case>.requests). Repeated watch lines are compared once: the fake server re-sends the
 * object every 300 ms.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gvrForObject } from '../../../src/api/group-version.js';
import type { KubeObject } from '../../../src/api/object.js';
import type { Client, ResourceOps } from '../../../src/client/client.js';
import type { CliDeps } from '../../../src/cli/context.js';
import { main } from '../../../src/cli/main.js';
import { openCluster, type OpenCluster } from '../../../src/cluster/open-cluster.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  name: string;
  args: string[];
  exitCode: number;
}

const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8')) as Case[];
const objects = JSON.parse(readFileSync(join(here, 'fixtures', 'objects.json'), 'utf8')) as KubeObject[];
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const golden = (name: string, ext: string) => {
  const path = join(here, 'out', `${slug(name)}.${ext}`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};
const dedupe = (s: string) => s.split('\n').filter((l, i, a) => i === 0 || l !== a[i - 1]).join('\n');

/** The writes kubectl sent, as content type and parsed body (URLs differ in query parameters kubesim has no use for). */
function goldenWrites(name: string): Array<{ type: string; body: unknown }> {
  const text = golden(name, 'requests');
  if (!text) return [];
  return text
    .split(/\n(?=(?:PATCH|PUT|POST) )/)
    .map((block) => block.split('\n'))
    .filter((lines) => /^(PATCH|PUT) /.test(lines[0]!))
    .map((lines) => ({ type: lines[1] || 'application/json', body: JSON.parse(lines[2]!) }));
}

/** Loads the fixtures into a cluster: uids are the registry's, so owner references are rewritten to them. */
async function loadFixtures(client: Client): Promise<void> {
  const uids = new Map<string, string>();
  for (const o of objects) {
    const { status, ...rest } = structuredClone(o);
    const meta = { ...rest.metadata };
    const oldUid = meta.uid!;
    delete meta.uid;
    delete meta.resourceVersion;
    delete meta.generation;
    delete meta.creationTimestamp;
    if (meta.ownerReferences) meta.ownerReferences = meta.ownerReferences.map((r) => ({ ...r, uid: uids.get(r.uid) ?? r.uid }));
    const ops = client.resource(gvrForObject(o)).namespace(o.metadata.namespace!);
    const created = await ops.create({ ...rest, metadata: meta });
    uids.set(oldUid, created.metadata.uid!);
    if (status) await ops.updateStatus({ ...created, status });
  }
}

interface Write {
  type: string;
  body: unknown;
}

/** Records the writes commands send through the client. */
function recording(client: Client, writes: Write[]): Client {
  const wrap = (ops: ResourceOps): ResourceOps => ({
    ...ops,
    patch: (name, type, patch, opts) => {
      writes.push({ type, body: patch });
      return ops.patch(name, type, patch, opts);
    },
    updateSubresource: (name, sub, obj, opts) => {
      writes.push({ type: '', body: obj });
      return ops.updateSubresource(name, sub, obj, opts);
    },
  });
  return { resource: (gvr) => ({ ...wrap(client.resource(gvr)), namespace: (ns: string) => wrap(client.resource(gvr).namespace(ns)) }) };
}

let home: string;
let cluster: OpenCluster;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-rollout-golden-'));
  cluster = await openCluster(home);
  await loadFixtures(cluster.client);
});

afterEach(async () => {
  await cluster.close();
  rmSync(home, { recursive: true, force: true });
});

async function kubesim(c: Case, writes: Write[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const deps: CliDeps = {
    out: { write: (s) => void (stdout += s) },
    err: { write: (s) => void (stderr += s) },
    env: { HOME: home, KUBESIM_HOME: home },
    now: () => new Date(),
    stdin: () => '',
    openCluster: async () => ({ home: cluster.home, client: recording(cluster.client, writes), close: async () => {} }),
  };
  const code = await main(c.args, deps);
  return { code, stdout, stderr };
}

describe('scale, rollout and set print what kubectl 1.32 prints', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const writes: Write[] = [];
    const r = await kubesim(c, writes);
    expect({ code: r.code, stdout: dedupe(r.stdout), stderr: r.stderr }).toEqual({ code: c.exitCode, stdout: dedupe(golden(c.name, 'stdout')), stderr: golden(c.name, 'stderr') });
    const expected = goldenWrites(c.name);
    // A Scale PUT is compared by its spec (metadata is the server's).
    // restartedAt is the time of the run.
    const shape = (w: Write) =>
      w.type === '' || w.type === 'application/json' ? { spec: (w.body as { spec?: unknown }).spec } : JSON.parse(JSON.stringify(w).replace(/("kubectl\.kubernetes\.io\/restartedAt":)"[^"]*"/g, '$1"<now>"'));
    expect(writes.map(shape)).toEqual(expected.map(shape));
  });
});
