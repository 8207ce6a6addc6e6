/** kubectl describe statefulset: replicas, update strategy, pod phases, pod template and volume claim templates. */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { describePodTemplate } from './describe-pod-template.js';
import { persistentVolumeClaimClass } from './describe-volumes.js';
import { goSlice } from './go-text.js';
import { podsStatusText, podStatusForController } from './pod-status-counts.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline, printLabelsMultilineWithIndent } from './print-multiline.js';
import { quantityText } from './quantity-text.js';
import type { Related } from './related.js';
import { selectorString } from './selector-text.js';
import { rfc1123z } from './time-text.js';

/** describeVolumeClaimTemplates: note that the annotations print as `k=v` labels here, as upstream. */
function describeVolumeClaimTemplates(templates: readonly PersistentVolumeClaim[] | undefined, w: PrefixWriter): void {
  if (!templates?.length) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${persistentVolumeClaimClass(pvc)}\n`);
    printLabelsMultilineWithIndent(w, '  ', 'Labels', '\t', pvc.metadata?.labels);
    printLabelsMultilineWithIndent(w, '  ', 'Annotations', '\t', pvc.metadata?.annotations);
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? quantityText(storage) : '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t${goSlice(pvc.spec?.accessModes)}\n`);
  }
}

export function describeStatefulSet(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const sts = obj as KubeObject & StatefulSet;
  const spec = sts.spec ?? ({ selector: {}, template: {}, serviceName: '' } as unknown as NonNullable<StatefulSet['spec']>);
  const selector = selectorString(spec.selector);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sts.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${sts.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp, ctx)}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    printLabelsMultiline(w, 'Labels', sts.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sts.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${sts.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatusText(podStatusForController(related.pods ?? [], sts))}\n`);
    describePodTemplate(spec.template, w, ctx);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
