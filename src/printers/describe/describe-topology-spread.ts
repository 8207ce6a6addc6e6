/** describeTopologySpreadConstraints: `key:WhenUnsatisfiable when max skew N is exceeded[ for selector S]`, sorted by key. */
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import { formatLabelSelector } from '../../api/label-selector.js';
import { LEVEL_0, type PrefixWriter } from './prefix-writer.js';

export function describeTopologySpreadConstraints(tscs: readonly TopologySpreadConstraint[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs?.length) return;
  const sorted = [...tscs].sort((a, b) => compareGoStrings(a.topologyKey, b.topologyKey));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((tsc, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    let text = `${tsc.topologyKey}:${tsc.whenUnsatisfiable} when max skew ${tsc.maxSkew} is exceeded`;
    if (tsc.labelSelector) text += ` for selector ${formatLabelSelector(tsc.labelSelector)}`;
    w.write(LEVEL_0, `${text}\n`);
  });
}
