/** Shared driver of the resource scoring strategies' upstream test tables (tests only). */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { ResourceSpec, ScoringStrategy } from '../../config/types.js';
import { Code, CycleState, type NodeScore } from '../../framework/interface.js';
import { Snapshot } from '../../framework/snapshot.js';
import { Fit } from './fit.js';

export interface StrategyCase {
  name: string;
  requestedPod: Pod;
  nodes: Node[];
  existingPods?: Pod[];
  expectedScores?: NodeScore[];
  resources: ResourceSpec[] | undefined;
  /** Field paths of the expected validation errors. */
  wantErrs?: string[];
  wantStatusCode?: number;
}

export const defaultResources: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
export const extendedRes = 'abc.com/xyz';
export const extendedResourceSet: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
  { name: extendedRes, weight: 1 },
];

let uid = 0;

/** What a case produced: the construction error, or each node's status code and score. */
export interface StrategyResult {
  error?: string;
  codes: number[];
  scores: NodeScore[];
}

/** Builds the plugin, runs PreScore and Score on every node, as upstream's loop; the caller compares. */
export function runStrategyCase(tc: StrategyCase, strategy: Omit<ScoringStrategy, 'resources'>): StrategyResult {
  let p: Fit;
  try {
    p = new Fit({ scoringStrategy: { ...strategy, resources: tc.resources as ResourceSpec[] } });
  } catch (e) {
    return { error: (e as Error).message, codes: [], scores: [] };
  }
  const pods = (tc.existingPods ?? []).map((pod) => ({ ...pod, metadata: { ...pod.metadata, uid: `u${++uid}` } }));
  const snapshot = Snapshot.fromPodsAndNodes(pods, tc.nodes);
  const state = new CycleState();
  const pre = p.preScore(state, tc.requestedPod, snapshot.nodeInfos().list());
  if (!pre.isSuccess()) return { error: `PreScore: ${pre.message()}`, codes: [], scores: [] };
  const codes: number[] = [];
  const scores = tc.nodes.map((n) => {
    const { score, status } = p.score(state, tc.requestedPod, snapshot.get(n.metadata!.name!));
    codes.push(status.code);
    return { name: n.metadata!.name!, score };
  });
  return { codes, scores };
}

/** The result a case expects, to compare with toEqual. */
export function expectedResult(tc: StrategyCase, got: StrategyResult): StrategyResult {
  if (tc.wantErrs) return { ...got, error: tc.wantErrs.every((f) => got.error?.includes(`${f}: Invalid value`)) ? got.error : `errors at ${tc.wantErrs.join(', ')}` };
  return { codes: tc.nodes.map(() => tc.wantStatusCode ?? Code.Success), scores: tc.expectedScores ?? [] };
}
