/**
 * What `rollout restart`, `pause` and `resume` change (polymorphichelpers objectrestarter.go, objectpauser.go,
 * objectresumer.go): each returns the changed object, or throws the reason it cannot (kubectl prints it after the
 * resource and name).
 */
import type { KubeObject } from '../../api/object.js';

export const RestartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt';

/** RFC 3339 in the local zone with its offset, as Go's time.Now().Format(time.RFC3339). */
export function rfc3339Local(d: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}

const isApps = (obj: KubeObject) => obj.apiVersion.startsWith('apps/');

export function restart(obj: KubeObject, now: Date): KubeObject {
  const o = structuredClone(obj);
  const spec = o.spec as { paused?: boolean; template?: { metadata?: { annotations?: Record<string, string> } } };
  if (!isApps(o) || !['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind)) throw new Error('restarting is not supported');
  if (o.kind === 'Deployment' && spec.paused) throw new Error("can't restart paused deployment (run rollout resume first)");
  const template = (spec.template ??= {});
  template.metadata ??= {};
  template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [RestartedAtAnnotation]: rfc3339Local(now) };
  return o;
}

export function pause(obj: KubeObject): KubeObject {
  if (!isApps(obj) || obj.kind !== 'Deployment') throw new Error('pausing is not supported');
  const o = structuredClone(obj);
  const spec = o.spec as { paused?: boolean };
  if (spec.paused) throw new Error('is already paused');
  spec.paused = true;
  return o;
}

export function resume(obj: KubeObject): KubeObject {
  if (!isApps(obj) || obj.kind !== 'Deployment') throw new Error('resuming is not supported');
  const o = structuredClone(obj);
  const spec = o.spec as { paused?: boolean };
  if (!spec.paused) throw new Error('is not paused');
  delete spec.paused;
  return o;
}
