import type { KubeObject } from '../api/object.js';
import { clusterReadiness } from './cluster-ready.js';

const node = (name: string, ready: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { conditions: [{ type: 'Ready', status: ready }] } });
const pod = (name: string, phase?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'kube-system' }, status: phase ? { phase } : {} });

describe('cluster readiness', () => {
  const objects = new Map<string, KubeObject>([
    ['controlplane', node('controlplane', 'True')],
    ['node01', node('node01', 'Unknown')],
    ['kube-system/etcd-controlplane', pod('etcd-controlplane', 'Running')],
    ['kube-system/kube-apiserver-controlplane', pod('kube-apiserver-controlplane')],
  ]);
  const lookup = { node: (n: string) => objects.get(n), pod: (k: string) => objects.get(k) };

  it.each([
    ['every node Ready and every pod Running is ready', { nodes: ['controlplane'], pods: ['kube-system/etcd-controlplane'] }, []],
    [
      'each missing piece is named',
      { nodes: ['controlplane', 'node01', 'node02'], pods: ['kube-system/etcd-controlplane', 'kube-system/kube-apiserver-controlplane', 'kube-system/kube-scheduler-controlplane'] },
      ['node node01 is not Ready', 'node node02 is not registered', 'pod kube-system/kube-apiserver-controlplane is Pending', 'pod kube-system/kube-scheduler-controlplane does not exist yet'],
    ],
  ])('%s', (_n, expect_, waiting) => {
    expect(clusterReadiness(lookup, expect_)).toEqual({ ready: waiting.length === 0, waiting });
  });
});
