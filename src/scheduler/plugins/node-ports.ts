/** NodePorts: a pod's hostPorts must be free on the node, 0.0.0.0 conflicting with every address (upstream plugins/nodeports). */
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1.js';
import {
  Code,
  Status,
  type ClusterEvent,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type Plugin,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type StateData,
} from '../framework/interface.js';
import type { NodeInfo } from '../framework/types.js';
import * as names from './names.js';

export const Name = names.NodePorts;

/** The cycle-state key of the pod's host ports. */
export const PreFilterStateKey = `PreFilter${Name}`;

/** A wanted host port is taken on the node. */
export const ErrReason = "node(s) didn't have free ports for the requested pod ports";

class PreFilterState implements StateData {
  constructor(readonly ports: ContainerPort[]) {}
  clone(): StateData {
    return this;
  }
}

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  name(): string {
    return Name;
  }

  /** Ports are freed when a pod goes (container ports are immutable); a new node has all free (v1.32 with queueing hints). */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ['Delete'] },
      { resource: 'Node', actionType: ['Add'] },
    ];
  }

  /** Skip for a pod without host ports. */
  preFilter(state: CycleState, pod: Pod, _nodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const ports = getHostPorts(pod);
    if (ports.length === 0) return { status: new Status(Code.Skip) };
    state.write(PreFilterStateKey, new PreFilterState(ports));
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PreFilterStateKey);
    if (!s) return Status.error(`reading "${PreFilterStateKey}" from cycleState: not found`);
    if (!fitsPorts(s.ports, nodeInfo)) return new Status(Code.Unschedulable, ErrReason);
    return Status.success();
  }
}

/** The ports of the pod's containers that ask for a host port (upstream util.GetHostPorts). */
export function getHostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  return out;
}

/** Whether the pod's host ports are all free on the node (upstream Fits, used by DaemonSets and preemption). */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  return fitsPorts(getHostPorts(pod), nodeInfo);
}

function fitsPorts(want: ContainerPort[], nodeInfo: NodeInfo): boolean {
  for (const p of want) if (nodeInfo.usedPorts.checkConflict(p.hostIP ?? '', p.protocol ?? '', p.hostPort ?? 0)) return false;
  return true;
}

export function newNodePorts(_args: unknown, _h: Handle): Plugin {
  return new NodePorts();
}
