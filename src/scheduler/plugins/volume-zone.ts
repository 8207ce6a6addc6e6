/** VolumeZone: a pod using zonal PersistentVolumes goes only to nodes in their zones and regions (upstream plugins/volumezone). */
import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1.js';
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
import { getPV, getPVC, getStorageClass, NotFoundError } from './helper/storage-listers.js';
import * as names from './names.js';
import { getPersistentVolumeClaimClass } from './volume-binding/binder.js';

export const Name = names.VolumeZone;

/** The cycle-state key of the topology of the pod's bound volumes. */
export const PreFilterStateKey = `PreFilter${Name}`;

/** The node's zone or region is not one of a volume's. */
export const ErrReasonConflict = 'node(s) had no available volume zone';

/** The labels that carry a volume's and a node's topology, beta ones first. */
const topologyLabels = ['failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region'];
const gaLabel: Record<string, string> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
};

interface PVTopology {
  pvName: string;
  key: string;
  values: Set<string>;
}

class StateData_ implements StateData {
  constructor(readonly podPVTopologies: PVTopology[]) {}
  clone(): StateData {
    return this;
  }
}

export class VolumeZone implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  constructor(private readonly handle: Handle) {}

  name(): string {
    return Name;
  }

  /** A WaitForFirstConsumer class, a node's labels, a claim getting its volume, or a volume's labels may help. */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'StorageClass', actionType: ['Add'] },
      { resource: 'Node', actionType: ['Add', 'UpdateNodeLabel', 'UpdateNodeTaint'] },
      { resource: 'PersistentVolumeClaim', actionType: ['Add', 'Update'] },
      { resource: 'PersistentVolume', actionType: ['Add', 'Update'] },
    ];
  }

  /** Skip when no bound volume of the pod carries topology labels. */
  preFilter(state: CycleState, pod: Pod, _nodes: NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const { topologies, status } = this.getPVbyPod(pod);
    if (!status.isSuccess()) return { status };
    if (topologies.length === 0) return { status: new Status(Code.Skip) };
    state.write(PreFilterStateKey, new StateData_(topologies));
    return { status: Status.success() };
  }

  preFilterExtensions(): PreFilterExtensions | undefined {
    return undefined;
  }

  /** A node without any topology label fits (single-zone clusters); otherwise each volume's key must hold one of its values. */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    if (!pod.spec?.volumes?.length) return Status.success();
    let topologies = state.read<StateData_>(PreFilterStateKey)?.podPVTopologies;
    if (!topologies) {
      const r = this.getPVbyPod(pod);
      if (!r.status.isSuccess()) return r.status;
      topologies = r.topologies;
    }
    const labels = nodeInfo.node()?.metadata?.labels ?? {};
    if (!topologyLabels.some((l) => l in labels)) return Status.success();
    for (const t of topologies) {
      // A volume's beta label also matches the node's GA label.
      const v = labels[t.key] ?? (gaLabel[t.key] ? labels[gaLabel[t.key]!] : undefined);
      if (v === undefined || !t.values.has(v)) return new Status(Code.UnschedulableAndUnresolvable, ErrReasonConflict);
    }
    return Status.success();
  }

  /** The topology labels of the volumes bound to the pod's claims; unbound WaitForFirstConsumer claims are skipped. */
  private getPVbyPod(pod: Pod): { topologies: PVTopology[]; status: Status } {
    const topologies: PVTopology[] = [];
    const fail = (status: Status) => ({ topologies: [], status });
    for (const vol of pod.spec?.volumes ?? []) {
      if (!vol.persistentVolumeClaim) continue;
      const pvcName = vol.persistentVolumeClaim.claimName;
      if (!pvcName) return fail(new Status(Code.UnschedulableAndUnresolvable, 'PersistentVolumeClaim had no name'));
      try {
        const pvc = getPVC(this.handle, pod.metadata?.namespace ?? '', pvcName);
        const pvName = pvc.spec?.volumeName ?? '';
        if (pvName === '') {
          const scName = getPersistentVolumeClaimClass(pvc);
          if (scName === '') return fail(new Status(Code.UnschedulableAndUnresolvable, 'PersistentVolumeClaim had no pv name and storageClass name'));
          const sc = getStorageClass(this.handle, scName);
          if (!sc.volumeBindingMode) return fail(new Status(Code.UnschedulableAndUnresolvable, `VolumeBindingMode not set for StorageClass "${scName}"`));
          if (sc.volumeBindingMode === 'WaitForFirstConsumer') continue;
          return fail(new Status(Code.UnschedulableAndUnresolvable, 'PersistentVolume had no name'));
        }
        topologies.push(...getPVTopologies(getPV(this.handle, pvName)));
      } catch (e) {
        if (e instanceof NotFoundError) return fail(new Status(Code.UnschedulableAndUnresolvable, e.message));
        return fail(Status.error(e as Error));
      }
    }
    return { topologies, status: Status.success() };
  }
}

/** One entry per topology label of the volume; a value may list zones joined by `__`. Unparsable values are ignored. */
function getPVTopologies(pv: PersistentVolume): PVTopology[] {
  const out: PVTopology[] = [];
  for (const key of topologyLabels) {
    const value = pv.metadata?.labels?.[key];
    if (value === undefined) continue;
    const zones = value.split('__').map((z) => z.trim());
    if (zones.some((z) => z === '')) continue;
    out.push({ pvName: pv.metadata?.name ?? '', key, values: new Set(zones) });
  }
  return out;
}

export function newVolumeZone(_args: unknown, h: Handle): Plugin {
  return new VolumeZone(h);
}
