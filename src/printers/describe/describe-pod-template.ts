/** DescribePodTemplate: the `Pod Template:` block every workload describer prints, indented one level. */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { describeContainers } from './describe-containers.js';
import type { DescribeContext } from './describe-context.js';
import { describeTopologySpreadConstraints } from './describe-topology-spread.js';
import { describeVolumes } from './describe-volumes.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline, printPodTolerationsMultiline } from './print-multiline.js';

export function describePodTemplate(template: PodTemplateSpec | undefined, w: PrefixWriter, ctx: DescribeContext): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec ?? { containers: [] };
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ', ctx);
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ', ctx);
  describeVolumes(spec.volumes, w, '  ', ctx);
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printPodTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}
