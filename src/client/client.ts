/**
 * The Client every component uses (CLI, scheduler, controllers, kubelets), like client-go's dynamic client:
 * `client.resource(gvr).namespace(ns).get(name)`. Implemented in-process over the registry and, later, over HTTP.
 */
import type { GroupVersionResource } from '../api/group-version.js';
import type { KubeList, KubeObject } from '../api/object.js';
import type {
  CreateOptions,
  DeleteOptions,
  DeleteResult,
  GetOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  UpdateOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../api/request-options.js';

/** Operations on one resource in one namespace (or cluster-wide / across all namespaces). */
export interface ResourceOps {
  get(name: string, opts?: GetOptions): Promise<KubeObject>;
  list(opts?: ListOptions): Promise<KubeList>;
  /** Calls onEvent for every event until stop(); an ERROR event (e.g. 410 Expired) ends the watch. */
  watch(opts: WatchOptions, onEvent: (ev: WatchEvent) => void): Promise<WatchHandle>;
  create(obj: KubeObject, opts?: CreateOptions): Promise<KubeObject>;
  update(obj: KubeObject, opts?: UpdateOptions): Promise<KubeObject>;
  updateStatus(obj: KubeObject, opts?: UpdateOptions): Promise<KubeObject>;
  patch(name: string, type: PatchType, patch: unknown, opts?: PatchOptions & { subresource?: 'status' | 'scale' }): Promise<KubeObject>;
  delete(name: string, opts?: DeleteOptions): Promise<DeleteResult>;
  deleteCollection(listOpts: ListOptions, opts?: DeleteOptions): Promise<KubeObject[]>;
  /** GET of a subresource such as `scale`. */
  getSubresource(name: string, subresource: string): Promise<KubeObject>;
  /** PUT of a subresource such as `scale`, `status` or a namespace's `finalize`. */
  updateSubresource(name: string, subresource: string, obj: KubeObject, opts?: UpdateOptions): Promise<KubeObject>;
  /** POST of a subresource such as a pod's `binding`. */
  createSubresource(name: string, subresource: string, obj: KubeObject, opts?: CreateOptions): Promise<KubeObject | undefined>;
}

/** A resource: cluster-scoped (or all namespaces) ops, and `namespace(ns)` for one namespace. */
export interface ResourceInterface extends ResourceOps {
  namespace(ns: string): ResourceOps;
}

export interface Client {
  resource(gvr: GroupVersionResource): ResourceInterface;
}
