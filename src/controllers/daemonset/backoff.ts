/**
 * client-go's flowcontrol.Backoff (no jitter): per-key delays that double up to a maximum and are forgotten once
 * a key has been quiet for twice the maximum. The DaemonSet controller uses it so a node that keeps failing its
 * daemon pod does not make it delete and recreate the pod in a hot loop.
 */
import type { Clock } from '../../util/clock.js';

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly clock: Clock,
    readonly initialMs: number,
    readonly maxMs: number,
  ) {}

  /** The key's current delay (0 when unknown). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  /** Starts the key at the initial delay, or doubles it (capped) when it was seen recently. */
  next(id: string, eventTime: number): void {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) {
      this.entries.set(id, { backoffMs: this.initialMs, lastUpdate: this.clock.now().getTime() });
      return;
    }
    e.backoffMs = Math.min(e.backoffMs * 2, this.maxMs);
    e.lastUpdate = this.clock.now().getTime();
  }

  /** Whether eventTime is still inside the key's delay since its last update. */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.hasExpired(eventTime, e.lastUpdate)) return false;
    return eventTime - e.lastUpdate < e.backoffMs;
  }

  /** Forgets keys quiet for twice the maximum delay. */
  gc(): void {
    const now = this.clock.now().getTime();
    for (const [id, e] of this.entries) if (this.hasExpired(now, e.lastUpdate)) this.entries.delete(id);
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2;
  }
}
