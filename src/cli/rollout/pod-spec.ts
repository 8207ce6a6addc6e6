/**
 * polymorphichelpers.UpdatePodSpecForObject: the pod spec inside a Pod, a workload's template, or a CronJob's job
 * template, so `set image|resources|env` can change it; other kinds are refused with kubectl's message.
 */
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';

/** The Go type name kubectl's error shows (`*v1.Service`). */
function goTypeOf(obj: KubeObject): string {
  const version = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1]! : obj.apiVersion;
  return `*${version}.${obj.kind}`;
}

/** The pod spec of obj (a live reference into it), or throws the error kubectl reports for the object. */
export function podSpecOf(obj: KubeObject): PodSpec {
  const spec = obj.spec as Record<string, unknown> | undefined;
  switch (obj.kind) {
    case 'Pod':
      return (obj.spec ??= { containers: [] }) as PodSpec;
    case 'ReplicationController':
    case 'Deployment':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'Job': {
      const template = ((spec ?? (obj.spec = {})) as { template?: { spec?: PodSpec } }).template ?? ((obj.spec as Record<string, unknown>).template = {});
      return ((template as { spec?: PodSpec }).spec ??= { containers: [] });
    }
    case 'CronJob': {
      const jt = ((spec ?? (obj.spec = {})) as { jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } });
      jt.jobTemplate ??= {};
      jt.jobTemplate.spec ??= {};
      jt.jobTemplate.spec.template ??= {};
      return (jt.jobTemplate.spec.template.spec ??= { containers: [] });
    }
    default:
      throw new Error(`the object is not a pod or does not have a pod template: ${goTypeOf(obj)}`);
  }
}

/** filepath.Match for the `*`, `?` and `[...]` patterns container selectors use. */
export function globMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = `^${cls.slice(1)}`;
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`${re}$`).test(name);
}
