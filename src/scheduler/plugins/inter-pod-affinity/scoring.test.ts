/** InterPodAffinity PreScore/Score/NormalizeScore: upstream scoring_test.go's TestPreferredAffinity cases. */
import type { Affinity, Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { Code, CycleState, MaxNodeScore, type NodeScore } from '../../framework/interface.js';
import { newTestHandle } from '../../framework/test-handle.js';
import { upstreamTestNamespaces as testNamespaces } from '../../testing/pod-wrapper.js';
import { InterPodAffinity } from './inter-pod-affinity.js';

const labelRgChina = { region: 'China' };
const labelRgIndia = { region: 'India' };
const labelAzAz1 = { az: 'az1' };
const labelAzAz2 = { az: 'az2' };
const labelRgChinaAzAz1 = { region: 'China', az: 'az1' };
const S1 = { security: 'S1' };
const S2 = { security: 'S2' };

const secIn = (values: string[]) => ({ matchExpressions: [{ key: 'security', operator: 'In', values }] });
const weighted = (weight: number, term: PodAffinityTerm) => ({ weight, podAffinityTerm: term });
const stayWithS1InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, { labelSelector: secIn(['S1']), topologyKey: 'region' })] } };
const stayWithS2InRegion: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(6, { labelSelector: secIn(['S2']), topologyKey: 'region' })] } };
const affinity3: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      weighted(8, { labelSelector: { matchExpressions: [{ key: 'security', operator: 'NotIn', values: ['S1'] }, { key: 'security', operator: 'In', values: ['S2'] }] }, topologyKey: 'region' }),
      weighted(2, { labelSelector: { matchExpressions: [{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' }),
    ],
  },
};
const hardAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: secIn(['S1', 'value2']), topologyKey: 'region' },
      { labelSelector: { matchExpressions: [{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }] }, topologyKey: 'region' },
    ],
  },
};
const awayFromS1InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, { labelSelector: secIn(['S1']), topologyKey: 'az' })] } };
const awayFromS2InAz: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, { labelSelector: secIn(['S2']), topologyKey: 'az' })] } };
const stayWithS1InRegionAwayFromS2InAz: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, { labelSelector: secIn(['S1']), topologyKey: 'region' })] },
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, { labelSelector: secIn(['S2']), topologyKey: 'az' })] },
};
const nsTerm: PodAffinityTerm = {
  labelSelector: secIn(['S1']),
  topologyKey: 'region',
  namespaces: ['subteam2.team2'],
  namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
};
const affinityNamespaceSelector: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, nsTerm)] } };
const antiAffinityNamespaceSelector: Affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, nsTerm)] } };
const invalidAffinityLabels: Affinity = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, { labelSelector: secIn(['{{.bad-value.}}']), topologyKey: 'region' })] } };

let uid = 0;
const p = (labels?: Record<string, string>, nodeName?: string, affinity?: Affinity, namespace = ''): Pod => ({
  metadata: { uid: `u${++uid}`, namespace, ...(labels ? { labels } : {}) },
  spec: { containers: [], ...(nodeName ? { nodeName } : {}), ...(affinity ? { affinity } : {}) },
});
const n = (name: string, labels: Record<string, string>): Node => ({ metadata: { name, labels } });
const M = MaxNodeScore;

describe('InterPodAffinity scoring of preferred terms', () => {
  const cases: Array<{ name: string; pod: Pod; pods?: Pod[]; nodes: Node[]; want?: number[]; wantStatus?: { code: number; contains: string }; ignorePreferredTermsOfExistingPods?: boolean }> = [
    {
      name: 'all nodes are same priority as Affinity is nil',
      pod: p(S1),
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)],
      wantStatus: { code: Code.Skip, contains: '' },
    },
    {
      name: "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
      pod: p(S1, undefined, stayWithS1InRegion),
      pods: [p(S1, 'node1'), p(S2, 'node2'), p(S1, 'node3')],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)],
      want: [M, 0, 0],
    },
    {
      name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
      pod: p(undefined, undefined, stayWithS1InRegion),
      pods: [p(S1, 'node1')],
      nodes: [n('node1', labelRgChina), n('node2', labelRgChinaAzAz1), n('node3', labelRgIndia)],
      want: [M, M, 0],
    },
    {
      name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
      pod: p(S1, undefined, stayWithS2InRegion),
      pods: [p(S2, 'node1'), p(S2, 'node1'), p(S2, 'node2'), p(S2, 'node3'), p(S2, 'node4'), p(S2, 'node5')],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelRgChina), n('node4', labelRgChina), n('node5', labelRgIndia)],
      want: [M, 0, M, M, 0],
    },
    {
      name: 'Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ',
      pod: p(S1, undefined, affinity3),
      pods: [p(S1, 'node1'), p(S2, 'node2'), p(S1, 'node3')],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)],
      want: [20, M, 0],
    },
    {
      name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: p(S2),
      pods: [p(S1, 'node1', stayWithS1InRegion), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)],
      want: [0, M, 0],
    },
    {
      name: 'Affinity symmetry with namespace selector',
      pod: p(S1, undefined, undefined, 'subteam1.team1'),
      pods: [p(S1, 'node1', affinityNamespaceSelector), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)],
      want: [M, 0, 0],
    },
    {
      name: 'AntiAffinity symmetry with namespace selector',
      pod: p(S1, undefined, undefined, 'subteam1.team1'),
      pods: [p(S1, 'node1', antiAffinityNamespaceSelector), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)],
      want: [0, M, M],
    },
    {
      name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: p(S1),
      pods: [p(S1, 'node1', hardAffinity), p(S2, 'node2', hardAffinity)],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)],
      want: [M, M, 0],
    },
    {
      name: 'Anti Affinity: pod that does not match existing pods in node will get high score ',
      pod: p(S1, undefined, awayFromS1InAz),
      pods: [p(S1, 'node1'), p(S2, 'node2')],
      nodes: [n('node1', labelAzAz1), n('node2', labelRgChina)],
      want: [0, M],
    },
    {
      name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ',
      pod: p(S1, undefined, awayFromS1InAz),
      pods: [p(S1, 'node1'), p(S1, 'node2')],
      nodes: [n('node1', labelAzAz1), n('node2', labelRgChina)],
      want: [0, M],
    },
    {
      name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
      pod: p(S1, undefined, awayFromS1InAz),
      pods: [p(S1, 'node1'), p(S1, 'node1'), p(S2, 'node2')],
      nodes: [n('node1', labelAzAz1), n('node2', labelRgIndia)],
      want: [0, M],
    },
    {
      name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
      pod: p(S2),
      pods: [p(S1, 'node1', awayFromS2InAz), p(S2, 'node2', awayFromS1InAz)],
      nodes: [n('node1', labelAzAz1), n('node2', labelAzAz2)],
      want: [0, M],
    },
    {
      name: 'Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
      pod: p(S1, undefined, stayWithS1InRegionAwayFromS2InAz),
      pods: [p(S1, 'node1'), p(S1, 'node2')],
      nodes: [n('node1', labelRgChina), n('node2', labelAzAz1)],
      want: [M, 0],
    },
    {
      name: 'Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
      pod: p(S1, undefined, stayWithS1InRegionAwayFromS2InAz),
      pods: [p(S1, 'node1'), p(S1, 'node1'), p(S1, 'node2'), p(S1, 'node3'), p(S1, 'node3'), p(S1, 'node4'), p(S1, 'node5')],
      nodes: [n('node1', labelRgChinaAzAz1), n('node2', labelRgIndia), n('node3', labelRgChina), n('node4', labelRgChina), n('node5', labelRgIndia)],
      want: [M, 0, M, M, 0],
    },
    {
      name: 'Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
      pod: p(S1, undefined, stayWithS1InRegionAwayFromS2InAz),
      pods: [p(S1, 'node1'), p(S2, 'node2'), p(undefined, 'node3', stayWithS1InRegionAwayFromS2InAz), p(undefined, 'node4', awayFromS1InAz)],
      nodes: [n('node1', labelRgChina), n('node2', labelAzAz1), n('node3', labelRgIndia), n('node4', labelAzAz2)],
      want: [M, 0, M, 0],
    },
    {
      name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
      pod: p(S1),
      pods: [p(S1, 'node1'), p(undefined, 'node2', stayWithS1InRegionAwayFromS2InAz)],
      nodes: [n('node1', labelRgChina), n('node2', labelRgChina)],
      want: [0, 0],
    },
    {
      name: 'invalid Affinity fails PreScore',
      pod: p(undefined, undefined, invalidAffinityLabels),
      nodes: [n('node1', labelRgChina), n('node2', labelRgChina)],
      wantStatus: { code: Code.Error, contains: 'Invalid value: "{{.bad-value.}}"' },
    },
    {
      name: 'Affinity with pods matching NamespaceSelector',
      pod: p(S1, undefined, affinityNamespaceSelector, 'subteam1.team1'),
      pods: [p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team2'), p(S1, 'node2', undefined, 'subteam2.team1')],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia)],
      want: [M, 0],
    },
    {
      name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields',
      pod: p(S1, undefined, antiAffinityNamespaceSelector, 'subteam1.team1'),
      pods: [p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam1.team1'), p(S1, 'node1', undefined, 'subteam2.team2'), p(S1, 'node2', undefined, 'subteam2.team1')],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia)],
      want: [0, M],
    },
    {
      name: 'Ignore preferred terms of existing pods',
      pod: p(S2),
      pods: [p(S1, 'node1', stayWithS1InRegionAwayFromS2InAz), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia)],
      ignorePreferredTermsOfExistingPods: true,
      wantStatus: { code: Code.Skip, contains: '' },
    },
    {
      name: 'Do not ignore preferred terms of existing pods',
      pod: p(S2),
      pods: [p(S1, 'node1', stayWithS1InRegionAwayFromS2InAz), p(S2, 'node2', stayWithS2InRegion)],
      nodes: [n('node1', labelRgChina), n('node2', labelRgIndia)],
      want: [0, M],
    },
    { name: 'No nodes to score', pod: p(S2), pods: [], nodes: [], wantStatus: { code: Code.Skip, contains: '' } },
  ];

  it.each(cases)('$name', ({ pod, pods = [], nodes, want, wantStatus, ignorePreferredTermsOfExistingPods = false }) => {
    const handle = newTestHandle({ pods, nodes, namespaces: testNamespaces });
    const plugin = new InterPodAffinity({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods }, handle);
    const state = new CycleState();
    const infos = handle.snapshotSharedLister().nodeInfos().list();
    const pre = plugin.preScore(state, pod, infos);
    if (wantStatus) {
      expect(pre.code).toBe(wantStatus.code);
      expect(pre.message()).toContain(wantStatus.contains);
      return;
    }
    expect(pre.isSuccess()).toBe(true);
    const scores: NodeScore[] = infos.map((ni) => ({ name: ni.nodeName(), score: plugin.score(state, pod, ni).score }));
    expect(plugin.normalizeScore(state, pod, scores).isSuccess()).toBe(true);
    expect(scores.map((s) => s.score)).toEqual(want);
  });

  describe('with hardPodAffinityWeight (existing pods\' required affinity, symmetric)', () => {
    const S1svc = { service: 'S1' };
    const hardPodAffinity: Affinity = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['S1'] }] },
            namespaces: ['', 'subteam2.team2'],
            namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
            topologyKey: 'region',
          },
        ],
      },
    };
    const nodes = [n('node1', labelRgChina), n('node2', labelRgIndia), n('node3', labelAzAz1)];
    const cases2 = [
      { name: 'with default weight', pod: p(S1svc), weight: 1, want: [M, M, 0] },
      { name: 'with zero weight', pod: p(S1svc), weight: 0, want: undefined },
      { name: 'with no matching namespace', pod: p(S1svc, undefined, undefined, 'subteam1.team2'), weight: 1, want: undefined },
      { name: 'with matching NamespaceSelector', pod: p(S1svc, undefined, undefined, 'subteam1.team1'), weight: 1, want: [M, M, 0] },
      { name: 'with matching Namespaces', pod: p(S1svc, undefined, undefined, 'subteam2.team2'), weight: 1, want: [M, M, 0] },
    ];
    it.each(cases2)('$name', ({ pod, weight, want }) => {
      const handle = newTestHandle({ pods: [p(undefined, 'node1', hardPodAffinity), p(undefined, 'node2', hardPodAffinity)], nodes, namespaces: testNamespaces });
      const plugin = new InterPodAffinity({ hardPodAffinityWeight: weight }, handle);
      const state = new CycleState();
      const infos = handle.snapshotSharedLister().nodeInfos().list();
      const pre = plugin.preScore(state, pod, infos);
      if (!want) return expect(pre.code).toBe(Code.Skip);
      const scores: NodeScore[] = infos.map((ni) => ({ name: ni.nodeName(), score: plugin.score(state, pod, ni).score }));
      plugin.normalizeScore(state, pod, scores);
      expect(scores.map((x) => x.score)).toEqual(want);
    });
  });

  it('hardPodAffinityWeight 0 ignores existing pods\' required affinity, and ignorePreferredTermsOfExistingPods skips pods without preferences', () => {
    const pods = [p(S1, 'node1', hardAffinity), p(S2, 'node2', hardAffinity)];
    const nodes = [n('node1', labelRgChina), n('node2', labelRgIndia)];
    const handle = newTestHandle({ pods, nodes });
    const weightless = new InterPodAffinity({ hardPodAffinityWeight: 0 }, handle);
    expect(weightless.preScore(new CycleState(), p(S1), handle.snapshotSharedLister().nodeInfos().list()).code).toBe(Code.Skip);
    const ignoring = new InterPodAffinity({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: true }, handle);
    expect(ignoring.preScore(new CycleState(), p(S1), handle.snapshotSharedLister().nodeInfos().list()).code).toBe(Code.Skip);
    expect(() => new InterPodAffinity({ hardPodAffinityWeight: 101 }, handle)).toThrow('not in valid range [0-100]');
  });
});
