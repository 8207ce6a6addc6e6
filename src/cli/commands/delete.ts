/** `kubesim delete`: by name, -f, -l or --all, with grace periods and cascading as kubectl delete. */
import type { Command } from 'commander';
import { isNotFound } from '../../api/errors.js';
import { gvrForObject, gvrOf, kindForGVR } from '../../api/group-version.js';
import type { KindInfo } from '../../api/kinds.js';
import type { DeleteOptions, PropagationPolicy } from '../../api/request-options.js';
import type { Client } from '../../client/client.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { readManifests } from '../manifests.js';
import { parseResourceArgs } from '../resource-args.js';
import { parseGoDuration } from '../../util/go-duration.js';
import { waitForDeletion, type DeletedObject } from './wait-for-deletion.js';

export interface DeleteCommandOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  gracePeriod?: string;
  force?: boolean;
  now?: boolean;
  cascade?: string;
  ignoreNotFound?: boolean;
  wait?: boolean;
  timeout?: string;
  dryRun?: 'none' | 'client' | 'server';
}

interface Target {
  kind: KindInfo;
  namespace: string | undefined;
  name: string;
}

export const forceWarning =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

/** kubectl's --grace-period, --now and --force rules (DeleteFlags.ToOptions and Complete). */
export function deleteOptionsOf(opts: DeleteCommandOptions): { options: DeleteOptions; warning?: string } {
  let grace = opts.gracePeriod === undefined ? -1 : Number(opts.gracePeriod);
  if (!Number.isInteger(grace)) throw new CliError(`error: invalid argument "${opts.gracePeriod}" for "--grace-period" flag: strconv.ParseInt: parsing "${opts.gracePeriod}": invalid syntax`);
  if (opts.now) {
    if (grace !== -1) throw new CliError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  let warning: string | undefined;
  if (opts.force) {
    if (grace === -1) grace = 0;
    if (grace === 0) warning = forceWarning;
  } else if (grace === 0) {
    // kubectl turns --grace-period=0 without --force into the shortest graceful deletion.
    grace = 1;
  }
  const options: DeleteOptions = {};
  if (grace >= 0) options.gracePeriodSeconds = grace;
  options.propagationPolicy = cascadeOf(opts.cascade);
  if (opts.dryRun === 'server') options.dryRun = 'All';
  return { options, ...(warning ? { warning } : {}) };
}

function cascadeOf(cascade: string | undefined): PropagationPolicy {
  switch (cascade ?? 'background') {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
    default:
      throw new CliError(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`);
  }
}

export async function run(args: string[], opts: DeleteCommandOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const { options, warning } = deleteOptionsOf(opts);
  const timeoutMs = opts.timeout ? parseGoDuration(opts.timeout) / 1e6 : 0;
  const namespace = namespaceOf(global, deps);
  if (warning) deps.err.write(warning);
  const failures: unknown[] = [];
  const deleted: DeletedObject[] = [];
  const dry = opts.dryRun === 'client' ? ' (dry run)' : opts.dryRun === 'server' ? ' (server dry run)' : '';
  await withClient(deps, async (client) => {
    const targets = await targetsOf(client, args, opts, namespace, failures);
    if (!targets.length && !failures.length) {
      deps.err.write(opts.allNamespaces || !namespace ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
      return;
    }
    for (const t of targets) {
      const res = t.kind.namespaced ? client.resource(gvrOf(t.kind)).namespace(t.namespace!) : client.resource(gvrOf(t.kind));
      try {
        if (opts.dryRun !== 'client') {
          const { object } = await res.delete(t.name, options);
          deleted.push({ ops: res, resource: t.kind.plural, name: t.name, ...(object.metadata?.uid ? { uid: object.metadata.uid } : {}) });
        }
        const what = t.kind.group ? `${t.kind.singular}.${t.kind.group}` : t.kind.singular;
        deps.out.write(`${what} "${t.name}" ${options.gracePeriodSeconds === 0 && opts.force ? 'force deleted' : 'deleted'}${dry}\n`);
      } catch (e) {
        if (isNotFound(e) && opts.ignoreNotFound) continue;
        failures.push(e);
      }
    }
    if (failures.length) throw new AggregateCliError(failures);
    // kubectl waits (--wait, default true) until every deleted object is gone, unless dry-running; --timeout=0 is a week.
    if (opts.wait === false || (opts.dryRun ?? 'none') !== 'none' || !deleted.length) return;
    await waitForDeletion(deleted, timeoutMs || 168 * 3600 * 1000);
  });
}

async function targetsOf(client: Client, args: string[], opts: DeleteCommandOptions, namespace: string, failures: unknown[]): Promise<Target[]> {
  if (opts.filename?.length) {
    if (args.length) throw new CliError('error: resource(s) were provided, but no name was specified');
    const { manifests, errors } = readManifests(opts.filename, { recursive: opts.recursive });
    failures.push(...errors);
    const out: Target[] = [];
    for (const m of manifests) {
      try {
        const kind = kindForGVR(gvrForObject(m.object))!;
        out.push({ kind, namespace: kind.namespaced ? (m.object.metadata?.namespace ?? namespace) : undefined, name: m.object.metadata?.name ?? '' });
      } catch (e) {
        failures.push(e);
      }
    }
    return out;
  }
  const requests = parseResourceArgs(args);
  if (!requests.length) {
    throw new CliError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const out: Target[] = [];
  for (const r of requests) {
    if (r.names.length) {
      if (opts.all || opts.selector) throw new CliError("error: name cannot be provided when a selector is specified");
      for (const name of r.names) out.push({ kind: r.kind, namespace: r.kind.namespaced ? namespace : undefined, name });
      continue;
    }
    if (!opts.all && !opts.selector && !opts.fieldSelector) throw new CliError('error: resource(s) were provided, but no name was specified');
    const base = client.resource(gvrOf(r.kind));
    const res = r.kind.namespaced && !opts.allNamespaces ? base.namespace(namespace) : base;
    const list = await res.list({ ...(opts.selector ? { labelSelector: opts.selector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) });
    for (const o of list.items) out.push({ kind: r.kind, namespace: o.metadata.namespace, name: o.metadata.name! });
  }
  return out;
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .argument('[args...]', 'TYPE [NAME...] or TYPE/NAME...')
    .option('-f, --filename <file...>', 'containing the resource to delete.')
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--field-selector <selector>', 'Selector (field query) to filter on')
    .option('--all', 'Delete all resources, in the namespace of the specified resource types.')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully.')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion.')
    .option('--now', 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).')
    .option('--cascade <policy>', 'Must be "background", "orphan", or "foreground".', 'background')
    .option('--wait', 'If true, wait for resources to be gone before returning. This waits for finalizers.', true)
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object', '0s')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete.')
    .option('--dry-run <strategy>', 'Must be "none", "server", or "client".', 'none')
    .addHelpText('after', `\nExamples:\n  # Delete a pod with minimal delay\n  kubesim delete pod foo --now\n\n  # Force delete a pod on a dead node\n  kubesim delete pod foo --grace-period=0 --force\n\n  # Delete pods and services with label name=myLabel\n  kubesim delete pods,services -l name=myLabel\n`)
    .action(async (args: string[], opts: DeleteCommandOptions, cmd: Command) => run(args, opts, cmd.optsWithGlobals() as GlobalOptions, deps));
}
