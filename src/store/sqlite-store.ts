/** The Store on one SQLite file, kine-style: an append-only log whose row ids are etcd revisions. */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import BetterSqlite3 from 'better-sqlite3';
import {
  StoreError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type TxnOp,
  type Watch,
  type WatchEvent,
  type WatchOptions,
} from './store.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { LOG_COLUMNS, createRevisionOf, eventOf, keyValueOf, type LogRow } from './log-row.js';
import {
  closedError,
  compactedError,
  conflictError,
  futureRevisionError,
  keyExistsError,
  keyNotFoundError,
} from './mvcc-errors.js';
import { prefixEnd } from './prefix-end.js';
import { META_COMPACT_REVISION, prepareDatabase } from './sqlite-schema.js';
import { WatchHub, type LogSlice } from './watch-hub.js';

const Database = BetterSqlite3;
/**
 * The native addon, loaded by path: better-sqlite3's JavaScript is bundled into the CLI (scripts/bundle.mjs), and its
 * default lookup through the `bindings` package would search the disk on every start.
 */
let addonPath: string | undefined;
const nativeBinding = () => (addonPath ??= createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node'));

export interface SqliteStoreOptions {
  /** How often watches look for writes made by other processes, in ms (default 5). */
  pollIntervalMs?: number;
  /** How long a write waits for another process's write lock before failing Unavailable, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Most log rows a watch reads per query (default 1000). */
  watchBatchSize?: number;
}

/** A list row: only what a KeyValue needs. */
interface ListRow {
  id: number;
  name: string;
  created: number;
  create_revision: number;
  value: string;
}

const SQL = {
  // A key's newest row, without the value it replaced (reads and writes never need it, and it is as big as the value).
  latest: `SELECT ${LOG_COLUMNS.replace('old_value', 'NULL AS old_value')} FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1`,
  atRevision: `SELECT ${LOG_COLUMNS} FROM kine WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`,
  insert: `INSERT INTO kine (name, created, deleted, create_revision, prev_revision, value, old_value)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
  // AUTOINCREMENT's high-water mark: the newest revision even when compaction removed its row.
  currentRevision: `SELECT seq FROM sqlite_sequence WHERE name = 'kine'`,
  meta: `SELECT value FROM kine_meta WHERE key = ?`,
  setMeta: `INSERT INTO kine_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  // A key is listed when its newest row at @rev is not a delete. Walking the (name, id, deleted)
  // index in name order lets a page stop after @limit keys instead of grouping the whole range.
  list: `SELECT kv.id, kv.name, kv.created, kv.create_revision, kv.value
         FROM kine AS kv INDEXED BY kine_name_id_index
         WHERE kv.name >= @start AND kv.name < @end AND kv.id <= @rev AND kv.deleted = 0
           AND kv.id = (SELECT MAX(k2.id) FROM kine AS k2 INDEXED BY kine_name_id_index
                        WHERE k2.name = kv.name AND k2.id <= @rev)
         ORDER BY kv.name LIMIT @limit`,
  // Counting reads the index alone: each key's newest row at @rev and whether it is a delete
  // (with a lone max(), SQLite takes bare columns from the row holding the maximum).
  count: `SELECT COUNT(*) FROM (
            SELECT MAX(id), deleted FROM kine INDEXED BY kine_name_id_index
            WHERE name >= @start AND name < @end AND id <= @rev GROUP BY name)
          WHERE deleted = 0`,
  // History at or below @rev goes, except each key's newest version at @rev when it is not a delete.
  compact: `DELETE FROM kine WHERE id <= @rev AND (deleted = 1 OR EXISTS
              (SELECT 1 FROM kine AS k2 WHERE k2.name = kine.name AND k2.id > kine.id AND k2.id <= @rev))`,
  readAfter: `SELECT ${LOG_COLUMNS} FROM kine WHERE id > ? ORDER BY id LIMIT ?`,
  readRange: `SELECT ${LOG_COLUMNS} FROM kine
              WHERE id > @after AND id <= @upto AND name >= @start AND name < @end
              ORDER BY id LIMIT @limit`,
} as const;

type Statements = { [K in keyof typeof SQL]: BetterSqlite3.Statement };

/** What one op of a write transaction did: the caller's answer and the log row as a watch sees it. */
interface Applied {
  result: KeyValue;
  event: WatchEvent;
}

/** Every text sorts below every blob in SQLite, so an empty blob bounds a range with no end. */
const NO_END = Buffer.alloc(0);

/** Hubs of the stores open in this process, by file, so a write wakes watches of every instance at once. */
const hubsByFile = new Map<string, Set<WatchHub>>();

/**
 * Recognised by its SQLITE_* code alone, not by instanceof: the native addon throws the error class
 * of whichever copy of the module registered last, possibly from another realm (jest's per-file VMs).
 */
function isSqliteError(err: unknown): err is { message: string; code: string } {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

function fileKey(path: string): string {
  if (path === ':memory:' || path === '') return `memory:${Math.random()}`;
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Open with `SqliteStore.open(path, options)` (synchronous: better-sqlite3 is); several
 * processes may open the same file. Writes run in BEGIN IMMEDIATE transactions, so writers of
 * all processes serialize and AUTOINCREMENT hands out strictly increasing revisions; a writer
 * killed mid-transaction leaves nothing behind (SQLite rolls the WAL back on the next open).
 * Watches poll the log (one poller per instance) and wake at once on this process's writes.
 */
export class SqliteStore implements Store {
  private readonly db: BetterSqlite3.Database;
  private readonly q: Statements;
  private readonly hub: WatchHub;
  private readonly fileKey: string;
  private readonly writeTxn: BetterSqlite3.Transaction<(ops: readonly TxnOp[]) => Applied[]>;
  private readonly readTxn: <T>(fn: () => T) => T;
  private closed = false;

  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(path, options);
  }

  private constructor(path: string, options: SqliteStoreOptions) {
    let db: BetterSqlite3.Database | undefined;
    try {
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000, nativeBinding: nativeBinding() });
      prepareDatabase(db);
      this.q = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db!.prepare(sql)])) as Statements;
      // Single-value queries answer the value itself.
      for (const single of [this.q.currentRevision, this.q.meta, this.q.count]) single.pluck();
    } catch (err) {
      db?.close();
      throw new StoreError('Unavailable', `cannot open store ${path}: ${(err as Error).message}`);
    }
    this.db = db;
    this.writeTxn = this.db.transaction((ops: readonly TxnOp[]) => ops.map((op) => this.apply(op)));
    const read = this.db.transaction((fn: () => unknown) => fn());
    this.readTxn = <T>(fn: () => T): T => read(fn) as T;
    this.hub = new WatchHub(
      {
        currentRevision: () => this.revisionNow(),
        readAfter: (after, limit) => this.readTxn(() => this.readAfter(after, limit)),
        readRange: (prefix, after, upto, limit) => this.readTxn(() => this.readRange(prefix, after, upto, limit)),
      },
      { pollIntervalMs: options.pollIntervalMs ?? 5, batchSize: options.watchBatchSize ?? 1000 },
    );
    this.fileKey = fileKey(path);
    let hubs = hubsByFile.get(this.fileKey);
    if (!hubs) hubsByFile.set(this.fileKey, (hubs = new Set()));
    hubs.add(this.hub);
  }

  async currentRevision(): Promise<number> {
    return this.guard(() => this.revisionNow());
  }

  async get(key: string, opts: { revision?: number } = {}): Promise<KeyValue | undefined> {
    return this.guard(() => {
      const revision = opts.revision ?? 0;
      if (revision <= 0) return this.live(this.q.latest.get(key) as LogRow | undefined);
      return this.readTxn(() => {
        this.checkReadable(revision);
        return this.live(this.q.atRevision.get(key, revision) as LogRow | undefined);
      });
    });
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    return this.guard(() => {
      // Decode first: a malformed token is the caller's mistake, whatever the store's state.
      const position = opts.continue ? decodeContinue(opts.continue, prefix) : undefined;
      return this.readTxn(() => {
        const asked = position?.revision ?? (opts.revision && opts.revision > 0 ? opts.revision : undefined);
        // The newest revision is always readable; an older one may be compacted, a later one is not there yet.
        if (asked !== undefined) this.checkReadable(asked);
        const revision = asked ?? this.revisionNow();
        const end = prefixEnd(prefix) ?? NO_END;
        const limit = opts.limit && opts.limit > 0 ? Math.floor(opts.limit) : -1;
        const start = position?.startKey ?? prefix;
        const rows = this.q.list.all({ start, end, rev: revision, limit: limit > 0 ? limit + 1 : -1 }) as ListRow[];
        const more = limit > 0 && rows.length > limit;
        if (more) rows.length = limit;
        const items = rows.map(
          (r): KeyValue => ({ key: r.name, value: r.value, createRevision: createRevisionOf(r), modRevision: r.id }),
        );
        if (!more) return { items, revision };
        // The next page starts just after the last key, as apiserver's continue tokens do.
        const nextKey = `${items[items.length - 1]!.key}\u0000`;
        const remaining = this.q.count.get({ start: nextKey, end, rev: revision }) as number;
        return {
          items,
          revision,
          continue: encodeContinue(nextKey, prefix, revision),
          remainingItemCount: remaining,
        };
      });
    });
  }

  async count(prefix: string): Promise<number> {
    return this.guard(() =>
      this.readTxn(
        () =>
          this.q.count.get({ start: prefix, end: prefixEnd(prefix) ?? NO_END, rev: this.revisionNow() }) as number,
      ),
    );
  }

  async create(key: string, value: string): Promise<KeyValue> {
    return this.write([{ type: 'create', key, value }])[0]!;
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    return this.write([{ type: 'update', key, value, expectedModRevision }])[0]!;
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.write([{ type: 'delete', key, expectedModRevision }])[0]!;
  }

  async txn(ops: TxnOp[]): Promise<KeyValue[]> {
    return ops.length === 0 ? [] : this.write(ops);
  }

  async compact(revision: number): Promise<void> {
    this.guard(() =>
      this.db
        .transaction(() => {
          const compacted = this.compactRevisionNow();
          if (revision <= compacted) throw compactedError(compacted);
          const current = this.revisionNow();
          if (revision > current) throw futureRevisionError(revision, current);
          this.q.compact.run({ rev: revision });
          this.q.setMeta.run(META_COMPACT_REVISION, revision);
        })
        .immediate(),
    );
  }

  async compactRevision(): Promise<number> {
    return this.guard(() => this.compactRevisionNow());
  }

  watch(
    prefix: string,
    opts: WatchOptions,
    onEvents: (events: WatchEvent[]) => void,
    onError?: (err: StoreError) => void,
  ): Watch {
    if (this.closed) {
      let stopped = false;
      setImmediate(() => {
        if (!stopped) onError?.(closedError());
      });
      return { stop: () => void (stopped = true) };
    }
    return this.hub.watch(prefix, opts.afterRevision, onEvents, onError);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
    const hubs = hubsByFile.get(this.fileKey);
    hubs?.delete(this.hub);
    if (hubs?.size === 0) hubsByFile.delete(this.fileKey);
    this.db.close();
  }

  /**
   * Applies ops in one BEGIN IMMEDIATE transaction, then hands the committed log rows, as watch events, to this
   * process's watches on the file: they need not read back what was just written.
   */
  private write(ops: readonly TxnOp[]): KeyValue[] {
    const applied = this.guard(() => this.writeTxn.immediate(ops));
    const events = applied.map((a) => a.event);
    for (const hub of hubsByFile.get(this.fileKey) ?? []) hub.written(events);
    return applied.map((a) => a.result);
  }

  /**
   * One write; each op sees the ones before it in the same transaction and takes its own revision. The event is
   * what eventOf makes of the inserted row when a watch reads it back (fresh objects: the caller gets its own).
   */
  private apply(op: TxnOp): Applied {
    const latest = this.q.latest.get(op.key) as LogRow | undefined;
    const live = latest && !latest.deleted ? latest : undefined;
    if (op.type === 'create') {
      if (live) throw keyExistsError(keyValueOf(live));
      const id = this.insert(op.key, 1, 0, 0, latest?.id ?? 0, op.value, null);
      return {
        result: { key: op.key, value: op.value, createRevision: id, modRevision: id },
        event: eventOf({ id, name: op.key, created: 1, deleted: 0, create_revision: 0, prev_revision: latest?.id ?? 0, value: op.value, old_value: null }),
      };
    }
    if (!live) throw keyNotFoundError(op.key);
    if (op.expectedModRevision !== undefined && live.id !== op.expectedModRevision) {
      throw conflictError(op.expectedModRevision, keyValueOf(live));
    }
    const createRevision = createRevisionOf(live);
    if (op.type === 'update') {
      const id = this.insert(op.key, 0, 0, createRevision, live.id, op.value, live.value);
      return {
        result: { key: op.key, value: op.value, createRevision, modRevision: id },
        event: eventOf({ id, name: op.key, created: 0, deleted: 0, create_revision: createRevision, prev_revision: live.id, value: op.value, old_value: live.value }),
      };
    }
    // A delete row keeps the last value (for the watch's prevKv); the caller learns the delete's revision.
    const id = this.insert(op.key, 0, 1, createRevision, live.id, live.value, null);
    return {
      result: { key: op.key, value: live.value, createRevision, modRevision: id },
      event: eventOf({ id, name: op.key, created: 0, deleted: 1, create_revision: createRevision, prev_revision: live.id, value: live.value, old_value: null }),
    };
  }

  private insert(
    name: string,
    created: 0 | 1,
    deleted: 0 | 1,
    createRevision: number,
    prevRevision: number,
    value: string,
    oldValue: string | null,
  ): number {
    return Number(this.q.insert.run(name, created, deleted, createRevision, prevRevision, value, oldValue).lastInsertRowid);
  }

  private live(row: LogRow | undefined): KeyValue | undefined {
    return row && !row.deleted ? keyValueOf(row) : undefined;
  }

  private revisionNow(): number {
    return (this.q.currentRevision.get() as number | undefined) ?? 0;
  }

  private compactRevisionNow(): number {
    return (this.q.meta.get(META_COMPACT_REVISION) as number | undefined) ?? 0;
  }

  /** A read at `revision` needs its history: not compacted away, not in the future. */
  private checkReadable(revision: number): void {
    const compacted = this.compactRevisionNow();
    if (revision < compacted) throw compactedError(compacted);
    const current = this.revisionNow();
    if (revision > current) throw futureRevisionError(revision, current);
  }

  private readAfter(after: number, limit: number): LogSlice {
    const rows = this.q.readAfter.all(after, limit) as LogRow[];
    return { events: rows.map(eventOf), compactRevision: this.compactRevisionNow() };
  }

  private readRange(prefix: string, after: number, upto: number, limit: number): LogSlice {
    const compactRevision = this.compactRevisionNow();
    if (after >= upto) return { events: [], compactRevision };
    const rows = this.q.readRange.all({ after, upto, start: prefix, end: prefixEnd(prefix) ?? NO_END, limit }) as LogRow[];
    return { events: rows.map(eventOf), compactRevision };
  }

  /** Runs `fn` on an open store; SQLite failures (a lock held past the busy timeout, I/O) become Unavailable. */
  private guard<T>(fn: () => T): T {
    if (this.closed) throw closedError();
    try {
      return fn();
    } catch (err) {
      if (err instanceof StoreError || !isSqliteError(err)) throw err;
      throw new StoreError('Unavailable', `sqlite: ${err.message} (${err.code})`);
    }
  }
}
