/** The store's public API: the Store interface, its errors, the SQLite backend and the factory. */
export {
  StoreError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreErrorCode,
  type TxnOp,
  type Watch,
  type WatchEvent,
  type WatchEventType,
  type WatchOptions,
} from './store.js';
export { ContinueTokenError, decodeContinue, encodeContinue } from './continue-token.js';
export { COMPACTED_MESSAGE, FUTURE_REVISION_MESSAGE } from './mvcc-errors.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { openStore, type OpenStoreOptions } from './open-store.js';
