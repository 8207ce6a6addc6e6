/**
 * DaemonSets, as upstream's pkg/registry/apps/daemonset/strategy.go: the internal spec.templateGeneration (the
 * `deprecated.daemonset.template.generation` annotation in apps/v1) starts at 1 and moves only with the template,
 * so the DaemonSet controller can label pods with the generation they were made from.
 */
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import { deepEqual } from '../../api/object.js';
import { TemplateGenerationAnnotation } from '../../api/validation/daemon-set.js';
import type { Strategy } from '../strategy.js';
import { genericStrategy } from './generic.js';

/** The annotation's value as conversion reads it into spec.templateGeneration (strconv.ParseInt; 0 when absent). */
function templateGeneration(obj: KubeObject): number {
  const v = obj.metadata.annotations?.[TemplateGenerationAnnotation];
  return v !== undefined && /^[+-]?[0-9]+$/.test(v) ? Number.parseInt(v, 10) : 0;
}

/** Writes spec.templateGeneration back as conversion to v1 does (strconv.FormatInt, always present). */
function setTemplateGeneration(obj: KubeObject, generation: number): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [TemplateGenerationAnnotation]: String(generation) };
}

const specOf = (obj: KubeObject) => obj['spec'] as { template?: unknown } | undefined;

export function daemonSetStrategy(kind: KindInfo): Strategy {
  const base = genericStrategy(kind);
  return {
    ...base,
    prepareForCreate(obj, ctx) {
      base.prepareForCreate(obj, ctx);
      obj.metadata.generation = 1;
      setTemplateGeneration(obj, Math.max(templateGeneration(obj), 1));
    },
    prepareForUpdate(obj, old, ctx) {
      base.prepareForUpdate(obj, old, ctx);
      // An update may not set the template generation; a template change moves it (and the generation) by one.
      const previous = templateGeneration(old);
      const templateChanged = !deepEqual(specOf(obj)?.template, specOf(old)?.template);
      setTemplateGeneration(obj, templateChanged ? previous + 1 : previous);
      const specChanged = templateChanged || !deepEqual(obj['spec'], old['spec']);
      obj.metadata.generation = (old.metadata.generation ?? 0) + (specChanged ? 1 : 0);
    },
  };
}
