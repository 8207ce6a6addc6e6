/**
 * VolumeRestrictions: the same GCE PD, AWS EBS, RBD image or iSCSI IQN cannot be mounted read-write by two pods on
 * one node, and a ReadWriteOncePod claim can serve only one pod in the cluster (upstream plugins/volumerestrictions).
 */
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
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
import { getNamespacedName, type NodeInfo, type PodInfo } from '../framework/types.js';
import { getPVC, NotFoundError } from './helper/storage-listers.js';
import * as names from './names.js';

export const Name = names.VolumeRestrictions;

/** The cycle-state key of the pod's ReadWriteOncePod claims and how many scheduled pods use them. */
export const PreFilterStateKey = `PreFilter${Name}`;

/** A disk the pod mounts is already mounted (read-write) by a pod on the node. */
export const ErrReasonDiskConflict = 'node(s) had no available disk';
/** A ReadWriteOncePod claim the pod uses is in use by another pod. */
export const ErrReasonReadWriteOncePodConflict = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

class PreFilterState implements StateData {
  constructor(
    /** Names of the pod's claims with the ReadWriteOncePod access mode. */
    readonly readWriteOncePodPVCs: Set<string>,
    /** How many references scheduled pods hold to those claims. */
    public conflictingPVCRefCount: number,
  ) {}

  updateWithPod(podInfo: PodInfo, multiplier: number): void {
    this.conflictingPVCRefCount += multiplier * this.conflictingPVCRefCountForPod(podInfo);
  }

  private conflictingPVCRefCountForPod(podInfo: PodInfo): number {
    let conflicts = 0;
    for (const v of podInfo.pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim && this.readWriteOncePodPVCs.has(v.persistentVolumeClaim.claimName)) conflicts++;
    }
    return conflicts;
  }

  clone(): StateData {
    return new PreFilterState(this.readWriteOncePodPVCs, this.conflictingPVCRefCount);
  }
}

export class VolumeRestrictions implements PreFilterPlugin, FilterPlugin, PreFilterExtensions, EnqueueExtensions {
  constructor(private readonly handle: Handle) {}

  name(): string {
    return Name;
  }

  /** A pod going releases its disks; a node may have room; a missing claim may be created (v1.32 with queueing hints). */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ['Delete'] },
      { resource: 'Node', actionType: ['Add'] },
      { resource: 'PersistentVolumeClaim', actionType: ['Add'] },
    ];
  }

  /** Skip when the pod has no conflict-prone disk and no ReadWriteOncePod claim in use. */
  preFilter(state: CycleState, pod: Pod, _nodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const needsCheck = (pod.spec?.volumes ?? []).some(needsRestrictionsCheck);
    let pvcs: Set<string>;
    try {
      pvcs = this.readWriteOncePodPVCsForPod(pod);
    } catch (e) {
      if (e instanceof NotFoundError) return { status: new Status(Code.UnschedulableAndUnresolvable, e.message) };
      return { status: Status.error(e as Error) };
    }
    const s = this.calPreFilterState(pod, pvcs);
    if (!needsCheck && s.conflictingPVCRefCount === 0) return { status: new Status(Code.Skip) };
    state.write(PreFilterStateKey, s);
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _podToSchedule: Pod, podInfoToAdd: PodInfo, _nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PreFilterStateKey);
    if (!s) return Status.error(`cannot read "${PreFilterStateKey}" from cycleState`);
    s.updateWithPod(podInfoToAdd, 1);
    return Status.success();
  }

  removePod(state: CycleState, _podToSchedule: Pod, podInfoToRemove: PodInfo, _nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PreFilterStateKey);
    if (!s) return Status.error(`cannot read "${PreFilterStateKey}" from cycleState`);
    s.updateWithPod(podInfoToRemove, -1);
    return Status.success();
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!satisfyVolumeConflicts(pod, nodeInfo)) return new Status(Code.Unschedulable, ErrReasonDiskConflict);
    const s = state.read<PreFilterState>(PreFilterStateKey);
    if (!s) return Status.error(`cannot read "${PreFilterStateKey}" from cycleState`);
    if (s.conflictingPVCRefCount > 0) return new Status(Code.Unschedulable, ErrReasonReadWriteOncePodConflict);
    return Status.success();
  }

  /** The pod's claims with the ReadWriteOncePod access mode; throws NotFoundError for a missing claim. */
  private readWriteOncePodPVCsForPod(pod: Pod): Set<string> {
    const out = new Set<string>();
    const ns = pod.metadata?.namespace ?? '';
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const pvc = getPVC(this.handle, ns, v.persistentVolumeClaim.claimName);
      if (!(pvc.spec?.accessModes ?? []).includes('ReadWriteOncePod')) continue;
      out.add(pvc.metadata?.name ?? '');
    }
    return out;
  }

  /** There can be at most one pod using a ReadWriteOncePod claim: count the scheduled ones. */
  private calPreFilterState(pod: Pod, pvcs: Set<string>): PreFilterState {
    let n = 0;
    const storage = this.handle.snapshotSharedLister().storageInfos();
    for (const pvc of pvcs) if (storage.isPVCUsedByPods(getNamespacedName(pod.metadata?.namespace ?? '', pvc))) n++;
    return new PreFilterState(pvcs, n);
  }
}

/** Whether the volume is of a kind that can conflict on a node. */
function needsRestrictionsCheck(v: Volume): boolean {
  return !!(v.gcePersistentDisk || v.awsElasticBlockStore || v.rbd || v.iscsi);
}

/** Whether no pod on the node mounts one of the pod's disks in a conflicting way. */
function satisfyVolumeConflicts(pod: Pod, nodeInfo: NodeInfo): boolean {
  for (const v of pod.spec?.volumes ?? []) {
    if (!needsRestrictionsCheck(v)) continue;
    for (const ev of nodeInfo.pods) if (isVolumeConflict(v, ev.pod)) return false;
  }
  return true;
}

/** Same GCE PD (unless both read-only), same EBS volume, same iSCSI IQN or RBD image (unless both read-only). */
export function isVolumeConflict(volume: Volume, pod: Pod): boolean {
  for (const existing of pod.spec?.volumes ?? []) {
    if (volume.gcePersistentDisk && existing.gcePersistentDisk) {
      const d = volume.gcePersistentDisk;
      const e = existing.gcePersistentDisk;
      if (d.pdName === e.pdName && !(d.readOnly && e.readOnly)) return true;
    }
    if (volume.awsElasticBlockStore && existing.awsElasticBlockStore) {
      if (volume.awsElasticBlockStore.volumeID === existing.awsElasticBlockStore.volumeID) return true;
    }
    if (volume.iscsi && existing.iscsi) {
      if (volume.iscsi.iqn === existing.iscsi.iqn && !(volume.iscsi.readOnly && existing.iscsi.readOnly)) return true;
    }
    if (volume.rbd && existing.rbd) {
      const v = volume.rbd;
      const e = existing.rbd;
      // The same image: a shared Ceph monitor, the same RADOS pool and image name.
      if (haveOverlap(v.monitors, e.monitors) && (v.pool ?? '') === (e.pool ?? '') && v.image === e.image && !(v.readOnly && e.readOnly)) return true;
    }
  }
  return false;
}

function haveOverlap(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const s = new Set(a ?? []);
  return (b ?? []).some((x) => s.has(x));
}

export function newVolumeRestrictions(_args: unknown, h: Handle): Plugin {
  return new VolumeRestrictions(h);
}
