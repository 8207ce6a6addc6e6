/**
 * core/v1 Events as core's ValidateEventCreate/Update for requests in v1: only the legacy rules apply (no metadata
 * checks); events with an eventTime must name their reporter, action and reason.
 */
import { invalid, required, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { isDNS1123Subdomain, isQualifiedName } from '../name-validation.js';

interface EventLike extends KubeObject {
  involvedObject?: { namespace?: string };
  eventTime?: string | null;
  reportingComponent?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  message?: string;
}

const limits = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;
const byteLength = (s: string | undefined) => Buffer.byteLength(s ?? '');

/** legacyValidateEvent: the event's namespace agrees with its involved object's, and the series-era fields are set. */
export function validateEvent(obj: KubeObject): FieldError[] {
  const ev = obj as EventLike;
  const errs: FieldError[] = [];
  const ns = ev.metadata.namespace ?? '';
  const involvedNs = ev.involvedObject?.namespace ?? '';
  const mismatch = () => errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  if (!ev.eventTime) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default') mismatch();
    } else if (ns !== involvedNs) mismatch();
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system') mismatch();
    // The v1 JSON name of ReportingController is reportingComponent.
    const controller = ev.reportingComponent ?? '';
    if (!controller) errs.push(required('reportingController', ''));
    for (const m of isQualifiedName(controller)) errs.push(invalid('reportingController', controller, m));
    if (!ev.reportingInstance) errs.push(required('reportingInstance', ''));
    if (byteLength(ev.reportingInstance) > limits.reportingInstance) errs.push(invalid('reportingInstance', '', `can have at most ${limits.reportingInstance} characters`));
    if (!ev.action) errs.push(required('action', ''));
    if (byteLength(ev.action) > limits.action) errs.push(invalid('action', '', `can have at most ${limits.action} characters`));
    if (!ev.reason) errs.push(required('reason', ''));
    if (byteLength(ev.reason) > limits.reason) errs.push(invalid('reason', '', `can have at most ${limits.reason} characters`));
    if (byteLength(ev.message) > limits.message) errs.push(invalid('message', '', `can have at most ${limits.message} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid('namespace', ns, m));
  return errs;
}

/** Updates of v1 Events get the same legacy checks and nothing else. */
export function validateEventUpdate(obj: KubeObject, _old: KubeObject): FieldError[] {
  return validateEvent(obj);
}

export const eventValidator = { validate: validateEvent, validateUpdate: validateEventUpdate };
