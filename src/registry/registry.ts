/**
 * The generic registry, as Kubernetes' genericregistry.Store: every create, update, patch and delete goes
 * through decoding, defaulting, admission, the resource's strategy and validation before the store sees it.
 */
import * as apierrors from '../api/errors.js';
import { StatusError } from '../api/errors.js';
import type { FieldError } from '../api/field-error.js';
import { FieldPath, invalid as fieldInvalid, notSupported, required } from '../api/field-error.js';
import { gvrOf, kindForGVR, type GroupVersionResource } from '../api/group-version.js';
import type { KindInfo } from '../api/kinds.js';
import { apiVersionOf, deepEqual, type KubeList, type KubeObject } from '../api/object.js';
import type {
  CreateOptions,
  DeleteOptions,
  DeleteResult,
  GetOptions,
  ListOptions,
  PatchOptions,
  PatchType,
  UpdateOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../api/request-options.js';
import type { KeyValue, Store, TxnOp } from '../store/store.js';
import { StoreError } from '../store/store.js';
import { ContinueTokenError, decodeContinue, encodeContinue } from '../store/continue-token.js';
import { realClock, rfc3339, type Clock } from '../util/clock.js';
import { ServiceAllocator, defaultServiceAllocatorConfig, type ServiceAllocatorConfig } from './allocators/service-allocations.js';
import { fromShared, fromStored, rememberParsed, sharedValue, toStored } from './codec.js';
import { compileFilter, selectorFromLabelSelector, type ObjectFilter } from './filter.js';
import { listPrefix, objectKey } from './keys.js';
import type { Strategy, StrategyContext } from './strategy.js';

type WritePath = typeof import('./write-path.js');
let writePathLoad: Promise<WritePath> | undefined;
/** The write path, imported on first use. */
const writePath = () => (writePathLoad ??= import('./write-path.js'));

export interface RegistryOptions {
  clock?: Clock;
  /** Random numbers for generated names and allocations (tests pass a seeded one). */
  random?: () => number;
  uid?: () => string;
  serviceCIDR?: string;
}

export class Registry {
  readonly clock: Clock;
  private readonly random: () => number;
  private readonly newUID: () => string;
  readonly services: ServiceAllocator;

  constructor(
    readonly store: Store,
    opts: RegistryOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    // Web Crypto's randomUUID, reached only by a create: reads (most CLI commands) do not load node:crypto.
    this.newUID = opts.uid ?? (() => globalThis.crypto.randomUUID());
    const cfg: ServiceAllocatorConfig = { ...defaultServiceAllocatorConfig, random: this.random };
    if (opts.serviceCIDR) cfg.serviceCIDR = opts.serviceCIDR;
    this.services = new ServiceAllocator(store, cfg);
  }

  // ---- reads ---------------------------------------------------------------

  async get(gvr: GroupVersionResource, namespace: string | undefined, name: string, opts: GetOptions = {}): Promise<KubeObject> {
    const kind = this.kindOf(gvr);
    const rev = revisionOf(opts.resourceVersion);
    const kv = await this.storeCall(() => this.store.get(objectKey(kind, namespace, name), rev ? { revision: rev } : undefined));
    if (!kv) throw apierrors.notFound(groupResource(kind), name);
    return fromStored(kv, kind, gvr.version);
  }

  async list(gvr: GroupVersionResource, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList> {
    const kind = this.kindOf(gvr);
    const filter = compileFilter(kind, opts.labelSelector, opts.fieldSelector);
    const prefix = listPrefix(kind, namespace);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    let revision = revisionOf(opts.resourceVersion);
    let token: string | undefined;
    if (opts.continue) {
      try {
        revision = decodeContinue(opts.continue, prefix).revision;
      } catch (e) {
        if (e instanceof ContinueTokenError) throw apierrors.badRequest(e.message);
        throw e;
      }
      token = opts.continue;
    }
    const items: KubeObject[] = [];
    let nextStart: string | undefined;
    let storeRev = 0;
    // Pages of the store are read until `limit` matching objects are found, as the etcd3 storage does.
    for (;;) {
      const pageSize = limit ? Math.max(limit - items.length, 100) : 0;
      const page = await this.storeCall(() =>
        this.store.list(prefix, { ...(revision && !token ? { revision } : {}), ...(pageSize ? { limit: pageSize } : {}), ...(token ? { continue: token } : {}) }),
      );
      storeRev = page.revision;
      revision = page.revision;
      let stoppedAt = -1;
      for (let i = 0; i < page.items.length; i++) {
        const obj = fromStored(page.items[i]!, kind, gvr.version);
        if (!filter(obj)) continue;
        items.push(obj);
        if (limit && items.length === limit) {
          stoppedAt = i;
          break;
        }
      }
      if (stoppedAt >= 0) {
        if (stoppedAt < page.items.length - 1 || page.continue !== undefined) nextStart = page.items[stoppedAt]!.key + '\u0000';
        break;
      }
      if (!page.continue || !pageSize) break;
      token = page.continue;
    }
    const metadata: KubeList['metadata'] = { resourceVersion: String(storeRev) };
    if (nextStart) metadata.continue = encodeContinue(nextStart, prefix, storeRev);
    return { apiVersion: apiVersionOf(kind.group, gvr.version), kind: `${kind.kind}List`, metadata, items };
  }

  /** Watches a resource; see WatchOptions for where it starts. */
  async watch(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (ev: WatchEvent) => void,
  ): Promise<WatchHandle> {
    const kind = this.kindOf(gvr);
    const filter = compileFilter(kind, opts.labelSelector, opts.fieldSelector);
    const prefix = listPrefix(kind, namespace);
    let after = revisionOf(opts.resourceVersion);
    if (!after) {
      const initial = await this.list(gvr, namespace, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
      for (const obj of initial.items) onEvent({ type: 'ADDED', object: obj });
      after = Number(initial.metadata.resourceVersion);
    }
    let stopped = false;
    const w = this.store.watch(
      prefix,
      { afterRevision: after },
      (events) => {
        for (const e of events) {
          if (stopped) return;
          const ev = toWatchEvent(e.type, e.kv, e.prevKv, e.revision, kind, gvr.version, filter);
          if (ev) onEvent(ev);
        }
      },
      (err) => {
        if (stopped) return;
        const status = err.code === 'Compacted'
          ? apierrors.resourceExpired(`too old resource version: ${after} (${err.compactRevision ?? 0})`).status
          : apierrors.internalError(err).status;
        onEvent({ type: 'ERROR', object: status });
      },
    );
    return {
      stop() {
        stopped = true;
        w.stop();
      },
    };
  }

  // ---- writes --------------------------------------------------------------

  async create(gvr: GroupVersionResource, namespace: string | undefined, body: unknown, opts: CreateOptions = {}): Promise<KubeObject> {
    const kind = this.kindOf(gvr);
    const { strategyFor, decodeRequestObject, admitCreate, generateName } = await writePath();
    const strategy = strategyFor(kind);
    const obj = decodeRequestObject(body, kind, gvr.version);
    this.checkNamespaceOfRequest(kind, obj, namespace);
    if (obj.metadata.resourceVersion) throw apierrors.badRequest('resourceVersion should not be set on objects to be created');
    const ns = kind.namespaced ? obj.metadata.namespace! : '';
    const ctx = this.context(ns);

    await admitCreate(this, kind, obj, this.random);

    // rest.BeforeCreate
    delete obj.metadata.deletionTimestamp;
    delete obj.metadata.deletionGracePeriodSeconds;
    obj.metadata.uid = this.newUID();
    obj.metadata.creationTimestamp = rfc3339(this.clock.now());
    delete obj.metadata.generation;
    if (obj.metadata.generateName && !obj.metadata.name) obj.metadata.name = generateName(obj.metadata.generateName, this.random);
    // As the service registry's BeginCreate: addresses and ports are allocated before validation.
    const extra: TxnOp[] = [];
    if (kind.kind === 'Service') {
      const { ops, error } = await this.services.allocate(obj, undefined);
      if (error) throw error;
      extra.push(...ops);
    }
    strategy.prepareForCreate(obj, ctx);
    this.validateCreate(kind, strategy, obj, ctx, await writePath());
    if (opts.dryRun) return obj;
    const key = objectKey(kind, ns, obj.metadata.name!);
    try {
      const [kv] = await this.store.txn([{ type: 'create', key, value: toStored(obj) }, ...extra]);
      // Parsed once for the answer and for the watches of this write.
      return fromShared(kv!, kind, gvr.version);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'KeyExists' && e.current?.key === key) throw apierrors.alreadyExists(groupResource(kind), obj.metadata.name!);
      if (e instanceof StoreError && e.code === 'KeyExists') {
        // Another process claimed the same allocation between our read and our write.
        throw apierrors.conflict(groupResource(kind), obj.metadata.name!, 'an allocation was taken concurrently; please try again');
      }
      throw this.mapStoreError(e, kind, obj.metadata.name!);
    }
  }

  /** PUT of the main resource (subresource undefined) or of a subresource such as status. */
  async update(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    body: unknown,
    opts: UpdateOptions & { subresource?: string } = {},
  ): Promise<KubeObject> {
    const kind = this.kindOf(gvr);
    const { strategyFor, decodeRequestObject } = await writePath();
    const obj = decodeRequestObject(body, kind, gvr.version);
    this.checkNamespaceOfRequest(kind, obj, namespace);
    const name = obj.metadata.name;
    if (!name) throw apierrors.badRequest('name is required');
    const ns = kind.namespaced ? obj.metadata.namespace! : '';
    const key = objectKey(kind, ns, name);
    const current = await this.storeCall(() => this.store.get(key));
    if (!current) {
      const strategy = strategyFor(kind);
      if (strategy.allowCreateOnUpdate && !opts.subresource) {
        delete obj.metadata.resourceVersion;
        return this.create(gvr, ns || undefined, obj, opts);
      }
      throw apierrors.notFound(groupResource(kind), name);
    }
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== String(current.modRevision)) {
      throw apierrors.conflict(groupResource(kind), name);
    }
    return this.updateFrom(kind, gvr.version, current, obj, opts.subresource, opts);
  }

  /** Applies a patch to the live object and writes the result, retrying on conflicts as upstream's patcher. */
  async patch(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: PatchOptions & { subresource?: string } = {},
  ): Promise<KubeObject> {
    const kind = this.kindOf(gvr);
    const ns = kind.namespaced ? namespace ?? '' : '';
    const key = objectKey(kind, ns, name);
    const { applyPatch, decodeRequestObject } = await writePath();
    for (;;) {
      const current = await this.storeCall(() => this.store.get(key));
      if (!current) throw apierrors.notFound(groupResource(kind), name);
      const live = fromShared(current, kind, gvr.version);
      if (opts.subresource === 'scale') return this.patchScale(gvr, kind, live, current, type, patch, opts);
      const patched = applyPatch(live, type, patch, kind, gvr.version);
      // Only a resourceVersion the patch itself brings is a precondition: the live object's own, which every patch
      // starts from, is not (or a patch would never be applied again after a racing write).
      const patchedRV = (patched.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      const wantRV = patchedRV !== live.metadata.resourceVersion ? patchedRV : undefined;
      if (wantRV && wantRV !== String(current.modRevision)) throw apierrors.conflict(groupResource(kind), name);
      patched.metadata.resourceVersion = String(current.modRevision);
      try {
        const obj = decodeRequestObject(patched, kind, gvr.version, { owned: true });
        if (obj.metadata.name !== name) {
          throw apierrors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
        }
        return await this.updateFrom(kind, gvr.version, current, obj, opts.subresource, opts);
      } catch (e) {
        // A patch without its own resourceVersion is applied again to the newer object, for as long as writers race,
        // as upstream's GuaranteedUpdate does.
        if (apierrors.isConflict(e) && !wantRV) continue;
        throw e;
      }
    }
  }

  async delete(gvr: GroupVersionResource, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<DeleteResult> {
    const kind = this.kindOf(gvr);
    const { strategyFor, admitDelete } = await writePath();
    const strategy = strategyFor(kind);
    const ns = kind.namespaced ? namespace ?? '' : '';
    const key = objectKey(kind, ns, name);
    for (let attempt = 0; ; attempt++) {
      const current = await this.storeCall(() => this.store.get(key));
      if (!current) throw apierrors.notFound(groupResource(kind), name);
      admitDelete(kind, name);
      const obj = fromStored(current, kind, kind.versions[0]!);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== obj.metadata.uid) {
        throw apierrors.conflict(groupResource(kind), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
        throw apierrors.conflict(
          groupResource(kind),
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`,
        );
      }
      try {
        const result = await this.deleteObject(kind, strategy, current, obj, opts);
        return { object: result.deleted ? result.object : fromStored(result.kv!, kind, gvr.version), deleted: result.deleted };
      } catch (e) {
        if (e instanceof StoreError && e.code === 'Conflict' && attempt < 5) continue;
        if (e instanceof StoreError && e.code === 'KeyNotFound') throw apierrors.notFound(groupResource(kind), name);
        throw this.mapStoreError(e, kind, name);
      }
    }
  }

  /** Deletes every object of a listing, as DELETE on a collection. */
  async deleteCollection(gvr: GroupVersionResource, namespace: string | undefined, listOpts: ListOptions, opts: DeleteOptions = {}): Promise<KubeObject[]> {
    const list = await this.list(gvr, namespace, listOpts);
    const out: KubeObject[] = [];
    for (const item of list.items) {
      try {
        out.push((await this.delete(gvr, item.metadata.namespace, item.metadata.name!, opts)).object);
      } catch (e) {
        if (!apierrors.isNotFound(e)) throw e;
      }
    }
    return out;
  }

  // ---- subresources ----------------------------------------------------------

  /** GET of a subresource: `scale` (autoscaling/v1 Scale). */
  async getSubresource(gvr: GroupVersionResource, namespace: string | undefined, name: string, subresource: string): Promise<KubeObject> {
    const kind = this.kindOf(gvr);
    if (subresource === 'scale' && kind.subresources.includes('scale')) return toScale(await this.get(gvr, namespace, name));
    if (subresource === 'status' && kind.subresources.includes('status')) return this.get(gvr, namespace, name);
    throw apierrors.notFound(groupResource(kind), name);
  }

  /** PUT of a subresource: `status`, `scale`, or a namespace's `finalize`. */
  async updateSubresource(
    gvr: GroupVersionResource,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
    opts: UpdateOptions = {},
  ): Promise<KubeObject> {
    const kind = this.kindOf(gvr);
    if (subresource === 'scale' && kind.subresources.includes('scale')) {
      return this.patch(gvr, namespace, name, 'application/merge-patch+json', body, { ...opts, subresource: 'scale' });
    }
    if ((subresource === 'status' && kind.subresources.includes('status')) || (subresource === 'finalize' && kind.kind === 'Namespace')) {
      return this.update(gvr, namespace, body, { ...opts, subresource });
    }
    throw apierrors.notFound(groupResource(kind), name);
  }

  /** POST pods/NAME/binding: assigns a pod to a node, as upstream's BindingREST. */
  async bind(namespace: string, podName: string, binding: { metadata?: { name?: string; annotations?: Record<string, string> }; target?: { kind?: string; name?: string } }): Promise<void> {
    const gvr = { group: '', version: 'v1', resource: 'pods' };
    const kind = this.kindOf(gvr);
    const target = binding.target?.name ?? '';
    const errs: FieldError[] = [];
    if (binding.target?.kind && binding.target.kind !== 'Node') errs.push(notSupported('target.kind', binding.target.kind, ['Node', '<empty>']));
    if (!target) errs.push(required('target.name'));
    if (errs.length) throw apierrors.invalid({ group: '', kind: 'Binding' }, binding.metadata?.name ?? podName, errs);
    const key = objectKey(kind, namespace, podName);
    for (let attempt = 0; ; attempt++) {
      const current = await this.storeCall(() => this.store.get(key));
      if (!current) throw apierrors.notFound(groupResource(kind), podName);
      const pod = fromShared(current, kind, 'v1') as KubeObject & { spec: { nodeName?: string }; status?: { conditions?: Array<Record<string, unknown>> } };
      // As upstream's assignPod: plain errors become conflicts on pods/binding.
      const bindingResource = { group: '', resource: 'pods/binding' };
      if (pod.metadata.deletionTimestamp) throw apierrors.conflict(bindingResource, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
      if (pod.spec.nodeName) throw apierrors.conflict(bindingResource, podName, `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`);
      pod.spec.nodeName = target;
      if (binding.metadata?.annotations) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...binding.metadata.annotations };
      const status = (pod.status ??= {});
      const conds = (status.conditions ??= []);
      const now = rfc3339(this.clock.now());
      const existing = conds.find((c) => c.type === 'PodScheduled');
      if (existing) {
        if (existing.status !== 'True') existing.lastTransitionTime = now;
        existing.status = 'True';
        delete existing.reason;
        delete existing.message;
      } else conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
      try {
        await this.store.update(key, toStored(pod), current.modRevision);
        return;
      } catch (e) {
        if (e instanceof StoreError && e.code === 'Conflict' && attempt < 5) continue;
        throw this.mapStoreError(e, kind, podName);
      }
    }
  }

  // ---- internals -------------------------------------------------------------

  private kindOf(gvr: GroupVersionResource): KindInfo {
    const k = kindForGVR(gvr);
    if (!k) throw notServed();
    return k;
  }

  private context(namespace: string): StrategyContext {
    return { clock: this.clock, namespace };
  }

  private checkNamespaceOfRequest(kind: KindInfo, obj: KubeObject, namespace: string | undefined): void {
    if (!kind.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    const objNs = obj.metadata.namespace;
    if (namespace && objNs && objNs !== namespace) {
      throw apierrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const ns = objNs || namespace;
    if (!ns) throw apierrors.badRequest('an empty namespace may not be set during creation');
    obj.metadata.namespace = ns;
  }

  private validateCreate(kind: KindInfo, strategy: Strategy, obj: KubeObject, ctx: StrategyContext, w: WritePath): void {
    const errs = [...strategy.validate(obj, ctx), ...w.validateObjectMeta(obj.metadata, kind.namespaced, nameValidator(kind), FieldPath.root('metadata'))];
    if (errs.length) throw apierrors.invalid({ group: kind.group, kind: kind.kind }, obj.metadata.name ?? '', dedupe(errs));
  }

  private async updateFrom(
    kind: KindInfo,
    version: string,
    current: KeyValue,
    obj: KubeObject,
    subresource: string | undefined,
    opts: UpdateOptions,
  ): Promise<KubeObject> {
    const w = await writePath();
    const strategy = w.strategyFor(kind);
    const old = fromShared(current, kind, kind.versions[0]!);
    const name = old.metadata.name!;
    const ctx = this.context(old.metadata.namespace ?? '');
    if (!obj.metadata.resourceVersion && !strategy.allowUnconditionalUpdate) {
      throw apierrors.invalid({ group: kind.group, kind: kind.kind }, name, [fieldInvalid('metadata.resourceVersion', 0, 'must be specified for an update')]);
    }

    // rest.BeforeUpdate
    obj.metadata.generation = old.metadata.generation;
    if (obj.metadata.generation === undefined) delete obj.metadata.generation;
    let errs: FieldError[];
    if (subresource === 'finalize') {
      const finalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers;
      const next = structuredClone(old);
      (next.spec as { finalizers?: string[] }) = { ...(old.spec as object), finalizers };
      if (!finalizers?.length) delete (next.spec as { finalizers?: string[] }).finalizers;
      Object.assign(obj, next, { metadata: { ...next.metadata, resourceVersion: obj.metadata.resourceVersion } });
      errs = [];
    } else if (subresource === 'status') {
      if (!strategy.status) throw apierrors.notFound(groupResource(kind), name);
      strategy.status.prepareForUpdate(obj, old, ctx);
      errs = strategy.status.validateUpdate(obj, old, ctx);
    } else {
      strategy.prepareForUpdate(obj, old, ctx);
      errs = [];
    }
    if (!obj.metadata.uid) obj.metadata.uid = old.metadata.uid;
    // ObjectMeta's lists are omitempty: an emptied ownerReferences or finalizers list (the garbage collector
    // orphaning, a finalizer removed) is not stored, as Go's encoding drops it.
    for (const k of ['ownerReferences', 'finalizers'] as const) if (obj.metadata[k]?.length === 0) delete obj.metadata[k];
    if (old.metadata.creationTimestamp) obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    else delete obj.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined && obj.metadata.deletionGracePeriodSeconds === undefined) {
      obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    }
    const extra: TxnOp[] = [];
    if (kind.kind === 'Service' && !subresource) {
      const { ops, error } = await this.services.allocate(obj, old);
      if (error) throw error;
      extra.push(...ops);
    }
    if (subresource !== 'status' && subresource !== 'finalize') errs = strategy.validateUpdate(obj, old, ctx);
    // As rest.BeforeUpdate: the common metadata checks come first, then the strategy's.
    errs = [...w.validateObjectMetaUpdate(obj.metadata, old.metadata, FieldPath.root('metadata')), ...errs];
    if (errs.length) throw apierrors.invalid({ group: kind.group, kind: kind.kind }, name, dedupe(errs));

    // An update that changes nothing is not written: the resourceVersion stays and no watch event fires. The stored
    // forms are compared: the same text is the same object; different texts may still differ only in key order.
    const value = toStored(obj);
    const next = value === current.value ? undefined : (JSON.parse(value) as KubeObject);
    if (!next || deepEqual(sharedValue(current).obj, next)) return fromShared(current, kind, version);
    if (opts.dryRun) return obj;

    const key = current.key;
    // The last finalizer removed from an object being deleted with no grace period left: delete it now.
    // (A namespace also waits for its spec.finalizers: namespaceDone, as upstream's namespace ShouldDeleteDuringUpdate.)
    const finalizersDone =
      kind.kind !== 'Namespace' && !(obj.metadata.finalizers?.length) && obj.metadata.deletionTimestamp !== undefined && old.metadata.deletionGracePeriodSeconds === 0;
    const namespaceDone = kind.kind === 'Namespace' && obj.metadata.deletionTimestamp !== undefined && !(obj.metadata.finalizers?.length) && !((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length);
    try {
      if (finalizersDone || namespaceDone) {
        const release = kind.kind === 'Service' ? this.services.release(old) : [];
        await this.store.txn([{ type: 'delete', key, expectedModRevision: current.modRevision }, ...release]);
        return obj;
      }
      const [kv] = await this.store.txn([{ type: 'update', key, value, expectedModRevision: current.modRevision }, ...extra]);
      // `next` is the written value parsed: the watches of this write share it, the caller gets a copy.
      rememberParsed(value, next);
      return fromShared(kv!, kind, version);
    } catch (e) {
      throw this.mapStoreError(e, kind, name);
    }
  }

  private async deleteObject(
    kind: KindInfo,
    strategy: Strategy,
    current: KeyValue,
    obj: KubeObject,
    opts: DeleteOptions,
  ): Promise<{ deleted: boolean; object: KubeObject; kv?: KeyValue }> {
    const meta = obj.metadata;
    const before = JSON.stringify(meta);
    // Finalizers for the garbage collector, as deletionFinalizersForGarbageCollection.
    // batch/v1 Jobs orphan their pods when no policy is given (the job strategy's DefaultGarbageCollectionPolicy),
    // unless a foregroundDeletion finalizer already asks for the opposite.
    const jobDefault = kind.group === 'batch' && kind.kind === 'Job' && !meta.finalizers?.includes('foregroundDeletion') ? 'Orphan' : undefined;
    const policy = opts.propagationPolicy ?? jobDefault;
    if (policy) {
      const fins = new Set(meta.finalizers ?? []);
      if (policy === 'Orphan') {
        fins.add('orphan');
        fins.delete('foregroundDeletion');
      } else if (policy === 'Foreground') {
        fins.add('foregroundDeletion');
        fins.delete('orphan');
      } else {
        fins.delete('orphan');
        fins.delete('foregroundDeletion');
      }
      if (fins.size) meta.finalizers = [...fins];
      else delete meta.finalizers;
    }

    const grace = strategy.gracePeriod?.(obj, opts);
    const now = this.clock.now();
    if (kind.kind === 'Namespace') {
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = rfc3339(now);
        meta.deletionGracePeriodSeconds = 0;
        (obj.status as { phase?: string }) = { ...((obj.status as object) ?? {}), phase: 'Terminating' };
      }
      const specFinalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
      if (!specFinalizers.length && !meta.finalizers?.length) return this.removeNow(kind, current, obj, opts);
      return this.writeDeleting(current, obj, kind, opts);
    }

    if (meta.deletionTimestamp) {
      // Already being deleted: a shorter grace period may bring the deadline forward.
      if (grace !== undefined && meta.deletionGracePeriodSeconds !== undefined && grace < meta.deletionGracePeriodSeconds) {
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
      }
      if (!meta.finalizers?.length && (meta.deletionGracePeriodSeconds ?? 0) === 0) return this.removeNow(kind, current, obj, opts);
      if (JSON.stringify(meta) === before) return { deleted: false, object: obj, kv: current };
      return this.writeDeleting(current, obj, kind, opts);
    }

    const graceful = grace !== undefined && grace > 0;
    if (!graceful && !meta.finalizers?.length) return this.removeNow(kind, current, obj, opts);
    meta.deletionTimestamp = rfc3339(new Date(now.getTime() + (graceful ? grace! * 1000 : 0)));
    meta.deletionGracePeriodSeconds = graceful ? grace! : 0;
    return this.writeDeleting(current, obj, kind, opts);
  }

  private async removeNow(kind: KindInfo, current: KeyValue, obj: KubeObject, opts: DeleteOptions) {
    if (opts.dryRun) return { deleted: true, object: obj };
    const release = kind.kind === 'Service' ? this.services.release(obj) : [];
    const [last] = await this.store.txn([{ type: 'delete', key: current.key, expectedModRevision: current.modRevision }, ...release]);
    const object = fromStored(current, kind, kind.versions[0]!);
    if (last) object.metadata.resourceVersion = String(last.modRevision);
    return { deleted: true, object };
  }

  private async writeDeleting(current: KeyValue, obj: KubeObject, kind: KindInfo, opts: DeleteOptions) {
    if (opts.dryRun) return { deleted: false, object: obj, kv: current };
    const kv = await this.store.update(current.key, toStored(obj), current.modRevision);
    return { deleted: false, object: fromStored(kv, kind, kind.versions[0]!), kv };
  }

  private async patchScale(
    gvr: GroupVersionResource,
    kind: KindInfo,
    live: KubeObject,
    current: KeyValue,
    type: PatchType,
    patch: unknown,
    opts: PatchOptions,
  ): Promise<KubeObject> {
    if (!kind.subresources.includes('scale')) throw apierrors.notFound(groupResource(kind), live.metadata.name!);
    const scale = toScale(live);
    const patched = (await writePath()).applyPatch(scale, type, patch, undefined, 'v1');
    const replicas = (patched.spec as { replicas?: unknown } | undefined)?.replicas;
    const name = live.metadata.name!;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw apierrors.invalid({ group: 'autoscaling', kind: 'Scale' }, name, [fieldInvalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
    }
    const wantRV = patched.metadata?.resourceVersion;
    if (wantRV && wantRV !== String(current.modRevision)) throw apierrors.conflict(groupResource(kind), name);
    const next = structuredClone(live);
    (next.spec as { replicas?: number }).replicas = replicas;
    const updated = await this.updateFrom(kind, gvr.version, current, next, undefined, opts);
    return toScale(updated);
  }

  private async storeCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Compacted') {
        throw apierrors.resourceExpired(`too old resource version: ${e.message}`);
      }
      throw e;
    }
  }

  private mapStoreError(e: unknown, kind: KindInfo, name: string): unknown {
    if (e instanceof StatusError) return e;
    if (e instanceof StoreError) {
      if (e.code === 'Conflict') return apierrors.conflict(groupResource(kind), name);
      if (e.code === 'KeyNotFound') return apierrors.notFound(groupResource(kind), name);
      if (e.code === 'KeyExists') return apierrors.alreadyExists(groupResource(kind), name);
      if (e.code === 'Compacted') return apierrors.resourceExpired(e.message);
    }
    return e;
  }

  /** Used by admission: whether a namespace exists and is not terminating. */
  async namespacePhase(name: string): Promise<'Active' | 'Terminating' | undefined> {
    const kv = await this.store.get(`/registry/namespaces/${name}`);
    if (!kv) return undefined;
    const ns = JSON.parse(kv.value) as KubeObject;
    return ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating' ? 'Terminating' : 'Active';
  }

  /** Used by admission: reads an object by resource without the request machinery. */
  async peek(kind: KindInfo, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await this.store.get(objectKey(kind, namespace, name));
    return kv ? fromStored(kv, kind, kind.versions[0]!) : undefined;
  }

  /** Objects an admission plugin needs (priority classes, limit ranges, default classes). */
  async peekAll(kind: KindInfo, namespace?: string): Promise<KubeObject[]> {
    const page = await this.store.list(listPrefix(kind, namespace));
    return page.items.map((kv) => fromStored(kv, kind, kind.versions[0]!));
  }

}

/** The 404 of a path the server does not serve. */
function notServed(): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server could not find the requested resource',
    reason: 'NotFound',
    details: {},
    code: 404,
  });
}

export const groupResource = (k: KindInfo) => ({ group: k.group, resource: k.plural });

function dedupe(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const s = e.toString();
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

/** Name rules the generic ObjectMeta validation applies: path segment names (kind validators add stricter ones). */
function nameValidator(_kind: KindInfo): (name: string, prefix: boolean) => string[] {
  return (name, prefix) => {
    if (prefix) return [];
    if (name === '.' || name === '..') return [`may not be '${name}'`];
    for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
    return [];
  };
}

function revisionOf(rv: string | undefined): number {
  if (!rv || rv === '0') return 0;
  const n = Number(rv);
  if (!Number.isInteger(n) || n < 0) throw apierrors.badRequest(`invalid resource version: ${rv}`);
  return n;
}

function toWatchEvent(
  type: 'put' | 'delete',
  kv: KeyValue,
  prevKv: KeyValue | undefined,
  revision: number,
  kind: KindInfo,
  version: string,
  filter: ObjectFilter,
): WatchEvent | undefined {
  // Other served versions (HPA's) are converted for each watch, as they always were.
  if (version !== kind.versions[0]) return toConvertedWatchEvent(type, kv, prevKv, revision, kind, version, filter);
  const cur = sharedValue(kv);
  // Each watch gets an object of its own, equal to the stored value parsed, with the change's resourceVersion.
  const deliver = (): KubeObject => fromShared(kv, kind, version, revision);
  if (filter.everything) {
    if (type === 'delete') return { type: 'DELETED', object: deliver() };
    return { type: prevKv ? 'MODIFIED' : 'ADDED', object: deliver() };
  }
  const matches = filter(cur.obj, cur.fields);
  if (type === 'delete') return matches ? { type: 'DELETED', object: deliver() } : undefined;
  if (!prevKv) return matches ? { type: 'ADDED', object: deliver() } : undefined;
  const prev = sharedValue(prevKv);
  const prevMatches = filter(prev.obj, prev.fields);
  // As the watch cache: an object entering the selection is ADDED, one leaving it is DELETED.
  if (matches && prevMatches) return { type: 'MODIFIED', object: deliver() };
  if (matches) return { type: 'ADDED', object: deliver() };
  if (prevMatches) return { type: 'DELETED', object: deliver() };
  return undefined;
}

function toConvertedWatchEvent(
  type: 'put' | 'delete',
  kv: KeyValue,
  prevKv: KeyValue | undefined,
  revision: number,
  kind: KindInfo,
  version: string,
  filter: ObjectFilter,
): WatchEvent | undefined {
  if (type === 'delete') {
    const obj = fromStored(kv, kind, version);
    obj.metadata.resourceVersion = String(revision);
    return filter(obj) ? { type: 'DELETED', object: obj } : undefined;
  }
  const obj = fromStored(kv, kind, version);
  const matches = filter(obj);
  if (!prevKv) return matches ? { type: 'ADDED', object: obj } : undefined;
  const prevMatches = filter(fromStored(prevKv, kind, version));
  if (matches && prevMatches) return { type: 'MODIFIED', object: obj };
  if (matches) return { type: 'ADDED', object: obj };
  if (prevMatches) return { type: 'DELETED', object: obj };
  return undefined;
}

/** autoscaling/v1 Scale of a Deployment, ReplicaSet or StatefulSet. */
export function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } };
  const status = (obj.status ?? {}) as { replicas?: number };
  const labelSelector = spec.selector ? selectorString(spec.selector) : '';
  const scaleStatus: Record<string, unknown> = { replicas: status.replicas ?? 0 };
  if (labelSelector) scaleStatus.selector = labelSelector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: scaleStatus,
  };
}

function selectorString(sel: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }): string {
  return selectorFromLabelSelector(sel as never).toString();
}

export { gvrOf };
