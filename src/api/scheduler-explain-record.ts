/**
 * The record of a pod's last scheduling attempt, kept on the pod as the `kubesim.io/scheduler-explain` annotation
 * (JSON) so `kubesim scheduler explain` and other tools can show why the scheduler chose (or found no) node:
 * what kube-scheduler-simulator shows in its UI.
 */

export const ExplainAnnotation = 'kubesim.io/scheduler-explain';

/** One filter plugin's verdict on a node; plugins after a rejecting one did not run and are absent. */
export interface ExplainFilter {
  plugin: string;
  /** Status code name: Success, Unschedulable, UnschedulableAndUnresolvable, Error... */
  code: string;
  reasons?: string[];
}

/** One score plugin's scores on a node: raw from Score, after NormalizeScore, and times the plugin's weight. */
export interface ExplainScore {
  plugin: string;
  raw: number;
  normalized: number;
  weighted: number;
}

export interface ExplainNode {
  name: string;
  /** Filter verdicts in plugin order; empty when the node was not filtered (PreFilter rejected the pod, or it was not reached). */
  filters: ExplainFilter[];
  /** Absent when the node was not scored (rejected, or the only feasible node). */
  scores?: ExplainScore[];
  totalScore?: number;
}

export interface ExplainRecord {
  /** The profile (schedulerName) that made the attempt. */
  scheduler: string;
  /** The pod's attempt number (1 for the first). */
  attempt: number;
  /** RFC 3339 time of the attempt. */
  time: string;
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  selectedNode?: string;
  /** The FailedScheduling message (FitError text) or the error. */
  message?: string;
  numNodes: number;
  evaluatedNodes: number;
  feasibleNodes: number;
  /** Set when a PreFilter plugin rejected the pod (no node was filtered). */
  preFilter?: { plugin: string; code: string; message: string };
  /** The nodes PreFilter plugins narrowed the search to (absent: all nodes). */
  preFilterNodeNames?: string[];
  /** Node the pod was nominated to earlier and tried first. */
  nominatedNodeName?: string;
  filterPlugins: string[];
  scorePlugins: Array<{ name: string; weight: number }>;
  /** Feasible nodes by total score (highest first), then rejected nodes in the order they were filtered. */
  nodes: ExplainNode[];
  /** Nodes left out of `nodes` to keep the annotation small. */
  omittedNodes?: number;
  postFilter?: { plugin: string; code: string; message: string; nominatedNodeName?: string };
}

/** Parses the annotation of a pod (undefined when absent or not a record). */
export function readExplainRecord(annotations: Record<string, string> | undefined): ExplainRecord | undefined {
  const raw = annotations?.[ExplainAnnotation];
  if (!raw) return undefined;
  try {
    const r = JSON.parse(raw) as ExplainRecord;
    return typeof r === 'object' && r && Array.isArray(r.nodes) ? r : undefined;
  } catch {
    return undefined;
  }
}
