/** `kubesim get`: list or read objects and print them in any of kubectl's output formats. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isNotFound } from '../../api/errors.js';
import { gvrOf } from '../../api/group-version.js';
import { kinds, type KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import type { GenericList } from '../../printers/json.js';
import { IncludeObjectPolicy, noResourcesFoundMessage, renderTables, toTable, type RenderTableOptions } from '../../printers/table/index.js';
import type { Table, TableRow } from '../../printers/table/index.js';
import type { JsonPathFormat } from '../../printers/jsonpath/jsonpath-printer.js';
import type { CustomColumnsFormat } from '../../printers/custom-columns.js';
import { namespaceOf, withClient, type CliDeps, type GlobalOptions } from '../context.js';
import { AggregateCliError, CliError } from '../errors.js';
import { parseResourceArgs, type ResourceRequest } from '../resource-args.js';
import type { KlogFatal } from '../get/sort-by.js';
import type { Interrupt, WatchRequest } from '../get/watch.js';
import { klogLine } from './klog-line.js';

// Printers other than the table, --sort-by and -w are loaded only when asked for: `get pods` starts faster.
const sortModule = () => import('../get/sort-by.js');

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
  /** --sort-by: a JSONPath; list output is sorted by its first value on each object. */
  sortBy?: string;
  /** -w: print what there is, then every change. */
  watch?: boolean;
  /** --watch-only: every change, without the listing first. */
  watchOnly?: boolean;
  /** --output-watch-events: objects as watch events (an EVENT column, or `{"type","object"}`). */
  outputWatchEvents?: boolean;
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

/** One resource.Info of kubectl's builder: a listing of one type, or one named object. */
interface Info {
  kind: KindInfo;
  objects: KubeObject[];
  /** The listing's resourceVersion, or the named object's: what the server's Table carries in its metadata. */
  resourceVersion: string;
}

/** kubectl dying in klog: the `F` line is its last word. */
const klogExit = (e: KlogFatal, deps: CliDeps) => new CliError(klogLine('F', e.location, e.message, deps.now(), process.pid), e.exitCode);

export async function run(args: string[], opts: GetOptions, global: GlobalOptions, deps: CliDeps, interrupt?: () => Interrupt): Promise<void> {
  try {
    await get(args, opts, global, deps, interrupt);
  } catch (e) {
    if (!(e instanceof Error) || e.name !== 'KlogFatal') throw e;
    const { KlogFatal } = await sortModule();
    throw e instanceof KlogFatal ? klogExit(e, deps) : e;
  }
}

async function get(args: string[], opts: GetOptions, global: GlobalOptions, deps: CliDeps, interrupt?: () => Interrupt): Promise<void> {
  const output = opts.output ?? '';
  const sortBy = opts.sortBy ?? '';
  const watching = !!(opts.watch || opts.watchOnly);
  // Complete: the warnings come first, whatever fails after them.
  if (opts.watch && sortBy) deps.err.write('warning: --watch requested, --sort-by will be ignored for watch events received\n');
  else if (opts.watchOnly && sortBy) deps.err.write('warning: --watch-only requested, --sort-by will be ignored\n');
  else if (!watching && !args.length) {
    throw new CliError(
      "You must specify the type of resource to get. Use \"kubesim api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubesim explain <resource>\" for a detailed description of that resource (e.g. kubesim explain pods).\nSee 'kubesim get -h' for help and examples",
    );
  }
  // Validate.
  if (opts.showLabels && output !== '' && output !== 'wide') throw new CliError(`error: --show-labels option cannot be used with ${output} printer`);
  if (opts.outputWatchEvents && !watching) throw new CliError('error: --output-watch-events option can only be used with --watch or --watch-only');

  const expanded = expandAll(args);
  // The builder's visitBySelector: a selector selects, it does not filter named objects.
  if (opts.selector?.trim() || opts.fieldSelector?.trim()) {
    if (expanded.some((a) => a.includes('/'))) throw new CliError('error: selectors and the all flag cannot be used when passing resource/name arguments');
    if (expanded.length > 1) throw new CliError('error: name cannot be provided when a selector is specified');
  }
  if (watching) {
    if (!expanded.length) {
      throw new CliError(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    // The builder's SingleResourceType: `pods,svc` (or `all`) cannot be watched.
    if (!expanded.some((a) => a.includes('/')) && expanded[0]!.split(',').filter(Boolean).length > 1) throw new CliError('error: you may only specify a single resource type');
  }
  // The builder maps `pods,po` to one resource: each kind is fetched once.
  const requests = parseResourceArgs(expanded).filter((r, i, all) => all.findIndex((x) => x.kind === r.kind) === i);
  const namespace = namespaceOf(global, deps);
  if (opts.allNamespaces && requests.some((r) => r.names.length)) {
    throw new CliError('error: a resource cannot be retrieved by name across all namespaces');
  }
  const singleItemImplied = requests.length === 1 && requests[0]!.names.length === 1 && args.length <= 2;
  const tableOutput = output === '' || output === 'wide';
  const tableOptions = (kind: KindInfo, withNamespace: boolean, withKind: boolean): RenderTableOptions => ({
    wide: output === 'wide',
    noHeaders: !!opts.noHeaders,
    showLabels: !!opts.showLabels,
    labelColumns: opts.labelColumns?.flatMap((l) => l.split(',')).filter(Boolean) ?? [],
    withNamespace,
    ...(withKind ? { withKind: { group: kind.group, kind: kind.kind } } : {}),
  });

  if (watching) {
    const request: WatchRequest = {
      requests,
      singleItemImplied,
      namespace,
      allNamespaces: !!opts.allNamespaces,
      ...(opts.selector ? { labelSelector: opts.selector } : {}),
      ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}),
      // --watch-only wins over --watch: nothing is listed first.
      watchOnly: !!opts.watchOnly,
      outputWatchEvents: !!opts.outputWatchEvents,
      tableOutput,
      sorting: sortBy !== '',
    };
    const [{ watchGet }, { watchPrinterFor }, relaxedOrRaw] = await Promise.all([
      import('../get/watch.js'),
      import('../get/watch-printer.js'),
      sortBy ? sortModule().then((m) => m.relaxedOrRaw) : undefined,
    ]);
    // In a watch the NAMESPACE column follows -A alone, and kind prefixes --show-kind alone.
    const makePrinter = (kind: KindInfo) =>
      watchPrinterFor({
        output,
        noHeaders: !!opts.noHeaders,
        table: { ...tableOptions(kind, !!opts.allNamespaces, !!opts.showKind), kind },
        ...(sortBy && relaxedOrRaw ? { sortField: relaxedOrRaw(sortBy) } : {}),
      });
    await withClient(deps, (client) => watchGet(client, request, makePrinter, deps, interrupt));
    return;
  }

  const failures: unknown[] = [];
  const infos = await withClient(deps, async (client) => {
    const out: Info[] = [];
    for (const r of requests) out.push(...(await fetch(client, r, opts, namespace, failures)));
    return out;
  });

  if (tableOutput) {
    const text = printTables(infos, opts, deps, tableOptions, sortBy, sortBy ? await sortModule() : undefined);
    if (failures.length) throw new AggregateCliError(failures);
    // Nothing written and nothing failed: say so (also when every Table's sort failed and printed nothing).
    if (text === '' && !opts.ignoreNotFound) {
      deps.err.write(`${noResourcesFoundMessage({ namespace, allNamespaces: !!opts.allNamespaces, allNamespaced: infos.every((i) => i.kind.namespaced) })}\n`);
    }
    return;
  }

  // printGeneric: one named object prints as itself (its failure alone is the answer), anything else as a List.
  if (singleItemImplied && failures.length) throw new AggregateCliError(failures);
  if (infos.length === 0 && opts.ignoreNotFound) {
    if (failures.length) throw new AggregateCliError(failures);
    return;
  }
  const items = infos.flatMap((i) => i.objects);
  const { genericOutput } = await import('../../printers/json.js');
  const value = genericOutput(items, singleItemImplied);
  let print = true;
  const list = value === items[0] ? undefined : (value as GenericList);
  if (sortBy && list && list.items.length) {
    // SortingPrinter: a List is sorted before it is printed; if it cannot be, nothing is printed.
    const { SortError, sortObjects } = await sortModule();
    try {
      const order = sortObjects(list.items, sortBy);
      list.items = order.map((k) => items[k]!);
    } catch (e) {
      if (!(e instanceof SortError)) throw e;
      failures.push(e);
      print = false;
    }
  }
  if (print) await printGeneric(value, output, opts, deps);
  if (failures.length) throw new AggregateCliError(failures);
}

/** The non-table printers over the object or List. */
async function printGeneric(value: unknown, output: string, opts: GetOptions, deps: CliDeps): Promise<void> {
  const [format, ...rest] = output.split('=');
  const arg = rest.join('=');
  const readFile = (path: string) => readFileSync(path, 'utf8');
  if (output === 'yaml') deps.out.write((await import('../../printers/yaml.js')).toYaml(value));
  else if (output === 'json') deps.out.write((await import('../../printers/json.js')).toJson(value));
  else if (output === 'name') deps.out.write((await import('../../printers/name.js')).toName(value));
  else {
    const [jsonPath, customColumns] = await Promise.all([import('../../printers/jsonpath/jsonpath-printer.js'), import('../../printers/custom-columns.js')]);
    if ((jsonPath.JSONPATH_FORMATS as readonly string[]).includes(format!)) {
      deps.out.write(jsonPath.jsonPathPrinterFor(format as JsonPathFormat, arg, { readFile }).print(value));
    } else if ((customColumns.CUSTOM_COLUMNS_FORMATS as readonly string[]).includes(format!)) {
      customColumns.customColumnsPrinterFor(format as CustomColumnsFormat, arg, { readFile, noHeaders: !!opts.noHeaders }).printObj(value, (t) => deps.out.write(t));
    } else throw (await import('../get/watch-printer.js')).unknownOutputFormat(output);
  }
}

/**
 * get.go's human-readable path: with --sort-by, several Infos are first ordered as the Table objects the server
 * sent (so sorting them by a field only the objects have, such as .metadata.name, fails), then each Table's rows
 * are sorted as it is printed, where a failure only means that Table prints nothing. Infos of one resource in a
 * row share a printer: one header, one alignment.
 */
function printTables(
  infos: Info[],
  opts: GetOptions,
  deps: CliDeps,
  tableOptions: (kind: KindInfo, withNamespace: boolean, withKind: boolean) => RenderTableOptions,
  sortBy: string,
  sorting: Awaited<ReturnType<typeof sortModule>> | undefined,
): string {
  const now = deps.now();
  const includeObject = sortBy ? IncludeObjectPolicy.Object : IncludeObjectPolicy.Metadata;
  let tables = infos.map((info) => ({ info, table: toTable(info.kind, info.objects, now, { includeObject, listMeta: { resourceVersion: info.resourceVersion } }) }));
  if (sorting && tables.length > 1) {
    const order = sorting.sortObjects(
      tables.map((t) => t.table),
      sortBy,
    );
    tables = order.map((k) => tables[k]!);
  }
  // multipleGVKsRequested: kind prefixes when the Infos are of more than one kind.
  const withKind = !!opts.showKind || new Set(infos.map((i) => i.kind)).size > 1;
  const sortField = sorting ? sorting.relaxedOrRaw(sortBy) : undefined;
  const groups: Array<{ kind: KindInfo; table: Table }> = [];
  // With -A, a namespaced resource's printer turns on the NAMESPACE column in print flags every later printer copies
  // (the copy is shallow): cluster-scoped resources printed after it get the column too, with nothing in it.
  const entries = () => {
    let withNamespace = false;
    return groups.map((g) => {
      withNamespace ||= !!opts.allNamespaces && g.kind.namespaced;
      return { table: g.table, options: tableOptions(g.kind, withNamespace, withKind) };
    });
  };
  for (const { info, table } of tables) {
    const last = groups[groups.length - 1];
    const group = last && last.kind === info.kind ? last : { kind: info.kind, table: { ...table, rows: [] as TableRow[] } };
    if (group !== last) groups.push(group);
    let rows = table.rows;
    if (sortField !== undefined && rows.length > 1) {
      try {
        rows = sorting!.sortTableRows(rows, sortField);
      } catch (e) {
        if (e instanceof sorting!.KlogFatal) {
          // kubectl exits on the spot: what earlier printers flushed is out, the current one's rows are not.
          deps.out.write(renderTables(entries().slice(0, -1)));
          throw e;
        }
        // PrintObj's error is dropped: this Table prints nothing.
        continue;
      }
    }
    group.table.rows.push(...rows);
  }
  const text = renderTables(entries());
  deps.out.write(text);
  return text;
}

async function fetch(client: Client, r: ResourceRequest, opts: GetOptions, namespace: string, failures: unknown[]): Promise<Info[]> {
  const base = client.resource(gvrOf(r.kind));
  const res = r.kind.namespaced && !opts.allNamespaces ? base.namespace(namespace) : base;
  if (!r.names.length) {
    const list = await res.list({ ...(opts.selector ? { labelSelector: opts.selector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) });
    return [{ kind: r.kind, objects: list.items, resourceVersion: list.metadata.resourceVersion ?? '' }];
  }
  const out: Info[] = [];
  for (const name of r.names) {
    try {
      const obj = await res.get(name);
      out.push({ kind: r.kind, objects: [obj], resourceVersion: obj.metadata.resourceVersion ?? '' });
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
    .option(
      '--sort-by <field>',
      "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
    )
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes.')
    .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first.')
    .option('--output-watch-events', 'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.')
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
