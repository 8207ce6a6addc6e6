/** kubectl describe deployment: replicas, strategy, pod template, conditions, and its old and new ReplicaSets. */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../api/object.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import { isControlledBy } from './controller-of.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { describePodTemplate } from './describe-pod-template.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';
import { selectorString } from './selector-text.js';
import { rfc1123z } from './time-text.js';

export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';

type RS = KubeObject & ReplicaSet;

/** equalIgnoreHash: pod templates equal by meaning once the pod-template-hash label is dropped. */
function equalIgnoreHash(a: ReplicaSet['spec'], b: Deployment['spec']): boolean {
  const strip = (t: unknown) => {
    const copy = structuredClone(t ?? {}) as { metadata?: { labels?: Record<string, string> } };
    if (copy.metadata?.labels) delete copy.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
    return copy;
  };
  return semanticEqual(strip(a?.template), strip(b?.template));
}

const created = (rs: RS) => (rs.metadata.creationTimestamp ? new Date(rs.metadata.creationTimestamp).getTime() : -Infinity);

/**
 * deploymentutil.GetAllReplicaSetsInChunks as describe uses it: the ReplicaSets the Deployment controls, oldest
 * first (name breaks ties); the new one is the oldest whose template matches, the rest (even scaled to 0) are old.
 */
export function replicaSetsOf(deployment: KubeObject, replicaSets: readonly KubeObject[]): { oldRSs: RS[]; newRS: RS | undefined } {
  const owned = (replicaSets as RS[]).filter((rs) => isControlledBy(rs, deployment));
  owned.sort((a, b) => created(a) - created(b) || compareGoStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
  const spec = (deployment as Deployment).spec;
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec, spec));
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

/** printReplicaSetsByLabels: `name (current/desired replicas created), ...` or `<none>`. */
const replicaSetsText = (list: readonly RS[]) =>
  list.length ? list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') : '<none>';

export function describeDeployment(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const d = obj as KubeObject & Deployment;
  const spec = d.spec ?? ({ selector: {}, template: {} } as NonNullable<Deployment['spec']>);
  const status = d.status ?? {};
  const selector = selectorString(spec.selector);
  const { oldRSs, newRS } = replicaSetsOf(d, related.replicaSets ?? []);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp, ctx)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? '<nil>')} max unavailable, ${String(ru.maxSurge ?? '<nil>')} max surge\n`);
    describePodTemplate(spec.template, w, ctx);
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (oldRSs.length > 0 || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newRS ? [newRS] : [])}\n`);
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
