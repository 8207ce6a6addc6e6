import { kinds } from '../../api/kinds.js';
import type { KubeList, KubeObject } from '../../api/object.js';
import type { WatchEvent, WatchOptions } from '../../api/request-options.js';
import type { Client, ResourceOps } from '../../client/client.js';
import { CliError } from '../errors.js';
import { watchGet, type Interrupt, type WatchRequest } from './watch.js';
import { watchPrinterFor } from './watch-printer.js';

const pods = kinds.find((k) => k.plural === 'pods')!;
const now = new Date('2024-05-01T12:00:30Z');

function makePod(name: string, resourceVersion: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', resourceVersion, creationTimestamp: '2024-05-01T12:00:00Z', labels },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Pending' },
  } as KubeObject;
}

/** A client over a fixed set of pods whose watch the test drives by hand, recording what was asked of it. */
class FakeClient implements Client {
  watches: WatchOptions[] = [];
  stopped = 0;
  private handler: ((ev: WatchEvent) => void) | undefined;

  constructor(
    private readonly objects: KubeObject[],
    /** Sent as soon as a watch starts (the API server's synthetic ADDED events for resourceVersion 0). */
    private readonly initialEvents: (opts: WatchOptions) => WatchEvent[] = () => [],
  ) {}

  resource(): ReturnType<Client['resource']> {
    const ops: ResourceOps = {
      list: async () => ({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '7' }, items: this.objects }) as KubeList,
      get: async (name: string) => {
        const found = this.objects.find((o) => o.metadata.name === name);
        if (!found) throw new Error(`pods "${name}" not found`);
        return found;
      },
      watch: async (opts, onEvent) => {
        this.watches.push(opts);
        this.handler = onEvent;
        for (const ev of this.initialEvents(opts)) onEvent(ev);
        return { stop: () => void this.stopped++ };
      },
    } as ResourceOps;
    return { ...ops, namespace: () => ops } as ReturnType<Client['resource']>;
  }

  /** Delivers an event once the watch has started. */
  async send(ev: WatchEvent): Promise<void> {
    while (!this.handler) await new Promise((r) => setTimeout(r, 1));
    this.handler(ev);
  }
}

function request(overrides: Partial<WatchRequest> = {}): WatchRequest {
  return {
    requests: [{ kind: pods, names: [] }],
    singleItemImplied: false,
    namespace: 'default',
    allNamespaces: false,
    watchOnly: false,
    outputWatchEvents: false,
    tableOutput: true,
    sorting: false,
    ...overrides,
  };
}

/** Starts a watch with a controllable interrupt; returns its outcome, its output and the controls. */
function start(client: FakeClient, req: WatchRequest, output = '') {
  let out = '';
  const controller = new AbortController();
  const interrupt = (): Interrupt => ({ signal: controller.signal, dispose: () => undefined });
  const makePrinter = () => watchPrinterFor({ output, noHeaders: false, table: {} });
  const done = watchGet(client, req, makePrinter, { out: { write: (s) => (out += s) }, now: () => now }, interrupt).then(
    () => 'ended',
    (e: unknown) => e,
  );
  return { done, output: () => out, interrupt: () => controller.abort() };
}

describe('watchGet', () => {
  it('watches a listing from its resourceVersion with the selectors, and ends on an interrupt with a silent error', async () => {
    const client = new FakeClient([makePod('web', '5')]);
    const w = start(client, request({ labelSelector: 'app=web', fieldSelector: 'status.phase=Pending' }));
    await client.send({ type: 'MODIFIED', object: makePod('web', '8', { tier: 'front' }) });
    w.interrupt();
    const error = await w.done;
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ message: '', exitCode: 1 });
    expect(client.watches).toEqual([{ resourceVersion: '7', labelSelector: 'app=web', fieldSelector: 'status.phase=Pending' }]);
    expect(client.stopped).toBe(1);
    expect(w.output()).toBe('NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          30s\nweb    0/1     Pending   0          30s\n');
  });

  it('watches one named object by name from resourceVersion 0, and does not print the synthetic ADDED event', async () => {
    const web = makePod('web', '5');
    const client = new FakeClient([web], (opts) => (opts.resourceVersion === '0' ? [{ type: 'ADDED', object: web }] : []));
    const w = start(client, request({ requests: [{ kind: pods, names: ['web'] }], singleItemImplied: true }), 'name');
    await client.send({ type: 'DELETED', object: web });
    w.interrupt();
    await w.done;
    expect(client.watches).toEqual([{ resourceVersion: '0', fieldSelector: 'metadata.name=web' }]);
    expect(w.output()).toBe('pod/web\npod/web\n');
  });

  it('ends with status 0 after printing an ERROR event, as the server closes the watch', async () => {
    const client = new FakeClient([]);
    const w = start(client, request({ outputWatchEvents: true }));
    await client.send({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 5 (9)', reason: 'Expired', code: 410 } });
    expect(await w.done).toBe('ended');
    expect(w.output()).toBe('EVENT      STATUS    REASON    MESSAGE\nERROR      Failure   Expired   too old resource version: 5 (9)\n');
  });

  it('ends with status 0 when an event cannot be printed, losing what the tabwriter held', async () => {
    const client = new FakeClient([makePod('web', '5')]);
    const w = start(client, request({ tableOutput: false }), 'jsonpath={.metadata.name}{.spec.containers[3]}');
    expect(await w.done).toBeInstanceOf(CliError);
    expect(((await w.done) as Error).message).toMatch(/^error: unable to output the provided object: error executing jsonpath/);

    const later = new FakeClient([]);
    const v = start(later, request({ tableOutput: false }), 'jsonpath={.metadata.name}{.spec.containers[3]}');
    await later.send({ type: 'ADDED', object: makePod('web', '9') });
    expect(await v.done).toBe('ended');
    expect(v.output()).toBe('');
  });

  it('prints several named objects, then refuses to watch them', async () => {
    const client = new FakeClient([makePod('a', '5'), makePod('b', '6')]);
    const w = start(client, request({ requests: [{ kind: pods, names: ['a', 'b'] }] }), 'name');
    expect(await w.done).toEqual(new CliError('error: you may only watch a single resource or type of resource at a time'));
    expect(w.output()).toBe('pod/a\npod/b\n');
    expect(client.watches).toEqual([]);
  });

  it('with --watch-only prints nothing of the listing', async () => {
    const client = new FakeClient([makePod('web', '5')]);
    const w = start(client, request({ watchOnly: true }));
    await client.send({ type: 'ADDED', object: makePod('db', '9') });
    w.interrupt();
    await w.done;
    expect(w.output()).toBe('NAME   READY   STATUS    RESTARTS   AGE\ndb     0/1     Pending   0          30s\n');
  });
});
