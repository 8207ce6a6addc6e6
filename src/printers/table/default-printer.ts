/** The API server's default table for kinds without a printer (roles, cluster roles, limit ranges): NAME and CREATED AT. */
import { rfc3339 } from '../../util/clock.js';
import { str, timeMs, zeroTime } from './cell-formats.js';
import { column, fieldDoc, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

/** creationTimestamp.UTC().Format(time.RFC3339); a zero time prints as Go's year 1. */
export function createdAt(t: unknown): string {
  const ms = timeMs(t);
  return ms === zeroTime ? '0001-01-01T00:00:00Z' : rfc3339(new Date(ms));
}

/** rest.defaultTableConvertor (k8s.io/apiserver/pkg/registry/rest/table.go). */
export const defaultPrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Created At', 'date', fieldDoc('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'creationTimestamp'))],
  (obj) => [str(obj.metadata.name), createdAt(obj.metadata.creationTimestamp)],
);
