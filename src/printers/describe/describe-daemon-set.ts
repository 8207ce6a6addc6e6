/** kubectl describe daemonset (1.32 prints no Namespace line here): node counts, pod phases, pod template. */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { describePodTemplate } from './describe-pod-template.js';
import { formatLabels } from './go-text.js';
import { podsStatusText, podStatusForController } from './pod-status-counts.js';
import { LEVEL_0, tabbedString } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';
import { selectorString } from './selector-text.js';

export function describeDaemonSet(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const ds = obj as KubeObject & DaemonSet;
  const spec = ds.spec ?? ({ selector: {}, template: {} } as NonNullable<DaemonSet['spec']>);
  const status = ds.status;
  const selector = selectorString(spec.selector);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusText(podStatusForController(related.pods ?? [], ds))}\n`);
    describePodTemplate(spec.template, w, ctx);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
