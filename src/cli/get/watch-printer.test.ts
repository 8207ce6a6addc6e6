import type { Status } from '../../api/errors.js';
import type { KubeObject } from '../../api/object.js';
import { toTable } from '../../printers/table/index.js';
import { TabWriter } from '../../printers/tab-writer.js';
import { watchPrinterFor, type PrintItem, type WatchPrinterOptions } from './watch-printer.js';

const now = new Date('2024-05-01T12:00:30Z');

function makePod(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: '2024-05-01T12:00:00Z', labels },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Pending' },
  } as KubeObject;
}

const tableOf = (...pods: KubeObject[]) => toTable({ group: '', kind: 'Pod' }, pods, now);

/** An ERROR event's object, as the API server sends it when a watch starts from a compacted revision. */
const expired: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 5 (9)', reason: 'Expired', code: 410 };

/** Prints the items through one printer and one tabwriter, flushing after each (as a watch flushes per event). */
function printAll(options: Partial<WatchPrinterOptions>, items: PrintItem[]): string {
  let out = '';
  const w = new TabWriter((s) => (out += s));
  const printer = watchPrinterFor({ output: '', noHeaders: false, table: {}, ...options });
  for (const item of items) {
    printer.print(item, w);
    w.flush();
  }
  return out;
}

describe('the table printer of a watch', () => {
  it('prints headers once, and a later row in a column at least as wide as before', () => {
    const out = printAll({}, [{ table: tableOf(makePod('web'), makePod('db')), object: undefined }, { table: tableOf(makePod('a-much-longer-name')), object: undefined }, { table: tableOf(makePod('web')), object: undefined }]);
    expect(out).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE\n' +
        'web    0/1     Pending   0          30s\n' +
        'db     0/1     Pending   0          30s\n' +
        'a-much-longer-name   0/1     Pending   0          30s\n' +
        'web                  0/1     Pending   0          30s\n',
    );
  });

  it('prints the headers with the first rows when the listing had none', () => {
    expect(printAll({}, [{ table: tableOf(), object: undefined }, { table: tableOf(makePod('web')), object: undefined }])).toBe('NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          30s\n');
  });

  it('puts watch events in an EVENT column before NAMESPACE, padded to one width', () => {
    const out = printAll({ table: { withNamespace: true, labelColumns: ['tier'] } }, [
      { eventType: 'ADDED', table: tableOf(makePod('web'), makePod('db', { tier: 'back' })), object: undefined },
      { eventType: 'DELETED', table: tableOf(makePod('db', { tier: 'back' })), object: undefined },
    ]);
    expect(out).toBe(
      'EVENT      NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   TIER\n' +
        'ADDED      default     web    0/1     Pending   0          30s   \n' +
        'ADDED      default     db     0/1     Pending   0          30s   back\n' +
        'DELETED    default     db     0/1     Pending   0          30s   back\n',
    );
  });

  it('sorts a listing of several rows by --sort-by, but not a watch event', () => {
    const item = (eventType?: string) => ({ table: toTable({ group: '', kind: 'Pod' }, [makePod('b'), makePod('a')], now, { includeObject: 'Object' }), object: undefined, ...(eventType ? { eventType } : {}) });
    expect(printAll({ sortField: '{.metadata.name}', table: { noHeaders: true } }, [item()])).toBe('a     0/1   Pending   0     30s\nb     0/1   Pending   0     30s\n');
    expect(printAll({ sortField: '{.metadata.name}', table: { noHeaders: true } }, [item('ADDED')])).toBe('ADDED      b     0/1   Pending   0     30s\nADDED      a     0/1   Pending   0     30s\n');
  });

  it.each<[string, Partial<WatchPrinterOptions>, string | undefined, string]>([
    ['under its own STATUS, REASON and MESSAGE header', {}, undefined, 'STATUS    REASON    MESSAGE\nFailure   Expired   too old resource version: 5 (9)\n'],
    [
      'with the event, an empty namespace and label headers that get no values',
      { table: { withNamespace: true, labelColumns: ['rank'], showLabels: true } },
      'ERROR',
      // MESSAGE is the last cell of the row: only the header's MESSAGE is in that column.
      'EVENT      NAMESPACE   STATUS    REASON    MESSAGE   RANK   LABELS\nERROR                  Failure   Expired   too old resource version: 5 (9)\n',
    ],
    ['with the kind before the status when kinds are shown', { table: { withKind: { group: '', kind: 'Pod' }, kind: { group: '', kind: 'Pod' } } }, undefined, 'STATUS        REASON    MESSAGE\npod/Failure   Expired   too old resource version: 5 (9)\n'],
  ])('prints an ERROR event %s', (_name, options, eventType, expected) => {
    expect(printAll(options, [{ status: expired, object: expired, ...(eventType ? { eventType } : {}) }])).toBe(expected);
  });
});

describe('the other printers of a watch', () => {
  const pod = makePod('web');

  it('-o json prints objects indented, events compact with type first, and a Status in its field order', () => {
    const out = printAll({ output: 'json' }, [{ eventType: 'ADDED', object: pod }, { eventType: 'ERROR', status: expired, object: expired }]);
    const [added, error] = out.split('\n');
    expect(added).toMatch(/^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"Pod","metadata":\{"creationTimestamp":"2024-05-01T12:00:00Z",/);
    expect(error).toBe('{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (9)","reason":"Expired","code":410}}');
    expect(printAll({ output: 'json' }, [{ status: expired, object: expired }])).toBe(
      '{\n    "kind": "Status",\n    "apiVersion": "v1",\n    "metadata": {},\n    "status": "Failure",\n    "message": "too old resource version: 5 (9)",\n    "reason": "Expired",\n    "code": 410\n}\n',
    );
  });

  it('-o yaml puts --- before every document but the first, and events as object and type', () => {
    const out = printAll({ output: 'yaml' }, [{ object: pod }, { eventType: 'MODIFIED', object: pod }]);
    const documents = out.split('---\n');
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    expect(documents[1]).toMatch(/^object:\n {2}apiVersion: v1\n {2}kind: Pod\n[^]*\ntype: MODIFIED\n$/);
  });

  it('-o name prints the object of an event, and a Status as status/<unknown>', () => {
    expect(printAll({ output: 'name' }, [{ eventType: 'ADDED', object: pod }, { eventType: 'ERROR', status: expired, object: expired }])).toBe('pod/web\nstatus/<unknown>\n');
  });

  it('custom columns print their header once and see an event as type and object', () => {
    const out = printAll({ output: 'custom-columns=T:.type,NAME:.object.metadata.name' }, [
      { eventType: 'ADDED', object: pod },
      { eventType: 'MODIFIED', object: makePod('a-longer-name') },
    ]);
    expect(out).toBe('T       NAME\nADDED   web\nMODIFIED   a-longer-name\n');
  });

  it('jsonpath output goes through the tabwriter too, so tabs align across events', () => {
    const out = printAll({ output: 'jsonpath={.metadata.name}{"\\t"}{.kind}{"\\n"}' }, [{ object: pod }, { object: makePod('a-longer-name') }]);
    expect(out).toBe('web   Pod\na-longer-name   Pod\n');
  });

  it('refuses an output format it does not know', () => {
    expect(() => watchPrinterFor({ output: 'xml', noHeaders: false, table: {} })).toThrow(
      'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    );
  });
});
