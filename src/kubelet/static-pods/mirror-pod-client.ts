/**
 * The kubelet's mirror pod client (pkg/kubelet/pod/mirror_client.go): creates the API object that shows a static
 * pod in `kubectl get pods` (the static pod's copy, with the kubernetes.io/config.mirror annotation and the Node as
 * its controller owner) and deletes it at once, with the UID precondition when one is given.
 */
import * as apierrors from '../../api/errors.js';
import { deepCopy, type KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { Nodes, Pods } from '../../client/resources.js';
import type { Logger } from '../../util/logger.js';
import { ConfigHashAnnotationKey, ConfigMirrorAnnotationKey } from './manifest-decoder.js';
import { mirrorPodRefusal } from './mirror-pod-admission.js';

/** The mirror pod of a static pod: a copy with the mirror annotation (its hash) and the Node as controller owner. */
export function mirrorPodFor(pod: KubeObject, node: { name: string; uid: string }): KubeObject {
  const copy = deepCopy(pod);
  copy.metadata.annotations = { ...copy.metadata.annotations, [ConfigMirrorAnnotationKey]: podHash(pod) };
  copy.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }];
  return copy;
}

/** getPodHash: the static pod's config.hash annotation. */
export const podHash = (pod: KubeObject): string => pod.metadata.annotations?.[ConfigHashAnnotationKey] ?? '';

export class MirrorPodClient {
  constructor(
    private readonly client: Client,
    private readonly nodeName: string,
    private readonly log: Logger,
  ) {}

  /** CreateMirrorPod: the created mirror; throws what the API answers (an existing mirror of the same hash counts as created). */
  async createMirrorPod(pod: KubeObject): Promise<KubeObject> {
    const node = await this.client.resource(Nodes).get(this.nodeName);
    if (!node.metadata.uid) throw new Error(`failed to get node UID: UID unset for Node ${this.nodeName}`);
    const mirror = mirrorPodFor(pod, { name: this.nodeName, uid: node.metadata.uid });
    const refused = mirrorPodRefusal(mirror, this.nodeName);
    if (refused !== undefined) throw apierrors.forbidden({ group: '', resource: 'pods' }, mirror.metadata.name!, refused);
    const ns = mirror.metadata.namespace ?? 'default';
    try {
      return await this.client.resource(Pods).namespace(ns).create(mirror);
    } catch (e) {
      if (apierrors.isAlreadyExists(e)) {
        const existing = await this.client.resource(Pods).namespace(ns).get(mirror.metadata.name!).catch(() => undefined);
        if (existing && existing.metadata.annotations?.[ConfigMirrorAnnotationKey] === podHash(pod)) return existing;
      }
      throw e;
    }
  }

  /** DeleteMirrorPod: true when this call deleted it; a missing pod or a failed UID precondition is no error. */
  async deleteMirrorPod(namespace: string, name: string, uid?: string): Promise<boolean> {
    try {
      await this.client.resource(Pods).namespace(namespace).delete(name, { gracePeriodSeconds: 0, ...(uid ? { preconditions: { uid } } : {}) });
      return true;
    } catch (e) {
      if (!apierrors.isNotFound(e) && !apierrors.isConflict(e)) {
        this.log.withSource('mirror_client.go:131').error('Failed deleting a mirror pod', { err: (e as Error).message, pod: `${namespace}/${name}` });
      }
      return false;
    }
  }
}
