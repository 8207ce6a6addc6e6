/** Jobs: the selector and the template's controller labels are generated from the job's uid, as upstream's generateSelector. */
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import type { Strategy } from '../strategy.js';
import { genericStrategy } from './generic.js';

interface JobLike extends KubeObject {
  spec?: {
    manualSelector?: boolean;
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    template?: { metadata?: { labels?: Record<string, string> } };
  };
}

export const ControllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const JobNameLabel = 'batch.kubernetes.io/job-name';
export const LegacyControllerUidLabel = 'controller-uid';
export const LegacyJobNameLabel = 'job-name';

/** As upstream's generateSelector: labels the template and selects on the controller uid unless manualSelector. */
export function generateJobSelector(job: JobLike): void {
  const spec = (job.spec ??= {});
  if (spec.manualSelector) return;
  const uid = job.metadata.uid ?? '';
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  const labels = (meta.labels ??= {});
  labels[ControllerUidLabel] ??= uid;
  labels[JobNameLabel] ??= job.metadata.name ?? '';
  labels[LegacyControllerUidLabel] ??= uid;
  labels[LegacyJobNameLabel] ??= job.metadata.name ?? '';
  if (!spec.selector) spec.selector = {};
  const sel = spec.selector;
  if (!sel.matchLabels?.[ControllerUidLabel]) {
    sel.matchLabels = { ...(sel.matchLabels ?? {}), [ControllerUidLabel]: uid };
  }
}

export function jobStrategy(kind: KindInfo): Strategy {
  const base = genericStrategy(kind);
  return {
    ...base,
    prepareForCreate(obj, ctx) {
      base.prepareForCreate(obj, ctx);
      const job = obj as JobLike;
      generateJobSelector(job);
      // Upstream's defaulting copies the template's labels to a job without labels each time the job is
      // decoded, so every read shows the generated ones; storing them gives the same view.
      const labels = job.spec?.template?.metadata?.labels;
      if (labels && !Object.keys(job.metadata.labels ?? {}).length) job.metadata.labels = { ...labels };
    },
    gracePeriod: undefined,
  };
}
