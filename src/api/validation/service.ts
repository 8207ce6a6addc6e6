/** Services as core's ValidateService, ValidateServiceUpdate and ValidateServiceStatusUpdate, with upstream's paths and Go values. */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1.js';
import { FieldPath, GoRaw, duplicate, forbidden, invalid, notSupported, required, type FieldError } from '../field-error.js';
import type { KubeObject, ObjectMeta } from '../object.js';
import { isDNS1123Subdomain, nameIsDNS1035Label, validateLabels } from '../name-validation.js';
import { validateDNS1123Label, validatePortNumOrName, validateQualifiedName } from './common.js';
import { goIntOrString, goNamedStringSlice, goStringSlice, goStruct, goStr, goInt, goStringPtr } from './go-format.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { ipBytes, isValidPortNum, parseIPSloppy, validateCIDR, validateIP } from './value-checks.js';

type Svc = KubeObject & Service & { metadata: ObjectMeta };
type Spec = ServiceSpec & { trafficDistribution?: string };

const specOf = (svc: KubeObject): Spec => ((svc as Service).spec ?? {}) as Spec;
const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];
const supportedServiceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const LoadBalancerSourceRangesAnnotation = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const DeprecatedTopologyAwareHints = 'service.kubernetes.io/topology-aware-hints';
const TopologyMode = 'service.kubernetes.io/topology-mode';
const MaxClientIPServiceAffinitySeconds = 86400;

/** A headless service: clusterIPs is exactly ["None"]. */
export const isHeadlessService = (spec: Spec) => (spec.clusterIPs ?? []).length === 1 && spec.clusterIPs![0] === 'None';
const externallyAccessible = (spec: Spec) =>
  spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
const needsHealthCheck = (spec: Spec) => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';

const goClusterIPs = (spec: Spec) => new GoRaw(goStringSlice(spec.clusterIPs));

/** %#v of the core.ServicePort key upstream reports duplicate (protocol, port) pairs with. */
function goServicePortKey(protocol: string, port: number): GoRaw {
  return new GoRaw(
    goStruct('core.ServicePort', [
      ['Name', '""'],
      ['Protocol', goStr(protocol)],
      ['AppProtocol', goStringPtr(undefined)],
      ['Port', goInt(port)],
      ['TargetPort', goIntOrString(0)],
      ['NodePort', '0'],
    ]),
  );
}

function validateServicePort(sp: ServicePort, requireName: boolean, allNames: Set<string>, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !sp.name) errs.push(required(p.child('name'), ''));
  else if (sp.name) {
    errs.push(...validateDNS1123Label(sp.name, p.child('name')));
    if (allNames.has(sp.name)) errs.push(duplicate(p.child('name'), sp.name));
    else allNames.add(sp.name);
  }
  for (const m of isValidPortNum(sp.port ?? 0)) errs.push(invalid(p.child('port'), sp.port ?? 0, m));
  if (!sp.protocol) errs.push(required(p.child('protocol'), ''));
  else if (!supportedPortProtocols.includes(sp.protocol)) errs.push(notSupported(p.child('protocol'), sp.protocol, supportedPortProtocols));
  errs.push(...validatePortNumOrName(sp.targetPort, p.child('targetPort')));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null) errs.push(...validateQualifiedName(sp.appProtocol, p.child('appProtocol')));
  return errs;
}

/** As core's ValidateNonSpecialIP: no unspecified, loopback or link-local addresses (external IPs, endpoints). */
export function validateNonSpecialIP(ip: string, p: FieldPath): FieldError[] {
  const family = parseIPSloppy(ip);
  if (!family) return [invalid(p, ip, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const b = ipBytes(ip)!;
  const isV4 = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  const v4 = b.slice(12);
  const unspecified = isV4 ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = isV4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocalUnicast = isV4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  const linkLocalMulticast = isV4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(p, ip, `may not be unspecified (${ip})`));
  if (loopback) errs.push(invalid(p, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocalUnicast) errs.push(invalid(p, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(invalid(p, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

function validateServiceClusterIPsRelatedFields(spec: Spec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const specPath = FieldPath.root('spec');
  const ipsPath = specPath.child('clusterIPs');
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required(ipsPath, ''));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid(ipsPath, goClusterIPs(spec), 'first value must match `clusterIP`'));
  } else if (ips.length) errs.push(invalid(ipsPath, goClusterIPs(spec), 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(specPath.child('ipFamilies').index(i), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(specPath.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && policy !== null && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(policy)) {
    errs.push(notSupported(specPath.child('ipFamilyPolicy'), policy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  }
  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid(ipsPath, goClusterIPs(spec), "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(ipsPath.index(i), ip);
    if (e.length) hasInvalidIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid(ipsPath, goClusterIPs(spec), 'may only hold up to 2 values'));
  if (hasInvalidIPs) return errs;
  if (ips.length > 1) {
    const fams = ips.map(parseIPSloppy);
    if (!(fams.includes(4) && fams.includes(6))) errs.push(invalid(ipsPath, goClusterIPs(spec), 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadlessService(spec) && ips.length && (spec.ipFamilies ?? []).length) {
    ips.forEach((ip, i) => {
      const fam = spec.ipFamilies![i];
      if (fam === undefined) return;
      if (fam === 'IPv4' && parseIPSloppy(ip) === 6) errs.push(invalid(ipsPath.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fam === 'IPv6' && parseIPSloppy(ip) !== 6) errs.push(invalid(ipsPath.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function validateLoadBalancerClass(spec: Spec, oldSpec: Spec | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const p = FieldPath.root('spec', 'loadBalancerClass');
  if (oldSpec && oldSpec.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && (oldSpec.loadBalancerClass ?? null) !== (spec.loadBalancerClass ?? null)) {
    errs.push(invalid(p, spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  if (spec.type === 'LoadBalancer') {
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) errs.push(...validateQualifiedName(spec.loadBalancerClass, p));
  } else if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

/** A service as ValidateService: name a DNS-1035 label, ports, selector, affinity, IPs, type and traffic policies. */
export function validateService(svcIn: KubeObject): FieldError[] {
  const svc = svcIn as Svc;
  const spec = specOf(svc);
  const metaPath = FieldPath.root('metadata');
  const specPath = FieldPath.root('spec');
  const annotations = svc.metadata.annotations ?? {};
  const errs = validateObjectMeta(svc.metadata, true, nameIsDNS1035Label, metaPath);
  if (TopologyMode in annotations && DeprecatedTopologyAwareHints in annotations && annotations[TopologyMode] !== annotations[DeprecatedTopologyAwareHints]) {
    errs.push(invalid(metaPath.child('annotations').key(TopologyMode), annotations[TopologyMode], `must match annotations[${DeprecatedTopologyAwareHints}] when both are specified`));
  }
  const ports = spec.ports ?? [];
  const headless = isHeadlessService(spec);
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required(specPath.child('ports'), ''));
  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (headless) errs.push(invalid(specPath.child('clusterIPs').index(0), spec.clusterIPs![0], `may not be set to 'None' for ${spec.type} services`));
      break;
    case 'ExternalName': {
      if ((spec.clusterIPs ?? []).length) errs.push(forbidden(specPath.child('clusterIPs'), 'may not be set for ExternalName services'));
      if ((spec.ipFamilies ?? []).length) errs.push(forbidden(specPath.child('ipFamilies'), 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(forbidden(specPath.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
      const cname = (spec.externalName ?? '').replace(/\.$/, '');
      if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid(specPath.child('externalName'), cname, m));
      else errs.push(required(specPath.child('externalName'), ''));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((sp, i) => errs.push(...validateServicePort(sp, ports.length > 1, names, specPath.child('ports').index(i))));
  if (spec.selector) errs.push(...validateLabels(spec.selector, specPath.child('selector')));
  const affinity = spec.sessionAffinity;
  if (!affinity) errs.push(required(specPath.child('sessionAffinity'), ''));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(notSupported(specPath.child('sessionAffinity'), affinity, ['ClientIP', 'None']));
  const cfgPath = specPath.child('sessionAffinityConfig');
  if (affinity === 'ClientIP') {
    const when = 'when session affinity type is ClientIP';
    const cfg = spec.sessionAffinityConfig;
    if (!cfg) errs.push(required(cfgPath, when));
    else if (!cfg.clientIP) errs.push(required(cfgPath.child('clientIP'), when));
    else if (cfg.clientIP.timeoutSeconds === undefined || cfg.clientIP.timeoutSeconds === null) errs.push(required(cfgPath.child('clientIP').child('timeoutSeconds'), when));
    else {
      const t = cfg.clientIP.timeoutSeconds;
      if (t <= 0 || t > MaxClientIPServiceAffinitySeconds) {
        errs.push(invalid(cfgPath.child('clientIP').child('timeoutSeconds'), t, `must be greater than 0 and less than ${MaxClientIPServiceAffinitySeconds}`));
      }
    }
  } else if (affinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(forbidden(cfgPath, 'must not be set when session affinity is None'));
  }
  errs.push(...validateServiceClusterIPsRelatedFields(spec));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const p = specPath.child('externalIPs').index(i);
    const e = validateIP(p, ip);
    errs.push(...(e.length ? e : validateNonSpecialIP(ip, p)));
  });
  if (!spec.type) errs.push(required(specPath.child('type'), ''));
  else if (!supportedServiceTypes.includes(spec.type)) errs.push(notSupported(specPath.child('type'), spec.type, supportedServiceTypes));
  if (spec.type === 'ClusterIP') {
    ports.forEach((sp, i) => {
      if (sp.nodePort) errs.push(forbidden(specPath.child('ports').index(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((sp, i) => {
    if (!sp.nodePort) return;
    const key = `${sp.protocol ?? ''}/${sp.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(specPath.child('ports').index(i).child('nodePort'), sp.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((sp, i) => {
    const key = `${sp.protocol ?? ''}/${sp.port ?? 0}`;
    if (portKeys.has(key)) errs.push(duplicate(specPath.child('ports').index(i), goServicePortKey(sp.protocol ?? '', sp.port ?? 0)));
    portKeys.add(key);
  });
  if ((spec.loadBalancerSourceRanges ?? []).length) {
    const p = specPath.child('LoadBalancerSourceRanges');
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    spec.loadBalancerSourceRanges!.forEach((v, i) => errs.push(...validateCIDR(p.index(i), v.trim())));
  } else if (LoadBalancerSourceRangesAnnotation in annotations) {
    const p = FieldPath.root('metadata', 'annotations').key(LoadBalancerSourceRangesAnnotation);
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(p, "may only be used when `type` is 'LoadBalancer'"));
    const val = annotations[LoadBalancerSourceRangesAnnotation]!.trim();
    if (val) for (const v of val.split(',')) errs.push(...validateCIDR(p, v.trim()));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && spec.type !== 'LoadBalancer') {
    errs.push(forbidden(specPath.child('allocateLoadBalancerNodePorts'), "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    errs.push(required(FieldPath.root('allocateLoadBalancerNodePorts'), ''));
  }
  errs.push(...validateLoadBalancerClass(spec, undefined));
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errs.push(invalid(specPath.child('externalTrafficPolicy'), spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!spec.externalTrafficPolicy) errs.push(required(specPath.child('externalTrafficPolicy'), ''));
  else if (spec.externalTrafficPolicy !== 'Cluster' && spec.externalTrafficPolicy !== 'Local') {
    errs.push(notSupported(specPath.child('externalTrafficPolicy'), spec.externalTrafficPolicy, ['Cluster', 'Local']));
  }
  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) errs.push(invalid(specPath.child('healthCheckNodePort'), hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) errs.push(required(specPath.child('healthCheckNodePort'), ''));
  else for (const m of isValidPortNum(hc)) errs.push(invalid(specPath.child('healthCheckNodePort'), hc, m));
  const itp = spec.internalTrafficPolicy;
  if ((itp === undefined || itp === null) && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')) {
    errs.push(required(specPath.child('internalTrafficPolicy'), ''));
  }
  if (itp !== undefined && itp !== null && itp !== 'Cluster' && itp !== 'Local') errs.push(notSupported(specPath.child('internalTrafficPolicy'), itp, ['Cluster', 'Local']));
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== null && spec.trafficDistribution !== 'PreferClose') {
    errs.push(notSupported(specPath.child('trafficDistribution'), spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(old: Spec, cur: Spec): FieldError[] {
  if (cur.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadlessService(old) && isHeadlessService(cur)) return [];
  const errs: FieldError[] = [];
  const p = FieldPath.root('spec', 'clusterIPs');
  const oldIPs = old.clusterIPs ?? [];
  const newIPs = cur.clusterIPs ?? [];
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i]) errs.push(invalid(p.index(i), goClusterIPs(cur), 'may not change once set'));
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0) errs.push(invalid(p.index(0), goClusterIPs(cur), 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) errs.push(invalid(p.index(0), goClusterIPs(cur), 'may not change once set'));
    if (newIPs.length === 1 && cur.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid(FieldPath.root('spec', 'ipFamilyPolicy'), cur.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid(p.index(0), goClusterIPs(cur), 'may not change once set'));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(old: Spec, cur: Spec): FieldError[] {
  if (cur.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadlessService(old) !== isHeadlessService(cur) || isHeadlessService(cur)) return [];
  const errs: FieldError[] = [];
  const p = FieldPath.root('spec', 'ipFamilies').index(0);
  const oldF = old.ipFamilies ?? [];
  const newF = cur.ipFamilies ?? [];
  const families = goNamedStringSlice('core.IPFamily', cur.ipFamilies);
  if (oldF.length === newF.length) {
    oldF.forEach((f, i) => {
      if (f !== newF[i]) errs.push(invalid(p, families, 'may not change once set'));
    });
  } else if (oldF.length > newF.length) {
    if ((cur.clusterIPs ?? []).length === 0) errs.push(invalid(p, families, 'primary ipFamily can not be unset'));
    if (newF.length > 0 && newF[0] !== oldF[0]) errs.push(invalid(p, goClusterIPs(cur), 'may not change once set'));
    if (newF.length === 1 && cur.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid(FieldPath.root('spec', 'ipFamilyPolicy'), cur.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (oldF.length > 0 && newF.length > 0 && newF[0] !== oldF[0]) {
    errs.push(invalid(p, goClusterIPs(cur), 'may not change once set'));
  }
  return errs;
}

/** A service update: metadata rules, clusterIPs and ipFamilies fixed once set, loadBalancerClass and healthCheckNodePort fixed, then validateService. */
export function validateServiceUpdate(newIn: KubeObject, oldIn: KubeObject): FieldError[] {
  const cur = specOf(newIn);
  const old = specOf(oldIn);
  const errs = validateObjectMetaUpdate(newIn.metadata, oldIn.metadata);
  errs.push(...validateUpgradeDowngradeClusterIPs(old, cur));
  errs.push(...validateUpgradeDowngradeIPFamilies(old, cur));
  // validateLoadBalancerClassField(old, new) repeats the format checks validateService makes again below.
  errs.push(...validateLoadBalancerClass(cur, old));
  if (needsHealthCheck(old) && needsHealthCheck(cur) && (cur.healthCheckNodePort ?? 0) !== (old.healthCheckNodePort ?? 0)) {
    errs.push(forbidden(FieldPath.root('spec', 'healthCheckNodePort'), 'field is immutable'));
  }
  errs.push(...validateService(newIn));
  return errs;
}

/** A status write: metadata rules and a valid load balancer status (only for LoadBalancer services). */
export function validateServiceStatusUpdate(newIn: KubeObject, oldIn: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(newIn.metadata, oldIn.metadata);
  const spec = specOf(newIn);
  const ingress = ((newIn as Service).status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string; ipMode?: string }[];
  const ingrPath = FieldPath.root('status', 'loadBalancer').child('ingress');
  if (spec.type !== 'LoadBalancer' && ingress.length) {
    errs.push(forbidden(ingrPath, "may only be used when `spec.type` is 'LoadBalancer'"));
    return errs;
  }
  ingress.forEach((ing, i) => {
    const p = ingrPath.index(i);
    if (ing.ip) errs.push(...validateIP(p.child('ip'), ing.ip));
    if (ing.ipMode === undefined || ing.ipMode === null) {
      if (ing.ip) errs.push(required(p.child('ipMode'), 'must be specified when `ip` is set'));
    } else if (!ing.ip) errs.push(forbidden(p.child('ipMode'), 'may not be specified when `ip` is not set'));
    else if (ing.ipMode !== 'Proxy' && ing.ipMode !== 'VIP') errs.push(notSupported(p.child('ipMode'), ing.ipMode, ['Proxy', 'VIP']));
    if (ing.hostname) {
      for (const m of isDNS1123Subdomain(ing.hostname)) errs.push(invalid(p.child('hostname'), ing.hostname, m));
      if (parseIPSloppy(ing.hostname)) errs.push(invalid(p.child('hostname'), ing.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

/** The node-port range a kubeadm API server serves (--service-node-port-range default). */
export const defaultNodePortRange = { base: 30000, size: 2768 } as const;

/**
 * Node ports outside the range, as the API server's node-port allocator reports them before validation runs
 * (`spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767`).
 */
export function validateServiceNodePorts(svcIn: KubeObject, range: { base: number; size: number } = defaultNodePortRange): FieldError[] {
  const errs: FieldError[] = [];
  const last = range.base + range.size - 1;
  (specOf(svcIn).ports ?? []).forEach((sp, i) => {
    const np = sp.nodePort ?? 0;
    if (np !== 0 && (np < range.base || np > last)) {
      errs.push(
        invalid(
          FieldPath.root('spec', 'ports').index(i).child('nodePort'),
          np,
          `provided port is not in the valid range. The range of valid ports is ${range.base}-${last}`,
        ),
      );
    }
  });
  return errs;
}

export const serviceValidator = {
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  validateStatusUpdate: validateServiceStatusUpdate,
};
