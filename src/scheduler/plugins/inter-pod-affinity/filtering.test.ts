/** InterPodAffinity PreFilter/Filter: upstream filtering_test.go's cases (TestRequiredAffinitySingleNode, ...MultipleNodes, TestPreFilterStateAddRemovePod). */
import type { Namespace, Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { Code, CycleState, Status } from '../../framework/interface.js';
import { newTestHandle } from '../../framework/test-handle.js';
import { PodInfo } from '../../framework/types.js';
import { makePod as st, PodAffinityKind, upstreamTestNamespaces } from '../../testing/pod-wrapper.js';
import { ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch, getIncomingAffinityAntiAffinityCounts, getPreFilterState } from './filtering.js';
import { InterPodAffinity } from './inter-pod-affinity.js';

const { PodAffinityWithRequiredReq: AffReq, PodAntiAffinityWithRequiredReq: AntiReq } = PodAffinityKind;
const defaultNamespace = '';

const testNamespaces = upstreamTestNamespaces;

const node = (name: string, labels: Record<string, string>): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });

let uid = 0;
/** Pods in the snapshot need distinct UIDs. */
const withUIDs = (pods: Pod[]) => pods.map((p) => (p.metadata!.uid ? p : { ...p, metadata: { ...p.metadata, uid: `u${++uid}` } }));

function createPodWithAffinityTerms(namespace: string, nodeName: string, labels: Record<string, string>, affinity?: PodAffinityTerm[], antiAffinity?: PodAffinityTerm[]): Pod {
  return {
    metadata: { labels, namespace },
    spec: {
      containers: [],
      ...(nodeName ? { nodeName } : {}),
      affinity: {
        podAffinity: affinity ? { requiredDuringSchedulingIgnoredDuringExecution: affinity } : {},
        podAntiAffinity: antiAffinity ? { requiredDuringSchedulingIgnoredDuringExecution: antiAffinity } : {},
      },
    },
  };
}

function setup(pods: Pod[], nodes: Node[], namespaces: Namespace[] = testNamespaces) {
  const handle = newTestHandle({ pods: withUIDs(pods), nodes, namespaces });
  return { handle, plugin: new InterPodAffinity({ hardPodAffinityWeight: 1 }, handle) };
}

const statusOf = (s: Status) => ({ code: s.code, reasons: s.reasons });
const ok = { code: Code.Success, reasons: [] };
const unresolvable = (r: string) => ({ code: Code.UnschedulableAndUnresolvable, reasons: [r] });
const unschedulable = (r: string) => ({ code: Code.Unschedulable, reasons: [r] });
const skip = { code: Code.Skip, reasons: [] };

describe('InterPodAffinity filter on a single node', () => {
  const podLabel = { service: 'securityscan' };
  const pod = st().labels(podLabel).node('node1').obj();
  const podLabel2 = { security: 'S1' };
  const node1 = node('node1', { region: 'r1', zone: 'z11' });
  const svcIn = (values: string[]) => ({ matchExpressions: [{ key: 'service', operator: 'In', values }] });

  const cases: Array<{ name: string; pod: Pod; pods?: Pod[]; wantPreFilter?: object; wantFilter?: object }> = [
    { name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods', pod: { metadata: {}, spec: { containers: [] } }, wantPreFilter: skip },
    {
      name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
      pod: st().namespace(defaultNamespace).labels(podLabel2).podAffinityIn('service', 'region', ['securityscan', 'value2'], AffReq).obj(),
      pods: [pod],
    },
    {
      name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
      pod: st().namespace(defaultNamespace).labels(podLabel2).podAffinityNotIn('service', 'region', ['securityscan3', 'value3'], AffReq).obj(),
      pods: [pod],
    },
    {
      name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
      pod: createPodWithAffinityTerms(defaultNamespace, '', podLabel2, [{ labelSelector: svcIn(['securityscan', 'value2']), namespaces: ['DiffNameSpace'], topologyKey: '' }]),
      pods: [st().namespace('ns').label('service', 'securityscan').node('node1').obj()],
      wantFilter: unresolvable(ErrReasonAffinityRulesNotMatch),
    },
    {
      name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod: st().namespace(defaultNamespace).labels(podLabel).podAffinityIn('service', '', ['antivirusscan', 'value2'], AffReq).obj(),
      pods: [pod],
      wantFilter: unresolvable(ErrReasonAffinityRulesNotMatch),
    },
    {
      name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ',
      pod: createPodWithAffinityTerms(defaultNamespace, '', podLabel2, [
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' },
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }] }, topologyKey: 'region' },
      ]),
      pods: [pod],
    },
    {
      name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod: createPodWithAffinityTerms(defaultNamespace, '', podLabel2, [
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' },
        { labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan2'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }] }, topologyKey: 'region' },
      ]),
      pods: [pod],
      wantFilter: unresolvable(ErrReasonAffinityRulesNotMatch),
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
      pod: st().namespace(defaultNamespace).labels(podLabel2).podAffinityIn('service', 'region', ['securityscan', 'value2'], AffReq).podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'], AntiReq).obj(),
      pods: [pod],
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
      pod: st().namespace(defaultNamespace).labels(podLabel2).podAffinityIn('service', 'region', ['securityscan', 'value2'], AffReq).podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'], AntiReq).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels(podLabel).podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'], AntiReq).obj()],
    },
    {
      name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod: st().namespace(defaultNamespace).labels(podLabel2).podAffinityIn('service', 'region', ['securityscan', 'value2'], AffReq).podAntiAffinityIn('service', 'zone', ['securityscan', 'value2'], AntiReq).obj(),
      pods: [pod],
      wantFilter: unschedulable(ErrReasonAntiAffinityRulesNotMatch),
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: st().namespace(defaultNamespace).labels(podLabel).podAffinityIn('service', 'region', ['securityscan', 'value2'], AffReq).podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'], AntiReq).obj(),
      pods: [st().namespace(defaultNamespace).labels(podLabel).node('node1').podAntiAffinityIn('service', 'zone', ['securityscan', 'value2'], AntiReq).obj()],
      wantFilter: unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch),
    },
    {
      name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
      pod: st().namespace(defaultNamespace).labels(podLabel).podAffinityNotIn('service', 'region', ['securityscan', 'value2'], AffReq).obj(),
      pods: [st().label('service', 'securityscan').node('node2').obj()],
      wantFilter: unresolvable(ErrReasonAffinityRulesNotMatch),
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: st().labels(podLabel).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels(podLabel).podAntiAffinityIn('service', 'zone', ['securityscan', 'value2'], AntiReq).obj()],
      wantFilter: unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch),
    },
    {
      name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
      pod: st().labels(podLabel).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels(podLabel).podAntiAffinityNotIn('service', 'zone', ['securityscan', 'value2'], AntiReq).obj()],
      wantPreFilter: skip,
    },
    {
      name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod: st().namespace(defaultNamespace).labels(podLabel).podAntiAffinityExists('service', 'region', AntiReq).podAntiAffinityExists('security', 'region', AntiReq).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels(podLabel2).podAntiAffinityExists('security', 'zone', AntiReq).obj()],
      wantFilter: unschedulable(ErrReasonAntiAffinityRulesNotMatch),
    },
    {
      name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: st().namespace(defaultNamespace).labels(podLabel).podAntiAffinityExists('service', 'zone', AntiReq).podAntiAffinityExists('security', 'zone', AntiReq).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels(podLabel2).podAntiAffinityExists('security', 'zone', AntiReq).obj()],
      wantFilter: unschedulable(ErrReasonAntiAffinityRulesNotMatch),
    },
    {
      name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: st().namespace(defaultNamespace).labels(podLabel2).podAntiAffinityExists('security', 'zone', AntiReq).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels(podLabel).podAntiAffinityExists('service', 'zone', AntiReq).podAntiAffinityExists('security', 'zone', AntiReq).obj()],
      wantFilter: unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch),
    },
    {
      name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: st().namespace(defaultNamespace).labels({ abc: '', xyz: '' }).podAntiAffinityExists('abc', 'zone', AntiReq).podAntiAffinityExists('def', 'zone', AntiReq).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels({ def: '', xyz: '' }).podAntiAffinityExists('abc', 'zone', AntiReq).podAntiAffinityExists('def', 'zone', AntiReq).obj()],
      wantFilter: unschedulable(ErrReasonAntiAffinityRulesNotMatch),
    },
    {
      name: 'PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: st().namespace(defaultNamespace).labels({ def: '', xyz: '' }).podAntiAffinityExists('abc', 'zone', AntiReq).podAntiAffinityExists('def', 'zone', AntiReq).obj(),
      pods: [st().namespace(defaultNamespace).node('node1').labels({ abc: '', xyz: '' }).podAntiAffinityExists('abc', 'zone', AntiReq).podAntiAffinityExists('def', 'zone', AntiReq).obj()],
      wantFilter: unschedulable(ErrReasonAntiAffinityRulesNotMatch),
    },
    {
      name: 'affinity with NamespaceSelector',
      pod: createPodWithAffinityTerms(defaultNamespace, '', podLabel2, [
        { labelSelector: svcIn(['securityscan', 'value2']), namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] }, topologyKey: 'region' },
      ]),
      pods: [{ metadata: { namespace: 'subteam1.team1', labels: podLabel }, spec: { nodeName: 'node1', containers: [] } }],
    },
    {
      name: 'affinity with non-matching NamespaceSelector',
      pod: createPodWithAffinityTerms(defaultNamespace, '', podLabel2, [
        { labelSelector: svcIn(['securityscan', 'value2']), namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] }, topologyKey: 'region' },
      ]),
      pods: [{ metadata: { namespace: 'subteam1.team2', labels: podLabel }, spec: { nodeName: 'node1', containers: [] } }],
      wantFilter: unresolvable(ErrReasonAffinityRulesNotMatch),
    },
    {
      name: 'anti-affinity with matching NamespaceSelector',
      pod: createPodWithAffinityTerms('subteam1.team1', '', podLabel2, undefined, [
        { labelSelector: svcIn(['securityscan', 'value2']), namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] }, topologyKey: 'zone' },
      ]),
      pods: [{ metadata: { namespace: 'subteam2.team1', labels: podLabel }, spec: { nodeName: 'node1', containers: [] } }],
      wantFilter: unschedulable(ErrReasonAntiAffinityRulesNotMatch),
    },
    {
      name: 'anti-affinity with matching all NamespaceSelector',
      pod: createPodWithAffinityTerms('subteam1.team1', '', podLabel2, undefined, [{ labelSelector: svcIn(['securityscan', 'value2']), namespaceSelector: {}, topologyKey: 'zone' }]),
      pods: [{ metadata: { namespace: 'subteam2.team1', labels: podLabel }, spec: { nodeName: 'node1', containers: [] } }],
      wantFilter: unschedulable(ErrReasonAntiAffinityRulesNotMatch),
    },
    {
      name: 'anti-affinity with non-matching NamespaceSelector',
      pod: createPodWithAffinityTerms('subteam1.team1', '', podLabel2, undefined, [
        { labelSelector: svcIn(['securityscan', 'value2']), namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] }, topologyKey: 'zone' },
      ]),
      pods: [{ metadata: { namespace: 'subteam1.team2', labels: podLabel }, spec: { nodeName: 'node1', containers: [] } }],
    },
  ];

  it.each(cases)('$name', ({ pod: incoming, pods = [], wantPreFilter = ok, wantFilter = ok }) => {
    const { handle, plugin } = setup(pods, [node1]);
    const state = new CycleState();
    const pre = plugin.preFilter(state, incoming, handle.snapshotSharedLister().nodeInfos().list());
    expect(statusOf(pre.status)).toEqual(wantPreFilter);
    if (!pre.status.isSuccess()) return;
    expect(statusOf(plugin.filter(state, incoming, handle.snapshotSharedLister().nodeInfos().get('node1')))).toEqual(wantFilter);
  });

  const badValue =
    `parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: "{{.bad-value.}}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`;
  it.each([
    {
      name: 'PodAffinity fails PreFilter with an invalid affinity label syntax',
      pod: st().namespace(defaultNamespace).labels(podLabel).podAffinityIn('service', 'region', ['{{.bad-value.}}'], AffReq).podAffinityIn('service', 'node', ['antivirusscan', 'value2'], AffReq).obj(),
    },
    {
      name: 'PodAntiAffinity fails PreFilter with an invalid antiaffinity label syntax',
      pod: st().namespace(defaultNamespace).labels(podLabel).podAffinityIn('service', 'region', ['foo'], AffReq).podAffinityIn('service', 'node', ['{{.bad-value.}}'], AffReq).obj(),
    },
  ])('$name', ({ pod: bad }) => {
    const { handle, plugin } = setup([], [node1]);
    const pre = plugin.preFilter(new CycleState(), bad, handle.snapshotSharedLister().nodeInfos().list());
    expect(statusOf(pre.status)).toEqual(unresolvable(badValue));
  });
});

describe('InterPodAffinity filter on multiple nodes', () => {
  const labelRgChina = { region: 'China' };
  const labelRgChinaAzAz1 = { region: 'China', az: 'az1' };
  const labelRgIndia = { region: 'India' };
  const abc = (n: string, zone: string) => node(n, { region: 'r1', zone, hostname: n });

  const cases: Array<{ name: string; pod: Pod; pods: Pod[]; nodes: Node[]; want: object[]; wantPreFilter?: object }> = [
    {
      name: 'A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
      pod: st().namespace(defaultNamespace).podAffinityIn('foo', 'region', ['bar'], AffReq).obj(),
      pods: [st().name('p1').node('node1').labels({ foo: 'bar' }).obj()],
      nodes: [node('node1', labelRgChina), node('node2', labelRgChinaAzAz1), node('node3', labelRgIndia)],
      want: [ok, ok, unresolvable(ErrReasonAffinityRulesNotMatch)],
    },
    {
      name: "The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
      pod: st().namespace(defaultNamespace).labels({ foo: 'bar', service: 'securityscan' }).podAffinityIn('foo', 'zone', ['bar'], AffReq).podAffinityIn('service', 'zone', ['securityscan'], AffReq).obj(),
      pods: [st().name('p1').node('nodeA').labels({ foo: 'bar' }).obj()],
      nodes: [node('nodeA', { zone: 'az1', hostname: 'h1' }), node('nodeB', { zone: 'az2', hostname: 'h2' })],
      want: [ok, ok],
    },
    {
      name: 'The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
      pod: st().namespace(defaultNamespace).labels({ foo: 'bar', service: 'securityscan' }).podAffinityIn('foo', 'zone', ['bar'], AffReq).podAffinityIn('service', 'zone', ['securityscan'], AffReq).obj(),
      pods: [st().name('p1').node('nodeA').labels({ foo: 'bar' }).obj()],
      nodes: [node('nodeA', { zoneLabel: 'az1', hostname: 'h1' }), node('nodeB', { zoneLabel: 'az2', hostname: 'h2' })],
      want: [unresolvable(ErrReasonAffinityRulesNotMatch), unresolvable(ErrReasonAffinityRulesNotMatch)],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
      pod: st().namespace(defaultNamespace).podAntiAffinityIn('foo', 'region', ['abc'], AntiReq).obj(),
      pods: [st().node('nodeA').labels({ foo: 'abc' }).obj()],
      nodes: [node('nodeA', { region: 'r1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', hostname: 'nodeB' })],
      want: [unschedulable(ErrReasonAntiAffinityRulesNotMatch), unschedulable(ErrReasonAntiAffinityRulesNotMatch)],
    },
    {
      name: 'This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.',
      pod: st().namespace(defaultNamespace).podAntiAffinityIn('foo', 'region', ['abc'], AntiReq).podAntiAffinityIn('service', 'zone', ['securityscan'], AntiReq).obj(),
      pods: [st().node('nodeA').labels({ foo: 'abc', service: 'securityscan' }).obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z2')],
      want: [unschedulable(ErrReasonAntiAffinityRulesNotMatch), unschedulable(ErrReasonAntiAffinityRulesNotMatch)],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC',
      pod: st().namespace(defaultNamespace).podAntiAffinityIn('foo', 'region', ['abc'], AntiReq).obj(),
      pods: [st().node('nodeA').labels({ foo: 'abc' }).obj()],
      nodes: [node('nodeA', labelRgChina), node('nodeB', labelRgChinaAzAz1), node('nodeC', labelRgIndia)],
      want: [unschedulable(ErrReasonAntiAffinityRulesNotMatch), unschedulable(ErrReasonAntiAffinityRulesNotMatch), ok],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)',
      pod: st().namespace('NS1').labels({ foo: '123' }).podAntiAffinityIn('foo', 'region', ['bar'], AntiReq).obj(),
      pods: [st().node('nodeA').namespace('NS1').labels({ foo: 'bar' }).obj(), st().node('nodeC').namespace('NS2').podAntiAffinityIn('foo', 'region', ['123'], AntiReq).obj()],
      nodes: [node('nodeA', labelRgChina), node('nodeB', labelRgChinaAzAz1), node('nodeC', labelRgIndia)],
      want: [unschedulable(ErrReasonAntiAffinityRulesNotMatch), unschedulable(ErrReasonAntiAffinityRulesNotMatch), ok],
    },
    {
      name: "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
      pod: st().label('foo', '').obj(),
      pods: [st().node('nodeA').namespace(defaultNamespace).podAntiAffinityExists('foo', 'invalid-node-label', AntiReq).obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z1')],
      wantPreFilter: skip,
      want: [ok, ok],
    },
    {
      name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
      pod: st().node('nodeA').namespace(defaultNamespace).podAntiAffinityExists('foo', 'invalid-node-label', AntiReq).obj(),
      pods: [st().node('nodeA').labels({ foo: '' }).obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z1')],
      want: [ok, ok],
    },
    {
      name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
      pod: st().namespace(defaultNamespace).podAntiAffinityExists('foo', 'zone', AntiReq).podAntiAffinityExists('bar', 'region', AntiReq).obj(),
      pods: [st().node('nodeA').labels({ foo: '' }).obj(), st().node('nodeB').labels({ bar: '' }).obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z2')],
      want: [unschedulable(ErrReasonAntiAffinityRulesNotMatch), unschedulable(ErrReasonAntiAffinityRulesNotMatch)],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: st().label('foo', '').label('bar', '').obj(),
      pods: [st().node('nodeA').namespace(defaultNamespace).podAntiAffinityExists('foo', 'invalid-node-label', AntiReq).podAntiAffinityExists('bar', 'zone', AntiReq).obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z2')],
      want: [unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch), ok],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: st().namespace(defaultNamespace).podAntiAffinityExists('foo', 'invalid-node-label', AntiReq).podAntiAffinityExists('bar', 'zone', AntiReq).obj(),
      pods: [st().name('podA').node('nodeA').labels({ foo: '', bar: '' }).obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z2')],
      want: [unschedulable(ErrReasonAntiAffinityRulesNotMatch), ok],
    },
    {
      name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
      pod: st().label('foo', '').label('bar', '').obj(),
      pods: [
        st().node('nodeA').namespace(defaultNamespace).podAntiAffinityExists('foo', 'zone', AntiReq).podAntiAffinityExists('labelA', 'zone', AntiReq).obj(),
        st().node('nodeB').namespace(defaultNamespace).podAntiAffinityExists('bar', 'zone', AntiReq).podAntiAffinityExists('labelB', 'zone', AntiReq).obj(),
      ],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z2'), abc('nodeC', 'z3')],
      want: [unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch), unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch), ok],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
      pod: st().namespace(defaultNamespace).podAffinityExists('foo', 'region', AffReq).podAffinityExists('bar', 'zone', AffReq).obj(),
      pods: [st().name('pod1').labels({ foo: '', bar: '' }).node('nodeA').obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z1')],
      want: [ok, ok],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
      pod: st().namespace(defaultNamespace).podAffinityExists('foo', 'region', AffReq).podAffinityExists('bar', 'zone', AffReq).obj(),
      pods: [st().node('nodeA').name('pod1').namespace(defaultNamespace).labels({ foo: '' }).obj(), st().node('nodeB').name('pod2').namespace(defaultNamespace).labels({ bar: '' }).obj()],
      nodes: [abc('nodeA', 'z1'), abc('nodeB', 'z2')],
      want: [unresolvable(ErrReasonAffinityRulesNotMatch), unresolvable(ErrReasonAffinityRulesNotMatch)],
    },
  ];

  it.each(cases)('$name', ({ pod: incoming, pods, nodes, want, wantPreFilter = ok }) => {
    const { handle, plugin } = setup(pods, nodes, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'NS1' } }]);
    const state = new CycleState();
    const pre = plugin.preFilter(state, incoming, handle.snapshotSharedLister().nodeInfos().list());
    expect(statusOf(pre.status)).toEqual(wantPreFilter);
    if (pre.status.isSkip()) return;
    expect(nodes.map((n) => statusOf(plugin.filter(state, incoming, handle.snapshotSharedLister().nodeInfos().get(n.metadata!.name!))))).toEqual(want);
  });

  it('Filter without PreFilter is an error naming the missing state', () => {
    const { handle, plugin } = setup([], [node('n', {})]);
    const s = plugin.filter(new CycleState(), st().obj(), handle.snapshotSharedLister().nodeInfos().get('n'));
    expect(s.code).toBe(Code.Error);
    expect(s.message()).toContain('error reading "PreFilterInterPodAffinity" from cycleState');
  });
});

describe('InterPodAffinity PreFilter state after AddPod and RemovePod', () => {
  const label1 = { region: 'r1', zone: 'z11' };
  const label2 = { region: 'r1', zone: 'z12' };
  const label3 = { region: 'r2', zone: 'z21' };
  const selector1 = { foo: 'bar' };
  const antiAffinityFooBar = { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }, topologyKey: 'region' }] };
  const complexTerms = [
    { labelSelector: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'buzz'] }] }, topologyKey: 'region' },
    { labelSelector: { matchExpressions: [{ key: 'service', operator: 'NotIn', values: ['bar', 'security', 'test'] }] }, topologyKey: 'zone' },
  ];
  const antiAffinityComplex = { requiredDuringSchedulingIgnoredDuringExecution: complexTerms };
  const p = (name: string, labels: Record<string, string> | undefined, nodeName: string | undefined, affinity?: object): Pod => ({
    metadata: { name, uid: name, ...(labels ? { labels } : {}) },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}), ...(affinity ? { affinity } : {}) },
  });
  const nodes = [node('nodeA', label1), node('nodeB', label2), node('nodeC', label3)];

  const cases = [
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod',
      pendingPod: p('pending', selector1, undefined, { podAntiAffinity: antiAffinityFooBar }),
      existingPods: [p('p1', selector1, 'nodeA'), p('p2', undefined, 'nodeC', { podAntiAffinity: antiAffinityFooBar })],
      addedPod: p('addedPod', selector1, 'nodeB', { podAntiAffinity: antiAffinityFooBar }),
      expectedAntiAffinity: { 'region=r1': 2 },
      expectedAffinity: {},
    },
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod with complex terms',
      pendingPod: p('pending', selector1, undefined, { podAntiAffinity: antiAffinityComplex }),
      existingPods: [p('p1', selector1, 'nodeA'), p('p2', undefined, 'nodeC', { podAntiAffinity: antiAffinityFooBar })],
      addedPod: p('addedPod', selector1, 'nodeA', { podAntiAffinity: antiAffinityComplex }),
      expectedAntiAffinity: { 'region=r1': 2, 'zone=z11': 2, 'zone=z21': 1 },
      expectedAffinity: {},
    },
    {
      name: 'preFilterState matching pod affinity and anti-affinity are updated correctly after adding and removing a pod',
      pendingPod: p('pending', selector1, undefined, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complexTerms } }),
      existingPods: [p('p1', selector1, 'nodeA'), p('p2', undefined, 'nodeC', { podAntiAffinity: antiAffinityFooBar, podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complexTerms } })],
      addedPod: p('addedPod', selector1, 'nodeA', { podAntiAffinity: antiAffinityComplex }),
      expectedAntiAffinity: {},
      expectedAffinity: { 'region=r1': 2, 'zone=z11': 2 },
    },
  ];

  const countsOf = (st: ReturnType<typeof getPreFilterState>) => ({
    existing: st.existingAntiAffinityCounts.toObject(),
    affinity: st.affinityCounts.toObject(),
    antiAffinity: st.antiAffinityCounts.toObject(),
  });
  const stateFor = (pods: Pod[], pending: Pod) => {
    const { handle, plugin } = setup(pods, nodes);
    const state = new CycleState();
    expect(plugin.preFilter(state, pending, handle.snapshotSharedLister().nodeInfos().list()).status.isSuccess()).toBe(true);
    return { handle, plugin, state };
  };

  it.each(cases)('$name', ({ pendingPod, existingPods, addedPod, expectedAntiAffinity, expectedAffinity }) => {
    // The state PreFilter computes when the added pod already exists.
    const allPodsState = countsOf(getPreFilterState(stateFor([...existingPods, addedPod], pendingPod).state));
    const { handle, plugin, state } = stateFor(existingPods, pendingPod);
    const originalState = countsOf(getPreFilterState(state));
    const nodeInfo = handle.snapshotSharedLister().nodeInfos().get(addedPod.spec!.nodeName!);
    expect(plugin.addPod(state, pendingPod, PodInfo.of(addedPod), nodeInfo).isSuccess()).toBe(true);
    const added = countsOf(getPreFilterState(state));
    expect(added.antiAffinity).toEqual(expectedAntiAffinity);
    expect(added.affinity).toEqual(expectedAffinity);
    expect(added).toEqual(allPodsState);
    expect(plugin.removePod(state, pendingPod, PodInfo.of(addedPod), nodeInfo).isSuccess()).toBe(true);
    expect(countsOf(getPreFilterState(state))).toEqual(originalState);
  });

  it('a cloned state is equal to its source and independent of it', () => {
    const { plugin, state } = stateFor(cases[0]!.existingPods, cases[0]!.pendingPod);
    const source = getPreFilterState(state);
    const clone = source.clone();
    expect(clone).not.toBe(source);
    expect(countsOf(clone)).toEqual(countsOf(source));
    const cloned = state.clone();
    const n = { metadata: { name: 'nodeB', labels: label2 } } as Node;
    const ni = { node: () => n } as unknown as Parameters<typeof plugin.addPod>[3];
    plugin.addPod(cloned, cases[0]!.pendingPod, PodInfo.of(cases[0]!.addedPod), ni);
    expect(countsOf(getPreFilterState(state))).toEqual(countsOf(source));
    expect(getPreFilterState(cloned).antiAffinityCounts.toObject()).toEqual({ 'region=r1': 2 });
  });
});

describe('InterPodAffinity counts of existing pods matching the incoming pod\'s terms', () => {
  const newPod = (...labels: string[]) => {
    const w = st().name('normal').uid(`normal-${labels.join('-')}`).node('nodeA');
    for (const l of labels) w.label(l, '');
    return w.obj();
  };
  const normalPodA = newPod('aaa');
  const normalPodB = newPod('bbb');
  const normalPodAB = newPod('aaa', 'bbb');
  const nodeA = node('nodeA', { hostname: 'nodeA' });
  const cases: Array<{ name: string; existingPods: Pod[]; pod: Pod; wantAffinity: object; wantAntiAffinity: object }> = [
    { name: 'nil test', existingPods: [], pod: st().name('aaa-normal').obj(), wantAffinity: {}, wantAntiAffinity: {} },
    { name: 'incoming pod without affinity/anti-affinity causes a no-op', existingPods: [normalPodA], pod: st().name('aaa-normal').obj(), wantAffinity: {}, wantAntiAffinity: {} },
    {
      name: "no pod has label that violates incoming pod's affinity and anti-affinity",
      existingPods: [normalPodB],
      pod: st().name('aaa-anti').podAffinityExists('aaa', 'hostname', AffReq).podAntiAffinityExists('aaa', 'hostname', AntiReq).obj(),
      wantAffinity: {},
      wantAntiAffinity: {},
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - single term case",
      existingPods: [normalPodA],
      pod: st().name('affi-antiaffi').podAffinityExists('aaa', 'hostname', AffReq).podAntiAffinityExists('aaa', 'hostname', AntiReq).obj(),
      wantAffinity: { 'hostname=nodeA': 1 },
      wantAntiAffinity: { 'hostname=nodeA': 1 },
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - multiple terms case",
      existingPods: [normalPodAB],
      pod: st().name('affi-antiaffi').podAffinityExists('aaa', 'hostname', AffReq).podAffinityExists('bbb', 'hostname', AffReq).podAntiAffinityExists('aaa', 'hostname', AntiReq).obj(),
      wantAffinity: { 'hostname=nodeA': 2 }, // one for each term
      wantAntiAffinity: { 'hostname=nodeA': 1 },
    },
    {
      name: "existing pod not match incoming pod's affinity but matches anti-affinity",
      existingPods: [normalPodA],
      pod: st()
        .name('affi-antiaffi')
        .podAffinityExists('aaa', 'hostname', AffReq)
        .podAffinityExists('bbb', 'hostname', AffReq)
        .podAntiAffinityExists('aaa', 'hostname', AntiReq)
        .podAntiAffinityExists('bbb', 'hostname', AntiReq)
        .obj(),
      wantAffinity: {},
      wantAntiAffinity: { 'hostname=nodeA': 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 1",
      existingPods: [normalPodAB],
      pod: st()
        .name('anaffi-antiaffiti')
        .podAffinityExists('aaa', 'hostname', AffReq)
        .podAffinityExists('ccc', 'hostname', AffReq)
        .podAntiAffinityExists('aaa', 'hostname', AntiReq)
        .podAntiAffinityExists('ccc', 'hostname', AntiReq)
        .obj(),
      wantAffinity: {},
      wantAntiAffinity: { 'hostname=nodeA': 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 2",
      existingPods: [normalPodB],
      pod: st()
        .name('affi-antiaffi')
        .podAffinityExists('aaa', 'hostname', AffReq)
        .podAffinityExists('bbb', 'hostname', AffReq)
        .podAntiAffinityExists('aaa', 'hostname', AntiReq)
        .podAntiAffinityExists('bbb', 'hostname', AntiReq)
        .obj(),
      wantAffinity: {},
      wantAntiAffinity: { 'hostname=nodeA': 1 },
    },
  ];

  it.each(cases)('$name', ({ existingPods, pod, wantAffinity, wantAntiAffinity }) => {
    const { handle } = setup(existingPods, [nodeA]);
    const { affinity, antiAffinity } = getIncomingAffinityAntiAffinityCounts(PodInfo.of(pod), handle.snapshotSharedLister().nodeInfos().list());
    expect(affinity.toObject()).toEqual(wantAffinity);
    expect(antiAffinity.toObject()).toEqual(wantAntiAffinity);
  });
});
