/** The objects a describer shows besides the described one, and how the CLI asks the API for them (as kubectl does). */
import type { GroupVersionResource } from '../../api/group-version.js';
import type { KubeObject } from '../../api/object.js';
import type { ListOptions } from '../../api/request-options.js';

export interface RelatedError {
  /** The API error's message, as kubectl prints it (e.g. `leases.coordination.k8s.io "n1" not found`). */
  message: string;
  /** The Status reason (`NotFound`, `Forbidden`): some describers treat these specially. */
  reason?: string;
}

export interface Related {
  /** Events about the object; absent means events are not shown (`--show-events=false`). */
  events?: KubeObject[];
  /**
   * Pods: a workload's (by its selector, filtered here by controller), a node's non-terminated pods, or all of a
   * PersistentVolumeClaim's namespace (filtered here to those using it).
   */
  pods?: KubeObject[];
  /** A Deployment's ReplicaSets (by its selector; filtered here by controller). */
  replicaSets?: KubeObject[];
  /** A Service's EndpointSlices. */
  endpointSlices?: KubeObject[];
  /** A Node's Lease in kube-node-lease. */
  lease?: KubeObject;
  /** A Namespace's ResourceQuotas and LimitRanges. */
  resourceQuotas?: KubeObject[];
  limitRanges?: KubeObject[];
  /** A ServiceAccount's namespace's Secrets. */
  secrets?: KubeObject[];
  /** The Services an Ingress routes to. */
  services?: KubeObject[];
  /**
   * Fetches that failed where kubectl carries on and prints the failure (requests with onError 'record'),
   * by the request's errorKey (its key unless it names one).
   */
  errors?: Partial<Record<string, RelatedError>>;
}

export type RelatedKey = Exclude<keyof Related, 'errors'>;

/** One request the CLI makes through the Client; results of requests with the same key are concatenated in order. */
export interface RelatedRequest {
  key: RelatedKey;
  gvr: GroupVersionResource;
  /** The namespace to read in; absent for cluster-scoped resources or across all namespaces. */
  namespace?: string;
  /** GET this name; otherwise LIST with listOptions. */
  name?: string;
  listOptions?: ListOptions;
  /**
   * What a failure means, as in kubectl: 'fail' aborts describe with the error; 'record' puts it in
   * `related.errors[key]` for the describer to print; 'empty' carries on with an empty list; 'omit' leaves
   * the key out, which drops the section (a namespace's quotas when the server has none to list).
   */
  onError: 'fail' | 'record' | 'empty' | 'omit';
  /** When set, onError applies only to errors with this Status reason; any other error fails describe. */
  whenReason?: string;
  /**
   * Where a recorded error goes in `related.errors` when not under `key` (one Service of several); the first
   * error recorded under a key is the one kubectl prints.
   */
  errorKey?: string;
}
