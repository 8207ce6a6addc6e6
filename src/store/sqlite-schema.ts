/** The on-disk layout of the SQLite store: kine's log table plus a small meta table. */
import type Database from 'better-sqlite3';

/** Bumped when the layout changes; stored in kine_meta so an old binary can refuse a newer file. */
export const SCHEMA_VERSION = 1;

/** Meta keys. */
export const META_COMPACT_REVISION = 'compact_rev';
export const META_SCHEMA_VERSION = 'schema_version';

/**
 * kine's pkg/drivers/generic layout: one append-only table whose AUTOINCREMENT id is the global
 * revision (AUTOINCREMENT so that ids of compacted rows are never reused). The (name, id) index
 * serves point reads, ranges and compaction; it carries `deleted` too so that finding which keys
 * are live at a revision (list, count) never has to read the rows themselves. The unique
 * (name, prev_revision) makes two writes based on the same previous version impossible even if a
 * writer forgot to lock.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS kine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  lease INTEGER NOT NULL DEFAULT 0,
  value TEXT NOT NULL,
  old_value TEXT
);
CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id, deleted);
CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision);
CREATE TABLE IF NOT EXISTS kine_meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Per-connection settings, then the schema (in a write transaction, so processes opening a new
 * file at the same moment don't race). synchronous=NORMAL in WAL mode: a commit survives the
 * writer process crashing at any point, but the last transactions may be lost on power loss or an
 * OS crash, as with kine's SQLite backend; the file itself is never corrupted.
 */
export function prepareDatabase(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.transaction(() => {
    db.exec(SCHEMA);
    const row = db.prepare('SELECT value FROM kine_meta WHERE key = ?').get(META_SCHEMA_VERSION) as
      | { value: number }
      | undefined;
    if (row === undefined) {
      db.prepare('INSERT INTO kine_meta (key, value) VALUES (?, ?)').run(META_SCHEMA_VERSION, SCHEMA_VERSION);
    } else if (row.value > SCHEMA_VERSION) {
      throw new Error(`store file has schema version ${row.value}, newer than this kubesim's ${SCHEMA_VERSION}`);
    }
  }).immediate();
}
