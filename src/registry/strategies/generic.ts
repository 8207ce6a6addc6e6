/** The strategy most resources share; resources with their own rules override parts of it. */
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import { deepEqual } from '../../api/object.js';
import { validatorFor } from '../../api/validation/index.js';
import type { Strategy, SubresourceStrategy } from '../strategy.js';

/** Kinds whose strategies set metadata.generation and bump it on spec changes (upstream sets it per strategy). */
const generationKinds = new Set([
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'CronJob',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'Ingress',
  'IngressClass',
  'EndpointSlice',
  'HorizontalPodAutoscaler',
]);

/** Kinds that keep a client's status on create (the rest start with an empty status). */
const statusKeptOnCreate = new Set(['Node']);

export const tracksGeneration = (kind: string) => generationKinds.has(kind);

/** Status writes keep everything but status (and the metadata the caller may still change). */
export function statusOnlyStrategy(kind: KindInfo): SubresourceStrategy {
  return {
    prepareForUpdate(obj, old) {
      const status = obj.status;
      for (const k of Object.keys(obj)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') delete obj[k];
      for (const [k, v] of Object.entries(old)) if (k !== 'metadata' && k !== 'apiVersion' && k !== 'kind') obj[k] = structuredClone(v);
      if (status === undefined) delete obj.status;
      else obj.status = status;
      // A status write may not change labels, annotations or anything else of metadata except as upstream allows (none).
      const annotations = obj.metadata.annotations;
      obj.metadata = { ...structuredClone(old.metadata), resourceVersion: obj.metadata.resourceVersion };
      // Except a Deployment's annotations: the deployment controller records its revision through /status
      // (deploymentStatusStrategy resets only spec and labels), so the revision does not bump the generation.
      if (kind.kind === 'Deployment') {
        if (annotations) obj.metadata.annotations = annotations;
        else delete obj.metadata.annotations;
      }
    },
    validateUpdate(obj, old) {
      return validatorFor(kind.kind)?.validateStatusUpdate?.(obj, old) ?? [];
    },
  };
}

export function genericStrategy(kind: KindInfo, overrides: Partial<Strategy> = {}): Strategy {
  const hasStatus = kind.subresources.includes('status');
  const generation = generationKinds.has(kind.kind);
  const base: Strategy = {
    kind,
    prepareForCreate(obj) {
      if (hasStatus && !statusKeptOnCreate.has(kind.kind)) obj.status = {};
      if (generation) obj.metadata.generation = 1;
    },
    prepareForUpdate(obj, old) {
      if (hasStatus) {
        if (old.status === undefined) delete obj.status;
        else obj.status = structuredClone(old.status);
      }
      if (generation) {
        const bump = !deepEqual(obj.spec, old.spec) || (kind.kind === 'Deployment' && !deepEqual(obj.metadata.annotations, old.metadata.annotations));
        obj.metadata.generation = (old.metadata.generation ?? 0) + (bump ? 1 : 0);
      }
    },
    validate(obj) {
      return validatorFor(kind.kind)?.validate(obj) ?? [];
    },
    validateUpdate(obj, old) {
      return validatorFor(kind.kind)?.validateUpdate(obj, old) ?? [];
    },
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    ...(hasStatus ? { status: statusOnlyStrategy(kind) } : {}),
  };
  return { ...base, ...overrides };
}

/** Drops a field when it holds no value, as Go's omitempty would. */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
}

export type { KubeObject };
