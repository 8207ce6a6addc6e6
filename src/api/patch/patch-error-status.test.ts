import { applyJsonPatch, JsonPatchDecodeError, JsonPatchTooLargeError } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { patchErrorToStatus } from './patch-error-status.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const caught = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};

describe('the Status a failed patch is answered with', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } };
  it.each([
    [
      'a JSON patch operation that does not apply is a 422 whose message hides the cause',
      () => applyJsonPatch(pod, [{ op: 'remove', path: '/spec/affinity' }]),
      { code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request', details: {} },
    ],
    ['a JSON patch that is not a list is a 400', () => { throw new JsonPatchDecodeError('json: cannot unmarshal object into Go value of type jsonpatch.Patch'); }, { code: 400, reason: 'BadRequest', message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' }],
    ['too many JSON patch operations is a 413', () => { throw new JsonPatchTooLargeError(10001); }, { code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001' }],
    ['a merge patch that is a scalar is a 400', () => applyMergePatch(pod, 5), { code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' }],
    [
      'a strategic merge list item without its key is a 500 with the library message',
      () => applyStrategicMergePatch(pod, { spec: { containers: [{ image: 'y' }] } }, { group: '', version: 'v1', kind: 'Pod' }),
      { code: 500, message: 'map: map[image:y] does not contain declared merge key: name' },
    ],
    [
      'a strategic merge patch for a custom resource is a 415',
      () => applyStrategicMergePatch({}, {}, { group: 'example.com', version: 'v1', kind: 'Widget' }),
      {
        code: 415,
        reason: 'UnsupportedMediaType',
        message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      },
    ],
  ])('%s', (_name, run, expected) => {
    const statusError = patchErrorToStatus(caught(run));
    expect(statusError?.status).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...expected });
  });

  it('leaves errors that are not patch errors alone', () => {
    expect(patchErrorToStatus(new Error('boom'))).toBeUndefined();
  });
});
