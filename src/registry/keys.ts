/** Where objects live in the store: `/registry/<resource>/<namespace>/<name>`, as Kubernetes lays out etcd. */
import type { KindInfo } from '../api/kinds.js';

export const registryRoot = '/registry/';

export function objectKey(kind: KindInfo, namespace: string | undefined, name: string): string {
  return kind.namespaced ? `${registryRoot}${kind.plural}/${namespace}/${name}` : `${registryRoot}${kind.plural}/${name}`;
}

/** The prefix of a listing: one namespace, or every object of the resource (trailing slash keeps `default` from matching `default2`). */
export function listPrefix(kind: KindInfo, namespace?: string): string {
  return kind.namespaced && namespace ? `${registryRoot}${kind.plural}/${namespace}/` : `${registryRoot}${kind.plural}/`;
}
