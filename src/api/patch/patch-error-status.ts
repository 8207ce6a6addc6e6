/** The metav1.Status the API server answers a failed patch with, for each error the patch code throws. */
import { StatusError, StatusReason, type Status } from '../errors.js';
import { JsonPatchDecodeError, JsonPatchError, JsonPatchTooLargeError } from './json-patch.js';
import { MergePatchError } from './merge-patch.js';
import { StrategicMergePatchError } from './strategic-merge-errors.js';

/** NewGenericServerResponse(422, ...) drops the library's message: the client sees only this. */
const REJECTED = 'the server rejected our request due to an error in our request';

function status(code: number, message: string, reason?: StatusReason, details?: Status['details']): StatusError {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) s.reason = reason;
  if (details) s.details = details;
  return new StatusError(s);
}

/**
 * The StatusError for an error from applying a patch (patch.go's applyJSPatch and
 * interpretStrategicMergePatchError), or undefined for an error that is not a patch error.
 * Errors the API server does not map (most strategic merge failures) are a 500 with no reason and
 * the library's message, which kubectl prints as `Error from server: <message>`.
 */
export function patchErrorToStatus(e: unknown): StatusError | undefined {
  if (e instanceof JsonPatchError) return status(422, REJECTED, StatusReason.Invalid, {});
  if (e instanceof JsonPatchDecodeError) return status(400, e.message, StatusReason.BadRequest);
  if (e instanceof JsonPatchTooLargeError) return status(413, `Request entity too large: ${e.message}`, StatusReason.RequestEntityTooLarge);
  if (e instanceof MergePatchError || e instanceof StrategicMergePatchError) {
    switch (e.code) {
      case 400:
        return status(400, e.message, StatusReason.BadRequest);
      case 415:
        return status(415, e.message, StatusReason.UnsupportedMediaType);
      case 422:
        return status(422, REJECTED, StatusReason.Invalid, {});
      case 409:
        return status(409, e.message, StatusReason.Conflict);
      default:
        return status(500, e.message);
    }
  }
  return undefined;
}
