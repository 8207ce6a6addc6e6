/** The core (v1) kinds' validators by kind, for the registry's strategies. */
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { configMapValidator } from './config-map.js';
import { endpointsValidator } from './endpoints.js';
import { eventValidator } from './event.js';
import { limitRangeValidator } from './limit-range.js';
import { namespaceValidator } from './namespace.js';
import { nodeValidator } from './node.js';
import { persistentVolumeClaimValidator } from './persistent-volume-claim.js';
import { persistentVolumeValidator } from './persistent-volume.js';
import { podValidator } from './pod.js';
import { resourceQuotaValidator } from './resource-quota.js';
import { secretValidator } from './secret.js';
import { serviceAccountValidator } from './service-account.js';
import { serviceValidator } from './service.js';

export interface CoreValidator {
  validate(obj: KubeObject): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
}

export const coreValidators: Record<string, CoreValidator> = {
  Pod: podValidator,
  Service: serviceValidator,
  Namespace: namespaceValidator,
  Node: nodeValidator,
  ConfigMap: configMapValidator,
  Secret: secretValidator,
  ServiceAccount: serviceAccountValidator,
  Event: eventValidator,
  Endpoints: endpointsValidator,
  PersistentVolume: persistentVolumeValidator,
  PersistentVolumeClaim: persistentVolumeClaimValidator,
  ResourceQuota: resourceQuotaValidator,
  LimitRange: limitRangeValidator,
};
