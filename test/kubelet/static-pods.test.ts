/** Static pods run by the kubelet, their status shown on the mirror pod. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pods } from '../../src/client/resources.js';
import { kubeletHarness, type KubeletHarness } from './harness.js';

let h: KubeletHarness;
afterEach(async () => h?.close());

const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: myrole
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - name: web
      containerPort: 80
      protocol: TCP
`;

describe('static pods', () => {
  it('a manifest in the static pod folder runs, and the mirror pod shows its status; deleting the mirror does not stop it', async () => {
    h = await kubeletHarness({ config: { staticPods: true } });
    const dir = join(h.nodeDir, 'etc', 'kubernetes', 'manifests');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'static-web.yaml'), manifest);
    await h.advanceUntil(async () => (await h.client.resource(Pods).namespace('default').list()).items.length > 0, 'the mirror pod');
    await h.advanceUntil(async () => (await h.row('static-web-node01').catch(() => '')) === '1/1 Running 0', 'the mirror pod to show Running');
    const mirror = await h.pod('static-web-node01');
    expect(mirror.metadata?.annotations?.['kubernetes.io/config.mirror']).toBeDefined();
    expect(mirror.status?.podIP).toBe('10.244.1.2');
    const id = mirror.status?.containerStatuses?.[0]?.containerID;

    await h.client.resource(Pods).namespace('default').delete('static-web-node01', { gracePeriodSeconds: 0 });
    await h.advanceUntil(async () => {
      const again = await h.pod('static-web-node01').catch(() => undefined);
      return again !== undefined && again.metadata?.uid !== mirror.metadata?.uid && again.status?.containerStatuses?.[0]?.containerID === id;
    }, 'a new mirror pod with the same container');

    rmSync(join(dir, 'static-web.yaml'));
    await h.advanceUntil(async () => (await h.client.resource(Pods).namespace('default').list()).items.length === 0, 'the mirror pod to go');
  });
});
