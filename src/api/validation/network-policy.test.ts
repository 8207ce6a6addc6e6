import type { KubeObject } from '../object.js';
import { validateNetworkPolicy, validateNetworkPolicyUpdate } from './network-policy.js';

type Spec = Record<string, unknown>;

/** A defaulted NetworkPolicy letting app=web receive from app=frontend on TCP 80; `edit` changes its spec. */
function makePolicy(edit: (s: Spec) => void = () => {}): KubeObject {
  const spec: Spec = {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
    policyTypes: ['Ingress'],
  };
  edit(spec);
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'default', resourceVersion: '1' }, spec };
}

const ingress0 = (s: Spec) => (s['ingress'] as Spec[])[0]!;

describe('validateNetworkPolicy', () => {
  it.each<[string, (s: Spec) => void, string[]]>([
    ['a policy allowing frontend pods in is valid', () => {}, []],
    ['an empty pod selector selects every pod and is valid', (s) => (s['podSelector'] = {}), []],
    ['a port range is valid', (s) => (ingress0(s)['ports'] = [{ protocol: 'TCP', port: 32000, endPort: 32768 }]), []],
    [
      'a range may not end before it starts',
      (s) => (ingress0(s)['ports'] = [{ protocol: 'TCP', port: 80, endPort: 79 }]),
      ['spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`'],
    ],
    [
      'a named port cannot have an end',
      (s) => (ingress0(s)['ports'] = [{ protocol: 'TCP', port: 'http', endPort: 90 }]),
      ['spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric'],
    ],
    [
      'port 0 is out of range',
      (s) => (ingress0(s)['ports'] = [{ protocol: 'TCP', port: 0 }]),
      ['spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ],
    [
      'an unknown protocol is not supported',
      (s) => (ingress0(s)['ports'] = [{ protocol: 'ICMP', port: 80 }]),
      ['spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'],
    ],
    ['a peer must say something', (s) => (ingress0(s)['from'] = [{}]), ['spec.ingress[0].from[0]: Required value: must specify a peer']],
    [
      'an ipBlock stands alone in its peer',
      (s) => (ingress0(s)['from'] = [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }]),
      ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
    ],
    [
      'an ipBlock needs a valid CIDR',
      (s) => (ingress0(s)['from'] = [{ ipBlock: { cidr: '10.0.0.0' } }]),
      ['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": not a valid CIDR'],
    ],
    [
      'an except must be a strict subset of the cidr',
      (s) => (ingress0(s)['from'] = [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24', '172.18.0.0/24', '172.17.0.0/16'] } }]),
      [
        'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "172.18.0.0/24": must be a strict subset of `cidr`',
        'spec.ingress[0].from[0].ipBlock.except[2]: Invalid value: "172.17.0.0/16": must be a strict subset of `cidr`',
      ],
    ],
    [
      'egress peers are checked the same way',
      (s) => (s['egress'] = [{ to: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In' }] } }] }]),
      ["spec.egress[0].to[0].namespaceSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ],
    [
      'an unknown policy type is not supported',
      (s) => (s['policyTypes'] = ['Ingress', 'Both']),
      ['spec.policyTypes[1]: Unsupported value: "Both": supported values: "Ingress", "Egress"'],
    ],
    [
      'more than two policy types are rejected',
      (s) => (s['policyTypes'] = ['Ingress', 'Egress', 'Ingress']),
      ['spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes'],
    ],
  ])('%s', (_name, edit, expected) => {
    expect(validateNetworkPolicy(makePolicy(edit)).map(String)).toEqual(expected);
  });
});

describe('validateNetworkPolicyUpdate', () => {
  it('the whole spec may change', () => {
    expect(validateNetworkPolicyUpdate(makePolicy((s) => (s['policyTypes'] = ['Ingress', 'Egress'])), makePolicy()).map(String)).toEqual([]);
  });
});
