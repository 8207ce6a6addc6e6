/** Group, version and resource: how a caller names what it reads or writes, as client-go's GroupVersionResource. */
import { kindByResource, type KindInfo } from './kinds.js';

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
