import type { Clock } from '../../../util/clock.js';
import { FsError } from './fs-error.js';
import { SymlinkRedirect, type FileStat, type Volume } from './volume.js';

/** An in-memory directory tree: the image's root filesystem, an emptyDir shared by a pod's containers, or a read-only projection. */

type Node =
  | { kind: 'dir'; children: Map<string, Node>; mode: number; mtime: Date }
  | { kind: 'file'; data: string; mode: number; mtime: Date }
  | { kind: 'chardev'; device: string; mode: number; mtime: Date }
  | { kind: 'symlink'; target: string; mode: number; mtime: Date };
type DirNode = Extract<Node, { kind: 'dir' }>;

export interface MemoryVolumeOptions {
  clock: Clock;
  readOnly?: boolean;
}

export class MemoryVolume implements Volume {
  readonly readOnly: boolean;
  private readonly clock: Clock;
  private readonly root: DirNode;

  constructor(options: MemoryVolumeOptions) {
    this.clock = options.clock;
    this.readOnly = options.readOnly ?? false;
    this.root = { kind: 'dir', children: new Map(), mode: 0o755, mtime: this.clock.now() };
  }

  /** Seeds a file (creating parent directories), bypassing read-only: how the caller fills an image or a projection. */
  seedFile(path: string, data: string, mode = 0o644): void {
    const { parent, name } = this.seedParent(path);
    parent.children.set(name, { kind: 'file', data, mode, mtime: this.clock.now() });
  }

  seedDir(path: string, mode = 0o755): void {
    const parts = split(path);
    let dir = this.root;
    for (const part of parts) dir = this.childDir(dir, part, 0o755);
    dir.mode = mode;
  }

  seedDevice(path: string, device: string): void {
    const { parent, name } = this.seedParent(path);
    parent.children.set(name, { kind: 'chardev', device, mode: 0o666, mtime: this.clock.now() });
  }

  seedSymlink(path: string, target: string): void {
    const { parent, name } = this.seedParent(path);
    parent.children.set(name, { kind: 'symlink', target, mode: 0o777, mtime: this.clock.now() });
  }

  async lstat(rel: readonly string[]): Promise<FileStat> {
    return statOf(this.walk(rel, false));
  }

  async readlink(rel: readonly string[]): Promise<string> {
    const node = this.walk(rel, false);
    if (node.kind !== 'symlink') throw new FsError('EINVAL');
    return node.target;
  }

  async readFile(rel: readonly string[]): Promise<string> {
    const node = this.walk(rel, true);
    if (node.kind === 'dir') throw new FsError('EISDIR');
    if (node.kind === 'chardev') return '';
    if (node.kind === 'symlink') throw new FsError('ELOOP');
    return node.data;
  }

  async writeFile(rel: readonly string[], data: string, append: boolean): Promise<void> {
    if (rel.length === 0) throw new FsError('EISDIR');
    const parent = this.walkDir(rel.slice(0, -1));
    const name = rel[rel.length - 1]!;
    const existing = parent.children.get(name);
    if (existing?.kind === 'symlink') throw new SymlinkRedirect(rel.length, existing.target);
    if (existing?.kind === 'dir') throw new FsError('EISDIR');
    if (existing?.kind === 'chardev') return;
    if (this.readOnly) throw new FsError('EROFS');
    const now = this.clock.now();
    if (existing) {
      existing.data = append ? existing.data + data : data;
      existing.mtime = now;
    } else {
      parent.children.set(name, { kind: 'file', data, mode: 0o644, mtime: now });
      parent.mtime = now;
    }
  }

  async readdir(rel: readonly string[]): Promise<string[]> {
    return [...this.walkDir(rel).children.keys()].sort();
  }

  async mkdir(rel: readonly string[]): Promise<void> {
    if (rel.length === 0) throw new FsError('EEXIST');
    const parent = this.walkDir(rel.slice(0, -1));
    const name = rel[rel.length - 1]!;
    if (parent.children.has(name)) throw new FsError('EEXIST');
    if (this.readOnly) throw new FsError('EROFS');
    const now = this.clock.now();
    parent.children.set(name, { kind: 'dir', children: new Map(), mode: 0o755, mtime: now });
    parent.mtime = now;
  }

  async remove(rel: readonly string[], recursive: boolean): Promise<void> {
    if (rel.length === 0) throw new FsError('EBUSY');
    const parent = this.walkDir(rel.slice(0, -1));
    const name = rel[rel.length - 1]!;
    const node = parent.children.get(name);
    if (!node) throw new FsError('ENOENT');
    if (this.readOnly) throw new FsError('EROFS');
    if (node.kind === 'dir' && node.children.size > 0 && !recursive) throw new FsError('ENOTEMPTY');
    parent.children.delete(name);
    parent.mtime = this.clock.now();
  }

  async setMtime(rel: readonly string[], time: Date): Promise<void> {
    const node = this.walk(rel, true);
    if (this.readOnly) throw new FsError('EROFS');
    node.mtime = time;
  }

  /** The node at rel; symlinks on the way (and at the end when `followLast`) become redirects for the mount table. */
  private walk(rel: readonly string[], followLast: boolean): Node {
    let node: Node = this.root;
    for (let i = 0; i < rel.length; i++) {
      if (node.kind !== 'dir') throw new FsError('ENOTDIR');
      const next = node.children.get(rel[i]!);
      if (!next) throw new FsError('ENOENT');
      if (next.kind === 'symlink' && (i < rel.length - 1 || followLast)) throw new SymlinkRedirect(i + 1, next.target);
      node = next;
    }
    return node;
  }

  private walkDir(rel: readonly string[]): DirNode {
    const node = this.walk(rel, true);
    if (node.kind !== 'dir') throw new FsError('ENOTDIR');
    return node;
  }

  private seedParent(path: string): { parent: DirNode; name: string } {
    const parts = split(path);
    const name = parts.pop();
    if (!name) throw new Error(`cannot seed the root: ${path}`);
    let dir = this.root;
    for (const part of parts) dir = this.childDir(dir, part, 0o755);
    return { parent: dir, name };
  }

  private childDir(dir: DirNode, name: string, mode: number): DirNode {
    let next = dir.children.get(name);
    if (!next) {
      next = { kind: 'dir', children: new Map(), mode, mtime: this.clock.now() };
      dir.children.set(name, next);
    }
    if (next.kind !== 'dir') throw new Error(`not a directory while seeding: ${name}`);
    return next;
  }
}

function statOf(node: Node): FileStat {
  switch (node.kind) {
    case 'dir':
      return { type: 'dir', size: 4096, mode: node.mode, mtime: node.mtime };
    case 'file':
      return { type: 'file', size: Buffer.byteLength(node.data), mode: node.mode, mtime: node.mtime };
    case 'chardev':
      return { type: 'chardev', size: 0, mode: node.mode, mtime: node.mtime, device: node.device };
    case 'symlink':
      return { type: 'symlink', size: node.target.length, mode: node.mode, mtime: node.mtime };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}
