/** API-server defaulting for every kind kubesim serves: what `kubectl get -o yaml` shows right after a create. */
import { parseApiVersion, type KubeObject } from '../object.js';
import { setAppsDefaults } from './apps.js';
import { setAutoscalingDefaults } from './autoscaling.js';
import { setBatchDefaults } from './batch.js';
import { setCoordinationDefaults } from './coordination.js';
import { setCoreDefaults } from './core.js';
import { setDiscoveryDefaults } from './discovery.js';
import type { Obj } from './fields.js';
import { setNetworkingDefaults } from './networking.js';
import { setPolicyDefaults } from './policy.js';
import { setRbacDefaults } from './rbac.js';
import { setSchedulingDefaults } from './scheduling.js';
import { setStorageDefaults } from './storage.js';

const byGroup: Record<string, (obj: Obj, kind: string, version: string) => void> = {
  '': setCoreDefaults,
  apps: setAppsDefaults,
  batch: setBatchDefaults,
  autoscaling: setAutoscalingDefaults,
  'networking.k8s.io': setNetworkingDefaults,
  'rbac.authorization.k8s.io': setRbacDefaults,
  policy: setPolicyDefaults,
  'storage.k8s.io': setStorageDefaults,
  'scheduling.k8s.io': setSchedulingDefaults,
  'discovery.k8s.io': setDiscoveryDefaults,
  'coordination.k8s.io': setCoordinationDefaults,
};

/**
 * Applies the defaults the API server applies when it decodes an object (on create, update and storage reads),
 * mutating it; quantities are rewritten in upstream's serialized form. Unknown kinds are left untouched.
 * Create-only admission defaults are admitDefaults (./admission.ts).
 */
export function applyDefaults(obj: KubeObject): void {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return;
  const { group, version } = parseApiVersion(obj.apiVersion);
  const setDefaults = Object.prototype.hasOwnProperty.call(byGroup, group) ? byGroup[group] : undefined;
  setDefaults?.(obj as Obj, obj.kind, version);
}
