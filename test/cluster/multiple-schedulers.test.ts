/**
 * The seed's multiple-scheduler story with an in-process cluster and a fake clock: a second kube-scheduler pod runs
 * its profile only once it holds its Lease, which RBAC refuses until `system:kube-scheduler` names it; the pod's log
 * says why, as kube-scheduler's does; the seed's --scheduler-name flag is an unknown flag in 1.32.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import type { KubeObject } from '../../src/api/object.js';
import { InformerFactory } from '../../src/client/informer.js';
import { InProcessClient } from '../../src/client/in-process-client.js';
import { ClusterRoleBindings, ClusterRoles, ConfigMaps, Leases, Pods, ServiceAccounts } from '../../src/client/resources.js';
import { kubesimHome } from '../../src/cluster/home.js';
import { nodeDir } from '../../src/cluster/node-folders.js';
import { kubeSchedulerCheck, SchedulerPods } from '../../src/cluster/scheduler-pods.js';
import { FakeClock } from '../../src/util/clock.js';
import { linkContainerLog } from '../../src/kubelet/container-log.js';
import { bootstrapRbac } from '../../src/registry/bootstrap.js';
import { newTestRegistry, type TestRegistry } from '../../src/registry/test-registry.js';
import type { KubeSchedulerConfiguration } from '../../src/scheduler/config/types.js';
import { memoryLogger } from '../../src/util/logger.js';

let t: TestRegistry;
let root: string;
let sp: SchedulerPods;
let informers: InformerFactory;
const started: KubeSchedulerConfiguration[] = [];
let running = 0;

const client = () => new InProcessClient(t.registry);

beforeEach(async () => {
  t = await newTestRegistry();
  await bootstrapRbac(t.registry);
  root = mkdtempSync(join(tmpdir(), 'kubesim-schedpods-'));
  started.length = 0;
  running = 0;
  informers = new InformerFactory({ client: client(), clock: t.clock });
  sp = new SchedulerPods({
    client: client(),
    informers,
    clock: t.clock,
    log: memoryLogger(t.clock),
    home: kubesimHome(root),
    newScheduler: (config) => ({
      start: async () => {
        started.push(config);
        running++;
      },
      stop: async () => void running--,
    }),
  });
  await sp.start();
});
afterEach(async () => {
  await sp.stop();
  informers.stop();
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

/** Waits (on real time, briefly) until cond holds: the component reacts to informer events asynchronously. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
    await sp.settle();
  }
}

/** The check's clock: klog's timestamp in its error line. */
const t0Clock = new FakeClock(new Date('2024-06-01T12:00:00Z'));

const containerID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** A Running pod with one kube-scheduler container, and its container log file as the kubelet leaves it. */
async function runSchedulerPod(name: string, command: string[], extra: Partial<Record<'volumes' | 'volumeMounts', unknown[]>> & { mirror?: boolean } = {}): Promise<string> {
  const pods = client().resource(Pods).namespace('kube-system');
  const pod = await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system', ...(extra.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc', 'kubernetes.io/config.source': 'file' } } : {}) },
    spec: {
      serviceAccountName: 'my-scheduler',
      nodeName: 'controlplane',
      containers: [{ name: 'kube-second-scheduler', image: 'registry.k8s.io/kube-scheduler:v1.32.4', command, volumeMounts: extra.volumeMounts ?? [] }],
      volumes: extra.volumes ?? [],
    },
  } as KubeObject);
  const dir = nodeDir(kubesimHome(root), 'controlplane');
  const logPath = join(dir, 'var', 'log', 'pods', `kube-system_${name}_${pod.metadata.uid}`, 'kube-second-scheduler', '0.log');
  mkdirSync(join(logPath, '..'), { recursive: true });
  writeFileSync(logPath, '');
  await linkContainerLog(dir, 'kube-system', name, 'kube-second-scheduler', containerID, logPath);
  await pods.updateStatus({
    ...pod,
    status: {
      ...(pod.status as object),
      phase: 'Running',
      containerStatuses: [{ name: 'kube-second-scheduler', ready: true, restartCount: 0, image: 'registry.k8s.io/kube-scheduler:v1.32.4', imageID: '', containerID: `containerd://${containerID}`, state: { running: { startedAt: '2024-06-01T12:00:00Z' } } }],
    },
  } as KubeObject);
  return logPath;
}

/** The log's messages without the CRI and klog headers' timestamps. */
const logLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^\S+ stderr F /, '').replace(/^([IEW])\d{4} \d\d:\d\d:\d\d\.\d{6} +1 /, '$1 '));

const myConfig = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: my-scheduler\nleaderElection:\n  leaderElect: true\n  resourceName: my-scheduler\n';
const configVolume = {
  volumes: [{ name: 'config-volume', configMap: { name: 'my-scheduler-config' } }],
  volumeMounts: [{ name: 'config-volume', mountPath: '/etc/kubernetes/my-scheduler' }],
};

describe('a second kube-scheduler', () => {
  beforeEach(async () => {
    await client().resource(ServiceAccounts).namespace('kube-system').create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'my-scheduler', namespace: 'kube-system' } } as KubeObject);
    await client().resource(ClusterRoleBindings).create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'my-scheduler-as-kube-scheduler' },
      subjects: [{ kind: 'ServiceAccount', name: 'my-scheduler', namespace: 'kube-system' }],
      roleRef: { kind: 'ClusterRole', name: 'system:kube-scheduler', apiGroup: 'rbac.authorization.k8s.io' },
    } as KubeObject);
  });

  /** The documentation's ConfigMap holding the second scheduler's configuration. */
  const createConfigMap = (text = myConfig) =>
    client().resource(ConfigMaps).namespace('kube-system').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'my-scheduler-config', namespace: 'kube-system' }, data: { 'my-scheduler-config.yaml': text } } as KubeObject);

  it('is refused its lease by RBAC, logs it, and schedules once the ClusterRole names the lease', async () => {
    await createConfigMap();
    const log = await runSchedulerPod('my-scheduler-7d9c', ['/usr/local/bin/kube-scheduler', '--config=/etc/kubernetes/my-scheduler/my-scheduler-config.yaml'], configVolume);
    await until(() => logLines(log).length >= 2, 'the forbidden error');
    expect(logLines(log)).toEqual([
      'I leaderelection.go:257] attempting to acquire leader lease kube-system/my-scheduler...',
      'E leaderelection.go:436] error retrieving resource lock kube-system/my-scheduler: leases.coordination.k8s.io "my-scheduler" is forbidden: User "system:serviceaccount:kube-system:my-scheduler" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"',
    ]);
    expect(started).toEqual([]);

    // kubectl edit clusterrole system:kube-scheduler: resourceNames gets my-scheduler.
    const roles = client().resource(ClusterRoles);
    const role = (await roles.get('system:kube-scheduler')) as unknown as ClusterRole;
    for (const r of role.rules ?? []) if (r.resourceNames?.includes('kube-scheduler')) r.resourceNames.push('my-scheduler');
    await roles.update(role as unknown as KubeObject);

    await t.clock.advanceAsync(2000);
    await until(() => started.length === 1, 'the scheduler to start');
    expect(started[0]!.profiles.map((p) => p.schedulerName)).toEqual(['my-scheduler']);
    expect(logLines(log).at(-1)).toBe('I leaderelection.go:271] successfully acquired lease kube-system/my-scheduler');
    const lease = await client().resource(Leases).namespace('kube-system').get('my-scheduler');
    expect((lease as { spec?: { holderIdentity?: string } }).spec?.holderIdentity).toMatch(/^my-scheduler-7d9c_/);

    // The pod goes away: its scheduler stops.
    await client().resource(Pods).namespace('kube-system').delete('my-scheduler-7d9c', { gracePeriodSeconds: 0 });
    await until(() => running === 0, 'the scheduler to stop');
  });

  it("with the seed's --scheduler-name, no scheduler runs for the pod (its container exits at the unknown flag)", async () => {
    const log = await runSchedulerPod('my-scheduler-old', ['/usr/local/bin/kube-scheduler', '--leader-elect=false', '--scheduler-name=my-scheduler']);
    await sp.settle();
    expect([started, logLines(log)]).toEqual([[], []]);
  });

  describe('the container checks its command line at start, as kube-scheduler does', () => {
    const files: Record<string, string> = { '/etc/kubernetes/my-scheduler/my-scheduler-config.yaml': myConfig };
    const readFile = async (path: string) => {
      if (files[path] === undefined) throw new Error('ENOENT');
      return files[path]!;
    };
    const check = kubeSchedulerCheck(t0Clock);
    it.each<{ name: string; argv: string[]; stderr?: string }>([
      { name: "the seed's --scheduler-name is an unknown flag in 1.32", argv: ['/usr/local/bin/kube-scheduler', '--leader-elect=false', '--scheduler-name=my-scheduler'], stderr: 'Error: unknown flag: --scheduler-name\n' },
      {
        name: 'a config file missing from the container is "command failed"',
        argv: ['kube-scheduler', '--config=/etc/kubernetes/my-scheduler/missing.yaml'],
        stderr: 'E0601 12:00:00.000000       1 run.go:74] "command failed" err="open /etc/kubernetes/my-scheduler/missing.yaml: no such file or directory"\n',
      },
      { name: 'a config file the container has starts', argv: ['kube-scheduler', '--config=/etc/kubernetes/my-scheduler/my-scheduler-config.yaml'] },
      { name: "kubeadm's flags start", argv: ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--leader-elect=true'] },
    ])('$name', async ({ argv, stderr }) => {
      expect(await check(argv, readFile)).toEqual(stderr === undefined ? undefined : { stderr, code: 1 });
    });
  });

  it('without leader election it schedules at once', async () => {
    await createConfigMap(myConfig.replace('leaderElect: true', 'leaderElect: false'));
    await runSchedulerPod('my-scheduler-nole', ['kube-scheduler', '--config=/etc/kubernetes/my-scheduler/my-scheduler-config.yaml'], configVolume);
    await until(() => started.length === 1, 'the scheduler to start');
  });
});

describe("the control plane's static kube-scheduler pod", () => {
  it('reads --config from the node through its hostPath mount and leads on the kube-scheduler lease as system:kube-scheduler', async () => {
    const dir = nodeDir(kubesimHome(root), 'controlplane');
    mkdirSync(join(dir, 'etc/kubernetes'), { recursive: true });
    writeFileSync(join(dir, 'etc/kubernetes/scheduler-config.yaml'), 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 50\n');
    const log = await runSchedulerPod('kube-scheduler-controlplane', ['kube-scheduler', '--config=/etc/kubernetes/scheduler-config.yaml', '--leader-elect=true'], {
      mirror: true,
      volumes: [{ name: 'scheduler-config', hostPath: { path: '/etc/kubernetes/scheduler-config.yaml', type: 'FileOrCreate' } }],
      volumeMounts: [{ name: 'scheduler-config', mountPath: '/etc/kubernetes/scheduler-config.yaml', readOnly: true }],
    });
    await until(() => started.length === 1, 'the default scheduler to start');
    expect(started[0]!.percentageOfNodesToScore).toBe(50);
    expect(logLines(log)).toEqual([
      'I leaderelection.go:257] attempting to acquire leader lease kube-system/kube-scheduler...',
      'I leaderelection.go:271] successfully acquired lease kube-system/kube-scheduler',
    ]);
    // The kubelet restarts the static pod (a new container) when its manifest changes: the old process lets the lease go.
    await client().resource(Pods).namespace('kube-system').delete('kube-scheduler-controlplane', { gracePeriodSeconds: 0 });
    await until(() => running === 0, 'the scheduler to stop');
    const lease = (await client().resource(Leases).namespace('kube-system').get('kube-scheduler')) as { spec?: { holderIdentity?: string } };
    expect(lease.spec?.holderIdentity).toBe('');
  });
});
