/** NodeName: a pod with spec.nodeName fits only that node (upstream plugins/nodename). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Code, Status, type ClusterEvent, type CycleState, type EnqueueExtensions, type FilterPlugin, type Handle, type Plugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';
import * as names from './names.js';

export const Name = names.NodeName;

/** Why a node other than the requested one is rejected. */
export const ErrReason = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  name(): string {
    return Name;
  }

  /** Only a new node can be the requested one (with queueing hints, as v1.32 runs by default, Node/Add alone). */
  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Node', actionType: ['Add'] }];
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!fits(pod, nodeInfo)) return new Status(Code.UnschedulableAndUnresolvable, ErrReason);
    return Status.success();
  }
}

/** Whether the pod names no node or names this one (upstream Fits). */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  const want = pod.spec?.nodeName ?? '';
  return want === '' || want === nodeInfo.node()?.metadata?.name;
}

export function newNodeName(_args: unknown, _h: Handle): Plugin {
  return new NodeName();
}
