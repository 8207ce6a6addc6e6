import type { KubeObject } from '../object.js';
import { validateService, validateServiceNodePorts, validateServiceStatusUpdate, validateServiceUpdate } from './service.js';

type Json = Record<string, any>;

/** A ClusterIP service as stored: defaulted and with its IP allocated. */
function makeService(spec: Json = {}, meta: Json = {}, status?: Json): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '3', ...meta },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }],
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

const nodePort = (ports: Json[] = [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 }]) =>
  makeService({ type: 'NodePort', ports, externalTrafficPolicy: 'Cluster' });

describe('validateService', () => {
  test.each([
    ['a defaulted ClusterIP service is valid', makeService(), []],
    ['a NodePort service is valid', nodePort(), []],
    [
      'a service name must be a DNS-1035 label',
      makeService({}, { name: '1web' }),
      [
        "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['a service needs ports', makeService({ ports: [] }), ['spec.ports: Required value']],
    ['a headless service needs no ports', makeService({ ports: [], clusterIP: 'None', clusterIPs: ['None'] }), []],
    [
      'several ports need names, unique ones',
      makeService({
        ports: [
          { protocol: 'TCP', port: 80, targetPort: 80 },
          { name: 'http', protocol: 'TCP', port: 81, targetPort: 81 },
          { name: 'http', protocol: 'TCP', port: 82, targetPort: 82 },
        ],
      }),
      ['spec.ports[0].name: Required value', 'spec.ports[2].name: Duplicate value: "http"'],
    ],
    [
      'a port must be 1-65535 and the target port a number or IANA name',
      makeService({ ports: [{ protocol: 'TCP', port: 0, targetPort: 'Web_Port' }] }),
      [
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[0].targetPort: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    ],
    [
      'a protocol must be TCP, UDP or SCTP',
      makeService({ ports: [{ protocol: 'HTTP', port: 80, targetPort: 80 }] }),
      ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'the same port and protocol may appear once',
      makeService({
        ports: [
          { name: 'a', protocol: 'TCP', port: 80, targetPort: 80 },
          { name: 'b', protocol: 'TCP', port: 80, targetPort: 8080 },
        ],
      }),
      [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    ],
    [
      'a ClusterIP service may not use node ports',
      makeService({ ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 }] }),
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      'two ports may not share a node port',
      nodePort([
        { name: 'a', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 },
        { name: 'b', protocol: 'TCP', port: 81, targetPort: 81, nodePort: 30080 },
      ]),
      ['spec.ports[1].nodePort: Duplicate value: 30080'],
    ],
    [
      'an unknown type is rejected',
      makeService({ type: 'Internal' }),
      ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ],
    [
      'an ExternalName service needs an external name and no cluster IPs',
      makeService({ type: 'ExternalName', externalName: '', clusterIP: '', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: undefined }),
      [
        'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
        'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
        'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
        'spec.externalName: Required value',
      ],
    ],
    [
      'an external name is a DNS subdomain (a trailing dot allowed)',
      makeService({ type: 'ExternalName', externalName: 'my.database.example.com.', clusterIP: '', clusterIPs: undefined, ipFamilies: undefined, ipFamilyPolicy: undefined, internalTrafficPolicy: undefined }),
      [],
    ],
    [
      'a headless NodePort service is rejected',
      makeService({ type: 'NodePort', clusterIP: 'None', clusterIPs: ['None'], externalTrafficPolicy: 'Cluster' }),
      ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"],
    ],
    [
      'session affinity must be None or ClientIP, ClientIP with a timeout',
      makeService({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }),
      ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400'],
    ],
    [
      'an unknown session affinity is rejected',
      makeService({ sessionAffinity: 'Cookie' }),
      ['spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"'],
    ],
    [
      'selector keys and values are labels',
      makeService({ selector: { 'app name': 'web' } }),
      [
        "spec.selector: Invalid value: \"app name\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    [
      'clusterIPs must start with clusterIP and be valid IPs',
      makeService({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.11'] }),
      ['spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`'],
    ],
    [
      'a cluster IP must be an IP',
      makeService({ clusterIP: '10.96.0.300', clusterIPs: ['10.96.0.300'] }),
      ['spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ],
    [
      'external IPs may not be loopback',
      makeService({ externalIPs: ['127.0.0.1'], externalTrafficPolicy: 'Cluster' }),
      ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ],
    [
      'externalTrafficPolicy only for externally reachable services',
      makeService({ externalTrafficPolicy: 'Local' }),
      ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    ],
    [
      'a LoadBalancer needs allocateLoadBalancerNodePorts and a health check port when Local',
      makeService({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 }] }),
      ['allocateLoadBalancerNodePorts: Required value', 'spec.healthCheckNodePort: Required value'],
    ],
    [
      'source ranges are CIDRs, only for LoadBalancers',
      makeService({ loadBalancerSourceRanges: ['10.0.0.0/33'] }),
      [
        "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
        'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    ],
    ['internalTrafficPolicy is required', makeService({ internalTrafficPolicy: undefined }), ['spec.internalTrafficPolicy: Required value']],
  ] as [string, KubeObject, string[]][])('%s', (_n, svc, expected) => {
    expect(validateService(svc).map(String)).toEqual(expected);
  });
});

describe('validateServiceUpdate', () => {
  test.each([
    ['changing the selector is allowed', makeService(), makeService({ selector: { app: 'api' } }), []],
    [
      'the cluster IP may not change once set',
      makeService(),
      makeService({ clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'] }),
      ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.20"}: may not change once set'],
    ],
    [
      'the cluster IP may not be unset',
      makeService(),
      makeService({ clusterIP: '', clusterIPs: [] }),
      ['spec.clusterIPs[0]: Invalid value: []string{}: primary clusterIP can not be unset'],
    ],
    [
      'ipFamilies may not change once set',
      makeService(),
      makeService({ ipFamilies: ['IPv6'] }),
      [
        'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set',
        'spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`',
      ],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validateServiceUpdate(cur, old).map(String)).toEqual(expected);
  });
});

describe('validateServiceStatusUpdate', () => {
  test('load balancer ingress is only for LoadBalancer services and needs an ipMode with an ip', () => {
    const old = makeService();
    expect(validateServiceStatusUpdate(makeService({}, {}, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }), old).map(String)).toEqual([
      "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'",
    ]);
    const lb = makeService({ type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    expect(validateServiceStatusUpdate({ ...lb, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }, lb).map(String)).toEqual([
      'status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set',
    ]);
  });
});

describe('validateServiceNodePorts', () => {
  test.each([
    ['a node port in the range is fine', nodePort(), []],
    [
      'a node port below the range is rejected as the allocator does',
      nodePort([{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 8080 }]),
      ['spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767'],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, svc, expected) => {
    expect(validateServiceNodePorts(svc).map(String)).toEqual(expected);
  });
});
