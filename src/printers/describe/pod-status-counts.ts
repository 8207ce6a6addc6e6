/** getPodStatusForController: phases of the pods a controller owns (matched by controller uid, others skipped). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { isControlledBy } from './controller-of.js';

export interface PodStatusCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

export function podStatusForController(pods: readonly KubeObject[], controller: KubeObject): PodStatusCounts {
  const counts: PodStatusCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    if (!isControlledBy(pod, controller)) continue;
    switch ((pod as Pod).status?.phase) {
      case 'Running':
        counts.running++;
        break;
      case 'Pending':
        counts.waiting++;
        break;
      case 'Succeeded':
        counts.succeeded++;
        break;
      case 'Failed':
        counts.failed++;
        break;
    }
  }
  return counts;
}

export const podsStatusText = (c: PodStatusCounts) => `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
