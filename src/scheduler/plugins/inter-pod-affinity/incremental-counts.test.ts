/** InterPodAffinity's counts kept between cycles: after any change to the nodes, the same counts as counting every node. */
import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo, PodInfo } from '../../framework/types.js';
import { makeNode, makePod, PodAffinityKind } from '../../testing/pod-wrapper.js';
import {
  countExistingAntiAffinity,
  countIncomingAffinity,
  existingAntiAffinityKey,
  getExistingAntiAffinityCounts,
  getIncomingAffinityAntiAffinityCounts,
  incomingAffinityKey,
  IncrementalTopologyCounts,
  TopologyCounts,
} from './filtering.js';

const { PodAffinityWithRequiredReq: AffReq, PodAntiAffinityWithRequiredReq: AntiReq } = PodAffinityKind;

let uid = 0;
const green = (node: string, zone = 'hostname') => makePod().uid(`p${++uid}`).namespace('ns').label('color', 'green').node(node).podAntiAffinityExists('color', zone, AntiReq).obj();
const blue = (node: string) => makePod().uid(`p${++uid}`).namespace('ns').label('color', 'blue').node(node).obj();

function nodes(n: number): NodeInfo[] {
  return Array.from({ length: n }, (_, i) => {
    const ni = new NodeInfo();
    ni.setNode(makeNode().name(`n${i}`).labels({ hostname: `n${i}`, zone: `z${i % 2}` }).obj());
    return ni;
  });
}

/** Each step changes the nodes the way the cache does (pods come and go, a node is relabelled, leaves the list). */
const steps: Array<[string, (ns: NodeInfo[]) => NodeInfo[]]> = [
  ['as first counted', (ns) => ns],
  ['after a pod with anti-affinity lands on a node', (ns) => (ns[1]!.addPod(green('n1', 'zone')), ns)],
  ['after a pod without affinity lands on a node', (ns) => (ns[2]!.addPod(blue('n2')), ns)],
  ['after a pod leaves', (ns) => (ns[0]!.removePod(ns[0]!.pods[0]!.pod), ns)],
  ['after a node is relabelled', (ns) => (ns[3]!.setNode(makeNode().name('n3').labels({ hostname: 'renamed', zone: 'z9' }).obj()), ns)],
  ['after a node leaves the list', (ns) => ns.filter((_, i) => i !== 3)],
  ['after the node comes back', (ns) => ns],
];

describe('IncrementalTopologyCounts', () => {
  const incoming: Pod = makePod().namespace('ns').label('color', 'green').podAntiAffinityExists('color', 'hostname', AntiReq).podAffinityExists('color', 'zone', AffReq).obj();
  const incomingInfo = PodInfo.of(incoming);
  const all = nodes(4);
  all[0]!.addPod(green('n0'));
  all[3]!.addPod(green('n3'));
  const existing = new IncrementalTopologyCounts(1);
  const incomingCounts = new IncrementalTopologyCounts(2);
  let current = all;

  it.each(steps)('gives the counts of a full count %s', (_name, step) => {
    current = step(all);
    const [e] = existing.compute(existingAntiAffinityKey(incoming, undefined), current, (node, ni, [into]) => countExistingAntiAffinity(incoming, undefined, node, ni, into!));
    expect(e!.toObject()).toEqual(getExistingAntiAffinityCounts(incoming, undefined, current).toObject());
    const [a, anti] = incomingCounts.compute(incomingAffinityKey(incomingInfo), current, (node, ni, [x, y]) => countIncomingAffinity(incomingInfo, node, ni, x!, y!));
    const want = getIncomingAffinityAntiAffinityCounts(incomingInfo, current);
    expect({ affinity: a!.toObject(), antiAffinity: anti!.toObject() }).toEqual({ affinity: want.affinity.toObject(), antiAffinity: want.antiAffinity.toObject() });
  });

  it('gives copies: changing what it returned does not change the next answer', () => {
    const counts = new IncrementalTopologyCounts(1);
    const ns = nodes(2);
    ns[0]!.addPod(green('n0'));
    const count = (node: Parameters<typeof countExistingAntiAffinity>[2], ni: NodeInfo, [into]: TopologyCounts[]) => countExistingAntiAffinity(incoming, undefined, node, ni, into!);
    const [first] = counts.compute('k', ns, count);
    first!.add('hostname', 'n0', 5);
    const [second] = counts.compute('k', ns, count);
    expect(second!.toObject()).toEqual({ 'hostname=n0': 1 });
  });

  it('keeps apart the counts of pods of different kinds scheduled in turn', () => {
    const ns = nodes(3);
    ns[0]!.addPod(green('n0'));
    const red = makePod().namespace('ns').label('color', 'red').obj();
    const counts = new IncrementalTopologyCounts(1);
    for (let round = 0; round < 3; round++) {
      for (const pod of [incoming, red]) {
        const [got] = counts.compute(existingAntiAffinityKey(pod, undefined), ns, (node, ni, [into]) => countExistingAntiAffinity(pod, undefined, node, ni, into!));
        expect(got!.toObject()).toEqual(getExistingAntiAffinityCounts(pod, undefined, ns).toObject());
      }
      ns[round]!.addPod(green(`n${round}`));
    }
  });
});
