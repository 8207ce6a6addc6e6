import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from './sqlite-store.js';
import { WatchRecorder, describeEvent, describeStoreConformance, storeErrorOf } from './store.conformance.js';

let dir: string;
let files = 0;
const nextFile = () => join(dir, `store-${++files}.db`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubesim-sqlite-store-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeStoreConformance('SqliteStore', () => SqliteStore.open(nextFile()));

describe('SqliteStore', () => {
  const open: SqliteStore[] = [];
  const openStore = (file: string, opts = {}) => {
    const s = SqliteStore.open(file, opts);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('keeps keys and revisions across close and reopen', async () => {
    const file = nextFile();
    const first = openStore(file);
    const a = await first.create('/a', 'v1');
    await first.update('/a', 'v2', a.modRevision);
    await first.close();
    const again = openStore(file);
    expect((await again.get('/a'))?.value).toBe('v2');
    expect(await again.currentRevision()).toBe(2);
    expect((await again.create('/b', 'v')).modRevision).toBe(3);
  });

  it('never reuses a compacted revision, even after reopening', async () => {
    const file = nextFile();
    const first = openStore(file);
    await first.create('/a', 'v');
    const del = await first.delete('/a');
    await first.compact(del.modRevision);
    await first.close();
    const again = openStore(file);
    expect(await again.currentRevision()).toBe(del.modRevision);
    expect(await again.compactRevision()).toBe(del.modRevision);
    expect((await again.create('/a', 'v')).modRevision).toBe(del.modRevision + 1);
  });

  it('a write through one instance reaches a watch on another instance of the same file at once', async () => {
    const file = nextFile();
    const writer = openStore(file);
    // A poll interval far beyond the test's deadline: only the in-process wake-up can deliver in time.
    const reader = openStore(file, { pollIntervalMs: 60_000 });
    const rec = new WatchRecorder();
    const w = reader.watch('/x/', { afterRevision: 0 }, rec.onEvents, rec.onError);
    await rec.waitForEvents(0);
    const kv = await writer.create('/x/a', 'v');
    expect((await rec.waitForEvents(1, 2_000)).map(describeEvent)).toEqual([`put /x/a@${kv.modRevision}`]);
    expect(await reader.get('/x/a')).toEqual(kv);
    w.stop();
  });

  it('delivers a backlog larger than one read batch in order across batches', async () => {
    const store = openStore(nextFile(), { watchBatchSize: 7 });
    for (let i = 0; i < 50; i++) await store.create(`/b/${i}`, `${i}`);
    const rec = new WatchRecorder();
    const w = store.watch('/b/', { afterRevision: 3 }, rec.onEvents, rec.onError);
    for (let i = 50; i < 60; i++) await store.create(`/b/${i}`, `${i}`);
    const events = await rec.waitForEvents(56);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 56 }, (_, i) => i + 4));
    w.stop();
  });

  it('reads go on while another connection holds the write lock, and a write waits at most the busy timeout', async () => {
    const file = nextFile();
    const store = openStore(file, { busyTimeoutMs: 50 });
    const kv = await store.create('/a', 'v');
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      other.prepare(`INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value) VALUES ('/b', 1, 0, 0, 0, 'x')`).run();
      expect(await store.get('/a')).toEqual(kv);
      expect((await store.list('/')).items).toEqual([kv]);
      const err = await storeErrorOf(() => store.create('/c', 'v'));
      expect({ code: err.code, message: err.message }).toEqual({ code: 'Unavailable', message: 'sqlite: database is locked (SQLITE_BUSY)' });
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect((await store.create('/c', 'v')).modRevision).toBe(kv.modRevision + 1);
  });

  it('a file that is not a store fails to open', () => {
    const file = nextFile();
    writeFileSync(file, 'not a database, just text that is long enough to have a header');
    let failure: unknown;
    try {
      open.push(SqliteStore.open(file));
    } catch (err) {
      failure = err;
    }
    expect(failure).toMatchObject({ code: 'Unavailable', message: expect.stringMatching(/not a database/) });
  });

  it('an operation on a closed store fails Unavailable', async () => {
    const store = openStore(nextFile());
    await store.close();
    expect((await storeErrorOf(() => store.currentRevision())).code).toBe('Unavailable');
  });
});
