/** policy/v1 has no defaulting functions; a PodDisruptionBudget's status writes its counters even at zero. */
import { materialize, structAt, type Obj } from './fields.js';

export function setPolicyDefaults(obj: Obj, kind: string): void {
  if (kind !== 'PodDisruptionBudget') return;
  const status = structAt(obj, 'status');
  for (const f of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) materialize(status, f, 0);
}
