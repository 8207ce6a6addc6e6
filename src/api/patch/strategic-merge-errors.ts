/** Errors of strategic merge patch with apimachinery's texts, and the HTTP status the API server answers each with. */
import { goSprint, goTypeName } from './json-value.js';

/**
 * A strategic merge patch that cannot be applied or computed. `code` is what the API server answers
 * (interpretStrategicMergePatchError): 400 for a malformed patch, 422 for lists of lists, and 500
 * (reason unknown, the message as is) for everything else.
 */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 409 | 415 | 422 | 500 = 500,
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

/** mergepatch's sentinel errors. */
export const errBadJSONDoc = () => new StrategicMergePatchError('invalid JSON document', 400);
export const errNoListOfLists = () => new StrategicMergePatchError('lists of lists are not supported', 422);
export const errBadPatchFormatForPrimitiveList = () => new StrategicMergePatchError('invalid patch format of primitive list', 400);
export const errBadPatchFormatForRetainKeys = () => new StrategicMergePatchError('invalid patch format of retainKeys', 400);
export const errBadPatchFormatForSetElementOrderList = () =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 400);

/** mergepatch.ErrNoMergeKey. */
export const errNoMergeKey = (m: unknown, key: string) =>
  new StrategicMergePatchError(`map: ${goSprint(m)} does not contain declared merge key: ${key}`);

/** mergepatch.ErrBadArgType: `expected` names the Go type wanted ('map' or 'slice'). */
export const errBadArgType = (expected: 'map' | 'slice', actual: unknown) =>
  new StrategicMergePatchError(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
  );

/** mergepatch.ErrBadPatchType. */
export const errBadPatchType = (t: unknown, m: unknown) =>
  new StrategicMergePatchError(`unknown patch type: ${goPercentS(t)} in map: ${goSprint(m)}`);

/** fmt's %s of an interface value: strings as they are, anything else flagged as Go does. */
function goPercentS(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '%!s(<nil>)';
  return `%!s(${goTypeName(v)}=${goSprint(v)})`;
}
