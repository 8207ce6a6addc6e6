import { describe, expect, it } from '@jest/globals';
import { schedulerFromCommand } from './from-static-pod.js';

const files: Record<string, string> = {
  '/etc/kubernetes/my-scheduler/my-scheduler-config.yaml':
    'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: my-scheduler\nleaderElection:\n  leaderElect: false\n',
  '/etc/kubernetes/v1beta2.yaml': 'apiVersion: kubescheduler.config.k8s.io/v1beta2\nkind: KubeSchedulerConfiguration\n',
};
const read = (p: string) => {
  if (p in files) return files[p]!;
  throw new Error(`open ${p}: no such file or directory`);
};

describe('a kube-scheduler 1.32 command line', () => {
  it("kubeadm's static pod runs the default profile with leader election on the kube-scheduler lease", () => {
    const r = schedulerFromCommand(['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'], read);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler']);
    expect(r.config.leaderElection).toMatchObject({ leaderElect: true, resourceName: 'kube-scheduler', resourceNamespace: 'kube-system' });
  });

  it('the documentation\'s second scheduler reads its profile from the mounted ConfigMap', () => {
    const r = schedulerFromCommand(['/usr/local/bin/kube-scheduler', '--config=/etc/kubernetes/my-scheduler/my-scheduler-config.yaml'], read);
    expect(r.ok && r.config.profiles[0]!.schedulerName).toBe('my-scheduler');
    expect(r.ok && r.config.leaderElection.leaderElect).toBe(false);
  });

  it('leader-election flags override the file, as ApplyLeaderElectionTo does', () => {
    const r = schedulerFromCommand(['kube-scheduler', '--config', '/etc/kubernetes/my-scheduler/my-scheduler-config.yaml', '--leader-elect', '--leader-elect-resource-name=my-scheduler'], read);
    expect(r.ok && r.config.leaderElection).toMatchObject({ leaderElect: true, resourceName: 'my-scheduler' });
  });

  it.each([
    ['the seed\'s --scheduler-name, removed in 1.22', ['kube-scheduler', '--address=0.0.0.0', '--leader-elect=false', '--scheduler-name=my-scheduler'], { ok: false, flagError: 'unknown flag: --address' }],
    ['--scheduler-name alone', ['kube-scheduler', '--scheduler-name=my-scheduler'], { ok: false, flagError: 'unknown flag: --scheduler-name' }],
    ['the legacy --policy-config-file', ['kube-scheduler', '--policy-config-file=/etc/policy.json'], { ok: false, flagError: 'unknown flag: --policy-config-file' }],
    ['--lock-object-name, removed in 1.28', ['kube-scheduler', '--lock-object-name=my-scheduler'], { ok: false, flagError: 'unknown flag: --lock-object-name' }],
    ['a config file that is not there', ['kube-scheduler', '--config=/etc/nope.yaml'], { ok: false, error: 'open /etc/nope.yaml: no such file or directory' }],
    ['a v1beta2 config', ['kube-scheduler', '--config=/etc/kubernetes/v1beta2.yaml'], { ok: false, error: 'no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta2" in scheme "k8s.io/kubernetes/pkg/scheduler/apis/config/scheme/scheme.go:30"' }],
    ['a zero retry period on the command line', ['kube-scheduler', '--leader-elect-retry-period=0s'], { ok: false, error: 'leaderElection.retryPeriod: Invalid value: 0s: must be greater than zero' }],
  ])('%s ends the process', (_name, argv, want) => {
    expect(schedulerFromCommand(argv, read)).toEqual(want);
  });
});
