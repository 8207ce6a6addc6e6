/** API errors as Kubernetes returns them: a metav1.Status inside an Error, with apimachinery's exact messages. */
import { aggregate, type FieldError } from './field-error.js';

export const StatusReason = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Invalid: 'Invalid',
  BadRequest: 'BadRequest',
  Forbidden: 'Forbidden',
  Unauthorized: 'Unauthorized',
  Gone: 'Gone',
  Expired: 'Expired',
  MethodNotAllowed: 'MethodNotAllowed',
  NotAcceptable: 'NotAcceptable',
  UnsupportedMediaType: 'UnsupportedMediaType',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  InternalError: 'InternalError',
  Timeout: 'Timeout',
  ServiceUnavailable: 'ServiceUnavailable',
  TooManyRequests: 'TooManyRequests',
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status as the API serves it. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Failure' | 'Success';
  message: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A Kubernetes API error; `status` is what the API server would send. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'StatusError';
  }
  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
  get code(): number {
    return this.status.code;
  }
}

/** A group and resource as upstream's schema.GroupResource, printed `pods` or `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** A group and kind as upstream's schema.GroupKind, printed `Pod` or `Deployment.apps`. */
export interface GroupKind {
  group: string;
  kind: string;
}

export const groupResourceString = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
export const groupKindString = (gk: GroupKind) => (gk.group ? `${gk.kind}.${gk.group}` : gk.kind);

function failure(code: number, reason: StatusReason | undefined, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) status.reason = reason;
  if (details) status.details = details;
  return new StatusError(status);
}

const withName = (gr: GroupResource, name: string): StatusDetails => {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return d;
};

export function notFound(gr: GroupResource, name: string): StatusError {
  return failure(404, StatusReason.NotFound, `${groupResourceString(gr)} "${name}" not found`, withName(gr, name));
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return failure(409, StatusReason.AlreadyExists, `${groupResourceString(gr)} "${name}" already exists`, withName(gr, name));
}

export const OptimisticLockErrorMsg = 'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, why: string = OptimisticLockErrorMsg): StatusError {
  return failure(409, StatusReason.Conflict, `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${why}`, withName(gr, name));
}

export function invalid(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (gk.group) details.group = gk.group;
  details.kind = gk.kind;
  details.causes = errs.map((e) => ({ reason: e.type, message: e.body(), field: e.field }));
  const prefix = `${groupKindString(gk)} "${name}" is invalid`;
  const message = errs.length ? `${prefix}: ${aggregate(errs)}` : prefix;
  return failure(422, StatusReason.Invalid, message, details);
}

export function badRequest(message: string): StatusError {
  return failure(400, StatusReason.BadRequest, message);
}

export function forbidden(gr: GroupResource, name: string, why: string, causes?: StatusCause[]): StatusError {
  const message = name ? `${groupResourceString(gr)} "${name}" is forbidden: ${why}` : `${groupResourceString(gr)} is forbidden: ${why}`;
  const details = withName(gr, name);
  if (causes) details.causes = causes;
  return failure(403, StatusReason.Forbidden, message, details);
}

/** 410 for a resourceVersion older than the compacted history. */
export function resourceExpired(message: string): StatusError {
  return failure(410, StatusReason.Expired, message);
}

export function gone(message: string): StatusError {
  return failure(410, StatusReason.Gone, message);
}

export function methodNotSupported(gr: GroupResource, action: string): StatusError {
  return failure(405, StatusReason.MethodNotAllowed, `${action} is not supported on resources of kind "${groupResourceString(gr)}"`, {
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  });
}

export function internalError(err: unknown): StatusError {
  const msg = err instanceof Error ? err.message : String(err);
  return failure(500, StatusReason.InternalError, `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

export function timeout(message: string, retryAfterSeconds = 0): StatusError {
  return failure(504, StatusReason.Timeout, `Timeout: ${message}`, { retryAfterSeconds });
}

/** The kind of an error for callers that branch on it, as apierrors.IsNotFound and friends. */
export const isNotFound = (e: unknown) => e instanceof StatusError && e.reason === StatusReason.NotFound;
export const isAlreadyExists = (e: unknown) => e instanceof StatusError && e.reason === StatusReason.AlreadyExists;
export const isConflict = (e: unknown) => e instanceof StatusError && e.reason === StatusReason.Conflict;
export const isInvalid = (e: unknown) => e instanceof StatusError && e.reason === StatusReason.Invalid;
export const isForbidden = (e: unknown) => e instanceof StatusError && e.reason === StatusReason.Forbidden;
/** HasStatusCause: the error's details name a cause of this type (e.g. NamespaceTerminating). */
export const hasStatusCause = (e: unknown, type: string) => e instanceof StatusError && !!e.status.details?.causes?.some((c) => c.reason === type);
export const isResourceExpired = (e: unknown) =>
  e instanceof StatusError && (e.reason === StatusReason.Expired || e.reason === StatusReason.Gone);

/** A client-side mapping failure, as apimachinery's meta.NoKindMatchError: the server serves no such kind. */
export class NoKindMatchError extends Error {
  constructor(
    readonly group: string,
    readonly version: string,
    readonly kindName: string,
  ) {
    const gv = group ? `${group}/${version}` : version;
    super(version ? `no matches for kind "${kindName}" in version "${gv}"` : `no matches for kind "${kindName}" in group "${group}"`);
    this.name = 'NoKindMatchError';
  }
}
