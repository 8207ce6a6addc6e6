/** Test helpers that drive one plugin through its extension points the way the framework does, for table-driven plugin tests. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { CycleState, isPreScorePlugin, type NodeScore, type Plugin, type ScorePlugin } from '../framework/interface.js';
import { NodeInfo } from '../framework/types.js';

let uids = 0;

/** A NodeInfo holding node and pods (upstream framework.NewNodeInfo(pods...) + SetNode); pods without a uid get one. */
export function nodeInfoOf(node: Node | undefined, ...pods: Pod[]): NodeInfo {
  for (const p of pods) if (!p.metadata?.uid) p.metadata = { ...p.metadata, uid: `test-uid-${++uids}` };
  const ni = new NodeInfo(...pods);
  if (node) ni.setNode(node);
  return ni;
}

/**
 * PreScore (when the plugin has it and runPreScore), Score on every node, then NormalizeScore: the list upstream
 * score tests compare. Throws when a step does not succeed.
 */
export function runScorePlugin(plugin: Plugin & ScorePlugin, pod: Pod, nodeInfos: NodeInfo[], opts: { state?: CycleState; runPreScore?: boolean } = {}): NodeScore[] {
  const state = opts.state ?? new CycleState();
  if ((opts.runPreScore ?? true) && isPreScorePlugin(plugin)) {
    const st = plugin.preScore(state, pod, nodeInfos);
    if (!st.isSuccess()) throw new Error(`PreScore: ${st.message()}`);
  }
  const scores: NodeScore[] = [];
  for (const ni of nodeInfos) {
    const { score, status } = plugin.score(state, pod, ni);
    if (!status.isSuccess()) throw new Error(`Score: ${status.message()}`);
    scores.push({ name: ni.nodeName(), score });
  }
  const ext = plugin.scoreExtensions();
  if (ext) {
    const st = ext.normalizeScore(state, pod, scores);
    if (!st.isSuccess()) throw new Error(`NormalizeScore: ${st.message()}`);
  }
  return scores;
}
