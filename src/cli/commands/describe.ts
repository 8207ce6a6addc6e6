/** `kubesim describe`: kubectl's describers, fed with what each needs fetched through the Client. */
import type { Command } from 'commander';
import { isNotFound, StatusError } from '../../api/errors.js';
import { gvrOf } from '../../api/group-version.js';
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { describe, relatedRequests, type Related, type RelatedRequest } from '../../printers/describe/describe.js';
import { noResourcesFoundMessage } from '../../printers/table/index.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { parseResourceArgs, type ResourceRequest } from '../resource-args.js';

export interface DescribeOptions {
  selector?: string;
  allNamespaces?: boolean;
  showEvents?: boolean;
}

export async function run(args: string[], opts: DescribeOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const requests = parseResourceArgs(args);
  if (!requests.length) {
    throw new CliError("You must specify the type of resource to describe. Use \"kubesim api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.");
  }
  const namespace = namespaceOf(global, deps);
  const failures: unknown[] = [];
  let first = true;
  let described = 0;
  await withClient(deps, async (client) => {
    for (const r of requests) {
      for (const obj of await objectsOf(client, r, opts, namespace, failures)) {
        try {
          const related = await fetchRelated(client, relatedRequests(obj, { showEvents: opts.showEvents !== false }));
          const text = describe(r.kind.kind, obj, related, deps.now());
          deps.out.write(first ? text : `\n\n${text}`);
          first = false;
          described++;
        } catch (e) {
          failures.push(e);
        }
      }
    }
  });
  if (failures.length) throw new AggregateCliError(failures);
  if (!described) {
    deps.err.write(`${noResourcesFoundMessage({ namespace, allNamespaces: !!opts.allNamespaces, allNamespaced: requests.every((r) => r.kind.namespaced) })}\n`);
  }
}

/**
 * The objects to describe. A name that matches nothing exactly describes every object whose name starts with
 * it, as kubectl does (`describe pods web` finds `web-7d4b9c-x2x`); with no such object the NotFound stands.
 */
async function objectsOf(client: Client, r: ResourceRequest, opts: DescribeOptions, namespace: string, failures: unknown[]): Promise<KubeObject[]> {
  const base = client.resource(gvrOf(r.kind));
  const res = r.kind.namespaced && !opts.allNamespaces ? base.namespace(namespace) : base;
  if (!r.names.length) return (await res.list(opts.selector ? { labelSelector: opts.selector } : {})).items;
  const out: KubeObject[] = [];
  for (const name of r.names) {
    try {
      out.push(await res.get(name));
    } catch (e) {
      if (!isNotFound(e)) {
        failures.push(e);
        continue;
      }
      const byPrefix = (await res.list()).items.filter((o) => o.metadata.name?.startsWith(name));
      if (byPrefix.length) out.push(...byPrefix);
      else failures.push(e);
    }
  }
  return out;
}

/** Runs a describer's requests in order, with kubectl's handling of each failure. */
async function fetchRelated(client: Client, requests: RelatedRequest[]): Promise<Related> {
  const related: Related = {};
  const put = (key: RelatedRequest['key'], value: KubeObject | KubeObject[]) => {
    const target = related as Record<string, KubeObject | KubeObject[] | undefined>;
    if (Array.isArray(value)) target[key] = [...((target[key] as KubeObject[] | undefined) ?? []), ...value];
    else target[key] = value;
  };
  for (const req of requests) {
    const base = client.resource(req.gvr);
    const res = req.namespace ? base.namespace(req.namespace) : base;
    try {
      if (req.name) put(req.key, await res.get(req.name));
      else put(req.key, (await res.list(req.listOptions ?? {})).items);
    } catch (e) {
      const reason = e instanceof StatusError ? e.status.reason : undefined;
      if (req.whenReason && reason !== req.whenReason) throw e;
      switch (req.onError) {
        case 'fail':
          throw e;
        case 'record': {
          const errors = (related.errors ??= {});
          const k = req.errorKey ?? req.key;
          errors[k] ??= { message: e instanceof Error ? e.message : String(e), ...(reason ? { reason } : {}) };
          break;
        }
        case 'empty':
          if (!req.name) put(req.key, []);
          break;
        case 'omit':
          break;
      }
    }
  }
  return related;
}

export function register(program: Command, deps: CliDeps): void {
  program
    .command('describe')
    .description('Show details of a specific resource or group of resources')
    .argument('[args...]', '(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
    .option('--show-events <bool>', 'If true, display events related to the described object.', 'true')
    .addHelpText('after', '\nExamples:\n  # Describe a node\n  kubesim describe nodes node01\n\n  # Describe a pod\n  kubesim describe pods/nginx\n\n  # Describe all pods managed by the \'frontend\' replication controller\n  kubesim describe pods frontend\n')
    .action(async (args: string[], opts: DescribeOptions & { showEvents?: string | boolean }, cmd: Command) => {
      const options: DescribeOptions = { ...opts, showEvents: String(opts.showEvents) !== 'false' };
      return run(args, options, cmd.optsWithGlobals() as GlobalOptions, deps);
    });
}
