/**
 * The virtual container filesystem: what a simulated container's commands read and write. Nothing here touches the
 * host except HostVolume, which is confined to a folder inside the node's folder (see host-volume.ts).
 *
 *   const root = createImageRoot({ clock, hostname, hosts: kubeletHostsFile(...), resolvConf: podResolvConf(...) });
 *   const fs = new MountedFs(root, [
 *     { path: '/cache', volume: emptyDir },                      // new MemoryVolume({ clock }), one per pod volume
 *     { path: '/data', volume: await HostVolume.open(await resolveHostPath(nodeDir, '/var/data', 'DirectoryOrCreate'), { clock }) },
 *     { path: '/etc/config', volume: createProjection(clock, { 'game.properties': '...' }) },
 *   ], clock);
 */
export { FsError, errnoMessages, type Errno } from './fs-error.js';
export type { FileStat, FileType, Volume } from './volume.js';
export { MemoryVolume } from './memory-volume.js';
export { HostVolume, resolveHostPath, type HostPathType } from './host-volume.js';
export { MountedFs, components, type ContainerFs, type Mount } from './container-fs.js';
export { createImageRoot, type ImageRootOptions } from './image-root.js';
export { createProjection, type ProjectedFile } from './projection.js';
export { kubeletHostsFile, clusterFirstDns, podResolvConf, type HostsFileOptions, type ResolvConfOptions } from './etc-files.js';
