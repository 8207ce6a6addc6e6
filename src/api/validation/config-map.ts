/** ConfigMaps as core's ValidateConfigMap and ValidateConfigMapUpdate: valid keys, 1 MiB in total, frozen once immutable. */
import { FieldPath, forbidden, invalid, tooLong, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import { sortedKeys } from './common.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isConfigMapKey } from './value-checks.js';

/** core.MaxSecretSize, which ConfigMaps share. */
export const MaxSecretSize = 1 * 1024 * 1024;
export const immutableFieldMsg = 'field is immutable when `immutable` is set';

interface ConfigMapLike extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

const decodedLength = (b64: string) => Buffer.from(b64 ?? '', 'base64').length;

/** A config map's keys and size. */
export function validateConfigMap(obj: KubeObject): FieldError[] {
  const cm = obj as ConfigMapLike;
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  let total = 0;
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  for (const key of sortedKeys(data)) {
    const p = FieldPath.root('data').key(key);
    for (const m of isConfigMapKey(key)) errs.push(invalid(p, key, m));
    if (key in binary) errs.push(invalid(p, key, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(data[key] ?? '');
  }
  for (const key of sortedKeys(binary)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(FieldPath.root('binaryData').key(key), key, m));
    total += decodedLength(binary[key]!);
  }
  // Upstream passes field.NewPath(""), which prints as "[]".
  if (total > MaxSecretSize) errs.push(tooLong('[]', '', MaxSecretSize));
  return errs;
}

/** An update: metadata rules; once immutable, immutable, data and binaryData stay; then validateConfigMap. */
export function validateConfigMapUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const cm = obj as ConfigMapLike;
  const old = oldObj as ConfigMapLike;
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden('immutable', immutableFieldMsg));
    if (!deepEqual(cm.data ?? {}, old.data ?? {})) errs.push(forbidden('data', immutableFieldMsg));
    if (!deepEqual(cm.binaryData ?? {}, old.binaryData ?? {})) errs.push(forbidden('binaryData', immutableFieldMsg));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}

export const configMapValidator = { validate: validateConfigMap, validateUpdate: validateConfigMapUpdate };
