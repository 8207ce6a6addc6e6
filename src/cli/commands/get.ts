/** `kubesim get`: list or read objects and print them in any of kubectl's output formats. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isNotFound } from '../../api/errors.js';
import { gvrOf } from '../../api/group-version.js';
import { kinds, type KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { genericOutput, toJson } from '../../printers/json.js';
import { toName } from '../../printers/name.js';
import { noResourcesFoundMessage, renderTables, toTable, type RenderTableOptions } from '../../printers/table/index.js';
import type { Table } from '../../printers/table/index.js';
import { toYaml } from '../../printers/yaml.js';
import { JSONPATH_FORMATS, jsonPathPrinterFor, type JsonPathFormat } from '../../printers/jsonpath/jsonpath-printer.js';
import { CUSTOM_COLUMNS_FORMATS, customColumnsPrinterFor, type CustomColumnsFormat } from '../../printers/custom-columns.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { parseResourceArgs, type ResourceRequest } from '../resource-args.js';

export interface GetOptions {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
  noHeaders?: boolean;
  showKind?: boolean;
  ignoreNotFound?: boolean;
}

/** What `get all` expands to, in the order kubectl 1.32 prints it (discovery order of the `all` category). */
const allCategoryOrder = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];

export function expandAll(args: string[]): string[] {
  if (!args.length) return args;
  const types = args[0]!.split(',');
  if (!types.includes('all')) return args;
  const expanded = types.flatMap((t) => (t === 'all' ? allCategoryOrder.filter((p) => kinds.some((k) => k.plural === p && k.categories.includes('all'))) : [t]));
  return [expanded.join(','), ...args.slice(1)];
}

interface Fetched {
  kind: KindInfo;
  objects: KubeObject[];
}

export async function run(args: string[], opts: GetOptions, global: GlobalOptions, deps: CliDeps): Promise<void> {
  const requests = parseResourceArgs(expandAll(args));
  if (!requests.length) {
    throw new CliError(
      "You must specify the type of resource to get. Use \"kubesim api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubesim explain <resource>\" for a detailed description of that resource (e.g. kubesim explain pods).\nSee 'kubesim get -h' for help and examples",
    );
  }
  const namespace = namespaceOf(global, deps);
  if (opts.allNamespaces && requests.some((r) => r.names.length)) {
    throw new CliError('error: a resource cannot be retrieved by name across all namespaces');
  }
  const failures: unknown[] = [];
  const fetched = await withClient(deps, async (client) => {
    const out: Fetched[] = [];
    for (const r of requests) out.push({ kind: r.kind, objects: await fetch(client, r, opts, namespace, failures) });
    return out;
  });
  const total = fetched.reduce((n, f) => n + f.objects.length, 0);
  const output = opts.output ?? '';
  const singleItemImplied = requests.length === 1 && requests[0]!.names.length === 1 && args.length <= 2;

  if (output === '' || output === 'wide') {
    const multipleKinds = fetched.length > 1 || !!opts.showKind;
    const now = deps.now();
    const tables: Array<{ table: Table; options: RenderTableOptions }> = fetched
      .filter((f) => f.objects.length)
      .map((f) => ({
        table: toTable(f.kind, f.objects, now),
        options: {
          wide: output === 'wide',
          noHeaders: !!opts.noHeaders,
          showLabels: !!opts.showLabels,
          labelColumns: opts.labelColumns?.flatMap((l) => l.split(',')).filter(Boolean) ?? [],
          withNamespace: !!opts.allNamespaces && f.kind.namespaced,
          ...(multipleKinds ? { withKind: { group: f.kind.group, kind: f.kind.kind } } : {}),
        },
      }));
    deps.out.write(renderTables(tables));
  } else {
    const items = fetched.flatMap((f) => f.objects);
    const value = genericOutput(items, singleItemImplied);
    const [format, ...rest] = output.split('=');
    const arg = rest.join('=');
    const readFile = (path: string) => readFileSync(path, 'utf8');
    if (output === 'yaml') deps.out.write(toYaml(value));
    else if (output === 'json') deps.out.write(toJson(value));
    else if (output === 'name') deps.out.write(toName(value));
    else if ((JSONPATH_FORMATS as readonly string[]).includes(format!)) deps.out.write(jsonPathPrinterFor(format as JsonPathFormat, arg, { readFile }).print(value));
    else if ((CUSTOM_COLUMNS_FORMATS as readonly string[]).includes(format!)) {
      customColumnsPrinterFor(format as CustomColumnsFormat, arg, { readFile, noHeaders: !!opts.noHeaders }).printObj(value, (t) => deps.out.write(t));
    } else throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`);
  }

  if (failures.length) throw new AggregateCliError(failures);
  if (total === 0 && !opts.ignoreNotFound && (output === '' || output === 'wide')) {
    deps.err.write(`${noResourcesFoundMessage({ namespace, allNamespaces: !!opts.allNamespaces, allNamespaced: fetched.every((f) => f.kind.namespaced) })}\n`);
  }
}

async function fetch(client: Client, r: ResourceRequest, opts: GetOptions, namespace: string, failures: unknown[]): Promise<KubeObject[]> {
  const base = client.resource(gvrOf(r.kind));
  const res = r.kind.namespaced && !opts.allNamespaces ? base.namespace(namespace) : base;
  if (!r.names.length) {
    const list = await res.list({ ...(opts.selector ? { labelSelector: opts.selector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) });
    return list.items;
  }
  const out: KubeObject[] = [];
  for (const name of r.names) {
    try {
      out.push(await res.get(name));
    } catch (e) {
      if (isNotFound(e) && opts.ignoreNotFound) continue;
      failures.push(e);
    }
  }
  return out;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command, deps: CliDeps): void {
  program
    .command('get')
    .description('Display one or many resources')
    .argument('[args...]', 'TYPE[.VERSION][.GROUP] [NAME...] or TYPE/NAME...')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.')
    .option('--field-selector <selector>', 'Selector (field query) to filter on, supports \'=\', \'==\', and \'!=\'.')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
    .option('--show-labels', 'When printing, show all labels as the last column (default hide labels column).')
    .option('-L, --label-columns <labels>', 'Accepts a comma separated list of labels that are going to be presented as columns.', collect)
    .option('--no-headers', "When using the default or custom-column output format, don't print headers (default print headers).")
    .option('--show-kind', 'If present, list the resource type for the requested object(s).')
    .option('--ignore-not-found', 'If set to true, suppresses NotFound error for specific objects that do not exist.')
    .addHelpText(
      'after',
      `\nExamples:\n  # List all pods in ps output format\n  kubesim get pods\n\n  # List all pods in ps output format with more information (such as node name)\n  kubesim get pods -o wide\n\n  # List deployments and replica sets together\n  kubesim get deploy,rs\n\n  # List a single pod in YAML output format\n  kubesim get -o yaml pod web-pod-13je7\n`,
    )
    .action(async (args: string[], opts: GetOptions & { headers?: boolean }, cmd: Command) => {
      // commander turns --no-headers into headers=false.
      const options: GetOptions = { ...opts, noHeaders: opts.headers === false };
      return run(args, options, cmd.optsWithGlobals() as GlobalOptions, deps);
    });
}
