import type { Clock } from '../../../util/clock.js';
import { MemoryVolume } from './memory-volume.js';

/**
 * A read-only projected volume (configMap, secret, downwardAPI, projected): files given by the caller as relative
 * path → content (keys or items[].path), with the volume's defaultMode or per-item modes. Writes fail with EROFS.
 */
export interface ProjectedFile {
  data: string;
  mode?: number;
}

export function createProjection(clock: Clock, files: Record<string, string | ProjectedFile>, defaultMode = 0o644): MemoryVolume {
  const volume = new MemoryVolume({ clock, readOnly: true });
  for (const [path, file] of Object.entries(files)) {
    const { data, mode } = typeof file === 'string' ? { data: file, mode: undefined } : file;
    volume.seedFile(path, data, mode ?? defaultMode);
  }
  return volume;
}
