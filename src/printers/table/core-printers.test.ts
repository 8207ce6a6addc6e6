import type { KubeObject } from '../../api/object.js';
import { configMapPrinter, eventPrinter, namespacePrinter, resourceQuotaPrinter, secretPrinter, serviceAccountPrinter } from './core-printers.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
const make = (kind: string, fields: Obj = {}, metadata: Obj = {}): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'x', namespace: 'default', creationTimestamp: '2025-03-01T11:00:00Z', ...metadata },
  ...fields,
});

describe('namespacePrinter', () => {
  it('prints the phase', () => {
    expect(namespacePrinter.cells(make('Namespace', { status: { phase: 'Terminating' } }), now)).toEqual(['x', 'Terminating', '60m']);
  });
});

describe('configMapPrinter', () => {
  it('counts data and binary data keys', () => {
    expect(configMapPrinter.cells(make('ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), now)).toEqual(['x', 3, '60m']);
    expect(configMapPrinter.cells(make('ConfigMap'), now)[1]).toBe(0);
  });
});

describe('secretPrinter', () => {
  it('prints the type and counts data keys, with stringData merged in as the server stores it', () => {
    const secret = make('Secret', { type: 'Opaque', data: { a: 'MQ==' }, stringData: { a: 'x', b: 'y' } });
    expect(secretPrinter.cells(secret, now)).toEqual(['x', 'Opaque', 2, '60m']);
  });
});

describe('serviceAccountPrinter', () => {
  it('counts the secrets', () => {
    expect(serviceAccountPrinter.cells(make('ServiceAccount', { secrets: [{ name: 't' }] }), now)).toEqual(['x', 1, '60m']);
  });
});

describe('eventPrinter', () => {
  const makeEvent = (fields: Obj) => make('Event', { involvedObject: { kind: 'Pod', name: 'web' }, type: 'Normal', reason: 'Pulled', message: 'ok', ...fields }, { name: 'web.1' });

  it('has LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME', () => {
    expect(eventPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0', 'Type:0', 'Reason:0', 'Object:0', 'Subobject:1', 'Source:1', 'Message:0', 'First Seen:1', 'Count:1', 'Name:1',
    ]);
  });

  it('prints a core event with its timestamps, object, source and count', () => {
    const e = makeEvent({
      involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{app}' },
      firstTimestamp: '2025-03-01T11:00:00Z',
      lastTimestamp: '2025-03-01T11:58:00Z',
      count: 7,
      source: { component: 'kubelet', host: 'n1' },
      message: '  trimmed\n',
    });
    expect(eventPrinter.cells(e, now)).toEqual(['2m', 'Normal', 'Pulled', 'pod/web', 'spec.containers{app}', 'kubelet, n1', 'trimmed', '60m', 7, 'web.1']);
  });

  it('dates an events.k8s.io event by its eventTime and series, and reads the reporting controller as the source', () => {
    const e = makeEvent({ eventTime: '2025-03-01T11:50:00.000000Z', series: { count: 3, lastObservedTime: '2025-03-01T11:59:30.500000Z' }, reportingComponent: 'default-scheduler', reportingInstance: 'sched-1' });
    const cells = eventPrinter.cells(e, now);
    expect([cells[0], cells[5], cells[7], cells[8]]).toEqual(['29s', 'default-scheduler, sched-1', '10m', 3]);
  });

  it('counts a singleton event as 1 and uses the first timestamp as the last one when it is missing', () => {
    const cells = eventPrinter.cells(makeEvent({ firstTimestamp: '2025-03-01T11:55:00Z' }), now);
    expect([cells[0], cells[7], cells[8]]).toEqual(['5m', '5m', 1]);
  });

  it('prints <unknown> without any time and the bare kind without an object name', () => {
    const cells = eventPrinter.cells(makeEvent({ involvedObject: { kind: 'Cluster' } }), now);
    expect([cells[0], cells[3], cells[5]]).toEqual(['<unknown>', 'cluster', '']);
  });
});

describe('resourceQuotaPrinter', () => {
  it('prints used/hard per resource, sorted, limits in their own column', () => {
    const rq = make('ResourceQuota', {
      status: { hard: { 'limits.cpu': '2', pods: '10', 'requests.memory': '1Gi', 'count/pods': '5' }, used: { pods: '3', 'limits.cpu': '500m', 'requests.memory': '1073741824' } },
    });
    expect(resourceQuotaPrinter.cells(rq, now)).toEqual(['x', 'count/pods: 0/5, pods: 3/10, requests.memory: 1073741824/1Gi', 'limits.cpu: 500m/2', '60m']);
  });

  it('prints empty columns before the quota controller filled the status', () => {
    expect(resourceQuotaPrinter.cells(make('ResourceQuota', { spec: { hard: { pods: '1' } } }), now)).toEqual(['x', '', '', '60m']);
  });
});
