/** Ingress validation as pkg/apis/networking/validation (ValidateIngressCreate/Update/StatusUpdate). */
import { FieldPath, GoRaw, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { isDNS1123Subdomain, isValidPathSegmentName, maxLenError, nameIsDNS1035Label, nameIsDNSSubdomain, regexError, DNS1123SubdomainMaxLength } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { arr, metaOf, num, rec, recs, root, str, strs, type Json } from './other-common.js';
import { isValidPortName, isValidPortNum, parseIPSloppy, validateIP } from './value-checks.js';

export const IngressClassAnnotation = 'kubernetes.io/ingress.class';

const supportedPathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const wildcardDNS1123SubdomainFmt = `\\*\\.${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const wildcardDNS1123SubdomainRe = new RegExp(`^${wildcardDNS1123SubdomainFmt}$`);
const wildcardDNS1123SubdomainErrMsg =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** As util/validation's IsWildcardDNS1123Subdomain (`*.example.com`). */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value) > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!wildcardDNS1123SubdomainRe.test(value)) errs.push(regexError(wildcardDNS1123SubdomainErrMsg, wildcardDNS1123SubdomainFmt, '*.example.com'));
  return errs;
}

/** Options that keep old, already-stored invalid values acceptable on update. */
interface IngressValidationOptions {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

const hostErrors = (host: string) => (host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host));

/** As validateIngressTypedLocalObjectReference (a resource backend, or IngressClass parameters). */
export function validateTypedLocalObjectReference(ref: Json, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const apiGroup = str(ref['apiGroup']);
  if (apiGroup !== undefined) for (const msg of isDNS1123Subdomain(apiGroup)) errs.push(invalid(fldPath.child('apiGroup'), apiGroup, msg));
  for (const k of ['kind', 'name']) {
    const v = str(ref[k]) ?? '';
    if (v === '') errs.push(required(fldPath.child(k), `${k} is required`));
    else for (const msg of isValidPathSegmentName(v)) errs.push(invalid(fldPath.child(k), v, msg));
  }
  return errs;
}

/** As validateIngressBackend: a resource or a service (name, and a port name or number), not both. */
function validateIngressBackend(backend: Json, fldPath: FieldPath): FieldError[] {
  const resource = rec(backend['resource']);
  const service = rec(backend['service']);
  if (resource && service) return [invalid(fldPath, '', 'cannot set both resource and service backends')];
  if (resource) return validateTypedLocalObjectReference(resource, fldPath.child('resource'));
  if (!service) return [invalid(fldPath, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = str(service['name']) ?? '';
  if (name === '') errs.push(required(fldPath.child('service', 'name'), ''));
  else for (const msg of nameIsDNS1035Label(name, false)) errs.push(invalid(fldPath.child('service', 'name'), name, msg));
  const port = rec(service['port']) ?? {};
  const portName = str(port['name']) ?? '';
  const portNumber = num(port['number']) ?? 0;
  if (portName.length > 0 && portNumber !== 0) errs.push(invalid(fldPath, '', 'cannot set both port name & port number'));
  else if (portName.length > 0) for (const msg of isValidPortName(portName)) errs.push(invalid(fldPath.child('service', 'port', 'name'), portName, msg));
  else if (portNumber !== 0) for (const msg of isValidPortNum(portNumber)) errs.push(invalid(fldPath.child('service', 'port', 'number'), portNumber, msg));
  else errs.push(required(fldPath, 'port name or number is required'));
  return errs;
}

function validateHTTPIngressPath(path: Json, fldPath: FieldPath): FieldError[] {
  const pathType = str(path['pathType']);
  if (pathType === undefined) return [required(fldPath.child('pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const p = str(path['path']) ?? '';
  switch (pathType) {
    case 'Exact':
    case 'Prefix':
      if (!p.startsWith('/')) errs.push(invalid(fldPath.child('path'), p, 'must be an absolute path'));
      if (p.length > 0) {
        for (const seq of invalidPathSequences) if (p.includes(seq)) errs.push(invalid(fldPath.child('path'), p, `must not contain '${seq}'`));
        for (const suffix of invalidPathSuffixes) if (p.endsWith(suffix)) errs.push(invalid(fldPath.child('path'), p, `cannot end with '${suffix}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (p.length > 0 && !p.startsWith('/')) errs.push(invalid(fldPath.child('path'), p, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(fldPath.child('pathType'), pathType, supportedPathTypes));
  }
  errs.push(...validateIngressBackend(rec(path['backend']) ?? {}, fldPath.child('backend')));
  return errs;
}

function validateIngressRuleValue(rule: Json, fldPath: FieldPath): FieldError[] {
  const http = rec(rule['http']);
  if (!http) return [];
  const errs: FieldError[] = [];
  const paths = recs(http['paths']);
  if (paths.length === 0) errs.push(required(fldPath.child('http').child('paths'), ''));
  paths.forEach((p, i) => errs.push(...validateHTTPIngressPath(p, fldPath.child('http').child('paths').index(i))));
  return errs;
}

function validateIngressRules(rules: Json[], fldPath: FieldPath, opts: IngressValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const host = str(rule['host']) ?? '';
    let wildcard = false;
    if (host.length > 0) {
      if (parseIPSloppy(host)) errs.push(invalid(fldPath.index(i).child('host'), host, 'must be a DNS name, not an IP address'));
      wildcard = host.includes('*');
      for (const msg of hostErrors(host)) errs.push(invalid(fldPath.index(i).child('host'), host, msg));
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateIngressRuleValue(rule, fldPath.index(i)));
  });
  return errs;
}

const tlsSecretNameErrors = (name: string) => (name.length === 0 ? [] : nameIsDNSSubdomain(name, false));

function validateIngressTLS(tls: Json[], fldPath: FieldPath, opts: IngressValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  tls.forEach((t, i) => {
    strs(t['hosts']).forEach((host, j) => {
      for (const msg of hostErrors(host)) errs.push(invalid(fldPath.index(i).child('hosts').index(j), host, msg));
    });
    const secretName = str(t['secretName']) ?? '';
    if (!opts.allowInvalidSecretName) {
      for (const msg of tlsSecretNameErrors(secretName)) errs.push(invalid(fldPath.index(i).child('secretName'), secretName, msg));
    }
  });
  return errs;
}

/** As ValidateIngressSpec. */
export function validateIngressSpec(spec: Json, fldPath: FieldPath, opts: IngressValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const rules = recs(spec['rules']);
  const defaultBackend = rec(spec['defaultBackend']);
  if (rules.length === 0 && !defaultBackend) {
    const printed = new GoRaw(arr(spec['rules']) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)');
    errs.push(invalid(fldPath, printed, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (defaultBackend) errs.push(...validateIngressBackend(defaultBackend, fldPath.child('defaultBackend')));
  if (rules.length > 0) errs.push(...validateIngressRules(rules, fldPath.child('rules'), opts));
  const tls = recs(spec['tls']);
  if (tls.length > 0) errs.push(...validateIngressTLS(tls, fldPath.child('tls'), opts));
  const className = str(spec['ingressClassName']);
  if (className !== undefined) for (const msg of nameIsDNSSubdomain(className, false)) errs.push(invalid(fldPath.child('ingressClassName'), className, msg));
  return errs;
}

function validateIngressWith(obj: KubeObject, opts: IngressValidationOptions): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateIngressSpec(rec(obj['spec']) ?? {}, root('spec'), opts));
  return errs;
}

/** An Ingress on create: also, the legacy class annotation must agree with ingressClassName. */
export function validateIngress(obj: KubeObject): FieldError[] {
  const errs = validateIngressWith(obj, { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false });
  const annotation = metaOf(obj).annotations?.[IngressClassAnnotation];
  const className = str(rec(obj['spec'])?.['ingressClassName']);
  if (annotation !== undefined && className !== undefined && annotation !== className) {
    errs.push(invalid(root('annotations').child(IngressClassAnnotation), annotation, 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

/** An Ingress on update: invalid secret names or wildcard rules the old object already had stay acceptable. */
export function validateIngressUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const oldSpec = rec(old['spec']) ?? {};
  const opts: IngressValidationOptions = {
    allowInvalidSecretName: recs(oldSpec['tls']).some((t) => tlsSecretNameErrors(str(t['secretName']) ?? '').length > 0),
    allowInvalidWildcardHostRule: recs(oldSpec['rules']).some(
      (r) => (str(r['host']) ?? '').includes('*') && validateIngressRuleValue(r, root('x')).length > 0,
    ),
  };
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata')), ...validateIngressWith(obj, opts)];
}

/** An Ingress's status update: load balancer IPs and hostnames. */
export function validateIngressStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  const lbPath = root('status').child('loadBalancer');
  recs(rec(rec(obj['status'])?.['loadBalancer'])?.['ingress']).forEach((ing, i) => {
    const idxPath = lbPath.child('ingress').index(i);
    const ip = str(ing['ip']) ?? '';
    if (ip.length > 0) errs.push(...validateIP(idxPath.child('ip'), ip));
    const hostname = str(ing['hostname']) ?? '';
    if (hostname.length > 0) {
      for (const msg of isDNS1123Subdomain(hostname)) errs.push(invalid(idxPath.child('hostname'), hostname, msg));
      if (parseIPSloppy(hostname)) errs.push(invalid(idxPath.child('hostname'), hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
