/** HorizontalPodAutoscalers as printHorizontalPodAutoscaler: TARGETS like `cpu: <unknown>/80%` (current/target per metric). */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import { toStored } from '../../api/conversion/hpa.js';
import type { KubeObject } from '../../api/object.js';
import { int, quantityPointerString, str, translateTimestampSince } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

const hasValue = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/** formatHPAMetrics: spec metric i against status metric i, at most two shown, then `+ N more...`. */
export function formatHPAMetrics(specs: readonly MetricSpec[] | undefined, statuses: readonly MetricStatus[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const current = statuses ?? [];
  let list: string[] = [];
  const max = 2;
  let count = 0;
  specs.forEach((spec, i) => {
    const status: MetricStatus | undefined = current[i];
    switch (spec.type) {
      case 'External': {
        const target = spec.external?.target;
        if (hasValue(target?.averageValue)) {
          const cur = hasValue(status?.external?.current?.averageValue) ? quantityPointerString(status.external.current.averageValue) : '<unknown>';
          list.push(`${cur}/${quantityPointerString(target.averageValue)} (avg)`);
        } else {
          const cur = status?.external ? quantityPointerString(status.external.current?.value) : '<unknown>';
          list.push(`${cur}/${quantityPointerString(target?.value)}`);
        }
        break;
      }
      case 'Pods': {
        const cur = status?.pods ? quantityPointerString(status.pods.current?.averageValue) : '<unknown>';
        list.push(`${cur}/${quantityPointerString(spec.pods?.target?.averageValue)}`);
        break;
      }
      case 'Object': {
        const target = spec.object?.target;
        if (hasValue(target?.averageValue)) {
          const cur = hasValue(status?.object?.current?.averageValue) ? quantityPointerString(status.object.current.averageValue) : '<unknown>';
          list.push(`${cur}/${quantityPointerString(target.averageValue)} (avg)`);
        } else {
          const cur = status?.object ? quantityPointerString(status.object.current?.value) : '<unknown>';
          list.push(`${cur}/${quantityPointerString(target?.value)}`);
        }
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const sourceStatus = spec.type === 'Resource' ? status?.resource : status?.containerResource;
        const name = str(source?.name);
        const target = source?.target;
        if (hasValue(target?.averageValue)) {
          const cur = sourceStatus ? quantityPointerString(sourceStatus.current?.averageValue) : '<unknown>';
          list.push(`${name}: ${cur}/${quantityPointerString(target.averageValue)}`);
        } else {
          const utilization = sourceStatus?.current?.averageUtilization;
          const cur = hasValue(utilization) ? `${utilization}%` : '<unknown>';
          const targetUtilization = target?.averageUtilization;
          list.push(`${name}: ${cur}/${hasValue(targetUtilization) ? `${targetUtilization}%` : '<auto>'}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
    count++;
  });
  let more = false;
  if (count > max) {
    list = list.slice(0, max);
    more = true;
  }
  const ret = list.join(', ');
  return more ? `${ret} + ${count - max} more...` : ret;
}

const spec = 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec';

export const horizontalPodAutoscalerPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Reference', 'string', fieldDoc(spec, 'scaleTargetRef')),
    column('Targets', 'string', fieldDoc(spec, 'metrics')),
    column('MinPods', 'string', fieldDoc(spec, 'minReplicas')),
    column('MaxPods', 'string', fieldDoc(spec, 'maxReplicas')),
    column('Replicas', 'string', fieldDoc('io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus', 'currentReplicas')),
    ageColumn(),
  ],
  (obj: KubeObject, now: Date) => {
    // The printer reads the internal (v2-shaped) object; an autoscaling/v1 one is converted first.
    const hpa = (obj.apiVersion === 'autoscaling/v1' ? toStored(obj) : obj) as unknown as HorizontalPodAutoscaler;
    const ref = hpa.spec?.scaleTargetRef;
    const minReplicas = hpa.spec?.minReplicas;
    return [
      str(obj.metadata.name),
      `${str(ref?.kind)}/${str(ref?.name)}`,
      formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
      hasValue(minReplicas) ? String(minReplicas) : '<unset>',
      int(hpa.spec?.maxReplicas),
      int(hpa.status?.currentReplicas),
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
);
