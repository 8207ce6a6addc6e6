/** Secrets as core's ValidateSecret and ValidateSecretUpdate: valid keys, 1 MiB of data, the keys each type needs, frozen once immutable. */
import { FieldPath, forbidden, invalid, required, tooLong, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import { MaxSecretSize, immutableFieldMsg } from './config-map.js';
import { goJSONObjectError } from './go-json.js';
import { validateObjectMeta, validateObjectMetaUpdate, FieldImmutableErrorMsg } from './object-meta.js';
import { isConfigMapKey } from './value-checks.js';

interface SecretLike extends KubeObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  type?: string;
  immutable?: boolean;
}

/** The secret's data as bytes, stringData merged in over data (as the v1 to internal conversion does). */
export function secretBytes(secret: KubeObject): Map<string, Buffer> {
  const s = secret as SecretLike;
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(s.data ?? {})) out.set(k, Buffer.from(v ?? '', 'base64'));
  for (const [k, v] of Object.entries(s.stringData ?? {})) out.set(k, Buffer.from(v ?? '', 'utf8'));
  return out;
}

const redacted = '<secret contents redacted>';

/** A secret's keys, size and the type-specific required keys. */
export function validateSecret(obj: KubeObject): FieldError[] {
  const secret = obj as SecretLike;
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain);
  const dataPath = FieldPath.root('data');
  const data = secretBytes(secret);
  let total = 0;
  for (const key of [...data.keys()].sort()) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(dataPath.key(key), key, m));
    total += data.get(key)!.length;
  }
  if (total > MaxSecretSize) errs.push(tooLong(dataPath, '', MaxSecretSize));
  const jsonPayload = (key: string) => {
    const bytes = data.get(key);
    if (!bytes) {
      errs.push(required(dataPath.key(key), ''));
      return;
    }
    const e = goJSONObjectError(bytes.toString('utf8'));
    if (e) errs.push(invalid(dataPath.key(key), redacted, e));
  };
  switch (secret.type ?? '') {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required(FieldPath.root('metadata', 'annotations').key('kubernetes.io/service-account.name'), ''));
      }
      break;
    case 'kubernetes.io/dockercfg':
      jsonPayload('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      jsonPayload('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!data.has('username') && !data.has('password')) {
        errs.push(required(dataPath.key('username'), ''), required(dataPath.key('password'), ''));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((data.get('ssh-privatekey')?.length ?? 0) === 0) errs.push(required(dataPath.key('ssh-privatekey'), ''));
      break;
    case 'kubernetes.io/tls':
      if (!data.has('tls.crt')) errs.push(required(dataPath.key('tls.crt'), ''));
      if (!data.has('tls.key')) errs.push(required(dataPath.key('tls.key'), ''));
      break;
  }
  return errs;
}

/** An update: metadata rules, the type fixed, data frozen once immutable; then validateSecret. */
export function validateSecretUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const secret = obj as SecretLike;
  const old = oldObj as SecretLike;
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  if ((secret.type ?? '') !== (old.type ?? '')) errs.push(invalid('type', secret.type ?? '', FieldImmutableErrorMsg));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden('immutable', immutableFieldMsg));
    const a = Object.fromEntries([...secretBytes(secret)].map(([k, v]) => [k, v.toString('base64')]));
    const b = Object.fromEntries([...secretBytes(old)].map(([k, v]) => [k, v.toString('base64')]));
    if (!deepEqual(a, b)) errs.push(forbidden('data', immutableFieldMsg));
  }
  errs.push(...validateSecret(secret));
  return errs;
}

export const secretValidator = { validate: validateSecret, validateUpdate: validateSecretUpdate };
