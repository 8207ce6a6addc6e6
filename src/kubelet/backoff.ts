/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for crash loops and image pulls: per key, the delay starts at
 * `initial`, doubles on each `next` up to `max`, and is forgotten once the key has been quiet for twice `max`.
 * (No jitter: the kubelet adds none to its container and image back-offs.)
 */
import type { Clock } from '../util/clock.js';

interface Entry {
  backoff: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    readonly initialMs: number,
    readonly maxMs: number,
  ) {}

  /** The current delay of a key (0 when it has none). */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** Moves a key to its next delay, measured from eventTime (the container's finish, or now for a pull). */
  next(id: string, eventTime: number): void {
    const entry = this.entries.get(id);
    const now = this.clock.now().getTime();
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(id, { backoff: this.initialMs, lastUpdate: now });
      return;
    }
    entry.backoff = Math.min(entry.backoff * 2, this.maxMs);
    entry.lastUpdate = now;
  }

  /** IsInBackOffSince: whether less than the key's delay has passed since eventTime. */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return this.clock.now().getTime() - eventTime < entry.backoff;
  }

  /** IsInBackOffSinceUpdate: whether less than the key's delay has passed since its last `next`. */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return eventTime - entry.lastUpdate < entry.backoff;
  }

  /** When the key's back-off since eventTime ends (epoch ms), or undefined when it is not backing off. */
  endsAt(id: string, since: number): number | undefined {
    const entry = this.entries.get(id);
    return entry ? since + entry.backoff : undefined;
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  /** Forgets keys whose last update is older than twice the maximum delay. */
  gc(): void {
    const now = this.clock.now().getTime();
    for (const [id, entry] of this.entries) if (this.hasExpired(now, entry.lastUpdate)) this.entries.delete(id);
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.maxMs * 2;
  }
}
