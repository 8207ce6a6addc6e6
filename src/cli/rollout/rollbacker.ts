/**
 * kubectl's rollbackers (polymorphichelpers/rollback.go): `rollout undo` finds the revision to go back to and
 * patches the workload's template with it (a JSON patch of spec.template and the annotations for a Deployment,
 * the ControllerRevision's strategic merge patch for a DaemonSet or StatefulSet).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { PatchType } from '../../api/request-options.js';
import type { Client } from '../../client/client.js';
import { DaemonSets, Deployments, StatefulSets } from '../../client/resources.js';
import { CliError } from '../errors.js';
import { deploymentReplicaSets, printTemplate, revisionsOf, templateOfRevision } from './history-viewer.js';
import type { DryRunStrategy } from '../commands/dry-run.js';

const RevisionAnnotation = 'deployment.kubernetes.io/revision';
export const rollbackSuccess = 'rolled back';
export const rollbackSkipped = 'skipped rollback';

/** The annotations the deployment controller owns, kept on the Deployment rather than taken from the ReplicaSet. */
const annotationsToSkip = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  RevisionAnnotation,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

const revisionNotFound = (r: number) => new CliError(`error: unable to find specified revision ${r} in history`);

/** Equal but for the pod-template-hash label (an empty map or list equals none, as apimachinery's Semantic). */
function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
    return c;
  };
  return semanticEqual(strip(a), strip(b));
}

function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0);
  if (a === b) return true;
  if (empty(a) && empty(b) && typeof a !== 'string' && typeof b !== 'string') return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => semanticEqual(x, (b as unknown[])[i]));
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!semanticEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Rollback: the message after the object's name (`rolled back`, `skipped rollback (...)`, or a template for a client dry run). */
export async function rollback(client: Client, obj: KubeObject, toRevision: number, dryRun: DryRunStrategy, now: Date): Promise<string> {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0]! : '';
  if (group === 'apps' && obj.kind === 'Deployment') return rollbackDeployment(client, obj, toRevision, dryRun, now);
  if (group === 'apps' && (obj.kind === 'DaemonSet' || obj.kind === 'StatefulSet')) return rollbackWithHistory(client, obj, toRevision, dryRun, now);
  throw new CliError(`error: no rollbacker has been implemented for "${group ? `${obj.kind}.${group}` : obj.kind}"`);
}

async function rollbackDeployment(client: Client, obj: KubeObject, toRevision: number, dryRun: DryRunStrategy, now: Date): Promise<string> {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const name = obj.metadata.name!;
  const namespace = obj.metadata.namespace!;
  const { deployment, replicaSets } = await deploymentReplicaSets(client, namespace, name);
  const rs = deploymentRevision(deployment, replicaSets, toRevision);
  const rsTemplate = (rs.spec as { template?: PodTemplateSpec }).template ?? {};
  if (dryRun === 'client') return printTemplate(rsTemplate, now);
  const spec = deployment.spec as { paused?: boolean; template?: PodTemplateSpec };
  if (spec.paused) throw new CliError("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  if (equalIgnoreHash(rsTemplate, spec.template)) return `${rollbackSkipped} (current template already matches revision ${toRevision})`;
  const template = structuredClone(rsTemplate);
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  const annotations: Record<string, string> = {};
  for (const k of annotationsToSkip) {
    const v = deployment.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!annotationsToSkip.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  try {
    await client.resource(Deployments).namespace(namespace).patch(name, PatchType.JSON, patch, dryRun === 'server' ? { dryRun: 'All' } : {});
  } catch (e) {
    throw new CliError(`error: failed restoring revision ${toRevision}: ${(e as Error).message}`);
  }
  return rollbackSuccess;
}

/** deploymentRevision: the ReplicaSet of toRevision, or (0) of the second newest revision. */
function deploymentRevision(deployment: KubeObject, replicaSets: KubeObject[], toRevision: number): KubeObject {
  let latest: KubeObject | undefined;
  let latestRevision = -1;
  let previous: KubeObject | undefined;
  let previousRevision = -1;
  for (const rs of replicaSets) {
    const a = rs.metadata.annotations?.[RevisionAnnotation];
    const v = a === undefined ? 0 : /^[+-]?\d+$/.test(a) ? Number(a) : NaN;
    if (Number.isNaN(v)) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous) throw new CliError(`error: no rollout history found for deployment "${deployment.metadata.name}"`);
  return previous;
}

/** DaemonSetRollbacker / StatefulSetRollbacker: the ControllerRevision's data is the patch that restores it. */
async function rollbackWithHistory(client: Client, obj: KubeObject, toRevision: number, dryRun: DryRunStrategy, now: Date): Promise<string> {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const namespace = obj.metadata.namespace!;
  const name = obj.metadata.name!;
  const history = await revisionsOf(client, 'apps', obj.kind, namespace, name);
  const all = [...history.values()].sort((a, b) => a.revision - b.revision);
  if (toRevision === 0 && all.length <= 1) throw new CliError('error: no last revision to roll back to');
  const to = toRevision === 0 ? all[all.length - 2] : history.get(toRevision);
  if (!to) throw revisionNotFound(toRevision);
  if (dryRun === 'client') return printTemplate(to.template, now);
  const gvr = obj.kind === 'DaemonSet' ? DaemonSets : StatefulSets;
  const live = await client.resource(gvr).namespace(namespace).get(name);
  if (semanticEqual((live.spec as { template?: unknown }).template, templateOfRevision(to.source))) {
    return `${rollbackSkipped} (current template already matches revision ${toRevision})`;
  }
  try {
    await client.resource(gvr).namespace(namespace).patch(name, PatchType.StrategicMerge, to.source.data, dryRun === 'server' ? { dryRun: 'All' } : {});
  } catch (e) {
    throw new CliError(`error: failed restoring revision ${toRevision}: ${(e as Error).message}`);
  }
  return rollbackSuccess;
}
