/** PrioritySort: the default QueueSort plugin, higher priority first, then earlier queue timestamp (upstream queuesort). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Handle, Plugin, QueueSortPlugin } from '../../framework/interface.js';
import type { QueuedPodInfo } from '../../framework/types.js';
import * as names from '../names.js';

export const Name = names.PrioritySort;

/** The pod's priority (upstream corev1helpers.PodPriority): spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

export class PrioritySort implements QueueSortPlugin {
  name(): string {
    return Name;
  }

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = podPriority(a.podInfo.pod);
    const p2 = podPriority(b.podInfo.pod);
    return p1 > p2 || (p1 === p2 && a.timestamp.getTime() < b.timestamp.getTime());
  }
}

export function newPrioritySort(_args: unknown, _h: Handle): Plugin {
  return new PrioritySort();
}
