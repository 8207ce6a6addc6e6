/** SchedulingGates: a pod with spec.schedulingGates waits outside the active queue until they are all removed (upstream plugins/schedulinggates). */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Code, Status, type ClusterEvent, type EnqueueExtensions, type Handle, type Plugin, type PreEnqueuePlugin } from '../framework/interface.js';
import * as names from './names.js';

export const Name = names.SchedulingGates;

/** The reason, listing the gates as Go prints a []string: `waiting for scheduling gates: [a b]`. */
export const errReasonGated = (gates: string[]): string => `waiting for scheduling gates: [${gates.join(' ')}]`;

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  name(): string {
    return Name;
  }

  /** Only the removal of the last gate can let the pod in (v1.32 with queueing hints). */
  eventsToRegister(): ClusterEvent[] {
    return [{ resource: 'Pod', actionType: ['UpdatePodSchedulingGatesEliminated'] }];
  }

  preEnqueue(pod: Pod): Status {
    const gates = pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return Status.success();
    return new Status(Code.UnschedulableAndUnresolvable, errReasonGated(gates.map((g) => g.name)));
  }
}

export function newSchedulingGates(_args: unknown, _h: Handle): Plugin {
  return new SchedulingGates();
}
