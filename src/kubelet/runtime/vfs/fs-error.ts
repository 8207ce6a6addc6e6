/** Errors of the virtual container filesystem, carrying errno codes and libc's strerror texts so tools print them as busybox does. */

export const errnoMessages = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Symbolic link loop',
  EINVAL: 'Invalid argument',
  EBUSY: 'Resource busy',
  EIO: 'I/O error',
} as const;

export type Errno = keyof typeof errnoMessages;

/** A failed filesystem operation; `message` is the strerror text alone (tools add their own prefix). */
export class FsError extends Error {
  constructor(
    readonly code: Errno,
    readonly path?: string,
  ) {
    super(errnoMessages[code]);
    this.name = 'FsError';
  }
}

/** Maps a Node.js error from the host filesystem to an FsError, keeping only the errno codes we know (anything else is EIO). */
export function fromNodeError(err: unknown, path?: string): FsError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOOP') return new FsError('ELOOP', path);
  if (code && code in errnoMessages) return new FsError(code as Errno, path);
  if (code === 'EPERM') return new FsError('EACCES', path);
  return new FsError('EIO', path);
}
