#!/usr/bin/env node
/**
 * Captures the goldens of this folder from real kubectl 1.32: runs every case of cases.json with /usr/bin/kubectl
 * (cwd files/), against a small fake API server that serves discovery from kubesim's kinds table and the objects of
 * fixtures/objects.json (what `expose` reads), and writes out/<slug>.stdout, out/<slug>.stderr and each case's exit
 * status into cases.json. Needs `npm run build` first (it reads dist/src/api/kinds.js). See README.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const { kinds } = await import(join(root, 'dist', 'src', 'api', 'kinds.js'));
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));
const objects = JSON.parse(readFileSync(join(here, 'fixtures', 'objects.json'), 'utf8'));
const kubectl = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** The file name of a case: its sentence, lowercased, non-alphanumerics as dashes. */
export const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const groups = [...new Set(kinds.filter((k) => k.group).map((k) => k.group))];
const resourceList = (gv, ks) => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: gv,
  resources: ks.flatMap((k) => [
    { name: k.plural, singularName: k.singular, namespaced: k.namespaced, kind: k.kind, verbs: [...k.verbs], ...(k.shortNames.length ? { shortNames: [...k.shortNames] } : {}), ...(k.categories.length ? { categories: [...k.categories] } : {}) },
    ...k.subresources.map((s) => ({ name: `${k.plural}/${s}`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: ['get', 'patch', 'update'] })),
  ]),
});
const routes = new Map([
  ['/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] }],
  ['/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => { const vs = kinds.find((k) => k.group === g).versions; return { name: g, versions: vs.map((v) => ({ groupVersion: `${g}/${v}`, version: v })), preferredVersion: { groupVersion: `${g}/${vs[0]}`, version: vs[0] } }; }) }],
  ['/api/v1', resourceList('v1', kinds.filter((k) => !k.group))],
]);
for (const g of groups) for (const v of kinds.find((k) => k.group === g).versions) routes.set(`/apis/${g}/${v}`, resourceList(`${g}/${v}`, kinds.filter((k) => k.group === g && k.versions.includes(v))));
for (const o of objects) {
  const k = kinds.find((x) => x.kind === o.kind && (x.group ? `${x.group}/${x.versions[0]}` : x.versions[0]) === o.apiVersion);
  const base = k.group ? `/apis/${k.group}/${k.versions[0]}` : '/api/v1';
  routes.set(`${base}/namespaces/${o.metadata.namespace}/${k.plural}/${o.metadata.name}`, o);
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const body = routes.get(path);
  if (req.method === 'GET' && body) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return;
  }
  const m = path.match(/^\/(?:api|apis\/[^/]+)\/[^/]+\/namespaces\/[^/]+\/([^/]+)\/([^/]+)$/);
  const status = m
    ? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${m[1]} "${m[2]}" not found`, reason: 'NotFound', details: { name: m[2], kind: m[1] }, code: 404 }
    : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 };
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(status));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

const work = mkdtempSync(join(tmpdir(), 'kubesim-capture-'));
const kubeconfig = join(work, 'kubeconfig');
writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: http://127.0.0.1:${port}\n  name: capture\ncontexts:\n- context:\n    cluster: capture\n    user: capture\n  name: capture\ncurrent-context: capture\nusers:\n- name: capture\n  user: {}\n`);

const out = join(here, 'out');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) unlinkSync(join(out, f));
try {
  for (const c of cases) {
    // The fake server lives in this process: kubectl must run without blocking its event loop.
    const r = await new Promise((resolve) => {
      const child = spawn(kubectl, [`--cache-dir=${join(work, 'cache')}`, ...c.args], {
        cwd: join(here, 'files'),
        env: { PATH: process.env.PATH, HOME: work, KUBECONFIG: kubeconfig, ...(c.env ?? {}) },
      });
      const stdout = [];
      const stderr = [];
      child.stdout.on('data', (d) => stdout.push(d));
      child.stderr.on('data', (d) => stderr.push(d));
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }));
    });
    c.exitCode = r.code;
    if (r.stdout.length) writeFileSync(join(out, `${slug(c.name)}.stdout`), r.stdout);
    if (r.stderr.length) writeFileSync(join(out, `${slug(c.name)}.stderr`), r.stderr);
    process.stdout.write(`${r.code} ${c.name}\n`);
  }
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(here, 'cases.json'), `${JSON.stringify(cases, null, 1)}\n`);
