/** Node changes shared by the daemon and by `kubesim node` when the cluster is stopped: new node entries, removal. */
import { isNotFound } from '../api/errors.js';
import type { FieldError } from '../api/field-error.js';
import type { Client } from '../client/client.js';
import { Leases, Nodes } from '../client/resources.js';
import { ClusterConfigError, nodeAddress, normalizeNodeConfig, type ClusterConfig, type NodeConfig } from './cluster-config.js';

/** The kubelet's Lease namespace. */
const NodeLeaseNamespace = 'kube-node-lease';

/** What `kubesim node add` asks for. */
export interface AddNodeRequest {
  name: string;
  role?: 'control-plane' | 'worker';
  labels?: Record<string, string>;
  /** `key=value:Effect` strings or taint objects. */
  taints?: unknown[];
  capacity?: Record<string, string>;
}

/** A request the daemon refuses, with the message the CLI prints. */
export class DaemonRequestError extends Error {
  constructor(
    message: string,
    readonly code = 400,
  ) {
    super(message);
    this.name = 'DaemonRequestError';
  }
}

/** A new node's configuration: validated, with the next free address. */
export function newNodeConfig(cluster: ClusterConfig, req: AddNodeRequest): NodeConfig {
  if (cluster.nodes.some((n) => n.name === req.name)) throw new DaemonRequestError(`node "${req.name}" already exists`, 409);
  const used = new Set(cluster.nodes.map((n) => n.internalIP));
  let i = 0;
  while (used.has(nodeAddress(i))) i++;
  const errs: FieldError[] = [];
  const node = normalizeNodeConfig(
    { name: req.name, role: req.role ?? 'worker', labels: req.labels, taints: req.taints, capacity: req.capacity, internalIP: nodeAddress(i) },
    'node',
    1,
    errs,
  );
  if (errs.length || !node) throw new DaemonRequestError(new ClusterConfigError('invalid node', errs).message);
  return node;
}

/** Deletes a removed node's Node and Lease (what `kubectl delete node` and the garbage collector would do). */
export async function deleteNodeObjects(client: Client, name: string): Promise<void> {
  for (const del of [() => client.resource(Nodes).delete(name), () => client.resource(Leases).namespace(NodeLeaseNamespace).delete(name)]) {
    try {
      await del();
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
