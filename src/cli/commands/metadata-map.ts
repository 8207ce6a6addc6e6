/** What `label` and `annotate` share: `key=value` and `key-` arguments applied to objects with a merge patch. */
import { isQualifiedName, isValidLabelValue } from '../../api/name-validation.js';
import type { KubeObject } from '../../api/object.js';
import { createMergePatch } from '../../api/patch/merge-patch.js';
import type { Client } from '../../client/client.js';
import { gvrForObject, gvrOf, kindForGVR } from '../../api/group-version.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { readManifests } from '../manifests.js';
import { objectRef, parseResourceArgs, type ResourceRequest } from '../resource-args.js';

export interface MetadataMapOptions {
  overwrite?: boolean;
  all?: boolean;
  selector?: string;
  filename?: string[];
  resourceVersion?: string;
  dryRun?: 'none' | 'client' | 'server';
}

export interface MetadataMapKind {
  field: 'labels' | 'annotations';
  /** `label` or `annotation`, for messages. */
  noun: string;
  done: string;
  undone?: string;
  notDone?: string;
  validateValue: boolean;
}

/** Splits `a=b c- d=e` into sets and removals, with kubectl's messages for bad ones. */
export function parseMetadataArgs(args: string[], kind: MetadataMapKind): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const a of args) {
    if (a.endsWith('-') && !a.includes('=')) {
      remove.push(a.slice(0, -1));
      continue;
    }
    const i = a.indexOf('=');
    if (i < 0) throw new CliError(`error: at least one ${kind.noun} update is required`);
    const key = a.slice(0, i);
    const value = a.slice(i + 1);
    const keyErrs = isQualifiedName(key);
    const valErrs = kind.validateValue ? isValidLabelValue(value) : [];
    if (keyErrs.length || valErrs.length) throw new CliError(`error: invalid ${kind.noun} spec: ${a}`);
    set[key] = value;
  }
  for (const r of remove) if (r in set) throw new CliError(`error: can not both modify and remove ${kind.noun} in the same command`);
  return { set, remove };
}

/** Splits command arguments into resource arguments and the `key=value`/`key-` updates after them. */
export function splitArgs(args: string[]): { resources: string[]; updates: string[] } {
  const first = args.findIndex((a) => a.includes('=') || (a.endsWith('-') && !a.includes('/')));
  return first < 0 ? { resources: args, updates: [] } : { resources: args.slice(0, first), updates: args.slice(first) };
}

export async function runMetadataMap(kind: MetadataMapKind, args: string[], opts: MetadataMapOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const { resources, updates } = splitArgs(args);
  if (!updates.length) throw new CliError(`error: at least one ${kind.noun} update is required`);
  const { set, remove } = parseMetadataArgs(updates, kind);
  const namespace = namespaceOf(global, deps);
  const failures: unknown[] = [];
  const dry = opts.dryRun === 'client' ? ' (dry run)' : opts.dryRun === 'server' ? ' (server dry run)' : '';
  await withClient(deps, async (client) => {
    const targets = await resolveTargets(client, resources, opts, namespace);
    for (const t of targets) {
      try {
        const res = t.kind.namespaced ? client.resource(gvrOf(t.kind)).namespace(t.namespace) : client.resource(gvrOf(t.kind));
        const current = t.object ?? (await res.get(t.name));
        const before = (current.metadata[kind.field] ?? {}) as Record<string, string>;
        const after = { ...before };
        for (const r of remove) {
          if (r in after) delete after[r];
          else deps.out.write(`${kind.noun} "${r}" not found.\n`);
        }
        for (const [k, v] of Object.entries(set)) {
          if (!opts.overwrite && k in before && before[k] !== v) throw new CliError(`error: '${k}' already has a value (${before[k]}), and --overwrite is false`);
          after[k] = v;
        }
        const oldJson = JSON.stringify(before);
        const newJson = JSON.stringify(after);
        let msg = kind.done;
        if (oldJson === newJson) msg = kind.notDone ?? kind.done;
        else if (kind.undone && !opts.overwrite && newJson.length < oldJson.length) msg = kind.undone;
        if (oldJson !== newJson && opts.dryRun !== 'client') {
          const patch = createMergePatch({ metadata: { [kind.field]: before } }, { metadata: { [kind.field]: after } }) as { metadata: Record<string, unknown> };
          if (opts.resourceVersion) patch.metadata.resourceVersion = opts.resourceVersion;
          await res.patch(t.name, 'application/merge-patch+json', patch, { ...(opts.dryRun === 'server' ? { dryRun: 'All' } : {}), fieldManager: `kubectl-${kind.noun === 'label' ? 'label' : 'annotate'}` });
        }
        deps.out.write(`${objectRef(t.kind, t.name)} ${msg}${dry}\n`);
      } catch (e) {
        failures.push(e);
      }
    }
  });
  if (failures.length) throw new AggregateCliError(failures);
}

interface Target {
  kind: ResourceRequest['kind'];
  name: string;
  namespace: string;
  object?: KubeObject;
}

async function resolveTargets(client: Client, resources: string[], opts: MetadataMapOptions, namespace: string): Promise<Target[]> {
  if (opts.filename?.length) {
    const { manifests, errors } = readManifests(opts.filename);
    if (errors.length) throw errors[0];
    return manifests.map((m) => ({ kind: kindForGVR(gvrForObject(m.object))!, name: m.object.metadata.name ?? '', namespace: m.object.metadata.namespace ?? namespace }));
  }
  const requests = parseResourceArgs(resources);
  if (!requests.length) throw new CliError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const out: Target[] = [];
  for (const r of requests) {
    if (r.names.length) {
      for (const name of r.names) out.push({ kind: r.kind, name, namespace });
      continue;
    }
    if (!opts.all && !opts.selector) throw new CliError('error: resource(s) were provided, but no name was specified');
    const res = r.kind.namespaced ? client.resource(gvrOf(r.kind)).namespace(namespace) : client.resource(gvrOf(r.kind));
    const list = await res.list(opts.selector ? { labelSelector: opts.selector } : {});
    for (const o of list.items) out.push({ kind: r.kind, name: o.metadata.name!, namespace: o.metadata.namespace ?? namespace, object: o });
  }
  return out;
}
