import type { KubeObject } from '../../api/object.js';
import { endpointSlicePrinter, endpointsPrinter, formatEndpoints, ingressClassPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './network-printers.js';

const now = new Date('2025-03-01T12:00:00Z');
type Obj = Record<string, unknown>;
const make = (apiVersion: string, kind: string, fields: Obj): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'default', creationTimestamp: '2025-03-01T11:00:00Z' },
  ...fields,
});
const makeService = (spec: Obj, status: Obj = {}) => make('v1', 'Service', { spec, status });

describe('servicePrinter', () => {
  it.each<[string, Obj, Obj, string]>([
    ['a ClusterIP service without external IPs shows <none>', { type: 'ClusterIP' }, {}, '<none>'],
    ['a NodePort service shows its external IPs', { type: 'NodePort', externalIPs: ['1.1.1.1', '2.2.2.2'] }, {}, '1.1.1.1,2.2.2.2'],
    ['a LoadBalancer without ingress is <pending>', { type: 'LoadBalancer' }, {}, '<pending>'],
    ['a LoadBalancer shows ingress IPs or hostnames, sorted, unclipped', { type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }, { ip: '9.9.9.9' }, { ip: '9.9.9.9' }] } }, '9.9.9.9,lb.example.com'],
    ['a LoadBalancer lists ingress before external IPs', { type: 'LoadBalancer', externalIPs: ['1.1.1.1'] }, { loadBalancer: { ingress: [{ ip: '9.9.9.9' }] } }, '9.9.9.9,1.1.1.1'],
    ['a LoadBalancer with only external IPs shows them', { type: 'LoadBalancer', externalIPs: ['1.1.1.1'] }, {}, '1.1.1.1'],
    ['an ExternalName service shows its external name', { type: 'ExternalName', externalName: 'db.example.com' }, {}, 'db.example.com'],
    ['a service without a type is <unknown>', {}, {}, '<unknown>'],
  ])('EXTERNAL-IP: %s', (_name, spec, status, externalIP) => {
    expect(servicePrinter.cells(makeService(spec, status), now)[3]).toBe(externalIP);
  });

  it('prints the first cluster IP, the ports with node ports and protocols, and the selector', () => {
    const svc = makeService({
      type: 'NodePort',
      clusterIP: '10.0.0.1',
      clusterIPs: ['10.0.0.1', 'fd00::1'],
      selector: { tier: 'fe', app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }, { port: 53, protocol: 'UDP' }],
    });
    expect(servicePrinter.cells(svc, now)).toEqual(['x', 'NodePort', '10.0.0.1', '<none>', '80:30080/TCP,53/UDP', '60m', 'app=web,tier=fe']);
  });

  it('prints <none> without cluster IPs, ports or selector (a headless service shows None)', () => {
    expect(servicePrinter.cells(makeService({ type: 'ClusterIP' }), now)).toEqual(['x', 'ClusterIP', '<none>', '<none>', '<none>', '60m', '<none>']);
    expect(servicePrinter.cells(makeService({ type: 'ClusterIP', clusterIPs: ['None'] }), now)[2]).toBe('None');
  });
});

describe('formatEndpoints', () => {
  it.each<[string, Obj[] | undefined, string]>([
    ['no subsets is <none>', undefined, '<none>'],
    ['an address per port, IPv6 bracketed', [{ addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }], ports: [{ port: 80 }] }], '10.0.0.1:80,[fd00::1]:80'],
    ['a subset without ports lists bare addresses', [{ addresses: [{ ip: '10.0.0.1' }] }], '10.0.0.1'],
    ['past three the rest are counted', [{ addresses: [{ ip: 'a' }, { ip: 'b' }], ports: [{ port: 1 }, { port: 2 }, { port: 3 }] }], 'a:1,b:1,a:2 + 3 more...'],
    ['not-ready addresses are not listed', [{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], ''],
  ])('%s', (_name, subsets, printed) => {
    expect(formatEndpoints(subsets as never)).toBe(printed);
  });

  it('is the ENDPOINTS column', () => {
    expect(endpointsPrinter.cells(make('v1', 'Endpoints', {}), now)).toEqual(['x', '<none>', '60m']);
  });
});

describe('endpointSlicePrinter', () => {
  it('prints the address type, port numbers (name or * without one) and addresses, three at most', () => {
    const slice = make('discovery.k8s.io/v1', 'EndpointSlice', {
      addressType: 'IPv4',
      ports: [{ name: 'http' }, {}, { port: 8080, name: 'x' }],
      endpoints: [{ addresses: ['1.1.1.1', '2.2.2.2'] }, { addresses: ['3.3.3.3'] }, { addresses: ['4.4.4.4', '5.5.5.5'] }],
    });
    expect(endpointSlicePrinter.cells(slice, now)).toEqual(['x', 'IPv4', 'http,*,8080', '1.1.1.1,2.2.2.2,3.3.3.3 + 2 more...', '60m']);
  });

  it('prints <unset> without ports or endpoints', () => {
    expect(endpointSlicePrinter.cells(make('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'FQDN' }), now)).toEqual(['x', 'FQDN', '<unset>', '<unset>', '60m']);
  });
});

describe('ingressPrinter', () => {
  const makeIngress = (spec: Obj, status: Obj = {}) => make('networking.k8s.io/v1', 'Ingress', { spec, status });

  it.each<[string, Obj, string]>([
    ['no rules is *', {}, '*'],
    ['rule hosts are listed in order', { rules: [{ host: 'a' }, { host: 'b' }] }, 'a,b'],
    ['rules without a host are skipped', { rules: [{}, { host: 'b' }] }, 'b'],
    ['past three hosts the rules are counted', { rules: [{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }, {}] }, 'a,b,c + 2 more...'],
  ])('HOSTS: %s', (_name, spec, hosts) => {
    expect(ingressPrinter.cells(makeIngress(spec), now)[2]).toBe(hosts);
  });

  it('prints the class, the load balancer addresses and 80, 443 with TLS', () => {
    const ing = makeIngress({ ingressClassName: 'nginx', tls: [{ hosts: ['a'] }] }, { loadBalancer: { ingress: [{ ip: '2.2.2.2' }, { hostname: 'h' }, { ip: '1.1.1.1' }] } });
    expect(ingressPrinter.cells(ing, now)).toEqual(['x', 'nginx', '*', '1.1.1.1,2.2.2.2,h', '80, 443', '60m']);
  });

  it('prints <none> without a class and 80 without TLS', () => {
    expect(ingressPrinter.cells(makeIngress({}), now)).toEqual(['x', '<none>', '*', '', '80', '60m']);
  });
});

describe('ingressClassPrinter', () => {
  it.each<[string, Obj | undefined, string]>([
    ['parameters print as kind.group/name', { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' }, 'Params.k8s.example.com/p'],
    ['core parameters print as kind/name', { kind: 'ConfigMap', name: 'p' }, 'ConfigMap/p'],
    ['an explicitly empty group keeps its dot', { apiGroup: '', kind: 'ConfigMap', name: 'p' }, 'ConfigMap./p'],
    ['no parameters is <none>', undefined, '<none>'],
  ])('%s', (_name, parameters, printed) => {
    const ic = make('networking.k8s.io/v1', 'IngressClass', { spec: { controller: 'example.com/c', ...(parameters ? { parameters } : {}) } });
    expect(ingressClassPrinter.cells(ic, now)).toEqual(['x', 'example.com/c', printed, '60m']);
  });
});

describe('networkPolicyPrinter', () => {
  it('prints the pod selector, <none> when it selects every pod', () => {
    const policy = (podSelector?: Obj) => make('networking.k8s.io/v1', 'NetworkPolicy', { spec: podSelector ? { podSelector } : {} });
    expect(networkPolicyPrinter.cells(policy({ matchLabels: { app: 'web' } }), now)).toEqual(['x', 'app=web', '60m']);
    expect(networkPolicyPrinter.cells(policy({}), now)[1]).toBe('<none>');
    expect(networkPolicyPrinter.cells(policy(), now)[1]).toBe('<none>');
  });
});
