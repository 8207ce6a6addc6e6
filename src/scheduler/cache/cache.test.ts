import { describe, expect, it } from '@jest/globals';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../framework/snapshot.js';
import { Cache } from './cache.js';

const node = (name: string, opts: { zone?: string; images?: Array<{ names: string[]; sizeBytes: number }> } = {}): Node => ({
  metadata: { name, labels: opts.zone ? { 'topology.kubernetes.io/zone': opts.zone } : {} },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, images: opts.images },
});
const pod = (name: string, nodeName: string, cpu = '100m', extra: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { nodeName, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }], ...extra },
});

describe('Cache', () => {
  it('counts an assumed pod on its node until the informer confirms it, and forgets it when binding fails', () => {
    const c = new Cache();
    c.onNodeAdd(node('n1'));
    const snap = new Snapshot();
    c.assumePod(pod('a', 'n1', '500m'));
    c.updateSnapshot(snap);
    expect(snap.get('n1').requested.milliCPU).toBe(500);
    expect(c.isAssumedPod(pod('a', 'n1'))).toBe(true);
    c.onPodAdd(pod('a', 'n1', '500m'));
    expect(c.isAssumedPod(pod('a', 'n1'))).toBe(false);
    c.assumePod(pod('b', 'n1', '1'));
    c.forgetPod(pod('b', 'n1', '1'));
    c.updateSnapshot(snap);
    expect(snap.get('n1').requested.milliCPU).toBe(500);
    expect(() => c.assumePod(pod('a', 'n1'))).toThrow("pod uid-a(default/a) is in the cache, so can't be assumed");
  });

  it('updates only the NodeInfos changed since the last snapshot, keeping their identity', () => {
    const c = new Cache();
    c.onNodeAdd(node('n1'));
    c.onNodeAdd(node('n2'));
    const snap = new Snapshot();
    c.updateSnapshot(snap);
    const n1 = snap.get('n1');
    const n2 = snap.get('n2');
    const n2Pods = n2.pods;
    c.onPodAdd(pod('a', 'n1'));
    c.updateSnapshot(snap);
    expect(snap.get('n1')).toBe(n1);
    expect(n1.pods.map((p) => p.pod.metadata?.name)).toEqual(['a']);
    expect(snap.get('n2').pods).toBe(n2Pods);
  });

  it('lists nodes round-robin across zones, and drops deleted nodes', () => {
    const c = new Cache();
    for (const [n, z] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['b1', 'b'],
      ['a3', 'a'],
      ['b2', 'b'],
    ]) c.onNodeAdd(node(n!, { zone: z }));
    const snap = new Snapshot();
    c.updateSnapshot(snap);
    expect(snap.nodeInfos().list().map((n) => n.nodeName())).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    c.onNodeDelete(node('b1', { zone: 'b' }));
    c.updateSnapshot(snap);
    expect(snap.nodeInfos().list().map((n) => n.nodeName())).toEqual(['a1', 'b2', 'a2', 'a3']);
    expect(() => snap.get('b1')).toThrow('nodeinfo not found for node name "b1"');
  });

  it('tracks nodes with (anti-)affinity pods and the PVCs in use', () => {
    const c = new Cache();
    c.onNodeAdd(node('n1'));
    c.onNodeAdd(node('n2'));
    const snap = new Snapshot();
    c.updateSnapshot(snap);
    const anti = pod('x', 'n2', '0', {
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: {} }] } },
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
    });
    c.onPodAdd(anti);
    c.updateSnapshot(snap);
    expect(snap.nodeInfos().havePodsWithAffinityList().map((n) => n.nodeName())).toEqual(['n2']);
    expect(snap.nodeInfos().havePodsWithRequiredAntiAffinityList().map((n) => n.nodeName())).toEqual(['n2']);
    expect(snap.storageInfos().isPVCUsedByPods('default/data')).toBe(true);
    c.onPodDelete(anti);
    c.updateSnapshot(snap);
    expect(snap.nodeInfos().havePodsWithAffinityList()).toEqual([]);
    expect(snap.storageInfos().isPVCUsedByPods('default/data')).toBe(false);
  });

  it('gives each node its images with the number of nodes that have them', () => {
    const c = new Cache();
    const nginx = { names: ['docker.io/library/nginx:latest', 'nginx:latest'], sizeBytes: 200_000_000 };
    c.onNodeAdd(node('n1', { images: [nginx] }));
    c.onNodeAdd(node('n2', { images: [nginx, { names: ['redis:7'], sizeBytes: 100 }] }));
    const snap = new Snapshot();
    c.updateSnapshot(snap);
    expect(snap.get('n2').imageStates.get('nginx:latest')).toEqual({ size: 200_000_000, numNodes: 2 });
    expect(snap.get('n2').imageStates.get('redis:7')).toEqual({ size: 100, numNodes: 1 });
  });
});
