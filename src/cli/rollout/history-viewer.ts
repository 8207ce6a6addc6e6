/**
 * kubectl's history viewers (polymorphichelpers/history.go): a Deployment's revisions are its ReplicaSets'
 * `deployment.kubernetes.io/revision` annotations; a DaemonSet's or StatefulSet's are its ControllerRevisions.
 * ViewHistory prints the `REVISION  CHANGE-CAUSE` table, or one revision's pod template as describe prints it.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, type MetaLabelSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { ControllerRevisions, DaemonSets, Deployments, ReplicaSets, StatefulSets } from '../../client/resources.js';
import { describePodTemplate } from '../../printers/describe/describe-pod-template.js';
import type { PrefixWriter } from '../../printers/describe/prefix-writer.js';
import { tabwrite } from '../../printers/tab-writer.js';
import { CliError } from '../errors.js';

export const ChangeCauseAnnotation = 'kubernetes.io/change-cause';
const RevisionAnnotation = 'deployment.kubernetes.io/revision';

/** One revision: its number, its pod template, its change cause. */
export interface Revision {
  revision: number;
  template: PodTemplateSpec;
  changeCause: string;
  /** The ReplicaSet or ControllerRevision that holds it. */
  source: KubeObject;
}

/** A Go strconv.ParseInt result: NaN when not an integer. */
const parseRevision = (v: string | undefined) => (v === undefined ? 0 : /^[+-]?\d+$/.test(v) ? Number(v) : NaN);

/** metav1.IsControlledBy. */
const controlledBy = (obj: KubeObject, owner: KubeObject) => obj.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === owner.metadata.uid) ?? false;

/** The objects of a resource in the owner's namespace that its selector matches and it controls. */
async function controlled(client: Client, owner: KubeObject, gvr: typeof ReplicaSets): Promise<KubeObject[]> {
  const selector = labelSelectorAsSelector((owner.spec as { selector?: MetaLabelSelector }).selector);
  const list = await client.resource(gvr).namespace(owner.metadata.namespace!).list({ labelSelector: selector.toString() });
  return list.items.filter((o) => controlledBy(o, owner));
}

/** getDeploymentReplicaSets: the Deployment's ReplicaSets (FindOldReplicaSets + FindNewReplicaSet). */
export async function deploymentReplicaSets(client: Client, namespace: string, name: string): Promise<{ deployment: KubeObject; replicaSets: KubeObject[] }> {
  let deployment: KubeObject;
  try {
    deployment = await client.resource(Deployments).namespace(namespace).get(name);
  } catch (e) {
    throw new CliError(`error: failed to retrieve deployment ${name}: ${(e as Error).message}`);
  }
  return { deployment, replicaSets: await controlled(client, deployment, ReplicaSets) };
}

/** The revisions of a Deployment, DaemonSet or StatefulSet, keyed by number (a later duplicate wins, as a Go map). */
export async function revisionsOf(client: Client, group: string, kind: string, namespace: string, name: string): Promise<Map<number, Revision>> {
  const out = new Map<number, Revision>();
  if (group === 'apps' && kind === 'Deployment') {
    const { replicaSets } = await deploymentReplicaSets(client, namespace, name);
    for (const rs of replicaSets) {
      const v = parseRevision(rs.metadata.annotations?.[RevisionAnnotation]);
      if (Number.isNaN(v)) continue;
      const template = structuredClone((rs.spec as { template?: PodTemplateSpec }).template ?? {});
      const changeCause = rs.metadata.annotations?.[ChangeCauseAnnotation] ?? '';
      template.metadata ??= {};
      template.metadata.annotations ??= {};
      if (changeCause) template.metadata.annotations[ChangeCauseAnnotation] = changeCause;
      out.set(v, { revision: v, template, changeCause, source: rs });
    }
    return out;
  }
  if (group === 'apps' && (kind === 'DaemonSet' || kind === 'StatefulSet')) {
    const gvr = kind === 'DaemonSet' ? DaemonSets : StatefulSets;
    let owner: KubeObject;
    try {
      owner = await client.resource(gvr).namespace(namespace).get(name);
    } catch (e) {
      throw new CliError(`error: failed to retrieve ${kind} ${name}: ${(e as Error).message}`);
    }
    for (const cr of await controlled(client, owner, ControllerRevisions)) {
      const revision = Number(cr.revision ?? 0);
      out.set(revision, { revision, template: templateOfRevision(cr), changeCause: cr.metadata.annotations?.[ChangeCauseAnnotation] ?? '', source: cr });
    }
    return out;
  }
  throw new CliError(`error: no history viewer has been implemented for "${group ? `${kind}.${group}` : kind}"`);
}

/** The pod template a ControllerRevision's data (a `{"spec":{"template":{..., "$patch":"replace"}}}` patch) restores. */
export function templateOfRevision(cr: KubeObject): PodTemplateSpec {
  const data = cr.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const { $patch: _replace, ...template } = data?.spec?.template ?? {};
  return template as PodTemplateSpec;
}

/** ViewHistory: the table of revisions, or one revision's template. */
export async function viewHistory(client: Client, group: string, kind: string, namespace: string, name: string, revision: number, now: Date): Promise<string> {
  const history = await revisionsOf(client, group, kind, namespace, name);
  if (history.size === 0) return 'No rollout history found.';
  if (revision > 0) {
    const r = history.get(revision);
    if (!r) throw new CliError('error: unable to find the specified revision');
    return printTemplate(r.template, now);
  }
  const rows = [...history.keys()].sort((a, b) => a - b).map((r) => `${r}\t${history.get(r)!.changeCause || '<none>'}\n`);
  return tabwrite(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, { minwidth: 0, tabwidth: 8, padding: 2, padchar: ' ' });
}

/** printTemplate: DescribePodTemplate through describe's plain PrefixWriter (no tabwriter: tabs stay tabs). */
export function printTemplate(template: PodTemplateSpec, now: Date): string {
  let out = '';
  const w: PrefixWriter = {
    write: (level, text) => void (out += '  '.repeat(level) + text),
    writeLine: (text) => void (out += `${text}\n`),
    flush: () => undefined,
  };
  describePodTemplate(template, w, { now });
  return out;
}
