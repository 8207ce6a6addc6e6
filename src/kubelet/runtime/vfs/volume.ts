/** What a mounted volume (image root, emptyDir, hostPath, projection) offers the mount table: operations on paths relative to its root. */

export type FileType = 'file' | 'dir' | 'chardev' | 'symlink';

export interface FileStat {
  type: FileType;
  size: number;
  /** Permission bits (e.g. 0o644). */
  mode: number;
  mtime: Date;
  /** For a character device: which one ('null', 'zero', 'stdout', 'stderr', 'stdin'). */
  device?: string;
}

/**
 * A symbolic link met while walking a path. Backends never follow links themselves: they throw this and the mount
 * table resolves `target` in the container's path space (a link in a hostPath folder pointing at /etc/passwd means the
 * container's /etc/passwd, as inside a real container's mount namespace), so no link ever leads to a host path.
 */
export class SymlinkRedirect {
  constructor(
    /** How many components of the relative path the link consumed (the link itself included). */
    readonly consumed: number,
    readonly target: string,
  ) {}
}

/** Paths are arrays of clean components ('' and '.' and '..' never occur). Errors are FsError or SymlinkRedirect. */
export interface Volume {
  /** Writes anywhere in it fail with EROFS (configMap, secret, downwardAPI projections). */
  readonly readOnly: boolean;
  /** Does not follow a symlink in the last component (reports type 'symlink'). */
  lstat(rel: readonly string[]): Promise<FileStat>;
  readlink(rel: readonly string[]): Promise<string>;
  readFile(rel: readonly string[]): Promise<string>;
  /** Creates the file when missing (its parent must exist); `append` keeps what is there. */
  writeFile(rel: readonly string[], data: string, append: boolean): Promise<void>;
  readdir(rel: readonly string[]): Promise<string[]>;
  /** Fails with EEXIST when something is there already. */
  mkdir(rel: readonly string[]): Promise<void>;
  /** Removes a file, or a directory with everything in it when `recursive` (else only an empty one). */
  remove(rel: readonly string[], recursive: boolean): Promise<void>;
  /** Sets the modification time of an existing entry. */
  setMtime(rel: readonly string[], time: Date): Promise<void>;
}
