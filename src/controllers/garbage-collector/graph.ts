/**
 * The garbage collector's dependency graph (pkg/controller/garbagecollector/graph.go): one node per object uid,
 * with its ownerReferences and the nodes that name it as owner. An owner that is referenced but not (yet) seen
 * through an informer is a "virtual" node, whose existence the collector checks with the API server.
 */
import type { OwnerReference } from '../../api/object.js';

/** An owner reference plus the namespace (upstream's objectReference): what identifies a node. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
}

export const identityString = (i: ObjectIdentity) =>
  `[${i.apiVersion}/${i.kind}, namespace: ${i.namespace}, name: ${i.name}, uid: ${i.uid}]`;

export const sameIdentity = (a: ObjectIdentity, b: ObjectIdentity) =>
  a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && a.uid === b.uid && a.namespace === b.namespace;

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** Set once an informer delivered the object; virtual nodes start unobserved. */
  private observed: boolean;
  /** The object has a deletionTimestamp. */
  beingDeleted = false;
  /** The object has a deletionTimestamp and the foregroundDeletion finalizer. */
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    public owners: OwnerReference[],
    readonly virtual: boolean,
  ) {
    this.observed = !virtual;
  }

  isObserved(): boolean {
    return this.observed;
  }

  markObserved(): void {
    this.observed = true;
  }

  /** Dependents whose reference to this node blocks its deletion (blockOwnerDeletion: true). */
  blockingDependents(): GraphNode[] {
    const out: GraphNode[] = [];
    for (const dep of this.dependents) {
      for (const owner of dep.owners) {
        if (owner.uid === this.identity.uid && owner.blockOwnerDeletion) out.push(dep);
      }
    }
    return out;
  }

  /** A copy with the same dependents and flags (to change the identity of a node in place). */
  clone(): GraphNode {
    const c = new GraphNode({ ...this.identity }, [...this.owners], this.virtual);
    for (const d of this.dependents) c.dependents.add(d);
    c.observed = this.observed;
    c.beingDeleted = this.beingDeleted;
    c.deletingDependents = this.deletingDependents;
    return c;
  }

  toString(): string {
    return identityString(this.identity);
  }
}

/** Owner references that were added, removed or changed (blockOwnerDeletion / controller) between two lists. */
export function referencesDiffs(
  old: OwnerReference[],
  cur: OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: Array<{ oldRef: OwnerReference; newRef: OwnerReference }> } {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: Array<{ oldRef: OwnerReference; newRef: OwnerReference }> = [];
  for (const r of cur) {
    const o = oldByUid.get(r.uid);
    if (!o) added.push(r);
    else {
      if (!sameReference(o, r)) changed.push({ oldRef: o, newRef: r });
      oldByUid.delete(r.uid);
    }
  }
  return { added, removed: [...oldByUid.values()], changed };
}

function sameReference(a: OwnerReference, b: OwnerReference): boolean {
  return (
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    Boolean(a.controller) === Boolean(b.controller) &&
    Boolean(a.blockOwnerDeletion) === Boolean(b.blockOwnerDeletion)
  );
}
