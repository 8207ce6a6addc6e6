/**
 * The scheduler's cache of nodes and the pods assigned to them (upstream internal/cache/cache.go): fed by the
 * informers, plus pods the scheduler assumed onto a node before their binding is observed. NodeInfos sit in a
 * list with the most recently changed first, so updateSnapshot copies only what changed since the last cycle.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../util/logger.js';
import { Snapshot } from '../framework/snapshot.js';
import { getPodKey, NodeInfo, PodInfo, type ImageStateSummary } from '../framework/types.js';
import { NodeTree } from './node-tree.js';

interface ListItem {
  info: NodeInfo;
  next?: ListItem;
  prev?: ListItem;
}

interface PodState {
  pod: Pod;
  bindingFinished: boolean;
}

interface CachedImageState {
  size: number;
  nodes: Set<string>;
}

const podKeyLabel = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

export class Cache {
  private readonly nodes = new Map<string, ListItem>();
  private headNode: ListItem | undefined;
  private readonly nodeTree = new NodeTree();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumedPods = new Set<string>();
  private readonly imageStates = new Map<string, CachedImageState>();

  constructor(private readonly log?: Logger) {}

  // ---- pods ----

  /**
   * Puts a pod the scheduler chose a node for into the cache before the binding is done (spec.nodeName set);
   * podInfo, when given, is the pod's already parsed PodInfo (its pod must be this pod).
   */
  assumePod(pod: Pod, podInfo?: PodInfo): void {
    const key = getPodKey(pod);
    if (this.podStates.has(key)) throw new Error(`pod ${key}(${podKeyLabel(pod)}) is in the cache, so can't be assumed`);
    this.addPod(podInfo?.pod === pod ? podInfo : PodInfo.of(pod), true);
  }

  /** The binding call returned; the assumed pod now waits for its informer Add (no expiry, as kube-scheduler's TTL 0). */
  finishBinding(pod: Pod): void {
    const key = getPodKey(pod);
    const st = this.podStates.get(key);
    if (st && this.assumedPods.has(key)) st.bindingFinished = true;
  }

  /** Removes an assumed pod (its binding failed). */
  forgetPod(pod: Pod): void {
    const key = getPodKey(pod);
    const st = this.podStates.get(key);
    if (st && st.pod.spec?.nodeName !== pod.spec?.nodeName) {
      throw new Error(`pod ${key}(${podKeyLabel(pod)}) was assumed on ${pod.spec?.nodeName} but assigned to ${st.pod.spec?.nodeName}`);
    }
    if (st && this.assumedPods.has(key)) {
      this.removePodInternal(st.pod);
      return;
    }
    throw new Error(`pod ${key}(${podKeyLabel(pod)}) wasn't assumed so cannot be forgotten`);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.assumedPods.has(getPodKey(pod));
  }

  /** The pod as the cache has it (assumed or added). */
  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(getPodKey(pod))?.pod;
  }

  /** An assigned pod seen by the informer (confirms an assumed one). */
  onPodAdd(pod: Pod): void {
    const key = getPodKey(pod);
    const st = this.podStates.get(key);
    if (st && this.assumedPods.has(key)) {
      this.updatePodInternal(st.pod, pod);
      if (st.pod.spec?.nodeName !== pod.spec?.nodeName) this.log?.info('Pod was added to a different node than it was assumed', { podKey: key, pod: podKeyLabel(pod), assumedNode: st.pod.spec?.nodeName, currentNode: pod.spec?.nodeName });
      return;
    }
    if (!st) {
      this.addPod(PodInfo.of(pod), false);
      return;
    }
    throw new Error(`pod ${key}(${podKeyLabel(pod)}) was already in added state`);
  }

  onPodUpdate(oldPod: Pod, newPod: Pod): void {
    const key = getPodKey(oldPod);
    const st = this.podStates.get(key);
    if (!st) throw new Error(`pod ${key}(${podKeyLabel(oldPod)}) is not added to scheduler cache, so cannot be updated`);
    if (this.assumedPods.has(key)) throw new Error(`assumed pod ${key}(${podKeyLabel(oldPod)}) should not be updated`);
    this.updatePodInternal(st.pod, newPod);
  }

  onPodDelete(pod: Pod): void {
    const key = getPodKey(pod);
    const st = this.podStates.get(key);
    if (!st) throw new Error(`pod ${key}(${podKeyLabel(pod)}) is not found in scheduler cache, so cannot be removed from it`);
    this.removePodInternal(st.pod);
  }

  private addPod(pi: PodInfo, assumed: boolean): void {
    const key = getPodKey(pi.pod);
    const nodeName = pi.pod.spec?.nodeName ?? '';
    let item = this.nodes.get(nodeName);
    if (!item) {
      item = { info: new NodeInfo() };
      this.nodes.set(nodeName, item);
    }
    item.info.addPodInfo(pi);
    this.moveToHead(nodeName);
    this.podStates.set(key, { pod: pi.pod, bindingFinished: false });
    if (assumed) this.assumedPods.add(key);
  }

  private updatePodInternal(oldPod: Pod, newPod: Pod): void {
    this.removePodInternal(oldPod);
    this.addPod(PodInfo.of(newPod), false);
  }

  private removePodInternal(pod: Pod): void {
    const key = getPodKey(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    const item = this.nodes.get(nodeName);
    if (item) {
      item.info.removePod(pod);
      if (item.info.pods.length === 0 && !item.info.node()) this.removeFromList(nodeName);
      else this.moveToHead(nodeName);
    } else {
      this.log?.error('Node not found when trying to remove pod', { node: nodeName, podKey: key, pod: podKeyLabel(pod) });
    }
    this.podStates.delete(key);
    this.assumedPods.delete(key);
  }

  // ---- nodes ----

  onNodeAdd(node: Node): void {
    const name = node.metadata?.name ?? '';
    let item = this.nodes.get(name);
    if (!item) {
      item = { info: new NodeInfo() };
      this.nodes.set(name, item);
    } else if (item.info.node()) {
      this.removeNodeImageStates(item.info.node()!);
    }
    this.moveToHead(name);
    this.nodeTree.addNode(node);
    this.addNodeImageStates(node);
    item.info.setNode(node);
  }

  onNodeUpdate(oldNode: Node, newNode: Node): void {
    const name = newNode.metadata?.name ?? '';
    let item = this.nodes.get(name);
    let prev: Node | undefined = oldNode;
    if (!item) {
      item = { info: new NodeInfo() };
      this.nodes.set(name, item);
      this.nodeTree.addNode(newNode);
      prev = newNode;
    } else if (item.info.node()) {
      prev = item.info.node();
      this.removeNodeImageStates(item.info.node()!);
    } else {
      // Pods arrived before the node: it is not in the tree yet.
      this.nodeTree.addNode(newNode);
      prev = newNode;
    }
    this.moveToHead(name);
    this.nodeTree.updateNode(prev, newNode);
    this.addNodeImageStates(newNode);
    item.info.setNode(newNode);
  }

  onNodeDelete(node: Node): void {
    const name = node.metadata?.name ?? '';
    const item = this.nodes.get(name);
    if (!item) throw new Error(`node ${name} is not found`);
    const cached = item.info.node() ?? node;
    item.info.removeNode();
    if (item.info.pods.length === 0) this.removeFromList(name);
    else this.moveToHead(name);
    this.nodeTree.removeNode(cached);
    this.removeNodeImageStates(cached);
  }

  nodeCount(): number {
    return this.nodeTree.numNodes;
  }

  podCount(): number {
    return this.podStates.size;
  }

  private addNodeImageStates(node: Node): void {
    const name = node.metadata?.name ?? '';
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        let st = this.imageStates.get(n);
        if (!st) this.imageStates.set(n, (st = { size: img.sizeBytes ?? 0, nodes: new Set() }));
        st.nodes.add(name);
      }
    }
  }

  private removeNodeImageStates(node: Node): void {
    const name = node.metadata?.name ?? '';
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        const st = this.imageStates.get(n);
        if (!st) continue;
        st.nodes.delete(name);
        if (st.nodes.size === 0) this.imageStates.delete(n);
      }
    }
  }

  /** The node's images as the snapshot shows them: size and on how many nodes the image is now. */
  private imageStatesOf(node: Node): Map<string, ImageStateSummary> {
    const out = new Map<string, ImageStateSummary>();
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        if (out.has(n)) continue;
        const st = this.imageStates.get(n);
        if (st) out.set(n, { size: st.size, numNodes: st.nodes.size });
      }
    }
    return out;
  }

  // ---- the list, most recently updated first ----

  private moveToHead(name: string): void {
    const item = this.nodes.get(name);
    if (!item) return;
    if (item === this.headNode) return;
    if (item.prev) item.prev.next = item.next;
    if (item.next) item.next.prev = item.prev;
    if (this.headNode) this.headNode.prev = item;
    item.next = this.headNode;
    item.prev = undefined;
    this.headNode = item;
  }

  private removeFromList(name: string): void {
    const item = this.nodes.get(name);
    if (!item) return;
    if (item.prev) item.prev.next = item.next;
    if (item.next) item.next.prev = item.prev;
    if (item === this.headNode) this.headNode = item.next;
    this.nodes.delete(name);
  }

  // ---- snapshot ----

  /** Brings a snapshot up to date, copying only NodeInfos changed since it was last updated (upstream UpdateSnapshot). */
  updateSnapshot(snapshot: Snapshot): void {
    const gen = snapshot.generation;
    let updateAllLists = false;
    let updateAffinity = false;
    let updateAntiAffinity = false;
    let updateUsedPVCSet = false;
    // NodeInfos that gained or lost pods with (anti-)affinity: with nothing else to redo, only they move in the lists.
    const flipped: NodeInfo[] = [];
    for (let item = this.headNode; item; item = item.next) {
      if (item.info.generation <= gen) break;
      const node = item.info.node();
      if (!node) continue;
      const name = node.metadata?.name ?? '';
      let existing = snapshot.nodeInfoMap.get(name);
      if (!existing) {
        updateAllLists = true;
        existing = new NodeInfo();
        snapshot.nodeInfoMap.set(name, existing);
      }
      const clone = item.info.clone();
      clone.imageStates = this.imageStatesOf(node);
      const affinityFlip = existing.podsWithAffinity.length > 0 !== clone.podsWithAffinity.length > 0;
      const antiAffinityFlip = existing.podsWithRequiredAntiAffinity.length > 0 !== clone.podsWithRequiredAntiAffinity.length > 0;
      if (affinityFlip) updateAffinity = true;
      if (antiAffinityFlip) updateAntiAffinity = true;
      if (affinityFlip || antiAffinityFlip) flipped.push(existing);
      if (!updateUsedPVCSet) {
        if (existing.pvcRefCounts.size !== clone.pvcRefCounts.size) updateUsedPVCSet = true;
        else for (const k of clone.pvcRefCounts.keys()) if (!existing.pvcRefCounts.has(k)) updateUsedPVCSet = true;
      }
      existing.copyFrom(clone);
    }
    if (this.headNode) snapshot.generation = this.headNode.info.generation;
    if (snapshot.nodeInfoMap.size > this.nodeTree.numNodes) {
      this.removeDeletedNodesFromSnapshot(snapshot);
      updateAllLists = true;
    }
    if (updateAllLists || updateUsedPVCSet) this.updateSnapshotLists(snapshot, updateAllLists);
    else if (updateAffinity || updateAntiAffinity) this.updateAffinityLists(snapshot, flipped);
    if (snapshot.nodeInfoList.length !== this.nodeTree.numNodes) {
      this.updateSnapshotLists(snapshot, true);
      throw new Error(
        `snapshot state is not consistent, length of NodeInfoList=${snapshot.nodeInfoList.length} not equal to length of nodes in tree=${this.nodeTree.numNodes}, trying to recover`,
      );
    }
  }

  private updateSnapshotLists(snapshot: Snapshot, updateAll: boolean): void {
    snapshot.havePodsWithAffinityNodeInfoList = [];
    snapshot.havePodsWithRequiredAntiAffinityNodeInfoList = [];
    snapshot.usedPVCSet = new Set();
    const add = (ni: NodeInfo) => {
      if (ni.podsWithAffinity.length) snapshot.havePodsWithAffinityNodeInfoList.push(ni);
      if (ni.podsWithRequiredAntiAffinity.length) snapshot.havePodsWithRequiredAntiAffinityNodeInfoList.push(ni);
      if (ni.pvcRefCounts.size) for (const k of ni.pvcRefCounts.keys()) snapshot.usedPVCSet.add(k);
    };
    if (updateAll) {
      snapshot.nodeInfoList = [];
      for (const name of this.nodeTree.list()) {
        const ni = snapshot.nodeInfoMap.get(name);
        if (!ni) {
          this.log?.error('Node exists in nodeTree but not in NodeInfoMap, this should not happen', { node: name });
          continue;
        }
        snapshot.nodeInfoList.push(ni);
        add(ni);
      }
    } else {
      for (const ni of snapshot.nodeInfoList) add(ni);
    }
  }

  /**
   * Adds the flipped NodeInfos to the lists they now belong to and takes them out of the others, in new arrays (a
   * plugin may still hold the old ones). The lists are then in another order than nodeInfoList: their readers
   * (InterPodAffinity's counts and scores) only sum over them.
   */
  private updateAffinityLists(snapshot: Snapshot, flipped: NodeInfo[]): void {
    const update = (list: NodeInfo[], belongs: (ni: NodeInfo) => boolean): NodeInfo[] => {
      let out: NodeInfo[] | undefined;
      for (const ni of flipped) {
        const i = (out ?? list).indexOf(ni);
        if (belongs(ni) === i >= 0) continue;
        out ??= list.slice();
        if (i >= 0) out.splice(i, 1);
        else out.push(ni);
      }
      return out ?? list;
    };
    snapshot.havePodsWithAffinityNodeInfoList = update(snapshot.havePodsWithAffinityNodeInfoList, (ni) => ni.podsWithAffinity.length > 0);
    snapshot.havePodsWithRequiredAntiAffinityNodeInfoList = update(snapshot.havePodsWithRequiredAntiAffinityNodeInfoList, (ni) => ni.podsWithRequiredAntiAffinity.length > 0);
  }

  private removeDeletedNodesFromSnapshot(snapshot: Snapshot): void {
    let toDelete = snapshot.nodeInfoMap.size - this.nodeTree.numNodes;
    for (const [name, ni] of snapshot.nodeInfoMap) {
      if (toDelete <= 0) break;
      const item = this.nodes.get(name);
      if (!item || !item.info.node()) {
        snapshot.nodeInfoMap.delete(name);
        toDelete--;
      }
      void ni;
    }
  }

  /** Every cached NodeInfo (for debugging and tests). */
  dump(): { nodes: Map<string, NodeInfo>; assumedPods: Set<string> } {
    const nodes = new Map<string, NodeInfo>();
    for (const [k, v] of this.nodes) nodes.set(k, v.info.clone());
    return { nodes, assumedPods: new Set(this.assumedPods) };
  }
}
