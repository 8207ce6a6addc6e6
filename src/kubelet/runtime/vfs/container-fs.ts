import { posix } from 'node:path';
import type { Clock } from '../../../util/clock.js';
import { FsError } from './fs-error.js';
import { SymlinkRedirect, type FileStat, type Volume } from './volume.js';

/**
 * The filesystem a simulated container sees. Paths are container paths (relative ones are taken from /); errors are
 * FsError with the strerror text as message. Symlinks are followed in the container's path space only.
 */
export interface ContainerFs {
  stat(path: string): Promise<FileStat>;
  lstat(path: string): Promise<FileStat>;
  exists(path: string): Promise<boolean>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  appendFile(path: string, data: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** Removes a file or an empty directory; `recursive` removes a directory's content first (never crossing into host paths). */
  rm(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** Creates an empty file, or sets an existing one's modification time to now. */
  touch(path: string): Promise<void>;
}

export interface Mount {
  /** Where it appears in the container, e.g. /usr/share/nginx/html. */
  path: string;
  volume: Volume;
  /** volumeMount.subPath: the part of the volume mounted (a folder or a single file). */
  subPath?: string;
  /** volumeMount.readOnly. */
  readOnly?: boolean;
}

interface ResolvedMount {
  comps: string[];
  sub: string[];
  volume: Volume;
  readOnly: boolean;
}

const MAX_LINKS = 40;

/** A mount table over volumes: the image's root at / plus the pod's volumes at their mount paths (longest prefix wins). */
export class MountedFs implements ContainerFs {
  private readonly mounts: ResolvedMount[];

  constructor(
    root: Volume,
    mounts: readonly Mount[],
    private readonly clock: Clock,
  ) {
    this.mounts = [
      { comps: [], sub: [], volume: root, readOnly: root.readOnly },
      ...mounts.map((m) => ({
        comps: components(m.path),
        sub: components(m.subPath ?? ''),
        volume: m.volume,
        readOnly: Boolean(m.readOnly) || m.volume.readOnly,
      })),
    ].sort((a, b) => b.comps.length - a.comps.length);
  }

  async stat(path: string): Promise<FileStat> {
    let current = path;
    for (let links = 0; links <= MAX_LINKS; links++) {
      const st = await this.lstat(current);
      if (st.type !== 'symlink') return st;
      const target = await this.readlink(current);
      current = target.startsWith('/') ? target : posix.join(posix.dirname(posix.normalize('/' + current)), target);
    }
    throw new FsError('ELOOP', path);
  }

  lstat(path: string): Promise<FileStat> {
    return this.run(path, async (m, rel, comps) => {
      try {
        return await m.volume.lstat(rel);
      } catch (e) {
        if (e instanceof FsError && e.code === 'ENOENT' && this.isMountAncestor(comps)) return syntheticDir(this.clock);
        throw e;
      }
    });
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch (e) {
      if (e instanceof FsError) return false;
      throw e;
    }
  }

  readFile(path: string): Promise<string> {
    return this.run(path, (m, rel) => m.volume.readFile(rel));
  }

  writeFile(path: string, data: string): Promise<void> {
    return this.run(path, (m, rel) => writable(m, () => m.volume.writeFile(rel, data, false)));
  }

  appendFile(path: string, data: string): Promise<void> {
    return this.run(path, (m, rel) => writable(m, () => m.volume.writeFile(rel, data, true)));
  }

  readlink(path: string): Promise<string> {
    return this.run(path, (m, rel) => m.volume.readlink(rel));
  }

  readdir(path: string): Promise<string[]> {
    return this.run(path, async (m, rel, comps) => {
      let own: string[] = [];
      try {
        own = await m.volume.readdir(rel);
      } catch (e) {
        if (!(e instanceof FsError && e.code === 'ENOENT' && this.isMountAncestor(comps))) throw e;
      }
      const below = this.mounts.filter((x) => x.comps.length === comps.length + 1 && startsWith(x.comps, comps)).map((x) => x.comps.at(-1)!);
      return [...new Set([...own, ...below])].sort();
    });
  }

  async mkdir(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const comps = components(path);
    if (!options.recursive) return this.mkdirOne(comps);
    for (let i = 1; i <= comps.length; i++) {
      let st: FileStat | undefined;
      try {
        st = await this.stat('/' + comps.slice(0, i).join('/'));
      } catch (e) {
        if (!(e instanceof FsError && e.code === 'ENOENT')) throw e;
      }
      if (st?.type === 'dir') continue;
      if (st) throw new FsError(i === comps.length ? 'EEXIST' : 'ENOTDIR');
      await this.mkdirOne(comps.slice(0, i));
    }
  }

  async rm(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const comps = components(path);
    const st = await this.lstat(path);
    if (st.type === 'dir' && options.recursive) {
      for (const name of await this.readdir(path)) await this.rm('/' + [...comps, name].join('/'), options);
    }
    if (this.isMountPoint(comps)) throw new FsError('EBUSY');
    await this.run(path, (m, rel) => writable(m, () => m.volume.remove(rel, false)));
  }

  touch(path: string): Promise<void> {
    return this.run(path, async (m, rel) => {
      let exists = true;
      try {
        await m.volume.lstat(rel);
      } catch (e) {
        if (!(e instanceof FsError && e.code === 'ENOENT')) throw e;
        exists = false;
      }
      return writable(m, () => (exists ? m.volume.setMtime(rel, this.clock.now()) : m.volume.writeFile(rel, '', true)));
    });
  }

  private mkdirOne(comps: string[]): Promise<void> {
    if (this.isMountPoint(comps)) return Promise.reject(new FsError('EEXIST'));
    return this.run('/' + comps.join('/'), (m, rel) => writable(m, () => m.volume.mkdir(rel)));
  }

  private isMountPoint(comps: string[]): boolean {
    return this.mounts.some((m) => m.comps.length > 0 && m.comps.length === comps.length && startsWith(m.comps, comps));
  }

  private isMountAncestor(comps: string[]): boolean {
    return this.mounts.some((m) => m.comps.length > comps.length && startsWith(m.comps, comps));
  }

  /**
   * Runs op on the volume holding path, re-resolving when the volume reports a symlink (in container path space).
   * Whether the last component is followed is the volume operation's business (lstat, readlink, rm do not).
   */
  private async run<T>(path: string, op: (m: ResolvedMount, rel: string[], comps: string[]) => Promise<T>): Promise<T> {
    let comps = components(path);
    for (let links = 0; ; links++) {
      const m = this.mounts.find((x) => startsWith(comps, x.comps))!;
      const rel = [...m.sub, ...comps.slice(m.comps.length)];
      try {
        return await op(m, rel, comps);
      } catch (e) {
        if (!(e instanceof SymlinkRedirect)) throw e;
        if (links >= MAX_LINKS) throw new FsError('ELOOP', path);
        const inVolume = e.consumed - m.sub.length;
        // A link inside the subPath itself would resolve outside what was mounted: the kubelet refuses such subPaths too.
        if (inVolume <= 0) throw new FsError('EACCES', path);
        const linkComps = comps.slice(0, m.comps.length + inVolume);
        const rest = comps.slice(m.comps.length + inVolume);
        const base = e.target.startsWith('/') ? e.target : posix.join('/', ...linkComps.slice(0, -1), e.target);
        comps = components(posix.join(base, ...rest));
      }
    }
  }
}

/** Clean components of a container path: `..` never climbs above /, so nothing resolves outside the container's tree. */
export function components(path: string): string[] {
  return posix
    .normalize('/' + path)
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..');
}

function writable<T>(m: ResolvedMount, op: () => Promise<T>): Promise<T> {
  if (m.readOnly) return Promise.reject(new FsError('EROFS'));
  return op();
}

function startsWith(comps: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= comps.length && prefix.every((p, i) => comps[i] === p);
}

function syntheticDir(clock: Clock): FileStat {
  return { type: 'dir', size: 4096, mode: 0o755, mtime: clock.now() };
}
