/** ServiceAccounts as core's ValidateServiceAccount and ValidateServiceAccountUpdate: only metadata is checked. */
import type { FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateServiceAccountName } from './object-meta.js';

/** A new service account: namespaced, its name a DNS-1123 subdomain. */
export function validateServiceAccount(obj: KubeObject): FieldError[] {
  return validateObjectMeta(obj.metadata, true, validateServiceAccountName);
}

export function validateServiceAccountUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateServiceAccount(obj)];
}

export const serviceAccountValidator = { validate: validateServiceAccount, validateUpdate: validateServiceAccountUpdate };
