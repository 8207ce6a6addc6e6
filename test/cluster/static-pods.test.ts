/**
 * Static pods end to end through the compiled CLI: the seed's static-web dropped into a running node's
 * /etc/kubernetes/manifests, its mirror pod, the seed's broken manifest, and a moved staticPodPath.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/compiled.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

let c: RunningCluster;
let nodeDir: string;
let manifests: string;

/** The seed fixture without its provenance comments, so line numbers are the seed's own. */
const seed = (name: string) =>
  readFileSync(join(repoRoot, 'test/fixtures/seeds', name), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');

/** The rows of `kubesim get pods`, with the AGE column dropped and spaces collapsed. */
const podRows = () =>
  c
    .run(['get', 'pods'])
    .stdout.split('\n')
    .filter((l) => l && !l.startsWith('NAME'))
    .map((l) => l.split(/ +/).slice(0, 4).join(' '));

const jsonpath = (args: string[], path: string) => c.run([...args, '-o', `jsonpath=${path}`]).stdout;
const daemonLog = () => (existsSync(join(c.home, 'logs/daemon.log')) ? readFileSync(join(c.home, 'logs/daemon.log'), 'utf8') : '');

beforeAll(() => {
  c = startCluster({ kubelet: { fileCheckFrequency: '1s' } });
  nodeDir = c.run(['node', 'path', 'node01']).stdout.trim();
  manifests = join(nodeDir, 'etc/kubernetes/manifests');
}, 120_000);

afterAll(() => c?.down());

describe('static pods on a running node', () => {
  it("the seed's static-web dropped into node01's manifests folder runs as the mirror pod static-web-node01", async () => {
    expect(nodeDir).toBe(join(c.home, 'nodes', 'node01'));
    writeFileSync(join(manifests, 'static-pod.yaml'), seed('pod-static-web.yaml'));
    await eventually(podRows, (rows) => rows.includes('static-web-node01 1/1 Running 0'), 'static-web-node01 Running');
    const pod = c.pod('static-web-node01');
    expect(pod.spec?.nodeName).toBe('node01');
    expect(pod.metadata?.labels).toEqual({ role: 'myrole' });
    expect(pod.metadata?.annotations?.['kubernetes.io/config.source']).toBe('file');
    expect(pod.metadata?.annotations?.['kubernetes.io/config.mirror']).toBeDefined();
    expect(pod.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'Node', name: 'node01', controller: true })]);
  }, 30_000);

  it('deleting the mirror pod brings it back, and its container keeps running without a restart', async () => {
    const uid = c.pod('static-web-node01').metadata?.uid;
    const del = c.run(['delete', 'pod', 'static-web-node01']);
    expect(del.stdout).toBe('pod "static-web-node01" deleted\n');
    expect(del.code).toBe(0);
    const back = await c.waitForPod('static-web-node01', (p) => p.metadata?.uid !== uid && p.status?.phase === 'Running', 20_000);
    expect(back.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(podRows()).toContain('static-web-node01 1/1 Running 0');
  }, 30_000);

  it('removing the manifest removes the pod', async () => {
    rmSync(join(manifests, 'static-pod.yaml'));
    await eventually(podRows, (rows) => !rows.some((r) => r.startsWith('static-web-node01 ')), 'static-web-node01 gone');
  }, 30_000);

  it("the seed's manifest without the colon after metadata is logged and reported as a Warning event, while a good static pod keeps running", async () => {
    writeFileSync(join(manifests, 'good.yaml'), seed('pod-static-web.yaml').replace('name: static-web', 'name: static-good'));
    await eventually(podRows, (rows) => rows.includes('static-good-node01 1/1 Running 0'), 'static-good-node01 Running');
    writeFileSync(join(manifests, 'static-pod.yaml'), seed('pod-static-web-missing-colon.yaml'));
    const log = await eventually(daemonLog, (l) => /"Could not process manifest file".*path="\/etc\/kubernetes\/manifests\/static-pod\.yaml"/.test(l), 'the kubelet log line');
    const line = log.split('\n').find((l) => l.includes('"Could not process manifest file"') && l.includes('static-pod.yaml'))!;
    expect(line.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /, '')).toBe(
      'file.go:187] "Could not process manifest file" err="/etc/kubernetes/manifests/static-pod.yaml: couldn\'t parse as pod(yaml: line 4: could not find expected \':\'), please check config file" path="/etc/kubernetes/manifests/static-pod.yaml"',
    );
    const events = await eventually(
      () => jsonpath(['get', 'events', '--field-selector', 'involvedObject.kind=Node,involvedObject.name=node01'], '{range .items[*]}{.type} {.reason} {.message}{"\\n"}{end}'),
      (s) => s.includes('FailedValidation'),
      'the Warning event',
    );
    expect(events).toContain(
      'Warning FailedValidation Could not process manifest file "/etc/kubernetes/manifests/static-pod.yaml": couldn\'t parse as pod(yaml: line 4: could not find expected \':\'), please check config file\n',
    );
    expect(podRows()).toContain('static-good-node01 1/1 Running 0');
    expect(podRows().some((r) => r.startsWith('static-web-node01 '))).toBe(false);
  }, 40_000);

  it('fixing the manifest brings the pod up', async () => {
    writeFileSync(join(manifests, 'static-pod.yaml'), seed('pod-static-web-missing-colon.yaml').replace(/^metadata$/m, 'metadata:'));
    await eventually(podRows, (rows) => rows.includes('static-web-node01 1/1 Running 0'), 'static-web-node01 Running after the fix');
    expect(podRows()).toContain('static-good-node01 1/1 Running 0');
  }, 30_000);

  it("changing staticPodPath in the node's kubelet config moves the static pods to the new folder", async () => {
    const moved = join(nodeDir, 'etc/kubelet.d');
    mkdirSync(moved, { recursive: true });
    writeFileSync(join(moved, 'moved.yaml'), seed('pod-static-web.yaml').replace('name: static-web', 'name: static-moved'));
    const configPath = join(nodeDir, 'var/lib/kubelet/config.yaml');
    const config = readFileSync(configPath, 'utf8');
    expect(config).toContain('staticPodPath: /etc/kubernetes/manifests\n');
    writeFileSync(configPath, config.replace('staticPodPath: /etc/kubernetes/manifests\n', 'staticPodPath: /etc/kubelet.d\n'));
    const rows = await eventually(
      podRows,
      (r) => r.includes('static-moved-node01 1/1 Running 0') && !r.some((x) => /^static-(web|good)-node01 /.test(x)),
      'the static pods moved',
    );
    expect(rows.filter((r) => r.startsWith('static-'))).toEqual(['static-moved-node01 1/1 Running 0']);
    // The old folder's files are still there, only no longer read.
    expect(existsSync(join(manifests, 'good.yaml'))).toBe(true);
    expect(daemonLog()).toMatch(/"Adding static pod path" path="\/etc\/kubelet\.d"/);
  }, 30_000);
});
