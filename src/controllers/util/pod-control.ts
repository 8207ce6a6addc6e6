/**
 * RealPodControl (pkg/controller/controller_utils.go): how workload controllers create, delete and patch the pods
 * they own, recording the events `kubectl describe` shows on the owner (SuccessfulCreate "Created pod: x",
 * FailedCreate "Error creating: ...", SuccessfulDelete "Deleted pod: x", FailedDelete "Error deleting: ...").
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { hasStatusCause, isNotFound } from '../../api/errors.js';
import { deepCopy, type KubeObject, type OwnerReference } from '../../api/object.js';
import { PatchType } from '../../api/request-options.js';
import type { Client } from '../../client/client.js';
import { referenceOf, type EventRecorder } from '../../client/event-recorder.js';
import { Pods } from '../../client/resources.js';

export const FailedCreatePodReason = 'FailedCreate';
export const SuccessfulCreatePodReason = 'SuccessfulCreate';
export const FailedDeletePodReason = 'FailedDelete';
export const SuccessfulDeletePodReason = 'SuccessfulDelete';

/** The cause the API server puts on a create refused because the namespace is terminating. */
export const NamespaceTerminatingCause = 'NamespaceTerminating';

/** `<name>-`, or the bare name when the dash would make an invalid prefix (getPodsPrefix). */
export function getPodsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  // ValidatePodName(prefix, true): a DNS-1123 subdomain once the trailing dash is masked.
  return prefix.length > 253 ? controllerName : prefix;
}

/** The pod a controller creates from its template: labels, annotations, finalizers and spec copied, owned by controllerRef. */
export function getPodFromTemplate(template: PodTemplateSpec, parentObject: KubeObject, controllerRef?: OwnerReference): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      generateName: getPodsPrefix(parentObject.metadata.name ?? ''),
      ...(meta.finalizers?.length ? { finalizers: [...meta.finalizers] } : {}),
    },
    spec: deepCopy(template.spec ?? { containers: [] }),
  };
  if (controllerRef) pod.metadata!.ownerReferences = [{ ...controllerRef }];
  return pod;
}

function validateControllerRef(ref: OwnerReference | undefined): void {
  if (!ref) throw new Error('controllerRef is nil');
  if (!ref.apiVersion) throw new Error('controllerRef has empty APIVersion');
  if (!ref.kind) throw new Error('controllerRef has empty Kind');
  if (ref.controller !== true) throw new Error('controllerRef.Controller is not set to true');
  if (ref.blockOwnerDeletion !== true) throw new Error("controllerRef.BlockOwnerDeletion is not set");
}

export class PodControl {
  constructor(
    private readonly client: Client,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates a pod from template owned by controllerRef, named `<owner>-xxxxx`. Resolves to the created pod. */
  createPods(namespace: string, template: PodTemplateSpec, controllerObject: KubeObject, controllerRef: OwnerReference): Promise<Pod> {
    return this.createPodsWithGenerateName(namespace, template, controllerObject, controllerRef, '');
  }

  /** createPods with another generateName (DaemonSets and Jobs choose their own); '' keeps `<owner>-`. */
  async createPodsWithGenerateName(
    namespace: string,
    template: PodTemplateSpec,
    controllerObject: KubeObject,
    controllerRef: OwnerReference,
    generateName: string,
  ): Promise<Pod> {
    validateControllerRef(controllerRef);
    const pod = getPodFromTemplate(template, controllerObject, controllerRef);
    if (generateName) pod.metadata!.generateName = generateName;
    return this.createPod(namespace, pod, controllerObject);
  }

  /** Creates a fully built pod (StatefulSets name theirs), with the same events. */
  async createPod(namespace: string, pod: Pod, object: KubeObject): Promise<Pod> {
    if (!pod.metadata?.labels || Object.keys(pod.metadata.labels).length === 0) throw new Error('unable to create pods, no labels');
    let created: KubeObject;
    try {
      created = await this.client.resource(Pods).namespace(namespace).create(pod as KubeObject);
    } catch (err) {
      // Only send an event if the namespace isn't terminating.
      if (!hasStatusCause(err, NamespaceTerminatingCause)) this.recorder.event(referenceOf(object), 'Warning', FailedCreatePodReason, `Error creating: ${(err as Error).message}`);
      throw err;
    }
    this.recorder.event(referenceOf(object), 'Normal', SuccessfulCreatePodReason, `Created pod: ${created.metadata.name}`);
    return created as Pod;
  }

  /**
   * Deletes a pod, recording SuccessfulDelete on object. As upstream, a NotFound error is thrown to the caller
   * (who lowers its expectations) but records no FailedDelete event.
   */
  async deletePod(namespace: string, podID: string, object: KubeObject): Promise<void> {
    try {
      await this.client.resource(Pods).namespace(namespace).delete(podID);
    } catch (err) {
      if (isNotFound(err)) throw err;
      this.recorder.event(referenceOf(object), 'Warning', FailedDeletePodReason, `Error deleting: ${(err as Error).message}`);
      throw new Error(`unable to delete pods: ${(err as Error).message}`, { cause: err });
    }
    this.recorder.event(referenceOf(object), 'Normal', SuccessfulDeletePodReason, `Deleted pod: ${podID}`);
  }

  /** A strategic merge patch of a pod (adoption and release of pods go through here). */
  async patchPod(namespace: string, name: string, patch: unknown): Promise<void> {
    const body = typeof patch === 'string' ? JSON.parse(patch) : patch;
    await this.client.resource(Pods).namespace(namespace).patch(name, PatchType.StrategicMerge, body);
  }
}
