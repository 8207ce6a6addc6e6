/** StoreErrors with etcd's own messages, so logs and API errors read as a real cluster's. */
import { StoreError, type KeyValue } from './store.js';

/** etcd's mvcc.ErrCompacted text. */
export const COMPACTED_MESSAGE = 'mvcc: required revision has been compacted';
/** etcd's mvcc.ErrFutureRev text. */
export const FUTURE_REVISION_MESSAGE = 'mvcc: required revision is a future revision';

export function compactedError(compactRevision: number): StoreError {
  return new StoreError('Compacted', COMPACTED_MESSAGE, undefined, compactRevision);
}

/**
 * A read at a revision the store has not reached. etcd answers ErrFutureRev and kube-apiserver
 * surfaces it as an internal error; the store interface has no code of its own for it.
 */
export function futureRevisionError(revision: number, current: number): StoreError {
  return new StoreError('Unavailable', `${FUTURE_REVISION_MESSAGE} (requested ${revision}, current ${current})`);
}

export function keyExistsError(current: KeyValue): StoreError {
  return new StoreError('KeyExists', `key "${current.key}" already exists`, current);
}

export function keyNotFoundError(key: string): StoreError {
  return new StoreError('KeyNotFound', `key "${key}" not found`);
}

export function conflictError(expectedModRevision: number, current: KeyValue): StoreError {
  return new StoreError(
    'Conflict',
    `key "${current.key}" has been modified: expected mod revision ${expectedModRevision}, current ${current.modRevision}`,
    current,
  );
}

export function closedError(): StoreError {
  return new StoreError('Unavailable', 'store is closed');
}
