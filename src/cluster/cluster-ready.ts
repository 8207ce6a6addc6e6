/**
 * When `kubesim up` may return: every node Ready, and the system pods expected so far Running. What is expected
 * grows with the components the daemon runs (control-plane static pods once kubelets run static pods; later the
 * DaemonSet and Deployment pods once their controllers exist), so the condition is data, not code. It reads the
 * daemon's informer caches, so checking it often costs nothing.
 */
import type { KubeObject } from '../api/object.js';

export interface ReadinessExpectation {
  nodes: string[];
  /** Pods that must be Running, as `namespace/name`. */
  pods: string[];
}

export interface Readiness {
  ready: boolean;
  /** What is not there yet, one phrase each (`node node01 is not Ready`). */
  waiting: string[];
}

/** Where the objects are looked up: an informer cache, keyed as `namespace/name` (or `name`). */
export interface ObjectLookup {
  node(name: string): KubeObject | undefined;
  pod(key: string): KubeObject | undefined;
}

type Condition = { type: string; status: string };

export function isNodeReady(node: KubeObject): boolean {
  return ((node.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function clusterReadiness(lookup: ObjectLookup, expect: ReadinessExpectation): Readiness {
  const waiting: string[] = [];
  for (const name of expect.nodes) {
    const node = lookup.node(name);
    if (!node) waiting.push(`node ${name} is not registered`);
    else if (!isNodeReady(node)) waiting.push(`node ${name} is not Ready`);
  }
  for (const key of expect.pods) {
    const pod = lookup.pod(key);
    if (!pod) {
      waiting.push(`pod ${key} does not exist yet`);
      continue;
    }
    const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Pending';
    if (phase !== 'Running') waiting.push(`pod ${key} is ${phase}`);
  }
  return { ready: waiting.length === 0, waiting };
}
