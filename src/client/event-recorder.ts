/**
 * client-go's record.EventRecorder with its EventCorrelator, for any component (controllers, the node agent,
 * the scheduler): core/v1 Events with `source: {component, host}`; a repeat of the same event within ten minutes
 * bumps the existing one's count and lastTimestamp (`(x4 over 2m)` in describe). Writes run in the background,
 * in order; `flush` waits for them.
 */
import { isAlreadyExists } from '../api/errors.js';
import { PatchType } from '../api/request-options.js';
import type { Clock } from '../util/clock.js';
import { rfc3339 } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { Client } from './client.js';
import { Events } from './resources.js';

/** core/v1 ObjectReference: what an event is about. */
export interface ObjectReference {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  apiVersion: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: Client;
  clock: Clock;
  /** source.component and reportingComponent: `node-controller`, `kubelet`, `default-scheduler`. */
  component: string;
  /** source.host and reportingInstance (kubelets name their node); absent for controllers. */
  host?: string;
  log?: Logger;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  lastSeen: number;
}

/** The correlator's window: repeats older than this start a new event. */
const correlationWindowMs = 10 * 60 * 1000;

/** As client-go's maxLruCacheEntries: the correlator remembers the 4096 events seen most recently. */
export const maxCorrelatedEvents = 4096;

/** Shared by every recorder of the process, so two components never pick the same event name. */
let lastNanos = 0n;

/** Event names carry the time in nanoseconds in hex (`web.17f9c0a1b2c3d4e5`); strictly increasing in a process. */
function uniqueNanos(now: Date): bigint {
  let n = BigInt(now.getTime()) * 1_000_000n;
  if (n <= lastNanos) n = lastNanos + 1n;
  lastNanos = n;
  return n;
}

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: EventRecorderOptions) {}

  /** Records an event about ref (fire and forget). */
  event(ref: ObjectReference, type: EventType, reason: string, message: string): void {
    const { component, host = '', clock } = this.opts;
    const now = clock.now();
    const ts = rfc3339(now);
    const key = [component, host, ref.kind, ref.namespace, ref.name, ref.fieldPath, ref.uid, ref.apiVersion, type, reason, message].join('\u0000');
    const prev = this.seen.get(key);
    // A least-recently-used cache, as client-go's: a use moves the entry to the end, the first one is the oldest.
    if (prev) this.seen.delete(key);
    if (prev && now.getTime() - prev.lastSeen <= correlationWindowMs) {
      this.seen.set(key, prev);
      prev.count++;
      prev.lastSeen = now.getTime();
      const { name, namespace, count } = prev;
      this.enqueue(() => this.opts.client.resource(Events).namespace(namespace).patch(name, PatchType.Merge, { count, lastTimestamp: ts }), reason);
      return;
    }
    // As makeEvent: events about cluster-scoped objects live in `default`.
    const namespace = ref.namespace || 'default';
    const name = `${ref.name}.${uniqueNanos(now).toString(16)}`;
    this.seen.set(key, { name, namespace, count: 1, lastSeen: now.getTime() });
    if (this.seen.size > maxCorrelatedEvents) this.seen.delete(this.seen.keys().next().value!);
    // ObjectReference's JSON field order, empty fields omitted.
    const involvedObject: Record<string, unknown> = { kind: ref.kind };
    if (ref.namespace) involvedObject.namespace = ref.namespace;
    involvedObject.name = ref.name;
    if (ref.uid) involvedObject.uid = ref.uid;
    if (ref.apiVersion) involvedObject.apiVersion = ref.apiVersion;
    if (ref.resourceVersion) involvedObject.resourceVersion = ref.resourceVersion;
    if (ref.fieldPath) involvedObject.fieldPath = ref.fieldPath;
    const source: Record<string, string> = { component };
    if (host) source.host = host;
    const ev: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject,
      reason,
      message,
      source,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host,
    };
    const events = this.opts.client.resource(Events).namespace(namespace);
    this.enqueue(async () => {
      try {
        await events.create(ev as never);
      } catch (e) {
        // Another process's recorder took the name in the same instant: take the next one.
        if (!isAlreadyExists(e)) throw e;
        const seen = this.seen.get(key);
        const renamed = `${ref.name}.${uniqueNanos(now).toString(16)}`;
        if (seen) seen.name = renamed;
        await events.create({ ...ev, metadata: { name: renamed, namespace } } as never);
      }
    }, reason);
  }

  /** Resolves once every event recorded so far is written (or failed). */
  flush(): Promise<void> {
    return this.queue;
  }

  private enqueue(write: () => Promise<unknown>, reason: string): void {
    this.queue = this.queue
      .then(write)
      .then(() => undefined)
      .catch((e: unknown) => {
        this.opts.log?.warn('Server rejected event (will not retry!)', { reason, err: (e as Error).message });
      });
  }
}

/** The reference of an object as ref.GetReference builds it. */
export function referenceOf(obj: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string; uid?: string; resourceVersion?: string } }): ObjectReference {
  const ref: ObjectReference = { kind: obj.kind, name: obj.metadata.name ?? '', apiVersion: obj.apiVersion };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  return ref;
}

/** A Node's reference as the node controllers and the kubelet build it (name and uid only). */
export function nodeReference(name: string, uid?: string): ObjectReference {
  return { kind: 'Node', name, apiVersion: 'v1', ...(uid ? { uid } : {}) };
}
