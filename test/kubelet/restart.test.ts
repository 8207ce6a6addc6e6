/** A kubelet that stops and a new one that starts resume every pod from its stored status. */
import { kubeletHarness, stateOf, type KubeletHarness } from './harness.js';

let h: KubeletHarness;
afterEach(async () => h?.close());

describe('a restarted kubelet', () => {
  it('keeps a running pod running: same container, address and restart count', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx' }] });
    await h.advance(1000);
    const before = await h.pod();
    await h.restartKubelet();
    await h.advance(1000);
    const after = await h.pod();
    expect(stateOf(after)).toBe('running');
    expect(after.status?.podIP).toBe(before.status?.podIP);
    expect(after.status?.containerStatuses?.[0]?.containerID).toBe(before.status?.containerStatuses?.[0]?.containerID);
    expect(after.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(after.status?.startTime).toBe(before.status?.startTime);
    // The address stays taken: the next pod gets another one.
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx' }] }, { name: 'second' });
    await h.advance(1000);
    expect((await h.pod('second')).status?.podIP).toBe('10.244.1.3');
  });

  it('does not run a completed container again, and keeps the restart count of a crash-looping one', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36', command: ['sh', '-c', 'echo once'] }] }, { name: 'job' });
    await h.createPod({ containers: [{ name: 'loop', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] }, { name: 'loop' });
    await h.advance(12_000);
    const restarts = (await h.pod('loop')).status?.containerStatuses?.[0]?.restartCount ?? 0;
    expect(restarts).toBeGreaterThanOrEqual(2);
    await h.restartKubelet();
    await h.advance(100);
    expect(await h.row('job')).toBe('0/1 Completed 0');
    expect(h.containerLog('job', 0, 'job')).toMatch(/^\S+ stdout F once\n$/);
    expect((await h.pod('loop')).status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(restarts);
  });
});
