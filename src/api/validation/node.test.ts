import type { KubeObject } from '../object.js';
import { nodeValidator, validateNode, validateNodeUpdate } from './node.js';

type Json = Record<string, any>;
const makeNode = (spec: Json = {}, status: Json = {}, meta: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'worker-1', uid: 'u1', resourceVersion: '9', ...meta },
  spec,
  status,
});

describe('validateNode', () => {
  test.each([
    ['a node with a control-plane taint is valid', makeNode({ taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }), []],
    [
      'taints are reported under metadata.taints, as upstream does',
      makeNode({ taints: [{ key: 'gpu', value: 'yes please', effect: 'NoRun' }, { key: '', effect: '' }] }),
      [
        "metadata.taints[0].value: Invalid value: \"yes please\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        'metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
        'metadata.taints[1].key: Invalid value: "": name part must be non-empty',
        "metadata.taints[1].key: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        'metadata.taints[1].effect: Required value',
      ],
    ],
    [
      'a key and effect pair may appear once',
      makeNode({ taints: [{ key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'a', value: '2', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }] }),
      ['metadata.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"2", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair'],
    ],
    [
      'podCIDRs must be CIDRs, one per family',
      makeNode({ podCIDRs: ['10.244.0.0/24', '10.245.0.0/24'] }),
      ['spec.podCIDRs: Invalid value: []string{"10.244.0.0/24", "10.245.0.0/24"}: may specify no more than one CIDR for each IP family'],
    ],
    [
      'capacity quantities may not be negative and pods are whole',
      makeNode({}, { capacity: { cpu: '-1', pods: '110.5' } }),
      [
        'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
        'status.capacity.pods: Invalid value: resource.Quantity{i:resource.int64Amount{value:1105, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}: must be an integer',
      ],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, node, expected) => {
    expect(validateNode(node).map(String)).toEqual(expected);
  });
});

describe('validateNodeUpdate', () => {
  test.each([
    ['cordoning a node is allowed', makeNode({ podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] }), makeNode({ unschedulable: true, podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] }), []],
    ['assigning the first pod CIDR is allowed', makeNode(), makeNode({ podCIDRs: ['10.244.1.0/24'] }), []],
    [
      'a pod CIDR may not change once set',
      makeNode({ podCIDRs: ['10.244.0.0/24'] }),
      makeNode({ podCIDRs: ['10.244.9.0/24'] }),
      ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid'],
    ],
    [
      'the provider ID may not change once set',
      makeNode({ providerID: 'kubesim://a' }),
      makeNode({ providerID: 'kubesim://b' }),
      ['spec.providerID: Forbidden: node updates may not change providerID except from "" to valid'],
    ],
    [
      'addresses may not repeat',
      makeNode(),
      makeNode({}, { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'InternalIP', address: '10.0.0.1' }] }),
      ['status.addresses[1]: Duplicate value: core.NodeAddress{Type:"InternalIP", Address:"10.0.0.1"}'],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validateNodeUpdate(cur, old).map(String)).toEqual(expected);
  });

  test('an update of the node validates the node too', () => {
    const cur = makeNode({ taints: [{ key: 'a', effect: 'Nope' }] });
    expect(nodeValidator.validateUpdate(cur, makeNode()).map(String)).toEqual([
      'metadata.taints[0].effect: Unsupported value: "Nope": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[0].effect: Unsupported value: "Nope": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });
});
