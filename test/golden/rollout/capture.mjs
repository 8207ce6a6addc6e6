#!/usr/bin/env node
/**
 * Captures what kubectl 1.32 prints for `scale`, `rollout` and `set` (and the patches it sends): runs every case of
 * cases.json with /usr/bin/kubectl against a small fake API server holding fixtures/objects.json (GET, LIST,
 * a WATCH that sends the current object, PATCH and PUT answered with the stored object), and writes
 * out/<slug>.stdout, .stderr and .requests (the writes kubectl sent). Needs `npm run build` first (it reads
 * dist/src/api/kinds.js).   node test/golden/rollout/capture.mjs
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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

export const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const groups = [...new Set(kinds.filter((k) => k.group).map((k) => k.group))];
const resourceList = (gv, ks) => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: gv,
  resources: ks.flatMap((k) => [
    { name: k.plural, singularName: k.singular, namespaced: k.namespaced, kind: k.kind, verbs: [...k.verbs], ...(k.shortNames.length ? { shortNames: [...k.shortNames] } : {}), ...(k.categories.length ? { categories: [...k.categories] } : {}) },
    ...k.subresources.map((s) => ({ name: `${k.plural}/${s}`, singularName: '', namespaced: k.namespaced, kind: s === 'scale' ? 'Scale' : k.kind, ...(s === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}), verbs: ['get', 'patch', 'update'] })),
  ]),
});
const discovery = new Map([
  ['/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] }],
  ['/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => { const vs = kinds.find((k) => k.group === g).versions; return { name: g, versions: vs.map((v) => ({ groupVersion: `${g}/${v}`, version: v })), preferredVersion: { groupVersion: `${g}/${vs[0]}`, version: vs[0] } }; }) }],
  ['/api/v1', resourceList('v1', kinds.filter((k) => !k.group))],
]);
for (const g of groups) for (const v of kinds.find((k) => k.group === g).versions) discovery.set(`/apis/${g}/${v}`, resourceList(`${g}/${v}`, kinds.filter((k) => k.group === g && k.versions.includes(v))));

const kindOfPlural = (plural) => kinds.find((k) => k.plural === plural);
const matchesSelector = (labels, sel) => !sel || sel.split(',').every((req) => { const [k, v] = req.split('='); return (labels ?? {})[k] === v; });

let requests = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  const send = (code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
  if (discovery.has(path)) return send(200, discovery.get(path));
  const m = path.match(/^\/(?:api|apis\/[^/]+)\/[^/]+\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/);
  if (!m) return send(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
  const [, ns, plural, name, sub] = m;
  const k = kindOfPlural(plural);
  const inNs = objects.filter((o) => o.kind === k?.kind && o.metadata.namespace === ns);
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    if (req.method !== 'GET') requests.push(`${req.method} ${path}${url.search}\n${req.headers['content-type'] ?? ''}\n${body}\n`);
    if (!name) {
      const fieldName = (url.searchParams.get('fieldSelector') ?? '').match(/metadata\.name=(.*)/)?.[1];
      const items = inNs.filter((o) => (!fieldName || o.metadata.name === fieldName) && matchesSelector(o.metadata.labels, url.searchParams.get('labelSelector')));
      if (url.searchParams.get('watch') === 'true') {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (const o of items) res.write(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
        setTimeout(() => res.end(), 300);
        return;
      }
      return send(200, { kind: `${k.kind}List`, apiVersion: k.group ? `${k.group}/${k.versions[0]}` : 'v1', metadata: { resourceVersion: '100' }, items });
    }
    const obj = inNs.find((o) => o.metadata.name === name);
    if (!obj) return send(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${k.group ? `${plural}.${k.group}` : plural} "${name}" not found`, reason: 'NotFound', details: { name, group: k.group, kind: plural }, code: 404 });
    if (sub === 'scale') {
      return send(200, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name, namespace: ns, resourceVersion: obj.metadata.resourceVersion, uid: obj.metadata.uid, creationTimestamp: obj.metadata.creationTimestamp }, spec: { replicas: obj.spec.replicas }, status: { replicas: obj.status?.replicas ?? 0, selector: 'app=web' } });
    }
    return send(200, obj);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

const work = mkdtempSync(join(tmpdir(), 'kubesim-capture-'));
const kubeconfig = join(work, 'kubeconfig');
writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: http://127.0.0.1:${port}\n  name: capture\ncontexts:\n- context:\n    cluster: capture\n    namespace: default\n    user: capture\n  name: capture\ncurrent-context: capture\nusers:\n- name: capture\n  user: {}\n`);

const out = join(here, 'out');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) unlinkSync(join(out, f));
try {
  for (const c of cases) {
    requests = [];
    const r = await new Promise((resolve) => {
      const child = spawn(kubectl, [`--cache-dir=${join(work, 'cache')}`, ...c.args], { env: { PATH: process.env.PATH, HOME: work, KUBECONFIG: kubeconfig, TZ: 'UTC' } });
      const stdout = [];
      const stderr = [];
      child.stdout.on('data', (d) => stdout.push(d));
      child.stderr.on('data', (d) => stderr.push(d));
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }));
    });
    c.exitCode = r.code;
    if (r.stdout.length) writeFileSync(join(out, `${slug(c.name)}.stdout`), r.stdout);
    if (r.stderr.length) writeFileSync(join(out, `${slug(c.name)}.stderr`), r.stderr);
    if (requests.length) writeFileSync(join(out, `${slug(c.name)}.requests`), requests.join('\n'));
    process.stdout.write(`${r.code} ${c.name}\n`);
  }
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(here, 'cases.json'), `${JSON.stringify(cases, null, 1)}\n`);
