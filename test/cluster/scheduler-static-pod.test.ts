/**
 * The default scheduler is the control plane's kube-scheduler static pod: editing its manifest, as one does on a
 * kubeadm node, reconfigures it once the kubelet has restarted the pod.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';

const schedulerConfig = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
- schedulerName: no-taints
  plugins:
    multiPoint:
      disabled:
      - name: TaintToleration
`;

const podOnControlPlane = (name: string, schedulerName: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  schedulerName: ${schedulerName}
  nodeSelector:
    kubernetes.io/hostname: controlplane
  containers:
  - name: c
    image: nginx:1.27
`;

let c: RunningCluster;
beforeAll(() => {
  c = startCluster();
}, 180_000);
afterAll(() => c?.down());

describe('the kube-scheduler static pod', () => {
  it('a profile added to its manifest with --config schedules the pods that name it', async () => {
    c.apply(podOnControlPlane('before', 'no-taints'));
    c.apply(podOnControlPlane('default', 'default-scheduler'));
    // The default profile cannot place its pod on the tainted node; no profile serves the other one yet.
    const pending = await c.waitForPod('default', (p) => (p.status?.conditions ?? []).some((x) => x.type === 'PodScheduled' && x.status === 'False'), 20_000);
    expect(pending.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    expect([c.pod('before').spec?.nodeName, c.pod('before').status?.conditions]).toEqual([undefined, undefined]);

    const node = c.run(['node', 'path', 'controlplane']).stdout.trim();
    writeFileSync(join(node, 'etc/kubernetes/scheduler-config.yaml'), schedulerConfig);
    const manifestPath = join(node, 'etc/kubernetes/manifests/kube-scheduler.yaml');
    const manifest = readFileSync(manifestPath, 'utf8')
      .replace('    - --bind-address=127.0.0.1\n', '    - --bind-address=127.0.0.1\n    - --config=/etc/kubernetes/scheduler-config.yaml\n')
      .replace('    volumeMounts:\n', '    volumeMounts:\n    - mountPath: /etc/kubernetes/scheduler-config.yaml\n      name: config\n      readOnly: true\n')
      .replace('  volumes:\n', '  volumes:\n  - hostPath:\n      path: /etc/kubernetes/scheduler-config.yaml\n      type: FileOrCreate\n    name: config\n');
    expect(manifest).toContain('--config=/etc/kubernetes/scheduler-config.yaml');
    writeFileSync(manifestPath, manifest);
    // Once the kubelet has restarted the static pod, its scheduler serves the new profile, which has no
    // TaintToleration: the waiting pod goes to the tainted control-plane node.
    const placed = await c.waitForPod('before', (p) => !!p.spec?.nodeName, 40_000);
    expect(placed.spec?.nodeName).toBe('controlplane');
  }, 90_000);
});
