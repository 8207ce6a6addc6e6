/** coordination.k8s.io/v1 has no defaulting functions; a Lease's spec is a struct Go always writes. */
import { structAt, type Obj } from './fields.js';

export function setCoordinationDefaults(obj: Obj, kind: string): void {
  if (kind === 'Lease') structAt(obj, 'spec');
}
