/** The API server's TableConvertor: a list of objects as the metav1.Table kubectl asks for with `Accept: ...;as=Table`. */
import type { KindInfo } from '../../api/kinds.js';
import { deepCopy, type KubeObject, type ListMeta } from '../../api/object.js';
import { printerFor } from './printer-for.js';
import { IncludeObjectPolicy, type Table, type TableRow } from './table.js';

export interface ToTableOptions {
  /** What each row embeds (the `includeObject` query parameter); PartialObjectMetadata by default, as upstream. */
  includeObject?: IncludeObjectPolicy;
  /** TableOptions.noHeaders: columnDefinitions is null. */
  noHeaders?: boolean;
  /** The list's resourceVersion, continue token and remaining count, copied to the table's metadata. */
  listMeta?: ListMeta;
}

/** A row's object under an includeObject policy (endpoints/handlers/response.go asTable). */
function rowObject(obj: KubeObject, policy: IncludeObjectPolicy): Record<string, unknown> | undefined {
  switch (policy) {
    case IncludeObjectPolicy.None:
      return undefined;
    case IncludeObjectPolicy.Object:
      return deepCopy(obj) as Record<string, unknown>;
    case IncludeObjectPolicy.Metadata:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: deepCopy(obj.metadata) };
  }
}

/** Only the list metadata that is set, as Go's omitempty fields serialize. */
function tableMeta(listMeta: ListMeta | undefined): ListMeta {
  const out: ListMeta = {};
  if (listMeta?.resourceVersion) out.resourceVersion = listMeta.resourceVersion;
  if (listMeta?.continue) out.continue = listMeta.continue;
  if (listMeta?.remainingItemCount !== undefined && listMeta.remainingItemCount !== null) out.remainingItemCount = listMeta.remainingItemCount;
  return out;
}

/**
 * Objects of one kind as a metav1.Table, with exactly upstream's columns and cells (printers.go, always generated
 * wide; kubectl drops priority > 0 columns itself). `now` dates the AGE cells, so the caller decides the clock.
 */
export function toTable(kind: Pick<KindInfo, 'group' | 'kind'>, objects: readonly KubeObject[], now: Date, options: ToTableOptions = {}): Table {
  const printer = printerFor(kind);
  const policy = options.includeObject ?? IncludeObjectPolicy.Metadata;
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions.map((c) => ({ ...c }));
    const object = rowObject(obj, policy);
    if (object) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMeta(options.listMeta),
    // Copied with their property getters: a column's description is read from the schema only if someone asks.
    columnDefinitions: options.noHeaders ? null : printer.columns.map((c) => Object.defineProperties({}, Object.getOwnPropertyDescriptors(c)) as typeof c),
    rows,
  };
}
