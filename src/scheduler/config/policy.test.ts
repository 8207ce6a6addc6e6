import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { expandProfilePlugins } from './expand-profile-plugins.js';
import { loadSchedulerConfiguration } from './load.js';
import { isLegacyPolicy, PolicyError, translatePolicy } from './policy.js';

const seed = readFileSync(new URL('../../../test/fixtures/seeds/scheduler-policy.json', import.meta.url), 'utf8');

function errorOf(text: string): string {
  try {
    translatePolicy(text);
  } catch (e) {
    if (e instanceof PolicyError) return e.message;
    throw e;
  }
  throw new Error('translated without error');
}

/** The seed's Policy with its mistakes fixed one at a time, as a learner would. */
const withoutComment = seed.replace(', // ', ',');
const withoutQuotedWeight = withoutComment.replace('weight: "1"', '"weight": 1');
const fixed = withoutQuotedWeight.replace('LeastReqeustPriority', 'LeastRequestedPriority');

describe('the seed\'s legacy scheduler Policy', () => {
  it('is recognized as a Policy even though it does not parse', () => {
    expect(isLegacyPolicy(seed)).toBe(true);
    expect(isLegacyPolicy('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n')).toBe(false);
  });

  it.each([
    ['as written, the // comment is not JSON', seed, "invalid policy: couldn't get version/kind; json parse error: invalid character '/' looking for beginning of value"],
    ['without the comment, the unquoted key is not JSON either', withoutComment, "invalid policy: couldn't get version/kind; json parse error: invalid character 'w' looking for beginning of object key string"],
    ['as JSON, the misspelt LeastReqeustPriority is not a priority', withoutQuotedWeight, 'couldn\'t create scheduler from policy: priority type not found for "LeastReqeustPriority"'],
    ['a weight given as a string is Go\'s unmarshal error', withoutComment.replace('weight: "1"', '"weight": "1"'), 'invalid policy: json: cannot unmarshal string into Go struct field PriorityPolicy.priorities.weight of type int64'],
    ['a priority without weight is refused by policy validation', fixed.replace('"EqualPriority", "weight": 1', '"EqualPriority", "weight": 0'), "couldn't create scheduler from policy: priority EqualPriority should have a positive weight applied to it or it has overflown"],
    ['an unknown predicate is named', fixed.replace('"HostName"', '"PodFitsHost"'), 'couldn\'t create scheduler from policy: predicate type not found for "PodFitsHost"'],
  ])('%s', (_name, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('once fixed, becomes the plugins 1.22 configured, under 1.32 names', () => {
    const { config, notes } = translatePolicy(fixed);
    expect(notes).toEqual([]);
    const cfg = loadSchedulerConfiguration(JSON.stringify(config));
    const x = expandProfilePlugins(cfg.profiles[0]!);
    // predicateOrdering: CheckNodeUnschedulable, HostName, PodFitsHostPorts, MatchNodeSelector, PodFitsResources,
    // NoDiskConflict, PodToleratesNodeTaints (mandatory), NoVolumeZoneConflict.
    expect(x.filter).toEqual(['NodeUnschedulable', 'NodeName', 'NodePorts', 'NodeAffinity', 'NodeResourcesFit', 'VolumeRestrictions', 'TaintToleration', 'VolumeZone']);
    expect(x.preFilter).toEqual(['NodePorts', 'NodeAffinity', 'NodeResourcesFit', 'VolumeRestrictions', 'VolumeZone']);
    // Priorities sorted by name: BalancedResourceAllocation, LeastRequestedPriority, SelectorSpreadPriority (ServiceSpreadingPriority's key).
    expect(x.score).toEqual(['NodeResourcesBalancedAllocation', 'NodeResourcesFit', 'PodTopologySpread']);
    expect(Object.fromEntries(x.scoreWeights)).toEqual({ NodeResourcesBalancedAllocation: 1, NodeResourcesFit: 2, PodTopologySpread: 2 });
    expect(x.queueSort).toEqual(['PrioritySort']);
    expect(x.postFilter).toEqual(['DefaultPreemption']);
    expect(x.bind).toEqual(['DefaultBinder']);
    const args = Object.fromEntries(cfg.profiles[0]!.pluginConfig.map((c) => [c.name, c.args]));
    expect(args.NodeResourcesFit).toMatchObject({ scoringStrategy: { type: 'LeastAllocated' } });
    expect(args.PodTopologySpread).toMatchObject({ defaultingType: 'System' });
  });

  it('ServiceSpreadingPriority and SelectorSpreadPriority add their weights, as 1.22 did', () => {
    const text = JSON.stringify({ kind: 'Policy', apiVersion: 'v1', predicates: [], priorities: [{ name: 'ServiceSpreadingPriority', weight: 2 }, { name: 'SelectorSpreadPriority', weight: 3 }] });
    const cfg = loadSchedulerConfiguration(JSON.stringify(translatePolicy(text).config));
    expect(expandProfilePlugins(cfg.profiles[0]!).scoreWeights.get('PodTopologySpread')).toBe(5);
  });

  it('MostRequestedPriority becomes NodeResourcesFit with the MostAllocated strategy', () => {
    const text = JSON.stringify({ kind: 'Policy', apiVersion: 'v1', priorities: [{ name: 'MostRequestedPriority', weight: 1 }] });
    const { config } = translatePolicy(text);
    const cfg = loadSchedulerConfiguration(JSON.stringify(config));
    expect(cfg.profiles[0]!.pluginConfig.find((c) => c.name === 'NodeResourcesFit')!.args).toMatchObject({ scoringStrategy: { type: 'MostAllocated' } });
    // predicates left out: 1.22's default predicates.
    expect(expandProfilePlugins(cfg.profiles[0]!).filter).toContain('InterPodAffinity');
  });

  it('NodePreferAvoidPodsPriority is reported as left out', () => {
    const text = JSON.stringify({ kind: 'Policy', apiVersion: 'v1', priorities: [{ name: 'NodePreferAvoidPodsPriority', weight: 10000 }] });
    expect(translatePolicy(text).notes[0]).toMatch(/^NodePreferAvoidPodsPriority is left out/);
  });
});
