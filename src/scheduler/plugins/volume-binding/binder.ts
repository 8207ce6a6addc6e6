/**
 * The volume binder the VolumeBinding plugin asks (upstream plugins/volumebinding/binder.go and the persistentvolume
 * util it uses): sorts a pod's claims into bound, immediate and delayed, checks bound volumes' node affinity, finds
 * matching volumes or a provisioner for delayed claims on a node, and binds them.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, TopologySelectorTerm } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { labelSelectorAsSelector } from '../../../api/label-selector.js';
import { LazyErrorNodeSelector } from '../../../api/node-affinity.js';
import { PersistentVolumeClaims, PersistentVolumes } from '../../../client/resources.js';
import { parseQuantity } from '../../../util/quantity.js';
import type { Handle } from '../../framework/interface.js';
import { getPV, getPVC, getStorageClass, NotFoundError } from '../helper/storage-listers.js';
import { PatchType } from '../../../api/request-options.js';
import type { KubeObject } from '../../../api/object.js';

/** Why a node does not suit the pod's volumes (upstream ConflictReason values). */
export const ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
export const ErrReasonNodeConflict = 'node(s) had volume node affinity conflict';
export const ErrReasonNotEnoughSpace = 'node(s) did not have enough free storage';
export const ErrReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

/** Annotations of the PV controller's protocol. */
export const AnnBindCompleted = 'pv.kubernetes.io/bind-completed';
export const AnnBoundByController = 'pv.kubernetes.io/bound-by-controller';
export const AnnSelectedNode = 'volume.kubernetes.io/selected-node';
export const AnnStorageClass = 'volume.beta.kubernetes.io/storage-class';
/** The provisioner of StorageClasses whose volumes are created by hand (local volumes). */
export const NotSupportedProvisioner = 'kubernetes.io/no-provisioner';

/** A pod's claims, sorted (upstream PodVolumeClaims). */
export interface PodVolumeClaims {
  boundClaims: PersistentVolumeClaim[];
  unboundClaimsDelayBinding: PersistentVolumeClaim[];
  unboundClaimsImmediate: PersistentVolumeClaim[];
  /** The volumes of each delayed claim's StorageClass, candidates for static binding. */
  unboundVolumesDelayBinding: Map<string, PersistentVolume[]>;
}

/** What binding the pod's volumes on one node takes (upstream PodVolumes). */
export interface PodVolumes {
  staticBindings: Array<{ pv: PersistentVolume; pvc: PersistentVolumeClaim }>;
  dynamicProvisions: PersistentVolumeClaim[];
}

const claimKey = (c: PersistentVolumeClaim) => `${c.metadata?.namespace ?? ''}/${c.metadata?.name ?? ''}`;

/** The claim's class: the beta annotation first, then spec.storageClassName (storagehelpers.GetPersistentVolumeClaimClass). */
export function getPersistentVolumeClaimClass(c: PersistentVolumeClaim): string {
  const a = c.metadata?.annotations?.[AnnStorageClass];
  if (a !== undefined) return a;
  return c.spec?.storageClassName ?? '';
}

/** The volume's class, as GetPersistentVolumeClass. */
export function getPersistentVolumeClass(pv: PersistentVolume): string {
  const a = pv.metadata?.annotations?.[AnnStorageClass];
  if (a !== undefined) return a;
  return pv.spec?.storageClassName ?? '';
}

/**
 * Whether the claim is bound. Upstream also wants the PV controller's bind-completed annotation; kubesim runs no
 * PV controller, so a claim naming its volume counts as bound.
 */
export function isPVCFullyBound(c: PersistentVolumeClaim): boolean {
  return !!c.spec?.volumeName;
}

/** The PV's required node affinity against node labels only (volume.CheckNodeAffinity); an error when it does not match. */
export function checkNodeAffinity(pv: PersistentVolume, nodeLabels: Record<string, string> | undefined): string | undefined {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return undefined;
  const { matched, error } = new LazyErrorNodeSelector(required).match({ metadata: { labels: nodeLabels } });
  if (error) return error;
  return matched ? undefined : 'no matching NodeSelectorTerms';
}

export class VolumeBinder {
  constructor(private readonly handle: Handle) {}

  /** Whether the claim's class binds when a pod uses it (WaitForFirstConsumer); a missing class binds at once. */
  isDelayBindingMode(c: PersistentVolumeClaim): boolean {
    const className = getPersistentVolumeClaimClass(c);
    if (className === '') return false;
    let sc: StorageClass;
    try {
      sc = getStorageClass(this.handle, className);
    } catch (e) {
      if (e instanceof NotFoundError) return false;
      throw e;
    }
    if (!sc.volumeBindingMode) throw new Error(`VolumeBindingMode not set for StorageClass "${className}"`);
    return sc.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** Sorts the pod's claims (GetPodVolumeClaims); a claim that is prebound but not bound counts as immediate. */
  getPodVolumeClaims(pod: Pod): PodVolumeClaims {
    const out: PodVolumeClaims = { boundClaims: [], unboundClaimsDelayBinding: [], unboundClaimsImmediate: [], unboundVolumesDelayBinding: new Map() };
    for (const vol of pod.spec?.volumes ?? []) {
      const name = vol.persistentVolumeClaim?.claimName ?? (vol.ephemeral ? `${pod.metadata?.name}-${vol.name}` : undefined);
      if (!name) continue;
      const pvc = getPVC(this.handle, pod.metadata?.namespace ?? '', name);
      if (isPVCFullyBound(pvc)) {
        out.boundClaims.push(pvc);
      } else if (this.isDelayBindingMode(pvc) && !pvc.spec?.volumeName) {
        out.unboundClaimsDelayBinding.push(pvc);
      } else {
        out.unboundClaimsImmediate.push(pvc);
      }
    }
    for (const pvc of out.unboundClaimsDelayBinding) {
      const className = getPersistentVolumeClaimClass(pvc);
      out.unboundVolumesDelayBinding.set(className, this.listPVs(className));
    }
    return out;
  }

  private listPVs(className: string): PersistentVolume[] {
    return (this.handle.informers.forResource(PersistentVolumes).list() as unknown as PersistentVolume[]).filter((pv) => getPersistentVolumeClass(pv) === className);
  }

  /**
   * The nodes local volumes of bound claims pin the pod to (GetEligibleNodes): the kubernetes.io/hostname values of
   * their node affinity, intersected across claims; undefined when no claim pins it.
   */
  getEligibleNodes(boundClaims: PersistentVolumeClaim[]): Set<string> | undefined {
    let eligible: Set<string> | undefined;
    for (const pvc of boundClaims) {
      let pv: PersistentVolume;
      try {
        pv = getPV(this.handle, pvc.spec?.volumeName ?? '');
      } catch {
        return undefined;
      }
      const nodeNames = getLocalPersistentVolumeNodeNames(pv);
      if (nodeNames.length === 0) continue;
      const s = new Set(nodeNames);
      eligible = eligible ? new Set([...eligible].filter((n) => s.has(n))) : s;
    }
    return eligible;
  }

  /** The bindings that would place the pod's volumes on node, and why the node does not suit them (FindPodVolumes). */
  findPodVolumes(pod: Pod, claims: PodVolumeClaims, node: Node): { podVolumes: PodVolumes; reasons: string[] } {
    let boundVolumesSatisfied = true;
    let unboundVolumesSatisfied = true;
    const sufficientStorage = true;
    let boundPVsFound = true;
    const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    const reasons = (): string[] => {
      const r: string[] = [];
      if (!boundVolumesSatisfied) r.push(ErrReasonNodeConflict);
      if (!unboundVolumesSatisfied) r.push(ErrReasonBindConflict);
      if (!sufficientStorage) r.push(ErrReasonNotEnoughSpace);
      if (!boundPVsFound) r.push(ErrReasonPVNotExist);
      return r;
    };

    if (claims.boundClaims.length) [boundVolumesSatisfied, boundPVsFound] = this.checkBoundClaims(claims.boundClaims, node);

    if (claims.unboundClaimsDelayBinding.length) {
      const toFindMatching: PersistentVolumeClaim[] = [];
      const toProvision: PersistentVolumeClaim[] = [];
      for (const claim of claims.unboundClaimsDelayBinding) {
        const selected = claim.metadata?.annotations?.[AnnSelectedNode];
        if (selected !== undefined) {
          // Already being provisioned for a node: only that node will do.
          if (selected !== node.metadata?.name) {
            unboundVolumesSatisfied = false;
            return { podVolumes, reasons: reasons() };
          }
          toProvision.push(claim);
        } else {
          toFindMatching.push(claim);
        }
      }
      if (toFindMatching.length) {
        const m = this.findMatchingVolumes(toFindMatching, claims.unboundVolumesDelayBinding, node);
        unboundVolumesSatisfied = m.foundMatches;
        podVolumes.staticBindings = m.bindings;
        toProvision.push(...m.unboundClaims);
      }
      if (toProvision.length) {
        const p = this.checkVolumeProvisions(toProvision, node);
        unboundVolumesSatisfied = p.satisfied;
        podVolumes.dynamicProvisions = p.provisions;
      }
    }
    return { podVolumes, reasons: reasons() };
  }

  /** [node affinity of every bound volume holds, every bound volume exists]. */
  private checkBoundClaims(claims: PersistentVolumeClaim[], node: Node): [boolean, boolean] {
    for (const pvc of claims) {
      let pv: PersistentVolume;
      try {
        pv = getPV(this.handle, pvc.spec?.volumeName ?? '');
      } catch (e) {
        if (e instanceof NotFoundError) return [true, false];
        throw e;
      }
      if (checkNodeAffinity(pv, node.metadata?.labels) !== undefined) return [false, true];
    }
    return [true, true];
  }

  /** Smallest claims first, each takes the smallest matching volume not already chosen. */
  private findMatchingVolumes(claims: PersistentVolumeClaim[], volumes: Map<string, PersistentVolume[]>, node: Node) {
    const sorted = [...claims].sort((a, b) => storageRequest(a) - storageRequest(b));
    const chosen = new Set<string>();
    const bindings: PodVolumes['staticBindings'] = [];
    const unboundClaims: PersistentVolumeClaim[] = [];
    let foundMatches = true;
    for (const pvc of sorted) {
      const pv = findMatchingVolume(pvc, volumes.get(getPersistentVolumeClaimClass(pvc)) ?? [], node, chosen);
      if (!pv) {
        unboundClaims.push(pvc);
        foundMatches = false;
        continue;
      }
      chosen.add(pv.metadata?.name ?? '');
      bindings.push({ pv, pvc });
    }
    return { foundMatches, bindings, unboundClaims };
  }

  /** A claim can be provisioned when its class has a real provisioner whose allowed topologies include the node. */
  private checkVolumeProvisions(claims: PersistentVolumeClaim[], node: Node): { satisfied: boolean; provisions: PersistentVolumeClaim[] } {
    const provisions: PersistentVolumeClaim[] = [];
    for (const claim of claims) {
      const className = getPersistentVolumeClaimClass(claim);
      if (className === '') throw new Error(`no class for claim "${claimKey(claim)}"`);
      let sc: StorageClass;
      try {
        sc = getStorageClass(this.handle, className);
      } catch {
        throw new Error(`failed to find storage class "${className}"`);
      }
      if (!sc.provisioner || sc.provisioner === NotSupportedProvisioner) return { satisfied: false, provisions };
      if (!matchTopologySelectorTerms(sc.allowedTopologies, node.metadata?.labels)) return { satisfied: false, provisions };
      provisions.push(claim);
    }
    return { satisfied: true, provisions };
  }

  /**
   * Binds what Reserve chose (BindPodVolumes). kubesim has no PV controller: static bindings are completed here
   * (PV claimRef and phase, PVC volumeName and phase); claims to provision get the selected-node annotation.
   */
  async bindPodVolumes(pod: Pod, nodeName: string, podVolumes: PodVolumes): Promise<void> {
    const pvs = this.handle.client.resource(PersistentVolumes);
    const ns = pod.metadata?.namespace ?? '';
    const pvcs = this.handle.client.resource(PersistentVolumeClaims).namespace(ns);
    for (const { pv, pvc } of podVolumes.staticBindings) {
      const pvName = pv.metadata?.name ?? '';
      const claimRef = { kind: 'PersistentVolumeClaim', namespace: ns, name: pvc.metadata?.name, uid: pvc.metadata?.uid, apiVersion: 'v1', resourceVersion: pvc.metadata?.resourceVersion };
      await pvs.patch(pvName, PatchType.Merge, { metadata: { annotations: { [AnnBoundByController]: 'yes' } }, spec: { claimRef } });
      await pvs.patch(pvName, PatchType.Merge, { status: { phase: 'Bound' } }, { subresource: 'status' });
      await pvcs.patch(pvc.metadata?.name ?? '', PatchType.Merge, { metadata: { annotations: { [AnnBindCompleted]: 'yes', [AnnBoundByController]: 'yes' } }, spec: { volumeName: pvName } });
      await pvcs.patch(
        pvc.metadata?.name ?? '',
        PatchType.Merge,
        { status: { phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity } } as unknown as KubeObject,
        { subresource: 'status' },
      );
    }
    for (const pvc of podVolumes.dynamicProvisions) {
      await pvcs.patch(pvc.metadata?.name ?? '', PatchType.Merge, { metadata: { annotations: { [AnnSelectedNode]: nodeName } } });
    }
  }
}

function storageRequest(c: PersistentVolumeClaim): number {
  const q = c.spec?.resources?.requests?.storage;
  return q === undefined ? 0 : parseQuantity(q).value();
}

/**
 * pvutil.FindMatchingVolume on the scheduler path: a volume prebound to the claim wins (if its node affinity holds);
 * otherwise the smallest available one of the class, big enough, same volume mode, selected by the claim's
 * selector, with the access modes asked and node affinity to the node. Volumes still Pending count as available:
 * without a PV controller nothing would make them Available.
 */
export function findMatchingVolume(claim: PersistentVolumeClaim, volumes: PersistentVolume[], node: Node, excluded: Set<string>): PersistentVolume | undefined {
  const requested = storageRequest(claim);
  const requestedClass = getPersistentVolumeClaimClass(claim);
  const selector = claim.spec?.selector ? labelSelectorAsSelector(claim.spec.selector) : undefined;
  let smallest: PersistentVolume | undefined;
  let smallestQty = 0;
  for (const pv of volumes) {
    if (excluded.has(pv.metadata?.name ?? '')) continue;
    const boundToClaim = isVolumeBoundToClaim(pv, claim);
    if (pv.spec?.claimRef && !boundToClaim) continue;
    const qty = pv.spec?.capacity?.storage === undefined ? 0 : parseQuantity(pv.spec.capacity.storage).value();
    if (qty < requested) continue;
    if ((claim.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem')) continue;
    if (pv.metadata?.deletionTimestamp) continue;
    const nodeAffinityValid = checkNodeAffinity(pv, node.metadata?.labels) === undefined;
    if (boundToClaim) return nodeAffinityValid ? pv : undefined;
    const phase = pv.status?.phase ?? 'Pending';
    if (phase !== 'Available' && phase !== 'Pending') continue;
    if (selector && !selector.matches(pv.metadata?.labels)) continue;
    if (getPersistentVolumeClass(pv) !== requestedClass) continue;
    if (!nodeAffinityValid) continue;
    if (!(claim.spec?.accessModes ?? []).every((m) => (pv.spec?.accessModes ?? []).includes(m))) continue;
    if (!smallest || smallestQty > qty) {
      smallest = pv;
      smallestQty = qty;
    }
  }
  return smallest;
}

function isVolumeBoundToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/** Whether the node's labels satisfy some allowed topology term; no terms allow every node (MatchTopologySelectorTerms). */
export function matchTopologySelectorTerms(terms: TopologySelectorTerm[] | undefined, labels: Record<string, string> | undefined): boolean {
  if (!terms || terms.length === 0) return true;
  // An empty term selects nothing.
  return terms.some((t) => (t.matchLabelExpressions ?? []).length > 0 && t.matchLabelExpressions!.every((r) => labels?.[r.key] !== undefined && r.values.includes(labels[r.key]!)));
}

/** The kubernetes.io/hostname values `In` a local volume's node affinity pins it to (GetLocalPersistentVolumeNodeNames). */
export function getLocalPersistentVolumeNodeNames(pv: PersistentVolume): string[] {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return [];
  const result = new Set<string>();
  for (const term of required.nodeSelectorTerms ?? []) {
    let nodes: Set<string> | undefined;
    for (const e of term.matchExpressions ?? []) {
      if (e.key !== 'kubernetes.io/hostname' || e.operator !== 'In') continue;
      const s = new Set(e.values ?? []);
      nodes = nodes ? new Set([...nodes].filter((n) => s.has(n))) : s;
    }
    for (const n of nodes ?? []) result.add(n);
  }
  return [...result].sort();
}
