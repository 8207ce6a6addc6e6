/** EndpointSlice validation as pkg/apis/discovery/validation: addresses of the slice's type, named ports, zone hints. */
import { duplicate, FieldPath, internalError, invalid, notSupported, required, tooMany, type FieldError } from '../field-error.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidLabelValue, nameIsDNSSubdomain, validateLabels } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { validateDNS1123Label, validateQualifiedName } from './common.js';
import { validateImmutableField, validateObjectMeta } from './object-meta.js';
import { recs, rec, root, str, strMap, strs, type Json } from './other-common.js';
import { parseIPSloppy } from './value-checks.js';

const supportedAddressTypes = ['FQDN', 'IPv4', 'IPv6'];
const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];
const maxTopologyLabels = 16;
const maxAddresses = 100;
const maxPorts = 20000;
const maxEndpoints = 1000;
const maxZoneHints = 8;

/** The IPv4 a sloppy-parsed address denotes (dotted, or IPv4-mapped IPv6), as four octets; undefined for other IPv6. */
function ipv4Octets(s: string): number[] | undefined {
  if (parseIPSloppy(s) === 4) return s.split('.').map((p) => Number.parseInt(p, 10));
  const m = /^::ffff:([0-9.]+)$/i.exec(s);
  if (m && parseIPSloppy(m[1]!) === 4) return m[1]!.split('.').map((p) => Number.parseInt(p, 10));
  return undefined;
}

/** The 8 16-bit groups of an IPv6 address (for the special-range checks). */
function ipv6Groups(s: string): number[] {
  let text = s;
  const tail = /^(.*:)([0-9.]+)$/.exec(s);
  if (tail && tail[2]!.includes('.')) {
    const o = tail[2]!.split('.').map((p) => Number.parseInt(p, 10));
    text = `${tail[1]}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest === undefined ? [] : Array<string>(8 - h.length - r.length).fill('0');
  return [...h, ...fill, ...r].map((g) => Number.parseInt(g, 16));
}

/** As core's ValidateEndpointIP: not unspecified, loopback, or link-local. */
export function validateEndpointIP(ip: string, fldPath: FieldPath): FieldError[] {
  const family = parseIPSloppy(ip);
  if (!family) return [invalid(fldPath, ip, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 = ipv4Octets(ip);
  const g = v4 ? undefined : ipv6Groups(ip);
  const unspecified = v4 ? v4.every((o) => o === 0) : g!.every((x) => x === 0);
  const loopback = v4 ? v4[0] === 127 : g!.slice(0, 7).every((x) => x === 0) && g![7] === 1;
  const linkLocalUnicast = v4 ? v4[0] === 169 && v4[1] === 254 : (g![0]! & 0xffc0) === 0xfe80;
  const linkLocalMulticast = v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : (g![0]! & 0xff0f) === 0xff02;
  if (unspecified) errs.push(invalid(fldPath, ip, `may not be unspecified (${ip})`));
  if (loopback) errs.push(invalid(fldPath, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocalUnicast) errs.push(invalid(fldPath, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(invalid(fldPath, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

/** As util/validation's IsValidIPv4Address. */
function validateIPv4Address(fldPath: FieldPath, value: string): FieldError[] {
  return ipv4Octets(value) ? [] : [invalid(fldPath, value, 'must be a valid IPv4 address')];
}

/** As util/validation's IsValidIPv6Address (an IPv4-mapped address counts as IPv4). */
function validateIPv6Address(fldPath: FieldPath, value: string): FieldError[] {
  return parseIPSloppy(value) === 6 && !ipv4Octets(value) ? [] : [invalid(fldPath, value, 'must be a valid IPv6 address')];
}

/** As util/validation's IsFullyQualifiedDomainName: a subdomain of at least two labels (a trailing dot allowed). */
export function validateFullyQualifiedDomainName(fldPath: FieldPath, value: string): FieldError[] {
  if (value.length === 0) return [required(fldPath, '')];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const subdomainErrs = isDNS1123Subdomain(name);
  if (subdomainErrs.length) return [invalid(fldPath, name, subdomainErrs.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) return [invalid(fldPath, name, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length) return [invalid(fldPath, label, errs.join(','))];
  }
  return [];
}

function validateHints(hints: Json, fldPath: FieldPath): FieldError[] {
  const fzPath = fldPath.child('forZones');
  const forZones = recs(hints['forZones']);
  if (forZones.length > maxZoneHints) return [tooMany(fzPath, forZones.length, maxZoneHints)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  forZones.forEach((zone, i) => {
    const p = fzPath.index(i).child('name');
    const name = str(zone['name']) ?? '';
    if (seen.has(name)) errs.push(duplicate(p, name));
    else seen.add(name);
    for (const msg of isValidLabelValue(name)) errs.push(invalid(p, name, msg));
  });
  return errs;
}

function validateEndpoints(endpoints: Json[], addressType: string, fldPath: FieldPath): FieldError[] {
  if (endpoints.length > maxEndpoints) return [tooMany(fldPath, endpoints.length, maxEndpoints)];
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const idxPath = fldPath.index(i);
    const addressPath = idxPath.child('addresses');
    const addresses = strs(ep['addresses']);
    if (addresses.length === 0) errs.push(required(addressPath, 'must contain at least 1 address'));
    else if (addresses.length > maxAddresses) errs.push(tooMany(addressPath, addresses.length, maxAddresses));
    addresses.forEach((address, j) => {
      const p = addressPath.index(j);
      // Unknown address types fall through unvalidated, as upstream's switch does.
      if (addressType === 'IPv4') errs.push(...validateIPv4Address(p, address), ...validateEndpointIP(address, p));
      else if (addressType === 'IPv6') errs.push(...validateIPv6Address(p, address), ...validateEndpointIP(address, p));
      else if (addressType === 'FQDN') errs.push(...validateFullyQualifiedDomainName(p, address));
    });
    const nodeName = str(ep['nodeName']);
    if (nodeName !== undefined) for (const msg of nameIsDNSSubdomain(nodeName, false)) errs.push(invalid(idxPath.child('nodeName'), nodeName, msg));
    const topologyPath = idxPath.child('deprecatedTopology');
    const topology = strMap(ep['deprecatedTopology']);
    const topologySize = Object.keys(topology ?? {}).length;
    if (topologySize > maxTopologyLabels) errs.push(tooMany(topologyPath, topologySize, maxTopologyLabels));
    errs.push(...validateLabels(topology, topologyPath));
    const zoneLabel = 'topology.kubernetes.io/zone';
    if (topology && zoneLabel in topology) errs.push(internalError(topologyPath.key(zoneLabel), 'reserved key was not removed in conversion'));
    const hostname = str(ep['hostname']);
    if (hostname !== undefined) errs.push(...validateDNS1123Label(hostname, idxPath.child('hostname')));
    const hints = rec(ep['hints']);
    if (hints) errs.push(...validateHints(hints, idxPath.child('hints')));
  });
  return errs;
}

function validatePorts(ports: Json[], fldPath: FieldPath): FieldError[] {
  if (ports.length > maxPorts) return [tooMany(fldPath, ports.length, maxPorts)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const idxPath = fldPath.index(i);
    const name = str(port['name']) ?? '';
    if (name.length > 0) errs.push(...validateDNS1123Label(name, idxPath.child('name')));
    if (names.has(name)) errs.push(duplicate(idxPath.child('name'), name));
    else names.add(name);
    const protocol = str(port['protocol']);
    if (protocol === undefined) errs.push(required(idxPath.child('protocol'), ''));
    else if (!supportedPortProtocols.includes(protocol)) errs.push(notSupported(idxPath.child('protocol'), protocol, supportedPortProtocols));
    const appProtocol = str(port['appProtocol']);
    if (appProtocol !== undefined) errs.push(...validateQualifiedName(appProtocol, idxPath.child('appProtocol')));
  });
  return errs;
}

function validateAddressType(addressType: string): FieldError[] {
  if (addressType === '') return [required(root('addressType'), '')];
  if (!supportedAddressTypes.includes(addressType)) return [notSupported(root('addressType'), addressType, supportedAddressTypes)];
  return [];
}

/** An EndpointSlice on create. */
export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const addressType = str(obj['addressType']) ?? '';
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateAddressType(addressType));
  errs.push(...validateEndpoints(recs(obj['endpoints']), addressType, root('endpoints')));
  errs.push(...validatePorts(recs(obj['ports']), root('ports')));
  return errs;
}

/** An EndpointSlice on update: the create rules (not the metadata update ones, as upstream), and a fixed addressType. */
export function validateEndpointSliceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateEndpointSlice(obj);
  const addressType = str(obj['addressType']) ?? '';
  errs.push(...validateImmutableField(addressType, str(old['addressType']) ?? '', root('addressType')));
  return errs;
}
