/** NodeUnschedulable: cordoned nodes (spec.unschedulable) take only pods tolerating node.kubernetes.io/unschedulable (upstream plugins/nodeunschedulable). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { TaintKey, tolerationsTolerateTaint } from '../../api/taints.js';
import { Code, Status, type ClusterEvent, type CycleState, type EnqueueExtensions, type FilterPlugin, type Handle, type Plugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';
import * as names from './names.js';

export const Name = names.NodeUnschedulable;

/** The node object is missing. */
export const ErrReasonUnknownCondition = 'node(s) had unknown conditions';
/** The node is cordoned and the pod does not tolerate it. */
export const ErrReasonUnschedulable = 'node(s) were unschedulable';

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  name(): string {
    return Name;
  }

  /** Uncordoning a node (its taint changes with it) or adding a toleration can help (v1.32 with queueing hints). */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ['UpdatePodTolerations'] },
      { resource: 'Node', actionType: ['Add', 'UpdateNodeTaint'] },
    ];
  }

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const node = nodeInfo.node();
    if (!node) return new Status(Code.UnschedulableAndUnresolvable, ErrReasonUnknownCondition);
    if (!nodeInfo.unschedulable()) return Status.success();
    // A pod tolerating the unschedulable taint also tolerates spec.unschedulable.
    const tolerates = tolerationsTolerateTaint(pod.spec?.tolerations, { key: TaintKey.NodeUnschedulable, effect: 'NoSchedule' });
    if (!tolerates) return new Status(Code.UnschedulableAndUnresolvable, ErrReasonUnschedulable);
    return Status.success();
  }
}

export function newNodeUnschedulable(_args: unknown, _h: Handle): Plugin {
  return new NodeUnschedulable();
}
