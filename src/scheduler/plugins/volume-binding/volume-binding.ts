/**
 * VolumeBinding: a pod's PersistentVolumeClaims must exist and be bindable on the node: bound volumes' node
 * affinity must match it, immediate claims must already be bound, delayed (WaitForFirstConsumer) claims need a
 * matching volume or a provisioner; PreBind binds them (upstream plugins/volumebinding).
 */
import type { Pod, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import {
  Code,
  Status,
  type ClusterEvent,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type Plugin,
  type PreBindPlugin,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type ReservePlugin,
  type StateData,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/types.js';
import { getPVC, NotFoundError } from '../helper/storage-listers.js';
import * as names from '../names.js';
import { VolumeBinder, type PodVolumeClaims, type PodVolumes } from './binder.js';

export const Name = names.VolumeBinding;

/** The cycle-state key of the pod's claims and each node's bindings. */
export const StateKey = Name;

/** Immediate claims the PV controller has not bound yet: nothing on any node will do until it has. */
export const ErrReasonUnboundImmediatePVC = 'pod has unbound immediate PersistentVolumeClaims';

class StateData_ implements StateData {
  allBound = false;
  /** Filter's findings per node, for Reserve. */
  podVolumesByNode = new Map<string, PodVolumes>();
  constructor(readonly podVolumeClaims?: PodVolumeClaims) {}
  clone(): StateData {
    return this;
  }
}

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, ReservePlugin, PreBindPlugin, EnqueueExtensions {
  private readonly binder: VolumeBinder;

  constructor(private readonly handle: Handle) {
    this.binder = new VolumeBinder(handle);
  }

  name(): string {
    return Name;
  }

  /** Storage objects appearing or changing, or a node whose labels may now match a volume's affinity. */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'StorageClass', actionType: ['Add', 'Update'] },
      { resource: 'PersistentVolumeClaim', actionType: ['Add', 'Update'] },
      { resource: 'PersistentVolume', actionType: ['Add', 'Update'] },
      { resource: 'Node', actionType: ['Add', 'UpdateNodeLabel', 'UpdateNodeTaint'] },
      { resource: 'CSINode', actionType: ['Add', 'Update'] },
    ];
  }

  /**
   * Skip for a pod without claims; a missing, lost or deleting claim, or an unbound immediate one, rejects the pod
   * everywhere; local volumes of bound claims narrow the nodes.
   */
  preFilter(state: CycleState, pod: Pod, _nodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    let hasPVC: boolean;
    try {
      hasPVC = this.podHasPVCs(pod);
    } catch (e) {
      return { status: new Status(Code.UnschedulableAndUnresolvable, (e as Error).message) };
    }
    if (!hasPVC) {
      state.write(StateKey, new StateData_());
      return { status: new Status(Code.Skip) };
    }
    let claims: PodVolumeClaims;
    try {
      claims = this.binder.getPodVolumeClaims(pod);
    } catch (e) {
      return { status: Status.error(e as Error) };
    }
    if (claims.unboundClaimsImmediate.length > 0) return { status: new Status(Code.UnschedulableAndUnresolvable, ErrReasonUnboundImmediatePVC) };
    const eligible = this.binder.getEligibleNodes(claims.boundClaims);
    state.write(StateKey, new StateData_(claims));
    return { result: eligible ? { nodeNames: eligible } : undefined, status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  /** Every reason the node does not suit the pod's volumes; none remembers the bindings for Reserve. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<StateData_>(StateKey);
    if (!s) return Status.error(`reading "${StateKey}" from cycleState: not found`);
    if (!s.podVolumeClaims) return Status.success();
    const node = nodeInfo.node()!;
    let found: { podVolumes: PodVolumes; reasons: string[] };
    try {
      found = this.binder.findPodVolumes(pod, s.podVolumeClaims, node);
    } catch (e) {
      return Status.error(e as Error);
    }
    if (found.reasons.length) return new Status(Code.UnschedulableAndUnresolvable, ...found.reasons);
    s.podVolumesByNode.set(node.metadata?.name ?? '', found.podVolumes);
    return Status.success();
  }

  async reserve(state: CycleState, _pod: Pod, nodeName: string): Promise<Status> {
    const s = state.read<StateData_>(StateKey);
    if (!s) return Status.error(`reading "${StateKey}" from cycleState: not found`);
    const v = s.podVolumesByNode.get(nodeName);
    // Nothing to bind when every claim is bound (or the pod has none).
    s.allBound = !v || (v.staticBindings.length === 0 && v.dynamicProvisions.length === 0);
    return Status.success();
  }

  async unreserve(state: CycleState, _pod: Pod, _nodeName: string): Promise<void> {
    const s = state.read<StateData_>(StateKey);
    if (s) s.allBound = false;
  }

  async preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status> {
    const s = state.read<StateData_>(StateKey);
    if (!s) return Status.error(`reading "${StateKey}" from cycleState: not found`);
    if (s.allBound) return Status.success();
    const v = s.podVolumesByNode.get(nodeName);
    if (!v) return Status.error(`no pod volumes found for node "${nodeName}"`);
    try {
      await this.binder.bindPodVolumes(pod, nodeName, v);
    } catch (e) {
      return Status.error(e as Error);
    }
    return Status.success();
  }

  /** Whether the pod uses claims; throws (with upstream's message) for a claim missing, lost, deleting or not the pod's. */
  private podHasPVCs(pod: Pod): boolean {
    let hasPVC = false;
    const ns = pod.metadata?.namespace ?? '';
    for (const vol of pod.spec?.volumes ?? []) {
      let pvcName: string;
      let isEphemeral = false;
      if (vol.persistentVolumeClaim) {
        pvcName = vol.persistentVolumeClaim.claimName;
      } else if (vol.ephemeral) {
        pvcName = `${pod.metadata?.name}-${vol.name}`;
        isEphemeral = true;
      } else {
        continue;
      }
      hasPVC = true;
      let pvc: PersistentVolumeClaim;
      try {
        pvc = getPVC(this.handle, ns, pvcName);
      } catch (e) {
        // Normal right after creating a pod with a generic ephemeral volume: say what it waits for.
        if (isEphemeral && e instanceof NotFoundError) throw new Error(`waiting for ephemeral volume controller to create the persistentvolumeclaim "${pvcName}"`);
        throw e;
      }
      if (pvc.status?.phase === 'Lost') throw new Error(`persistentvolumeclaim "${pvc.metadata?.name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`);
      if (pvc.metadata?.deletionTimestamp) throw new Error(`persistentvolumeclaim "${pvc.metadata?.name}" is being deleted`);
      if (isEphemeral) {
        const owner = pvc.metadata?.ownerReferences?.find((r) => r.controller);
        if (!owner || owner.uid !== pod.metadata?.uid) {
          throw new Error(`PVC ${ns}/${pvc.metadata?.name} was not created for pod ${ns}/${pod.metadata?.name} (pod is not owner)`);
        }
      }
    }
    return hasPVC;
  }
}

export function newVolumeBinding(_args: unknown, h: Handle): Plugin {
  return new VolumeBinding(h);
}
