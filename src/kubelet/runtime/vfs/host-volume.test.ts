import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../util/clock.js';
import { sh } from '../shell/test-support.js';
import { MountedFs } from './container-fs.js';
import { HostVolume } from './host-volume.js';
import { createImageRoot } from './image-root.js';

describe('volumes kept in folders of the node', () => {
  let nodeRoot: string;
  const clock = new FakeClock('2026-11-23T12:00:00Z');

  beforeEach(() => {
    nodeRoot = mkdtempSync(join(tmpdir(), 'kubesim-node-'));
  });
  afterEach(() => rmSync(nodeRoot, { recursive: true, force: true }));

  /** A configMap volume as the kubelet's atomic writer lays it out: keys link to ..data, which links to a timestamped folder. */
  function configMapFolder(): string {
    const dir = join(nodeRoot, 'var/lib/kubelet/pods/uid/volumes/kubernetes.io~configmap/game');
    mkdirSync(join(dir, '..2026_11_23_12_00_00.000000001'), { recursive: true });
    writeFileSync(join(dir, '..2026_11_23_12_00_00.000000001/game.properties'), 'lives=3\n');
    symlinkSync('..2026_11_23_12_00_00.000000001', join(dir, '..data'));
    symlinkSync('..data/game.properties', join(dir, 'game.properties'));
    return dir;
  }

  async function podFs(dir: string) {
    const root = createImageRoot({ clock, hostname: 'game-volume', hosts: '', resolvConf: '' });
    return new MountedFs(root, [{ path: '/etc/config', volume: await HostVolume.open(dir, { clock, readOnly: true, within: nodeRoot }) }], clock);
  }

  it('the seed\'s game-volume pod reads its configMap through the ..data links', async () => {
    const fs = await podFs(configMapFolder());
    const ran = await sh('', { fs, argv: ['/bin/sh', '-c', 'cat /etc/config/game.properties'] });
    expect(ran).toEqual({ stdout: 'lives=3\n', stderr: '', status: 0 });
  });

  it('ls hides the atomic writer\'s dot entries and ls -la shows the links as on a real node', async () => {
    const fs = await podFs(configMapFolder());
    expect((await sh('ls /etc/config', { fs })).stdout).toBe('game.properties\n');
    const long = (await sh('ls -la /etc/config', { fs })).stdout.split('\n');
    // The dates are the host files' own (real) modification times, so they are left out of the comparison.
    const withoutDates = long.map((l) => l.replace(/ [A-Z][a-z]{2} [ \d]\d ( \d{4}|\d\d:\d\d) /, ' DATE '));
    expect(withoutDates).toEqual([
      'total 20',
      'drwxr-xr-x    2 root     root          4096 DATE .',
      'drwxr-xr-x    2 root     root          4096 DATE ..',
      'drwxr-xr-x    2 root     root          4096 DATE ..2026_11_23_12_00_00.000000001',
      'lrwxrwxrwx    1 root     root            31 DATE ..data -> ..2026_11_23_12_00_00.000000001',
      'lrwxrwxrwx    1 root     root            22 DATE game.properties -> ..data/game.properties',
      '',
    ]);
  });

  it('a configMap volume is read-only', async () => {
    const fs = await podFs(configMapFolder());
    const ran = await sh('echo x > /etc/config/game.properties; touch /etc/config/new', { fs });
    expect(ran.stderr).toBe("sh: can't create /etc/config/game.properties: Read-only file system\ntouch: /etc/config/new: Read-only file system\n");
  });

  it('a volume folder outside the node folder is refused', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'kubesim-elsewhere-'));
    try {
      await expect(HostVolume.open(elsewhere, { clock, within: nodeRoot })).rejects.toThrow('Permission denied');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
