/** One poller per store that fans the log out to all of the store's watches, in revision order. */
import { StoreError, type Watch, type WatchEvent } from './store.js';
import { compactedError } from './mvcc-errors.js';

/** What the hub reads; each call is one consistent snapshot of the log. */
export interface WatchSource {
  currentRevision(): number;
  /** Events with revision > `after` of any key, oldest first, at most `limit`. */
  readAfter(after: number, limit: number): LogSlice;
  /** Events with `after` < revision <= `upto` of keys starting with `prefix`, oldest first, at most `limit`. */
  readRange(prefix: string, after: number, upto: number, limit: number): LogSlice;
}

export interface LogSlice {
  events: WatchEvent[];
  /** The compact revision in the same snapshot: history at or below it may be gone. */
  compactRevision: number;
}

export interface WatchHubOptions {
  /** How often to look for writes made by other processes, in ms. */
  pollIntervalMs: number;
  /** Most events read per query, so a long backlog is delivered in bounded pieces. */
  batchSize: number;
  /**
   * Gets what a watch's own handler threw; the other watches go on regardless. By default it is
   * rethrown from a fresh tick, where it surfaces as an uncaught exception as a throwing timer
   * callback would (client-go's handlers crash the same way).
   */
  onHandlerError?: (err: unknown) => void;
}

function rethrowLater(err: unknown): void {
  setImmediate(() => {
    throw err;
  });
}

interface Subscriber {
  prefix: string;
  /** Every event at or below this revision has been delivered (or did not match). */
  position: number;
  /** Caught up with the hub: new events come from the shared poll, not from its own catch-up reads. */
  live: boolean;
  stopped: boolean;
  onEvents: (events: WatchEvent[]) => void;
  onError?: (err: StoreError) => void;
}

/**
 * New watches first catch up from history on their own (reading only their prefix up to what the
 * hub has seen), then join the shared poll, which reads every new row once and hands each
 * subscriber the rows under its prefix. Both run synchronously inside one tick, so a subscriber
 * never sees an event twice or out of order. Timers are unref'd: an idle watch does not keep the
 * process alive.
 */
export class WatchHub {
  private readonly subscribers = new Set<Subscriber>();
  /** Highest revision the shared poll has read; -1 while no watch runs. */
  private lastSeen = -1;
  /**
   * Log rows this process wrote and the poll has not read yet, oldest first. When they follow `lastSeen` with no
   * gap, no other process wrote in between and the poll takes them from here instead of reading the log.
   */
  private ownWrites: WatchEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    private readonly source: WatchSource,
    private readonly options: WatchHubOptions,
  ) {}

  watch(
    prefix: string,
    afterRevision: number,
    onEvents: (events: WatchEvent[]) => void,
    onError?: (err: StoreError) => void,
  ): Watch {
    const sub: Subscriber = {
      prefix,
      position: Math.max(0, Math.floor(afterRevision)),
      live: false,
      stopped: false,
      onEvents,
      onError,
    };
    this.subscribers.add(sub);
    this.wake();
    return {
      stop: () => {
        sub.stopped = true;
        this.subscribers.delete(sub);
      },
    };
  }

  /** Called after this process committed `events` (consecutive revisions): polls as soon as possible. */
  written(events: readonly WatchEvent[]): void {
    if (this.closed || this.subscribers.size === 0) return;
    // Bounded: should the poll fall behind, it reads the log as it would without them.
    if (this.ownWrites.length < this.options.batchSize) for (const e of events) this.ownWrites.push(e);
    this.wake();
  }

  /** Polls as soon as possible: called after this process writes the log. */
  wake(): void {
    if (this.closed || this.subscribers.size === 0 || this.immediate) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Not unref'd: an unref'd immediate does not wake a loop blocked waiting for I/O, so delivery
    // would wait for some unrelated timer. A one-shot immediate can't keep the process alive.
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.tick();
    });
  }

  close(): void {
    this.closed = true;
    this.ownWrites = [];
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    for (const sub of this.subscribers) sub.stopped = true;
    this.subscribers.clear();
  }

  private tick(): void {
    if (this.closed) return;
    if (this.subscribers.size === 0) {
      // Nobody listens: forget the position so a later watch does not read what nobody wanted.
      this.lastSeen = -1;
      this.ownWrites = [];
      return;
    }
    let more: boolean;
    try {
      if (this.lastSeen < 0) this.lastSeen = this.source.currentRevision();
      more = this.catchUp();
      more = this.pollLive() || more;
    } catch (err) {
      this.failAll(err);
      return;
    }
    if (more) this.wake();
    else this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.subscribers.size === 0 || this.immediate || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }

  /** One batch of history for every watch still catching up; true if some have more to read. */
  private catchUp(): boolean {
    let more = false;
    for (const sub of [...this.subscribers]) {
      if (sub.live || sub.stopped) continue;
      const upto = this.lastSeen;
      const slice = this.source.readRange(sub.prefix, sub.position, upto, this.options.batchSize);
      if (sub.position < slice.compactRevision) {
        this.fail(sub, compactedError(slice.compactRevision));
        continue;
      }
      const full = slice.events.length === this.options.batchSize;
      if (slice.events.length > 0) {
        this.deliver(sub, slice.events);
        sub.position = slice.events[slice.events.length - 1]!.revision;
      }
      if (!full) {
        sub.position = Math.max(sub.position, upto);
        sub.live = true;
      } else {
        more = true;
      }
    }
    return more;
  }

  /**
   * The rows this process wrote right after `lastSeen`, as far as they run on without a gap; undefined when the
   * log must be read (another process wrote in between, or nothing is known).
   */
  private takeWritten(): WatchEvent[] | undefined {
    const known = this.ownWrites;
    let start = 0;
    while (start < known.length && known[start]!.revision <= this.lastSeen) start++;
    if (start === known.length || known[start]!.revision !== this.lastSeen + 1) {
      this.ownWrites = [];
      return undefined;
    }
    let end = start + 1;
    while (end < known.length && end - start < this.options.batchSize && known[end]!.revision === known[end - 1]!.revision + 1) end++;
    this.ownWrites = known.slice(end);
    return known.slice(start, end);
  }

  /** Reads rows no watch has seen yet and fans them out; true if the batch was full. */
  private pollLive(): boolean {
    const own = this.takeWritten();
    const slice = own ? { events: own, compactRevision: 0 } : this.source.readAfter(this.lastSeen, this.options.batchSize);
    if (slice.compactRevision > this.lastSeen) {
      // Another process compacted past us before we read: rows we never saw may be gone.
      for (const sub of [...this.subscribers]) {
        if (sub.live && sub.position < slice.compactRevision) this.fail(sub, compactedError(slice.compactRevision));
      }
      this.lastSeen = slice.compactRevision;
    }
    const events = slice.events.filter((e) => e.revision > this.lastSeen);
    if (events.length === 0) return false;
    const upto = events[events.length - 1]!.revision;
    for (const sub of [...this.subscribers]) {
      if (!sub.live || sub.stopped) continue;
      const mine = events.filter((e) => e.revision > sub.position && e.kv.key.startsWith(sub.prefix));
      sub.position = Math.max(sub.position, upto);
      if (mine.length > 0) this.deliver(sub, mine);
    }
    this.lastSeen = upto;
    // Own rows left over (after a gap, or past a batch) are taken, or read, on the next round at once.
    return own ? this.ownWrites.length > 0 : slice.events.length === this.options.batchSize;
  }

  private deliver(sub: Subscriber, events: WatchEvent[]): void {
    if (sub.stopped) return;
    try {
      sub.onEvents(events);
    } catch (err) {
      // A failing handler must not starve the other watches.
      (this.options.onHandlerError ?? rethrowLater)(err);
    }
  }

  private fail(sub: Subscriber, err: StoreError): void {
    this.subscribers.delete(sub);
    if (sub.stopped) return;
    sub.stopped = true;
    if (sub.onError) {
      try {
        sub.onError(err);
      } catch (handlerErr) {
        (this.options.onHandlerError ?? rethrowLater)(handlerErr);
      }
    }
  }

  private failAll(cause: unknown): void {
    const err =
      cause instanceof StoreError
        ? cause
        : new StoreError('Unavailable', `watch failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    for (const sub of [...this.subscribers]) this.fail(sub, err);
  }
}
