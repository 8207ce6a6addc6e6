/** Pods nominated to run on nodes after preemption (upstream scheduling_queue.go nominator). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { NominatingInfo } from '../framework/interface.js';
import type { PodInfo } from '../framework/types.js';

/** Shared by every node without nominated pods (Filter asks once per node). */
const none: PodInfo[] = [];

export class Nominator {
  private readonly nominatedPods = new Map<string, PodInfo[]>();
  private readonly nominatedPodToNode = new Map<string, string>();

  /** podLister: the live pod (undefined when deleted), to skip pods removed or already scheduled. */
  constructor(private readonly podLister?: (namespace: string, name: string) => Pod | undefined) {}

  /** Nominates the pod (ModeOverride: to the given node; ModeNoop or none: to its status.nominatedNodeName). */
  addNominatedPod(pi: PodInfo, nominatingInfo?: NominatingInfo): void {
    this.delete(pi.pod);
    let nodeName: string;
    if (nominatingInfo?.nominatingMode === 'ModeOverride') nodeName = nominatingInfo.nominatedNodeName;
    else {
      nodeName = pi.pod.status?.nominatedNodeName ?? '';
      if (!nodeName) return;
    }
    if (!nodeName) return;
    if (this.podLister) {
      const live = this.podLister(pi.pod.metadata?.namespace ?? '', pi.pod.metadata?.name ?? '');
      if (!live || live.spec?.nodeName) return;
    }
    const uid = pi.pod.metadata?.uid ?? '';
    this.nominatedPodToNode.set(uid, nodeName);
    const list = this.nominatedPods.get(nodeName) ?? [];
    if (list.some((p) => p.pod.metadata?.uid === uid)) return;
    list.push(pi);
    this.nominatedPods.set(nodeName, list);
  }

  /** Removes the pod's nomination, if any. */
  delete(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const nnn = this.nominatedPodToNode.get(uid);
    if (nnn === undefined) return;
    const list = (this.nominatedPods.get(nnn) ?? []).filter((p) => p.pod.metadata?.uid !== uid);
    if (list.length) this.nominatedPods.set(nnn, list);
    else this.nominatedPods.delete(nnn);
    this.nominatedPodToNode.delete(uid);
  }

  /** On a pod update: keeps the nomination unless the update set or cleared it (upstream updateNominatedPod). */
  updateNominatedPod(oldPod: Pod, newPi: PodInfo): void {
    let info: NominatingInfo | undefined;
    const oldNNN = oldPod.status?.nominatedNodeName ?? '';
    const newNNN = newPi.pod.status?.nominatedNodeName ?? '';
    // Keep the in-memory nomination when the update does not change status.nominatedNodeName (it may not be
    // persisted yet).
    if (oldNNN === '' && newNNN === '') {
      const nnn = this.nominatedPodToNode.get(oldPod.metadata?.uid ?? '');
      if (nnn !== undefined) info = { nominatingMode: 'ModeOverride', nominatedNodeName: nnn };
    }
    this.delete(oldPod);
    this.addNominatedPod(newPi, info);
  }

  nominatedPodsForNode(nodeName: string): PodInfo[] {
    if (this.nominatedPods.size === 0) return none;
    return (this.nominatedPods.get(nodeName) ?? none).slice();
  }

  nominatedNodeOf(uid: string): string | undefined {
    return this.nominatedPodToNode.get(uid);
  }
}

