/**
 * The printers `kubectl get -w` keeps for the whole watch, writing into one tabwriter that is flushed after the
 * first listing and after every event: the table printer prints its headers once (then rows keep the widest column
 * widths seen so far), custom-columns its header once, YAML separates documents with `---`, and with
 * --output-watch-events each object goes out as a metav1.WatchEvent (an EVENT column, or `{"type","object"}`).
 */
import { readFileSync } from 'node:fs';
import type { Status } from '../../api/errors.js';
import type { KindInfo } from '../../api/kinds.js';
import { CUSTOM_COLUMNS_FORMATS, customColumnsPrinterFor, escapeTerminal, type Column, type CustomColumnsFormat } from '../../printers/custom-columns.js';
import { assertTyped, goJsonString, marshalJson, toJson } from '../../printers/json.js';
import { JSONPATH_FORMATS, PrinterError, jsonPathPrinterFor, type JsonPathFormat, type JsonPathPrinter } from '../../printers/jsonpath/jsonpath-printer.js';
import { JsonPath } from '../../printers/jsonpath/jsonpath.js';
import { goSprint } from '../../printers/jsonpath/go-format.js';
import { NamePrinter, isListObject } from '../../printers/name.js';
import { kindPrefix, labelHeader, tableText, type RenderTableOptions } from '../../printers/table/render-table.js';
import type { Table } from '../../printers/table/index.js';
import type { TabWriter } from '../../printers/tab-writer.js';
import { toYaml } from '../../printers/yaml.js';
import { CliError } from '../errors.js';
import { sortTableRows } from './sort-by.js';

/** One thing a watch prints: a server Table (table output), an object, or an ERROR event's Status, bare or as a WatchEvent. */
export interface PrintItem {
  /** Set with --output-watch-events: the object is wrapped in a metav1.WatchEvent of this type. */
  eventType?: string;
  /** Table output: the Table the server sent for the object(s). */
  table?: Table;
  /** An ERROR event's Status, which kubectl decodes into a typed metav1.Status (no Table, struct field order). */
  status?: Status;
  /** The object (or List), or the Status. */
  object: unknown;
}

export interface WatchPrinter {
  print(item: PrintItem, out: TabWriter): void;
}

/** formattedEventType: padded so the EVENT column keeps its width. */
const formattedEventType: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };
export const formatEventType = (type: string) => formattedEventType[type] ?? type;

/** The metav1.WatchEvent as printers that marshal it see it. */
const watchEvent = (type: string, object: unknown) => ({ type, object });

/** Only the fields that are set (`omitempty`), in the order given. */
const present = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '' && v !== 0 && !(Array.isArray(v) && v.length === 0)));

/** A metav1.Status as encoding/json writes the typed struct: its fields in declaration order, empty ones left out. */
export function statusInFieldOrder(status: Status): Record<string, unknown> {
  const d = status.details;
  const details = d
    ? present({
        name: d.name,
        group: d.group,
        kind: d.kind,
        uid: d.uid,
        causes: d.causes?.map((c) => present({ reason: c.reason, message: c.message, field: c.field })),
        retryAfterSeconds: d.retryAfterSeconds,
      })
    : undefined;
  const m = status.metadata as { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  return {
    kind: status.kind,
    apiVersion: status.apiVersion,
    metadata: present({ resourceVersion: m?.resourceVersion, continue: m?.continue, remainingItemCount: m?.remainingItemCount }),
    ...present({ status: status.status, message: status.message, reason: status.reason }),
    ...(details ? { details } : {}),
    ...present({ code: status.code }),
  };
}

/**
 * HumanReadablePrinter in a watch: headers before the first rows only (every later Table of the watch has the same
 * columns), an EVENT column added in front after decoration; an object that is not a Table (an ERROR event's Status)
 * goes through the default handler's NAME and AGE columns.
 */
export class TableWatchPrinter implements WatchPrinter {
  private printedHeaders = false;
  private statusHandlerUsed = false;

  constructor(
    private readonly options: RenderTableOptions & { kind?: Pick<KindInfo, 'group' | 'kind'> },
    /** SortingPrinter's field (relaxed or raw): a bare Table of more than one row is sorted before printing. */
    private readonly sortField?: string,
  ) {}

  print(item: PrintItem, out: TabWriter): void {
    if (!item.table) {
      if (item.status) this.printStatus(item.status, item.eventType, out);
      return;
    }
    let table = item.table;
    if (this.sortField !== undefined && item.eventType === undefined && table.rows.length > 1) table = { ...table, rows: sortTableRows(table.rows, this.sortField) };
    const noHeaders = !!this.options.noHeaders || this.printedHeaders;
    const withHeader = !noHeaders && table.rows.length > 0;
    if (table.rows.length > 0) this.printedHeaders = true;
    const text = tableText(table, { ...this.options, noHeaders });
    if (item.eventType === undefined) {
      out.write(text);
      return;
    }
    const event = formatEventType(item.eventType);
    const lines = text.split('\n');
    lines.pop();
    out.write(lines.map((line, i) => `${i === 0 && withHeader ? 'EVENT' : event}\t${line}\n`).join(''));
  }

  /**
   * printRowsForHandlerEntry with the status handler: STATUS, REASON and MESSAGE under their own header (after the
   * label headers' names, which get no values: a Status has no object metadata), NAMESPACE and EVENT in front.
   */
  private printStatus(status: Status, eventType: string | undefined, out: TabWriter): void {
    const o = this.options;
    if (!this.statusHandlerUsed && !o.noHeaders) {
      const headers = ['STATUS', 'REASON', 'MESSAGE', ...(o.labelColumns ?? []).map(labelHeader), ...(o.showLabels ? ['LABELS'] : [])];
      if (o.withNamespace) headers.unshift('NAMESPACE');
      if (eventType !== undefined) headers.unshift('EVENT');
      out.write(`${headers.join('\t')}\n`);
    }
    this.statusHandlerUsed = true;
    let line = eventType !== undefined ? `${formatEventType(eventType)}\t` : '';
    if (o.withNamespace) line += '\t';
    line += o.withKind && o.kind ? `${kindPrefix(o.kind)}/${status.status}` : status.status;
    line += `\t${status.reason ?? ''}\t${status.message}`;
    out.write(`${line}\n`);
  }
}

class JsonWatchPrinter implements WatchPrinter {
  print(item: PrintItem, out: TabWriter): void {
    // Objects are decoded maps (keys sorted when marshalled); a Status is a typed struct (fields in their order).
    const [value, sortKeys] = item.status ? [statusInFieldOrder(item.status), false] : [item.object, true];
    if (item.eventType !== undefined) {
      // json.Marshal of the WatchEvent struct: type, then the object, compact.
      out.write(`{"type":${goJsonString(item.eventType)},"object":${marshalJson(value, { sortKeys })}}\n`);
      return;
    }
    assertTyped(value);
    out.write(toJson(value, { sortKeys }));
  }
}

class YamlWatchPrinter implements WatchPrinter {
  private count = 0;

  print(item: PrintItem, out: TabWriter): void {
    if (++this.count > 1) out.write('---\n');
    if (item.eventType !== undefined) {
      out.write(toYaml(watchEvent(item.eventType, item.object)));
      return;
    }
    assertTyped(item.object);
    out.write(toYaml(item.object));
  }
}

class NameWatchPrinter implements WatchPrinter {
  private readonly printer = new NamePrinter();

  print(item: PrintItem, out: TabWriter): void {
    this.printer.printObj(item.object, (text) => out.write(text));
  }
}

class JsonPathWatchPrinter implements WatchPrinter {
  constructor(private readonly printer: JsonPathPrinter) {}

  print(item: PrintItem, out: TabWriter): void {
    out.write(this.printer.print(item.eventType !== undefined ? watchEvent(item.eventType, item.object) : item.object));
  }
}

/** CustomColumnsPrinter kept across the watch: the header again only when the printed type changes. */
class CustomColumnsWatchPrinter implements WatchPrinter {
  private lastType: 'event' | 'object' | undefined;
  private readonly parsers: JsonPath[];

  constructor(
    private readonly columns: Column[],
    private readonly noHeaders: boolean,
  ) {
    this.parsers = columns.map((c) => {
      try {
        return new JsonPath(c.fieldSpec, { allowMissingKeys: true });
      } catch (e) {
        throw new PrinterError((e as Error).message);
      }
    });
  }

  print(item: PrintItem, out: TabWriter): void {
    const type = item.eventType !== undefined ? 'event' : 'object';
    if (!this.noHeaders && type !== this.lastType) {
      out.write(`${this.columns.map((c) => c.header).join('\t')}\n`);
      this.lastType = type;
    }
    if (item.eventType !== undefined) this.row(watchEvent(item.eventType, item.object), out);
    else if (isListObject(item.object)) for (const obj of item.object.items) this.row(obj, out);
    else this.row(item.object, out);
  }

  private row(obj: unknown, out: TabWriter): void {
    const cells = this.parsers.map((parser) => {
      let values;
      try {
        values = parser.findResults(obj);
      } catch (e) {
        throw new PrinterError((e as Error).message);
      }
      const strings: string[] = [];
      if (values.length === 0 || values[0]!.length === 0) strings.push('<none>');
      for (const list of values) for (const v of list) strings.push(escapeTerminal(goSprint(v)));
      return strings.join(',');
    });
    out.write(`${cells.join('\t')}\n`);
  }
}

export interface WatchPrinterOptions {
  /** -o as given ('' for the default table). */
  output: string;
  table: RenderTableOptions & { kind?: Pick<KindInfo, 'group' | 'kind'> };
  noHeaders: boolean;
  /** The relaxed (or raw) --sort-by field. */
  sortField?: string;
}

/** ToPrinter for a watch: the printer for -o, with kubectl's error for a format it does not know. */
export function watchPrinterFor(options: WatchPrinterOptions): WatchPrinter {
  const { output } = options;
  if (output === '' || output === 'wide') return new TableWatchPrinter(options.table, options.sortField);
  if (output === 'json') return new JsonWatchPrinter();
  if (output === 'yaml') return new YamlWatchPrinter();
  if (output === 'name') return new NameWatchPrinter();
  const [format, ...rest] = output.split('=');
  const arg = rest.join('=');
  const readFile = (path: string) => readFileSync(path, 'utf8');
  if ((JSONPATH_FORMATS as readonly string[]).includes(format!)) return new JsonPathWatchPrinter(jsonPathPrinterFor(format as JsonPathFormat, arg, { readFile }));
  if ((CUSTOM_COLUMNS_FORMATS as readonly string[]).includes(format!)) {
    const columns = customColumnsPrinterFor(format as CustomColumnsFormat, arg, { readFile, noHeaders: options.noHeaders }).columns;
    // --no-headers applies to custom-columns only; a custom-columns-file always has its header line.
    return new CustomColumnsWatchPrinter(columns, format === 'custom-columns' && options.noHeaders);
  }
  throw unknownOutputFormat(output);
}

/** kubectl's error for an -o it has no printer for. */
export function unknownOutputFormat(output: string): CliError {
  return new CliError(
    `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  );
}
