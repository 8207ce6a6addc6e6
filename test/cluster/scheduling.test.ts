/**
 * The default scheduler on a running cluster, through the compiled CLI: a pod without nodeName lands on the worker
 * (not the tainted control plane), a nodeSelector waits for a label, and a pod naming a missing node is left alone.
 */
import { dump } from 'js-yaml';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

let c: RunningCluster;

const podYaml = (name: string, spec: Record<string, unknown> = {}) =>
  dump({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec } });

/** The pod's events as `TYPE REASON FROM MESSAGE`, from `get events -o json`. */
function eventsOf(name: string): string[] {
  const list = JSON.parse(c.run(['get', 'events', '-o', 'json']).stdout) as { items: Array<Record<string, any>> };
  return list.items
    .filter((e) => e.involvedObject.name === name && e.involvedObject.kind === 'Pod')
    .map((e) => `${e.type} ${e.reason} ${e.source?.component}: ${e.message}`);
}

const scheduledCondition = (p: Pod) => p.status?.conditions?.find((x) => x.type === 'PodScheduled');

beforeAll(() => {
  c = startCluster();
}, 120_000);

afterAll(() => c?.down());

describe('the default scheduler', () => {
  it('places a pod without nodeName on node01, not on the tainted controlplane, with the Scheduled event', async () => {
    c.apply(podYaml('web'));
    const pod = await c.waitForPod('web', (p) => !!p.spec?.nodeName);
    expect(pod.spec?.nodeName).toBe('node01');
    const events = await eventually(() => eventsOf('web'), (e) => e.some((x) => x.includes('Scheduled')), 'the Scheduled event');
    expect(events[0]).toBe('Normal Scheduled default-scheduler: Successfully assigned default/web to node01');
    await c.waitForPod('web', (p) => p.status?.phase === 'Running');
  });

  it('keeps a pod with an unmatched nodeSelector Pending with the FailedScheduling message until the node is labelled', async () => {
    c.apply(podYaml('gpu', { nodeSelector: { gpu: 'true' } }));
    const msg =
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. " +
      'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';
    const pod = await c.waitForPod('gpu', (p) => scheduledCondition(p)?.status === 'False');
    expect(scheduledCondition(pod)).toMatchObject({ reason: 'Unschedulable', message: msg });
    expect(pod.status?.phase).toBe('Pending');
    expect(await eventually(() => eventsOf('gpu'), (e) => e.length > 0, 'FailedScheduling')).toEqual([`Warning FailedScheduling default-scheduler: ${msg}`]);
    expect(c.run(['label', 'node', 'node01', 'gpu=true']).stdout).toBe('node/node01 labeled\n');
    const placed = await c.waitForPod('gpu', (p) => !!p.spec?.nodeName);
    expect(placed.spec?.nodeName).toBe('node01');
    expect(await eventually(() => eventsOf('gpu'), (e) => e.length > 1, 'Scheduled')).toContain('Normal Scheduled default-scheduler: Successfully assigned default/gpu to node01');
  });

  it('leaves a pod naming a node that does not exist (nodeName: work1) Pending and untouched', async () => {
    c.apply(podYaml('manual', { nodeName: 'work1' }));
    // The other pods' scheduling shows the scheduler is running; give it a moment with this pod too.
    c.apply(podYaml('after-manual'));
    await c.waitForPod('after-manual', (p) => !!p.spec?.nodeName);
    const pod = c.pod('manual');
    expect(pod.spec?.nodeName).toBe('work1');
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.conditions ?? []).toEqual([]);
    expect(eventsOf('manual')).toEqual([]);
  });
});
