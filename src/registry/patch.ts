/** Applies a PATCH body of any supported type to a live object, with the apiserver's errors. */
import * as apierrors from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { decodeJsonPatch, applyJsonPatch } from '../api/patch/json-patch.js';
import { applyMergePatch } from '../api/patch/merge-patch.js';
import { patchErrorToStatus } from '../api/patch/patch-error-status.js';
import { applyStrategicMergePatch } from '../api/patch/strategic-merge-patch.js';

/**
 * `kind` is the served kind being patched; undefined for the autoscaling/v1 Scale, which has no lists,
 * so a strategic merge patch of it is a merge patch.
 */
export function applyPatch(live: KubeObject, type: PatchType, patch: unknown, kind: KindInfo | undefined, version: string): KubeObject {
  let body = patch;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch (e) {
      throw apierrors.badRequest(`error decoding patch: ${(e as Error).message}`);
    }
  }
  try {
    switch (type) {
      case PatchType.JSON:
        return applyJsonPatch(live, decodeJsonPatch(body)) as KubeObject;
      case PatchType.Merge:
        return applyMergePatch(live, body) as KubeObject;
      case PatchType.StrategicMerge:
        if (!kind) return applyMergePatch(live, body) as KubeObject;
        return applyStrategicMergePatch(live, body as never, { group: kind.group, version, kind: kind.kind }) as KubeObject;
      default:
        throw new apierrors.StatusError({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
          reason: 'UnsupportedMediaType',
          code: 415,
        });
    }
  } catch (e) {
    if (e instanceof apierrors.StatusError) throw e;
    throw patchErrorToStatus(e) ?? apierrors.internalError(e);
  }
}
