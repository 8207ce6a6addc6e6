/**
 * kubectl's `-o custom-columns=NAME:.metadata.name,...` and `-o custom-columns-file=<file>` (kubectl/pkg/cmd/get
 * customcolumn.go): relaxed JSONPath per column, `<none>` for nothing, several values joined by commas, each value
 * in Go's %v (`map[a:b]`, `[x y]`, `<nil>`), terminal escapes defused, columns aligned by kubectl's tabwriter.
 */
import { JsonPath } from './jsonpath/jsonpath.js';
import { goSprint } from './jsonpath/go-format.js';
import { PrinterError } from './jsonpath/jsonpath-printer.js';
import { isListObject } from './name.js';
import { TabWriter } from './tab-writer.js';

export const CUSTOM_COLUMNS_FORMATS = ['custom-columns', 'custom-columns-file'] as const;
export type CustomColumnsFormat = (typeof CUSTOM_COLUMNS_FORMATS)[number];

export interface Column {
  header: string;
  /** A complete JSONPath template, e.g. `{.metadata.name}`. */
  fieldSpec: string;
}

const jsonRegexp = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: `metadata.name`, `.metadata.name`, `{metadata.name}` and `{.metadata.name}` all become `{.metadata.name}`. */
export function relaxedJsonPathExpression(expr: string): string {
  if (expr.length === 0) return expr;
  const m = jsonRegexp.exec(expr);
  if (!m) throw new PrinterError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] || m[2]}}`;
}

/** NewCustomColumnsPrinterFromSpec's parsing of `HEADER:expr,HEADER:expr`. */
export function parseCustomColumnsSpec(spec: string): Column[] {
  if (spec.length === 0) throw new PrinterError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new PrinterError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxedJsonPathExpression(part.slice(i + 1)) };
  });
}

/** bufio.ScanWords: fields separated by Unicode white space. */
const splitOnWhitespace = (line: string) => line.split(/[\s\u0085\u00a0]+/u).filter((w) => w.length > 0);

/** NewCustomColumnsPrinterFromTemplate's parsing of a file: a line of headers, then a line of expressions. */
export function parseCustomColumnsTemplate(text: string): Column[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (text.length > 0 && text.endsWith('\n')) lines.pop();
  const format = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (lines.length < 1 || text.length === 0) throw new PrinterError(`invalid template, missing header line. ${format}`);
  const headers = splitOnWhitespace(lines[0]!);
  if (lines.length < 2) throw new PrinterError(`invalid template, missing spec line. ${format}`);
  const specs = splitOnWhitespace(lines[1]!);
  if (headers.length !== specs.length) throw new PrinterError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPathExpression(specs[i]!) }));
}

export interface CustomColumnsOptions {
  /** --no-headers (ignored for custom-columns-file, as kubectl does). */
  noHeaders?: boolean;
  /** Reads a custom-columns-file; throws an Error with Go's wording (`open x: no such file or directory`). */
  readFile?: (path: string) => string;
}

/** CustomColumnsPrintFlags.ToPrinter: the printer for `-o <format>=<value>` (for custom-columns-file the value is a path). */
export function customColumnsPrinterFor(format: CustomColumnsFormat, value: string, options: CustomColumnsOptions = {}): CustomColumnsPrinter {
  if (value.length === 0) throw new PrinterError('custom-columns format specified but no custom columns given');
  if (format === 'custom-columns-file') {
    let text: string;
    try {
      if (!options.readFile) throw new Error('no file reader');
      text = options.readFile(value);
    } catch (e) {
      throw new PrinterError(`error reading template ${value}, ${(e as Error).message}\n`);
    }
    return new CustomColumnsPrinter(parseCustomColumnsTemplate(text));
  }
  return new CustomColumnsPrinter(parseCustomColumnsSpec(value), { noHeaders: options.noHeaders });
}

/** EscapeTerminal: the characters a value may not send to a terminal raw. */
export const escapeTerminal = (s: string) => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');

export class CustomColumnsPrinter {
  constructor(
    readonly columns: Column[],
    private readonly options: { noHeaders?: boolean } = {},
  ) {}

  /** The table for one object, or for each item of a List; on an error what was written so far is still flushed. */
  printObj(obj: unknown, write: (text: string) => void): void {
    const w = new TabWriter(write);
    try {
      if (!this.options.noHeaders) w.write(`${this.columns.map((c) => c.header).join('\t')}\n`);
      const parsers = this.columns.map((c) => {
        try {
          return new JsonPath(c.fieldSpec, { allowMissingKeys: true });
        } catch (e) {
          throw new PrinterError((e as Error).message);
        }
      });
      const items = isListObject(obj) ? obj.items : [obj];
      for (const item of items) w.write(`${this.row(item, parsers).join('\t')}\n`);
    } finally {
      w.flush();
    }
  }

  private row(obj: unknown, parsers: JsonPath[]): string[] {
    return parsers.map((parser) => {
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
  }
}
