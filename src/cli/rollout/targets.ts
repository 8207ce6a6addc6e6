/**
 * The objects `scale`, `rollout` and `set` act on, as kubectl's resource builder finds them (ResourceTypeOrNameArgs,
 * FilenameParam, LabelSelectorParam, SelectAllParam, Latest): `TYPE NAME...`, `TYPE/NAME...`, `TYPE -l sel`,
 * `TYPE --all` or `-f FILE`, each fetched from the server; a missing one is an error kept for the end
 * (ContinueOnError) while the others are still acted on.
 */
import { gvrForObject, gvrOf, kindForGVR, type GroupVersionResource } from '../../api/group-version.js';
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import type { Client, ResourceOps } from '../../client/client.js';
import { CliError } from '../errors.js';
import { readManifests } from '../manifests.js';
import { objectRef, parseResourceArgs } from '../resource-args.js';

export interface Target {
  kind: KindInfo;
  gvr: GroupVersionResource;
  name: string;
  namespace: string;
  /** The object as the server has it now. */
  object: KubeObject;
  /** `deployment.apps/web`. */
  ref: string;
  ops: ResourceOps;
}

export interface TargetOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
}

export interface ResolvedTargets {
  targets: Target[];
  /** Objects that could not be fetched (NotFound...), reported after the others are done. */
  errors: unknown[];
}

/** The resource ops of a kind in a namespace. */
export function opsFor(client: Client, kind: KindInfo, namespace: string): ResourceOps {
  const r = client.resource(gvrOf(kind));
  return kind.namespaced ? r.namespace(namespace) : r;
}

/** ResourceTypeOrNameArgs + FilenameParam + LabelSelectorParam (+ SelectAllParam when allowAll), then Latest. */
export async function resolveTargets(client: Client, args: string[], opts: TargetOptions, namespace: string, { allowAll = false } = {}): Promise<ResolvedTargets> {
  const wanted: Array<{ kind: KindInfo; name: string; namespace: string }> = [];
  const errors: unknown[] = [];
  const targets: Target[] = [];
  if (opts.filename?.length) {
    if (args.length) throw new CliError('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    const { manifests, errors: readErrors } = readManifests(opts.filename, { recursive: opts.recursive });
    if (readErrors.length) throw readErrors[0];
    for (const m of manifests) {
      const kind = kindForGVR(gvrForObject(m.object));
      if (!kind) throw new CliError(`error: resource mapping not found for name: "${m.object.metadata?.name ?? ''}" namespace: "" from "${m.source}": no matches for kind "${m.object.kind}" in version "${m.object.apiVersion}"`);
      wanted.push({ kind, name: m.object.metadata?.name ?? '', namespace: m.object.metadata?.namespace ?? namespace });
    }
  } else {
    const requests = parseResourceArgs(args);
    if (!requests.length) {
      throw new CliError(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    for (const r of requests) {
      if (r.names.length) {
        if (opts.selector) throw new CliError('error: name cannot be provided when a selector is specified');
        for (const name of r.names) wanted.push({ kind: r.kind, name, namespace });
        continue;
      }
      if (!opts.selector && !(allowAll && opts.all)) throw new CliError(`error: resource(s) were provided, but no name was specified`);
      const list = await opsFor(client, r.kind, namespace).list(opts.selector ? { labelSelector: opts.selector } : {});
      for (const o of list.items) {
        const kindObj: KubeObject = { ...o, apiVersion: o.apiVersion ?? (r.kind.group ? `${r.kind.group}/${r.kind.versions[0]}` : r.kind.versions[0]!), kind: o.kind ?? r.kind.kind };
        const ops = opsFor(client, r.kind, o.metadata.namespace ?? namespace);
        targets.push({ kind: r.kind, gvr: gvrOf(r.kind), name: o.metadata.name!, namespace: o.metadata.namespace ?? namespace, object: kindObj, ref: objectRef(r.kind, o.metadata.name!), ops });
      }
    }
  }
  for (const w of wanted) {
    const ops = opsFor(client, w.kind, w.namespace);
    try {
      const object = await ops.get(w.name);
      targets.push({ kind: w.kind, gvr: gvrOf(w.kind), name: w.name, namespace: w.namespace, object, ref: objectRef(w.kind, w.name), ops });
    } catch (e) {
      errors.push(e);
    }
  }
  return { targets, errors };
}
