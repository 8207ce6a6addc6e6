/**
 * The seed's multiple-scheduler story on a running cluster, through the compiled CLI: a second kube-scheduler pod
 * (the documentation's my-scheduler, run from a ConfigMap) is refused its Lease by RBAC and says so in its log, the
 * pod asking for it stays Pending without an event, and `kubesim edit clusterrole system:kube-scheduler` lets it in.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubesim } from '../support/cli.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

const fakeEditor = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'fake-editor.mjs');
let c: RunningCluster;

beforeAll(() => {
  c = startCluster();
}, 120_000);
afterAll(() => c?.down());

const secondScheduler = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-scheduler
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: my-scheduler-as-kube-scheduler
subjects:
- kind: ServiceAccount
  name: my-scheduler
  namespace: kube-system
roleRef:
  kind: ClusterRole
  name: system:kube-scheduler
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: my-scheduler-config
  namespace: kube-system
data:
  my-scheduler-config.yaml: |
    apiVersion: kubescheduler.config.k8s.io/v1
    kind: KubeSchedulerConfiguration
    profiles:
      - schedulerName: my-scheduler
    leaderElection:
      leaderElect: true
      resourceName: my-scheduler
---
apiVersion: v1
kind: Pod
metadata:
  name: my-scheduler
  namespace: kube-system
spec:
  serviceAccountName: my-scheduler
  containers:
  - name: kube-second-scheduler
    image: registry.k8s.io/kube-scheduler:v1.32.4
    command:
    - /usr/local/bin/kube-scheduler
    - --config=/etc/kubernetes/my-scheduler/my-scheduler-config.yaml
    volumeMounts:
    - name: config-volume
      mountPath: /etc/kubernetes/my-scheduler
  volumes:
  - name: config-volume
    configMap:
      name: my-scheduler-config
`;

describe('a second scheduler on a running cluster', () => {
  it('schedules its pods only once system:kube-scheduler names its lease', async () => {
    c.apply(secondScheduler);
    await c.waitForPod('my-scheduler', (p) => p.status?.phase === 'Running', 20_000).catch(() => undefined);
    const logs = await eventually(
      () => c.run(['logs', '-n', 'kube-system', 'my-scheduler']).stdout,
      (s) => s.includes('is forbidden'),
      'the Forbidden line in the scheduler log',
    );
    expect(logs).toContain(
      'error retrieving resource lock kube-system/my-scheduler: leases.coordination.k8s.io "my-scheduler" is forbidden: User "system:serviceaccount:kube-system:my-scheduler" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"',
    );

    c.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: annotation-second-scheduler\nspec:\n  schedulerName: my-scheduler\n  containers:\n  - name: pod-with-second-annotation-container\n    image: registry.k8s.io/pause:3.10\n');
    await new Promise((r) => setTimeout(r, 1000));
    expect(c.pod('annotation-second-scheduler').spec?.nodeName).toBeUndefined();
    expect(c.pod('annotation-second-scheduler').status?.conditions ?? []).toEqual([]);

    const dir = mkdtempSync(join(c.home, 'editor-'));
    writeFileSync(join(dir, 'script.json'), JSON.stringify([{ replace: [['  - kube-scheduler\n', '  - kube-scheduler\n  - my-scheduler\n']] }]));
    const r = kubesim(c.home, ['edit', 'clusterrole', 'system:kube-scheduler'], {
      env: { KUBE_EDITOR: `${process.execPath} ${fakeEditor}`, FAKE_EDITOR_DIR: dir, TMPDIR: dir },
    });
    expect(r.stdout).toBe('clusterrole.rbac.authorization.k8s.io/system:kube-scheduler edited\n');

    const pod = await c.waitForPod('annotation-second-scheduler', (p) => !!p.spec?.nodeName, 20_000);
    expect(pod.spec?.nodeName).toBe('node01');
    expect(c.run(['logs', '-n', 'kube-system', 'my-scheduler']).stdout).toContain('successfully acquired lease kube-system/my-scheduler');
  }, 60_000);
});
