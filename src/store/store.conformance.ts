/** The behaviour every Store backend must show; each backend's test runs this suite against itself. */
import { ContinueTokenError } from './continue-token.js';
import { StoreError, type KeyValue, type Store, type StoreErrorCode, type WatchEvent } from './store.js';

/** How long a test waits for a condition before failing; generous, since CI machines stall. */
const DEADLINE_MS = 10_000;

/** A small pod-like JSON value for `name`. */
export function makeValue(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ kind: 'Pod', metadata: { name }, ...extra });
}

/** Collects what a watch delivers and lets a test wait for it, with a deadline instead of a sleep. */
export class WatchRecorder {
  readonly events: WatchEvent[] = [];
  readonly errors: StoreError[] = [];
  private readonly waiters = new Set<() => void>();

  readonly onEvents = (events: WatchEvent[]): void => {
    this.events.push(...events);
    this.notify();
  };

  readonly onError = (err: StoreError): void => {
    this.errors.push(err);
    this.notify();
  };

  /** Resolves once `count` events arrived; fails with what did arrive when the deadline passes. */
  async waitForEvents(count: number, deadlineMs = DEADLINE_MS): Promise<WatchEvent[]> {
    await this.waitUntil(() => this.events.length >= count, deadlineMs, () => `${count} events`);
    return this.events;
  }

  async waitForError(deadlineMs = DEADLINE_MS): Promise<StoreError> {
    await this.waitUntil(() => this.errors.length > 0, deadlineMs, () => 'an error');
    return this.errors[0]!;
  }

  private waitUntil(done: () => boolean, deadlineMs: number, what: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `watch: waited ${deadlineMs} ms for ${what()}, got ${this.events.length} events ` +
              `[${this.events.map(describeEvent).join(', ')}] and errors [${this.errors.map((e) => e.message).join(', ')}]`,
          ),
        );
      }, deadlineMs);
      this.waiters.add(check);
    });
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }
}

/** "put /a@3" — short enough to compare whole event streams in one assertion. */
export function describeEvent(e: WatchEvent): string {
  return `${e.type} ${e.kv.key}@${e.revision}`;
}

/** Runs `fn` and returns the StoreError it fails with; fails the test if it succeeds. */
export async function storeErrorOf(fn: () => Promise<unknown>): Promise<StoreError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError, but the call succeeded');
}

function expectCode(err: StoreError, code: StoreErrorCode): void {
  expect({ code: err.code, message: err.message }).toMatchObject({ code });
}

const keysOf = (items: KeyValue[]) => items.map((kv) => kv.key);

/**
 * Defines the suite for one backend. `makeStore` opens an empty store; the suite closes every
 * store it opened after each test.
 */
export function describeStoreConformance(name: string, makeStore: () => Store | Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    const watches: { stop(): void }[] = [];

    beforeEach(async () => {
      store = await makeStore();
    });

    afterEach(async () => {
      for (const w of watches.splice(0)) w.stop();
      await store.close();
    });

    /** Starts a watch that is stopped after the test. */
    function record(prefix: string, afterRevision: number): WatchRecorder & { stop(): void } {
      const rec = new WatchRecorder();
      const w = store.watch(prefix, { afterRevision }, rec.onEvents, rec.onError);
      watches.push(w);
      return Object.assign(rec, { stop: () => w.stop() });
    }

    describe('create and get', () => {
      it('a new store is at revision 0 and has nothing', async () => {
        expect(await store.currentRevision()).toBe(0);
        expect(await store.get('/registry/pods/default/a')).toBeUndefined();
        expect((await store.list('/')).items).toEqual([]);
      });

      it('a created key reads back with create and mod revision equal to the write revision', async () => {
        const kv = await store.create('/registry/pods/default/a', makeValue('a'));
        expect(kv).toEqual({
          key: '/registry/pods/default/a',
          value: makeValue('a'),
          createRevision: kv.modRevision,
          modRevision: await store.currentRevision(),
        });
        expect(await store.get('/registry/pods/default/a')).toEqual(kv);
      });

      it('every write takes a revision higher than any before it', async () => {
        const a = await store.create('/a', '1');
        const b = await store.create('/b', '2');
        const a2 = await store.update('/a', '3', a.modRevision);
        const d = await store.delete('/b');
        expect(b.modRevision).toBeGreaterThan(a.modRevision);
        expect(a2.modRevision).toBeGreaterThan(b.modRevision);
        expect(d.modRevision).toBeGreaterThan(a2.modRevision);
        expect(await store.currentRevision()).toBe(d.modRevision);
      });

      it('creating a key that exists fails KeyExists carrying the current value', async () => {
        const first = await store.create('/registry/pods/default/a', makeValue('a'));
        const err = await storeErrorOf(() => store.create('/registry/pods/default/a', makeValue('a', { v: 2 })));
        expectCode(err, 'KeyExists');
        expect(err.current).toEqual(first);
        expect(await store.currentRevision()).toBe(first.modRevision);
      });

      it('get of a key that was never written is undefined', async () => {
        await store.create('/registry/pods/default/a', makeValue('a'));
        expect(await store.get('/registry/pods/default/b')).toBeUndefined();
        expect(await store.get('/registry/pods/default/')).toBeUndefined();
      });
    });

    describe('update', () => {
      it('an update at the current mod revision succeeds and keeps the create revision', async () => {
        const created = await store.create('/k', makeValue('k'));
        const updated = await store.update('/k', makeValue('k', { v: 2 }), created.modRevision);
        expect(updated).toEqual({
          key: '/k',
          value: makeValue('k', { v: 2 }),
          createRevision: created.createRevision,
          modRevision: await store.currentRevision(),
        });
        expect(updated.modRevision).toBeGreaterThan(created.modRevision);
        expect(await store.get('/k')).toEqual(updated);
      });

      it('an update at a stale mod revision fails Conflict carrying the current value and changes nothing', async () => {
        const created = await store.create('/k', 'v1');
        const current = await store.update('/k', 'v2', created.modRevision);
        const err = await storeErrorOf(() => store.update('/k', 'v3', created.modRevision));
        expectCode(err, 'Conflict');
        expect(err.current).toEqual(current);
        expect(await store.get('/k')).toEqual(current);
        expect(await store.currentRevision()).toBe(current.modRevision);
      });

      it.each([
        ['a key that was never created', async () => 1],
        ['a deleted key', async (s: Store) => (await s.delete('/k', (await s.create('/k', 'v')).modRevision)).modRevision],
      ])('an update of %s fails KeyNotFound', async (_case, setup) => {
        const rev = await setup(store);
        const err = await storeErrorOf(() => store.update('/k', 'v2', rev));
        expectCode(err, 'KeyNotFound');
      });
    });

    describe('delete', () => {
      it('an unguarded delete removes the key and returns its last value at the delete revision', async () => {
        const created = await store.create('/k', 'last');
        const deleted = await store.delete('/k');
        expect(deleted).toEqual({
          key: '/k',
          value: 'last',
          createRevision: created.createRevision,
          modRevision: await store.currentRevision(),
        });
        expect(deleted.modRevision).toBeGreaterThan(created.modRevision);
        expect(await store.get('/k')).toBeUndefined();
      });

      it('a delete guarded by the current mod revision succeeds', async () => {
        const updated = await store.update('/k', 'v2', (await store.create('/k', 'v1')).modRevision);
        await store.delete('/k', updated.modRevision);
        expect(await store.get('/k')).toBeUndefined();
      });

      it('a delete guarded by a stale mod revision fails Conflict and keeps the key', async () => {
        const created = await store.create('/k', 'v1');
        const current = await store.update('/k', 'v2', created.modRevision);
        const err = await storeErrorOf(() => store.delete('/k', created.modRevision));
        expectCode(err, 'Conflict');
        expect(err.current).toEqual(current);
        expect(await store.get('/k')).toEqual(current);
      });

      it.each([
        ['unguarded', undefined],
        ['guarded', 1],
      ])('an %s delete of a missing key fails KeyNotFound', async (_case, guard) => {
        await store.create('/other', 'v');
        const err = await storeErrorOf(() => store.delete('/k', guard));
        expectCode(err, 'KeyNotFound');
      });

      it('deleting a key twice fails KeyNotFound the second time', async () => {
        await store.create('/k', 'v');
        await store.delete('/k');
        expectCode(await storeErrorOf(() => store.delete('/k')), 'KeyNotFound');
      });

      it('a key created again after a delete gets a new create revision', async () => {
        const first = await store.create('/k', 'v1');
        await store.delete('/k');
        const again = await store.create('/k', 'v2');
        expect(again.createRevision).toBe(again.modRevision);
        expect(again.createRevision).toBeGreaterThan(first.createRevision);
        expect(await store.get('/k')).toEqual(again);
      });
    });

    describe('list and count', () => {
      it('lists keys under a prefix sorted by key, whatever the write order', async () => {
        for (const n of ['c', 'a', 'b']) await store.create(`/registry/pods/default/${n}`, makeValue(n));
        const result = await store.list('/registry/pods/default/');
        expect(keysOf(result.items)).toEqual(['/registry/pods/default/a', '/registry/pods/default/b', '/registry/pods/default/c']);
        expect(result.revision).toBe(await store.currentRevision());
        expect(result.continue).toBeUndefined();
        expect(result.items[0]).toEqual(await store.get('/registry/pods/default/a'));
      });

      it('a namespace prefix does not match a namespace whose name merely starts the same', async () => {
        await store.create('/registry/pods/default/a', 'v');
        await store.create('/registry/pods/default2/b', 'v');
        await store.create('/registry/pods/defaulz/c', 'v');
        await store.create('/registry/pods/defaul/d', 'v');
        await store.create('/registry/podsx/default/e', 'v');
        expect(keysOf((await store.list('/registry/pods/default/')).items)).toEqual(['/registry/pods/default/a']);
        expect(await store.count('/registry/pods/default/')).toBe(1);
        expect(keysOf((await store.list('/registry/pods/')).items)).toEqual([
          '/registry/pods/defaul/d',
          '/registry/pods/default/a',
          '/registry/pods/default2/b',
          '/registry/pods/defaulz/c',
        ]);
      });

      it('keys with non-ASCII characters sort and match by prefix like any other', async () => {
        for (const k of ['/x/é', '/x/z', '/x/ü/1', '/x/\u{1F600}', '/y/a']) await store.create(k, 'v');
        expect(keysOf((await store.list('/x/')).items)).toEqual(['/x/z', '/x/é', '/x/ü/1', '/x/\u{1F600}']);
        expect(keysOf((await store.list('/x/ü')).items)).toEqual(['/x/ü/1']);
      });

      it('an empty prefix lists every key', async () => {
        for (const k of ['/b', '/a', 'z', '0']) await store.create(k, 'v');
        expect(keysOf((await store.list('')).items)).toEqual(['/a', '/b', '0', 'z']);
        expect(await store.count('')).toBe(4);
      });

      it('deleted keys are neither listed nor counted, updated keys are listed once with their newest value', async () => {
        const a = await store.create('/p/a', 'a1');
        await store.create('/p/b', 'b1');
        await store.update('/p/a', 'a2', a.modRevision);
        await store.delete('/p/b');
        const result = await store.list('/p/');
        expect(result.items.map((kv) => [kv.key, kv.value])).toEqual([['/p/a', 'a2']]);
        expect(await store.count('/p/')).toBe(1);
      });

      it('pages through a prefix with limit and continue, reporting how many remain', async () => {
        for (const n of ['e', 'd', 'c', 'b', 'a']) await store.create(`/p/${n}`, n);
        const first = await store.list('/p/', { limit: 2 });
        expect(keysOf(first.items)).toEqual(['/p/a', '/p/b']);
        expect(first.remainingItemCount).toBe(3);
        expect(first.continue).toEqual(expect.any(String));
        const second = await store.list('/p/', { limit: 2, continue: first.continue });
        expect(keysOf(second.items)).toEqual(['/p/c', '/p/d']);
        expect(second.remainingItemCount).toBe(1);
        const third = await store.list('/p/', { limit: 2, continue: second.continue });
        expect(keysOf(third.items)).toEqual(['/p/e']);
        expect(third.continue).toBeUndefined();
        expect([second.revision, third.revision]).toEqual([first.revision, first.revision]);
      });

      it('a page exactly as long as what is left carries no continue token', async () => {
        for (const n of ['a', 'b']) await store.create(`/p/${n}`, n);
        const page = await store.list('/p/', { limit: 2 });
        expect(keysOf(page.items)).toEqual(['/p/a', '/p/b']);
        expect(page.continue).toBeUndefined();
      });

      it('later pages show the snapshot of the first even when keys change between pages', async () => {
        const kvs: KeyValue[] = [];
        for (const n of ['a', 'b', 'c', 'd']) kvs.push(await store.create(`/p/${n}`, `${n}1`));
        const first = await store.list('/p/', { limit: 2 });
        await store.update('/p/c', 'c2', kvs[2]!.modRevision);
        await store.delete('/p/d');
        await store.create('/p/bb', 'bb1');
        await store.create('/p/e', 'e1');
        const second = await store.list('/p/', { limit: 1, continue: first.continue });
        expect(second.items).toEqual([kvs[2]]);
        expect(second.remainingItemCount).toBe(1);
        const rest = await store.list('/p/', { limit: 10, continue: second.continue });
        expect(rest.items).toEqual([kvs[3]]);
        expect([second.revision, rest.revision]).toEqual([first.revision, first.revision]);
        expect(keysOf((await store.list('/p/')).items)).toEqual(['/p/a', '/p/b', '/p/bb', '/p/c', '/p/e']);
      });

      it('get and list at an old revision show the keys as they were then', async () => {
        const a1 = await store.create('/p/a', 'a1');
        const b1 = await store.create('/p/b', 'b1');
        const then = await store.currentRevision();
        await store.update('/p/a', 'a2', a1.modRevision);
        await store.delete('/p/b');
        await store.create('/p/c', 'c1');
        expect(await store.get('/p/a', { revision: then })).toEqual(a1);
        expect(await store.get('/p/b', { revision: then })).toEqual(b1);
        expect(await store.get('/p/c', { revision: then })).toBeUndefined();
        expect(await store.get('/p/a', { revision: a1.modRevision })).toEqual(a1);
        const old = await store.list('/p/', { revision: then });
        expect(old).toEqual({ items: [a1, b1], revision: then });
        const paged = await store.list('/p/', { revision: then, limit: 1 });
        expect(paged.items).toEqual([a1]);
        expect((await store.list('/p/', { continue: paged.continue })).items).toEqual([b1]);
      });

      it('reading at a revision the store has not reached fails with etcd’s future revision error', async () => {
        await store.create('/k', 'v');
        const future = (await store.currentRevision()) + 5;
        for (const read of [() => store.get('/k', { revision: future }), () => store.list('/', { revision: future })]) {
          const err = await storeErrorOf(read);
          expect(err.message).toContain('mvcc: required revision is a future revision');
        }
      });

      it.each([
        ['not base64', '!!!'],
        ['not JSON', Buffer.from('nope').toString('base64url')],
        ['of an unknown version', Buffer.from(JSON.stringify({ v: 'x', rv: 1, start: 'a' })).toString('base64url')],
        ['without a revision', Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', start: 'a' })).toString('base64url')],
        ['with a start key escaping the prefix', Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: '../x' })).toString('base64url')],
      ])('a continue token %s is rejected as invalid', async (_case, token) => {
        await store.create('/p/a', 'v');
        await expect(store.list('/p/', { continue: token })).rejects.toThrow(ContinueTokenError);
        await expect(store.list('/p/', { continue: token })).rejects.toThrow(/^continue key is not valid/);
      });
    });

    describe('txn', () => {
      it('applies every write in order and returns the results in the order of the ops', async () => {
        const a = await store.create('/t/a', 'a1');
        await store.create('/t/b', 'b1');
        const results = await store.txn([
          { type: 'create', key: '/t/c', value: 'c1' },
          { type: 'update', key: '/t/a', value: 'a2', expectedModRevision: a.modRevision },
          { type: 'delete', key: '/t/b' },
        ]);
        expect(results.map((kv) => [kv.key, kv.value])).toEqual([
          ['/t/c', 'c1'],
          ['/t/a', 'a2'],
          ['/t/b', 'b1'],
        ]);
        const revisions = results.map((kv) => kv.modRevision);
        expect([...revisions].sort((x, y) => x - y)).toEqual(revisions);
        expect(revisions[0]).toBeGreaterThan(a.modRevision);
        expect(await store.currentRevision()).toBe(revisions[2]);
        expect((await store.list('/t/')).items.map((kv) => [kv.key, kv.value])).toEqual([
          ['/t/a', 'a2'],
          ['/t/c', 'c1'],
        ]);
      });

      it.each([
        ['a stale update', { type: 'update', key: '/t/a', value: 'x', expectedModRevision: 1_000_000 }, 'Conflict'],
        ['a create of an existing key', { type: 'create', key: '/t/a', value: 'x' }, 'KeyExists'],
        ['a delete of a missing key', { type: 'delete', key: '/t/missing' }, 'KeyNotFound'],
      ] as const)('%s in a txn fails it and rolls back the writes before it', async (_case, failing, code) => {
        const a = await store.create('/t/a', 'a1');
        const before = await store.currentRevision();
        const err = await storeErrorOf(() =>
          store.txn([
            { type: 'create', key: '/t/new', value: 'n' },
            { type: 'update', key: '/t/a', value: 'a2', expectedModRevision: a.modRevision },
            failing,
            { type: 'create', key: '/t/after', value: 'n' },
          ]),
        );
        expectCode(err, code);
        expect(await store.currentRevision()).toBe(before);
        expect((await store.list('/t/')).items).toEqual([a]);
      });

      it('an empty txn writes nothing', async () => {
        expect(await store.txn([])).toEqual([]);
        expect(await store.currentRevision()).toBe(0);
      });
    });

    describe('compaction', () => {
      it('keeps the newest value of every live key and forgets deleted keys', async () => {
        const a1 = await store.create('/c/a', 'a1');
        const a2 = await store.update('/c/a', 'a2', a1.modRevision);
        const b1 = await store.create('/c/b', 'b1');
        await store.create('/c/gone', 'g');
        await store.delete('/c/gone');
        const at = await store.currentRevision();
        const c1 = await store.create('/c/c', 'c1');
        await store.compact(at);
        expect(await store.compactRevision()).toBe(at);
        expect((await store.list('/c/')).items).toEqual([a2, b1, c1]);
        expect(await store.get('/c/a')).toEqual(a2);
        expect(await store.get('/c/gone')).toBeUndefined();
        expect(await store.count('/c/')).toBe(3);
        expect(await store.currentRevision()).toBe(c1.modRevision);
      });

      it('reads at exactly the compact revision still work', async () => {
        const a1 = await store.create('/c/a', 'a1');
        const a2 = await store.update('/c/a', 'a2', a1.modRevision);
        const at = await store.currentRevision();
        await store.update('/c/a', 'a3', a2.modRevision);
        await store.compact(at);
        expect(await store.get('/c/a', { revision: at })).toEqual(a2);
        expect((await store.list('/c/', { revision: at })).items).toEqual([a2]);
      });

      it('reads, continues and watches older than the compact revision fail Compacted as etcd words it', async () => {
        const a1 = await store.create('/c/a', 'a1');
        await store.create('/c/b', 'b1');
        const page = await store.list('/c/', { limit: 1 });
        await store.update('/c/a', 'a2', a1.modRevision);
        const at = await store.currentRevision();
        await store.compact(at);
        const reads = [
          () => store.get('/c/a', { revision: a1.modRevision }),
          () => store.list('/c/', { revision: a1.modRevision }),
          () => store.list('/c/', { continue: page.continue }),
        ];
        for (const read of reads) {
          const err = await storeErrorOf(read);
          expectCode(err, 'Compacted');
          expect(err.message).toBe('mvcc: required revision has been compacted');
          expect(err.compactRevision).toBe(at);
        }
        const rec = record('/c/', a1.modRevision);
        const err = await rec.waitForError();
        expectCode(err, 'Compacted');
        expect(err.compactRevision).toBe(at);
        expect(rec.events).toEqual([]);
      });

      it('compacting at or below the compact revision fails Compacted', async () => {
        await store.create('/c/a', 'a1');
        await store.create('/c/b', 'b1');
        await store.compact(2);
        expectCode(await storeErrorOf(() => store.compact(2)), 'Compacted');
        expectCode(await storeErrorOf(() => store.compact(1)), 'Compacted');
      });

      it('compacting past the newest revision fails with the future revision error', async () => {
        await store.create('/c/a', 'a1');
        const err = await storeErrorOf(() => store.compact(5));
        expect(err.message).toContain('mvcc: required revision is a future revision');
        expect(await store.compactRevision()).toBe(0);
      });

      it('a watch from the compact revision sees every later event', async () => {
        const a1 = await store.create('/c/a', 'a1');
        const at = (await store.update('/c/a', 'a2', a1.modRevision)).modRevision;
        const a3 = await store.update('/c/a', 'a3', at);
        await store.compact(at);
        const rec = record('/c/', at);
        await store.delete('/c/a');
        const events = await rec.waitForEvents(2);
        expect(events.map(describeEvent)).toEqual([`put /c/a@${a3.modRevision}`, `delete /c/a@${a3.modRevision + 1}`]);
        expect(events[0]!.prevKv?.value).toBe('a2');
      });

      it('revisions keep increasing after compacting away the newest row', async () => {
        await store.create('/c/a', 'a1');
        const del = await store.delete('/c/a');
        await store.compact(del.modRevision);
        expect(await store.currentRevision()).toBe(del.modRevision);
        const again = await store.create('/c/a', 'a2');
        expect(again.modRevision).toBe(del.modRevision + 1);
      });
    });

    describe('watch', () => {
      it('delivers history and new writes in order, with prevKv on updates and deletes', async () => {
        const a1 = await store.create('/w/a', 'a1');
        const rec = record('/w/', 0);
        const a2 = await store.update('/w/a', 'a2', a1.modRevision);
        const del = await store.delete('/w/a');
        const b1 = await store.create('/w/b', 'b1');
        const events = await rec.waitForEvents(4);
        expect(events).toEqual([
          { type: 'put', revision: a1.modRevision, kv: a1 },
          { type: 'put', revision: a2.modRevision, kv: a2, prevKv: a1 },
          { type: 'delete', revision: del.modRevision, kv: a2, prevKv: a2 },
          { type: 'put', revision: b1.modRevision, kv: b1 },
        ]);
      });

      it('delivers only events after the given revision', async () => {
        const a1 = await store.create('/w/a', 'a1');
        const a2 = await store.update('/w/a', 'a2', a1.modRevision);
        const rec = record('/w/', a1.modRevision);
        const b1 = await store.create('/w/b', 'b1');
        const events = await rec.waitForEvents(2);
        expect(events.map(describeEvent)).toEqual([`put /w/a@${a2.modRevision}`, `put /w/b@${b1.modRevision}`]);
      });

      it('a watch from a future revision waits for it', async () => {
        await store.create('/w/a', 'a1');
        const rec = record('/w/', 3);
        await store.create('/w/b', 'b1');
        await store.create('/w/c', 'c1');
        const d = await store.create('/w/d', 'd1');
        expect((await rec.waitForEvents(1)).map(describeEvent)).toEqual([`put /w/d@${d.modRevision}`]);
      });

      it('a watch of a prefix ignores keys under other prefixes', async () => {
        const rec = record('/registry/pods/default/', await store.currentRevision());
        await store.create('/registry/pods/default2/x', 'v');
        await store.create('/registry/pods/other/x', 'v');
        await store.create('/registry/services/default/x', 'v');
        const mine = await store.create('/registry/pods/default/x', 'v');
        const events = await rec.waitForEvents(1);
        // Events arrive in revision order, so a leaked earlier write would have arrived first.
        expect(events.map(describeEvent)).toEqual([`put /registry/pods/default/x@${mine.modRevision}`]);
      });

      it('every watch of a prefix gets every event, whenever it started', async () => {
        const recs = [record('/w/', 0)];
        await store.create('/w/a', '1');
        recs.push(record('/w/', 0));
        await store.create('/w/b', '2');
        recs.push(record('/', 0));
        await store.create('/w/c', '3');
        for (const rec of recs) {
          expect((await rec.waitForEvents(3)).map(describeEvent)).toEqual(['put /w/a@1', 'put /w/b@2', 'put /w/c@3']);
        }
      });

      it('a long history reaches a new watch complete and in order', async () => {
        const n = 2500;
        const ops = Array.from({ length: n }, (_, i) => ({ type: 'create' as const, key: `/h/${String(i).padStart(5, '0')}`, value: `${i}` }));
        for (let i = 0; i < n; i += 500) await store.txn(ops.slice(i, i + 500));
        const rec = record('/h/', 0);
        const events = await rec.waitForEvents(n);
        expect(events.length).toBe(n);
        expect(events.map((e) => e.revision)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      });

      it('a stopped watch gets nothing more', async () => {
        const stopped = record('/w/', 0);
        await store.create('/w/a', '1');
        await stopped.waitForEvents(1);
        stopped.stop();
        const b = await store.create('/w/b', '2');
        // A watch started after stop() has seen the write, so the stopped one would have by now too.
        const witness = record('/w/', b.modRevision - 1);
        await witness.waitForEvents(1);
        expect(stopped.events.map(describeEvent)).toEqual(['put /w/a@1']);
      });

      it('a watch stopped before its first delivery gets nothing', async () => {
        await store.create('/w/a', '1');
        const stopped = record('/w/', 0);
        stopped.stop();
        const witness = record('/w/', 0);
        await witness.waitForEvents(1);
        expect(stopped.events).toEqual([]);
      });
    });

    describe('close', () => {
      it('a closed store refuses operations as Unavailable', async () => {
        await store.create('/k', 'v');
        await store.close();
        expectCode(await storeErrorOf(() => store.get('/k')), 'Unavailable');
        expectCode(await storeErrorOf(() => store.create('/j', 'v')), 'Unavailable');
        const rec = new WatchRecorder();
        store.watch('/', { afterRevision: 0 }, rec.onEvents, rec.onError);
        expectCode(await rec.waitForError(), 'Unavailable');
      });
    });
  });
}
