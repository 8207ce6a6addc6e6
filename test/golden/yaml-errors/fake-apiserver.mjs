// A minimal API server for capturing what the real kubectl does client-side: discovery for the kinds the cases
// use, OpenAPI v3 documents that advertise fieldValidation (so kubectl 1.32 leaves field checks to the server and
// only checks apiVersion/kind itself, as against a real cluster), and 404 for every object (apply then creates).
import { createServer } from 'node:http';

const kinds = [
  ['', 'v1', 'pods', 'Pod', true],
  ['', 'v1', 'configmaps', 'ConfigMap', true],
  ['', 'v1', 'secrets', 'Secret', true],
  ['', 'v1', 'services', 'Service', true],
  ['', 'v1', 'serviceaccounts', 'ServiceAccount', true],
  ['', 'v1', 'namespaces', 'Namespace', false],
  ['apps', 'v1', 'deployments', 'Deployment', true],
  ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
  ['apps', 'v1', 'replicasets', 'ReplicaSet', true],
  ['autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true],
  ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false],
  ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false],
];

function routes() {
  const r = {
    '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] },
    '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
    '/openapi/v3': { paths: {} },
    '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  };
  for (const [g, v, plural, kind, namespaced] of kinds) {
    const gv = g ? `apis/${g}/${v}` : `api/${v}`;
    if (g && !r['/apis'].groups.some((x) => x.name === g)) {
      const version = { groupVersion: `${g}/${v}`, version: v };
      r['/apis'].groups.push({ name: g, versions: [version], preferredVersion: version });
    }
    (r[`/${gv}`] ??= { kind: 'APIResourceList', groupVersion: g ? `${g}/${v}` : v, resources: [] }).resources.push({
      name: plural,
      singularName: kind.toLowerCase(),
      namespaced,
      kind,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    });
    r['/openapi/v3'].paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=0` };
    const doc = (r[`/openapi/v3/${gv}`] ??= { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {} });
    const path = namespaced ? `/${gv}/namespaces/{namespace}/${plural}/{name}` : `/${gv}/${plural}/{name}`;
    doc.paths[path] = { patch: { 'x-kubernetes-group-version-kind': { group: g, version: v, kind }, parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string' } }], responses: {} } };
  }
  return r;
}

/** Starts the server on a free port; resolves to { url, close }. */
export function startFakeApiServer() {
  const table = routes();
  const server = createServer((req, res) => {
    const body = table[req.url.split('?')[0]];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'not found', reason: 'NotFound', code: 404 }));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }));
  });
}
