/**
 * The garbage collector (pkg/controller/garbagecollector): watches every resource, keeps a graph of
 * ownerReferences, and deletes objects whose owners are all gone (background cascading deletion). An owner deleted
 * with propagationPolicy Foreground keeps its deletionTimestamp and the `foregroundDeletion` finalizer until its
 * dependents with blockOwnerDeletion are gone; one deleted with Orphan (the `orphan` finalizer) first has its
 * reference removed from every dependent. Then the collector removes the finalizer and the API server deletes it.
 */
import { isConflict, isNotFound } from '../api/errors.js';
import type { GroupVersionResource } from '../api/group-version.js';
import { kindFor, kinds, type KindInfo } from '../api/kinds.js';
import { apiVersionOf, type KubeObject, type OwnerReference } from '../api/object.js';
import { PatchType, type PropagationPolicy } from '../api/request-options.js';
import type { Client, ResourceOps } from '../client/client.js';
import type { InformerFactory } from '../client/informer.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { deleteOwnerRefStrategicMergePatch } from './util/controller-ref.js';
import { GraphNode, referencesDiffs, sameIdentity, type ObjectIdentity } from './garbage-collector/graph.js';

export const GarbageCollectorControllerName = 'garbage-collector-controller';
export const FinalizerOrphanDependents = 'orphan';
export const FinalizerDeleteDependents = 'foregroundDeletion';

/** --concurrent-gc-syncs: workers deleting objects; orphaning uses five as upstream. */
const attemptToDeleteWorkers = 20;
const attemptToOrphanWorkers = 5;
/** The size of upstream's LRU of owners known to be absent. */
const absentOwnerCacheSize = 500;

/** Resources the collector does not watch (upstream's DefaultIgnoredResources): events. */
const ignoredKinds = new Set(['/Event', 'events.k8s.io/Event']);

export interface GarbageCollectorOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
}

type ChangeType = 'add' | 'update' | 'delete';

class RestMappingError extends Error {}
class VirtualDeleteEnqueued extends Error {}
class NamespacedOwnerOfClusterScopedObject extends Error {}

const hasFinalizer = (o: KubeObject, f: string) => (o.metadata.finalizers ?? []).includes(f);
const beingDeleted = (o: KubeObject) => o.metadata.deletionTimestamp !== undefined && o.metadata.deletionTimestamp !== null;

/** A deletion starting, or a finalizer added to an object already being deleted, in this change (deletionStartsWithFinalizer). */
function deletionStartsWithFinalizer(old: KubeObject | undefined, cur: KubeObject, finalizer: string): boolean {
  if (!beingDeleted(cur) || !hasFinalizer(cur, finalizer)) return false;
  if (!old) return true;
  return !beingDeleted(old) || !hasFinalizer(old, finalizer);
}

export class GarbageCollector {
  readonly name = GarbageCollectorControllerName;
  private readonly uidToNode = new Map<string, GraphNode>();
  private readonly attemptToDelete: WorkQueue<GraphNode>;
  private readonly attemptToOrphan: WorkQueue<GraphNode>;
  private readonly absentOwnerCache = new Set<string>();
  private workers: Promise<unknown> | undefined;

  constructor(private readonly opts: GarbageCollectorOptions) {
    this.attemptToDelete = new WorkQueue({ clock: opts.clock, name: 'garbage_collector_attempt_to_delete' });
    this.attemptToOrphan = new WorkQueue({ clock: opts.clock, name: 'garbage_collector_attempt_to_orphan' });
    for (const kind of kinds) {
      if (ignoredKinds.has(`${kind.group}/${kind.kind}`)) continue;
      const gvr: GroupVersionResource = { group: kind.group, version: kind.versions[0]!, resource: kind.plural };
      const apiVersion = apiVersionOf(kind.group, kind.versions[0]!);
      opts.informers.forResource(gvr).addEventHandler({
        onAdd: (o) => this.processGraphChange('add', undefined, o, apiVersion, kind),
        onUpdate: (old, o) => this.processGraphChange('update', old, o, apiVersion, kind),
        onDelete: (o) => this.processGraphChange('delete', undefined, o, apiVersion, kind),
      });
    }
  }

  start(): void {
    this.opts.log.info('Starting controller', { controller: 'garbagecollector' });
    const onError = (item: unknown, err: unknown) => this.opts.log.error('Error syncing item', { item: String(item), err: String(err) });
    this.workers = Promise.all([
      runWorkers(this.attemptToDelete, attemptToDeleteWorkers, (n) => this.attemptToDeleteWorker(n), { onError }),
      runWorkers(this.attemptToOrphan, attemptToOrphanWorkers, (n) => this.attemptToOrphanWorker(n), { onError }),
    ]);
  }

  async stop(): Promise<void> {
    this.attemptToDelete.shutDown();
    this.attemptToOrphan.shutDown();
    await this.workers;
  }

  // ---- the graph builder (graph_builder.go processGraphChanges) -------------------------------

  private processGraphChange(type: ChangeType, old: KubeObject | undefined, obj: KubeObject, apiVersion: string, kind: KindInfo): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const identity: ObjectIdentity = {
      apiVersion,
      kind: kind.kind,
      name: obj.metadata.name ?? '',
      uid,
      namespace: kind.namespaced ? (obj.metadata.namespace ?? '') : '',
    };
    let existing = this.uidToNode.get(uid);
    if (existing && !existing.isObserved()) {
      // The informer saw the object a virtual node stood for: dependents that named it otherwise are checked again.
      if (!sameIdentity(existing.identity, identity)) {
        for (const dep of existing.dependents) {
          if (!dep.owners.some((o) => o.uid === uid && o.apiVersion === identity.apiVersion && o.kind === identity.kind && o.name === identity.name)) {
            this.attemptToDelete.add(dep);
          }
        }
        existing = this.replaceNode(existing, identity);
      }
      existing.markObserved();
    }
    const owners = obj.metadata.ownerReferences ?? [];
    if (type !== 'delete' && !existing) {
      const node = new GraphNode(identity, owners, false);
      node.beingDeleted = beingDeleted(obj);
      node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FinalizerDeleteDependents);
      this.insertNode(node);
      this.processTransitions(old, obj, node);
      return;
    }
    if (type !== 'delete' && existing) {
      const { added, removed, changed } = referencesDiffs(existing.owners, owners);
      if (added.length || removed.length || changed.length) {
        this.addUnblockedOwnersToDeleteQueue(removed, changed);
        existing.owners = owners;
        this.addDependentToOwners(existing, added);
        this.removeDependentFromOwners(existing, removed);
      }
      if (beingDeleted(obj)) existing.beingDeleted = true;
      this.processTransitions(old, obj, existing);
      return;
    }
    if (type === 'delete' && existing) this.removeObservedNode(existing, identity);
  }

  private replaceNode(node: GraphNode, identity: ObjectIdentity): GraphNode {
    const copy = node.clone();
    copy.identity = identity;
    // Dependents name owners by uid, and a virtual node has no owners, so the map is all there is to rewire.
    this.uidToNode.set(identity.uid, copy);
    return copy;
  }

  private insertNode(node: GraphNode): void {
    this.uidToNode.set(node.identity.uid, node);
    this.addDependentToOwners(node, node.owners);
  }

  /** Adds node to its owners' dependents, creating virtual owner nodes the collector then verifies. */
  private addDependentToOwners(node: GraphNode, owners: OwnerReference[]): void {
    for (const owner of owners) {
      let ownerNode = this.uidToNode.get(owner.uid);
      if (!ownerNode) {
        const ownerKind = kindFor(owner.apiVersion, owner.kind);
        const namespace = ownerKind && !ownerKind.namespaced ? '' : node.identity.namespace;
        ownerNode = new GraphNode({ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, namespace }, [], true);
        this.uidToNode.set(owner.uid, ownerNode);
        ownerNode.dependents.add(node);
        this.attemptToDelete.add(ownerNode);
        continue;
      }
      ownerNode.dependents.add(node);
    }
  }

  private removeDependentFromOwners(node: GraphNode, owners: OwnerReference[]): void {
    for (const owner of owners) this.uidToNode.get(owner.uid)?.dependents.delete(node);
  }

  /** Owners waiting in foreground deletion may proceed once a blocking reference to them goes away. */
  private addUnblockedOwnersToDeleteQueue(removed: OwnerReference[], changed: Array<{ oldRef: OwnerReference; newRef: OwnerReference }>): void {
    const unblocked = [
      ...removed.filter((r) => r.blockOwnerDeletion),
      ...changed.filter((c) => c.oldRef.blockOwnerDeletion && !c.newRef.blockOwnerDeletion).map((c) => c.newRef),
    ];
    for (const ref of unblocked) {
      const owner = this.uidToNode.get(ref.uid);
      if (owner?.deletingDependents) this.attemptToDelete.add(owner);
    }
  }

  private processTransitions(old: KubeObject | undefined, obj: KubeObject, node: GraphNode): void {
    if (deletionStartsWithFinalizer(old, obj, FinalizerOrphanDependents)) {
      this.opts.log.info('add object to the attemptToOrphan queue', { item: node.toString() });
      this.attemptToOrphan.add(node);
      return;
    }
    if (deletionStartsWithFinalizer(old, obj, FinalizerDeleteDependents)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.attemptToDelete.add(dep);
      this.attemptToDelete.add(node);
    }
  }

  /** An informer's delete: the node leaves the graph, its dependents are checked, waiting owners rechecked. */
  private removeObservedNode(node: GraphNode, identity: ObjectIdentity): void {
    this.removeNode(node);
    if (node.dependents.size > 0) this.absentOwnerCache.add(absentKey(identity));
    for (const dep of node.dependents) this.attemptToDelete.add(dep);
    for (const owner of node.owners) {
      const ownerNode = this.uidToNode.get(owner.uid);
      if (ownerNode?.deletingDependents) this.attemptToDelete.add(ownerNode);
    }
  }

  private removeNode(node: GraphNode): void {
    if (this.uidToNode.get(node.identity.uid) === node) this.uidToNode.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
  }

  /** A virtual node's object is confirmed absent (enqueueVirtualDeleteEvent + the virtual delete branch). */
  private virtualDelete(identity: ObjectIdentity): void {
    const existing = this.uidToNode.get(identity.uid);
    if (!existing) return;
    const matching = [...existing.dependents].filter((d) => d.owners.some((o) => referencesIdentity(o, identity)));
    const nonMatching = [...existing.dependents].filter((d) => !matching.includes(d));
    if (existing.virtual && nonMatching.length > 0) {
      // Dependents disagree on the owner's coordinates: keep the node under another identity they use.
      if (matching.length > 0) {
        this.absentOwnerCache.add(absentKey(identity));
        for (const dep of matching) this.attemptToDelete.add(dep);
      }
      if (sameIdentity(existing.identity, identity)) {
        const ref = nonMatching.flatMap((d) => d.owners).find((o) => o.uid === identity.uid && !referencesIdentity(o, identity));
        if (ref) {
          const replacement = this.replaceNode(existing, { ...identity, apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name });
          this.attemptToDelete.addRateLimited(replacement);
        }
      }
      return;
    }
    if (!existing.virtual && !sameIdentity(existing.identity, identity)) {
      if (matching.length > 0) {
        this.absentOwnerCache.add(absentKey(identity));
        for (const dep of matching) this.attemptToDelete.add(dep);
      }
      return;
    }
    this.removeObservedNode(existing, identity);
  }

  // ---- the collector (garbagecollector.go) ---------------------------------------------------

  private async attemptToDeleteWorker(n: GraphNode): Promise<void> {
    if (!n.isObserved()) {
      const fromGraph = this.uidToNode.get(n.identity.uid);
      // Deleted, or seen by an informer, while this virtual node waited for a retry.
      if (!fromGraph || fromGraph.isObserved()) return;
    }
    try {
      await this.attemptToDeleteItem(n);
    } catch (err) {
      if (err instanceof VirtualDeleteEnqueued || err instanceof NamespacedOwnerOfClusterScopedObject) return;
      throw err;
    }
    // A virtual node not yet observed is checked again later, so one added and removed meanwhile never sticks.
    if (!n.isObserved()) this.attemptToDelete.addRateLimited(n);
  }

  private async attemptToDeleteItem(item: GraphNode): Promise<void> {
    // Being deleted is a one-way trip: wait for the deletion, then the dependents are processed.
    if (item.beingDeleted && !item.deletingDependents) return;
    let latest: KubeObject;
    try {
      latest = await this.getObject(item.identity);
    } catch (err) {
      if (isNotFound(err)) {
        this.virtualDelete(item.identity);
        throw new VirtualDeleteEnqueued();
      }
      throw err;
    }
    if (latest.metadata.uid !== item.identity.uid) {
      this.virtualDelete(item.identity);
      throw new VirtualDeleteEnqueued();
    }
    if (item.deletingDependents) return this.processDeletingDependentsItem(item);

    const ownerReferences = latest.metadata.ownerReferences ?? [];
    if (ownerReferences.length === 0) return;
    const { solid, dangling, waiting } = await this.classifyReferences(item, ownerReferences);
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Owners gone or waiting for their dependents are removed from the references; a solid owner keeps it alive.
      const uids = [...dangling, ...waiting].map((r) => r.uid);
      this.opts.log.info('object has at least one existing owner, will not garbage collect', { item: item.toString(), owner: solid.map((s) => s.name) });
      await this.patch(item, PatchType.StrategicMerge, deleteOwnerRefStrategicMergePatch(item.identity.uid, uids));
      return;
    }
    if (waiting.length > 0 && item.dependents.size > 0) {
      for (const dep of item.dependents) {
        if (dep.deletingDependents) {
          // A possible cycle: make this object's references non-blocking before deleting it in the foreground.
          const refs = ownerReferences.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r));
          await this.patch(item, PatchType.Merge, { metadata: { ownerReferences: refs } });
          break;
        }
      }
      this.opts.log.info('at least one owner of object has FinalizerDeletingDependents, and the object itself has dependents, so it is going to be deleted in Foreground', {
        item: item.toString(),
      });
      return this.deleteObject(item.identity, 'Foreground');
    }
    const policy: PropagationPolicy = hasFinalizer(latest, FinalizerOrphanDependents)
      ? 'Orphan'
      : hasFinalizer(latest, FinalizerDeleteDependents)
        ? 'Foreground'
        : 'Background';
    this.opts.log.info('Deleting item', { item: item.toString(), propagationPolicy: policy });
    await this.deleteObject(item.identity, policy);
  }

  /** An owner in foreground deletion: once no dependent blocks it, its finalizer goes; until then they are deleted. */
  private async processDeletingDependentsItem(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      this.opts.log.info('remove DeleteDependents finalizer for item', { item: item.toString() });
      await this.removeFinalizer(item, FinalizerDeleteDependents);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep);
  }

  private async classifyReferences(
    item: GraphNode,
    refs: OwnerReference[],
  ): Promise<{ solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] }> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = await this.isDangling(ref, item);
      if (!owner) dangling.push(ref);
      else if (beingDeleted(owner) && hasFinalizer(owner, FinalizerDeleteDependents)) waiting.push(ref);
      else solid.push(ref);
    }
    return { solid, dangling, waiting };
  }

  /** The owner when it exists with the referenced uid, else undefined (dangling). */
  private async isDangling(ref: OwnerReference, item: GraphNode): Promise<KubeObject | undefined> {
    const coords = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid };
    if (this.absentOwnerCache.has(absentKey({ ...coords, namespace: '' }))) return undefined;
    if (this.absentOwnerCache.has(absentKey({ ...coords, namespace: item.identity.namespace }))) return undefined;
    const kind = kindFor(ref.apiVersion, ref.kind);
    if (!kind) throw new RestMappingError(`unable to get REST mapping for ${ref.apiVersion}/${ref.kind}.`);
    if (!item.identity.namespace && kind.namespaced) {
      this.opts.log.warn('item is cluster-scoped, but refers to a namespaced owner', { item: item.toString(), owner: `${ref.apiVersion}/${ref.kind}` });
      throw new NamespacedOwnerOfClusterScopedObject();
    }
    const namespace = kind.namespaced ? item.identity.namespace : '';
    let owner: KubeObject;
    try {
      owner = await this.ops(kind, ref.apiVersion, namespace).get(ref.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.remember(absentKey({ ...coords, namespace }));
      return undefined;
    }
    if (owner.metadata.uid !== ref.uid) {
      this.remember(absentKey({ ...coords, namespace }));
      return undefined;
    }
    return owner;
  }

  private remember(key: string): void {
    if (this.absentOwnerCache.size >= absentOwnerCacheSize) this.absentOwnerCache.delete(this.absentOwnerCache.values().next().value!);
    this.absentOwnerCache.add(key);
  }

  /** An owner deleted with the orphan finalizer: its references leave every dependent, then the finalizer goes. */
  private async attemptToOrphanWorker(owner: GraphNode): Promise<void> {
    const failures: string[] = [];
    for (const dep of [...owner.dependents]) {
      try {
        await this.patch(dep, PatchType.StrategicMerge, deleteOwnerRefStrategicMergePatch(dep.identity.uid, [owner.identity.uid]));
      } catch (err) {
        if (!isNotFound(err)) failures.push(`orphaning ${dep.toString()} failed, ${String(err)}`);
      }
    }
    if (failures.length) throw new Error(failures.join(', '));
    this.opts.log.info('successfully updated all dependents', { owner: owner.toString() });
    await this.removeFinalizer(owner, FinalizerOrphanDependents);
  }

  // ---- API calls (operations.go) --------------------------------------------------------------

  private ops(kind: KindInfo, apiVersion: string, namespace: string): ResourceOps {
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    const r = this.opts.client.resource({ group: kind.group, version, resource: kind.plural });
    return kind.namespaced ? r.namespace(namespace) : r;
  }

  private opsFor(identity: ObjectIdentity): ResourceOps {
    const kind = kindFor(identity.apiVersion, identity.kind);
    if (!kind) throw new RestMappingError(`unable to get REST mapping for ${identity.apiVersion}/${identity.kind}.`);
    return this.ops(kind, identity.apiVersion, identity.namespace);
  }

  private getObject(identity: ObjectIdentity): Promise<KubeObject> {
    return this.opsFor(identity).get(identity.name);
  }

  private async deleteObject(identity: ObjectIdentity, policy: PropagationPolicy): Promise<void> {
    try {
      await this.opsFor(identity).delete(identity.name, { preconditions: { uid: identity.uid }, propagationPolicy: policy });
    } catch (err) {
      // Gone already, or replaced by another object of that name (the uid precondition): nothing to collect.
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
  }

  private async patch(item: GraphNode, type: PatchType, patch: unknown): Promise<void> {
    await this.opsFor(item.identity).patch(item.identity.name, type, patch);
  }

  /** Removes a finalizer with a read-modify-write, retried on conflicts (retry.RetryOnConflict). */
  private async removeFinalizer(item: GraphNode, finalizer: string): Promise<void> {
    const ops = this.opsFor(item.identity);
    for (let attempt = 0; ; attempt++) {
      let obj: KubeObject;
      try {
        obj = await ops.get(item.identity.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      if (obj.metadata.uid !== item.identity.uid) return;
      const finalizers = obj.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return;
      try {
        await ops.patch(item.identity.name, PatchType.Merge, {
          metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: finalizers.filter((f) => f !== finalizer) },
        });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt >= 5) throw err;
      }
    }
  }
}

function absentKey(i: ObjectIdentity): string {
  return `${i.apiVersion}|${i.kind}|${i.namespace}|${i.name}|${i.uid}`;
}

function referencesIdentity(ref: OwnerReference, identity: ObjectIdentity): boolean {
  return ref.uid === identity.uid && ref.apiVersion === identity.apiVersion && ref.kind === identity.kind && ref.name === identity.name;
}
