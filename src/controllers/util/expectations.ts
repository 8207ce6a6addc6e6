/**
 * Controller expectations (pkg/controller/controller_utils.go): a controller records how many creations and
 * deletions it is waiting to observe through its informers, and does not act on a key again until they are seen
 * (or five minutes passed), so a burst of watch events never makes it create or delete twice.
 */
import type { TimerClock } from '../../util/clock.js';

/** If a watch drops an event, a dormant controller wakes up anyway after this long (ExpectationsTimeout). */
export const ExpectationsTimeoutMs = 5 * 60 * 1000;

/** One controller's pending adds and deletes (ControlleeExpectations). */
export interface ControlleeExpectations {
  add: number;
  del: number;
  key: string;
  /** When set, in ms since the epoch. */
  timestamp: number;
}

/** The expectations of every controller of one kind, by controller key (`namespace/name`). */
export class ControllerExpectations {
  private readonly store = new Map<string, ControlleeExpectations>();

  constructor(protected readonly clock: Pick<TimerClock, 'now'>) {}

  getExpectations(key: string): ControlleeExpectations | undefined {
    return this.store.get(key);
  }

  /** True once the recorded adds and dels were observed, when they expired, or when none were ever set. */
  satisfiedExpectations(key: string): boolean {
    const exp = this.store.get(key);
    if (!exp) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.isExpired(exp);
  }

  isExpired(exp: ControlleeExpectations): boolean {
    return this.clock.now().getTime() - exp.timestamp > ExpectationsTimeoutMs;
  }

  /** Forgets any earlier expectations of key. */
  setExpectations(key: string, add: number, del: number): void {
    this.store.set(key, { add, del, key, timestamp: this.clock.now().getTime() });
  }

  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  lowerExpectations(key: string, add: number, del: number): void {
    const exp = this.store.get(key);
    if (!exp) return;
    exp.add -= add;
    exp.del -= del;
  }

  raiseExpectations(key: string, add: number, del: number): void {
    const exp = this.store.get(key);
    if (!exp) return;
    exp.add += add;
    exp.del += del;
  }

  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  deleteExpectations(key: string): void {
    this.store.delete(key);
  }
}

/**
 * Expectations that also remember which pods (by key) are expected to go, so a pod first seen with a
 * deletionTimestamp and then seen deleted counts once (UIDTrackingControllerExpectations).
 */
export class UIDTrackingControllerExpectations extends ControllerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  getUIDs(key: string): Set<string> | undefined {
    return this.uids.get(key);
  }

  /** Records the keys of the pods about to be deleted (replacing earlier ones) and expects as many deletions. */
  override expectDeletions(key: string, deletedKeys: string[] | number): void {
    if (typeof deletedKeys === 'number') {
      super.expectDeletions(key, deletedKeys);
      return;
    }
    const set = new Set(deletedKeys);
    this.uids.set(key, set);
    super.expectDeletions(key, set.size);
  }

  /** Counts the deletion of deleteKey once, if it was expected. */
  override deletionObserved(key: string, deleteKey?: string): void {
    if (deleteKey === undefined) {
      super.deletionObserved(key);
      return;
    }
    const set = this.uids.get(key);
    if (set?.has(deleteKey)) {
      super.deletionObserved(key);
      set.delete(deleteKey);
    }
  }

  override deleteExpectations(key: string): void {
    super.deleteExpectations(key);
    this.uids.delete(key);
  }
}
