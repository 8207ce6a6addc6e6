/**
 * The per-cycle snapshot of the cluster the plugins read (upstream internal/cache/snapshot.go): NodeInfos by
 * name and in a stable list, the lists of nodes with (anti-)affinity pods, and the PVCs scheduled pods use.
 * The cache refreshes it incrementally; fromPodsAndNodes builds one for tests, like upstream NewSnapshot.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { NodeInfoLister, SharedLister, StorageInfoLister } from './listers.js';
import { getNamespacedName, NodeInfo, type ImageStateSummary } from './types.js';

export class Snapshot implements SharedLister {
  nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinityNodeInfoList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityNodeInfoList: NodeInfo[] = [];
  usedPVCSet = new Set<string>();
  /** The cache generation this snapshot reflects. */
  generation = 0;

  private readonly lister: NodeInfoLister = {
    list: () => this.nodeInfoList,
    havePodsWithAffinityList: () => this.havePodsWithAffinityNodeInfoList,
    havePodsWithRequiredAntiAffinityList: () => this.havePodsWithRequiredAntiAffinityNodeInfoList,
    get: (name) => this.get(name),
  };

  private readonly storage: StorageInfoLister = {
    isPVCUsedByPods: (key) => this.usedPVCSet.has(key),
  };

  /** A snapshot of these pods (those with spec.nodeName) and nodes, as upstream cache.NewSnapshot. */
  static fromPodsAndNodes(pods: Pod[], nodes: Node[]): Snapshot {
    const s = new Snapshot();
    const infos = new Map<string, NodeInfo>();
    const order: string[] = [];
    const infoFor = (name: string): NodeInfo => {
      let ni = infos.get(name);
      if (!ni) {
        infos.set(name, (ni = new NodeInfo()));
        order.push(name);
      }
      return ni;
    };
    for (const n of nodes) infoFor(n.metadata?.name ?? '');
    for (const p of pods) infoFor(p.spec?.nodeName ?? '').addPod(p);
    const existence = imageExistence(nodes);
    for (const n of nodes) {
      const ni = infos.get(n.metadata?.name ?? '')!;
      ni.setNode(n);
      ni.imageStates = nodeImageStates(n, existence);
    }
    for (const name of order) {
      const ni = infos.get(name)!;
      s.nodeInfoMap.set(name, ni);
      s.nodeInfoList.push(ni);
      if (ni.podsWithAffinity.length) s.havePodsWithAffinityNodeInfoList.push(ni);
      if (ni.podsWithRequiredAntiAffinity.length) s.havePodsWithRequiredAntiAffinityNodeInfoList.push(ni);
    }
    for (const p of pods) {
      if (!p.spec?.nodeName) continue;
      for (const v of p.spec.volumes ?? []) {
        if (v.persistentVolumeClaim) s.usedPVCSet.add(getNamespacedName(p.metadata?.namespace ?? '', v.persistentVolumeClaim.claimName));
      }
    }
    return s;
  }

  nodeInfos(): NodeInfoLister {
    return this.lister;
  }

  storageInfos(): StorageInfoLister {
    return this.storage;
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  get(nodeName: string): NodeInfo {
    const ni = this.nodeInfoMap.get(nodeName);
    if (!ni || !ni.node()) throw new Error(`nodeinfo not found for node name "${nodeName}"`);
    return ni;
  }
}

/** image name -> names of the nodes that have it (upstream createImageExistenceMap). */
export function imageExistence(nodes: Node[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const n of nodes) {
    for (const img of n.status?.images ?? []) {
      for (const name of img.names ?? []) {
        let s = m.get(name);
        if (!s) m.set(name, (s = new Set()));
        s.add(n.metadata?.name ?? '');
      }
    }
  }
  return m;
}

/** The node's images with their sizes and how many nodes have them (upstream getNodeImageStates). */
export function nodeImageStates(node: Node, existence: Map<string, Set<string>>): Map<string, ImageStateSummary> {
  const states = new Map<string, ImageStateSummary>();
  for (const img of node.status?.images ?? []) {
    for (const name of img.names ?? []) states.set(name, { size: img.sizeBytes ?? 0, numNodes: existence.get(name)?.size ?? 0 });
  }
  return states;
}
