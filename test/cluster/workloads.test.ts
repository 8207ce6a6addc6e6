/**
 * The workload controllers on a running cluster through the compiled CLI, as seed 004 uses them: kube-system's addons
 * running as on a kubeadm node, a ReplicaSet replacing deleted pods, a Deployment scaled by hand then re-applied, the
 * ownership chain in custom columns, and DaemonSets with and without the control-plane toleration.
 */
import { readFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CliResult } from '../support/cli.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

let c: RunningCluster;

const seed = (name: string) => new URL(`../fixtures/seeds/${name}`, import.meta.url).pathname;

/** Masks the AGE column (its values and its width depend on the wall clock) and collapses column padding. */
const maskAge = (s: string) => s.replace(/(?<= )\d+(ms|[smhdy])(\d+[smhd])?(?= |$)/gm, '<age>').replace(/ +/g, ' ');

const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
};

/** The pods `get pods` lists (with -l or -n arguments), as JSON. */
const pods = (...args: string[]) => (JSON.parse(ok(c.run(['get', 'pods', ...args, '-o', 'json'])).stdout) as { items: Pod[] }).items;
const running = (p: Pod) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && p.status.containerStatuses?.every((s) => s.ready) === true;

/** Waits for exactly n pods, all Running and ready, among those the arguments select. */
const nRunning = (n: number, what: string, ...args: string[]) =>
  eventually(
    () => pods(...args),
    (ps) => ps.length === n && ps.every(running),
    what,
  );

/** kubeadm's generated names: a 5-character suffix from apimachinery's rand alphabet; the hash from the same alphabet. */
const suffix = '[bcdfghjklmnpqrstvwxz2456789]{5}';
const hash = '[bcdfghjklmnpqrstvwxz2456789]{1,10}';

beforeAll(() => {
  c = startCluster();
}, 120_000);

afterAll(() => c?.down());

describe('the seed 004 controllers', () => {
  it('a ReplicaSet scaled to three runs three pods, and deleting them by label brings three new ones', async () => {
    expect(ok(c.run(['apply', '-f', seed('replicaset-whoami-web.yaml')])).stdout).toBe('replicaset.apps/whoami-web created\n');
    expect(ok(c.run(['scale', '--replicas=3', 'rs/whoami-web'])).stdout).toBe('replicaset.apps/whoami-web scaled\n');
    const before = await nRunning(3, 'three whoami-web pods Running', '-l', 'app=whoami-web');
    const beforeNames = before.map((p) => p.metadata!.name!).sort();
    for (const name of beforeNames) expect(name).toMatch(new RegExp(`^whoami-web-${suffix}$`));

    const deleted = ok(c.run(['delete', 'pods', '-l', 'app=whoami-web']));
    expect(deleted.stdout).toBe(beforeNames.map((n) => `pod "${n}" deleted\n`).join(''));
    const after = await nRunning(3, 'three new whoami-web pods Running', '-l', 'app=whoami-web');
    expect(after.map((p) => p.metadata!.name).filter((n) => beforeNames.includes(n!))).toEqual([]);
    const rs = await eventually(() => maskAge(ok(c.run(['get', 'replicaset', 'whoami-web'])).stdout), (s) => s.includes(' 3 3 3 '), 'the status counted');
    expect(rs).toBe('NAME DESIRED CURRENT READY AGE\nwhoami-web 3 3 3 <age>\n');
  });

  it('a Deployment scaled to four by hand goes back to the file\'s two replicas when the file is applied again', async () => {
    const file = seed('deployment-pi-web.yaml');
    expect(ok(c.run(['apply', '-f', file])).stdout).toBe('deployment.apps/pi-web created\n');
    await nRunning(2, 'two pi-web pods Running', '-l', 'app=pi-web');
    const rs = () => maskAge(ok(c.run(['get', 'rs', '-l', 'app=pi-web'])).stdout);
    const first = await eventually(rs, (s) => / 2 2 2 <age>\n$/.test(s), 'the ReplicaSet ready with 2');
    const rsName = /\n(pi-web-\S+) /.exec(first)![1]!;

    expect(ok(c.run(['scale', '--replicas=4', 'deploy/pi-web'])).stdout).toBe('deployment.apps/pi-web scaled\n');
    expect(await eventually(rs, (s) => s.includes(' 4 4 4 '), 'the ReplicaSet scaled to 4')).toBe(`NAME DESIRED CURRENT READY AGE\n${rsName} 4 4 4 <age>\n`);
    await nRunning(4, 'four pi-web pods Running', '-l', 'app=pi-web');

    expect(ok(c.run(['apply', '-f', file])).stdout).toBe('deployment.apps/pi-web configured\n');
    expect(await eventually(rs, (s) => s.includes(' 2 2 2 '), 'the ReplicaSet back to 2')).toBe(`NAME DESIRED CURRENT READY AGE\n${rsName} 2 2 2 <age>\n`);
    await nRunning(2, 'two pi-web pods left', '-l', 'app=pi-web');
    expect(readFileSync(file, 'utf8')).toContain('replicas: 2');
  });

  it('custom columns of ownerReferences show the chain Deployment → ReplicaSet → Pod', () => {
    const columns = "NAME:'{.metadata.name}',OWNER:'{.metadata.ownerReferences[0].name}',OWNER_KIND:'{.metadata.ownerReferences[0].kind}'";
    // The shell removes the single quotes of the seed's command line before kubectl sees them.
    const arg = `custom-columns=${columns.replace(/'/g, '')}`;
    const podRows = ok(c.run(['get', 'po', '-l', 'app=pi-web', '-o', arg])).stdout.replace(/ +/g, ' ').split('\n');
    expect(podRows[0]).toBe('NAME OWNER OWNER_KIND');
    const rsName = podRows[1]!.split(' ')[1]!;
    expect(rsName).toMatch(new RegExp(`^pi-web-${hash}$`));
    expect(podRows.slice(1, -1)).toEqual([expect.stringMatching(new RegExp(`^${rsName}-${suffix} ${rsName} ReplicaSet$`)), expect.stringMatching(new RegExp(`^${rsName}-${suffix} ${rsName} ReplicaSet$`))]);
    expect(ok(c.run(['get', 'rs', rsName, '-o', arg])).stdout.replace(/ +/g, ' ')).toBe(`NAME OWNER OWNER_KIND\n${rsName} pi-web Deployment\n`);
    expect(ok(c.run(['get', 'deploy', 'pi-web', '-o', arg])).stdout.replace(/ +/g, ' ')).toBe('NAME OWNER OWNER_KIND\npi-web <none> <none>\n');
  });
});

describe('DaemonSets and the control-plane taint', () => {
  const daemonSet = (name: string, tolerations: unknown[] = []) =>
    dump({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: {
            tolerations,
            // sleep ignores SIGTERM (as PID 1 on a real node), so a short grace period keeps the rollout quick.
            terminationGracePeriodSeconds: 1,
            containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', '3600'] }],
          },
        },
      },
    });

  it('one tolerating the control-plane taint runs on controlplane too; one without it only on node01', async () => {
    c.apply(daemonSet('everywhere', [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]));
    c.apply(daemonSet('workers-only'));
    const everywhere = await nRunning(2, 'the tolerating DaemonSet on both nodes', '-l', 'app=everywhere');
    expect(everywhere.map((p) => p.spec!.nodeName).sort()).toEqual(['controlplane', 'node01']);
    const workers = await nRunning(1, 'the other DaemonSet on node01', '-l', 'app=workers-only');
    expect(workers[0]!.spec!.nodeName).toBe('node01');
    const ds = await eventually(
      () => maskAge(ok(c.run(['get', 'ds', 'everywhere', 'workers-only'])).stdout),
      (s) => s.includes('everywhere 2 2 2 2 2') && s.includes('workers-only 1 1 1 1 1'),
      'both DaemonSets available',
    );
    expect(ds).toBe('NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE\neverywhere 2 2 2 2 2 <none> <age>\nworkers-only 1 1 1 1 1 <none> <age>\n');
  });

  it('a template change bumps the template generation and rolls the pods to it on every node', async () => {
    const generationOf = () => JSON.parse(ok(c.run(['get', 'ds', 'everywhere', '-o', 'json'])).stdout).metadata.annotations['deprecated.daemonset.template.generation'];
    expect(generationOf()).toBe('1');
    expect(ok(c.run(['set', 'image', 'ds/everywhere', 'agent=busybox:1.37'])).stdout).toBe('daemonset.apps/everywhere image updated\n');
    expect(generationOf()).toBe('2');
    const rolled = await eventually(
      () => pods('-l', 'app=everywhere'),
      (ps) => ps.length === 2 && ps.every((p) => running(p) && p.metadata!.labels!['pod-template-generation'] === '2'),
      'both pods replaced with generation 2',
      20_000,
    );
    expect(rolled.map((p) => `${p.spec!.nodeName} ${p.spec!.containers[0]!.image}`).sort()).toEqual(['controlplane busybox:1.37', 'node01 busybox:1.37']);
  });
});

describe('kube-system on a running cluster', () => {
  // Last: the static pods' startup probes keep them unready for their first ~10 s, as kubeadm's manifests do.
  it('lists the pods of a kubeadm cluster: two coredns replicas, a kube-proxy per node and the static control plane, all Running', async () => {
    const list = await nRunning(8, 'the kube-system pods Running', '-n', 'kube-system');
    const names = list.map((p) => p.metadata!.name!);
    const out = maskAge(ok(c.run(['get', 'pods', '-n', 'kube-system'])).stdout).split('\n');
    expect(out[0]).toBe('NAME READY STATUS RESTARTS AGE');
    const pattern = [
      `coredns-${hash}-${suffix}`,
      `coredns-${hash}-${suffix}`,
      'etcd-controlplane',
      'kube-apiserver-controlplane',
      'kube-controller-manager-controlplane',
      `kube-proxy-${suffix}`,
      `kube-proxy-${suffix}`,
      'kube-scheduler-controlplane',
    ];
    expect(out.slice(1, -1)).toEqual(pattern.map((p) => expect.stringMatching(new RegExp(`^${p} 1/1 Running 0 <age>$`))));
    expect(out).toHaveLength(10);
    expect(names.filter((n) => n.startsWith('kube-proxy-')).length).toBe(2);
  });

  it('runs kube-proxy once on every node, the control plane included, owned by its DaemonSet', async () => {
    const proxies = pods('-n', 'kube-system', '-l', 'k8s-app=kube-proxy');
    expect(proxies.map((p) => p.spec!.nodeName).sort()).toEqual(['controlplane', 'node01']);
    for (const p of proxies) {
      expect(p.metadata!.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'kube-proxy', controller: true })]);
      expect(p.metadata!.labels!['pod-template-generation']).toBe('1');
    }
    const ds = await eventually(() => maskAge(ok(c.run(['get', 'ds', 'kube-proxy', '-n', 'kube-system'])).stdout), (s) => s.includes(' 2 2 2 2 2 '), 'the status counted');
    expect(ds).toBe('NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE\nkube-proxy 2 2 2 2 2 kubernetes.io/os=linux <age>\n');
  });

  it('runs coredns as a Deployment whose ReplicaSet is named by the pod template hash', async () => {
    const dns = pods('-n', 'kube-system', '-l', 'k8s-app=kube-dns');
    expect(dns).toHaveLength(2);
    const rsName = dns[0]!.metadata!.ownerReferences![0]!.name;
    expect(rsName).toBe(`coredns-${dns[0]!.metadata!.labels!['pod-template-hash']}`);
    for (const p of dns) expect(p.metadata!.name).toMatch(new RegExp(`^${rsName}-${suffix}$`));
    const deploy = await eventually(() => maskAge(ok(c.run(['get', 'deploy', 'coredns', '-n', 'kube-system'])).stdout), (s) => s.includes(' 2/2 2 2 '), 'the status counted');
    expect(deploy).toBe('NAME READY UP-TO-DATE AVAILABLE AGE\ncoredns 2/2 2 2 <age>\n');
    const rs = JSON.parse(ok(c.run(['get', 'rs', rsName, '-n', 'kube-system', '-o', 'json'])).stdout);
    expect(rs.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'coredns', controller: true })]);
  });
});
