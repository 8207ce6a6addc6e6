import { FakeClock, flushMicrotasks } from '../util/clock.js';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, WorkQueue, defaultControllerRateLimiter, runWorkers } from './work-queue.js';

const newQueue = (clock = new FakeClock()) => new WorkQueue<string>({ clock });

/** Takes what the queue hands out right now (without waiting). */
async function drainNow(q: WorkQueue<string>): Promise<string[]> {
  const got: string[] = [];
  while (q.len() > 0) {
    const r = await q.get();
    if (r.shutdown) break;
    got.push(r.item);
  }
  return got;
}

describe('WorkQueue', () => {
  it('an item added twice before it is processed is handed out once', async () => {
    const q = newQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(await drainNow(q)).toEqual(['a', 'b']);
  });

  it('an item added while it is processed is not handed to a second worker, but comes back after done', async () => {
    const q = newQueue();
    q.add('a');
    const first = await q.get();
    expect(first).toEqual({ item: 'a', shutdown: false });
    q.add('a');
    expect(q.len()).toBe(0);
    q.done('a');
    expect(q.len()).toBe(1);
    expect(await q.get()).toEqual({ item: 'a', shutdown: false });
  });

  it('an item done without being added again is gone', async () => {
    const q = newQueue();
    q.add('a');
    await q.get();
    q.done('a');
    expect(q.len()).toBe(0);
    expect(q.processingCount).toBe(0);
  });

  it('a waiting get is woken by the next add', async () => {
    const q = newQueue();
    const pending = q.get();
    q.add('x');
    expect(await pending).toEqual({ item: 'x', shutdown: false });
  });

  it('addAfter holds the item until its delay has passed on the clock', async () => {
    const clock = new FakeClock();
    const q = newQueue(clock);
    q.addAfter('a', 100);
    expect(q.len()).toBe(0);
    expect(q.delayedCount).toBe(1);
    clock.advance(99);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    expect(q.delayedCount).toBe(0);
  });

  it('a second addAfter with an earlier time wins, a later one does not postpone the item', () => {
    const clock = new FakeClock();
    const q = newQueue(clock);
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 500);
    clock.advance(50);
    expect(q.len()).toBe(1);
    clock.advance(1000);
    expect(q.len()).toBe(1);
  });

  it('addAfter with no delay adds at once', () => {
    const q = newQueue();
    q.addAfter('a', 0);
    expect(q.len()).toBe(1);
  });

  it('addRateLimited backs off 5 ms, 10 ms, 20 ms... per item, and forget starts it over', async () => {
    const clock = new FakeClock();
    const q = newQueue(clock);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = clock.now().getTime();
      q.addRateLimited('a');
      for (let waited = 0; q.len() === 0 && waited < 1000; waited++) clock.advance(1);
      delays.push(clock.now().getTime() - start);
      // Hand it out and finish it, as a worker that failed again would.
      const r = await q.get();
      if (!r.shutdown) q.done(r.item);
    }
    expect(delays).toEqual([5, 10, 20, 40]);
    expect(q.numRequeues('a')).toBe(4);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });

  it('shutDown hands out what is queued, then reports shutdown to every getter', async () => {
    const q = newQueue();
    q.add('a');
    q.shutDown();
    q.add('b');
    expect(await q.get()).toEqual({ item: 'a', shutdown: false });
    expect(await q.get()).toEqual({ item: undefined, shutdown: true });
  });

  it('shutDown wakes getters that are waiting on an empty queue', async () => {
    const q = newQueue();
    const waiting = [q.get(), q.get()];
    q.shutDown();
    expect(await Promise.all(waiting)).toEqual([
      { item: undefined, shutdown: true },
      { item: undefined, shutdown: true },
    ]);
  });

  it('shutDown cancels delayed items', () => {
    const clock = new FakeClock();
    const q = newQueue(clock);
    q.addAfter('a', 10);
    q.shutDown();
    clock.advance(100);
    expect(q.len()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('shutDownWithDrain waits until items handed out are done', async () => {
    const q = newQueue();
    q.add('a');
    await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => (drained = true));
    await flushMicrotasks();
    expect(drained).toBe(false);
    q.done('a');
    await p;
    expect(drained).toBe(true);
  });
});

describe('rate limiters', () => {
  it('the exponential limiter caps at its maximum', () => {
    const r = new ItemExponentialFailureRateLimiter<string>(5, 1000_000);
    const delays = Array.from({ length: 30 }, () => r.when('x'));
    expect(delays.slice(0, 3)).toEqual([5, 10, 20]);
    expect(delays[delays.length - 1]).toBe(1000_000);
    expect(Math.max(...delays)).toBe(1000_000);
  });

  it('the exponential limiter counts items separately', () => {
    const r = new ItemExponentialFailureRateLimiter<string>(5, 1000);
    r.when('a');
    r.when('a');
    expect(r.when('b')).toBe(5);
    expect(r.numRequeues('a')).toBe(2);
  });

  it('the bucket limiter lets a burst through, then spaces items at its rate', () => {
    const clock = new FakeClock();
    const r = new BucketRateLimiter<string>(10, 2, clock);
    expect([r.when(), r.when(), r.when(), r.when()]).toEqual([0, 0, 100, 200]);
    clock.advance(1000);
    // The bucket refills at 10 per second, up to its burst.
    expect(r.when()).toBe(0);
  });

  it('the default controller limiter is the larger of per-item back-off and the overall bucket', () => {
    const clock = new FakeClock();
    const r = defaultControllerRateLimiter<string>(clock);
    expect(r.when('a')).toBe(5);
    expect(r.when('a')).toBe(10);
    const max = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter(1, 10), new ItemExponentialFailureRateLimiter(3, 10));
    expect(max.when('x')).toBe(3);
    max.forget('x');
    expect(max.numRequeues('x')).toBe(0);
  });
});

describe('runWorkers', () => {
  it('a failing item is retried with back-off until it succeeds, then forgotten', async () => {
    const clock = new FakeClock();
    const q = newQueue(clock);
    let attempts = 0;
    const errors: unknown[] = [];
    const done = runWorkers(
      q,
      2,
      async (item) => {
        attempts++;
        if (attempts < 3) throw new Error(`fail ${item}`);
      },
      { onError: (_item, err) => errors.push(err) },
    );
    q.add('a');
    await flushMicrotasks();
    expect(attempts).toBe(1);
    await clock.advanceAsync(5);
    expect(attempts).toBe(2);
    await clock.advanceAsync(10);
    expect(attempts).toBe(3);
    expect(errors).toHaveLength(2);
    expect(q.numRequeues('a')).toBe(0);
    q.shutDown();
    await done;
  });

  it('the same item is never synced by two workers at once', async () => {
    const q = newQueue();
    let concurrent = 0;
    let maxConcurrent = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const done = runWorkers(q, 4, async (item) => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      seen.push(item);
      await gate;
      concurrent--;
    });
    q.add('a');
    await flushMicrotasks();
    q.add('a');
    q.add('a');
    await flushMicrotasks();
    expect(maxConcurrent).toBe(1);
    release();
    await flushMicrotasks();
    await flushMicrotasks();
    expect(seen).toEqual(['a', 'a']);
    q.shutDown();
    await done;
  });
});
