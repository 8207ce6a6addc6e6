import type { WatchEvent } from './store.js';
import { WatchRecorder, describeEvent } from './store.conformance.js';
import { WatchHub, type LogSlice, type WatchSource } from './watch-hub.js';

/** A log in memory that the test can append to and compact behind the hub's back. */
class FakeLog implements WatchSource {
  events: WatchEvent[] = [];
  compacted = 0;
  reads = 0;

  put(key: string): WatchEvent {
    const revision = this.currentRevision() + 1;
    const e: WatchEvent = { type: 'put', revision, kv: { key, value: `${revision}`, createRevision: revision, modRevision: revision } };
    this.events.push(e);
    return e;
  }

  currentRevision(): number {
    return Math.max(this.compacted, this.events.at(-1)?.revision ?? 0);
  }

  compact(revision: number): void {
    this.compacted = revision;
    this.events = this.events.filter((e) => e.revision > revision);
  }

  readAfter(after: number, limit: number): LogSlice {
    this.reads++;
    return { events: this.events.filter((e) => e.revision > after).slice(0, limit), compactRevision: this.compacted };
  }

  readRange(prefix: string, after: number, upto: number, limit: number): LogSlice {
    this.reads++;
    const events = this.events.filter((e) => e.revision > after && e.revision <= upto && e.kv.key.startsWith(prefix));
    return { events: events.slice(0, limit), compactRevision: this.compacted };
  }
}

describe('WatchHub', () => {
  let log: FakeLog;
  let hub: WatchHub;
  const start = (prefix: string, after: number) => {
    const rec = new WatchRecorder();
    const w = hub.watch(prefix, after, rec.onEvents, rec.onError);
    return Object.assign(rec, { stop: () => w.stop() });
  };

  beforeEach(() => {
    log = new FakeLog();
    hub = new WatchHub(log, { pollIntervalMs: 1, batchSize: 3 });
  });
  afterEach(() => hub.close());

  it('a watch catches up from history in batches and then follows new writes', async () => {
    for (let i = 0; i < 8; i++) log.put(`/a/${i}`);
    const rec = start('/a/', 2);
    await rec.waitForEvents(6);
    for (let i = 8; i < 12; i++) log.put(`/a/${i}`);
    const events = await rec.waitForEvents(10);
    expect(events.map((e) => e.revision)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('writes made while a watch is still catching up reach it once, after its history', async () => {
    for (let i = 0; i < 10; i++) log.put(`/a/${i}`);
    const early = start('/a/', 0);
    await early.waitForEvents(10);
    const late = start('/a/', 0);
    // The hub has seen 10; the late watch must catch up on them while new writes arrive.
    for (let i = 10; i < 14; i++) log.put(`/a/${i}`);
    hub.wake();
    const events = await late.waitForEvents(14);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    await early.waitForEvents(14);
    expect(early.events.length).toBe(14);
  });

  it('one shared read serves every live watch, each getting only its prefix', async () => {
    const a = start('/a/', 0);
    const b = start('/b/', 0);
    await Promise.all([a.waitForEvents(0), b.waitForEvents(0)]);
    log.put('/a/1');
    log.put('/b/1');
    log.put('/a/2');
    expect((await a.waitForEvents(2)).map(describeEvent)).toEqual(['put /a/1@1', 'put /a/2@3']);
    expect((await b.waitForEvents(1)).map(describeEvent)).toEqual(['put /b/1@2']);
  });

  it('a live watch fails Compacted when history it has not read yet was compacted away', async () => {
    const live = start('/a/', 0);
    // Once the hub has polled a few times the watch is live; the writes and the compaction below
    // then land between two polls, as when another process compacts.
    await waitFor(() => log.reads > 3);
    log.put('/a/1');
    log.put('/a/2');
    log.compact(2);
    const err = await live.waitForError();
    expect({ code: err.code, compactRevision: err.compactRevision }).toEqual({ code: 'Compacted', compactRevision: 2 });
    expect(live.events).toEqual([]);
  });

  it('a watch from before the compact revision fails Compacted without events', async () => {
    for (let i = 0; i < 4; i++) log.put(`/a/${i}`);
    log.compact(2);
    const rec = start('/a/', 1);
    expect((await rec.waitForError()).code).toBe('Compacted');
    expect(rec.events).toEqual([]);
  });

  it('a watch whose handler throws does not stop the others, and the error is reported', async () => {
    const errors: unknown[] = [];
    hub.close();
    hub = new WatchHub(log, { pollIntervalMs: 1, batchSize: 3, onHandlerError: (err) => errors.push(err) });
    hub.watch('/a/', 0, () => {
      throw new Error('handler bug');
    });
    const good = start('/a/', 0);
    log.put('/a/1');
    log.put('/a/2');
    hub.wake();
    await good.waitForEvents(2);
    expect(errors.map((e) => (e as Error).message)).toContain('handler bug');
  });

  it("this process's own writes reach the watches without reading them back from the log", async () => {
    hub.close();
    // No timer polls during the test: only writes wake the hub.
    hub = new WatchHub(log, { pollIntervalMs: 60_000, batchSize: 3 });
    const rec = start('/a/', 0);
    await rec.waitForEvents(0);
    await waitFor(() => log.reads >= 2);
    const readsBefore = log.reads;
    hub.written([log.put('/a/1'), log.put('/a/2')]);
    hub.written([log.put('/a/3')]);
    const events = await rec.waitForEvents(3);
    expect(events.map(describeEvent)).toEqual(['put /a/1@1', 'put /a/2@2', 'put /a/3@3']);
    expect(log.reads).toBe(readsBefore);
  });

  it("another process's write between two of ours is read from the log and delivered in revision order", async () => {
    hub.close();
    hub = new WatchHub(log, { pollIntervalMs: 60_000, batchSize: 3 });
    const rec = start('/a/', 0);
    await waitFor(() => log.reads >= 2);
    hub.written([log.put('/a/ours-1')]);
    log.put('/a/theirs');
    hub.written([log.put('/a/ours-2')]);
    const events = await rec.waitForEvents(3);
    expect(events.map(describeEvent)).toEqual(['put /a/ours-1@1', 'put /a/theirs@2', 'put /a/ours-2@3']);
  });

  it('a hub whose watches all stopped stops reading the log', async () => {
    const rec = start('/a/', 0);
    await waitFor(() => log.reads > 3);
    rec.stop();
    const readsAtStop = log.reads;
    // Another hub polling 20 times shows time has passed for ours to have polled too.
    const witness = new FakeLog();
    const other = new WatchHub(witness, { pollIntervalMs: 1, batchSize: 3 });
    const w = other.watch('/', 0, () => {});
    await waitFor(() => witness.reads > 20);
    w.stop();
    other.close();
    expect(log.reads).toBe(readsAtStop);
  });
});

/** Waits for a condition on a 1 ms cadence, failing after a deadline. */
async function waitFor(condition: () => boolean, deadlineMs = 5000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, 1));
  }
}
