/** No container command can create a file on the host or read one outside its node's folder. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeletHarness, type KubeletHarness } from './harness.js';

let h: KubeletHarness;
afterEach(async () => h?.close());

async function run(script: string, volumes: unknown[] = [], volumeMounts: unknown[] = []): Promise<string> {
  await h.createPod({ restartPolicy: 'Never', volumes, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', script], volumeMounts }] });
  await h.advance(2000);
  await h.until(async () => ['Succeeded', 'Failed'].includes((await h.pod()).status?.phase ?? ''), 'the script to finish');
  return h.containerLog('c').replace(/^\S+ (stdout|stderr) F /gm, '');
}

describe('the container filesystem stays inside the node folder', () => {
  it('paths climbing out of the root or of a hostPath mount stay in the container', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    const marker = `kubesim-escape-${process.pid}-${Date.now()}`;
    const out = await run(
      `echo pwned > /../../../../tmp/${marker}; echo pwned > /host/../../../../tmp/${marker}-2; head -1 /host/../../../../etc/passwd; ls /host`,
      [{ name: 'host', hostPath: { path: '/', type: 'Directory' } }],
      [{ name: 'host', mountPath: '/host' }],
    );
    expect(existsSync(join(tmpdir(), marker))).toBe(false);
    expect(existsSync(join('/tmp', marker))).toBe(false);
    expect(existsSync(join('/tmp', `${marker}-2`))).toBe(false);
    // `..` from the mount is the container's root: its busybox passwd, not the host's.
    expect(out.split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/sh');
    // / of the node is the node's folder.
    expect(out.split('\n').slice(1)).toEqual(expect.arrayContaining(['var']));
  });

  it('a symlink in the node folder pointing at a host path resolves inside the node folder', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    mkdirSync(join(h.nodeDir, 'data'), { recursive: true });
    writeFileSync(join(h.nodeDir, 'data', 'inside'), 'node file\n');
    symlinkSync('/etc', join(h.nodeDir, 'data', 'hostetc'));
    const out = await run('cat /mnt/inside; cat /mnt/hostetc/hostname; echo rc=$?', [{ name: 'd', hostPath: { path: '/data' } }], [{ name: 'd', mountPath: '/mnt' }]);
    // /etc through the link is the container's /etc (the pod's hostname), never the host's /etc/hostname.
    expect(out).toBe('node file\nweb\nrc=0\n');
  });

  it('writing /etc/passwd changes the container copy only', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    const before = readFileSync('/etc/passwd', 'utf8');
    await run('echo intruder::0:0::/:/bin/sh >> /etc/passwd; tail -1 /etc/passwd');
    expect(readFileSync('/etc/passwd', 'utf8')).toBe(before);
    expect(h.containerLog('c')).toMatch(/stdout F intruder::0:0::\/:\/bin\/sh\n$/);
  });
});

describe('subPath', () => {
  it('a subPath through a link that leads out of the volume is refused, and nothing is created outside', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    const outside = mkdtempSync(join(tmpdir(), 'kubesim-outside-'));
    mkdirSync(join(h.nodeDir, 'vol'), { recursive: true });
    symlinkSync(outside, join(h.nodeDir, 'vol', 'out'));
    await h.createPod({
      volumes: [{ name: 'v', hostPath: { path: '/vol' } }],
      containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo x > /m/f'], volumeMounts: [{ name: 'v', mountPath: '/m', subPath: 'out/created' }] }],
    });
    await h.advance(2000);
    const pod = await h.pod();
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.message ?? pod.status?.containerStatuses?.[0]?.lastState?.terminated?.message).toBe('failed to prepare subPath for volumeMount "v" of container "c"');
    expect(readdirSync(outside)).toEqual([]);
    rmSync(outside, { recursive: true, force: true });
  });

  it('a subPath inside the volume is created and mounted', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await run('echo x > /m/f; ls /m', [{ name: 'v', hostPath: { path: '/vol' } }], [{ name: 'v', mountPath: '/m', subPath: 'a/b' }]);
    expect(readFileSync(join(h.nodeDir, 'vol', 'a', 'b', 'f'), 'utf8')).toBe('x\n');
  });
});
