/** Defaulting for scheduling.k8s.io/v1, after pkg/apis/scheduling/v1/defaults.go. */
import { defaultUnset, materialize, type Obj } from './fields.js';

export function setSchedulingDefaults(obj: Obj, kind: string): void {
  if (kind !== 'PriorityClass') return;
  defaultUnset(obj, 'preemptionPolicy', 'PreemptLowerPriority');
  materialize(obj, 'value', 0);
}
