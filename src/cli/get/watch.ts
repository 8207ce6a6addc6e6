/**
 * `kubectl get -w` / `--watch-only` (get.go's watch): print what is there now (unless --watch-only), then every
 * change from the listing's resourceVersion, each through the same printers and tabwriter, flushed per event. One
 * named object is watched by `metadata.name` from resourceVersion 0, whose first (synthetic) ADDED event is not
 * printed. A termination signal ends the watch and the command exits 1 without a word, as kubectl's interrupt
 * handler does; an ERROR event or a printing failure ends it with status 0, since kubectl ignores the watch's error.
 */
import type { KindInfo } from '../../api/kinds.js';
import { gvrOf } from '../../api/group-version.js';
import type { KubeObject } from '../../api/object.js';
import type { WatchEvent, WatchHandle, WatchOptions } from '../../api/request-options.js';
import type { Client, ResourceOps } from '../../client/client.js';
import { IncludeObjectPolicy, toTable } from '../../printers/table/index.js';
import { TabWriter } from '../../printers/tab-writer.js';
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';
import type { ResourceRequest } from '../resource-args.js';
import { KlogFatal } from './sort-by.js';
import type { PrintItem, WatchPrinter } from './watch-printer.js';

export interface WatchRequest {
  requests: ResourceRequest[];
  /** The arguments named exactly one object (`get pod web`, `get pod/web`). */
  singleItemImplied: boolean;
  namespace: string;
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  watchOnly: boolean;
  outputWatchEvents: boolean;
  /** Table output (default or wide): the printers get the server's Tables. */
  tableOutput: boolean;
  /** --sort-by was given: tables come with whole objects in their rows (includeObject=Object). */
  sorting: boolean;
}

/** What stops a watch from outside: kubectl's termination signals, or a test's controller. */
export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

/** interrupt.New's signals: SIGHUP, SIGINT, SIGTERM and SIGQUIT end the watch instead of the process. */
export function processInterrupt(): Interrupt {
  const controller = new AbortController();
  const signals: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGQUIT'];
  const onSignal = () => controller.abort();
  for (const s of signals) process.on(s, onSignal);
  return { signal: controller.signal, dispose: () => signals.forEach((s) => process.off(s, onSignal)) };
}

/** How kubectl reports the failure of printing the first listing. */
function outputError(e: unknown): unknown {
  if (e instanceof KlogFatal || e instanceof CliError) return e;
  return new CliError(`error: unable to output the provided object: ${(e as Error).message}`);
}

/** Runs the watch until it ends (resolves) or is interrupted (rejects with an error that prints nothing, exit 1). */
export async function watchGet(
  client: Client,
  req: WatchRequest,
  makePrinter: (kind: KindInfo) => WatchPrinter,
  deps: Pick<CliDeps, 'out' | 'now'>,
  interrupt: () => Interrupt = processInterrupt,
): Promise<void> {
  const opsFor = (kind: KindInfo, namespace = req.namespace): ResourceOps => {
    const base = client.resource(gvrOf(kind));
    return kind.namespaced && !req.allNamespaces ? base.namespace(namespace) : base;
  };
  const includeObject = req.sorting ? IncludeObjectPolicy.Object : IncludeObjectPolicy.Metadata;
  const tableOf = (kind: KindInfo, objects: KubeObject[], resourceVersion: string | undefined) =>
    toTable(kind, objects, deps.now(), { includeObject, ...(resourceVersion ? { listMeta: { resourceVersion } } : {}) });

  // The builder's visit: one listing, or each named object in turn (the first failure ends the command).
  const first = req.requests[0]!;
  let list: { items: KubeObject[]; resourceVersion: string } | undefined;
  const named: Array<{ kind: KindInfo; object: KubeObject }> = [];
  if (req.requests.length === 1 && first.names.length === 0) {
    const l = await opsFor(first.kind).list({
      ...(req.labelSelector ? { labelSelector: req.labelSelector } : {}),
      ...(req.fieldSelector ? { fieldSelector: req.fieldSelector } : {}),
    });
    list = { items: l.items, resourceVersion: l.metadata.resourceVersion ?? '' };
  } else {
    for (const r of req.requests) for (const name of r.names) named.push({ kind: r.kind, object: await opsFor(r.kind).get(name) });
  }

  const printer = makePrinter(first.kind);
  // What get.go prints first, and the resourceVersion its watch starts from: a list's (no synthetic events), or
  // "0" for one object (the watch then starts with an ADDED event for it, which is not printed).
  let items: PrintItem[];
  let rv: string;
  let isList = true;
  if (list) {
    rv = list.resourceVersion;
    items = req.tableOutput ? [{ table: tableOf(first.kind, list.items, rv), object: undefined }] : list.items.map((object) => ({ object }));
  } else {
    const versions = new Set(named.map((n) => n.object.metadata.resourceVersion ?? ''));
    if (named.length === 1 && req.singleItemImplied) {
      isList = false;
      rv = '0';
    } else {
      rv = versions.size === 1 ? [...versions][0]! : '';
    }
    items = named.map(({ kind, object }) => (req.tableOutput ? { table: tableOf(kind, [object], object.metadata.resourceVersion), object } : { object }));
  }

  const out = new TabWriter((text) => deps.out.write(text));
  let outputObjects = !req.watchOnly;
  for (const item of items) {
    if (req.outputWatchEvents) item.eventType = 'ADDED';
    if (!outputObjects) continue;
    try {
      printer.print(item, out);
    } catch (e) {
      throw outputError(e);
    }
  }
  out.flush();
  outputObjects = isList;

  // Result.Watch: one source only (a listing, or a single named object).
  if (named.length > 1) throw new CliError('error: you may only watch a single resource or type of resource at a time');
  const ops = opsFor(first.kind);
  const watchOptions: WatchOptions = list
    ? { resourceVersion: rv, ...(req.labelSelector ? { labelSelector: req.labelSelector } : {}), ...(req.fieldSelector ? { fieldSelector: req.fieldSelector } : {}) }
    : { resourceVersion: rv, fieldSelector: `metadata.name=${named[0]!.object.metadata.name}` };

  const stop = interrupt();
  // Store watches do not keep the process alive by themselves; a watch runs until it is ended.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let handle: WatchHandle | undefined;
  let done = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        handle?.stop();
        settle();
      };
      if (stop.signal.aborted) return finish(() => reject(new CliError('')));
      stop.signal.addEventListener('abort', () => finish(() => reject(new CliError(''))), { once: true });
      const onEvent = (ev: WatchEvent) => {
        if (done) return;
        let item: PrintItem;
        if (ev.type === 'ERROR') item = { status: ev.object, object: ev.object };
        else if (!req.tableOutput) item = { object: ev.object };
        else item = { table: tableOf(first.kind, [ev.object], ev.object.metadata.resourceVersion), object: ev.object };
        if (req.outputWatchEvents) item.eventType = ev.type;
        try {
          if (outputObjects) printer.print(item, out);
        } catch (e) {
          // The watch's condition failed: kubectl stops watching and exits 0 (what the tabwriter held is lost).
          return finish(e instanceof KlogFatal ? () => reject(e) : resolve);
        }
        out.flush();
        outputObjects = true;
        // The server closes a watch after an ERROR event.
        if (ev.type === 'ERROR') finish(resolve);
      };
      ops.watch(watchOptions, onEvent).then(
        (h) => {
          handle = h;
          if (done) h.stop();
        },
        (e: unknown) => finish(() => reject(e)),
      );
    });
  } finally {
    clearInterval(keepAlive);
    stop.dispose();
  }
}
