/**
 * StatefulPodControl (pkg/controller/statefulset/stateful_pod_control.go): creates a member pod after its claims,
 * repairs a pod's identity and storage, deletes pods, keeps claim owner references in step with the retention
 * policy, and records the events `kubectl describe sts` shows ("create Pod web-0 in StatefulSet web successful",
 * "create Claim www-web-0 Pod web-0 in StatefulSet web success").
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isConflict } from '../../api/errors.js';
import { deepCopy, type KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { referenceOf, type EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import { PersistentVolumeClaims, Pods } from '../../client/resources.js';
import { aggregateError } from '../util/controller-ref.js';
import {
  getOrdinal,
  getPersistentVolumeClaimName,
  getPersistentVolumeClaimRetentionPolicy,
  getPersistentVolumeClaims,
  hasStaleOwnerRef,
  identityMatches,
  isClaimOwnerUpToDate,
  podKind,
  storageMatches,
  updateClaimOwnerRefForSetAndPod,
  updateIdentity,
  updateStorage,
} from './utils.js';

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class StatefulPodControl {
  constructor(
    private readonly client: Client,
    private readonly pods: Informer,
    private readonly claims: Informer,
    private readonly recorder: EventRecorder,
  ) {}

  private getClaim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.claims.get(namespace, name) as PersistentVolumeClaim | undefined;
  }

  /** CreateStatefulPod: the claims first, then the pod; an existing pod is an error without an event. */
  async createStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createPersistentVolumeClaims(set, pod);
    } catch (err) {
      this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    try {
      await this.client.resource(Pods).namespace(pod.metadata!.namespace!).create(pod as KubeObject);
    } catch (err) {
      if (isAlreadyExists(err)) throw err;
      this.recordPodEvent('create', set, pod, err);
      throw err;
    }
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
    this.recordPodEvent('create', set, pod);
  }

  /** UpdateStatefulPod: restores identity, storage and claim owners, retrying conflicts from the cache. */
  async updateStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    let attempted = false;
    let lastErr: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      let consistent = true;
      if (!identityMatches(set, pod)) {
        updateIdentity(set, pod);
        consistent = false;
      }
      try {
        if (!storageMatches(set, pod)) {
          updateStorage(set, pod);
          consistent = false;
          await this.createPersistentVolumeClaims(set, pod);
        }
        if (!this.claimsMatchRetentionPolicy(set, pod)) {
          await this.updatePodClaimForRetentionPolicy(set, pod);
          consistent = false;
        }
      } catch (err) {
        this.recordPodEvent('update', set, pod, err);
        throw err;
      }
      if (consistent) return;
      attempted = true;
      try {
        await this.client.resource(Pods).namespace(pod.metadata!.namespace!).update(pod as KubeObject);
        lastErr = undefined;
        break;
      } catch (err) {
        lastErr = err;
        const cached = this.pods.get(set.metadata!.namespace, pod.metadata!.name!);
        if (cached) pod = deepCopy(cached) as Pod;
        if (!isConflict(err)) break;
      }
    }
    if (attempted) this.recordPodEvent('update', set, pod, lastErr);
    if (lastErr) throw lastErr;
  }

  async deleteStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.client.resource(Pods).namespace(pod.metadata!.namespace!).delete(pod.metadata!.name!);
    } catch (err) {
      this.recordPodEvent('delete', set, pod, err);
      throw err;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the owners the policy asks for. */
  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean {
    const ordinal = getOrdinal(pod);
    for (const template of set.spec?.volumeClaimTemplates ?? []) {
      const claim = this.getClaim(set.metadata!.namespace!, getPersistentVolumeClaimName(set, template, ordinal));
      // A missing claim is picked up on the next round.
      if (claim && !isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  /** UpdatePodClaimForRetentionPolicy: rewrites the owners of the pod's claims that do not fit the policy. */
  async updatePodClaimForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    const ordinal = getOrdinal(pod);
    for (const template of set.spec?.volumeClaimTemplates ?? []) {
      const claimName = getPersistentVolumeClaimName(set, template, ordinal);
      const cached = this.getClaim(set.metadata!.namespace!, claimName);
      if (!cached || isClaimOwnerUpToDate(cached, set, pod)) continue;
      const claim = deepCopy(cached);
      updateClaimOwnerRefForSetAndPod(claim, set, pod);
      try {
        await this.client.resource(PersistentVolumeClaims).namespace(set.metadata!.namespace!).update(claim as KubeObject);
      } catch (err) {
        throw new Error(`Could not update claim ${claimName} for delete policy ownerRefs: ${(err as Error).message}`, { cause: err });
      }
    }
  }

  /** PodClaimIsStale: under WhenScaled=Delete, a claim still owned by an earlier pod of this name blocks creation. */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    if (getPersistentVolumeClaimRetentionPolicy(set).whenScaled === 'Retain') return false;
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const pvc = this.getClaim(claim.metadata!.namespace!, claim.metadata!.name!);
      if (pvc && hasStaleOwnerRef(pvc as never, pod as never, podKind)) return true;
    }
    return false;
  }

  /** createMissingPersistentVolumeClaims: for a pending pod whose claims went missing. */
  async createMissingPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.createPersistentVolumeClaims(set, pod);
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (err) {
      this.recordPodEvent('update', set, pod, err);
      throw err;
    }
  }

  /** createPersistentVolumeClaims: creates each of the pod's claims that does not exist; a deleting claim is an error. */
  async createPersistentVolumeClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errs: Error[] = [];
    for (const claim of getPersistentVolumeClaims(set, pod).values()) {
      const name = claim.metadata!.name!;
      const existing = this.getClaim(claim.metadata!.namespace!, name);
      if (existing) {
        if (existing.metadata?.deletionTimestamp) errs.push(new Error(`pvc ${name} is being deleted`));
        continue;
      }
      const body = deepCopy(claim) as KubeObject & { status?: unknown };
      body.apiVersion = 'v1';
      body.kind = 'PersistentVolumeClaim';
      delete body.status;
      try {
        await this.client.resource(PersistentVolumeClaims).namespace(claim.metadata!.namespace!).create(body);
        this.recordClaimEvent('create', set, pod, claim);
      } catch (err) {
        errs.push(new Error(`failed to create PVC ${name}: ${(err as Error).message}`));
        if (!isAlreadyExists(err)) this.recordClaimEvent('create', set, pod, claim, err);
      }
    }
    const err = aggregateError(errs);
    if (err) throw err;
  }

  private recordPodEvent(verb: string, set: StatefulSet, pod: Pod, err?: unknown): void {
    const podName = pod.metadata?.name;
    const setName = set.metadata?.name;
    if (!err) this.recorder.event(referenceOf(set as never), 'Normal', `Successful${title(verb)}`, `${verb.toLowerCase()} Pod ${podName} in StatefulSet ${setName} successful`);
    else this.recorder.event(referenceOf(set as never), 'Warning', `Failed${title(verb)}`, `${verb.toLowerCase()} Pod ${podName} in StatefulSet ${setName} failed error: ${(err as Error).message}`);
  }

  private recordClaimEvent(verb: string, set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, err?: unknown): void {
    const claimName = claim.metadata?.name;
    const podName = pod.metadata?.name;
    const setName = set.metadata?.name;
    if (!err) this.recorder.event(referenceOf(set as never), 'Normal', `Successful${title(verb)}`, `${verb.toLowerCase()} Claim ${claimName} Pod ${podName} in StatefulSet ${setName} success`);
    else this.recorder.event(referenceOf(set as never), 'Warning', `Failed${title(verb)}`, `${verb.toLowerCase()} Claim ${claimName} for Pod ${podName} in StatefulSet ${setName} failed error: ${(err as Error).message}`);
  }
}
