/** Namespaces: Active on create with the `kubernetes` finalizer; deletion leaves them Terminating until finalized. */
import type { KindInfo } from '../../api/kinds.js';
import type { Strategy } from '../strategy.js';
import { genericStrategy } from './generic.js';

export function namespaceStrategy(kind: KindInfo): Strategy {
  return genericStrategy(kind, {
    prepareForCreate(obj) {
      obj.status = { phase: 'Active' };
      const spec = (obj.spec ??= {}) as { finalizers?: string[] };
      const fin = spec.finalizers ?? [];
      if (!fin.includes('kubernetes')) fin.push('kubernetes');
      spec.finalizers = fin;
    },
    prepareForUpdate(obj, old) {
      // Spec finalizers change only through the finalize subresource; status only through status.
      obj.spec = structuredClone(old.spec);
      obj.status = structuredClone(old.status);
    },
  });
}
