/**
 * The Event kubesim records for a static pod manifest the kubelet cannot use. Upstream's kubelet only logs these
 * (`"Could not process manifest file"`); the issue asks for an Event too, so that `kubesim get events` and
 * `kubesim describe node` show it. It is recorded as the kubelet records its node events: a Warning about the
 * kubelet's node reference (kind Node, uid = the node's name, so describe node finds it), from the kubelet on that
 * host, with the reason the kubelet's event vocabulary has for pods it refuses from a config source,
 * FailedValidation (pkg/kubelet/events; config.go: "Error validating pod ... from file, ignoring").
 */
import type { ManifestError } from './static-pod-source.js';

export const ManifestErrorReason = 'FailedValidation';

/** What records events: the kubelet's EventRecorder (client-go's record.EventRecorder) fits. */
export interface EventSink {
  event(ref: { kind: string; name: string; uid?: string; apiVersion: string }, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** kubelet.go's nodeRef: the kubelet names its node's uid by the node's name. */
export const kubeletNodeReference = (nodeName: string) => ({ kind: 'Node', name: nodeName, uid: nodeName, apiVersion: '' });

/** The event's message: the file, then the kubelet's error (without repeating the path it starts with). */
export function manifestErrorMessage(error: ManifestError): string {
  const detail = error.error.startsWith(`${error.path}: `) ? error.error.slice(error.path.length + 2) : error.error;
  return `Could not process manifest file ${JSON.stringify(error.path)}: ${detail}`;
}

/** Records one manifest error as a Warning event on the node. */
export function recordManifestError(recorder: EventSink, nodeName: string, error: ManifestError): void {
  recorder.event(kubeletNodeReference(nodeName), 'Warning', ManifestErrorReason, manifestErrorMessage(error));
}
