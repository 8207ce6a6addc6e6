/** The one way the rest of kubesim opens a store, so the backend can change in one place. */
import type { Store } from './store.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

export type OpenStoreOptions = SqliteStoreOptions;

/** Opens (creating if needed) the store file at `path`; async so that a networked backend fits too. */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  return SqliteStore.open(path, options);
}
