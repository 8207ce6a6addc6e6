/** The resource arguments kubectl takes: `pods`, `pod/web`, `deploy,rs`, `po web nginx`, `deploy/a svc/b`. */
import { resolveResource, type KindInfo } from '../api/kinds.js';
import { CliError } from './errors.js';

export interface ResourceRequest {
  kind: KindInfo;
  /** Empty: all objects of the kind. */
  names: string[];
}

export function resolveType(typed: string): KindInfo {
  const k = resolveResource(typed);
  if (!k) throw new CliError(`error: the server doesn't have a resource type "${typed}"`);
  return k;
}

export function parseResourceArgs(args: string[]): ResourceRequest[] {
  if (!args.length) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: ResourceRequest[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      if (i <= 0) throw new CliError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      const name = a.slice(i + 1);
      if (!name) throw new CliError(`error: arguments in resource/name form must have a single resource and name`);
      const kind = resolveType(a.slice(0, i));
      const same = out.find((r) => r.kind === kind);
      if (same) same.names.push(name);
      else out.push({ kind, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const kinds = types!.split(',').filter(Boolean).map(resolveType);
  if (names.length && kinds.length > 1) throw new CliError('error: you must specify only one resource');
  return kinds.map((kind) => ({ kind, names }));
}

/** `deployment.apps/web`, `pod/web`: how kubectl names an object in its messages. */
export function objectRef(kind: KindInfo, name: string): string {
  return `${kind.group ? `${kind.singular}.${kind.group}` : kind.singular}/${name}`;
}
