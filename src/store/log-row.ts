/** One row of the kine-style log table and how it reads back as etcd key-values and watch events. */
import type { KeyValue, WatchEvent } from './store.js';

/**
 * A log row; its id is the global revision of the write. As in kine, a create stores
 * create_revision 0 (its own id is the create revision, unknown until the insert), a delete is a
 * row with deleted=1 whose value is the key's last value, and old_value is the value the write
 * replaced (for watch prevKv without reading history that compaction may have dropped).
 */
export interface LogRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

/** The column list every row query selects, in LogRow's order. */
export const LOG_COLUMNS = 'id, name, created, deleted, create_revision, prev_revision, value, old_value';

export function createRevisionOf(row: Pick<LogRow, 'id' | 'created' | 'create_revision'>): number {
  return row.created ? row.id : row.create_revision;
}

/** The key-value a put row wrote (for a delete row: the value it removed, at that value's own revision). */
export function keyValueOf(row: LogRow): KeyValue {
  return {
    key: row.name,
    value: row.value,
    createRevision: createRevisionOf(row),
    modRevision: row.deleted ? row.prev_revision : row.id,
  };
}

/** The watch event a row stands for; prevKv is the replaced value, absent for a create. */
export function eventOf(row: LogRow): WatchEvent {
  const kv = keyValueOf(row);
  if (row.deleted) return { type: 'delete', revision: row.id, kv, prevKv: { ...kv } };
  if (row.created || row.old_value === null) return { type: 'put', revision: row.id, kv };
  return {
    type: 'put',
    revision: row.id,
    kv,
    prevKv: { key: row.name, value: row.old_value, createRevision: kv.createRevision, modRevision: row.prev_revision },
  };
}
