import { readFileSync } from 'node:fs';
import type { KubeObject } from '../../api/object.js';
import { InProcessClient } from '../../client/in-process-client.js';
import { Events, Nodes, Pods } from '../../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../../registry/test-registry.js';
import { memoryLogger } from '../../util/logger.js';
import { decodeManifestFile } from './manifest-decoder.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { recordManifestError } from './manifest-error-event.js';
import { MirrorPods } from './mirror-pods.js';

const seeds = new URL('../../../test/fixtures/seeds/', import.meta.url);
const staticWeb = readFileSync(new URL('pod-static-web.yaml', seeds), 'utf8');

/** A static pod as the file source hands it out (decoded, with config.go's annotations). */
function staticPod(text: string, file = '/etc/kubernetes/manifests/static-pod.yaml'): KubeObject {
  const result = decodeManifestFile(text, { nodeName: 'node01', source: file });
  if (!('pod' in result)) throw new Error(result.error);
  const pod = result.pod;
  pod.metadata.annotations = { ...pod.metadata.annotations, 'kubernetes.io/config.seen': '2024-06-01T12:00:00.5Z', 'kubernetes.io/config.source': 'file' };
  return pod;
}
const web = (image: string) => staticPod(staticWeb.replace('image: nginx', `image: ${image}`));

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let t: TestRegistry;
let client: InProcessClient;
let mirrors: MirrorPods;
let log: ReturnType<typeof memoryLogger>;
let terminating: Set<string>;

const pods = () => client.resource(Pods).namespace('default');
const getPod = (name: string) => pods().get(name).catch(() => undefined);

beforeEach(async () => {
  t = await newTestRegistry();
  client = new InProcessClient(t.registry);
  log = memoryLogger(t.clock);
  terminating = new Set();
  await client.resource(Nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' } });
  mirrors = new MirrorPods({ client, nodeName: 'node01', clock: t.clock, log, isTerminating: (name) => terminating.has(name) });
  await mirrors.start();
});

afterEach(async () => {
  await mirrors.stop();
  await t.close();
});

describe('MirrorPods keeps a static pod visible in the API as its mirror pod', () => {
  it("creates static-web-node01 for the seed's static pod, marked as a mirror and owned by its Node", async () => {
    const pod = web('nginx');
    await mirrors.setStaticPods([pod]);
    const mirror = (await getPod('static-web-node01'))!;
    const node = await client.resource(Nodes).get('node01');
    expect(mirror.metadata.annotations).toEqual({
      'kubernetes.io/config.hash': pod.metadata.uid,
      'kubernetes.io/config.mirror': pod.metadata.uid,
      'kubernetes.io/config.seen': '2024-06-01T12:00:00.5Z',
      'kubernetes.io/config.source': 'file',
    });
    expect(mirror.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node01', uid: node.metadata.uid, controller: true }]);
    expect(mirror.metadata.uid).not.toBe(pod.metadata.uid);
    expect(mirror.metadata.labels).toEqual({ role: 'myrole' });
    expect((mirror.spec as { nodeName: string }).nodeName).toBe('node01');
    expect((mirror.spec as { tolerations: unknown[] }).tolerations).toEqual([{ operator: 'Exists', effect: 'NoExecute' }]);
  });

  it('puts the mirror back when it is deleted through the API, gracefully as kubectl does or with --force --grace-period=0', async () => {
    await mirrors.setStaticPods([web('nginx')]);
    const first = (await getPod('static-web-node01'))!;

    await pods().delete('static-web-node01');
    await until('a new mirror replaces the deleted one', async () => {
      const p = await getPod('static-web-node01');
      return !!p && p.metadata.uid !== first.metadata.uid && !p.metadata.deletionTimestamp;
    });
    const second = (await getPod('static-web-node01'))!;
    expect(log.lines).toContainEqual(expect.stringContaining(`"Trying to delete pod" pod="default/static-web-node01" podUID="${first.metadata.uid}"`));

    await pods().delete('static-web-node01', { gracePeriodSeconds: 0 });
    await until('the force-deleted mirror comes back', async () => {
      const p = await getPod('static-web-node01');
      return !!p && p.metadata.uid !== second.metadata.uid;
    });
  });

  it('replaces the mirror when the manifest changes, so the API shows the new spec', async () => {
    await mirrors.setStaticPods([web('nginx:1.25')]);
    const before = (await getPod('static-web-node01'))!;
    const edited = web('nginx:1.26');
    await mirrors.setStaticPods([edited]);
    const after = (await getPod('static-web-node01'))!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations!['kubernetes.io/config.mirror']).toBe(edited.metadata.uid);
    expect((after.spec as { containers: { image: string }[] }).containers[0]!.image).toBe('nginx:1.26');
    expect(log.lines).toContainEqual(expect.stringContaining('"Deleted mirror pod because it is outdated" pod="default/static-web-node01"'));
  });

  it('deletes the mirror once the static pod is gone and has finished terminating', async () => {
    await mirrors.setStaticPods([web('nginx')]);
    terminating.add('static-web-node01_default');
    await mirrors.setStaticPods([]);
    expect(await getPod('static-web-node01')).toBeDefined();
    terminating.clear();
    await mirrors.sync();
    expect(await getPod('static-web-node01')).toBeUndefined();
    expect(log.lines).toContainEqual(expect.stringContaining('"Deleted mirror pod" podName="static-web-node01_default"'));
  });

  it('deletes no mirror before it has been told which static pods run (a restarted kubelet keeps them)', async () => {
    await mirrors.setStaticPods([web('nginx')]);
    await mirrors.stop();
    const restarted = new MirrorPods({ client, nodeName: 'node01', clock: t.clock, log });
    await restarted.start();
    await restarted.sync();
    expect(await getPod('static-web-node01')).toBeDefined();
    await restarted.stop();
  });

  it('leaves a regular pod of the same name alone and logs why there is no mirror', async () => {
    await pods().create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'static-web-node01' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await mirrors.setStaticPods([web('nginx')]);
    const p = (await getPod('static-web-node01'))!;
    expect(p.metadata.annotations?.['kubernetes.io/config.mirror']).toBeUndefined();
    expect(log.lines).toContainEqual(expect.stringContaining(`"Failed creating a mirror pod for" err="pods \\"static-web-node01\\" already exists" pod="default/static-web-node01"`));
  });

  it.each([
    ['a service account', 'serviceAccountName: default\n  ', 'a mirror pod may not reference service accounts'],
    ['a secret volume', 'volumes:\n  - name: s\n    secret:\n      secretName: creds\n  ', 'a mirror pod may not reference secrets'],
    ['a config map volume', 'volumes:\n  - name: c\n    configMap:\n      name: settings\n  ', 'node \\"node01\\" can not create pods that reference configmaps'],
  ])('gets no mirror for a static pod referencing %s, as the API server refuses it', async (_what, specLines, why) => {
    await mirrors.setStaticPods([staticPod(staticWeb.replace('spec:\n  ', `spec:\n  ${specLines}`))]);
    expect(await getPod('static-web-node01')).toBeUndefined();
    expect(log.lines).toContainEqual(expect.stringContaining(`"Failed creating a mirror pod for" err="pods \\"static-web-node01\\" is forbidden: ${why}"`));
  });

  it('waits for its Node: no mirror before the node is registered, one at the next sync after', async () => {
    await client.resource(Nodes).delete('node01');
    await mirrors.setStaticPods([web('nginx')]);
    expect(await getPod('static-web-node01')).toBeUndefined();
    await client.resource(Nodes).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' } });
    await t.clock.advanceAsync(10_000);
    await until('the resync creates the mirror', async () => !!(await getPod('static-web-node01')));
  });
});

describe('manifest errors become Warning events on the Node', () => {
  it("records the seed's missing-colon error as the kubelet records its node events", async () => {
    const error = {
      path: '/etc/kubernetes/manifests/static-pod.yaml',
      error: "/etc/kubernetes/manifests/static-pod.yaml: couldn't parse as pod(yaml: line 4: could not find expected ':'), please check config file",
    };
    const recorder = new EventRecorder({ client, clock: t.clock, component: 'kubelet', host: 'node01', log });
    recordManifestError(recorder, 'node01', error);
    await recorder.flush();
    const [event] = (await client.resource(Events).namespace('default').list()).items;
    expect(event).toMatchObject({
      involvedObject: { kind: 'Node', name: 'node01', uid: 'node01' },
      reason: 'FailedValidation',
      type: 'Warning',
      message: `Could not process manifest file "/etc/kubernetes/manifests/static-pod.yaml": couldn't parse as pod(yaml: line 4: could not find expected ':'), please check config file`,
      source: { component: 'kubelet', host: 'node01' },
      count: 1,
    });
    expect(event!.metadata.name).toMatch(/^node01\.[0-9a-f]+$/);
    expect(log.lines.filter((l) => l.includes('rejected'))).toEqual([]);
  });
});
