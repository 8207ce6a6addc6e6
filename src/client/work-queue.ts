/**
 * client-go's workqueue (util/workqueue): a queue of keys that dedupes an item added again before it is processed,
 * never hands one item to two workers at once, delays items (addAfter) and retries them with per-item exponential
 * back-off (addRateLimited / forget). Controllers, the scheduler and kubelets enqueue keys and sync them from here.
 * Time comes from an injected TimerClock so tests move it by hand.
 */
import type { Timer, TimerClock } from '../util/clock.js';

/** How long to wait before an item is retried, as client-go's RateLimiter. */
export interface RateLimiter<T> {
  /** The delay for this item's next retry; counts the retry. */
  when(item: T): number;
  /** Stops tracking the item: its next failure starts from the base delay again. */
  forget(item: T): void;
  numRequeues(item: T): number;
}

/** base · 2^failures per item, capped at max (client-go's ItemExponentialFailureRateLimiter). */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();
  constructor(
    readonly baseDelayMs: number,
    readonly maxDelayMs: number,
  ) {}

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    // As upstream: float math, and anything beyond the cap (or overflowing) is the cap.
    const backoff = this.baseDelayMs * Math.pow(2, exp);
    return !Number.isFinite(backoff) || backoff > this.maxDelayMs ? this.maxDelayMs : backoff;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket (qps, burst) shared by every item, as client-go's BucketRateLimiter over
 * golang.org/x/time/rate: each call reserves a token and waits for it when the bucket is empty.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private tokens: number;
  private last: number;
  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly clock: Pick<TimerClock, 'now'>,
  ) {
    this.tokens = burst;
    this.last = clock.now().getTime();
  }

  when(): number {
    const now = this.clock.now().getTime();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  forget(): void {}

  numRequeues(): number {
    return 0;
  }
}

/** The longest delay of several limiters (client-go's MaxOfRateLimiter). */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];
  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: T): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/** client-go's DefaultControllerRateLimiter: 5 ms doubling to 1000 s per item, and 10 qps (burst 100) overall. */
export function defaultControllerRateLimiter<T>(clock: Pick<TimerClock, 'now'>): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1000_000), new BucketRateLimiter<T>(10, 100, clock));
}

export interface GetResult<T> {
  item: T;
  shutdown: false;
}

export interface WorkQueueOptions<T> {
  clock: TimerClock;
  /** Retry delays of addRateLimited; defaultControllerRateLimiter when absent. */
  rateLimiter?: RateLimiter<T>;
  /** Named in logs and errors, as upstream's queue names. */
  name?: string;
}

/**
 * The rate-limiting work queue. Items are compared with `===` (Set semantics), so use strings such as
 * `namespace/name`. An item added while it is being processed is queued again once `done` is called for it.
 */
export class WorkQueue<T = string> {
  readonly name: string;
  private readonly clock: TimerClock;
  private readonly rateLimiter: RateLimiter<T>;
  private readonly queue: T[] = [];
  /** Items that need processing (queued, or added again while processing). */
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  /** addAfter items not yet due, with the time they become due. */
  private readonly waiting = new Map<T, { at: number; timer: Timer }>();
  private readonly getters: Array<(r: GetResult<T> | { item: undefined; shutdown: true }) => void> = [];
  private readonly drainWaiters: Array<() => void> = [];
  private shuttingDown = false;

  constructor(opts: WorkQueueOptions<T>) {
    this.clock = opts.clock;
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<T>(opts.clock);
    this.name = opts.name ?? '';
  }

  /** Marks item as needing processing; a no-op when it is already queued or after shutDown. */
  add(item: T): void {
    if (this.shuttingDown) return;
    if (this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.push(item);
  }

  /** Adds item after a delay; an earlier pending addAfter of the same item wins. */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(item);
    const at = this.clock.now().getTime() + delayMs;
    const pending = this.waiting.get(item);
    if (pending) {
      if (pending.at <= at) return;
      pending.timer.cancel();
    }
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, delayMs);
    this.waiting.set(item, { at, timer });
  }

  /** Adds item after the rate limiter's delay for it (its per-item back-off grows with each call). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** The item succeeded: its back-off starts over. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }

  /** Waits for an item; `shutdown: true` once the queue is shut down and empty. Call done(item) when finished. */
  get(): Promise<GetResult<T> | { item: undefined; shutdown: true }> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.shuttingDown) return Promise.resolve({ item: undefined, shutdown: true });
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Ends processing of item; if it was added meanwhile it is queued again. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) this.push(item);
    else if (this.processing.size === 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Items waiting to be processed (not those being processed or delayed). */
  len(): number {
    return this.queue.length;
  }

  /** Items handed out and not yet done. */
  get processingCount(): number {
    return this.processing.size;
  }

  /** Items scheduled with addAfter / addRateLimited and not yet due. */
  get delayedCount(): number {
    return this.waiting.size;
  }

  /** Stops accepting items and cancels delayed ones; getters receive what is queued, then `shutdown`. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    if (this.queue.length === 0) for (const g of this.getters.splice(0)) g({ item: undefined, shutdown: true });
  }

  /** shutDown, then waits until every item handed out is done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private push(item: T): void {
    this.queue.push(item);
    const getter = this.getters.shift();
    if (getter) getter(this.take());
  }

  private take(): GetResult<T> {
    const item = this.queue.shift()!;
    this.processing.add(item);
    this.dirty.delete(item);
    if (this.shuttingDown && this.queue.length === 0) for (const g of this.getters.splice(0)) g({ item: undefined, shutdown: true });
    return { item, shutdown: false };
  }
}

export interface WorkerOptions {
  /** Called with the error when sync throws; the item is retried with back-off. */
  onError?(item: unknown, err: unknown): void;
}

/**
 * Runs `count` workers, each taking an item, calling sync, then: success → forget (back-off reset);
 * error → addRateLimited. Resolves once the queue is shut down and every worker has finished its item.
 */
export async function runWorkers<T>(queue: WorkQueue<T>, count: number, sync: (item: T) => Promise<void>, opts: WorkerOptions = {}): Promise<void> {
  const worker = async () => {
    for (;;) {
      const next = await queue.get();
      if (next.shutdown) return;
      const { item } = next;
      try {
        await sync(item);
        queue.forget(item);
      } catch (err) {
        opts.onError?.(item, err);
        queue.addRateLimited(item);
      } finally {
        queue.done(item);
      }
    }
  };
  await Promise.all(Array.from({ length: count }, worker));
}
