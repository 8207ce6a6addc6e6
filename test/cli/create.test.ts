/** `kubesim create` end to end: the compiled binary creates objects that are then read back from the cluster's store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/api/object.js';
import { openCluster } from '../../src/cluster/open-cluster.js';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

const files = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'generators', 'files');

let home: string;
beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-create-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Reads one object from the cluster the binary wrote, as any component would. */
async function read(group: string, version: string, resource: string, name: string, namespace?: string): Promise<KubeObject> {
  const cluster = await openCluster(home);
  try {
    const res = cluster.client.resource({ group, version, resource });
    return await (namespace ? res.namespace(namespace) : res).get(name);
  } finally {
    await cluster.close();
  }
}

async function count(group: string, version: string, resource: string, namespace: string): Promise<number> {
  const cluster = await openCluster(home);
  try {
    return (await cluster.client.resource({ group, version, resource }).namespace(namespace).list()).items.length;
  } finally {
    await cluster.close();
  }
}

describe('kubesim create <generator>', () => {
  it('creates a deployment the store then holds with kubectl-create as its field manager and the server defaults', async () => {
    expect(kubesim(home, ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80'])).toEqual({ code: 0, stdout: 'deployment.apps/web created\n', stderr: '' });
    const d = await read('apps', 'v1', 'deployments', 'web', 'default');
    expect(d.metadata.labels).toEqual({ app: 'web' });
    expect(d.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate' },
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
    });
  });

  it('reports an existing deployment as kubectl does, wrapped in "failed to create deployment"', () => {
    expect(kubesim(home, ['create', 'deployment', 'web', '--image=nginx']).code).toBe(0);
    expect(kubesim(home, ['create', 'deployment', 'web', '--image=nginx'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n',
    });
  });

  it.each([
    [['create', 'namespace', 'Bad_Name'], 'The Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')\n'],
    [['create', 'role', 'r', '--verb=get', '--resource=pods', '-n', 'nope'], 'Error from server (NotFound): namespaces "nope" not found\n'],
    [['create', 'configmap', 'c', '--from-literal=a=b', '-n', 'nope'], 'error: failed to create configmap: namespaces "nope" not found\n'],
  ])('refuses %j with the server error', (args, stderr) => {
    expect(kubesim(home, args)).toEqual({ code: 1, stdout: '', stderr });
  });

  it('stores a config map from a folder with text in data and binary files in binaryData', async () => {
    expect(kubesim(home, ['create', 'configmap', 'game', `--from-file=${join(files, 'dir')}`, '--from-literal=mode=easy'])).toEqual({ code: 0, stdout: 'configmap/game created\n', stderr: '' });
    const cm = await read('', 'v1', 'configmaps', 'game', 'default');
    expect(cm.data).toEqual({ 'a.txt': 'a=1\n', 'game.properties': 'hello\nworld\n', mode: 'easy' });
    expect(cm.binaryData).toEqual({ 'bin.dat': 'AAH/' });
  });

  it('stores a generic secret base64 encoded, with its type', async () => {
    expect(kubesim(home, ['create', 'secret', 'generic', 'db', '--from-literal=user=admin', '--from-literal=password=s3cr3t!', '--type=kubernetes.io/basic-auth']).code).toBe(0);
    const s = await read('', 'v1', 'secrets', 'db', 'default');
    expect(s.data).toEqual({ user: 'YWRtaW4=', password: 'czNjcjN0IQ==' });
    expect(s.type).toBe('kubernetes.io/basic-auth');
  });

  it('creates the RBAC objects of a service account drill in the namespace given with -n', async () => {
    for (const args of [
      ['create', 'namespace', 'ci'],
      ['create', 'serviceaccount', 'build-bot', '-n', 'ci'],
      ['create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods,deployments.apps', '-n', 'ci'],
      ['create', 'rolebinding', 'read-pods', '--role=pod-reader', '--serviceaccount=ci:build-bot', '-n', 'ci'],
      ['create', 'clusterrole', 'node-reader', '--verb=get', '--resource=nodes'],
      ['create', 'clusterrolebinding', 'read-nodes', '--clusterrole=node-reader', '--user=jane'],
    ]) {
      expect(kubesim(home, args)).toMatchObject({ code: 0, stderr: '' });
    }
    expect((await read('rbac.authorization.k8s.io', 'v1', 'roles', 'pod-reader', 'ci')).rules).toEqual([
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments'] },
    ]);
    expect((await read('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'read-pods', 'ci')).subjects).toEqual([{ kind: 'ServiceAccount', name: 'build-bot', namespace: 'ci' }]);
    expect((await read('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'read-nodes')).roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' });
    expect((await read('', 'v1', 'serviceaccounts', 'build-bot', 'ci')).metadata.namespace).toBe('ci');
  });

  it('creates a NodePort service the server gives a cluster IP and the requested node port', async () => {
    expect(kubesim(home, ['create', 'service', 'nodeport', 'web', '--tcp=80:8080', '--node-port=30080'])).toEqual({ code: 0, stdout: 'service/web created\n', stderr: '' });
    const svc = await read('', 'v1', 'services', 'web', 'default');
    expect(svc.spec).toMatchObject({ type: 'NodePort', selector: { app: 'web' }, ports: [{ name: '80-8080', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }] });
    expect((svc.spec as { clusterIP?: string }).clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('creates a job whose pod template never restarts', async () => {
    expect(kubesim(home, ['create', 'job', 'pi', '--image=perl:5.34.0', '-o', 'name', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(20)'])).toEqual({ code: 0, stdout: 'job.batch/pi\n', stderr: '' });
    const job = await read('batch', 'v1', 'jobs', 'pi', 'default');
    expect((job.spec as { template: { spec: unknown } }).template.spec).toMatchObject({ restartPolicy: 'Never', containers: [{ name: 'pi', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(20)'] }] });
  });

  it('validates on the server with --dry-run=server and stores nothing', async () => {
    expect(kubesim(home, ['create', 'deployment', 'web', '--image=nginx', '--dry-run=server'])).toEqual({ code: 0, stdout: 'deployment.apps/web created (server dry run)\n', stderr: '' });
    expect(kubesim(home, ['create', 'deployment', 'Bad', '--image=nginx', '--dry-run=server']).stderr).toMatch(/^error: failed to create deployment: Deployment.apps "Bad" is invalid: metadata.name: Invalid value: "Bad"/);
    expect(await count('apps', 'v1', 'deployments', 'default')).toBe(0);
  });

  it('prints the stored object with -o yaml, and --save-config stores the annotation apply reads', async () => {
    const r = kubesim(home, ['create', 'serviceaccount', 'bot', '--save-config', '-o', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    kubectl.kubernetes.io/last-applied-configuration: |\n      {"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"bot","creationTimestamp":null}}\n');
    expect(r.stdout).toMatch(/\n  resourceVersion: "\d+"\n  uid: /);
  });
});

describe('kubesim create -f', () => {
  it('creates every document, then reports each as existing naming the file', async () => {
    const file = join(files, 'deployment-and-namespace.yaml');
    expect(kubesim(home, ['create', '-f', file])).toEqual({ code: 0, stdout: 'deployment.apps/x created\nnamespace/ns1 created\n', stderr: '' });
    expect(kubesim(home, ['create', '-f', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (AlreadyExists): error when creating "${file}": deployments.apps "x" already exists\nError from server (AlreadyExists): error when creating "${file}": namespaces "ns1" already exists\n`,
    });
    expect((await read('apps', 'v1', 'deployments', 'x', 'default')).metadata.annotations).toBeUndefined();
  });

  it('leaves apply nothing to change after create --save-config', () => {
    const file = join(home, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: easy\n');
    expect(kubesim(home, ['create', '-f', file, '--save-config'])).toEqual({ code: 0, stdout: 'configmap/settings created\n', stderr: '' });
    expect(kubesim(home, ['apply', '-f', file])).toEqual({ code: 0, stdout: 'configmap/settings unchanged\n', stderr: '' });
  });

  it('reads from stdin', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n';
    expect(kubesim(home, ['create', '-f', '-', '-n', 'kube-system'], { stdin: pod })).toEqual({ code: 0, stdout: 'pod/p created\n', stderr: '' });
    expect((await read('', 'v1', 'pods', 'p', 'kube-system')).metadata.namespace).toBe('kube-system');
  });
});
