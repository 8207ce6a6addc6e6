/** Group, version and resource: how a caller names what it reads or writes, as client-go's GroupVersionResource. */
import { NoKindMatchError } from './errors.js';
import { kindByResource, kindFor, type KindInfo } from './kinds.js';
import { parseApiVersion } from './object.js';

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** The kinds table entry for a GVR, when the server serves that version. */
export function kindForGVR(gvr: GroupVersionResource): KindInfo | undefined {
  const k = kindByResource(gvr.group, gvr.resource);
  return k && k.versions.includes(gvr.version) ? k : undefined;
}

export const gvrOf = (k: KindInfo, version = k.versions[0]!): GroupVersionResource => ({ group: k.group, version, resource: k.plural });

/** The GVR an object is written to, from its apiVersion and kind; throws NoKindMatchError when not served. */
export function gvrForObject(obj: { apiVersion?: unknown; kind?: unknown }): GroupVersionResource {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const { group, version } = parseApiVersion(apiVersion);
  const k = kindFor(apiVersion, kind);
  if (!k) throw new NoKindMatchError(group, version, kind);
  return { group: k.group, version, resource: k.plural };
}
