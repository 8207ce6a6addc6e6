/** Printers for the core group's configuration and bookkeeping kinds (namespaces, config maps, secrets, service accounts, events, quotas). */
import type { ConfigMap, Event, Namespace, ResourceQuota, Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { compareGoStrings, goTrimSpace, int, quantityString, str, timeMs, translateMsSince, translateTimestampSince, zeroTime } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

const core = 'io.k8s.api.core.v1';
const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata.creationTimestamp, now);
const count = (m: object | null | undefined) => Object.keys(m ?? {}).length;

export const namespacePrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  (obj, now) => [str(obj.metadata.name), str((obj as unknown as Namespace).status?.phase), age(obj, now)],
);

export const configMapPrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Data', 'string', fieldDoc(`${core}.ConfigMap`, 'data')), ageColumn()],
  (obj, now) => {
    const cm = obj as unknown as ConfigMap;
    return [str(obj.metadata.name), count(cm.data) + count(cm.binaryData), age(obj, now)];
  },
);

export const secretPrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Type', 'string', fieldDoc(`${core}.Secret`, 'type')), column('Data', 'string', fieldDoc(`${core}.Secret`, 'data')), ageColumn()],
  (obj, now) => {
    const secret = obj as unknown as Secret;
    // The internal Secret the printer sees has stringData merged into data (the v1 conversion does it).
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    return [str(obj.metadata.name), str(secret.type), keys.size, age(obj, now)];
  },
);

export const serviceAccountPrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Secrets', 'string', fieldDoc(`${core}.ServiceAccount`, 'secrets')), ageColumn()],
  (obj, now) => [str(obj.metadata.name), ((obj as unknown as ServiceAccount).secrets ?? []).length, age(obj, now)],
);

/** formatEventSource: component (or reportingComponent), then `, host` (or reportingInstance) when there is one. */
function formatEventSource(e: Event): string {
  const component = str(e.source?.component) || str(e.reportingComponent);
  const instance = str(e.source?.host) || str(e.reportingInstance);
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

function eventCells(obj: KubeObject, now: Date): (string | number)[] {
  const e = obj as unknown as Event;
  // Events of the events.k8s.io API have eventTime and series instead of first/last timestamps and count.
  let firstTimestamp = translateTimestampSince(e.firstTimestamp, now);
  if (timeMs(e.firstTimestamp) === zeroTime) firstTimestamp = translateMsSince(timeMs(e.eventTime), now);
  let lastTimestamp = translateTimestampSince(e.lastTimestamp, now);
  if (timeMs(e.lastTimestamp) === zeroTime) lastTimestamp = firstTimestamp;
  let eventCount = int(e.count);
  if (e.series) {
    lastTimestamp = translateMsSince(timeMs(e.series.lastObservedTime), now);
    eventCount = int(e.series.count);
  } else if (eventCount === 0) {
    // Singleton events don't have a count set in the new API.
    eventCount = 1;
  }
  const involved = e.involvedObject ?? {};
  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name).length > 0 ? `${kind}/${involved.name}` : kind;
  return [
    lastTimestamp,
    str(e.type),
    str(e.reason),
    target,
    str(involved.fieldPath),
    formatEventSource(e),
    goTrimSpace(str(e.message)),
    firstTimestamp,
    eventCount,
    str(obj.metadata.name),
  ];
}

export const eventPrinter: KindPrinter = kindPrinter(
  () => [
    column('Last Seen', 'string', fieldDoc(`${core}.Event`, 'lastTimestamp')),
    column('Type', 'string', fieldDoc(`${core}.Event`, 'type')),
    column('Reason', 'string', fieldDoc(`${core}.Event`, 'reason')),
    column('Object', 'string', fieldDoc(`${core}.Event`, 'involvedObject')),
    column('Subobject', 'string', fieldDoc(`${core}.ObjectReference`, 'fieldPath'), { priority: 1 }),
    column('Source', 'string', fieldDoc(`${core}.Event`, 'source'), { priority: 1 }),
    column('Message', 'string', fieldDoc(`${core}.Event`, 'message')),
    column('First Seen', 'string', fieldDoc(`${core}.Event`, 'firstTimestamp'), { priority: 1 }),
    column('Count', 'string', fieldDoc(`${core}.Event`, 'count'), { priority: 1 }),
    column('Name', 'string', fieldDoc('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'name'), { priority: 1, format: 'name' }),
  ],
  eventCells,
);

/** printResourceQuota: `resource: used/hard` sorted by resource, limits.* in the LIMIT column, the rest in REQUEST. */
function quotaCells(obj: KubeObject, now: Date): string[] {
  const rq = obj as unknown as ResourceQuota;
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const resource of Object.keys(hard).sort(compareGoStrings)) {
    const pieces = resource.split('.');
    const column = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    column.push(`${resource}: ${quantityString(used[resource])}/${quantityString(hard[resource])}`);
  }
  return [str(obj.metadata.name), request.join(', '), limit.join(', '), age(obj, now)];
}

export const resourceQuotaPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn(),
  ],
  quotaCells,
);
