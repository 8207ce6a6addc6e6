/** Time and timers come from a Clock so tests can inject a fake one and move time by hand. */
export interface Clock {
  now(): Date;
}

/** A pending timer; cancelling a fired or cancelled timer does nothing. */
export interface Timer {
  cancel(): void;
}

/** A clock that can also wake code up later: what the daemon's loops (kubelets, controllers, scheduler) take. */
export interface TimerClock extends Clock {
  setTimeout(fn: () => void, ms: number): Timer;
  /** Resolves after ms, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Resolves after ms on the given clock's timers; aborting rejects and cancels the timer. */
function sleepOn(clock: Pick<TimerClock, 'setTimeout'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      timer.cancel();
      reject(signal!.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const realClock: TimerClock = {
  now: () => new Date(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
  sleep(ms, signal) {
    return sleepOn(this, ms, signal);
  },
};

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock tests move by hand: timers fire, in time order, only inside advance(). */
export class FakeClock implements TimerClock {
  private t: number;
  private timers: FakeTimer[] = [];
  private seq = 0;

  constructor(start: Date | string = '2024-01-01T00:00:00Z') {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const timer: FakeTimer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Timers not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward, firing due timers in order (synchronously; use advanceAsync when callbacks await). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
  }

  /** Like advance, but lets promise callbacks run after each timer, so code that awaits between timers keeps up. */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.t + ms;
    await flushMicrotasks();
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      this.t = Math.max(this.t, next.at);
      next.fn();
      await flushMicrotasks();
    }
    this.t = end;
  }

  set(d: Date | string): void {
    this.t = new Date(d).getTime();
  }

  private nextDue(end: number): FakeTimer | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let best: FakeTimer | undefined;
    for (const t of this.timers) if (t.at <= end && (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    if (best) best.cancelled = true;
    return best;
  }
}

/** Lets pending promise callbacks run (a macrotask turn, so chains of awaits settle). */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** RFC 3339 with seconds precision, as Kubernetes serializes metav1.Time. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with microseconds, as Kubernetes serializes metav1.MicroTime (Lease renewTime, Event eventTime). */
export function rfc3339Micro(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
