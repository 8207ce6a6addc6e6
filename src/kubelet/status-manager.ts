/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go): writes a pod's status to the API when it
 * changes, only to the pod it was computed for (UID checked; for a static pod, its mirror pod), retrying on
 * conflicts; and deletes a terminated pod with grace period 0 and a UID precondition, as the kubelet finishes a
 * graceful deletion.
 */
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { Pods } from '../client/resources.js';
import type { Logger } from '../util/logger.js';

const MirrorAnnotation = 'kubernetes.io/config.mirror';
const HashAnnotation = 'kubernetes.io/config.hash';

const isNotFound = (e: unknown) => e instanceof StatusError && e.status.reason === 'NotFound';
const isConflict = (e: unknown) => e instanceof StatusError && e.status.reason === 'Conflict';

/** Which API object holds the status of a pod the kubelet runs. */
export function statusTarget(pod: Pod): { namespace: string; name: string; matches(api: Pod): boolean } {
  const namespace = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  const hash = pod.metadata?.annotations?.[HashAnnotation];
  const isStatic = pod.metadata?.annotations?.['kubernetes.io/config.source'] === 'file';
  return {
    namespace,
    name,
    matches: (api) => (isStatic ? api.metadata?.annotations?.[MirrorAnnotation] === hash : api.metadata?.uid === pod.metadata?.uid),
  };
}

export class StatusManager {
  /** The last status written per pod UID (JSON), so unchanged statuses are not written again. */
  private readonly written = new Map<string, string>();
  /** The pod as the last write returned it, per UID: a newer version than the kubelet's watch may have delivered yet. */
  private readonly lastPod = new Map<string, Pod>();

  constructor(
    private readonly client: Client,
    private readonly log: Logger,
  ) {}

  /** Forgets what was written for a pod (its mirror pod was recreated, so it must be written again). */
  forget(uid: string): void {
    this.written.delete(uid);
    this.lastPod.delete(uid);
  }

  /**
   * Writes status for the pod; returns the API pod as written (undefined when there is no API object to write to,
   * e.g. a static pod whose mirror pod does not exist yet, or a deleted pod).
   */
  async setStatus(pod: Pod, status: PodStatus): Promise<Pod | undefined> {
    const uid = pod.metadata?.uid ?? '';
    const text = JSON.stringify(status);
    if (this.written.get(uid) === text) return undefined;
    const target = statusTarget(pod);
    const ops = this.client.resource(Pods).namespace(target.namespace);
    // The newest version of the pod known here: unless something else wrote it since, it is what a GET would return,
    // so the write goes first and a conflict falls back to reading it (a GET per status write is half the cost).
    const known = this.newest(pod, this.lastPod.get(uid));
    if (known && target.matches(known)) {
      try {
        const written = (await ops.updateStatus({ ...known, status } as unknown as KubeObject)) as unknown as Pod;
        this.recordWrite(uid, text, written);
        return written;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        if (!isConflict(e)) throw e;
      }
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      let current: Pod;
      try {
        current = (await ops.get(target.name)) as unknown as Pod;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
      if (!target.matches(current)) return undefined;
      const next = { ...current, status } as unknown as KubeObject;
      try {
        const written = (await ops.updateStatus(next)) as unknown as Pod;
        this.recordWrite(uid, text, written);
        return written;
      } catch (e) {
        if (isNotFound(e)) return undefined;
        if (isConflict(e)) continue;
        throw e;
      }
    }
    this.log.warn('Failed to update status for pod', { pod: `${target.namespace}/${target.name}`, err: 'too many conflicts' });
    return undefined;
  }

  private recordWrite(uid: string, text: string, written: Pod): void {
    this.written.set(uid, text);
    this.lastPod.set(uid, written);
  }

  /** The later of two versions of an API pod (resourceVersions are increasing integers); none for a static pod. */
  private newest(pod: Pod, last: Pod | undefined): Pod | undefined {
    if (pod.metadata?.annotations?.['kubernetes.io/config.source'] === 'file') return undefined;
    const rv = (p: Pod | undefined) => Number(p?.metadata?.resourceVersion ?? NaN);
    if (!last || !(rv(last) > rv(pod))) return Number.isFinite(rv(pod)) ? pod : undefined;
    return last;
  }

  /** Deletes the pod's API object now that nothing runs (grace period 0, UID precondition). */
  async deletePod(pod: Pod): Promise<void> {
    const namespace = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    try {
      await this.client.resource(Pods).namespace(namespace).delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } });
    } catch (e) {
      if (isNotFound(e) || isConflict(e)) return;
      throw e;
    }
    this.written.delete(pod.metadata?.uid ?? '');
    this.lastPod.delete(pod.metadata?.uid ?? '');
  }
}
