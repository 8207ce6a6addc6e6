import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultClusterConfig } from './cluster-config.js';
import { kubesimHome } from './home.js';
import { nodeDir } from './node-folders.js';
import { installSchedulerConfig, isKubeSchedulerImage, SchedulerConfigFileError, withSchedulerConfigFlag } from './scheduler-pods.js';
import { controlPlaneManifests } from './system-objects.js';
import { schedulerFromCommand } from '../scheduler/config/from-static-pod.js';

const cluster = defaultClusterConfig();
const controlPlane = cluster.nodes.find((n) => n.role === 'control-plane')!;
const shipped = controlPlaneManifests(controlPlane).find((m) => m.file === 'kube-scheduler.yaml')!.text;

describe('kube-scheduler images', () => {
  it.each([
    ['registry.k8s.io/kube-scheduler:v1.32.4', true],
    ['k8s.gcr.io/kube-scheduler:v1.22.0', true],
    ['k8s.gcr.io/kube-scheduler-amd64:v1.11.3', true],
    ['gcr.io/my-gcp-project/my-kube-scheduler:1.0', false],
    ['nginx', false],
  ])('%s is a kube-scheduler: %s', (image, want) => {
    expect(isKubeSchedulerImage(image)).toBe(want);
  });
});

describe('--config in the kube-scheduler static pod manifest', () => {
  it('goes among the flags in sorted order, with the file mounted from the node as kubeadm mounts it', () => {
    const patched = withSchedulerConfigFlag(shipped);
    expect(patched).toContain('    - --bind-address=127.0.0.1\n    - --config=/etc/kubernetes/scheduler-config.yaml\n    - --kubeconfig=/etc/kubernetes/scheduler.conf\n');
    expect(patched).toContain('      name: kubeconfig\n      readOnly: true\n    - mountPath: /etc/kubernetes/scheduler-config.yaml\n      name: scheduler-config\n      readOnly: true\n');
    expect(patched).toContain('    name: kubeconfig\n  - hostPath:\n      path: /etc/kubernetes/scheduler-config.yaml\n      type: FileOrCreate\n    name: scheduler-config\n');
    expect(withSchedulerConfigFlag(patched)).toBe(patched);
  });
});

describe('kubesim up --scheduler-config', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kubesim-schedcfg-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a legacy Policy is written as the KubeSchedulerConfiguration it translates to, which the static pod reads', () => {
    const home = kubesimHome(root);
    const policy = JSON.stringify({ kind: 'Policy', apiVersion: 'v1', predicates: [{ name: 'PodFitsResources' }], priorities: [{ name: 'MostRequestedPriority', weight: 1 }] });
    expect(installSchedulerConfig(home, cluster, policy)).toEqual({ notes: [], translated: true });
    const dir = nodeDir(home, controlPlane.name);
    const manifest = readFileSync(join(dir, 'etc/kubernetes/manifests/kube-scheduler.yaml'), 'utf8');
    expect(manifest).toContain('--config=/etc/kubernetes/scheduler-config.yaml');
    const r = schedulerFromCommand(['kube-scheduler', '--config=/etc/kubernetes/scheduler-config.yaml'], (p) => readFileSync(join(dir, p), 'utf8'));
    expect(r.ok && r.config.profiles[0]!.pluginConfig.find((c) => c.name === 'NodeResourcesFit')!.args).toMatchObject({ scoringStrategy: { type: 'MostAllocated' } });
  });

  it('a Policy 1.22 refused is refused', () => {
    expect(() => installSchedulerConfig(kubesimHome(root), cluster, '{"kind": "Policy", "apiVersion": "v1", "priorities": [{"name": "Nope", "weight": 1}]}')).toThrow(
      new SchedulerConfigFileError('couldn\'t create scheduler from policy: priority type not found for "Nope"'),
    );
  });
});
