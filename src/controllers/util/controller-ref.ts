/**
 * Controller references (pkg/controller/controller_ref_manager.go, metav1.GetControllerOf): a controller claims
 * the objects its selector matches: it adopts orphans by patching in an ownerReference with controller=true (the
 * patch carries metadata.uid so it fails if the object was replaced), releases the ones whose labels stopped
 * matching, and leaves alone those another controller owns or that are being deleted.
 */
import { isInvalid, isNotFound } from '../../api/errors.js';
import type { GroupVersionResource } from '../../api/group-version.js';
import type { LabelSelector } from '../../api/label-selector.js';
import type { KubeObject, OwnerReference } from '../../api/object.js';
import { PatchType } from '../../api/request-options.js';
import type { Client } from '../../client/client.js';

export interface GroupVersionKindRef {
  apiVersion: string;
  kind: string;
}

/** The ownerReference a controller puts on what it creates (metav1.NewControllerRef). */
export function newControllerRef(owner: KubeObject, gvk: GroupVersionKindRef): OwnerReference {
  return { apiVersion: gvk.apiVersion, kind: gvk.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** The ownerReference with controller=true, if any. */
export function getControllerOf(obj: Pick<KubeObject, 'metadata'> | { metadata?: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** An adoption guard that re-reads the controller and refuses when it has just been deleted (RecheckDeletionTimestamp). */
export function recheckDeletionTimestamp(getObject: () => Promise<KubeObject>): () => Promise<void> {
  return async () => {
    let obj: KubeObject;
    try {
      obj = await getObject();
    } catch (err) {
      throw new Error(`can't recheck DeletionTimestamp: ${(err as Error).message}`, { cause: err });
    }
    if (obj.metadata.deletionTimestamp) {
      throw new Error(`${obj.metadata.namespace ?? ''}/${obj.metadata.name} has just been deleted at ${obj.metadata.deletionTimestamp}`);
    }
  };
}

/** The strategic merge patch that adopts: our controller ownerReference, and the dependent's uid as a precondition. */
export function ownerRefControllerPatch(controller: KubeObject, kind: GroupVersionKindRef, uid: string, finalizers: string[] = []): unknown {
  const metadata: Record<string, unknown> = {
    ownerReferences: [
      { apiVersion: kind.apiVersion, kind: kind.kind, name: controller.metadata.name, uid: controller.metadata.uid, controller: true, blockOwnerDeletion: true },
    ],
    uid,
  };
  if (finalizers.length) metadata.finalizers = finalizers;
  return { metadata };
}

/** The strategic merge patch that releases: `$patch: delete` of the owners' references (GenerateDeleteOwnerRefStrategicMergeBytes). */
export function deleteOwnerRefStrategicMergePatch(dependentUID: string, ownerUIDs: string[], finalizers: string[] = []): unknown {
  const metadata: Record<string, unknown> = {
    uid: dependentUID,
    ownerReferences: ownerUIDs.map((uid) => ({ $patch: 'delete', uid })),
  };
  if (finalizers.length) metadata['$deleteFromPrimitiveList/finalizers'] = finalizers;
  return { metadata };
}

/** NewAggregate's message: one error as is, several as `[a, b]`. */
export function aggregateError(errs: unknown[]): Error | undefined {
  if (errs.length === 0) return undefined;
  if (errs.length === 1) return errs[0] as Error;
  return new Error(`[${errs.map((e) => (e as Error).message).join(', ')}]`);
}

export interface ControllerRefManagerOptions {
  controller: KubeObject;
  selector: LabelSelector;
  controllerKind: GroupVersionKindRef;
  /** Called once before the first adoption; throws to refuse adopting (e.g. recheckDeletionTimestamp). */
  canAdopt?: () => Promise<void>;
  client: Client;
  /** The claimed objects' resource (pods, replicasets, controllerrevisions). */
  resource: GroupVersionResource;
  /** Finalizers added on adoption and removed on release (the Job controller's tracking finalizer). */
  finalizers?: string[];
}

/** BaseControllerRefManager plus the Pod/ReplicaSet/ControllerRevision managers, generic over the resource. */
export class ControllerRefManager {
  private canAdoptResult: Promise<void> | undefined;

  constructor(readonly opts: ControllerRefManagerOptions) {}

  /** Runs canAdopt once and remembers its outcome (canAdoptOnce). */
  canAdopt(): Promise<void> {
    this.canAdoptResult ??= this.opts.canAdopt ? this.opts.canAdopt() : Promise.resolve();
    return this.canAdoptResult;
  }

  /**
   * Returns the objects this controller owns and whose labels match (and pass filters), adopting matching
   * orphans and releasing owned ones that no longer match. Throws the aggregate of the failed claims.
   */
  async claimObjects<T extends KubeObject>(objs: T[], filters: Array<(o: T) => boolean> = []): Promise<T[]> {
    const claimed: T[] = [];
    const errs: unknown[] = [];
    const match = (o: T) => this.opts.selector.matches(o.metadata.labels ?? {}) && filters.every((f) => f(o));
    const ownUid = this.opts.controller.metadata.uid;
    for (const obj of objs) {
      // The common cases need no API call, so no await: owned by another controller, or ours and matching.
      const ref = getControllerOf(obj);
      if (ref && ref.uid !== ownUid) continue;
      if (ref && match(obj)) {
        claimed.push(obj);
        continue;
      }
      try {
        if (await this.claimObject(obj, match)) claimed.push(obj);
      } catch (err) {
        errs.push(err);
      }
    }
    const err = aggregateError(errs);
    if (err) throw err;
    return claimed;
  }

  /** ClaimObject: whether obj is (now) ours. */
  async claimObject<T extends KubeObject>(obj: T, match: (o: T) => boolean): Promise<boolean> {
    const { controller } = this.opts;
    const ref = getControllerOf(obj);
    if (ref) {
      // Owned by someone else: ignore.
      if (ref.uid !== controller.metadata.uid) return false;
      // We already own it and the selector matches.
      if (match(obj)) return true;
      // Owned by us but the selector doesn't match: release, unless we are being deleted.
      if (controller.metadata.deletionTimestamp) return false;
      try {
        await this.release(obj);
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
      return false;
    }
    // An orphan. Ignore it if we're being deleted, the selector doesn't match, it is being deleted, or it lives elsewhere.
    if (controller.metadata.deletionTimestamp || !match(obj)) return false;
    if (obj.metadata.deletionTimestamp) return false;
    if (controller.metadata.namespace && controller.metadata.namespace !== obj.metadata.namespace) return false;
    try {
      await this.adopt(obj);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    return true;
  }

  /** Patches our controller reference in (AdoptPod / AdoptReplicaSet / AdoptControllerRevision). */
  async adopt(obj: KubeObject): Promise<void> {
    try {
      await this.canAdopt();
    } catch (err) {
      const what = kindOfResource(this.opts.resource.resource);
      throw new Error(`can't adopt ${what} ${obj.metadata.namespace}/${obj.metadata.name} (${obj.metadata.uid}): ${(err as Error).message}`, { cause: err });
    }
    const patch = ownerRefControllerPatch(this.opts.controller, this.opts.controllerKind, obj.metadata.uid ?? '', this.opts.finalizers);
    await this.ops(obj).patch(obj.metadata.name!, PatchType.StrategicMerge, patch);
  }

  /** Patches our reference out; a vanished or replaced object is fine (ReleasePod). */
  async release(obj: KubeObject): Promise<void> {
    const patch = deleteOwnerRefStrategicMergePatch(obj.metadata.uid ?? '', [this.opts.controller.metadata.uid ?? ''], this.opts.finalizers);
    try {
      await this.ops(obj).patch(obj.metadata.name!, PatchType.StrategicMerge, patch);
    } catch (err) {
      // NotFound: gone. Invalid: no owner references left or the uid differs (deleted and recreated).
      if (isNotFound(err) || isInvalid(err)) return;
      throw err;
    }
  }

  private ops(obj: KubeObject) {
    const r = this.opts.client.resource(this.opts.resource);
    return obj.metadata.namespace ? r.namespace(obj.metadata.namespace) : r;
  }
}

/** The Go type name upstream's adoption errors use (`Pod`, `ReplicaSet`, `ControllerRevision`). */
function kindOfResource(resource: string): string {
  const known: Record<string, string> = { pods: 'Pod', replicasets: 'ReplicaSet', controllerrevisions: 'ControllerRevision' };
  return known[resource] ?? resource;
}
