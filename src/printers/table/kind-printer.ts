/** One kind's server-side table printer: its column definitions and how one object becomes a row (printers.go's handlers). */
import type { KubeObject } from '../../api/object.js';
import { getDefinition } from '../../api/schema.js';
import type { TableCell, TableColumnDefinition, TableRowCondition } from './table.js';

export interface KindPrinter {
  readonly columns: readonly TableColumnDefinition[];
  /**
   * The row's cells. The API server always generates tables as `-o wide` would (printers' GenerateOptions{Wide: true});
   * kubectl hides the priority > 0 columns itself, so cells cover every column.
   */
  cells(obj: KubeObject, now: Date): TableCell[];
  /** Row conditions (pods: Completed when Succeeded or Failed). */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

/**
 * The description upstream takes from a type's SwaggerDoc: the field's doc in the API schema. Where printers.go
 * cites a group-version the server no longer serves (extensions/v1beta1, autoscaling/v2beta1...), callers name the GA
 * type's field instead, whose doc is the same field's.
 */
export function fieldDoc(definition: string, field: string): () => string {
  // Read on demand: a table printed in a terminal never shows its column descriptions, and the schema is large.
  return () => getDefinition(definition)?.properties?.[field]?.description ?? '';
}

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

export interface ColumnOptions {
  format?: string;
  priority?: number;
}

/** A column definition; a description given as a function is read the first time it is asked for. */
export function column(name: string, type: string, description: string | (() => string), options: ColumnOptions = {}): TableColumnDefinition {
  if (typeof description === 'string') return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
  let text: string | undefined;
  return {
    name,
    type,
    format: options.format ?? '',
    get description() {
      text ??= description();
      return text;
    },
    priority: options.priority ?? 0,
  };
}

/** The Name column every kind starts with: `format: name` is what kubectl prefixes with `kind/`. */
export const nameColumn = (): TableColumnDefinition => column('Name', 'string', fieldDoc(meta, 'name'), { format: 'name' });

export const ageColumn = (): TableColumnDefinition => column('Age', 'string', fieldDoc(meta, 'creationTimestamp'));

/** The wide Containers and Images columns the workload kinds share. */
export const containersColumn = (): TableColumnDefinition => column('Containers', 'string', 'Names of each container in the template.', { priority: 1 });
export const imagesColumn = (): TableColumnDefinition => column('Images', 'string', 'Images referenced by each container in the template.', { priority: 1 });

/** Builds a printer whose columns are computed on first use (descriptions come from the schema file). */
export function kindPrinter(columns: () => TableColumnDefinition[], cells: KindPrinter['cells'], conditions?: KindPrinter['conditions']): KindPrinter {
  let cached: readonly TableColumnDefinition[] | undefined;
  return {
    get columns() {
      cached ??= Object.freeze(columns());
      return cached;
    },
    cells,
    ...(conditions ? { conditions } : {}),
  };
}
