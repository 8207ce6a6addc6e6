/** Read access to the scheduling snapshot plugins get through the Handle (upstream framework/listers.go). */
import type { NodeInfo } from './types.js';

export interface NodeInfoLister {
  /** Every NodeInfo with a node, in the snapshot's order. */
  list(): NodeInfo[];
  havePodsWithAffinityList(): NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): NodeInfo[];
  /** Throws `nodeinfo not found for node name "x"` when absent. */
  get(nodeName: string): NodeInfo;
}

export interface StorageInfoLister {
  /** Whether some scheduled pod uses the PVC `namespace/name`. */
  isPVCUsedByPods(key: string): boolean;
}

export interface SharedLister {
  nodeInfos(): NodeInfoLister;
  storageInfos(): StorageInfoLister;
}
