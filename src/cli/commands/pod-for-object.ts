/**
 * How `logs` and `exec` find their pod (polymorphichelpers logsForObject / attachablePodForObject): a pod by name,
 * or for `deploy/web`, `svc/web`, `job/x`... the first of the object's pods as kubectl sorts them (podutils.ByLogging),
 * waiting up to --pod-running-timeout for one to appear. Also the default container and kubectl's note about it.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { resolveResource, type KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { Pods } from '../../client/resources.js';
import { CliError } from '../errors.js';

const isReady = (p: Pod) => Boolean(p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
const readySince = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '';
const maxRestarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount));
const phaseRank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/** podutils.ByLogging: assigned, running, ready (longest), most restarts, oldest first. */
export function byLogging(a: Pod, b: Pod): number {
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  if (an !== bn && (!an || !bn)) return an ? -1 : 1;
  const ap = phaseRank[a.status?.phase ?? ''] ?? 0;
  const bp = phaseRank[b.status?.phase ?? ''] ?? 0;
  if (ap !== bp) return ap - bp;
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (isReady(a) && isReady(b) && readySince(a) !== readySince(b)) return readySince(a) < readySince(b) ? -1 : 1;
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  const at = a.metadata?.creationTimestamp ?? '';
  const bt = b.metadata?.creationTimestamp ?? '';
  return at === bt ? 0 : at < bt ? -1 : 1;
}

/** The label selector of a workload or service, as a selector string. */
function selectorOf(obj: KubeObject): string | undefined {
  const spec = obj.spec as { selector?: Record<string, unknown> } | undefined;
  const sel = spec?.selector;
  if (!sel) return undefined;
  const matchLabels = (sel.matchLabels ?? (obj.kind === 'Service' || obj.kind === 'ReplicationController' ? sel : undefined)) as Record<string, string> | undefined;
  const parts = Object.entries(matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of (sel.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

export interface PodTarget {
  pods: Pod[];
}

/**
 * The pod(s) an argument names: `web`, `pod/web`, or TYPE/NAME (the first pod, or all with allPods). Waits up to
 * timeoutMs for a workload to have a pod.
 */
export async function podsFor(client: Client, namespace: string, arg: string, opts: { allPods?: boolean; timeoutMs: number; now(): number; sleep(ms: number): Promise<void> }): Promise<Pod[]> {
  const slash = arg.indexOf('/');
  let kind: KindInfo | undefined;
  let name = arg;
  if (slash >= 0) {
    kind = resolveResource(arg.slice(0, slash));
    name = arg.slice(slash + 1);
    if (!kind) throw new CliError(`error: the server doesn't have a resource type "${arg.slice(0, slash)}"`);
  }
  if (!kind || kind.kind === 'Pod') return [(await client.resource(Pods).namespace(namespace).get(name)) as unknown as Pod];
  const obj = await client.resource({ group: kind.group, version: kind.versions[0]!, resource: kind.plural }).namespace(namespace).get(name);
  const selector = selectorOf(obj);
  if (selector === undefined) throw new CliError(`error: cannot attach to ${kind.kind.toLowerCase()}: selector for ${kind.kind} not implemented`);
  const deadline = opts.now() + opts.timeoutMs;
  for (;;) {
    const list = (await client.resource(Pods).namespace(namespace).list({ labelSelector: selector })).items as unknown as Pod[];
    if (list.length) {
      const sorted = [...list].sort(byLogging);
      return opts.allPods ? sorted : [sorted[0]!];
    }
    if (opts.now() >= deadline) throw new CliError('error: timed out waiting for the condition');
    await opts.sleep(1000);
  }
}

const DefaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

/** podcmd.AllContainerNames: `a, b, init (init), debug (ephem)`. */
export function allContainerNames(pod: Pod): string {
  const names = [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
  ];
  return names.join(', ');
}

/** Every container of the pod (init, regular, ephemeral), as podcmd.VisitContainers orders them. */
export function everyContainer(pod: Pod): Container[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...((pod.spec?.ephemeralContainers ?? []) as Container[])];
}

/**
 * The container to use when none was named: the default-container annotation's, else the first (telling stderr
 * `Defaulted container "a" out of: a, b` when there was a choice).
 */
export function defaultContainer(pod: Pod, warn: (text: string) => void): string {
  const annotated = pod.metadata?.annotations?.[DefaultContainerAnnotation];
  if (annotated) {
    if (everyContainer(pod).some((c) => c.name === annotated)) return annotated;
    warn(`Default container name "${annotated}" not found in pod ${pod.metadata?.name}\n`);
  }
  const first = pod.spec?.containers?.[0]?.name ?? '';
  if ((pod.spec?.containers ?? []).length > 1 || (pod.spec?.initContainers ?? []).length > 0 || (pod.spec?.ephemeralContainers ?? []).length > 0) {
    warn(`Defaulted container "${first}" out of: ${allContainerNames(pod)}\n`);
  }
  return first;
}
