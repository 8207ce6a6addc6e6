/**
 * The default scheduler is the control plane's kube-scheduler static pod: editing its manifest, as one does on a
 * kubeadm node, reconfigures it once the kubelet has restarted the pod.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

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

  it('a bad flag in its manifest makes it crash-loop with kube-scheduler\'s error, and fixing the manifest brings scheduling back', async () => {
    const node = c.run(['node', 'path', 'controlplane']).stdout.trim();
    const manifestPath = join(node, 'etc/kubernetes/manifests/kube-scheduler.yaml');
    const good = readFileSync(manifestPath, 'utf8');
    writeFileSync(manifestPath, good.replace('    - --bind-address=127.0.0.1\n', '    - --bind-address=127.0.0.1\n    - --this-flag-does-not-exist=true\n'));
    const scheduler = () => JSON.parse(c.run(['get', 'pod', '-n', 'kube-system', 'kube-scheduler-controlplane', '-o', 'json']).stdout || '{}') as Pod;
    const crashed = await eventually(scheduler, (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'the scheduler container to crash and restart', 40_000);
    expect(crashed.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(c.run(['logs', '-n', 'kube-system', 'kube-scheduler-controlplane', '--previous']).stdout).toBe('Error: unknown flag: --this-flag-does-not-exist\n');
    // No scheduler runs meanwhile: a pod created now is still Pending after the container's next crash.
    c.apply(podOnControlPlane('during', 'default-scheduler').replace('  nodeSelector:\n    kubernetes.io/hostname: controlplane\n', ''));
    const restarts = scheduler().status?.containerStatuses?.[0]?.restartCount ?? 0;
    await eventually(scheduler, (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) > restarts, 'one more crash', 40_000);
    expect(c.pod('during').spec?.nodeName).toBeUndefined();

    writeFileSync(manifestPath, good);
    const placed = await c.waitForPod('during', (p) => !!p.spec?.nodeName, 40_000);
    expect(placed.spec?.nodeName).toBe('node01');
  }, 90_000);
});

