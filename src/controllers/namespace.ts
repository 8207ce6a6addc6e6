/**
 * The namespace controller (pkg/controller/namespace/namespace_controller.go and
 * deletion/namespaced_resources_deleter.go): a deleted namespace stays Terminating while the controller deletes
 * every namespaced object in it, reporting progress in the namespace's deletion conditions; once nothing is left
 * it removes the `kubernetes` finalizer through the finalize subresource and the API server removes the namespace.
 */
import { isConflict, isNotFound, StatusError, StatusReason } from '../api/errors.js';
import type { GroupVersionResource } from '../api/group-version.js';
import { kinds, preferredVersion } from '../api/kinds.js';
import type { KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import type { Informer, InformerFactory } from '../client/informer.js';
import { Namespaces, Pods } from '../client/resources.js';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, WorkQueue } from '../client/work-queue.js';
import { rfc3339, type TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { aggregateError } from './util/controller-ref.js';

export const NamespaceControllerName = 'namespace-controller';

/** The finalizer this controller owns in spec.finalizers. */
export const FinalizerKubernetes = 'kubernetes';
/** Namespace events wait this long, so other API servers see the deletion and late creations land first. */
export const namespaceDeletionGracePeriodMs = 5_000;
/** How long to wait for objects with finalizers (the garbage collector's) before looking again. */
export const finalizerEstimateSeconds = 15;

export interface NamespaceControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  /** --concurrent-namespace-syncs */
  workers?: number;
  /** The namespaced resources that support delete (discovery); from the kinds table by default. */
  discoverResources?: () => Promise<GroupVersionResource[]>;
}

export interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Content still there after a pass; the namespace is looked at again after estimate/2+1 seconds. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
  }
}

/** The namespace condition types the deleter maintains, in upstream's order (conditionTypes). */
export const namespaceConditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const okMessages: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'All resources successfully discovered',
  NamespaceDeletionGroupVersionParsingFailure: 'All legacy kube types successfully parsed',
  NamespaceDeletionContentFailure: 'All content successfully deleted, may be waiting on finalization',
  NamespaceContentRemaining: 'All content successfully removed',
  NamespaceFinalizersRemaining: 'All content-preserving finalizers finished',
};
const okReasons: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'ResourcesDiscovered',
  NamespaceDeletionGroupVersionParsingFailure: 'ParsedGroupVersions',
  NamespaceDeletionContentFailure: 'ContentDeleted',
  NamespaceContentRemaining: 'ContentRemoved',
  NamespaceFinalizersRemaining: 'ContentHasNoFinalizers',
};

/** Every namespaced resource the server serves with the delete verb, at its preferred version. */
export async function namespacedResourcesFromKinds(): Promise<GroupVersionResource[]> {
  return kinds.filter((k) => k.namespaced && k.verbs.includes('delete')).map((k) => ({ group: k.group, version: preferredVersion(k), resource: k.plural }));
}

const gvrString = (gvr: GroupVersionResource) => `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;

interface GVRDeletionMetadata {
  finalizerEstimateSeconds: number;
  numRemaining: number;
  finalizersToNumRemaining: Map<string, number>;
}

/** Collects what one pass found and turns it into conditions (namespaceConditionUpdater). */
class NamespaceConditionUpdater {
  readonly newConditions: NamespaceCondition[] = [];
  private readonly deleteContentErrors: Error[] = [];

  constructor(private readonly now: () => string) {}

  processDiscoverResourcesErr(err: Error): void {
    this.newConditions.push({ type: 'NamespaceDeletionDiscoveryFailure', status: 'True', lastTransitionTime: this.now(), reason: 'DiscoveryFailed', message: err.message });
  }

  processContentTotals(gvrToNumRemaining: Map<GroupVersionResource, number>, finalizersToNumRemaining: Map<string, number>): void {
    if (gvrToNumRemaining.size) {
      const remaining = [...gvrToNumRemaining]
        .filter(([, n]) => n > 0)
        .map(([gvr, n]) => `${gvr.resource}.${gvr.group} has ${n} resource instances`)
        .sort();
      this.newConditions.push({
        type: 'NamespaceContentRemaining',
        status: 'True',
        lastTransitionTime: this.now(),
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${remaining.join(', ')}`,
      });
    }
    if (finalizersToNumRemaining.size) {
      const byFinalizer = [...finalizersToNumRemaining]
        .filter(([, n]) => n > 0)
        .map(([f, n]) => `${f} in ${n} resource instances`)
        .sort();
      this.newConditions.push({
        type: 'NamespaceFinalizersRemaining',
        status: 'True',
        lastTransitionTime: this.now(),
        reason: 'SomeFinalizersRemain',
        message: `Some content in the namespace has finalizers remaining: ${byFinalizer.join(', ')}`,
      });
    }
  }

  processDeleteContentErr(err: Error): void {
    this.deleteContentErrors.push(err);
  }

  /** Applies the conditions to status (adding the ok variants); true when anything changed. */
  update(status: { conditions?: NamespaceCondition[] }): boolean {
    if (!this.newConditions.some((c) => c.type === 'NamespaceDeletionContentFailure') && this.deleteContentErrors.length) {
      const msgs = this.deleteContentErrors.map((e) => e.message).sort();
      this.newConditions.push({
        type: 'NamespaceDeletionContentFailure',
        status: 'True',
        lastTransitionTime: this.now(),
        reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
      });
    }
    let changed = false;
    const conditions = (status.conditions ??= []);
    for (const type of namespaceConditionTypes) {
      const next = this.newConditions.find((c) => c.type === type) ?? {
        type,
        status: 'False',
        lastTransitionTime: this.now(),
        reason: okReasons[type],
        message: okMessages[type],
      };
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push(next);
        changed = true;
      } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
        if (old.status !== next.status) old.lastTransitionTime = this.now();
        old.status = next.status;
        old.reason = next.reason;
        old.message = next.message;
        changed = true;
      }
    }
    return changed;
  }
}

export class NamespaceController {
  readonly name = NamespaceControllerName;
  readonly queue: WorkQueue<string>;
  private readonly nsInformer: Informer;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: NamespaceControllerOptions) {
    // 5 ms doubling to 60 s per namespace, and 10 qps overall (NewNamespaceController's rate limiter).
    this.queue = new WorkQueue({
      clock: opts.clock,
      name: 'namespace',
      rateLimiter: new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter<string>(5, 60_000), new BucketRateLimiter<string>(10, 100, opts.clock)),
    });
    this.nsInformer = opts.informers.forResource(Namespaces);
    this.nsInformer.addEventHandler({
      onAdd: (ns) => this.enqueueNamespace(ns),
      onUpdate: (_o, ns) => this.enqueueNamespace(ns),
    });
  }

  start(): void {
    const workers = this.opts.workers ?? 10;
    const work = async (): Promise<void> => {
      for (;;) {
        const next = await this.queue.get();
        if (next.shutdown) return;
        const key = next.item;
        try {
          await this.syncNamespaceFromKey(key);
          this.queue.forget(key);
        } catch (err) {
          if (err instanceof ResourcesRemainingError) {
            // Wait about half the estimated time before looking again.
            const t = Math.floor(err.estimate / 2) + 1;
            this.opts.log.info('Content remaining in namespace', { namespace: key, waitSeconds: t });
            this.queue.addAfter(key, t * 1000);
          } else {
            this.queue.addRateLimited(key);
            this.opts.log.error(`deletion of namespace ${key} failed: ${(err as Error).message}`);
          }
        } finally {
          this.queue.done(key);
        }
      }
    };
    this.workers = Promise.all(Array.from({ length: workers }, work)).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  /** Only namespaces being deleted are queued, after the deletion grace period. */
  private enqueueNamespace(ns: KubeObject): void {
    if (!ns.metadata.deletionTimestamp) return;
    this.queue.addAfter(ns.metadata.name!, namespaceDeletionGracePeriodMs);
  }

  async syncNamespaceFromKey(key: string): Promise<void> {
    if (!this.nsInformer.get(undefined, key)) return;
    await this.delete(key);
  }

  private get nsClient() {
    return this.opts.client.resource(Namespaces);
  }

  /** namespacedResourcesDeleter.Delete: Terminating phase, delete all content, then remove our finalizer. */
  async delete(nsName: string): Promise<void> {
    // Several controllers may edit a namespace during termination: start from the latest state.
    let namespace: KubeObject;
    try {
      namespace = await this.nsClient.get(nsName);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!namespace.metadata.deletionTimestamp) return;
    try {
      namespace = await this.retryOnConflictError(namespace, (ns) => this.updateNamespaceStatus(ns));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!namespace.metadata.deletionTimestamp) return;
    if (finalized(namespace)) return;
    const estimate = await this.deleteAllContent(namespace);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    try {
      await this.retryOnConflictError(namespace, (ns) => this.finalizeNamespace(ns));
    } catch (err) {
      // Another controller sharing the finalizer may have finished the deletion.
      if (isNotFound(err)) return;
      throw err;
    }
  }

  private async retryOnConflictError(namespace: KubeObject, fn: (ns: KubeObject) => Promise<KubeObject>): Promise<KubeObject> {
    let latest = namespace;
    for (;;) {
      try {
        return await fn(latest);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const prev = latest;
      latest = await this.nsClient.get(latest.metadata.name!);
      if (prev.metadata.uid !== latest.metadata.uid) throw new Error('namespace uid has changed across retries');
    }
  }

  private async updateNamespaceStatus(ns: KubeObject): Promise<KubeObject> {
    if (!ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return ns;
    return this.nsClient.updateStatus({ ...ns, status: { ...(ns.status as object), phase: 'Terminating' } });
  }

  /** Removes our token from spec.finalizers through the finalize subresource (the rest sorted, as a set). */
  private async finalizeNamespace(ns: KubeObject): Promise<KubeObject> {
    const finalizers = [...new Set(((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).filter((f) => f !== FinalizerKubernetes))].sort();
    const body: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: ns.metadata, spec: { ...(ns.spec as object), finalizers } };
    try {
      return await this.nsClient.updateSubresource(ns.metadata.name!, 'finalize', body);
    } catch (err) {
      // Removed already: life is good.
      if (isNotFound(err)) return ns;
      throw err;
    }
  }

  /** Deletes every namespaced resource in the namespace; returns seconds to wait when content remains. */
  private async deleteAllContent(ns: KubeObject): Promise<number> {
    const namespace = ns.metadata.name!;
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp!);
    const errs: Error[] = [];
    const updater = new NamespaceConditionUpdater(() => rfc3339(this.opts.clock.now()));
    let estimate = 0;
    let resources: GroupVersionResource[] = [];
    try {
      resources = await (this.opts.discoverResources ?? namespacedResourcesFromKinds)();
    } catch (err) {
      // Discovery errors are not fatal: the resources found are still deleted.
      errs.push(err as Error);
      updater.processDiscoverResourcesErr(err as Error);
    }
    const gvrToNumRemaining = new Map<GroupVersionResource, number>();
    const finalizersToNumRemaining = new Map<string, number>();
    for (const gvr of resources) {
      let meta: GVRDeletionMetadata;
      try {
        meta = await this.deleteAllContentForGroupVersionResource(gvr, namespace, deletedAt);
      } catch (err) {
        const e = err as Error & { meta?: GVRDeletionMetadata };
        errs.push(e);
        updater.processDeleteContentErr(e);
        meta = e.meta ?? { finalizerEstimateSeconds: 0, numRemaining: 0, finalizersToNumRemaining: new Map() };
      }
      if (meta.finalizerEstimateSeconds > estimate) estimate = meta.finalizerEstimateSeconds;
      if (meta.numRemaining > 0) {
        gvrToNumRemaining.set(gvr, meta.numRemaining);
        for (const [f, n] of meta.finalizersToNumRemaining) if (n > 0) finalizersToNumRemaining.set(f, (finalizersToNumRemaining.get(f) ?? 0) + n);
      }
    }
    updater.processContentTotals(gvrToNumRemaining, finalizersToNumRemaining);
    // Always update the conditions: a failure that went away must show as such.
    const status = structuredClone((ns.status ?? {}) as { phase?: string; conditions?: NamespaceCondition[] });
    if (updater.update(status)) {
      try {
        const updated = await this.nsClient.updateStatus({ ...ns, status });
        Object.assign(ns, updated);
      } catch (err) {
        this.opts.log.error(`couldn't update status condition for namespace "${namespace}": ${(err as Error).message}`);
      }
    }
    const err = aggregateError(errs);
    if (err) throw err;
    return estimate;
  }

  private async deleteAllContentForGroupVersionResource(gvr: GroupVersionResource, namespace: string, deletedAt: number): Promise<GVRDeletionMetadata> {
    const none = (estimate: number): GVRDeletionMetadata => ({ finalizerEstimateSeconds: estimate, numRemaining: 0, finalizersToNumRemaining: new Map() });
    const fail = (err: unknown, estimate: number) => Object.assign(err as Error, { meta: none(estimate) });
    const ops = this.opts.client.resource(gvr).namespace(namespace);
    // How long graceful deletions (pods) may still take.
    const estimate = await this.estimateGracefulTermination(gvr, namespace, deletedAt);
    // The whole collection first; each item when deletecollection is not supported. Background propagation,
    // so the garbage collector adds no orphan finalizer: everything here goes anyway.
    try {
      await ops.deleteCollection({}, { propagationPolicy: 'Background' });
    } catch (err) {
      if (!(err instanceof StatusError && (err.reason === StatusReason.MethodNotAllowed || err.reason === StatusReason.NotFound))) throw fail(err, estimate);
      try {
        const list = await ops.list();
        for (const item of list.items) {
          try {
            await ops.delete(item.metadata.name!, { propagationPolicy: 'Background' });
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        }
      } catch (e) {
        throw fail(e, estimate);
      }
    }
    // Verify nothing remains; remaining items are fine while graceful deletion or finalizers are pending.
    let items: KubeObject[];
    try {
      items = (await ops.list()).items;
    } catch (err) {
      throw fail(err, estimate);
    }
    const finalizersToNumRemaining = new Map<string, number>();
    for (const item of items) for (const f of item.metadata.finalizers ?? []) finalizersToNumRemaining.set(f, (finalizersToNumRemaining.get(f) ?? 0) + 1);
    if (estimate !== 0) return { finalizerEstimateSeconds: estimate, numRemaining: items.length, finalizersToNumRemaining };
    // Finalizers are a normal reason to wait: give the garbage collector time.
    if (finalizersToNumRemaining.size > 0) return { finalizerEstimateSeconds: finalizerEstimateSeconds, numRemaining: items.length, finalizersToNumRemaining };
    if (items.length === 0) return none(estimate);
    // Nothing reported a finalizer, so something unexpected kept them.
    const err = new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(gvr)}`);
    throw Object.assign(err, { meta: { finalizerEstimateSeconds: estimate, numRemaining: items.length, finalizersToNumRemaining: new Map() } });
  }

  /** The longest grace period of the namespace's non-terminal pods, or 0 once that long has passed since deletion. */
  private async estimateGracefulTermination(gvr: GroupVersionResource, namespace: string, deletedAt: number): Promise<number> {
    let estimate = 0;
    if (gvr.group === '' && gvr.resource === 'pods') {
      const pods = await this.opts.client.resource(Pods).namespace(namespace).list();
      for (const pod of pods.items) {
        const phase = (pod.status as { phase?: string } | undefined)?.phase;
        if (phase === 'Succeeded' || phase === 'Failed') continue;
        const grace = (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
        if (grace !== undefined && grace > estimate) estimate = grace;
      }
    }
    const elapsed = this.opts.clock.now().getTime() - deletedAt;
    if (elapsed >= estimate * 1000) estimate = 0;
    return estimate;
  }
}

function finalized(ns: KubeObject): boolean {
  return !((ns.spec as { finalizers?: string[] } | undefined)?.finalizers?.length);
}
