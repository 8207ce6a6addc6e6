import type { Clock } from '../../../util/clock.js';
import { MemoryVolume } from './memory-volume.js';

/** The root filesystem of a container started from an image: a busybox-like tree plus the kubelet-managed /etc files. */

export interface ImageRootOptions {
  clock: Clock;
  /** Content of /etc/hostname without the newline (the pod's hostname). */
  hostname: string;
  /** Content of /etc/hosts (see kubeletHostsFile). */
  hosts: string;
  /** Content of /etc/resolv.conf (see podResolvConf). */
  resolvConf: string;
  /** Image-specific files by absolute path (they replace the defaults, e.g. /etc/passwd, /usr/share/nginx/html/index.html). */
  files?: Record<string, string>;
  /** Extra empty directories of the image. */
  dirs?: string[];
  /** Program names placed in /bin as executables (ls /bin shows them). */
  binaries?: string[];
}

const defaultDirs = ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/sbin', '/var/log', '/var/run', '/var/tmp'];

/** busybox's /etc/passwd and /etc/group, so `cat /etc/passwd` shows the container's users, never the host's. */
const defaultFiles: Record<string, string> = {
  '/etc/passwd': [
    'root:x:0:0:root:/root:/bin/sh',
    'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
    'bin:x:2:2:bin:/bin:/bin/false',
    'sys:x:3:3:sys:/dev:/bin/false',
    'sync:x:4:100:sync:/bin:/bin/sync',
    'mail:x:8:8:mail:/var/spool/mail:/bin/false',
    'www-data:x:33:33:www-data:/var/www:/bin/false',
    'operator:x:37:37:Operator:/var:/bin/false',
    'nobody:x:65534:65534:nobody:/home:/bin/false',
    '',
  ].join('\n'),
  '/etc/group': [
    'root:x:0:',
    'daemon:x:1:',
    'bin:x:2:',
    'sys:x:3:',
    'adm:x:4:',
    'tty:x:5:',
    'disk:x:6:',
    'wheel:x:10:root',
    'mail:x:12:',
    'www-data:x:33:',
    'users:x:100:',
    'nogroup:x:65534:',
    '',
  ].join('\n'),
};

export function createImageRoot(options: ImageRootOptions): MemoryVolume {
  const root = new MemoryVolume({ clock: options.clock });
  for (const dir of [...defaultDirs, ...(options.dirs ?? [])]) root.seedDir(dir);
  root.seedDir('/tmp', 0o1777);
  for (const device of ['null', 'zero', 'random', 'urandom', 'stdin', 'stdout', 'stderr']) root.seedDevice(`/dev/${device}`, device);
  for (const name of options.binaries ?? ['sh']) root.seedFile(`/bin/${name}`, '', 0o755);
  for (const [path, data] of Object.entries({ ...defaultFiles, ...(options.files ?? {}) })) root.seedFile(path, data);
  root.seedFile('/etc/hostname', options.hostname + '\n');
  root.seedFile('/etc/hosts', options.hosts);
  root.seedFile('/etc/resolv.conf', options.resolvConf);
  return root;
}
