/** metav1.Table as the API server sends it for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`, field for field. */
import type { ListMeta } from '../../api/object.js';

/** A cell: upstream's cells are Go strings, int64s and bools; a missing cell (label of an object without metadata) is null. */
export type TableCell = string | number | boolean | null;

export interface TableColumnDefinition {
  name: string;
  /** An OpenAPI type: string, integer, number, boolean, date. */
  type: string;
  /** `name` marks the column kubectl prefixes with `kind/` when printing several kinds. */
  format: string;
  description: string;
  /** 0 is always shown; 1 and more only with `-o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** The object (includeObject=Object), its PartialObjectMetadata (the default), or absent (includeObject=None). */
  object?: Record<string, unknown>;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  /** Null when the client asked for no headers (TableOptions.noHeaders), as upstream serializes a nil slice. */
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}

/** What `includeObject` asks the server to embed in each row (metav1.IncludeObjectPolicy). */
export const IncludeObjectPolicy = { None: 'None', Metadata: 'Metadata', Object: 'Object' } as const;
export type IncludeObjectPolicy = (typeof IncludeObjectPolicy)[keyof typeof IncludeObjectPolicy];
