#!/usr/bin/env node
/**
 * Captures the goldens of this folder from real kubectl 1.32: runs every case of cases.json with /usr/bin/kubectl
 * against a small fake API server that serves discovery from kubesim's kinds table and the OpenAPI v3 documents
 * kubesim builds (src/api/openapi-v3.ts) from its own schema, plus the Widget kind of widget.fixture.json, and
 * writes out/<slug>.stdout, out/<slug>.stderr and each case's exit status into cases.json. Needs `npm run build`
 * first (it reads dist/src/api/). See README.md.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const { kinds } = await import(join(root, 'dist', 'src', 'api', 'kinds.js'));
const { schemaDocument } = await import(join(root, 'dist', 'src', 'api', 'schema.js'));
const { groupVersionPath, openApiV3Document, openApiV3Index, servedResources } = await import(join(root, 'dist', 'src', 'api', 'openapi-v3.js'));
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));
const widget = JSON.parse(readFileSync(join(here, 'widget.fixture.json'), 'utf8'));
const kubectl = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** The file name of a case: its sentence, lowercased, non-alphanumerics as dashes. */
export const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// kubesim's kinds, and the Widget kind (enums, cycles, maps of objects: what kubesim's schema lacks).
const resources = [...servedResources(), ...widget.resources];
const schemas = { ...schemaDocument().components.schemas, ...widget.schemas };
const discovered = [
  ...kinds,
  ...widget.resources.map((r) => ({ ...r, versions: [r.version], singular: r.kind.toLowerCase(), categories: [], subresources: [], verbs: ['get', 'list'] })),
];

const groups = [...new Set(discovered.filter((k) => k.group).map((k) => k.group))];
const resourceList = (gv, ks) => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: gv,
  resources: ks.map((k) => ({ name: k.plural, singularName: k.singular, namespaced: k.namespaced, kind: k.kind, verbs: [...k.verbs], ...(k.shortNames.length ? { shortNames: [...k.shortNames] } : {}) })),
});
const routes = new Map([
  ['/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] }],
  ['/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => { const vs = discovered.find((k) => k.group === g).versions; return { name: g, versions: vs.map((v) => ({ groupVersion: `${g}/${v}`, version: v })), preferredVersion: { groupVersion: `${g}/${vs[0]}`, version: vs[0] } }; }) }],
  ['/api/v1', resourceList('v1', discovered.filter((k) => !k.group))],
]);
for (const g of groups) for (const v of discovered.find((k) => k.group === g).versions) routes.set(`/apis/${g}/${v}`, resourceList(`${g}/${v}`, discovered.filter((k) => k.group === g && k.versions.includes(v))));

// OpenAPI v3: one document per group-version, hashed as kube-openapi does (upper-case hex SHA-512 of the bytes).
const documents = new Map();
for (const r of resources) {
  const path = groupVersionPath(r.group, r.version);
  if (!documents.has(path)) documents.set(path, JSON.stringify(openApiV3Document(r.group, r.version, resources, schemas)));
}
const hashOf = (path) => createHash('sha512').update(documents.get(path)).digest('hex').toUpperCase();
routes.set('/openapi/v3', openApiV3Index(resources, hashOf));
for (const [path, text] of documents) routes.set(`/openapi/v3/${path}`, text);

const requests = [];
const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  requests.push(path);
  const body = routes.get(path);
  if (req.method === 'GET' && body !== undefined) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }));
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
    requests.length = 0;
    // The fake server lives in this process: kubectl must run without blocking its event loop.
    const r = await new Promise((resolve) => {
      const child = spawn(kubectl, [`--cache-dir=${join(work, 'cache')}`, ...c.args], {
        env: { PATH: process.env.PATH, HOME: work, KUBECONFIG: kubeconfig },
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
    if (process.env.VERBOSE) process.stdout.write(`  ${[...new Set(requests)].join(' ')}\n`);
  }
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(here, 'cases.json'), `${JSON.stringify(cases, null, 1)}\n`);
