/** Applies a PATCH body of any supported type to a live object, with the apiserver's errors. */
import * as apierrors from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { applyJsonPatch } from '../api/patch/json-patch.js';
import { applyMergePatch } from '../api/patch/merge-patch.js';
import { applyStrategicMergePatch } from '../api/patch/strategic-merge-patch.js';

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
        return applyJsonPatch(live, body as never) as KubeObject;
      case PatchType.Merge:
        return applyMergePatch(live, body) as KubeObject;
      case PatchType.StrategicMerge:
        if (!kind) return applyMergePatch(live, body) as KubeObject;
        return applyStrategicMergePatch(live, body as never, { group: kind.group, version, kind: kind.kind }) as KubeObject;
      default:
        throw apierrors.badRequest(`the server does not support patch type ${String(type)}`);
    }
  } catch (e) {
    if (e instanceof apierrors.StatusError) throw e;
    throw apierrors.internalError(e);
  }
}
