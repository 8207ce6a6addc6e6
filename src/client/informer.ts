/**
 * client-go's shared informer (tools/cache): lists a resource, then watches it from the list's resourceVersion,
 * keeping a local cache indexed by `namespace/name` (plus any named indexes) and calling handlers on every
 * change. A watch that expires (410 Gone) or fails is replaced by a new list, whose differences from the cache
 * are delivered as adds, updates and deletes, so handlers never miss a change.
 */
import type { KubeObject } from '../api/object.js';
import type { WatchEvent, WatchHandle } from '../api/request-options.js';
import type { Timer, TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { Client, ResourceOps } from './client.js';
import type { GroupVersionResource } from '../api/group-version.js';
import { Pods } from './resources.js';

export interface EventHandler<T extends KubeObject = KubeObject> {
  /** isInInitialList: the object came from the informer's first list (or the cache, for a late handler). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Also called with equal objects on resync and after a re-list, as client-go does; compare resourceVersions to skip. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** The last state the informer knew. */
  onDelete?(obj: T): void;
}

export interface HandlerRegistration {
  remove(): void;
}

/** A function giving the index values of an object (e.g. a pod's spec.nodeName). */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => string[];

export interface InformerOptions {
  client: Client;
  resource: GroupVersionResource;
  /** One namespace; all namespaces (or a cluster-scoped resource) when absent. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  clock: TimerClock;
  /** Every resyncPeriod ms, onUpdate(obj, obj) for every cached object; none when 0 or absent. */
  resyncPeriodMs?: number;
  /** Delay before a new list after a failed list or watch; doubles to 30 s as client-go's backoff. */
  retryDelayMs?: number;
  log?: Logger;
}

/** The cache key of an object, as client-go's MetaNamespaceKeyFunc: `namespace/name`, or `name` when cluster-scoped. */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : (obj.metadata.name ?? '');
}

/** Splits a cache key into namespace ('' when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

const maxRetryDelayMs = 30_000;

export class Informer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly syncWaiters: Array<() => void> = [];
  private readonly ops: ResourceOps;
  private watch: WatchHandle | undefined;
  private retryTimer: Timer | undefined;
  private resyncTimer: Timer | undefined;
  private retryDelayMs: number;
  private synced = false;
  private running = false;
  /** Bumped on every (re)list so events of an abandoned watch are ignored. */
  private generation = 0;
  private lastResourceVersion = '';

  constructor(private readonly opts: InformerOptions) {
    const r = opts.client.resource(opts.resource);
    this.ops = opts.namespace ? r.namespace(opts.namespace) : r;
    this.retryDelayMs = opts.retryDelayMs ?? 800;
  }

  /** Adds handlers; objects already cached are delivered to them as adds first. */
  addEventHandler(handler: EventHandler<T>): HandlerRegistration {
    this.handlers.add(handler);
    if (this.synced) for (const obj of this.items.values()) this.call(handler, 'onAdd', obj, true);
    return { remove: () => void this.handlers.delete(handler) };
  }

  hasIndexer(name: string): boolean {
    return this.indexers.has(name);
  }

  /** Adds a named index (before start, or at any time: existing objects are indexed at once). */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, obj] of this.items) for (const v of fn(obj)) addToIndex(index, v, key);
  }

  /** Lists and starts watching; resolves once the first list is in the cache (or rejects if it fails). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listAndWatch();
    if (this.opts.resyncPeriodMs) this.scheduleResync();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.watch?.stop();
    this.watch = undefined;
    this.retryTimer?.cancel();
    this.resyncTimer?.cancel();
  }

  /** True once the first list has been delivered. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list is in the cache; rejects when signal aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** The resourceVersion the cache reflects. */
  get resourceVersion(): string {
    return this.lastResourceVersion;
  }

  // ---- the cache (listers) -------------------------------------------------

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  /** A cached object; namespace '' (or undefined) for cluster-scoped ones. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  listByNamespace(namespace: string): T[] {
    return this.list().filter((o) => o.metadata.namespace === namespace);
  }

  /** Objects whose index `name` has `value` (e.g. pods by spec.nodeName). */
  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index ${name} does not exist`);
    return [...(index.get(value) ?? [])].map((k) => this.items.get(k)!).filter(Boolean);
  }

  // ---- list and watch ------------------------------------------------------

  private async listAndWatch(): Promise<void> {
    const generation = ++this.generation;
    this.watch?.stop();
    this.watch = undefined;
    let list;
    try {
      list = await this.ops.list({ labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector });
    } catch (err) {
      if (!this.synced && generation === 1) {
        this.running = false;
        throw err;
      }
      this.opts.log?.error('Failed to list', { resource: this.opts.resource.resource, err: String(err) });
      this.scheduleRelist(generation);
      return;
    }
    if (generation !== this.generation || !this.running) return;
    this.replace(list.items as T[]);
    this.lastResourceVersion = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
    try {
      const handle = await this.ops.watch(
        { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector, resourceVersion: this.lastResourceVersion || undefined },
        (ev) => {
          if (generation === this.generation) this.onWatchEvent(ev, generation);
        },
      );
      if (generation !== this.generation || !this.running) handle.stop();
      else {
        this.watch = handle;
        this.retryDelayMs = this.opts.retryDelayMs ?? 800;
      }
    } catch (err) {
      this.opts.log?.error('Failed to watch', { resource: this.opts.resource.resource, err: String(err) });
      this.scheduleRelist(generation);
    }
  }

  private onWatchEvent(ev: WatchEvent, generation: number): void {
    if (ev.type === 'ERROR') {
      // 410 Gone / Expired: the revision was compacted; anything else: the watch broke. Both mean a new list.
      if (ev.object.code !== 410) this.opts.log?.warn('Watch ended with an error', { resource: this.opts.resource.resource, message: ev.object.message });
      this.watch?.stop();
      this.watch = undefined;
      if (ev.object.code === 410) {
        this.generation++;
        void this.listAndWatch();
      } else this.scheduleRelist(generation);
      return;
    }
    const obj = ev.object as T;
    if (obj.metadata.resourceVersion) this.lastResourceVersion = obj.metadata.resourceVersion;
    if (ev.type === 'BOOKMARK') return;
    const key = keyOf(obj);
    const old = this.items.get(key);
    if (ev.type === 'DELETED') {
      if (!old) return;
      this.remove(key, old);
      this.notify('onDelete', obj);
      return;
    }
    this.put(key, obj, old);
    if (old) this.notify('onUpdate', old, obj);
    else this.notify('onAdd', obj, false);
  }

  private scheduleRelist(generation: number): void {
    if (!this.running || generation !== this.generation) return;
    this.retryTimer?.cancel();
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(maxRetryDelayMs, this.retryDelayMs * 2);
    this.retryTimer = this.opts.clock.setTimeout(() => {
      if (this.running && generation === this.generation) void this.listAndWatch();
    }, delay);
  }

  private scheduleResync(): void {
    const period = this.opts.resyncPeriodMs!;
    this.resyncTimer = this.opts.clock.setTimeout(() => {
      if (!this.running) return;
      for (const obj of this.items.values()) this.notify('onUpdate', obj, obj);
      this.scheduleResync();
    }, period);
  }

  /** Replaces the cache with a full list, delivering the differences (as DeltaFIFO.Replace does). */
  private replace(items: T[]): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const obj of items) {
      const key = keyOf(obj);
      seen.add(key);
      const old = this.items.get(key);
      this.put(key, obj, old);
      if (old) this.notify('onUpdate', old, obj);
      else this.notify('onAdd', obj, initial);
    }
    for (const [key, old] of [...this.items]) {
      if (seen.has(key)) continue;
      this.remove(key, old);
      this.notify('onDelete', old);
    }
  }

  private put(key: string, obj: T, old: T | undefined): void {
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const v of fn(obj)) addToIndex(index, v, key);
    }
  }

  private remove(key: string, old: T): void {
    this.unindex(key, old);
    this.items.delete(key);
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const v of fn(obj)) {
        const keys = index.get(v);
        keys?.delete(key);
        if (keys && keys.size === 0) index.delete(v);
      }
    }
  }

  private notify(kind: 'onAdd', obj: T, initial: boolean): void;
  private notify(kind: 'onUpdate', old: T, obj: T): void;
  private notify(kind: 'onDelete', obj: T): void;
  private notify(kind: keyof EventHandler<T>, a: T, b?: T | boolean): void {
    for (const h of this.handlers) this.call(h, kind, a, b);
  }

  /** A handler that throws is logged and never stops the others (utilruntime.HandleError). */
  private call(h: EventHandler<T>, kind: keyof EventHandler<T>, a: T, b?: T | boolean): void {
    try {
      if (kind === 'onAdd') h.onAdd?.(a, b as boolean);
      else if (kind === 'onUpdate') h.onUpdate?.(a, b as T);
      else h.onDelete?.(a);
    } catch (err) {
      this.opts.log?.error('Event handler failed', { resource: this.opts.resource.resource, err: String(err) });
    }
  }
}

function addToIndex(index: Map<string, Set<string>>, value: string, key: string): void {
  let keys = index.get(value);
  if (!keys) index.set(value, (keys = new Set()));
  keys.add(key);
}

/** client-go's WaitForCacheSync: resolves once every informer has synced. */
export async function waitForCacheSync(informers: Array<Pick<Informer, 'waitForSync'>>, signal?: AbortSignal): Promise<void> {
  await Promise.all(informers.map((i) => i.waitForSync(signal)));
}

export interface InformerFactoryOptions {
  client: Client;
  clock: TimerClock;
  log?: Logger;
  resyncPeriodMs?: number;
}

/**
 * client-go's SharedInformerFactory: one informer per resource (and namespace, selectors), shared by every
 * controller that asks, so the daemon lists and watches each resource once.
 */
export class InformerFactory {
  private readonly informers = new Map<string, Informer>();
  private started = false;

  constructor(private readonly opts: InformerFactoryOptions) {}

  /** The shared informer for a resource; created on first request and started by start() (or at once if started). */
  forResource<T extends KubeObject = KubeObject>(
    resource: GroupVersionResource,
    filter: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): Informer<T> {
    const key = [resource.group, resource.version, resource.resource, filter.namespace ?? '', filter.labelSelector ?? '', filter.fieldSelector ?? ''].join('|');
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer({ ...this.opts, resource, ...filter });
      this.informers.set(key, inf);
      if (this.started) void inf.start().catch((err) => this.opts.log?.error('Failed to start informer', { resource: resource.resource, err: String(err) }));
    }
    return inf as unknown as Informer<T>;
  }

  /** Starts every informer created so far (later ones start when created); resolves when their first lists are in. */
  async start(): Promise<void> {
    this.started = true;
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  stop(): void {
    this.started = false;
    for (const i of this.informers.values()) i.stop();
  }

  async waitForSync(signal?: AbortSignal): Promise<void> {
    await waitForCacheSync([...this.informers.values()], signal);
  }
}

/** The index of pods by spec.nodeName that node controllers, the scheduler and kubelets share. */
export const PodNodeNameIndex = 'spec.nodeName';

/** The factory's shared pod informer with its spec.nodeName index (added once, by whoever asks first). */
export function podsByNodeName(informers: InformerFactory): Informer {
  const pods = informers.forResource(Pods);
  if (!pods.hasIndexer(PodNodeNameIndex)) {
    pods.addIndexer(PodNodeNameIndex, (p) => {
      const n = (p.spec as { nodeName?: string } | undefined)?.nodeName;
      return n ? [n] : [];
    });
  }
  return pods;
}
