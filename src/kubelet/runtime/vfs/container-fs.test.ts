import { FakeClock } from '../../../util/clock.js';
import { MountedFs } from './container-fs.js';
import { FsError } from './fs-error.js';
import { createImageRoot } from './image-root.js';
import { MemoryVolume } from './memory-volume.js';
import { createProjection } from './projection.js';

function setup() {
  const clock = new FakeClock('2026-11-23T12:00:00Z');
  const root = createImageRoot({ clock, hostname: 'web-0', hosts: 'hosts\n', resolvConf: 'nameserver 10.96.0.10\n' });
  const shared = new MemoryVolume({ clock });
  const config = createProjection(clock, { 'game.properties': 'lives=3\n', 'ui/colors': 'red\n' });
  const mounts = [
    { path: '/cache', volume: shared },
    { path: '/etc/config', volume: config },
    { path: '/etc/app.conf', volume: config, subPath: 'game.properties' },
    { path: '/data/logs', volume: shared, subPath: 'logs' },
  ];
  return { clock, shared, fs: new MountedFs(root, mounts, clock), other: new MountedFs(createImageRoot({ clock, hostname: 'web-0', hosts: '', resolvConf: '' }), [{ path: '/shared', volume: shared }], clock) };
}

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof FsError ? e.code : String(e)));

describe('the container filesystem', () => {
  it('seeds /etc/hostname, /etc/hosts and /etc/resolv.conf from the caller', async () => {
    const { fs } = setup();
    expect(await fs.readFile('/etc/hostname')).toBe('web-0\n');
    expect(await fs.readFile('/etc/resolv.conf')).toBe('nameserver 10.96.0.10\n');
  });

  it('an emptyDir is shared by the containers that mount it, wherever they mount it', async () => {
    const { fs, other } = setup();
    await fs.writeFile('/cache/index.html', 'hello');
    expect(await other.readFile('/shared/index.html')).toBe('hello');
    await other.appendFile('/shared/index.html', ' world');
    expect(await fs.readFile('/cache/index.html')).toBe('hello world');
  });

  it('a projection is read-only and lists its keys', async () => {
    const { fs } = setup();
    expect(await fs.readFile('/etc/config/game.properties')).toBe('lives=3\n');
    expect(await fs.readdir('/etc/config')).toEqual(['game.properties', 'ui']);
    expect(await code(fs.writeFile('/etc/config/new', 'x'))).toBe('EROFS');
    expect(await code(fs.rm('/etc/config/game.properties'))).toBe('EROFS');
    expect(await code(fs.mkdir('/etc/config/d'))).toBe('EROFS');
  });

  it('a subPath mounts one file of a volume', async () => {
    const { fs } = setup();
    expect(await fs.readFile('/etc/app.conf')).toBe('lives=3\n');
    expect((await fs.stat('/etc/app.conf')).type).toBe('file');
  });

  it('mount points show in their parent directory, even when the image lacks them', async () => {
    const { fs } = setup();
    expect(await fs.readdir('/')).toContain('cache');
    expect((await fs.stat('/data')).type).toBe('dir');
    expect(await fs.readdir('/data')).toEqual(['logs']);
  });

  it('a mount point cannot be removed', async () => {
    const { fs } = setup();
    expect(await code(fs.rm('/cache'))).toBe('EBUSY');
  });

  it.each([
    ['a missing file', (fs: MountedFs) => fs.readFile('/nope'), 'ENOENT'],
    ['a directory read as a file', (fs: MountedFs) => fs.readFile('/etc'), 'EISDIR'],
    ['a path through a file', (fs: MountedFs) => fs.readFile('/etc/hostname/x'), 'ENOTDIR'],
    ['a file in a missing directory', (fs: MountedFs) => fs.writeFile('/nope/x', ''), 'ENOENT'],
    ['mkdir of an existing directory', (fs: MountedFs) => fs.mkdir('/etc'), 'EEXIST'],
    ['rm of a non-empty directory', (fs: MountedFs) => fs.rm('/etc'), 'ENOTEMPTY'],
  ])('reports %s with the errno busybox prints', async (_name, op, errno) => {
    const { fs } = setup();
    expect(await code(op(fs))).toBe(errno);
  });

  it('.. never climbs above the root', async () => {
    const { fs } = setup();
    expect(await fs.readFile('/../../../etc/hostname')).toBe('web-0\n');
    expect(await fs.readFile('/cache/../../etc/hostname')).toBe('web-0\n');
  });

  it('mkdir -p creates parents; rm -r removes a tree', async () => {
    const { fs } = setup();
    await fs.mkdir('/a/b/c', { recursive: true });
    await fs.writeFile('/a/b/c/f', 'x');
    await fs.rm('/a', { recursive: true });
    expect(await fs.exists('/a')).toBe(false);
  });

  it('touch creates a file or moves its time to the clock', async () => {
    const { fs, clock } = setup();
    await fs.touch('/tmp/t');
    clock.advance(60_000);
    await fs.touch('/tmp/t');
    expect((await fs.stat('/tmp/t')).mtime.toISOString()).toBe('2026-11-23T12:01:00.000Z');
  });
});
