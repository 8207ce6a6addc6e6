/** The etcd-like key-value store every backend implements; callers never see SQL or etcd types. */

/** One stored key at one revision, as etcd's mvccpb.KeyValue. */
export interface KeyValue {
  key: string;
  /** The serialized object (JSON text). */
  value: string;
  /** Revision at which the key was (last) created. */
  createRevision: number;
  /** Revision of the last write of the key; an object's resourceVersion is this as a string. */
  modRevision: number;
}

export type WatchEventType = 'put' | 'delete';

/** A change seen by a watch; for a delete, `kv` is the key's last value and `revision` the delete's. */
export interface WatchEvent {
  type: WatchEventType;
  /** Revision of this change (for a put, kv.modRevision). */
  revision: number;
  kv: KeyValue;
  /** The value before this change, when there was one. */
  prevKv?: KeyValue;
}

export interface ListOptions {
  /** Read as of this revision (0 or absent: the newest). */
  revision?: number;
  /** At most this many items; the result then carries a continue token. */
  limit?: number;
  /** A token from an earlier page; the listing goes on at that page's revision. */
  continue?: string;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the listing is consistent at. */
  revision: number;
  /** Set when more items remain. */
  continue?: string;
  /** How many items remain after this page, when known. */
  remainingItemCount?: number;
}

/** One write of a transaction; all of a transaction's writes happen or none does. */
export type TxnOp =
  | { type: 'create'; key: string; value: string }
  | { type: 'update'; key: string; value: string; expectedModRevision: number }
  | { type: 'delete'; key: string; expectedModRevision?: number };

export interface WatchOptions {
  /** Deliver every change with a revision greater than this one, in order. */
  afterRevision: number;
}

/** A running watch; events arrive through the handler passed to watch(). */
export interface Watch {
  stop(): void;
}

export type StoreErrorCode =
  /** create of a key that exists */
  | 'KeyExists'
  /** update or delete of a key that does not exist */
  | 'KeyNotFound'
  /** the expected mod revision is not the key's current one */
  | 'Conflict'
  /** a read, continue token or watch older than the compacted revision */
  | 'Compacted'
  /** the store is closed or broken */
  | 'Unavailable';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** For KeyExists / Conflict: the key's current value when known. */
    readonly current?: KeyValue,
    /** For Compacted: the compacted revision. */
    readonly compactRevision?: number,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * etcd semantics: a global revision that every write increases, create/mod revisions per key,
 * compare-and-swap on mod revision, prefix ranges at a consistent revision, ordered watches.
 * Every method is async so that a networked backend (etcd3) can implement the same interface.
 */
export interface Store {
  /** The newest revision of the store. */
  currentRevision(): Promise<number>;
  get(key: string, opts?: { revision?: number }): Promise<KeyValue | undefined>;
  /** Keys starting with `prefix`, sorted by key. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** How many live keys start with `prefix`. */
  count(prefix: string): Promise<number>;
  /** Fails with KeyExists if the key exists. */
  create(key: string, value: string): Promise<KeyValue>;
  /** Fails with KeyNotFound if absent, Conflict if the key's mod revision is not `expectedModRevision`. */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;
  /**
   * Deletes and returns the last value; guarded by `expectedModRevision` when given. The returned
   * modRevision is the delete's own revision, as kube-apiserver reports a deleted object's resourceVersion.
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /** Applies the writes atomically; the results are in the order of `ops`. */
  txn(ops: TxnOp[]): Promise<KeyValue[]>;
  /** Drops history at or below `revision`; the newest value of every live key is kept. */
  compact(revision: number): Promise<void>;
  /** The revision history was compacted at (0 if never). */
  compactRevision(): Promise<number>;
  /**
   * Watches keys starting with `prefix`. Events arrive in revision order, none lost; if
   * `afterRevision` is older than the compacted revision, onError gets a Compacted StoreError.
   */
  watch(
    prefix: string,
    opts: WatchOptions,
    onEvents: (events: WatchEvent[]) => void,
    onError?: (err: StoreError) => void,
  ): Watch;
  close(): Promise<void>;
}
