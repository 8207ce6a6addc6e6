/**
 * A Deployment rollout survives the daemon being killed in the middle of it (SIGKILL, then `kubesim up`): the
 * controllers resume from the store and converge, with no duplicate or lost pod and no extra ReplicaSet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { CliResult } from '../support/cli.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

let c: RunningCluster;

const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
};

const list = <T>(...args: string[]) => (JSON.parse(ok(c.run(['get', ...args, '-o', 'json'])).stdout) as { items: T[] }).items;
const pods = () => list<Pod>('pods', '-l', 'app=web');
const replicaSets = () => list<ReplicaSet>('rs', '-l', 'app=web');

// Four replicas, one new pod at a time, each available only 2 s after it is ready: the rollout takes several
// seconds, so the kill lands in its middle.
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  minReadySeconds: 2
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
`;

beforeAll(() => {
  c = startCluster();
}, 120_000);

afterAll(() => c?.down());

describe('a rollout interrupted by a daemon crash', () => {
  it('resumes after SIGKILL and up, and ends with the new pods only, each once', async () => {
    c.apply(deployment('nginx:1.25'));
    ok(c.run(['rollout', 'status', 'deploy/web', '--timeout=60s']));
    const oldRS = replicaSets()[0]!;

    ok(c.run(['set', 'image', 'deploy/web', 'web=nginx:1.26']));
    // In the middle: the new ReplicaSet has pods and the old one still has some.
    const middle = await eventually(
      replicaSets,
      (rss) => rss.length === 2 && rss.every((rs) => (rs.status?.replicas ?? 0) > 0 && (rs.status?.replicas ?? 0) < 4),
      'a half-done rollout',
    );
    const newRS = middle.find((rs) => rs.metadata?.name !== oldRS.metadata?.name)!;
    const pid = Number(readFileSync(join(c.home, 'daemon.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await eventually(() => ok(c.run(['status'])).stdout, (s) => s.startsWith('Cluster:  stopped (its daemon'), 'the crash noticed');
    ok(c.run(['up']));

    expect(ok(c.run(['rollout', 'status', 'deploy/web', '--timeout=60s'])).stdout).toContain('deployment "web" successfully rolled out\n');
    const done = await eventually(pods, (ps) => ps.length === 4 && ps.every((p) => !p.metadata?.deletionTimestamp), 'the old pods gone');
    expect(done.map((p) => [p.spec?.containers[0]?.image, p.metadata?.ownerReferences?.[0]?.name, p.status?.phase])).toEqual(
      Array(4).fill(['nginx:1.26', newRS.metadata?.name, 'Running']),
    );
    expect(new Set(done.map((p) => p.metadata?.name)).size).toBe(4);
    // The same two ReplicaSets (no third one made after the restart), revisions 1 and 2, the old one at zero.
    expect(
      replicaSets()
        .map((rs) => [rs.metadata?.uid, rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], rs.spec?.replicas])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual([
      [oldRS.metadata?.uid, '1', 0],
      [newRS.metadata?.uid, '2', 4],
    ]);
    const history = ok(c.run(['rollout', 'history', 'deploy/web'])).stdout;
    expect(history).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  }, 150_000);
});
