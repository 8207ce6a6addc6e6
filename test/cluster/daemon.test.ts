/**
 * The daemon end to end through the compiled CLI, in temporary KUBESIM_HOMEs with short periods: up, status, down,
 * resuming, crash recovery, node changes, node failure and eviction, reset.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubesim, type CliResult } from '../support/cli.js';
import { ensureBuilt, repoRoot } from '../support/compiled.js';
import { eventually } from '../support/eventually.js';

/** Short periods so failures show in about a second. */
const fastConfig = `apiVersion: kubesim.io/v1alpha1
kind: Cluster
kubelet:
  nodeStatusUpdateFrequency: 200ms
  nodeStatusReportFrequency: 1s
  nodeLeaseDurationSeconds: 1
controllerManager:
  nodeMonitorPeriod: 100ms
  nodeMonitorGracePeriod: 1500ms
  nodeEvictionRate: 100
`;

const homes: string[] = [];
function newHome(config = fastConfig): { home: string; config: string } {
  const home = mkdtempSync(join(tmpdir(), 'kubesim-daemon-'));
  homes.push(home);
  const configPath = join(home, 'test-cluster.yaml');
  writeFileSync(configPath, config);
  return { home, config: configPath };
}

/** Masks the AGE column (its values and its width depend on the wall clock). */
const maskAge = (s: string) => s.replace(/(?<= )\d+(ms|[smhdy])(\d+[smhd])?(?= |$)/gm, '<age>').replace(/ +/g, ' ');

const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
};
const json = (home: string, args: string[]) => JSON.parse(ok(kubesim(home, [...args, '-o', 'json'])).stdout) as { items: Array<Record<string, any>> };
const pidOf = (home: string) => Number(readFileSync(join(home, 'daemon.pid'), 'utf8'));

beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
afterAll(() => {
  for (const home of homes) {
    if (existsSync(join(home, 'daemon.pid'))) kubesim(home, ['down']);
    rmSync(home, { recursive: true, force: true });
  }
});

describe('a running cluster', () => {
  let home: string;
  beforeAll(() => {
    const h = newHome();
    home = h.home;
    const r = ok(kubesim(home, ['up', '--config', h.config]));
    expect(r.stdout).toContain('✓ Nodes Ready: controlplane (control-plane), node01, node02');
  }, 60_000);

  it('lists its nodes Ready in kubectl get nodes columns, controlplane with its role and taint', () => {
    expect(maskAge(ok(kubesim(home, ['get', 'nodes'])).stdout)).toBe(
      'NAME STATUS ROLES AGE VERSION\ncontrolplane Ready control-plane <age> v1.32.4\nnode01 Ready <none> <age> v1.32.4\nnode02 Ready <none> <age> v1.32.4\n',
    );
    const nodes = json(home, ['get', 'nodes']).items;
    expect(nodes[0]!.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(nodes[0]!.metadata.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'controlplane' });
    expect(nodes.map((n) => n.spec.podCIDR).sort()).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect(nodes[1]!.spec.taints).toBeUndefined();
  });

  it('runs the control plane as static pods and kubeadm\'s addons in kube-system: two coredns replicas and a kube-proxy per node, all Running', async () => {
    const pods = await eventually(
      () => json(home, ['get', 'pods', '-n', 'kube-system']).items,
      (ps) => ps.length === 9 && ps.every((p) => p.status.phase === 'Running' && p.status.containerStatuses?.every((c: { ready: boolean }) => c.ready)),
      'the kube-system pods Running and ready',
    );
    // Generated names as kubeadm's: a pod-template-hash and a 5-character suffix from apimachinery's rand alphabet.
    const suffix = '[bcdfghjklmnpqrstvwxz2456789]{5}';
    const hash = pods[0]!.metadata.labels['pod-template-hash'];
    expect(pods.map((p) => `${p.metadata.name} ${p.status.phase} ${p.spec.nodeName}`)).toEqual([
      expect.stringMatching(new RegExp(`^coredns-${hash}-${suffix} Running (controlplane|node01|node02)$`)),
      expect.stringMatching(new RegExp(`^coredns-${hash}-${suffix} Running (controlplane|node01|node02)$`)),
      'etcd-controlplane Running controlplane',
      'kube-apiserver-controlplane Running controlplane',
      'kube-controller-manager-controlplane Running controlplane',
      expect.stringMatching(new RegExp(`^kube-proxy-${suffix} Running (controlplane|node01|node02)$`)),
      expect.stringMatching(new RegExp(`^kube-proxy-${suffix} Running (controlplane|node01|node02)$`)),
      expect.stringMatching(new RegExp(`^kube-proxy-${suffix} Running (controlplane|node01|node02)$`)),
      'kube-scheduler-controlplane Running controlplane',
    ]);
    expect(pods.filter((p) => p.metadata.name.startsWith('kube-proxy-')).map((p) => p.spec.nodeName).sort()).toEqual(['controlplane', 'node01', 'node02']);
    expect(pods.find((p) => p.metadata.name === 'etcd-controlplane')!.metadata.annotations['kubernetes.io/config.source']).toBe('file');
    const addons = await eventually(
      () => maskAge(ok(kubesim(home, ['get', 'ds,deploy,svc', '-n', 'kube-system'])).stdout),
      (s) => s.includes('deployment.apps/coredns 2/2 2 2 <age>'),
      'coredns available',
    );
    expect(addons).toContain('daemonset.apps/kube-proxy 3 3 3 3 3 kubernetes.io/os=linux <age>');
    expect(addons).toContain('service/kube-dns ClusterIP 10.96.0.10 <none> 53/UDP,53/TCP,9153/TCP <age>');
    expect(ok(kubesim(home, ['get', 'cm,sa', '-n', 'kube-system', '-o', 'name'])).stdout).toBe(
      // kube-root-ca.crt and the default ServiceAccount come from the controllers, as in every namespace.
      'configmap/coredns\nconfigmap/kube-proxy\nconfigmap/kube-root-ca.crt\nconfigmap/kubeadm-config\nconfigmap/kubelet-config\nserviceaccount/coredns\nserviceaccount/default\nserviceaccount/kube-proxy\n',
    );
  }, 30_000);

  it('gives each node an owner-only folder with kubeadm\'s static pod path and kubelet config', () => {
    const path = ok(kubesim(home, ['node', 'path', 'controlplane'])).stdout.trim();
    expect(path).toBe(join(home, 'nodes', 'controlplane'));
    expect(statSync(path).mode & 0o777).toBe(0o700);
    expect(existsSync(join(path, 'etc/kubernetes/manifests/kube-apiserver.yaml'))).toBe(true);
    expect(existsSync(join(path, 'var/log/pods'))).toBe(true);
    const config = readFileSync(join(path, 'var/lib/kubelet/config.yaml'), 'utf8');
    expect(config).toContain('kind: KubeletConfiguration');
    expect(config).toContain('staticPodPath: /etc/kubernetes/manifests');
    expect(kubesim(home, ['node', 'path', 'node09'])).toMatchObject({ code: 1, stderr: expect.stringContaining('error: node "node09" not found') });
  });

  it('keeps a Lease per node in kube-node-lease', () => {
    const leases = json(home, ['get', 'leases', '-n', 'kube-node-lease']).items;
    expect(leases.map((l) => `${l.metadata.name} ${l.spec.holderIdentity} ${l.metadata.ownerReferences[0].kind}`)).toEqual([
      'controlplane controlplane Node',
      'node01 node01 Node',
      'node02 node02 Node',
    ]);
  });

  it('status says it runs, where its files are, and lists the nodes', () => {
    const r = ok(kubesim(home, ['status']));
    expect(r.stdout).toMatch(new RegExp(`^Cluster: {2}running \\(pid ${pidOf(home)}, up \\S+\\)\\nHome: {5}${home}\\n`));
    expect(maskAge(r.stdout)).toContain('NAME STATUS ROLES AGE VERSION\ncontrolplane Ready control-plane <age> v1.32.4\n');
  });

  it('refuses to start twice', () => {
    const r = kubesim(home, ['up']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: the cluster in ${home} is already running (pid ${pidOf(home)}); stop it with "kubesim down" first\n`);
  });

  it('adds and removes nodes while it runs', async () => {
    expect(ok(kubesim(home, ['node', 'add', 'node03', '--labels', 'disktype=ssd', '--taints', 'dedicated=db:NoSchedule', '--cpu', '4', '--memory', '8Gi'])).stdout).toBe('node/node03 added\n');
    const node = await eventually(
      () => json(home, ['get', 'nodes']).items.find((n) => n.metadata.name === 'node03'),
      (n) => n?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True') && !!n.spec.podCIDR,
      'node03 Ready',
    );
    expect(node!.metadata.labels.disktype).toBe('ssd');
    expect(node!.spec.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(node!.status.capacity).toMatchObject({ cpu: '4', memory: '8Gi' });
    expect(node!.status.allocatable).toMatchObject({ cpu: '4', memory: '8092Mi' });
    expect(node!.status.addresses[0]).toEqual({ type: 'InternalIP', address: '192.168.56.13' });
    expect(kubesim(home, ['node', 'add', 'node03'])).toMatchObject({ code: 1, stderr: 'error: node "node03" already exists\n' });
    expect(ok(kubesim(home, ['node', 'remove', 'node03'])).stdout).toBe('node/node03 removed\n');
    expect(kubesim(home, ['get', 'node', 'node03'])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): nodes "node03" not found\n' });
    expect(existsSync(join(home, 'nodes', 'node03'))).toBe(false);
    expect(readFileSync(join(home, 'cluster.yaml'), 'utf8')).not.toContain('node03');
  }, 60_000);

  it('a stopped node turns NotReady after the grace period, is tainted unreachable, and its pod is evicted after tolerationSeconds', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'victim', namespace: 'default' },
      spec: {
        nodeName: 'node01',
        containers: [{ name: 'web', image: 'nginx' }],
        tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }],
      },
    };
    ok(kubesim(home, ['apply', '-f', '-'], { stdin: JSON.stringify(pod) }));
    await eventually(() => json(home, ['get', 'pods']).items[0]?.status?.phase, (p) => p === 'Running', 'the pod running on node01');
    expect(ok(kubesim(home, ['node', 'stop', 'node01'])).stdout).toBe('node/node01 stopped\n');
    const stoppedAt = Date.now();
    await eventually(() => maskAge(ok(kubesim(home, ['get', 'node', 'node01'])).stdout), (s) => s.includes('node01 NotReady <none>'), 'node01 NotReady');
    const node = json(home, ['get', 'nodes']).items.find((n) => n.metadata.name === 'node01')!;
    expect(node.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    await eventually(
      () => (json(home, ['get', 'nodes']).items.find((n) => n.metadata.name === 'node01')!.spec.taints ?? []).map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`),
      (t) => t.includes('node.kubernetes.io/unreachable:NoExecute') && t.includes('node.kubernetes.io/unreachable:NoSchedule'),
      'the unreachable taints',
    );
    const victim = await eventually(() => json(home, ['get', 'pods']).items[0], (p) => !!p?.metadata.deletionTimestamp, 'the eviction');
    // Not before the grace period and the toleration have passed.
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(1500 + 2000);
    expect(victim!.status.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', reason: 'DeletionByTaintManager' }));
    expect(maskAge(ok(kubesim(home, ['get', 'pods'])).stdout)).toContain('victim 1/1 Terminating 0 <age>');
    const events = ok(kubesim(home, ['get', 'events', '--field-selector', 'involvedObject.name=victim'])).stdout;
    expect(events).toContain('TaintManagerEviction');
    expect(events).toContain('Marking for deletion Pod default/victim');
    expect(ok(kubesim(home, ['status'])).stdout).toContain('Stopped nodes (a simulated failure; "kubesim node start NAME" brings one back): node01');

    expect(ok(kubesim(home, ['node', 'start', 'node01'])).stdout).toBe('node/node01 started\n');
    await eventually(() => maskAge(ok(kubesim(home, ['get', 'node', 'node01'])).stdout), (s) => s.includes('node01 Ready <none>'), 'node01 Ready again');
    await eventually(() => json(home, ['get', 'nodes']).items.find((n) => n.metadata.name === 'node01')!.spec.taints, (t) => t === undefined, 'the taints removed');
    // Back on the node, the kubelet finishes the pod's deletion.
    await eventually(() => json(home, ['get', 'pods']).items.length, (n) => n === 0, 'the evicted pod gone');
  }, 90_000);
});

describe('stopping and resuming', () => {
  it('down keeps the store; up resumes the same nodes and pods', () => {
    const { home, config } = newHome();
    ok(kubesim(home, ['up', '--config', config]));
    const before = json(home, ['get', 'pods', '-A']).items.map((p) => `${p.metadata.name} ${p.metadata.uid}`);
    const nodeUids = json(home, ['get', 'nodes']).items.map((n) => n.metadata.uid);
    const pid = pidOf(home);
    expect(ok(kubesim(home, ['down'])).stdout).toBe(`Stopped the cluster in ${home} (pid ${pid}). Its state is kept: "kubesim up" resumes it.\n`);
    expect(existsSync(join(home, 'daemon.pid'))).toBe(false);
    expect(ok(kubesim(home, ['status'])).stdout).toMatch(/^Cluster: {2}stopped \("kubesim up" starts it\)\n/);
    expect(ok(kubesim(home, ['down'])).stdout).toBe(`The cluster in ${home} is not running.\n`);
    expect(ok(kubesim(home, ['up'])).stdout).toMatch(/^Starting the cluster in /);
    expect(json(home, ['get', 'nodes']).items.map((n) => n.metadata.uid)).toEqual(nodeUids);
    expect(json(home, ['get', 'pods', '-A']).items.map((p) => `${p.metadata.name} ${p.metadata.uid}`)).toEqual(before);
  }, 60_000);

  it('--nodes and --config are refused for an existing cluster', () => {
    const { home, config } = newHome();
    ok(kubesim(home, ['up', '--config', config]));
    ok(kubesim(home, ['down']));
    const r = kubesim(home, ['up', '--nodes', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: the cluster in ${home} already exists (nodes controlplane, node01, node02); --nodes and --config only shape a new cluster.`);
  }, 60_000);

  it('after SIGKILL, up replaces the stale pid file and resumes without duplicates', async () => {
    const { home, config } = newHome();
    ok(kubesim(home, ['up', '--config', config]));
    const pid = pidOf(home);
    const objects = () => ({
      nodes: json(home, ['get', 'nodes']).items.map((n) => n.metadata.uid),
      pods: json(home, ['get', 'pods', '-A']).items.map((p) => p.metadata.uid),
      leases: json(home, ['get', 'leases', '-n', 'kube-node-lease']).items.map((l) => l.metadata.uid),
      addons: json(home, ['get', 'ds,deploy,svc,cm,sa', '-n', 'kube-system']).items.map((o) => o.metadata.uid),
    });
    const before = objects();
    process.kill(pid, 'SIGKILL');
    await eventually(() => ok(kubesim(home, ['status'])).stdout, (s) => s.startsWith('Cluster:  stopped (its daemon'), 'the crash noticed');
    const r = ok(kubesim(home, ['up']));
    expect(r.stderr).toBe(`The daemon of this cluster (pid ${pid}) is gone without stopping cleanly; its pid file is replaced.\n`);
    expect(pidOf(home)).not.toBe(pid);
    expect(objects()).toEqual(before);
  }, 60_000);
});

describe('other shapes and failures', () => {
  it('--nodes 1 makes a single tainted control-plane node', () => {
    const { home } = newHome();
    ok(kubesim(home, ['up', '--nodes', '1']));
    expect(maskAge(ok(kubesim(home, ['get', 'nodes'])).stdout)).toBe('NAME STATUS ROLES AGE VERSION\ncontrolplane Ready control-plane <age> v1.32.4\n');
    ok(kubesim(home, ['down']));
  }, 60_000);

  it('a config file sets names, labels, taints, capacity with extended resources, and reservations', () => {
    const { home, config } = newHome(`${fastConfig}nodes:
- name: master
  role: control-plane
- name: gpu-1
  labels: {accelerator: nvidia}
  taints: ["nvidia.com/gpu=present:NoSchedule"]
  capacity: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "2"}
  kubeReserved: {cpu: 500m, memory: 1Gi}
  systemReserved: {memory: 512Mi}
`);
    ok(kubesim(home, ['up', '--config', config]));
    const gpu = json(home, ['get', 'nodes']).items.find((n) => n.metadata.name === 'gpu-1')!;
    expect(gpu.status.capacity).toMatchObject({ cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '2' });
    // 32Gi - 1Gi - 512Mi - 100Mi (the eviction threshold)
    expect(gpu.status.allocatable).toMatchObject({ cpu: '7500m', memory: '31132Mi', 'nvidia.com/gpu': '2' });
    expect(gpu.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    expect(ok(kubesim(home, ['get', 'pods', '-n', 'kube-system', '-o', 'name'])).stdout).toContain('pod/etcd-master\n');
    ok(kubesim(home, ['down']));
  }, 60_000);

  it('an invalid config file is reported with every problem, and nothing starts', () => {
    const { home, config } = newHome('nodes:\n- name: Bad_Name\n  role: boss\n');
    const r = kubesim(home, ['up', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: invalid cluster config ${config}:`);
    expect(r.stderr).toContain('nodes[0].name: Invalid value: "Bad_Name"');
    expect(r.stderr).toContain('nodes[0].role: Unsupported value: "boss": supported values: "control-plane", "worker"');
    expect(existsSync(join(home, 'daemon.pid'))).toBe(false);
  });

  it('node stop needs a running cluster', () => {
    const { home, config } = newHome();
    ok(kubesim(home, ['up', '--config', config]));
    ok(kubesim(home, ['down']));
    expect(kubesim(home, ['node', 'stop', 'node01'])).toMatchObject({ code: 1, stderr: `error: the cluster in ${home} is not running; start it with "kubesim up"\n` });
    expect(ok(kubesim(home, ['node', 'add', 'node03'])).stdout).toBe('node/node03 added (it registers when the cluster starts: "kubesim up")\n');
    expect(existsSync(join(home, 'nodes', 'node03', 'var/lib/kubelet/config.yaml'))).toBe(true);
  }, 60_000);

  it('up --foreground runs attached until Ctrl-C stops it cleanly', async () => {
    const { home, config } = newHome();
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'kubesim.js'), 'up', '--foreground', '--config', config], {
      env: { PATH: process.env.PATH ?? '', HOME: home, KUBESIM_HOME: home, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(() => out, (o) => o.includes('The cluster is up'), 'the foreground cluster', 30_000);
    expect(out).toContain('Ctrl-C');
    expect(pidOf(home)).toBe(child.pid);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('Stopped. Its state is kept');
    expect(existsSync(join(home, 'daemon.pid'))).toBe(false);
  }, 60_000);
});

describe('reset', () => {
  it('asks first, stops a running cluster, and deletes only the cluster\'s files', () => {
    const { home, config } = newHome();
    ok(kubesim(home, ['up', '--config', config]));
    writeFileSync(join(home, 'notes.txt'), 'mine');
    const no = kubesim(home, ['reset'], { stdin: 'n\n' });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain(`This deletes the cluster in ${home}: its objects, node folders and logs. It is running and will be stopped first.\nContinue? [y/N]: `);
    expect(no.stderr).toContain('error: reset cancelled; nothing was deleted');
    expect(existsSync(join(home, 'state.db'))).toBe(true);
    const yes = ok(kubesim(home, ['reset'], { stdin: 'y\n' }));
    expect(yes.stdout).toMatch(/^Stopped the cluster \(pid \d+\)\.\nDeleted the cluster in .*\. "kubesim up" creates a new one\.\n$/);
    for (const f of ['state.db', 'nodes', 'logs', 'cluster.yaml', 'daemon.pid']) expect(existsSync(join(home, f))).toBe(false);
    expect(readFileSync(join(home, 'notes.txt'), 'utf8')).toBe('mine');
    expect(ok(kubesim(home, ['reset', '--yes'])).stdout).toBe(`There is no cluster in ${home}.\n`);
  }, 60_000);
});
