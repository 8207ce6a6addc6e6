import { describe, expect, it } from '@jest/globals';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../util/clock.js';
import { Code, Status, type ClusterEvent } from '../framework/interface.js';
import type { QueuedPodInfo } from '../framework/types.js';
import { PrioritySort } from '../plugins/queue-sort/priority-sort.js';
import { Events, SchedulingQueue } from './scheduling-queue.js';

const pod = (name: string, priority = 0, extra: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: name },
  spec: { containers: [{ name: 'c', image: 'nginx' }], priority, ...extra },
});

function newQueue(opts: { pluginEvents?: Record<string, ClusterEvent[]>; preEnqueue?: (p: Pod) => Status | undefined } = {}) {
  const clock = new FakeClock();
  const sort = new PrioritySort();
  const q = new SchedulingQueue({
    clock,
    less: (a, b) => sort.less(a, b),
    pluginEvents: new Map(Object.entries(opts.pluginEvents ?? {})),
    preEnqueue: opts.preEnqueue,
  });
  return { q, clock };
}

/** Pops a pod and fails its attempt, rejected by the given plugins. */
async function failAttempt(q: SchedulingQueue, plugins: string[]): Promise<QueuedPodInfo> {
  const pi = (await q.pop())!;
  pi.unschedulablePlugins = new Set(plugins);
  q.addUnschedulableIfNotPresent(pi, q.getSchedulingCycle());
  return pi;
}

describe('SchedulingQueue', () => {
  it('pops higher priority first, then the earlier pod (PrioritySort)', async () => {
    const { q, clock } = newQueue();
    q.add(pod('low', 0));
    clock.advance(10);
    q.add(pod('high', 100));
    clock.advance(10);
    q.add(pod('low-later', 0));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop())!.podInfo.pod.metadata!.name);
    expect(order).toEqual(['high', 'low', 'low-later']);
  });

  it('waits for a pod when activeQ is empty', async () => {
    const { q } = newQueue();
    const popped = q.pop();
    q.add(pod('p'));
    expect((await popped)!.podInfo.pod.metadata!.name).toBe('p');
    expect((await popped)!.attempts).toBe(1);
  });

  // upstream TestBackOffFlow / calculateBackoffDuration: 1 s doubling per attempt, at most 10 s.
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [6, 10_000],
    [20, 10_000],
  ])('after attempt %i the back-off is %i ms', (attempts, ms) => {
    const { q } = newQueue();
    const pi = q.newQueuedPodInfo(pod('p'));
    pi.attempts = attempts;
    expect(q.backoffDurationMs(pi)).toBe(ms);
  });

  it('moves an unschedulable pod on an event its rejecting plugin registered for, and not on others', async () => {
    const { q, clock } = newQueue({ pluginEvents: { NodeAffinity: [{ resource: 'Node', actionType: ['Add', 'UpdateNodeLabel'] }], NodeResourcesFit: [{ resource: 'Pod', actionType: ['Delete'] }] } });
    q.add(pod('p'));
    await failAttempt(q, ['NodeAffinity']);
    expect(q.whereIs('p')).toBe('unschedulable');
    q.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete);
    expect(q.whereIs('p')).toBe('unschedulable');
    // Still backing off (1 s after the first attempt): to backoffQ, then activeQ once the back-off is over.
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: 'UpdateNodeLabel', label: 'NodeLabelChange' });
    expect(q.whereIs('p')).toBe('backoff');
    clock.advance(999);
    q.flushBackoffQCompleted();
    expect(q.whereIs('p')).toBe('backoff');
    clock.advance(1);
    q.flushBackoffQCompleted();
    expect(q.whereIs('p')).toBe('active');
  });

  it('moves a pod straight to activeQ when its back-off is already over', async () => {
    const { q, clock } = newQueue({ pluginEvents: { NodeResourcesFit: [{ resource: 'Pod', actionType: ['Delete'] }] } });
    q.add(pod('p'));
    await failAttempt(q, ['NodeResourcesFit']);
    clock.advance(5000);
    q.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete);
    expect(q.whereIs('p')).toBe('active');
  });

  it('sends a pod to backoffQ when an event came during its attempt', async () => {
    const { q } = newQueue({ pluginEvents: { NodeAffinity: [{ resource: 'Node', actionType: ['Add'] }] } });
    q.add(pod('p'));
    const pi = (await q.pop())!;
    q.moveAllToActiveOrBackoffQueue(Events.NodeAdd);
    pi.unschedulablePlugins = new Set(['NodeAffinity']);
    q.addUnschedulableIfNotPresent(pi, q.getSchedulingCycle());
    expect(q.whereIs('p')).toBe('backoff');
  });

  it('sends a pod that failed without a rejecting plugin (an error) to backoffQ', async () => {
    const { q } = newQueue();
    q.add(pod('p'));
    await failAttempt(q, []);
    expect(q.whereIs('p')).toBe('backoff');
  });

  it('retries every unschedulable pod after 5 minutes (podMaxInUnschedulablePodsDuration) even without an event', async () => {
    const { q, clock } = newQueue({ pluginEvents: { NodeAffinity: [{ resource: 'Node', actionType: ['Add'] }] } });
    q.run();
    q.add(pod('p'));
    await failAttempt(q, ['NodeAffinity']);
    clock.advance(4 * 60 * 1000);
    expect(q.whereIs('p')).toBe('unschedulable');
    clock.advance(90 * 1000);
    expect(q.whereIs('p')).toBe('active');
    q.close();
  });

  it('a change of the pod spec moves it back; a status or explain-record change does not', async () => {
    const { q } = newQueue({ pluginEvents: { NodeAffinity: [{ resource: 'Node', actionType: ['Add'] }] } });
    const p = pod('p');
    q.add(p);
    await failAttempt(q, ['NodeAffinity']);
    const withStatus = { ...p, status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } };
    q.update(p, withStatus);
    const annotated = { ...withStatus, metadata: { ...withStatus.metadata, annotations: { 'kubesim.io/scheduler-explain': '{}' } } };
    q.update(withStatus, annotated);
    expect(q.whereIs('p')).toBe('unschedulable');
    q.update(annotated, { ...annotated, spec: { ...annotated.spec!, nodeSelector: { disk: 'ssd' } } });
    expect(q.whereIs('p')).toBe('backoff');
  });

  it('keeps a pod gated by a PreEnqueue plugin out of activeQ until the gate is gone', async () => {
    const gated = (p: Pod) => (p.spec?.schedulingGates?.length ? new Status(Code.UnschedulableAndUnresolvable, 'gated').withPlugin('SchedulingGates') : undefined);
    const { q } = newQueue({ preEnqueue: gated });
    const p = pod('p', 0, { schedulingGates: [{ name: 'wait' }] });
    q.add(p);
    expect(q.whereIs('p')).toBe('unschedulable');
    q.update(p, { ...p, spec: { ...p.spec!, schedulingGates: [] } });
    expect(q.whereIs('p')).toBe('active');
  });

  it('remembers nominated pods by node until the pod is deleted', () => {
    const { q } = newQueue();
    const p = { ...pod('p'), status: { nominatedNodeName: 'node01' } };
    q.add(p);
    expect(q.nominatedPodsForNode('node01').map((pi) => pi.pod.metadata!.name)).toEqual(['p']);
    q.delete(p);
    expect(q.nominatedPodsForNode('node01')).toEqual([]);
    expect(q.whereIs('p')).toBeUndefined();
  });

  it('moves only pods whose required affinity matches an assigned pod that appears', async () => {
    const { q } = newQueue({ pluginEvents: { InterPodAffinity: [{ resource: 'Pod', actionType: ['Add'] }] } });
    const withAffinity = pod('a', 0, {
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } },
    });
    q.add(withAffinity);
    q.add(pod('b'));
    await failAttempt(q, ['InterPodAffinity']);
    await failAttempt(q, ['InterPodAffinity']);
    q.assignedPodAdded({ metadata: { name: 'web', namespace: 'default', uid: 'web', labels: { app: 'web' } }, spec: { containers: [], nodeName: 'n1' } });
    expect([q.whereIs('a'), q.whereIs('b')]).toEqual(['unschedulable', 'unschedulable']);
    q.assignedPodAdded({ metadata: { name: 'db', namespace: 'default', uid: 'db', labels: { app: 'db' } }, spec: { containers: [], nodeName: 'n1' } });
    expect([q.whereIs('a'), q.whereIs('b')]).toEqual(['backoff', 'unschedulable']);
  });
});
