/** Pods: status starts Pending with a QoS class, deletion is graceful once the pod is on a node. */
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import { podQOSClass } from '../../api/pod-qos.js';
import { validatorFor } from '../../api/validation/index.js';
import type { Strategy } from '../strategy.js';
import { genericStrategy } from './generic.js';

interface PodLike extends KubeObject {
  spec?: { nodeName?: string; terminationGracePeriodSeconds?: number; [k: string]: unknown };
  status?: { phase?: string; [k: string]: unknown };
}

export function podStrategy(kind: KindInfo): Strategy {
  return genericStrategy(kind, {
    prepareForCreate(obj) {
      obj.status = { phase: 'Pending', qosClass: podQOSClass(obj as never) };
    },
    /** As upstream's podStrategy.CheckGracefulDelete. */
    gracePeriod(obj, opts) {
      const pod = obj as PodLike;
      let period = opts.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
      if (!pod.spec?.nodeName) period = 0;
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') period = 0;
      if (period < 0) period = 1;
      return period;
    },
    status: {
      prepareForUpdate(obj, old) {
        obj.spec = structuredClone(old.spec);
        const keep = obj.metadata;
        obj.metadata = {
          ...keep,
          deletionTimestamp: old.metadata.deletionTimestamp,
          generation: old.metadata.generation,
          labels: old.metadata.labels,
          annotations: old.metadata.annotations,
          finalizers: old.metadata.finalizers,
          ownerReferences: old.metadata.ownerReferences,
        };
        for (const k of Object.keys(obj.metadata) as (keyof typeof obj.metadata)[]) if (obj.metadata[k] === undefined) delete obj.metadata[k];
      },
      validateUpdate(obj, old) {
        return validatorFor('Pod')?.validateStatusUpdate?.(obj, old) ?? [];
      },
    },
  });
}
