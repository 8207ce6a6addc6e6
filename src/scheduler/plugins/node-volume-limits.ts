/**
 * NodeVolumeLimits (upstream plugins/nodevolumelimits CSILimits): caps the CSI volumes attached to a node at the
 * per-driver counts its CSINode object publishes. kubesim serves no CSINode objects, so no node publishes a limit
 * and, as upstream does for a node without CSINode, every node passes; PreFilter skips pods without PVC volumes.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Code, Status, type ClusterEvent, type CycleState, type EnqueueExtensions, type FilterPlugin, type Handle, type Plugin, type PreFilterExtensions, type PreFilterPlugin, type PreFilterResult } from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';
import * as names from './names.js';

export const Name = names.NodeVolumeLimits;
export const ErrReasonMaxVolumeCountExceeded = 'node(s) exceed max volume count';

export class NodeVolumeLimits implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  name(): string {
    return Name;
  }

  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'CSINode', actionType: ['Add', 'Update'] },
      { resource: 'Pod', actionType: ['Delete'] },
      { resource: 'PersistentVolumeClaim', actionType: ['Add'] },
    ];
  }

  /** Pods without PVC or ephemeral volumes are skipped (upstream CSILimits.PreFilter). */
  preFilter(_state: CycleState, pod: Pod): { result?: PreFilterResult; status: Status } {
    const uses = (pod.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim || v.ephemeral || v.csi);
    return { status: uses ? Status.success() : new Status(Code.Skip) };
  }

  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  /** No node has a CSINode with allocatable counts, so no driver has a limit (upstream: no limits, no rejection). */
  filter(_state: CycleState, _pod: Pod, _nodeInfo: NodeInfo): Status {
    return Status.success();
  }
}

export function newNodeVolumeLimits(_args: unknown, _h: Handle): Plugin {
  return new NodeVolumeLimits();
}
