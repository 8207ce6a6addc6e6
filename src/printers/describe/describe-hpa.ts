/** kubectl describe hpa: autoscaling/v2 metrics as `current / target`, behavior, replicas and conditions; v1 as a fallback. */
import type { HorizontalPodAutoscaler as HPAv1 } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler, HPAScalingRules, MetricValueStatus } from 'kubernetes-types/autoscaling/v2.js';
import { goQuote } from '../../api/field-error.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import { quantityText } from './quantity-text.js';
import type { Related } from './related.js';
import { rfc1123z } from './time-text.js';

/** `%s` of a *Quantity that may be nil (`<nil>`), as the current values are printed. */
const q = (v: string | number | undefined | null) => (v === undefined || v === null ? '<nil>' : quantityText(v));

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined && rules.stabilizationWindowSeconds !== null) {
    w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  }
  if (rules.policies?.length) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
  }
}

export function describeHorizontalPodAutoscalerV2(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const hpa = obj as KubeObject & HorizontalPodAutoscaler;
  const spec = hpa.spec ?? ({ scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 } as NonNullable<HorizontalPodAutoscaler['spec']>);
  const status: NonNullable<HorizontalPodAutoscaler['status']> = hpa.status ?? ({} as NonNullable<HorizontalPodAutoscaler['status']>);
  const current = status.currentMetrics ?? [];
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp, ctx)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    (spec.metrics ?? []).forEach((metric, i) => {
      const cur = current[i];
      const utilization = (c: MetricValueStatus | undefined) =>
        c?.averageUtilization !== undefined && c.averageUtilization !== null ? `${c.averageUtilization}% (${q(c.averageValue)})` : '<unknown>';
      switch (metric.type) {
        case 'External': {
          const e = metric.external!;
          if (e.target.averageValue !== undefined) {
            const c = cur?.external?.current.averageValue !== undefined ? q(cur.external.current.averageValue) : '<unknown>';
            w.write(LEVEL_1, `${goQuote(e.metric.name)} (target average value):\t${c} / ${q(e.target.averageValue)}\n`);
          } else {
            const c = cur?.external ? q(cur.external.current.value) : '<unknown>';
            w.write(LEVEL_1, `${goQuote(e.metric.name)} (target value):\t${c} / ${q(e.target.value)}\n`);
          }
          break;
        }
        case 'Pods': {
          const p = metric.pods!;
          const c = cur?.pods ? q(cur.pods.current.averageValue) : '<unknown>';
          w.write(LEVEL_1, `${goQuote(p.metric.name)} on pods:\t${c} / ${q(p.target.averageValue)}\n`);
          break;
        }
        case 'Object': {
          const o = metric.object!;
          w.write(LEVEL_1, `"${o.metric.name}" on ${o.describedObject.kind}/${o.describedObject.name} `);
          if (o.target.type === 'AverageValue') {
            const c = cur?.object ? q(cur.object.current.averageValue) : '<unknown>';
            w.write(LEVEL_0, `(target average value):\t${c} / ${q(o.target.averageValue)}\n`);
          } else {
            const c = cur?.object ? q(cur.object.current.value) : '<unknown>';
            w.write(LEVEL_0, `(target value):\t${c} / ${q(o.target.value)}\n`);
          }
          break;
        }
        case 'Resource': {
          const r = metric.resource!;
          w.write(LEVEL_1, `resource ${r.name} on pods`);
          if (r.target.averageValue !== undefined) {
            const c = cur?.resource ? q(cur.resource.current.averageValue) : '<unknown>';
            w.write(LEVEL_0, `:\t${c} / ${q(r.target.averageValue)}\n`);
          } else {
            const target = r.target.averageUtilization !== undefined ? `${r.target.averageUtilization}%` : '<auto>';
            w.write(LEVEL_1, `(as a percentage of request):\t${cur?.resource ? utilization(cur.resource.current) : '<unknown>'} / ${target}\n`);
          }
          break;
        }
        case 'ContainerResource': {
          const r = metric.containerResource!;
          w.write(LEVEL_1, `resource ${r.name} of container "${r.container}" on pods`);
          if (r.target.averageValue !== undefined) {
            const c = cur?.containerResource ? q(cur.containerResource.current.averageValue) : '<unknown>';
            w.write(LEVEL_0, `:\t${c} / ${q(r.target.averageValue)}\n`);
          } else {
            const target = r.target.averageUtilization !== undefined ? `${r.target.averageUtilization}%` : '<auto>';
            w.write(LEVEL_1, `(as a percentage of request):\t${cur?.containerResource ? utilization(cur.containerResource.current) : '<unknown>'} / ${target}\n`);
          }
          break;
        }
        default:
          w.write(LEVEL_1, `<unknown metric type ${goQuote(metric.type)}>\n`);
      }
    });
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef.kind} pods:\t`);
    w.write(LEVEL_0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

/** describeHorizontalPodAutoscalerV1: only used when the object is autoscaling/v1. */
export function describeHorizontalPodAutoscalerV1(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const hpa = obj as KubeObject & HPAv1;
  const spec = hpa.spec ?? ({ scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 } as NonNullable<HPAv1['spec']>);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp, ctx)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}\n`);
    if (spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null) {
      w.write(LEVEL_0, `Target CPU utilization:\t${spec.targetCPUUtilizationPercentage}%\n`);
      w.write(LEVEL_0, `Current CPU utilization:\t${hpa.status?.currentCPUUtilizationPercentage ?? '<unknown>'}%\n`);
    }
    w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas}\n`);
    w.write(LEVEL_0, `${spec.scaleTargetRef.kind} pods:\t`);
    w.write(LEVEL_0, `${hpa.status?.currentReplicas ?? 0} current / ${hpa.status?.desiredReplicas ?? 0} desired\n`);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
