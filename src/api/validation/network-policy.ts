/** NetworkPolicy validation as pkg/apis/networking/validation (ValidateNetworkPolicy*). */
import { FieldPath, forbidden, GoRaw, goQuote, invalid, notSupported, required, type FieldError } from '../field-error.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import type { KubeObject } from '../object.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { arr, num, rec, recs, root, str, strs, validateSelector, type Json } from './other-common.js';
import { isValidPortName, isValidPortNum, parseCIDRSloppy } from './value-checks.js';

/** As ValidateNetworkPolicyPort: a protocol, and a port number (with an optional endPort) or name. */
export function validateNetworkPolicyPort(port: Json, portPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = str(port['protocol']);
  if (protocol !== undefined && protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    errs.push(notSupported(portPath.child('protocol'), protocol, ['TCP', 'UDP', 'SCTP']));
  }
  const p = port['port'];
  const endPort = num(port['endPort']);
  if (p !== undefined && p !== null) {
    if (typeof p === 'number') {
      for (const msg of isValidPortNum(p)) errs.push(invalid(portPath.child('port'), p, msg));
      if (endPort !== undefined) {
        if (endPort < p) errs.push(invalid(portPath.child('endPort'), endPort, 'must be greater than or equal to `port`'));
        for (const msg of isValidPortNum(endPort)) errs.push(invalid(portPath.child('endPort'), endPort, msg));
      }
    } else {
      if (endPort !== undefined) errs.push(invalid(portPath.child('endPort'), endPort, 'may not be specified when `port` is non-numeric'));
      const name = String(p);
      for (const msg of isValidPortName(name)) errs.push(invalid(portPath.child('port'), name, msg));
    }
  } else if (endPort !== undefined) {
    errs.push(invalid(portPath.child('endPort'), endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

/** The network and prefix length of a CIDR, as big integers over 32 or 128 bits. */
function cidrRange(cidr: string): { family: 4 | 6; base: bigint; bits: number } | undefined {
  const family = parseCIDRSloppy(cidr);
  if (!family) return undefined;
  const [ip, len] = cidr.split('/') as [string, string];
  const bits = Number(len);
  const width = family === 4 ? 32 : 128;
  let value = 0n;
  if (family === 4) for (const o of ip.split('.')) value = (value << 8n) | BigInt(Number.parseInt(o, 10));
  else value = ipv6Value(ip);
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - bits)) - 1n);
  return { family, base: value & mask, bits };
}

function ipv6Value(ip: string): bigint {
  let text = ip;
  const tail = /^(.*:)([0-9.]+)$/.exec(ip);
  if (tail && tail[2]!.includes('.')) {
    const o = tail[2]!.split('.').map((p) => Number.parseInt(p, 10));
    text = `${tail[1]}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = [...h, ...Array<string>(rest === undefined ? 0 : 8 - h.length - r.length).fill('0'), ...r];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** As ValidateIPBlock: a valid cidr, and each except a strict subset of it. */
export function validateIPBlock(ipb: Json, fldPath: FieldPath): FieldError[] {
  const cidr = str(ipb['cidr']) ?? '';
  if (cidr === '') return [required(fldPath.child('cidr'), '')];
  const outer = cidrRange(cidr);
  if (!outer) return [invalid(fldPath.child('cidr'), cidr, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  const excepts = strs(ipb['except']);
  for (let i = 0; i < excepts.length; i++) {
    const exceptPath = fldPath.child('except').index(i);
    const e = excepts[i]!;
    const inner = cidrRange(e);
    if (!inner) {
      errs.push(invalid(exceptPath, e, 'not a valid CIDR'));
      return errs;
    }
    const width = outer.family === 4 ? 32 : 128;
    const outerMask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - outer.bits)) - 1n);
    const contains = inner.family === outer.family && (inner.base & outerMask) === outer.base;
    if (!contains || outer.bits >= inner.bits) errs.push(invalid(exceptPath, e, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

/** As ValidateNetworkPolicyPeer: exactly one kind of peer, where an ipBlock stands alone. */
export function validateNetworkPolicyPeer(peer: Json, peerPath: FieldPath, allowInvalidLabelValue: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let numPeers = 0;
  if (rec(peer['podSelector'])) {
    numPeers++;
    errs.push(...validateSelector(peer['podSelector'], peerPath.child('podSelector'), allowInvalidLabelValue));
  }
  if (rec(peer['namespaceSelector'])) {
    numPeers++;
    errs.push(...validateSelector(peer['namespaceSelector'], peerPath.child('namespaceSelector'), allowInvalidLabelValue));
  }
  const ipBlock = rec(peer['ipBlock']);
  if (ipBlock) {
    numPeers++;
    errs.push(...validateIPBlock(ipBlock, peerPath.child('ipBlock')));
  }
  if (numPeers === 0) errs.push(required(peerPath, 'must specify a peer'));
  else if (numPeers > 1 && ipBlock) errs.push(forbidden(peerPath, 'may not specify both ipBlock and another peer'));
  return errs;
}

/** As ValidateNetworkPolicySpec. */
export function validateNetworkPolicySpec(spec: Json, fldPath: FieldPath, allowInvalidLabelValue = false): FieldError[] {
  const errs = validateSelector(rec(spec['podSelector']) ?? {}, fldPath.child('podSelector'), allowInvalidLabelValue);
  for (const [rulesKey, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    recs(spec[rulesKey]).forEach((rule, i) => {
      const rulePath = fldPath.child(rulesKey).index(i);
      recs(rule['ports']).forEach((port, j) => errs.push(...validateNetworkPolicyPort(port, rulePath.child('ports').index(j))));
      recs(rule[peersKey]).forEach((peer, j) => errs.push(...validateNetworkPolicyPeer(peer, rulePath.child(peersKey).index(j), allowInvalidLabelValue)));
    });
  }
  const policyTypes = arr(spec['policyTypes']) ?? [];
  const allowed = ['Ingress', 'Egress'];
  if (policyTypes.length > allowed.length) {
    const printed = new GoRaw(`[]networking.PolicyType{${policyTypes.map((t) => goQuote(String(t))).join(', ')}}`);
    errs.push(invalid(fldPath.child('policyTypes'), printed, 'may not specify more than two policyTypes'));
    return errs;
  }
  policyTypes.forEach((t, i) => {
    const type = String(t);
    if (!allowed.includes(type)) errs.push(notSupported(fldPath.child('policyTypes').index(i), type, allowed));
  });
  return errs;
}

/** A NetworkPolicy on create. */
export function validateNetworkPolicy(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain, root('metadata'));
  errs.push(...validateNetworkPolicySpec(rec(obj['spec']) ?? {}, root('spec')));
  return errs;
}

/** A NetworkPolicy on update (an old podSelector that is already invalid keeps invalid label values allowed). */
export function validateNetworkPolicyUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const oldPodSelector = rec(rec(old['spec'])?.['podSelector']) ?? {};
  const allowInvalid = validateSelector(oldPodSelector, root('spec')).length > 0;
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata, root('metadata'));
  errs.push(...validateNetworkPolicySpec(rec(obj['spec']) ?? {}, root('spec'), allowInvalid));
  return errs;
}
