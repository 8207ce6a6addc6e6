/**
 * The simulated node's filesystem: node paths (`/etc/kubernetes/manifests`) live inside the node's folder
 * (KUBESIM_HOME/nodes/<node>), and nothing the kubelet reads for a node may lie outside it. `..` stops at the node's
 * root, as it does at a real filesystem's root; a symlink whose real target leaves the node folder is refused.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { join, posix, relative, sep, isAbsolute } from 'node:path';

/** What a node path is on the host: its real location inside the node folder, or why it has none. */
export type NodePathState =
  | { kind: 'missing' }
  | { kind: 'outside'; target: string }
  | { kind: 'directory' | 'file' | 'other'; real: string; mode: number; symlink: boolean };

export class NodeFs {
  private realRoot: Promise<string> | undefined;

  constructor(readonly nodeDir: string) {}

  /** A node path made absolute against base, `..` stopping at the root: `../../etc` from /var/lib/kubelet is /etc. */
  static resolve(path: string, base = '/'): string {
    return posix.resolve(base, path);
  }

  /** Where a node path sits on the host, before symlinks are followed (always inside the node folder). */
  hostPath(nodePath: string): string {
    return join(this.nodeDir, NodeFs.resolve(nodePath));
  }

  /** Follows the path's symlinks on the host and tells what is there, refusing anything outside the node folder. */
  async inspect(nodePath: string): Promise<NodePathState> {
    const host = this.hostPath(nodePath);
    let symlink: boolean;
    try {
      symlink = (await lstat(host)).isSymbolicLink();
    } catch (e) {
      if (isNotFound(e)) return { kind: 'missing' };
      throw e;
    }
    let real: string;
    try {
      real = await realpath(host);
    } catch (e) {
      // A dangling symlink: its target does not exist (inside or outside); the kubelet's stat would say "no such file".
      if (isNotFound(e)) return { kind: 'missing' };
      throw e;
    }
    if (!(await this.contains(real))) return { kind: 'outside', target: real };
    const st = await stat(real);
    const kind = st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other';
    return { kind, real, mode: st.mode, symlink };
  }

  /** Whether a real host path lies inside the node folder (the folder itself included). */
  async contains(real: string): Promise<boolean> {
    this.realRoot ??= realpath(this.nodeDir).catch(() => this.nodeDir);
    const root = await this.realRoot;
    const rel = relative(root, real);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  }
}

export function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
