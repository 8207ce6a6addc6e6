/** ControllerRevision validation as pkg/apis/apps/validation: data is mandatory and, like revision history should be, never rewritten. */
import { GoRaw, goQuote, invalid, required, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { FieldImmutableErrorMsg, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { num, root } from './other-common.js';

/** Whether data converts to a nil runtime.Object (missing or JSON null). */
const dataIsNil = (data: unknown) => data === undefined || data === null;

/**
 * %#v of the runtime.Unknown that conversion makes of a RawExtension: the raw JSON bytes, content type JSON.
 */
function goUnknown(data: unknown): GoRaw {
  const bytes = [...Buffer.from(JSON.stringify(data), 'utf8')].map((b) => `0x${b.toString(16)}`);
  return new GoRaw(
    `runtime.Unknown{TypeMeta:runtime.TypeMeta{APIVersion:"", Kind:""}, Raw:[]byte{${bytes.join(', ')}}, ContentEncoding:"", ContentType:${goQuote('application/json')}}`,
  );
}

/** A ControllerRevision on create: data required, revision >= 0. */
export function validateControllerRevision(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  if (dataIsNil(obj['data'])) errs.push(required(root('data'), 'data is mandatory'));
  errs.push(...validateNonnegativeField(num(obj['revision']) ?? 0, root('revision')));
  return errs;
}

/** A ControllerRevision on update: everything of create, and data may not change. */
export function validateControllerRevisionUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  errs.push(...validateControllerRevision(obj));
  const data = obj['data'];
  if (!deepEqual(dataIsNil(data) ? null : data, dataIsNil(old['data']) ? null : old['data'])) {
    errs.push(invalid(root('data'), dataIsNil(data) ? null : goUnknown(data), FieldImmutableErrorMsg));
  }
  return errs;
}
