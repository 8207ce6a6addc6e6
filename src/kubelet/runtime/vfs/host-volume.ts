import { constants, promises as fsp, type Stats } from 'node:fs';
import { join, posix, sep } from 'node:path';
import type { Clock } from '../../../util/clock.js';
import { FsError, fromNodeError } from './fs-error.js';
import { SymlinkRedirect, type FileStat, type Volume } from './volume.js';

/**
 * A hostPath volume: a real folder inside the node's folder (KUBESIM_HOME/nodes/<node>). Every path is built as the
 * folder's real path plus clean components, each one checked with lstat before it is entered, and symlinks are never
 * followed on the host: they are handed back to the mount table as redirects in the container's path space. Files are
 * opened with O_NOFOLLOW. So no container operation can reach a host path outside this folder.
 */
export class HostVolume implements Volume {
  private constructor(
    /** The real (symlink-free) absolute path of the volume's folder. */
    readonly hostDir: string,
    readonly readOnly: boolean,
    private readonly clock: Clock,
  ) {}

  /**
   * A volume over a host folder: one resolveHostPath returned, or a pod volume folder the kubelet made (emptyDir,
   * configMap, ...). The folder's own path is resolved to its real path once; with `within` (the node's folder) it must
   * lie inside it, so a volume can never be rooted outside the node.
   */
  static async open(hostDir: string, options: { clock: Clock; readOnly?: boolean; within?: string }): Promise<HostVolume> {
    const real = await fsp.realpath(hostDir);
    if (options.within !== undefined) assertInside(await fsp.realpath(options.within), real);
    return new HostVolume(real, options.readOnly ?? false, options.clock);
  }

  async lstat(rel: readonly string[]): Promise<FileStat> {
    const { path, stats } = await this.walk(rel, false);
    if (!stats) throw new FsError('ENOENT');
    void path;
    return statOf(stats);
  }

  async readlink(rel: readonly string[]): Promise<string> {
    const { path, stats } = await this.walk(rel, false);
    if (!stats) throw new FsError('ENOENT');
    if (!stats.isSymbolicLink()) throw new FsError('EINVAL');
    return fsp.readlink(path).catch((e) => Promise.reject(fromNodeError(e)));
  }

  async readFile(rel: readonly string[]): Promise<string> {
    const { path, stats } = await this.walk(rel, true);
    if (!stats) throw new FsError('ENOENT');
    if (stats.isDirectory()) throw new FsError('EISDIR');
    if (!stats.isFile()) throw new FsError('EACCES');
    const handle = await fsp.open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch((e) => Promise.reject(fromNodeError(e)));
    try {
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  }

  async writeFile(rel: readonly string[], data: string, append: boolean): Promise<void> {
    if (rel.length === 0) throw new FsError('EISDIR');
    const { path, stats } = await this.walk(rel, true);
    if (stats?.isDirectory()) throw new FsError('EISDIR');
    if (stats && !stats.isFile()) throw new FsError('EACCES');
    if (this.readOnly) throw new FsError('EROFS');
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
    const handle = await fsp.open(path, flags, 0o644).catch((e) => Promise.reject(fromNodeError(e)));
    try {
      await handle.writeFile(data, 'utf8');
    } finally {
      await handle.close();
    }
  }

  async readdir(rel: readonly string[]): Promise<string[]> {
    const { path, stats } = await this.walk(rel, true);
    if (!stats) throw new FsError('ENOENT');
    if (!stats.isDirectory()) throw new FsError('ENOTDIR');
    const names = await fsp.readdir(path).catch((e) => Promise.reject(fromNodeError(e)));
    return names.sort();
  }

  async mkdir(rel: readonly string[]): Promise<void> {
    if (rel.length === 0) throw new FsError('EEXIST');
    const { path, stats } = await this.walk(rel, false);
    if (stats) throw new FsError('EEXIST');
    if (this.readOnly) throw new FsError('EROFS');
    await fsp.mkdir(path, { mode: 0o755 }).catch((e) => Promise.reject(fromNodeError(e)));
  }

  async remove(rel: readonly string[], recursive: boolean): Promise<void> {
    if (rel.length === 0) throw new FsError('EBUSY');
    const { path, stats } = await this.walk(rel, false);
    if (!stats) throw new FsError('ENOENT');
    if (this.readOnly) throw new FsError('EROFS');
    // fs.rm never follows symlinks: a link is removed itself, a directory's links are unlinked, not their targets.
    if (stats.isDirectory() && !recursive) await fsp.rmdir(path).catch((e) => Promise.reject(fromNodeError(e)));
    else await fsp.rm(path, { recursive, force: false }).catch((e) => Promise.reject(fromNodeError(e)));
  }

  async setMtime(rel: readonly string[], time: Date): Promise<void> {
    const { path, stats } = await this.walk(rel, true);
    if (!stats) throw new FsError('ENOENT');
    if (this.readOnly) throw new FsError('EROFS');
    await fsp.lutimes(path, time, time).catch((e) => Promise.reject(fromNodeError(e)));
    void this.clock;
  }

  /**
   * The host path of rel and its lstat (undefined when the last component is missing). Each directory on the way is
   * lstat'ed: a symlink becomes a redirect, a missing one ENOENT, a file ENOTDIR.
   */
  private async walk(rel: readonly string[], followLast: boolean): Promise<{ path: string; stats?: Stats }> {
    let path = this.hostDir;
    let stats: Stats | undefined = await lstatOrUndefined(path);
    for (let i = 0; i < rel.length; i++) {
      const part = rel[i]!;
      if (part === '' || part === '.' || part === '..' || part.includes('/') || part.includes('\0')) throw new FsError('EINVAL');
      if (!stats) throw new FsError('ENOENT');
      if (!stats.isDirectory()) throw new FsError('ENOTDIR');
      path = join(path, part);
      assertInside(this.hostDir, path);
      stats = await lstatOrUndefined(path);
      if (stats?.isSymbolicLink() && (i < rel.length - 1 || followLast)) {
        const target = await fsp.readlink(path).catch((e) => Promise.reject(fromNodeError(e)));
        throw new SymlinkRedirect(i + 1, target);
      }
    }
    return { path, stats };
  }
}

/** The kubelet's hostPath types (core/v1 HostPathType). */
export type HostPathType = '' | 'DirectoryOrCreate' | 'Directory' | 'FileOrCreate' | 'File' | 'Socket' | 'CharDevice' | 'BlockDevice';

/**
 * Maps a hostPath volume's node path (spec.hostPath.path, e.g. /var/local/data) to its real folder inside the node's
 * folder and applies the type check the kubelet does (pkg/volume/hostpath), returning the real host path. Symlinks on
 * the way resolve in the node's path space (an absolute target means the node's root, i.e. nodeRoot), so the result is
 * always inside nodeRoot. Errors carry the kubelet's messages ("hostPath type check failed: /x is not a directory").
 */
export async function resolveHostPath(nodeRoot: string, nodePath: string, type: HostPathType = ''): Promise<string> {
  const rootReal = await fsp.realpath(nodeRoot);
  const wanted = posix.normalize('/' + nodePath);
  const found = await resolveNodePath(rootReal, wanted);
  switch (type) {
    case '':
    case 'DirectoryOrCreate':
      if (!found.stats) return mkdirAll(rootReal, wanted);
      if (type === '') return found.path;
      if (!found.stats.isDirectory()) throw new Error(`hostPath type check failed: ${nodePath} is not a directory`);
      return found.path;
    case 'Directory':
      if (!found.stats?.isDirectory()) throw new Error(`hostPath type check failed: ${nodePath} is not a directory`);
      return found.path;
    case 'FileOrCreate':
      if (!found.stats) {
        const parent = await resolveNodePath(rootReal, posix.dirname(wanted));
        if (!parent.stats?.isDirectory()) throw new Error(`open ${nodePath}: no such file or directory`);
        const path = join(parent.path, posix.basename(wanted));
        assertInside(rootReal, path);
        const handle = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
        await handle.close();
        return path;
      }
      if (!found.stats.isFile()) throw new Error(`hostPath type check failed: ${nodePath} is not a file`);
      return found.path;
    case 'File':
      if (!found.stats?.isFile()) throw new Error(`hostPath type check failed: ${nodePath} is not a file`);
      return found.path;
    case 'Socket':
      if (!found.stats?.isSocket()) throw new Error(`hostPath type check failed: ${nodePath} is not a socket file`);
      return found.path;
    case 'CharDevice':
      if (!found.stats?.isCharacterDevice()) throw new Error(`hostPath type check failed: ${nodePath} is not a character device`);
      return found.path;
    case 'BlockDevice':
      if (!found.stats?.isBlockDevice()) throw new Error(`hostPath type check failed: ${nodePath} is not a block device`);
      return found.path;
  }
}

/** Walks a node path from the node's real root, following symlinks inside the node's path space (at most 40). */
async function resolveNodePath(rootReal: string, nodePath: string): Promise<{ path: string; stats?: Stats }> {
  let pending = components(nodePath);
  let done: string[] = [];
  let links = 0;
  let stats: Stats | undefined = await lstatOrUndefined(rootReal);
  while (pending.length > 0) {
    const part = pending.shift()!;
    const path = join(rootReal, ...done, part);
    assertInside(rootReal, path);
    const next = await lstatOrUndefined(path);
    if (next?.isSymbolicLink()) {
      if (++links > 40) throw new Error(`too many levels of symbolic links: ${nodePath}`);
      const target = await fsp.readlink(path);
      const base = target.startsWith('/') ? target : posix.join('/', ...done, target);
      pending = [...components(base), ...pending];
      done = [];
      stats = await lstatOrUndefined(rootReal);
      continue;
    }
    if (!next) return { path: join(rootReal, ...done, part, ...pending) };
    if (pending.length > 0 && !next.isDirectory()) return { path: join(rootReal, ...done, part, ...pending) };
    done.push(part);
    stats = next;
  }
  return { path: join(rootReal, ...done), stats };
}

/** mkdir -p in the node's path space: existing parts (symlinks among them) resolve as in resolveNodePath, the rest is created. */
async function mkdirAll(rootReal: string, nodePath: string): Promise<string> {
  const found = await resolveNodePath(rootReal, nodePath);
  if (found.stats?.isDirectory()) return found.path;
  if (found.stats) throw new Error(`mkdir ${nodePath}: not a directory`);
  assertInside(rootReal, found.path);
  await fsp.mkdir(found.path, { recursive: true, mode: 0o755 });
  return (await resolveNodePath(rootReal, nodePath)).path;
}

function components(path: string): string[] {
  return posix
    .normalize('/' + path)
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..');
}

/** Defence in depth: a computed host path must stay inside the given real folder. */
function assertInside(rootReal: string, path: string): void {
  if (path !== rootReal && !path.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)) {
    throw new FsError('EACCES', path);
  }
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await fsp.lstat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fromNodeError(e);
  }
}

function statOf(stats: Stats): FileStat {
  const type = stats.isDirectory() ? 'dir' : stats.isSymbolicLink() ? 'symlink' : stats.isFile() ? 'file' : 'chardev';
  return { type, size: stats.size, mode: stats.mode & 0o7777, mtime: stats.mtime, ...(type === 'chardev' ? { device: 'host' } : {}) };
}
