/** Request bodies into objects: strict decoding and defaulting, as the API server decodes (loaded only by writes). */
import * as apierrors from '../api/errors.js';
import type { KindInfo } from '../api/kinds.js';
import { apiVersionOf, type KubeObject } from '../api/object.js';
import { applyDefaults } from '../api/defaults/index.js';
import { strictDecode } from '../api/strict-decode.js';
import { toStoredVersion } from './codec.js';

/**
 * Turns a request body into a defaulted object of the storage version, refusing what the API server
 * refuses while decoding (`Deployment in version "v1" cannot be handled as a Deployment: ...`).
 */
export function decodeRequestObject(body: unknown, kind: KindInfo, version: string, opts: { owned?: boolean } = {}): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw apierrors.badRequest(`${kind.kind} in version "${version}" cannot be handled as a ${kind.kind}: json: cannot unmarshal ${jsonTypeName(body)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  // The caller's object is never changed, unless it is a copy made for this request (`owned`: a patch's result).
  const obj = (opts.owned ? body : structuredClone(body)) as KubeObject;
  const expected = apiVersionOf(kind.group, version);
  obj.apiVersion ||= expected;
  obj.kind ||= kind.kind;
  if (obj.apiVersion !== expected || obj.kind !== kind.kind) {
    throw apierrors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  const problem = strictDecode(obj, { group: kind.group, version, kind: kind.kind });
  if (problem) throw apierrors.badRequest(`${kind.kind} in version "${version}" cannot be handled as a ${kind.kind}: ${problem}`);
  if (obj.metadata === null || obj.metadata === undefined) obj.metadata = {};
  const stored = toStoredVersion(obj, kind);
  applyDefaults(stored);
  return stored;
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object';
}

