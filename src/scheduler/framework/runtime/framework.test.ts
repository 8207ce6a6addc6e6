import { describe, expect, it } from '@jest/globals';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Code, CycleState, Status, type Plugin, type PluginFactory, type PreFilterResult } from '../interface.js';
import { newTestHandle } from '../test-handle.js';
import type { NodeInfo } from '../types.js';

const pod = (name: string, priority = 0): Pod => ({ metadata: { name, namespace: 'default', uid: name }, spec: { containers: [{ name: 'c', image: 'nginx' }], priority } });
const node = (name: string): Node => ({ metadata: { name }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } } });

/** A PreFilter plugin answering a fixed result and status. */
function preFilter(name: string, status: Status, nodeNames?: string[]): { name: string; factory: PluginFactory } {
  return {
    name,
    factory: (): Plugin =>
      ({
        name: () => name,
        preFilter: () => {
          const result: PreFilterResult | undefined = nodeNames ? { nodeNames: new Set(nodeNames) } : undefined;
          return { result, status };
        },
        preFilterExtensions: () => undefined,
      }) as Plugin,
  };
}

function filter(name: string, rejects: (ni: NodeInfo) => Status | undefined): { name: string; factory: PluginFactory } {
  return { name, factory: (): Plugin => ({ name: () => name, filter: (_s: CycleState, _p: Pod, ni: NodeInfo) => rejects(ni) ?? Status.success() }) as Plugin };
}

function score(name: string, scores: Record<string, number>, normalize?: (s: number) => number): { name: string; factory: PluginFactory } {
  return {
    name,
    factory: (): Plugin =>
      ({
        name: () => name,
        score: (_s: CycleState, _p: Pod, ni: NodeInfo) => ({ score: scores[ni.nodeName()] ?? 0, status: Status.success() }),
        scoreExtensions: () =>
          normalize
            ? {
                normalizeScore: (_s: CycleState, _p: Pod, list: Array<{ name: string; score: number }>) => {
                  for (const x of list) x.score = normalize(x.score);
                  return Status.success();
                },
              }
            : undefined,
      }) as Plugin,
  };
}

// Cases after upstream framework_test.go TestRunPreFilterPlugins.
describe('runPreFilterPlugins', () => {
  const nodes = [node('node-a'), node('node-b'), node('node-c')];
  it.each([
    ['all PreFilter plugins returned success', [preFilter('p1', Status.success()), preFilter('p2', Status.success())], undefined, Code.Success, '', [], ['p1', 'p2']],
    [
      'one PreFilter plugin returned Unschedulable, the other ran too (preemption may still help)',
      [preFilter('p1', new Status(Code.Unschedulable, 'no')), preFilter('p2', Status.success())],
      undefined,
      Code.Unschedulable,
      'p1',
      [],
      ['p1', 'p2'],
    ],
    [
      'one PreFilter plugin returned UnschedulableAndUnresolvable: the rest do not run',
      [preFilter('p1', new Status(Code.UnschedulableAndUnresolvable, 'no')), preFilter('p2', Status.success())],
      undefined,
      Code.UnschedulableAndUnresolvable,
      'p1',
      [],
      ['p1'],
    ],
    [
      'one PreFilter plugin returned an error',
      [preFilter('p1', Status.error('boom')), preFilter('p2', Status.success())],
      undefined,
      Code.Error,
      'p1',
      [],
      ['p1'],
    ],
    [
      'two results narrow the nodes to their intersection',
      [preFilter('p1', Status.success(), ['node-a', 'node-b']), preFilter('p2', Status.success(), ['node-b', 'node-c'])],
      ['node-b'],
      Code.Success,
      '',
      [],
      ['p1', 'p2'],
    ],
    [
      'a skipped plugin does not narrow and its Filter is skipped',
      [preFilter('p1', new Status(Code.Skip)), preFilter('p2', Status.success(), ['node-a'])],
      ['node-a'],
      Code.Success,
      '',
      ['p1'],
      ['p1', 'p2'],
    ],
  ])('%s', (_name, plugins, wantNodes, wantCode, wantPlugin, wantSkip, wantRan) => {
    const ran: string[] = [];
    // Wraps each plugin to record that it ran.
    const h2 = newTestHandle({
      nodes,
      plugins: plugins.map((p) => {
        const inner = p.factory(undefined, undefined as never) as unknown as { preFilter: () => { result?: PreFilterResult; status: Status } };
        return { name: p.name, factory: () => ({ name: () => p.name, preFilter: () => (ran.push(p.name), inner.preFilter()), preFilterExtensions: () => undefined }) as Plugin };
      }),
    });
    const state = new CycleState();
    const { result, status } = h2.framework.runPreFilterPlugins(state, pod('p'));
    expect(status.code).toBe(wantCode);
    expect(status.plugin).toBe(wantPlugin);
    expect(result?.nodeNames ? [...result.nodeNames].sort() : undefined).toEqual(wantNodes);
    expect([...state.skipFilterPlugins]).toEqual(wantSkip);
    expect(ran).toEqual(wantRan);
  });

  it.each([
    ['one plugin', [preFilter('p1', Status.success(), []), preFilter('p2', Status.success())], "node(s) didn't satisfy plugin p1", ['p1']],
    [
      'two plugins whose node sets do not meet',
      [preFilter('p2', Status.success(), ['node-a']), preFilter('p1', Status.success(), ['node-b'])],
      "node(s) didn't satisfy plugin(s) [p1 p2] simultaneously",
      ['p1', 'p2'],
    ],
  ])('an empty intersection from %s is UnschedulableAndUnresolvable', (_name, plugins, msg, pluginsWithNodes) => {
    const h = newTestHandle({ nodes, plugins });
    const r = h.framework.runPreFilterPlugins(new CycleState(), pod('p'));
    expect(r.status.code).toBe(Code.UnschedulableAndUnresolvable);
    expect(r.status.message()).toBe(msg);
    expect([...r.unschedulablePlugins].sort()).toEqual(pluginsWithNodes);
  });
});

describe('runFilterPlugins', () => {
  it('returns the first rejection with its plugin and does not run the later plugins', () => {
    const ran: string[] = [];
    const h = newTestHandle({
      nodes: [node('n1')],
      plugins: [
        filter('f1', () => (ran.push('f1'), undefined)),
        filter('f2', () => (ran.push('f2'), new Status(Code.Unschedulable, 'too small'))),
        filter('f3', () => (ran.push('f3'), undefined)),
      ],
    });
    const ni = h.snapshotSharedLister().nodeInfos().get('n1');
    const s = h.framework.runFilterPlugins(new CycleState(), pod('p'), ni);
    expect([s.code, s.plugin, s.message()]).toEqual([Code.Unschedulable, 'f2', 'too small']);
    expect(ran).toEqual(['f1', 'f2']);
  });

  it('turns a status other than success or rejection into an error naming the plugin', () => {
    const h = newTestHandle({ nodes: [node('n1')], plugins: [filter('f1', () => new Status(Code.Wait, 'huh'))] });
    const s = h.framework.runFilterPlugins(new CycleState(), pod('p'), h.snapshotSharedLister().nodeInfos().get('n1'));
    expect([s.code, s.message()]).toEqual([Code.Error, 'running "f1" filter plugin: huh']);
  });

  it('counts nominated pods of equal or higher priority on the node, then checks without them', () => {
    // Fits at most one pod: the nominated pod of higher priority takes the place.
    const full = (ni: NodeInfo) => (ni.pods.length >= 1 ? new Status(Code.Unschedulable, 'full') : undefined);
    const nominatedHigh = { ...pod('high', 10), status: { nominatedNodeName: 'n1' } };
    const nominatedLow = { ...pod('low', -1), status: { nominatedNodeName: 'n1' } };
    const high = newTestHandle({ nodes: [node('n1')], nominatedPods: [nominatedHigh], plugins: [filter('full', full)] });
    expect(high.runFilterPluginsWithNominatedPods(new CycleState(), pod('p', 0), high.snapshotSharedLister().nodeInfos().get('n1')).message()).toBe('full');
    const low = newTestHandle({ nodes: [node('n1')], nominatedPods: [nominatedLow], plugins: [filter('full', full)] });
    expect(low.runFilterPluginsWithNominatedPods(new CycleState(), pod('p', 0), low.snapshotSharedLister().nodeInfos().get('n1')).isSuccess()).toBe(true);
    // The pod itself, nominated earlier, does not count against itself.
    const self = newTestHandle({ nodes: [node('n1')], nominatedPods: [{ ...pod('p', 0), status: { nominatedNodeName: 'n1' } }], plugins: [filter('full', full)] });
    expect(self.runFilterPluginsWithNominatedPods(new CycleState(), pod('p', 0), self.snapshotSharedLister().nodeInfos().get('n1')).isSuccess()).toBe(true);
  });
});

describe('runScorePlugins', () => {
  const nodes = [node('n1'), node('n2')];
  it('normalizes, applies the weights and sums, keeping each stage', () => {
    const h = newTestHandle({ nodes, plugins: [score('s1', { n1: 10, n2: 20 }, (s) => s * 5), score('s2', { n1: 7, n2: 3 })] });
    h.framework.scorePluginWeight.set('s2', 3);
    const infos = h.snapshotSharedLister().nodeInfos().list();
    const { scores, status } = h.framework.runScorePlugins(new CycleState(), pod('p'), infos);
    expect(status.isSuccess()).toBe(true);
    expect(scores).toEqual([
      { name: 'n1', totalScore: 50 + 21, scores: [{ name: 's1', raw: 10, normalized: 50, score: 50 }, { name: 's2', raw: 7, normalized: 7, score: 21 }] },
      { name: 'n2', totalScore: 100 + 9, scores: [{ name: 's1', raw: 20, normalized: 100, score: 100 }, { name: 's2', raw: 3, normalized: 3, score: 9 }] },
    ]);
  });

  it('rejects a score outside [0, 100] after normalizing', () => {
    const h = newTestHandle({ nodes, plugins: [score('s1', { n1: 101, n2: 0 })] });
    const { status } = h.framework.runScorePlugins(new CycleState(), pod('p'), h.snapshotSharedLister().nodeInfos().list());
    expect(status.message()).toBe('applying score defaultWeights on Score plugins: plugin "s1" returns an invalid score 101, it should in the range of [0, 100] after normalizing');
  });

  it('skips plugins PreScore skipped', () => {
    const h = newTestHandle({ nodes, plugins: [score('s1', { n1: 1, n2: 2 }), score('s2', { n1: 5, n2: 5 })] });
    const state = new CycleState();
    state.skipScorePlugins = new Set(['s1']);
    const { scores } = h.framework.runScorePlugins(state, pod('p'), h.snapshotSharedLister().nodeInfos().list(), false);
    expect(scores.map((s) => [s.name, s.totalScore])).toEqual([
      ['n1', 5],
      ['n2', 5],
    ]);
  });
});
