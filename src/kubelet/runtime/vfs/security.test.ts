import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../util/clock.js';
import { sh } from '../shell/test-support.js';
import { MountedFs } from './container-fs.js';
import { HostVolume, resolveHostPath } from './host-volume.js';
import { createImageRoot } from './image-root.js';

/**
 * Nothing a simulated container runs may touch the host outside the node's folder. These tests run hostile scripts
 * against a container with a hostPath volume in a temporary node folder, then look at the real filesystem.
 */
describe('security: a container cannot reach the host', () => {
  let base: string;
  let nodeRoot: string;
  let outside: string;
  const clock = new FakeClock('2026-11-23T12:00:00Z');

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'kubesim-sec-'));
    nodeRoot = join(base, 'nodes', 'node01');
    outside = join(base, 'outside');
    mkdirSync(nodeRoot, { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret'), 'host secret\n');
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  async function container(hostPath = '/var/data') {
    const dir = await resolveHostPath(nodeRoot, hostPath, 'DirectoryOrCreate');
    const root = createImageRoot({ clock, hostname: 'evil', hosts: '', resolvConf: '' });
    return new MountedFs(root, [{ path: '/data', volume: await HostVolume.open(dir, { clock }) }], clock);
  }

  /** Every file under a folder, relative to it. */
  function tree(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  }

  it('cat /etc/passwd reads the container\'s passwd, never the host\'s', async () => {
    const ran = await sh('cat /etc/passwd', { fs: await container() });
    expect(ran.stdout.split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/sh');
    expect(ran.stdout.split('\n').at(-2)).toBe('nobody:x:65534:65534:nobody:/home:/bin/false');
    if (existsSync('/etc/passwd')) expect(ran.stdout).not.toBe(readFileSync('/etc/passwd', 'utf8'));
  });

  it('writing to /tmp, / or /etc creates nothing on the host', async () => {
    const marker = `kubesim-marker-${process.pid}-${Date.now()}`;
    const ran = await sh(`touch /tmp/${marker}; echo x > /${marker}; mkdir -p /etc/${marker}; echo ok`, { fs: await container() });
    expect(ran.stdout).toBe('ok\n');
    expect(existsSync(`/tmp/${marker}`)).toBe(false);
    expect(existsSync(`/${marker}`)).toBe(false);
    expect(existsSync(`/etc/${marker}`)).toBe(false);
    expect(tree(nodeRoot)).toEqual(['var', 'var/data']);
  });

  it('writing into a hostPath mount creates the file inside the node folder only', async () => {
    const ran = await sh('mkdir -p /data/sub && echo hello > /data/sub/file && cat /data/sub/file', { fs: await container() });
    expect(ran).toEqual({ stdout: 'hello\n', stderr: '', status: 0 });
    expect(readFileSync(join(nodeRoot, 'var/data/sub/file'), 'utf8')).toBe('hello\n');
    expect(tree(base)).toEqual(['nodes', 'nodes/node01', 'nodes/node01/var', 'nodes/node01/var/data', 'nodes/node01/var/data/sub', 'nodes/node01/var/data/sub/file', 'outside', 'outside/secret']);
  });

  it.each([
    // From /data (the node's var/data), four levels up on the host would be the temp base holding `outside`.
    ['relative ../ escapes', () => 'cat /data/../../../../outside/secret; cd /data; cat ../../../../outside/secret'],
    ['absolute host paths', () => `cat ${outside}/secret; ls ${base}; ls ${nodeRoot}`],
    ['writes through ../', () => 'echo pwned > /data/../../../../outside/secret; echo pwned > /data/../../../../pwned'],
    ['writes to absolute host paths', () => `echo pwned > ${outside}/secret; mkdir -p ${outside}/new; touch ${base}/pwned`],
    ['removing host paths', () => `rm -rf ${outside} /data/../../../../outside; rm -rf /`],
  ])('%s stay inside the container', async (_name, script) => {
    const ran = await sh(script(), { fs: await container() });
    expect(ran.stdout).not.toContain('host secret');
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('host secret\n');
    expect(existsSync(join(base, 'pwned'))).toBe(false);
    expect(tree(outside)).toEqual(['secret']);
    expect(existsSync(nodeRoot)).toBe(true);
  });

  it('a symlink inside a hostPath folder pointing out of it resolves in the container, not on the host', async () => {
    const fs = await container();
    symlinkSync(join(outside, 'secret'), join(nodeRoot, 'var/data/abs-link'));
    symlinkSync('../../../../outside/secret', join(nodeRoot, 'var/data/rel-link'));
    symlinkSync(outside, join(nodeRoot, 'var/data/dir-link'));
    const ran = await sh('cat /data/abs-link; cat /data/rel-link; cat /data/dir-link/secret; echo pwned > /data/abs-link; echo pwned > /data/dir-link/new', { fs });
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain("cat: can't open '/data/abs-link': No such file or directory");
    expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('host secret\n');
    expect(tree(outside)).toEqual(['secret']);
  });

  it('a symlink in the container path space is followed only within the container', async () => {
    const fs = await container();
    symlinkSync('/etc/hostname', join(nodeRoot, 'var/data/hostname-link'));
    const ran = await sh('cat /data/hostname-link', { fs });
    expect(ran.stdout).toBe('evil\n');
  });

  it('a hostPath whose path climbs with .. or crosses a symlink stays inside the node folder', async () => {
    symlinkSync(outside, join(nodeRoot, 'escape'));
    const viaDots = await resolveHostPath(nodeRoot, '/../../outside', 'DirectoryOrCreate');
    const viaLink = await resolveHostPath(nodeRoot, '/escape/inner', 'DirectoryOrCreate');
    expect(viaDots.startsWith(nodeRoot)).toBe(true);
    expect(viaLink.startsWith(nodeRoot)).toBe(true);
    expect(tree(outside)).toEqual(['secret']);
    // The absolute link means the node's own /tmp/.../outside, i.e. a folder inside the node folder.
    expect(await resolveHostPath(nodeRoot, '/escape', 'Directory')).toBe(join(nodeRoot, outside));
  });

  it('the shell has no way to make symlinks or run host programs', async () => {
    const fs = await container();
    const ran = await sh('ln -s /etc /data/l; python3 -c "print(1)"; node -e 1; /bin/bash -c "touch /tmp/x"', { fs });
    // busybox images have no bash either: /bin/bash is not found, as on a real busybox container.
    expect(ran.stderr).toBe('sh: ln: not found\nsh: python3: not found\nsh: node: not found\nsh: /bin/bash: not found\n');
    expect(tree(join(nodeRoot, 'var/data'))).toEqual([]);
    // A host-side sanity check that the test really looks at the host: the real ls sees the node folder.
    expect(execFileSync('ls', [nodeRoot], { encoding: 'utf8' })).toBe('var\n');
  });

  it.each([
    ['Directory of a missing path', '/missing', 'Directory', 'hostPath type check failed: /missing is not a directory'],
    ['File of a directory', '/var', 'File', 'hostPath type check failed: /var is not a file'],
  ] as const)('hostPath type %s fails with the kubelet\'s message', async (_name, path, type, message) => {
    mkdirSync(join(nodeRoot, 'var'));
    await expect(resolveHostPath(nodeRoot, path, type)).rejects.toThrow(message);
  });

  it('FileOrCreate creates an empty file in an existing folder of the node', async () => {
    const path = await resolveHostPath(nodeRoot, '/run/app.sock', 'FileOrCreate').catch((e: Error) => e.message);
    expect(path).toBe('open /run/app.sock: no such file or directory');
    mkdirSync(join(nodeRoot, 'run'));
    expect(await resolveHostPath(nodeRoot, '/run/app.sock', 'FileOrCreate')).toBe(join(nodeRoot, 'run/app.sock'));
    expect(readFileSync(join(nodeRoot, 'run/app.sock'), 'utf8')).toBe('');
  });

  it('a read-only hostPath mount refuses writes', async () => {
    const dir = await resolveHostPath(nodeRoot, '/ro', 'DirectoryOrCreate');
    const root = createImageRoot({ clock, hostname: 'x', hosts: '', resolvConf: '' });
    const fs = new MountedFs(root, [{ path: '/ro', volume: await HostVolume.open(dir, { clock }), readOnly: true }], clock);
    const ran = await sh('echo x > /ro/f', { fs });
    expect(ran.stderr).toBe("sh: can't create /ro/f: Read-only file system\n");
    expect(tree(dir)).toEqual([]);
  });
});
