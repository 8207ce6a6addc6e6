import type { Node, NodeSelector as V1NodeSelector, NodeSelectorRequirement, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import { getRequiredNodeAffinity, NodeAffinityParseError, NodeSelector, PreferredSchedulingTerms } from './node-affinity.js';

// Cases from component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity_test.go.
const node = (name: string, labels?: Record<string, string>): Node => ({ metadata: { name, labels } });
const expr = (key: string, operator: string, ...values: string[]): NodeSelectorRequirement => ({ key, operator, ...(values.length ? { values } : {}) });
const nameIn = (...values: string[]): NodeSelectorRequirement => ({ key: 'metadata.name', operator: 'In', values });
const requiredPod = (required: V1NodeSelector, nodeSelector?: Record<string, string>): Pod => ({
  spec: { containers: [], nodeSelector, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } },
});
const keyDetail = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;

describe('NodeSelector', () => {
  it.each<{ name: string; selector: V1NodeSelector; node?: Node; wantErr?: string[]; want?: boolean }>([
    { name: 'a nil node matches nothing', selector: { nodeSelectorTerms: [{ matchExpressions: [expr('a', 'Exists')] }] }, want: false },
    {
      name: 'invalid field and label selectors are reported together',
      selector: {
        nodeSelectorTerms: [
          { matchFields: [nameIn('host_1', 'host_2')] },
          { matchExpressions: [expr('label_1', 'In', 'label_1_val')], matchFields: [nameIn('host_1')] },
          { matchExpressions: [expr('invalid key', 'In', 'label_value')] },
        ],
      },
      wantErr: ['nodeSelectorTerms[0].matchFields[0].values', 'must have one element', 'nodeSelectorTerms[2].matchExpressions[0].key', keyDetail],
    },
    {
      name: 'a node that matches the field selector but not the labels does not match',
      selector: { nodeSelectorTerms: [{ matchExpressions: [expr('label_1', 'In', 'label_1_val')], matchFields: [nameIn('host_1')] }] },
      node: node('host_1'),
      want: false,
    },
    {
      name: 'a node that matches the field selector and the label selector matches',
      selector: { nodeSelectorTerms: [{ matchExpressions: [expr('label_1', 'In', 'label_1_val')], matchFields: [nameIn('host_1')] }] },
      node: node('host_1', { label_1: 'label_1_val' }),
      want: true,
    },
    {
      name: 'the second term matching is enough',
      selector: { nodeSelectorTerms: [{ matchExpressions: [expr('label_1', 'In', 'label_1_val')] }, { matchFields: [nameIn('host_1')] }] },
      node: node('host_1'),
      want: true,
    },
  ])('$name', ({ selector, node: n, wantErr, want }) => {
    if (wantErr) {
      let err: unknown;
      try {
        NodeSelector.parse(selector);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NodeAffinityParseError);
      for (const part of wantErr) expect((err as Error).message).toContain(part);
      return;
    }
    expect(NodeSelector.parse(selector).match(n)).toBe(want);
  });
});

describe('PreferredSchedulingTerms', () => {
  it.each<{ name: string; terms: PreferredSchedulingTerm[]; node?: Node; wantErr?: string[]; want?: number }>([
    {
      name: 'invalid field and label selectors are reported with their index',
      terms: [
        { weight: 1, preference: { matchFields: [nameIn('host_1', 'host_2')] } },
        { weight: 1, preference: { matchExpressions: [expr('label_1', 'In', 'label_1_val')], matchFields: [nameIn('host_1')] } },
        { weight: 1, preference: { matchExpressions: [expr('invalid key', 'In', 'label_value')] } },
      ],
      wantErr: ['[0].matchFields[0].values', '[2].matchExpressions[0].key'],
    },
    {
      name: 'an invalid term of weight 0 is not reported',
      terms: [{ weight: 0, preference: { matchFields: [nameIn('host_1', 'host_2')] } }],
      node: node('host_1'),
      want: 0,
    },
    {
      name: 'the weights of the first and third matching terms add up',
      terms: [
        { weight: 5, preference: { matchFields: [nameIn('host_1')] } },
        { weight: 7, preference: { matchExpressions: [expr('unknown_label', 'In', 'unknown_label_val')] } },
        { weight: 11, preference: { matchExpressions: [expr('label_1', 'In', 'label_1_val')] } },
      ],
      node: node('host_1', { label_1: 'label_1_val' }),
      want: 16,
    },
  ])('$name', ({ terms, node: n, wantErr, want }) => {
    if (wantErr) {
      expect(() => PreferredSchedulingTerms.parse(terms)).toThrow(NodeAffinityParseError);
      try {
        PreferredSchedulingTerms.parse(terms);
      } catch (e) {
        for (const part of wantErr) expect((e as Error).message).toContain(part);
      }
      return;
    }
    expect(PreferredSchedulingTerms.parse(terms).score(n!)).toBe(want);
  });
});

describe('getRequiredNodeAffinity', () => {
  it.each<{ name: string; pod: Pod; labels?: Record<string, string>; nodeName?: string; want: boolean }>([
    { name: 'a pod without selector matches', pod: { spec: { containers: [] } }, want: true },
    { name: 'missing labels do not match', pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } }, want: false },
    { name: 'same labels match', pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } }, labels: { foo: 'bar' }, want: true },
    { name: 'node labels that are a superset match', pod: { spec: { containers: [], nodeSelector: { foo: 'bar' } } }, labels: { foo: 'bar', baz: 'blah' }, want: true },
    { name: 'node labels that are a subset do not match', pod: { spec: { containers: [], nodeSelector: { foo: 'bar', baz: 'blah' } } }, labels: { foo: 'bar' }, want: false },
    { name: 'In matches the node', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('foo', 'In', 'bar', 'value2')] }] }), labels: { foo: 'bar' }, want: true },
    { name: 'Gt compares as integers', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('kernel-version', 'Gt', '0204')] }] }), labels: { 'kernel-version': '0206' }, want: true },
    { name: 'Lt compares as integers', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('kernel-version', 'Lt', '0204')] }] }), labels: { 'kernel-version': '0206' }, want: false },
    { name: 'NotIn matches another value', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('mem-type', 'NotIn', 'DDR', 'DDR2')] }] }), labels: { 'mem-type': 'DDR3' }, want: true },
    { name: 'Exists matches any value', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('GPU', 'Exists')] }] }), labels: { GPU: 'NVIDIA-GRID-K1' }, want: true },
    { name: 'DoesNotExist rejects a node with the label', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('GPU', 'DoesNotExist')] }] }), labels: { GPU: 'x' }, want: false },
    { name: "affinity that doesn't match the node's labels doesn't match", pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('foo', 'In', 'value1', 'value2')] }] }), labels: { foo: 'bar' }, want: false },
    { name: 'a nil list of terms matches nothing', pod: requiredPod({} as V1NodeSelector), labels: { foo: 'bar' }, want: false },
    { name: 'an empty list of terms matches nothing', pod: requiredPod({ nodeSelectorTerms: [] }), labels: { foo: 'bar' }, want: false },
    { name: 'empty matchExpressions match nothing', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [] }] }), labels: { foo: 'bar' }, want: false },
    {
      name: 'affinity and nodeSelector must both hold',
      pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('foo', 'Exists')] }] }, { foo: 'bar' }),
      labels: { foo: 'barrrrrr' },
      want: false,
    },
    { name: 'an invalid value never matches', pod: requiredPod({ nodeSelectorTerms: [{ matchExpressions: [expr('foo', 'NotIn', 'invalid value: ___@#$%^')] }] }), labels: { foo: 'bar' }, want: false },
    { name: 'matchFields In selects the named node', pod: requiredPod({ nodeSelectorTerms: [{ matchFields: [nameIn('node_1')] }] }), nodeName: 'node_1', want: true },
    { name: 'matchFields In rejects another node', pod: requiredPod({ nodeSelectorTerms: [{ matchFields: [nameIn('node_1')] }] }), nodeName: 'node_2', want: false },
    {
      name: 'matchFields NotIn rejects the named node',
      pod: requiredPod({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node_1'] }] }] }),
      nodeName: 'node_1',
      want: false,
    },
  ])('$name', ({ pod, labels, nodeName, want }) => {
    expect(getRequiredNodeAffinity(pod).match(node(nodeName ?? '', labels)).matched).toBe(want);
  });
});
