/** Graceful deletion and the kubelet's own deletion of the API object, on a FakeClock. */
import { Pods } from '../../src/client/resources.js';
import { kubeletHarness, type KubeletHarness } from './harness.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let h: KubeletHarness;
afterEach(async () => h?.close());

const exists = async (name = 'web') => {
  try {
    await h.client.resource(Pods).namespace('default').get(name);
    return true;
  } catch {
    return false;
  }
};

describe('deleting a pod', () => {
  it('nginx stops on its stop signal, the pod is deleted by the kubelet, and its files go away', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx' }] });
    await h.advance(1000);
    await h.client.resource(Pods).namespace('default').delete('web');
    await h.settle();
    expect(await exists()).toBe(false);
    expect(await h.events()).toContain('Killing: Stopping container nginx');
    expect(readdirSync(join(h.nodeDir, 'var', 'log', 'pods'))).toEqual([]);
    expect(existsSync(join(h.nodeDir, 'var', 'lib', 'cni', 'networks', 'kubesim', '10.244.1.2'))).toBe(false);
  });

  it('a shell that ignores SIGTERM keeps the pod Terminating for its grace period, then is killed', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ terminationGracePeriodSeconds: 10, containers: [{ name: 'sleeper', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] });
    await h.advance(1000);
    await h.client.resource(Pods).namespace('default').delete('web');
    await h.advance(9_000);
    expect(await exists()).toBe(true);
    expect(await h.row()).toBe('1/1 Terminating 0');
    await h.advance(1_000);
    expect(await exists()).toBe(false);
  });

  it('a forced deletion removes the pod at once and the kubelet stops its containers', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ containers: [{ name: 'sleeper', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] });
    await h.advance(1000);
    await h.client.resource(Pods).namespace('default').delete('web', { gracePeriodSeconds: 0 });
    await h.settle();
    expect(await exists()).toBe(false);
    expect(readdirSync(join(h.nodeDir, 'var', 'log', 'pods'))).toEqual([]);
  });

  it('a completed pod keeps its status and logs until it is deleted', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }] });
    await h.advance(2000);
    expect(await h.row()).toBe('0/1 Completed 0');
    expect(h.containerLog('job')).toMatch(/stdout F done/);
    await h.client.resource(Pods).namespace('default').delete('web');
    await h.settle();
    expect(await exists()).toBe(false);
    expect(h.containerLog('job')).toBe('');
  });
});

describe('admission', () => {
  it('a pod asking for more CPU than the node has left is rejected with OutOfcpu', async () => {
    h = await kubeletHarness({ allocatable: { cpu: '2', memory: '8Gi', pods: '110' } });
    await h.createPod({ containers: [{ name: 'big', image: 'nginx', resources: { requests: { cpu: '3' } } }] });
    await h.advance(100);
    const pod = await h.pod();
    expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'OutOfcpu', message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000" });
    expect(await h.events()).toEqual(["OutOfcpu: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"]);
  });

  it('a pod whose nodeSelector the node does not match is rejected with NodeAffinity', async () => {
    h = await kubeletHarness();
    await h.createPod({ nodeSelector: { disktype: 'ssd' }, containers: [{ name: 'c', image: 'nginx' }] });
    await h.advance(100);
    expect((await h.pod()).status).toMatchObject({ phase: 'Failed', reason: 'NodeAffinity', message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
  });
});
