/** `kubesim run` and `kubesim expose` end to end: the pods and services they create, read back from the store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/api/object.js';
import { openCluster } from '../../src/cluster/open-cluster.js';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

let home: string;
beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-run-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function read(resource: string, name: string, group = '', namespace = 'default'): Promise<KubeObject> {
  const cluster = await openCluster(home);
  try {
    return await cluster.client.resource({ group, version: 'v1', resource }).namespace(namespace).get(name);
  } finally {
    await cluster.close();
  }
}

describe('kubesim run', () => {
  it('creates a pod labelled run=NAME with its arguments, env and restart policy', async () => {
    expect(kubesim(home, ['run', 'sleeper', '--image=busybox', '--restart=Never', '--env=MODE=test', '--', 'sleep', '3600'])).toEqual({ code: 0, stdout: 'pod/sleeper created\n', stderr: '' });
    const pod = await read('pods', 'sleeper');
    expect(pod.metadata.labels).toEqual({ run: 'sleeper' });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', containers: [{ name: 'sleeper', image: 'busybox', args: ['sleep', '3600'], env: [{ name: 'MODE', value: 'test' }] }] });
  });

  it('writes a manifest that create -f then creates, as learners make static pods', async () => {
    const r = kubesim(home, ['run', 'static-web', '--image=nginx', '--port=80', '--dry-run=client', '-o', 'yaml']);
    expect(r.code).toBe(0);
    const file = join(home, 'static-web.yaml');
    writeFileSync(file, r.stdout);
    expect(kubesim(home, ['create', '-f', file])).toEqual({ code: 0, stdout: 'pod/static-web created\n', stderr: '' });
    expect((await read('pods', 'static-web')).spec).toMatchObject({ containers: [{ name: 'static-web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }] });
  });

  it('creates the pod and then a service selecting it with --expose, printing the service first', async () => {
    expect(kubesim(home, ['run', 'web', '--image=nginx', '--port=80', '--expose'])).toEqual({ code: 0, stdout: 'service/web created\npod/web created\n', stderr: '' });
    expect((await read('services', 'web')).spec).toMatchObject({ selector: { run: 'web' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
  });

  it.each([
    [['run', 'web', '--image=nginx'], 'Error from server (AlreadyExists): pods "web" already exists\n'],
    [['run', 'shell', '--image=busybox', '-it', '--', 'sh'], "error: kubesim run cannot attach to a container yet (-i, -t, --attach); run the pod without them\n"],
  ])('refuses %j', (args, stderr) => {
    expect(kubesim(home, ['run', 'web', '--image=nginx']).code).toBe(0);
    expect(kubesim(home, args)).toEqual({ code: 1, stdout: '', stderr });
  });
});

describe('kubesim expose', () => {
  beforeEach(() => {
    expect(kubesim(home, ['create', 'deployment', 'web', '--image=nginx', '--port=8080']).code).toBe(0);
  });

  it('creates a service with the deployment selector and its container port', async () => {
    expect(kubesim(home, ['expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--type=NodePort'])).toEqual({ code: 0, stdout: 'service/web exposed\n', stderr: '' });
    const svc = await read('services', 'web');
    expect(svc.metadata.labels).toEqual({ app: 'web' });
    expect(svc.spec).toMatchObject({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect((svc.spec as { ports: Array<{ nodePort?: number }> }).ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
  });

  it('exposes a service under another name, copying its ports', async () => {
    expect(kubesim(home, ['expose', 'deploy/web']).code).toBe(0);
    expect(kubesim(home, ['expose', 'svc', 'web', '--name=web-2', '-o', 'name'])).toEqual({ code: 0, stdout: 'service/web-2\n', stderr: '' });
    expect((await read('services', 'web-2')).spec).toMatchObject({ selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 8080 }] });
  });

  it.each([
    [['expose', 'deployment', 'nope', '--port=80'], 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    [['expose', 'deployment', 'web', '--port=80', '-n', 'other'], 'Error from server (NotFound): deployments.apps "web" not found\n'],
  ])('refuses %j', (args, stderr) => {
    expect(kubesim(home, args)).toEqual({ code: 1, stdout: '', stderr });
  });
});
