/** IngressClass validation as pkg/apis/networking/validation (ValidateIngressClass*): a domain-prefixed controller that never changes. */
import { FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { validateTypedLocalObjectReference } from './ingress.js';
import { validateImmutableField, validateNamespaceName, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { isDomainPrefixedPath, rec, root, str, type Json } from './other-common.js';

const maxLenIngressClassController = 250;
const supportedScopes = ['Cluster', 'Namespace'];

/** As validateIngressClassParametersReference: a typed reference, a scope, and a namespace exactly when the scope is Namespace. */
function validateParametersReference(params: Json | undefined, fldPath: FieldPath): FieldError[] {
  if (!params) return [];
  const errs = validateTypedLocalObjectReference(params, fldPath);
  const scope = str(params['scope']);
  if (scope === undefined) return [...errs, required(fldPath.child('scope'), '')];
  if (!supportedScopes.includes(scope)) return [...errs, notSupported(fldPath.child('scope'), scope, supportedScopes)];
  const namespace = str(params['namespace']);
  if (scope === 'Namespace') {
    if (namespace === undefined) errs.push(required(fldPath.child('namespace'), "`parameters.scope` is set to 'Namespace'"));
    else for (const msg of validateNamespaceName(namespace, false)) errs.push(invalid(fldPath.child('namespace'), namespace, msg));
  }
  if (scope === 'Cluster' && namespace !== undefined) errs.push(forbidden(fldPath.child('namespace'), "`parameters.scope` is set to 'Cluster'"));
  return errs;
}

/** An IngressClass on create. */
export function validateIngressClass(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain, root('metadata'));
  const spec = rec(obj['spec']) ?? {};
  const controller = str(spec['controller']) ?? '';
  const specPath = root('spec');
  if (controller.length > maxLenIngressClassController) errs.push(tooLong(specPath.child('controller'), '', maxLenIngressClassController));
  errs.push(...isDomainPrefixedPath(specPath.child('controller'), controller));
  errs.push(...validateParametersReference(rec(spec['parameters']), specPath.child('parameters')));
  return errs;
}

/** An IngressClass on update: the controller may not change, then the create rules. */
export function validateIngressClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const controller = str(rec(obj['spec'])?.['controller']) ?? '';
  errs.push(...validateImmutableField(controller, str(rec(old['spec'])?.['controller']) ?? '', root('spec').child('controller')));
  errs.push(...validateIngressClass(obj));
  return errs;
}
