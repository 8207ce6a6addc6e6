/** kubectl describe replicaset: replicas, the phases of the pods it controls, pod template, conditions. */
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { formatLabelSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import { printController } from './controller-of.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { describePodTemplate } from './describe-pod-template.js';
import { podsStatusText, podStatusForController } from './pod-status-counts.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';

export function describeReplicaSet(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const rs = obj as KubeObject & ReplicaSet;
  const spec = rs.spec ?? ({ selector: {} } as NonNullable<ReplicaSet['spec']>);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const controlledBy = printController(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${spec.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    const podsError = related.errors?.pods;
    if (podsError) w.write(LEVEL_0, `error in fetching pods: ${podsError.message}\n`);
    else w.write(LEVEL_0, `${podsStatusText(podStatusForController(related.pods ?? [], rs))}\n`);
    describePodTemplate(spec.template, w, ctx);
    if (rs.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of rs.status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
