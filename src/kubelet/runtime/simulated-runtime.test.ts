import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../util/clock.js';
import { ImageCatalog } from './image-catalog.js';
import { containerFilesystem, ensureRootfs, prepareRootfs } from './simulated-runtime.js';

const etc = { hostname: 'web', hosts: '127.0.0.1\tlocalhost\n', resolvConf: 'nameserver 10.96.0.10\n' };

describe("a container's root filesystem", () => {
  let dir: string;
  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'kubesim-rootfs-')), 'rootfs')));
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
  const image = () => {
    const r = ImageCatalog.load([]).lookup('busybox:1.36');
    if (!r.ok) throw new Error(r.message);
    return r.image;
  };

  it('is written the first time something looks at it, and a second view of it (exec from another process) sees the same files', async () => {
    await prepareRootfs(dir, image(), etc);
    expect(readdirSync(dir)).toEqual([]);
    const clock = new FakeClock();
    const container = { name: 'c', image: 'busybox:1.36' };
    const main = await containerFilesystem(dir, container, new Map(), clock);
    const exec = await containerFilesystem(dir, container, new Map(), clock);
    await main.writeFile('/tmp/greeting', 'hello\n');
    expect(await exec.readFile('/tmp/greeting')).toBe('hello\n');
    expect(await exec.readFile('/etc/hostname')).toBe('web\n');
    expect(await exec.readdir('/bin')).toEqual(expect.arrayContaining(['sh', 'ls', 'cat']));
    expect((await exec.stat('/bin/sh')).mode).toBe(0o755);
    expect((await exec.stat('/tmp')).mode).toBe(0o1777);
    expect(readFileSync(join(dir, 'etc/resolv.conf'), 'utf8')).toBe('nameserver 10.96.0.10\n');
  });

  it('is written once: unpacking it again (the other process losing the race) keeps what the container changed', async () => {
    await prepareRootfs(dir, image(), etc);
    const pending = readFileSync(`${dir}.pending.json`, 'utf8');
    ensureRootfs(dir);
    const fs = await containerFilesystem(dir, { name: 'c', image: 'busybox:1.36' }, new Map(), new FakeClock());
    await fs.writeFile('/etc/hostname', 'changed\n');
    // The other process read the plan before this one removed it: its copy loses the rename and is dropped.
    writeFileSync(`${dir}.pending.json`, pending);
    ensureRootfs(dir);
    expect(readFileSync(join(dir, 'etc/hostname'), 'utf8')).toBe('changed\n');
    expect(readdirSync(join(dir, '..')).sort()).toEqual(['rootfs']);
    expect(existsSync(`${dir}.pending.json`)).toBe(false);
  });
});
