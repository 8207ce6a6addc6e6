/** Service discovery and networking printers (printService, printEndpoints, printEndpointSlice, printIngress, printIngressClass, printNetworkPolicy). */
import type { EndpointSubset, LoadBalancerStatus, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Ingress, IngressClass, IngressLoadBalancerStatus, IngressRule, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import { formatLabelSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import { formatLabels, int, joinHostPort, listWithMoreString, sortedSet, str, translateTimestampSince } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn, type KindPrinter } from './kind-printer.js';

const core = 'io.k8s.api.core.v1';
const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata.creationTimestamp, now);

/**
 * loadBalancerStatusStringer: ingress IPs (or hostnames) sorted and joined. Upstream clips it to 16 bytes unless
 * wide, but the API server always prints wide, so kubectl never shows a clipped address.
 */
function loadBalancerStatusString(s: LoadBalancerStatus | IngressLoadBalancerStatus | undefined): string {
  const result: string[] = [];
  for (const ingress of s?.ingress ?? []) {
    if (str(ingress.ip) !== '') result.push(ingress.ip!);
    else if (str(ingress.hostname) !== '') result.push(ingress.hostname!);
  }
  return sortedSet(result).join(',');
}

/** getServiceExternalIP: what EXTERNAL-IP shows for each service type. */
function serviceExternalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatusString(svc.status?.loadBalancer);
      if (externalIPs.length > 0) return [...(lbIps ? lbIps.split(',') : []), ...externalIPs].join(',');
      return lbIps || '<pending>';
    }
    case 'ExternalName':
      return str(svc.spec.externalName);
  }
  return '<unknown>';
}

/** makePortString: `80/TCP`, `80:30080/TCP` with a node port. */
function portString(ports: readonly ServicePort[]): string {
  return ports.map((p) => (int(p.nodePort) > 0 ? `${int(p.port)}:${p.nodePort}/${str(p.protocol)}` : `${int(p.port)}/${str(p.protocol)}`)).join(',');
}

export const servicePrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Type', 'string', fieldDoc(`${core}.ServiceSpec`, 'type')),
    column('Cluster-IP', 'string', fieldDoc(`${core}.ServiceSpec`, 'clusterIP')),
    column('External-IP', 'string', fieldDoc(`${core}.ServiceSpec`, 'externalIPs')),
    column('Port(s)', 'string', fieldDoc(`${core}.ServiceSpec`, 'ports')),
    ageColumn(),
    column('Selector', 'string', fieldDoc(`${core}.ServiceSpec`, 'selector'), { priority: 1 }),
  ],
  (obj, now) => {
    const svc = obj as unknown as Service;
    const clusterIPs = svc.spec?.clusterIPs ?? [];
    return [
      str(obj.metadata.name),
      str(svc.spec?.type),
      clusterIPs.length > 0 ? clusterIPs[0]! : '<none>',
      serviceExternalIP(svc),
      portString(svc.spec?.ports ?? []) || '<none>',
      age(obj, now),
      formatLabels(svc.spec?.selector),
    ];
  },
);

/** formatEndpoints: the first three `ip:port` (or bare IPs for a port-less subset), then `+ N more...`; `<none>` without subsets. */
export function formatEndpoints(subsets: readonly EndpointSubset[] | undefined): string {
  if (!subsets || subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // A headless service may have no ports.
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(addr.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(addr.ip, int(port.port)));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Endpoints', 'string', fieldDoc(`${core}.Endpoints`, 'subsets')), ageColumn()],
  (obj, now) => [str(obj.metadata.name), formatEndpoints((obj as { subsets?: EndpointSubset[] }).subsets), age(obj, now)],
);

/** formatDiscoveryPorts: a port's number, else its name, else `*`. */
function formatDiscoveryPorts(ports: EndpointSlice['ports']): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const port of ports ?? []) {
    if (list.length < max) {
      let portNum = '*';
      if (port.port !== undefined && port.port !== null) portNum = String(port.port);
      else if (port.name !== undefined && port.name !== null) portNum = port.name;
      list.push(portNum);
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMoreString(list, more, count, max);
}

function formatDiscoveryEndpoints(endpoints: EndpointSlice['endpoints']): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const endpoint of endpoints ?? []) {
    for (const address of endpoint.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMoreString(list, more, count, max);
}

const discovery = 'io.k8s.api.discovery.v1.EndpointSlice';

export const endpointSlicePrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('AddressType', 'string', fieldDoc(discovery, 'addressType')),
    column('Ports', 'string', fieldDoc(discovery, 'ports')),
    column('Endpoints', 'string', fieldDoc(discovery, 'endpoints')),
    ageColumn(),
  ],
  (obj, now) => {
    const slice = obj as unknown as EndpointSlice;
    return [str(obj.metadata.name), str(slice.addressType), formatDiscoveryPorts(slice.ports), formatDiscoveryEndpoints(slice.endpoints), age(obj, now)];
  },
);

/** formatHosts: up to three rule hosts, `*` when no rule names one. */
function formatHosts(rules: readonly IngressRule[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && str(rule.host) !== '') list.push(rule.host!);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

export const ingressPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  (obj, now) => {
    const ing = obj as unknown as Ingress;
    return [
      str(obj.metadata.name),
      ing.spec?.ingressClassName ?? '<none>',
      formatHosts(ing.spec?.rules ?? []),
      loadBalancerStatusString(ing.status?.loadBalancer),
      (ing.spec?.tls ?? []).length !== 0 ? '80, 443' : '80',
      age(obj, now),
    ];
  },
);

export const ingressClassPrinter: KindPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  (obj, now) => {
    const ic = obj as unknown as IngressClass;
    const p = ic.spec?.parameters;
    let parameters = '<none>';
    if (p) {
      parameters = str(p.kind);
      if (p.apiGroup !== undefined && p.apiGroup !== null) parameters = `${parameters}.${p.apiGroup}`;
      parameters = `${parameters}/${str(p.name)}`;
    }
    return [str(obj.metadata.name), str(ic.spec?.controller), parameters, age(obj, now)];
  },
);

export const networkPolicyPrinter: KindPrinter = kindPrinter(
  () => [nameColumn(), column('Pod-Selector', 'string', fieldDoc('io.k8s.api.networking.v1.NetworkPolicySpec', 'podSelector')), ageColumn()],
  (obj, now) => [str(obj.metadata.name), formatLabelSelector((obj as unknown as NetworkPolicy).spec?.podSelector ?? {}), age(obj, now)],
);
