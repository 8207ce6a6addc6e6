/** kubectl describe ingress, ingressclass, networkpolicy and endpointslice. */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Ingress, IngressBackend, IngressClass, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import { formatLabelSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { formatEndpointSlices } from './describe-service.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';

/** The error key under which a failed GET of an ingress backend's Service is recorded. */
export const serviceErrorKey = (name: string) => `services/${name}`;

/** serviceBackendStringer: `name:port`. */
const serviceBackendText = (b: NonNullable<IngressBackend['service']>) => `${b.name}:${b.port?.number ? b.port.number : (b.port?.name ?? '')}`;

/** describeBackendV1: `svc:port (ip:port,...)`, an error in place of the endpoints, or a resource backend. */
function describeBackend(backend: IngressBackend, related: Related): string {
  if (backend.service) {
    const sb = serviceBackendText(backend.service);
    const err = related.errors?.[serviceErrorKey(backend.service.name)];
    if (err) return `${sb} (<error: ${err.message}>)`;
    const service = (related.services ?? []).find((s) => s.metadata.name === backend.service!.name) as (KubeObject & Service) | undefined;
    let spName = '';
    for (const sp of service?.spec?.ports ?? []) {
      if (backend.service.port?.number && backend.service.port.number === sp.port) spName = sp.name ?? '';
      else if (backend.service.port?.name && backend.service.port.name === sp.name) spName = sp.name ?? '';
    }
    const slices = (related.endpointSlices ?? []).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === backend.service!.name) as unknown as EndpointSlice[];
    return `${sb} (${formatEndpointSlices(slices, spName)})`;
  }
  if (backend.resource) return `APIGroup: ${backend.resource.apiGroup ?? '<none>'}, Kind: ${backend.resource.kind}, Name: ${backend.resource.name}`;
  return '';
}

/** The Services an Ingress routes to, once each, in the order kubectl first meets them. */
export function ingressServiceNames(ing: Ingress): string[] {
  const names: string[] = [];
  const add = (b: IngressBackend | undefined) => {
    if (b?.service && !names.includes(b.service.name)) names.push(b.service.name);
  };
  add(ing.spec?.defaultBackend);
  for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) add(p.backend);
  return names;
}

export function describeIngress(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const ing = obj as KubeObject & Ingress;
  const spec = ing.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ing.metadata.namespace ?? ''}\n`);
    const addresses = new Set<string>();
    for (const i of ing.status?.loadBalancer?.ingress ?? []) {
      if (i.ip) addresses.add(i.ip);
      else if (i.hostname) addresses.add(i.hostname);
    }
    w.write(LEVEL_0, `Address:\t${[...addresses].sort(compareGoStrings).join(',')}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    const defaultBackend = spec.defaultBackend ? describeBackend(spec.defaultBackend, related) : '<default>';
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if (spec.tls?.length) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(',');
        if (!t.secretName) w.write(LEVEL_1, `SNI routes ${hosts}\n`);
        else w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    let count = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
      for (const p of rule.http.paths) w.write(LEVEL_2, `\t${p.path ?? ''} \t${describeBackend(p.backend, related)}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

export function describeIngressClass(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const ic = obj as KubeObject & IngressClass;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ic.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const params = ic.spec?.parameters;
    if (params) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (params.apiGroup !== undefined && params.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${params.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${params.kind}\n`);
      w.write(LEVEL_1, `Name:\t${params.name}\n`);
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

/** `%s` of an *IntOrString port: `<nil>` when unset. */
const portText = (p: NetworkPolicyPort) => (p.port === undefined || p.port === null ? '<nil>' : String(p.port));

function printPorts(ports: readonly NetworkPolicyPort[] | undefined, indent: string, w: PrefixWriter): void {
  if (!ports?.length) {
    w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const port of ports) {
    const proto = port.protocol ?? 'TCP';
    if (port.endPort === undefined || port.endPort === null) w.write(LEVEL_0, `${indent}To Port: ${portText(port)}/${proto}\n`);
    else w.write(LEVEL_0, `${indent}To Port Range: ${portText(port)}-${port.endPort}/${proto}\n`);
  }
}

function printPeers(peers: readonly NetworkPolicyPeer[] | undefined, word: 'From' | 'To', anyText: string, indent: string, w: PrefixWriter): void {
  if (!peers?.length) {
    w.write(LEVEL_0, `${indent}${word}: <any> (${anyText})\n`);
    return;
  }
  for (const peer of peers) {
    w.write(LEVEL_0, `${indent}${word}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) {
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    } else if (peer.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

export function describeNetworkPolicy(obj: KubeObject, ctx: DescribeContext): string {
  const np = obj as KubeObject & NetworkPolicy;
  const spec = np.spec ?? { podSelector: {} };
  const types = spec.policyTypes ?? [];
  const indent = '    ';
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp, ctx)}\n`);
    printLabelsMultiline(w, 'Labels', np.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const ps = spec.podSelector ?? {};
    if (!Object.keys(ps.matchLabels ?? {}).length && !(ps.matchExpressions ?? []).length) w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(LEVEL_2, `${formatLabelSelector(ps)}\n`);
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      const rules = spec.ingress ?? [];
      if (rules.length === 0) w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ingress connectivity)\n`);
      rules.forEach((rule, i) => {
        printPorts(rule.ports, indent, w);
        printPeers(rule.from, 'From', 'traffic not restricted by source', indent, w);
        if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
      });
    } else {
      w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    }
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      const rules = spec.egress ?? [];
      if (rules.length === 0) w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for egress connectivity)\n`);
      rules.forEach((rule, i) => {
        printPorts(rule.ports, indent, w);
        printPeers(rule.to, 'To', 'traffic not restricted by destination', indent, w);
        if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
      });
    } else {
      w.write(LEVEL_1, 'Not affecting egress traffic\n');
    }
    w.write(LEVEL_1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  });
}

/** `%s` of a metav1.Time: Go's time.Time.String(), `2006-01-02 15:04:05 -0700 MST` in the local zone. */
function goTimeString(t: string | undefined, ctx: DescribeContext): string {
  if (!t) return '0001-01-01 00:00:00 +0000 UTC';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
    }).formatToParts(new Date(t)).map((p) => [p.type, p.value]),
  );
  const short = new Intl.DateTimeFormat('en-US', { timeZone: ctx.timeZone, timeZoneName: 'short' }).formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  const m = /^GMT([+-]\d{2}):(\d{2})$/.exec(parts.timeZoneName ?? '');
  const offset = m ? `${m[1]}${m[2]}` : '+0000';
  const abbrev = short === 'GMT' || short === 'UTC' ? 'UTC' : /^GMT[+-]/.test(short) ? offset : short;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset} ${abbrev}`;
}

export function describeEndpointSlice(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const eps = obj as KubeObject & EndpointSlice;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', eps.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    if (!eps.ports?.length) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of eps.ports) w.write(LEVEL_1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
    }
    if (!eps.endpoints?.length) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const ep of eps.endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${ep.addresses.join(', ') || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        w.write(LEVEL_3, `Ready:\t${ep.conditions?.ready === undefined || ep.conditions.ready === null ? '<unset>' : String(ep.conditions.ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${ep.hostname ?? '<unset>'}\n`);
        if (ep.targetRef) w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ''}/${ep.targetRef.name ?? ''}\n`);
        w.write(LEVEL_2, `NodeName:\t${ep.nodeName ?? '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${ep.zone ?? '<unset>'}\n`);
      }
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
