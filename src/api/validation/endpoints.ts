/** Endpoints as core's ValidateEndpoints(Create/Update): every subset has addresses, valid non-special IPs and named ports. */
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';
import { FieldPath, invalid, notSupported, required, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import { validateDNS1123Label, validateQualifiedName } from './common.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validateNonSpecialIP } from './service.js';
import { isValidPortNum, validateIP } from './value-checks.js';

const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];

function validateEndpointAddress(a: EndpointAddress, p: FieldPath): FieldError[] {
  const errs = validateIP(p.child('ip'), a.ip ?? '');
  if (a.hostname) errs.push(...validateDNS1123Label(a.hostname, p.child('hostname')));
  if (a.nodeName !== undefined && a.nodeName !== null) {
    for (const m of nameIsDNSSubdomain(a.nodeName, false)) errs.push(invalid(p.child('nodeName'), a.nodeName, m));
  }
  errs.push(...validateNonSpecialIP(a.ip ?? '', p.child('ip')));
  return errs;
}

function validateEndpointPort(port: EndpointPort, requireName: boolean, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !port.name) errs.push(required(p.child('name'), ''));
  else if (port.name) errs.push(...validateDNS1123Label(port.name, p.child('name')));
  for (const m of isValidPortNum(port.port ?? 0)) errs.push(invalid(p.child('port'), port.port ?? 0, m));
  if (!port.protocol) errs.push(required(p.child('protocol'), ''));
  else if (!supportedPortProtocols.includes(port.protocol)) errs.push(notSupported(p.child('protocol'), port.protocol, supportedPortProtocols));
  if (port.appProtocol !== undefined && port.appProtocol !== null) errs.push(...validateQualifiedName(port.appProtocol, p.child('appProtocol')));
  return errs;
}

/** Endpoints on create (and, via validateEndpointsUpdate, on update). */
export function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  const subsets = ((obj as { subsets?: EndpointSubset[] }).subsets ?? []);
  subsets.forEach((ss, i) => {
    const p = FieldPath.root('subsets').index(i);
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) {
      errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) => errs.push(...validateEndpointAddress(a, p.child('addresses').index(j))));
    (ss.notReadyAddresses ?? []).forEach((a, j) => errs.push(...validateEndpointAddress(a, p.child('notReadyAddresses').index(j))));
    const ports = ss.ports ?? [];
    ports.forEach((port, j) => errs.push(...validateEndpointPort(port, ports.length > 1, p.child('ports').index(j))));
  });
  return errs;
}

export function validateEndpointsUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEndpoints(obj)];
}

export const endpointsValidator = { validate: validateEndpoints, validateUpdate: validateEndpointsUpdate };
