import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/object.js';
import { InProcessClient } from '../../client/in-process-client.js';
import { Events, Nodes, Pods } from '../../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../../registry/test-registry.js';
import { realClock } from '../../util/clock.js';
import { memoryLogger } from '../../util/logger.js';
import { StaticPods } from './static-pods.js';

const seeds = new URL('../../../test/fixtures/seeds/', import.meta.url);
const seedText = (name: string) => readFileSync(new URL(name, seeds), 'utf8').replace(/^(#.*\n)+/, '');

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let t: TestRegistry;
let client: InProcessClient;
let home: string;
let manifests: string;
let staticPods: StaticPods;
let running: KubeObject[];
const log = memoryLogger(realClock);

const getPod = (name: string) => client.resource(Pods).namespace('default').get(name).catch(() => undefined);

beforeEach(async () => {
  t = await newTestRegistry();
  client = new InProcessClient(t.registry);
  await client.resource(Nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' } });
  home = mkdtempSync(join(tmpdir(), 'kubesim-static-pods-'));
  const nodeDir = join(home, 'nodes', 'node01');
  manifests = join(nodeDir, 'etc/kubernetes/manifests');
  mkdirSync(manifests, { recursive: true });
  mkdirSync(join(nodeDir, 'var/lib/kubelet'), { recursive: true });
  writeFileSync(
    join(nodeDir, 'var/lib/kubelet/config.yaml'),
    'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nstaticPodPath: /etc/kubernetes/manifests\n',
  );
  running = [];
  staticPods = new StaticPods({ nodeName: 'node01', nodeDir, client, clock: realClock, log, onPods: (pods) => (running = pods), debounceMs: 60 });
});

afterEach(async () => {
  await staticPods.stop();
  await t.close();
  rmSync(home, { recursive: true, force: true });
});

describe('a file in the static pod folder becomes a pod the kubelet runs and a mirror pod in the API', () => {
  it("shows the seed's static-web as static-web-node01, keeps it through a delete, and follows edits and removal", async () => {
    writeFileSync(join(manifests, 'static-pod.yaml'), seedText('pod-static-web.yaml'));
    await staticPods.start();
    expect(running.map((p) => p.metadata.name)).toEqual(['static-web-node01']);
    await until('the mirror pod exists', async () => !!(await getPod('static-web-node01')));
    const mirror = (await getPod('static-web-node01'))!;
    expect(mirror.metadata.annotations!['kubernetes.io/config.mirror']).toBe(running[0]!.metadata.uid);
    expect(mirror.metadata.annotations!['kubernetes.io/config.source']).toBe('file');

    // kubectl delete pod static-web-node01: the static pod keeps running and its mirror comes back.
    await client.resource(Pods).namespace('default').delete('static-web-node01');
    await until('the mirror is back', async () => {
      const p = await getPod('static-web-node01');
      return !!p && p.metadata.uid !== mirror.metadata.uid && !p.metadata.deletionTimestamp;
    });
    expect(running.map((p) => p.metadata.uid)).toEqual([mirror.metadata.annotations!['kubernetes.io/config.mirror']]);

    writeFileSync(join(manifests, 'static-pod.yaml'), seedText('pod-static-web.yaml').replace('image: nginx', 'image: nginx:1.27'));
    await until('the mirror shows the edit', async () => {
      const p = await getPod('static-web-node01');
      return (p?.spec as { containers: { image: string }[] } | undefined)?.containers[0]!.image === 'nginx:1.27';
    });

    rmSync(join(manifests, 'static-pod.yaml'));
    await until('the mirror is gone', async () => !(await getPod('static-web-node01')));
    expect(running).toEqual([]);
  });

  it("records the seed's missing-colon manifest as a Warning event on the Node while the other static pods run", async () => {
    writeFileSync(join(manifests, 'static-pod.yaml'), seedText('pod-static-web-missing-colon.yaml'));
    writeFileSync(join(manifests, 'other.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: other\nspec:\n  containers:\n  - name: c\n    image: busybox\n');
    await staticPods.start();
    await until('the other mirror exists', async () => !!(await getPod('other-node01')));
    await until('the event is recorded', async () => (await client.resource(Events).namespace('default').list()).items.length === 1);
    const [event] = (await client.resource(Events).namespace('default').list()).items;
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'FailedValidation',
      involvedObject: { kind: 'Node', name: 'node01' },
      message: `Could not process manifest file "/etc/kubernetes/manifests/static-pod.yaml": couldn't parse as pod(yaml: line 4: could not find expected ':'), please check config file`,
    });
    expect(await getPod('static-web-node01')).toBeUndefined();

    writeFileSync(join(manifests, 'static-pod.yaml'), seedText('pod-static-web.yaml'));
    await until('the fixed manifest has its mirror', async () => !!(await getPod('static-web-node01')));
  });
});
