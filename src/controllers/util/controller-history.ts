/**
 * ControllerRevisions, the history of a DaemonSet's or StatefulSet's pod template (upstream
 * pkg/controller/history): naming by a hash of the revision's data, equality by that data, sorting by revision,
 * and create/update/delete/adopt/release through the Client with upstream's collision handling.
 */
import { isAlreadyExists, isInvalid, isNotFound } from '../../api/errors.js';
import type { LabelSelector } from '../../api/label-selector.js';
import { deepCopy, type KubeObject, type OwnerReference } from '../../api/object.js';
import { PatchType } from '../../api/request-options.js';
import type { Client } from '../../client/client.js';
import type { Informer } from '../../client/informer.js';
import { ControllerRevisions } from '../../client/resources.js';
import { safeEncodeString } from './hash.js';

/** The label holding the hash of a ControllerRevision's data (history.ControllerRevisionHashLabel). */
export const ControllerRevisionHashLabel = 'controller.kubernetes.io/hash';

/** apps/v1 ControllerRevision as this package reads it. */
export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

/** Group, version and kind of an owner, as metav1.NewControllerRef takes them. */
export interface OwnerKind {
  apiVersion: string;
  kind: string;
}

/**
 * Go's json.Marshal of a decoded JSON value: object keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped as
 * \u00XX. Revision data is compared and hashed as these bytes, as upstream compares Data.Raw.
 */
export function goJSONMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goJSONMarshal).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(compareBytes);
  return `{${keys.map((k) => `${goJSONMarshal(k)}:${goJSONMarshal(obj[k])}`).join(',')}}`;
}

/** Go sorts map keys by their bytes; for UTF-16 strings outside the BMP this differs from `<` only in odd cases. */
function compareBytes(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ab, bb);
}

/** FNV-1 32-bit (hash/fnv New32, not New32a) over bytes. */
export function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/** The bytes upstream keeps in Data.Raw: the data as Go marshals it. */
export function revisionRaw(revision: Pick<ControllerRevision, 'data'>): string {
  return goJSONMarshal(revision.data);
}

/** ControllerRevisionName: `prefix-hash`, the prefix cut to 223 bytes so the name fits in 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** HashControllerRevision: FNV-1 of the data's bytes (then of the probe's decimal digits), safely encoded. */
export function hashControllerRevision(revision: Pick<ControllerRevision, 'data'>, probe?: number): string {
  let h = fnv32(Buffer.from(revisionRaw(revision), 'utf8'));
  if (probe !== undefined) h = fnv32(Buffer.from(String(probe), 'utf8'), h);
  return safeEncodeString(String(h));
}

/** metav1.NewControllerRef. */
export function controllerRefTo(owner: KubeObject, kind: OwnerKind): OwnerReference {
  return { apiVersion: kind.apiVersion, kind: kind.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** The controller among an object's owners (metav1.GetControllerOf). */
function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/**
 * NewControllerRevision: owned by parent, labelled with the template's labels and the hash of data (with
 * collisionCount as probe), named `<parent>-<hash>`.
 */
export function newControllerRevision(
  parent: KubeObject,
  parentKind: OwnerKind,
  templateLabels: Record<string, string> | undefined,
  data: unknown,
  revision: number,
  collisionCount: number | undefined,
): ControllerRevision {
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { labels: { ...(templateLabels ?? {}) }, ownerReferences: [controllerRefTo(parent, parentKind)] },
    data,
    revision,
  };
  const hash = hashControllerRevision(cr, collisionCount);
  cr.metadata.name = controllerRevisionName(parent.metadata.name!, hash);
  cr.metadata.labels![ControllerRevisionHashLabel] = hash;
  return cr;
}

const creationTime = (r: KubeObject) => (r.metadata.creationTimestamp ? Date.parse(r.metadata.creationTimestamp) : 0);

/** SortControllerRevisions: by revision, then creation time, then name (a stable sort, in place). */
export function sortControllerRevisions<T extends ControllerRevision>(revisions: T[]): T[] {
  return revisions.sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = creationTime(a);
    const tb = creationTime(b);
    if (ta !== tb) return ta - tb;
    return a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0;
  });
}

/** A hash label as an int32, as EqualRevision parses it (safe-encoded hashes never parse, so data decides). */
function parsedHash(r: ControllerRevision): number | undefined {
  const s = r.metadata.labels?.[ControllerRevisionHashLabel];
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n >>> 0 : undefined;
}

/** EqualRevision: both absent, or equal data (differing parsable hash labels say no at once). */
export function equalRevision(lhs: ControllerRevision | undefined, rhs: ControllerRevision | undefined): boolean {
  if (!lhs || !rhs) return lhs === rhs;
  const lh = parsedHash(lhs);
  const rh = parsedHash(rhs);
  if (lh !== undefined && rh !== undefined && lh !== rh) return false;
  return revisionRaw(lhs) === revisionRaw(rhs);
}

/** FindEqualRevisions: the revisions equal to needle, in their order. */
export function findEqualRevisions<T extends ControllerRevision>(revisions: readonly T[], needle: ControllerRevision): T[] {
  return revisions.filter((r) => equalRevision(r, needle));
}

/** The largest revision number (0 for none), as the DaemonSet controller's maxRevision. */
export function maxRevision(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
}

/** Thrown when a revision to adopt already has a controller. */
export class AlreadyOwnedError extends Error {}

/** history.Interface over the Client (writes) and the shared ControllerRevision informer (reads). */
export class History {
  constructor(
    private readonly client: Client,
    private readonly revisions: Informer,
  ) {}

  /** ListControllerRevisions: revisions in parent's namespace matching selector, owned by parent or by nobody. */
  listControllerRevisions(parent: KubeObject, selector: LabelSelector): ControllerRevision[] {
    const ns = parent.metadata.namespace ?? '';
    return (this.revisions.listByNamespace(ns) as ControllerRevision[]).filter((r) => {
      if (!selector.matches(r.metadata.labels)) return false;
      const ref = controllerOf(r);
      return !ref || ref.uid === parent.metadata.uid;
    });
  }

  /**
   * CreateControllerRevision: creates revision named after its hash with collisionCount as probe; when the name is
   * taken by different data, counts a collision and tries the next name. The same data already there is returned.
   */
  async createControllerRevision(parent: KubeObject, revision: ControllerRevision, collisionCount: { value: number }): Promise<ControllerRevision> {
    const ns = parent.metadata.namespace!;
    const ops = this.client.resource(ControllerRevisions).namespace(ns);
    const clone = deepCopy(revision);
    for (;;) {
      const hash = hashControllerRevision(revision, collisionCount.value);
      clone.metadata.name = controllerRevisionName(parent.metadata.name!, hash);
      clone.metadata.namespace = ns;
      try {
        return (await ops.create(clone)) as ControllerRevision;
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
        const exists = (await ops.get(clone.metadata.name)) as ControllerRevision;
        if (revisionRaw(exists) === revisionRaw(clone)) return exists;
        collisionCount.value++;
      }
    }
  }

  /** UpdateControllerRevision: sets the revision number, retrying conflicts from the cache or a fresh read. */
  async updateControllerRevision(revision: ControllerRevision, newRevision: number): Promise<ControllerRevision> {
    const ops = this.client.resource(ControllerRevisions).namespace(revision.metadata.namespace!);
    let clone = deepCopy(revision);
    let lastErr: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (clone.revision === newRevision) return clone;
      clone.revision = newRevision;
      try {
        return (await ops.update(clone)) as ControllerRevision;
      } catch (e) {
        lastErr = e;
        const cached = this.revisions.get(revision.metadata.namespace, revision.metadata.name!);
        clone = deepCopy((cached as ControllerRevision | undefined) ?? ((await ops.get(revision.metadata.name!)) as ControllerRevision));
      }
    }
    throw lastErr;
  }

  async deleteControllerRevision(revision: ControllerRevision): Promise<void> {
    await this.client.resource(ControllerRevisions).namespace(revision.metadata.namespace!).delete(revision.metadata.name!);
  }

  /** AdoptControllerRevision: adds parent as controller with a patch that requires the revision's uid. */
  async adoptControllerRevision(parent: KubeObject, parentKind: OwnerKind, revision: ControllerRevision): Promise<ControllerRevision> {
    const owner = controllerOf(revision);
    if (owner) throw new AlreadyOwnedError(`attempt to adopt revision owned by ${JSON.stringify(owner)}`);
    const patch = { metadata: { ownerReferences: [controllerRefTo(parent, parentKind)], uid: revision.metadata.uid } };
    return (await this.client
      .resource(ControllerRevisions)
      .namespace(parent.metadata.namespace!)
      .patch(revision.metadata.name!, PatchType.StrategicMerge, patch)) as ControllerRevision;
  }

  /** ReleaseControllerRevision: removes parent from the owners; a revision gone or no longer owned is no error. */
  async releaseControllerRevision(parent: KubeObject, revision: ControllerRevision): Promise<ControllerRevision | undefined> {
    const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: parent.metadata.uid }], uid: revision.metadata.uid } };
    try {
      return (await this.client
        .resource(ControllerRevisions)
        .namespace(revision.metadata.namespace!)
        .patch(revision.metadata.name!, PatchType.StrategicMerge, patch)) as ControllerRevision;
    } catch (e) {
      if (isNotFound(e) || isInvalid(e)) return undefined;
      throw e;
    }
  }
}
