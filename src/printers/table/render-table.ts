/**
 * kubectl's human-readable printer for a server Table (cli-runtime printers/tableprinter.go): decorateTable adds
 * NAMESPACE, -L and LABELS columns and `kind/` name prefixes, printTable drops wide-only columns, then the tabwriter aligns.
 */
import { labelsString } from './cell-formats.js';
import { formatGoValue } from './go-value.js';
import { tabwrite } from '../tab-writer.js';
import type { Table, TableCell, TableColumnDefinition, TableRow } from './table.js';

export interface RenderTableOptions {
  /** `-o wide`: show priority > 0 columns. */
  wide?: boolean;
  /** `--no-headers`. */
  noHeaders?: boolean;
  /** `--show-labels`: a last LABELS column, `k=v,...` sorted. */
  showLabels?: boolean;
  /** `-L key,...`: one column per key, headed by the key's last path segment uppercased. */
  labelColumns?: readonly string[];
  /** `-A` on a namespaced resource: NAMESPACE first. */
  withNamespace?: boolean;
  /** Several kinds in one `get` (or --show-kind): names print as `kind.group/name` (`pod/web`, `deployment.apps/web`). */
  withKind?: { group: string; kind: string };
}

/** An unstructured cell as Go's fmt.Sprint prints the decoded JSON value. */
type Cell = TableCell | Record<string, unknown> | unknown[];

/** formatLabelHeaders: `app.kubernetes.io/name` heads its column NAME. */
export const labelHeader = (key: string): string => (key.split('/').pop() ?? '').toUpperCase();

/** GroupKind.String lowercased, the prefix of names when several kinds are printed. */
export const kindPrefix = (gk: { group: string; kind: string }): string => (gk.group ? `${gk.kind}.${gk.group}` : gk.kind).toLowerCase();

interface ObjectMetaView {
  namespace: string;
  labels: Record<string, string> | undefined;
}

/** meta.Accessor on the row's object: only objects with a metadata map have one. */
function accessor(row: TableRow): ObjectMetaView | undefined {
  const meta = row.object?.metadata;
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
  const m = meta as { namespace?: unknown; labels?: unknown };
  return {
    namespace: typeof m.namespace === 'string' ? m.namespace : '',
    labels: m.labels && typeof m.labels === 'object' ? (m.labels as Record<string, string>) : undefined,
  };
}

/** decorateTable: the columns and cells kubectl adds from each row's object metadata. */
function decorateTable(table: Table, options: RenderTableOptions): { columns: TableColumnDefinition[]; rows: Cell[][] } {
  const original = table.columnDefinitions ?? [];
  const labelColumns = options.labelColumns ?? [];
  let width = original.length + labelColumns.length;
  if (options.withNamespace) width++;
  if (options.showLabels) width++;

  let nameColumn = -1;
  if (options.withKind && options.withKind.kind !== '') nameColumn = original.findIndex((c) => c.format === 'name' && c.type === 'string');

  let columns = [...original];
  if (width !== original.length) {
    const extra = (name: string): TableColumnDefinition => ({ name, type: 'string', format: '', description: '', priority: 0 });
    columns = [
      ...(options.withNamespace ? [extra('Namespace')] : []),
      ...original,
      ...labelColumns.map((l) => extra(labelHeader(l))),
      ...(options.showLabels ? [extra('Labels')] : []),
    ];
  }

  const includeLabels = labelColumns.length > 0 || !!options.showLabels;
  const rows = table.rows.map((row): Cell[] => {
    let cells: Cell[] = [...row.cells];
    if (!(includeLabels || options.withNamespace || nameColumn !== -1)) return cells;
    if (nameColumn !== -1) cells[nameColumn] = `${kindPrefix(options.withKind!)}/${formatGoValue(cells[nameColumn])}`;
    const m = accessor(row);
    if (!m) {
      // Without metadata the added columns stay empty. Upstream's padding loop compares against a growing
      // slice, so it appends only half the missing cells; printTable then just prints fewer.
      if (options.withNamespace) cells = [null, ...cells];
      for (let j = 0; j < width - cells.length; j++) cells.push(null);
      return cells;
    }
    if (options.withNamespace) cells = [m.namespace, ...cells];
    if (includeLabels) {
      for (const key of labelColumns) cells.push(m.labels?.[key] ?? '');
      if (options.showLabels) cells.push(labelsString(m.labels) || '<none>');
    }
    return cells;
  });
  return { columns, rows };
}

/** Characters that end a cell's text (formfeed too: the tabwriter takes it for a newline). */
const cellBreak = /[\f\n\r]/;

/** WriteEscaped: terminal escapes are made visible rather than interpreted. */
const escapeTerminal = (s: string) => s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const brk = cell.search(cellBreak);
    return brk >= 0 ? `${escapeTerminal(cell.slice(0, brk))}...` : escapeTerminal(cell);
  }
  return escapeTerminal(formatGoValue(cell));
}

/** printTable: tab-separated text, headers uppercased, wide-only columns dropped; nothing at all for no rows (with headers). */
function printTable(columns: readonly TableColumnDefinition[], rows: readonly Cell[][], options: RenderTableOptions): string {
  const visible = (c: TableColumnDefinition) => options.wide || c.priority === 0;
  let out = '';
  if (!options.noHeaders) {
    if (rows.length === 0) return '';
    out += `${columns.filter(visible).map((c) => c.name.toUpperCase()).join('\t')}\n`;
  }
  for (const row of rows) {
    const texts: string[] = [];
    for (let i = 0; i < row.length && i < columns.length; i++) {
      if (visible(columns[i]!)) texts.push(cellText(row[i]!));
    }
    out += `${texts.join('\t')}\n`;
  }
  return out;
}

/** A server Table as `kubectl get` prints it (one resource type); '' when there is nothing to print. */
export function renderTable(table: Table, options: RenderTableOptions = {}): string {
  return tabwrite(tableText(table, options));
}

/** The tab-separated lines kubectl writes for a table before its tabwriter aligns them (`get -w` keeps one tabwriter across events). */
export function tableText(table: Table, options: RenderTableOptions = {}): string {
  const { columns, rows } = decorateTable(table, options);
  return printTable(columns, rows, options);
}

/**
 * Several resource types in one `kubectl get` (`get deploy,rs`, `get all`): each table aligned on its own, a blank
 * line before a table when something was printed before it and headers are on (get.go's separatorWriter).
 */
export function renderTables(tables: readonly { table: Table; options?: RenderTableOptions }[]): string {
  let out = '';
  let separatorReady = false;
  tables.forEach(({ table, options = {} }, i) => {
    if (i > 0 && !options.noHeaders && out.length > 0) separatorReady = true;
    const text = renderTable(table, options);
    if (text.length > 0 && separatorReady) {
      out += '\n';
      separatorReady = false;
    }
    out += text;
  });
  return out;
}
