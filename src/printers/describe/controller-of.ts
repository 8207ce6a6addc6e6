/** Owner references as describers use them: the controlling owner, and whether it is a given object. */
import type { KubeObject, OwnerReference } from '../../api/object.js';

/** metav1.GetControllerOf. */
export const controllerOf = (obj: KubeObject): OwnerReference | undefined => obj.metadata.ownerReferences?.find((r) => r.controller === true);

/** printController: `Kind/name` of the controlling owner, or ''. */
export function printController(obj: KubeObject): string {
  const ref = controllerOf(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** metav1.IsControlledBy: the controller reference's uid is the owner's. */
export const isControlledBy = (obj: KubeObject, owner: KubeObject) => controllerOf(obj)?.uid === owner.metadata.uid;
