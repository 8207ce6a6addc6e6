/** The table printers: server-side (toTable, what kube-apiserver's TableConvertor returns) and client-side (renderTable, what kubectl prints). */
export type { Table, TableCell, TableColumnDefinition, TableRow, TableRowCondition } from './table.js';
export { IncludeObjectPolicy } from './table.js';
export { toTable, type ToTableOptions } from './to-table.js';
export { printerFor, hasDedicatedPrinter } from './printer-for.js';
export type { KindPrinter } from './kind-printer.js';
export { renderTable, renderTables, labelHeader, kindPrefix, type RenderTableOptions } from './render-table.js';
export { noResourcesFoundMessage, type NoResourcesFoundOptions } from './no-resources-found.js';
