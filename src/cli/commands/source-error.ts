/** kubectl's AddSourceToErr: a server error about a file names the file (`error when creating "ds.yaml": ...`). */
import { StatusError } from '../../api/errors.js';

export function addSourceToError(verb: 'creating' | 'patching' | 'replacing' | 'deleting', source: string, err: unknown, _name?: string): unknown {
  if (!(err instanceof StatusError) || !source) return err;
  const status = structuredClone(err.status);
  status.message = `error when ${verb} "${source}": ${status.message}`;
  return new StatusError(status);
}
