import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/object.js';
import { FakeClock, flushMicrotasks, realClock, type TimerClock } from '../../util/clock.js';
import { memoryLogger } from '../../util/logger.js';
import { StaticPodSource, type ManifestError } from './static-pod-source.js';

const seeds = new URL('../../../test/fixtures/seeds/', import.meta.url);
/** The seed's manifest exactly as the note writes it into /etc/kubernetes/manifests (the fixture's comment header dropped). */
const seedText = (name: string) => readFileSync(new URL(name, seeds), 'utf8').replace(/^(#.*\n)+/, '');
const staticWeb = seedText('pod-static-web.yaml');
const staticWebMissingColon = seedText('pod-static-web-missing-colon.yaml');

const pod = (name: string, image = 'nginx') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: ${image}\n`;
const kubeletConfig = (staticPodPath: string, extra = '') =>
  `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nstaticPodPath: ${staticPodPath}\n${extra}`;

/** A temporary KUBESIM_HOME with one node folder laid out as kubeadm's node01, and a source over it. */
class NodeFixture {
  readonly home = mkdtempSync(join(tmpdir(), 'kubesim-static-pods-'));
  readonly nodeDir = join(this.home, 'nodes', 'node01');
  readonly sets: KubeObject[][] = [];
  readonly errors: ManifestError[] = [];
  readonly clock: TimerClock;
  readonly log;
  source: StaticPodSource | undefined;

  constructor(clock: TimerClock = realClock, config: string | null = kubeletConfig('/etc/kubernetes/manifests')) {
    this.clock = clock;
    this.log = memoryLogger(clock);
    mkdirSync(this.host('/etc/kubernetes/manifests'), { recursive: true });
    mkdirSync(this.host('/var/lib/kubelet'), { recursive: true });
    if (config !== null) this.write('/var/lib/kubelet/config.yaml', config);
  }

  host(nodePath: string): string {
    return join(this.nodeDir, nodePath);
  }

  write(nodePath: string, text: string): void {
    writeFileSync(this.host(nodePath), text);
  }

  manifest(name: string, text: string): void {
    this.write(`/etc/kubernetes/manifests/${name}`, text);
  }

  async start(opts: { watch?: boolean; periodFromConfig?: boolean } = {}): Promise<StaticPodSource> {
    this.source = new StaticPodSource({
      nodeName: 'node01',
      nodeDir: this.nodeDir,
      clock: this.clock,
      log: this.log,
      onPods: (pods) => this.sets.push(pods),
      onError: (e) => this.errors.push(e),
      debounceMs: 60,
      retryMs: 20,
      fileCheckFrequencyMs: opts.periodFromConfig ? undefined : 60_000,
      watch: opts.watch ?? true,
    });
    await this.source.start();
    return this.source;
  }

  /** The names of the pods in the last set handed out. */
  get names(): string[] {
    return (this.sets[this.sets.length - 1] ?? []).map((p) => p.metadata.name!).sort();
  }

  podNamed(name: string): KubeObject | undefined {
    return this.sets[this.sets.length - 1]?.find((p) => p.metadata.name === name);
  }

  async close(): Promise<void> {
    await this.source?.stop();
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** Waits for a condition the watcher brings about, failing after a deadline. */
async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let node: NodeFixture;
afterEach(async () => {
  await node?.close();
});

describe('StaticPodSource turns the manifests in staticPodPath into the static pods the kubelet runs', () => {
  it("runs the seed's static-web manifest as static-web-node01, with the kubelet's annotations, UID, node and toleration", async () => {
    node = new NodeFixture();
    node.manifest('static-pod.yaml', staticWeb);
    await node.start();
    expect(node.names).toEqual(['static-web-node01']);
    const p = node.podNamed('static-web-node01')!;
    expect(p.metadata.namespace).toBe('default');
    expect(p.metadata.labels).toEqual({ role: 'myrole' });
    expect(p.metadata.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(p.metadata.annotations).toEqual({
      'kubernetes.io/config.hash': p.metadata.uid,
      'kubernetes.io/config.seen': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      'kubernetes.io/config.source': 'file',
    });
    const spec = p.spec as Record<string, unknown>;
    expect(spec.nodeName).toBe('node01');
    expect(spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoExecute' }]);
    expect(spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30 });
    expect(p.status).toEqual({ phase: 'Pending' });
    expect(node.log.lines.some((l) => l.includes('"Adding static pod path" path="/etc/kubernetes/manifests"'))).toBe(true);
  });

  it("reports the seed's manifest without the colon after metadata with the kubelet's error, skips it, and runs it once fixed", async () => {
    node = new NodeFixture();
    node.manifest('static-pod.yaml', staticWebMissingColon);
    node.manifest('other.yaml', pod('other'));
    await node.start();
    expect(node.names).toEqual(['other-node01']);
    const err = "/etc/kubernetes/manifests/static-pod.yaml: couldn't parse as pod(yaml: line 4: could not find expected ':'), please check config file";
    expect(node.log.lines).toContainEqual(expect.stringContaining(`file.go:187] "Could not process manifest file" err=${JSON.stringify(err)} path="/etc/kubernetes/manifests/static-pod.yaml"`));
    expect(node.log.lines.find((l) => l.includes('Could not process manifest file'))).toMatch(/^E\d{4} /);
    expect(node.errors).toEqual([{ path: '/etc/kubernetes/manifests/static-pod.yaml', error: err }]);
    const otherUid = node.podNamed('other-node01')!.metadata.uid;

    node.manifest('static-pod.yaml', staticWeb);
    await until('the fixed manifest runs', () => node.names.includes('static-web-node01'));
    expect(node.names).toEqual(['other-node01', 'static-web-node01']);
    expect(node.podNamed('other-node01')!.metadata.uid).toBe(otherUid);
  });

  it('gives an edited manifest a new UID and hash, and a removed one takes its pod away', async () => {
    node = new NodeFixture();
    node.manifest('web.yaml', pod('web', 'nginx:1.25'));
    await node.start();
    const before = node.podNamed('web-node01')!;
    node.manifest('web.yaml', pod('web', 'nginx:1.26'));
    await until('the edit is seen', () => (node.podNamed('web-node01')?.spec as { containers: { image: string }[] })?.containers[0]!.image === 'nginx:1.26');
    const after = node.podNamed('web-node01')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.annotations!['kubernetes.io/config.hash']).toBe(after.metadata.uid);

    rmSync(node.host('/etc/kubernetes/manifests/web.yaml'));
    await until('the pod goes away', () => node.names.length === 0);
  });

  it('gives the same manifest the same UID on every listing, and a different one on another node or in another file', async () => {
    node = new NodeFixture();
    node.manifest('web.yaml', pod('web'));
    await node.start({ watch: false });
    const uid = node.podNamed('web-node01')!.metadata.uid;
    await node.source!.sync();
    expect(node.sets).toHaveLength(1);

    rmSync(node.host('/etc/kubernetes/manifests/web.yaml'));
    node.manifest('renamed.yaml', pod('web'));
    await node.source!.sync();
    expect(node.podNamed('web-node01')!.metadata.uid).not.toBe(uid);
  });

  it("ignores editors' temporary files and dotfiles, but reads other files whatever their extension, as the kubelet does", async () => {
    node = new NodeFixture();
    node.manifest('web.yaml~', pod('vim-backup'));
    node.manifest('4913', pod('vim-probe'));
    node.manifest('.web.yaml.swp', pod('vim-swap'));
    node.manifest('#web.yaml#', pod('emacs-autosave'));
    node.manifest('web.yaml.tmp', pod('tmp'));
    node.manifest('.hidden.yaml', pod('hidden'));
    node.manifest('kube-apiserver.yaml.bak', pod('backup-copy'));
    node.manifest('web.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'json' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
    node.manifest('notes.txt', 'remember to fix the scheduler\n');
    await node.start();
    expect(node.names).toEqual(['backup-copy-node01', 'json-node01']);
    expect(node.errors.map((e) => e.path)).toEqual(['/etc/kubernetes/manifests/notes.txt']);
    expect(node.errors[0]!.error).toContain("couldn't parse as pod(couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct");
  });

  it('handles many files written at once, reading the burst together', async () => {
    node = new NodeFixture();
    await node.start();
    const setsBefore = node.sets.length;
    for (let i = 0; i < 60; i++) node.manifest(`pod-${String(i).padStart(2, '0')}.yaml`, pod(`pod-${String(i).padStart(2, '0')}`));
    await until('all 60 pods run', () => node.names.length === 60);
    expect(node.sets.length - setsBefore).toBeLessThan(60);
  });

  it('moves the static pods when staticPodPath changes in config.yaml: the old folder’s pods go, the new one’s come', async () => {
    node = new NodeFixture();
    node.manifest('old.yaml', pod('old'));
    mkdirSync(node.host('/etc/kubelet.d'), { recursive: true });
    node.write('/etc/kubelet.d/new.yaml', pod('new'));
    await node.start();
    expect(node.names).toEqual(['old-node01']);

    node.write('/var/lib/kubelet/config.yaml', kubeletConfig('/etc/kubelet.d'));
    await until('the new folder is read', () => node.names.includes('new-node01'));
    expect(node.names).toEqual(['new-node01']);
    expect(node.log.lines.some((l) => l.includes('"Adding static pod path" path="/etc/kubelet.d"'))).toBe(true);

    node.write('/etc/kubelet.d/another.yaml', pod('another'));
    await until('the new folder is watched', () => node.names.includes('another-node01'));
    node.manifest('old2.yaml', pod('old2'));
    await node.source!.flush();
    expect(node.names).toEqual(['another-node01', 'new-node01']);
  });

  it('looks for a staticPodPath that does not exist yet, logging as the kubelet does, and reads it once it appears', async () => {
    node = new NodeFixture(realClock, kubeletConfig('/etc/kubernetes/later'));
    await node.start();
    expect(node.sets).toEqual([[]]);
    expect(node.log.lines).toContainEqual(expect.stringContaining('"Unable to read config path" err="path does not exist, ignoring" path="/etc/kubernetes/later"'));
    mkdirSync(node.host('/etc/kubernetes/later'));
    node.write('/etc/kubernetes/later/web.yaml', pod('web'));
    await until('the new folder is read', () => node.names.includes('web-node01'));
  });

  it("resolves a relative staticPodPath against /var/lib/kubelet, and '..' stops at the node's root", async () => {
    node = new NodeFixture(realClock, kubeletConfig('../../../../../../../../../../etc/kubernetes/manifests'));
    node.manifest('web.yaml', pod('web'));
    await node.start({ watch: false });
    expect(node.source!.staticPodPath).toBe('/etc/kubernetes/manifests');
    expect(node.names).toEqual(['web-node01']);
  });

  it('never reads a folder or a manifest outside the node folder, whatever the path or symlink says', async () => {
    node = new NodeFixture(realClock, kubeletConfig('../../../../../../../../../../outside'));
    const outside = join(node.home, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'evil.yaml'), pod('evil'));
    await node.start({ watch: false });
    // `..` cannot climb above the node's root: /outside is the node's own (missing) folder.
    expect(node.source!.staticPodPath).toBe('/outside');
    expect(node.names).toEqual([]);

    node.write('/var/lib/kubelet/config.yaml', kubeletConfig('/etc/kubernetes/manifests'));
    symlinkSync(join(outside, 'evil.yaml'), node.host('/etc/kubernetes/manifests/evil.yaml'));
    symlinkSync('../../../../../outside/evil.yaml', node.host('/etc/kubernetes/manifests/relative-evil.yaml'));
    node.manifest('good.yaml', pod('good'));
    await node.source!.sync();
    expect(node.names).toEqual(['good-node01']);
    expect(node.errors.map((e) => e.path).sort()).toEqual(['/etc/kubernetes/manifests/evil.yaml', '/etc/kubernetes/manifests/relative-evil.yaml']);
    expect(node.errors[0]!.error).toContain("leads outside the node's folder");

    // A static pod folder that is itself a link out of the node is refused as a whole.
    symlinkSync(outside, node.host('/etc/linked'));
    node.write('/var/lib/kubelet/config.yaml', kubeletConfig('/etc/linked'));
    await node.source!.sync();
    expect(node.names).toEqual([]);
    expect(node.log.lines).toContainEqual(expect.stringContaining(`"Unable to read config path" err="path leads outside the node's folder`));
  });

  it('follows symlinks that stay inside the node folder', async () => {
    node = new NodeFixture();
    mkdirSync(node.host('/srv'), { recursive: true });
    node.write('/srv/web.yaml', pod('web'));
    symlinkSync(node.host('/srv/web.yaml'), node.host('/etc/kubernetes/manifests/web.yaml'));
    await node.start({ watch: false });
    expect(node.names).toEqual(['web-node01']);
  });

  it('keeps a running pod while its file is broken mid-edit, as the watcher path does, and drops it at the next listing', async () => {
    node = new NodeFixture();
    node.manifest('web.yaml', pod('web', 'nginx:1.25'));
    await node.start();
    const uid = node.podNamed('web-node01')!.metadata.uid;
    // An editor that truncates and writes in two steps: the first step is not a pod.
    node.manifest('web.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: "ngi');
    await until('the watcher sees the broken file', () => node.log.lines.some((l) => l.includes('"Unable to process watch event"')));
    expect(node.log.lines.find((l) => l.includes('"Unable to process watch event"'))).toContain(
      `file.go:108] "Unable to process watch event" err="can't process config file \\"/etc/kubernetes/manifests/web.yaml\\": /etc/kubernetes/manifests/web.yaml: couldn't parse as pod(yaml: line 8: found unexpected end of stream), please check config file"`,
    );
    expect(node.podNamed('web-node01')!.metadata.uid).toBe(uid);
    expect(node.sets.every((set) => set.every((p) => p.metadata.name === 'web-node01'))).toBe(true);

    await node.source!.sync();
    expect(node.names).toEqual([]);
    node.manifest('web.yaml', pod('web', 'nginx:1.26'));
    await until('the finished file runs', () => node.names.includes('web-node01'));
  });

  it('runs one pod for two files naming the same pod, the later file in name order winning', async () => {
    node = new NodeFixture();
    node.manifest('a.yaml', pod('web', 'nginx:a'));
    node.manifest('b.yaml', pod('web', 'nginx:b'));
    await node.start({ watch: false });
    expect(node.names).toEqual(['web-node01']);
    expect((node.podNamed('web-node01')!.spec as { containers: { image: string }[] }).containers[0]!.image).toBe('nginx:b');
  });

  it('does not recurse into subfolders, logging as the kubelet does', async () => {
    node = new NodeFixture();
    mkdirSync(node.host('/etc/kubernetes/manifests/old'));
    node.write('/etc/kubernetes/manifests/old/web.yaml', pod('web'));
    await node.start({ watch: false });
    expect(node.names).toEqual([]);
    expect(node.log.lines).toContainEqual(
      expect.stringContaining('"Provided manifest path is a directory, not recursing into manifest path" path="/etc/kubernetes/manifests/old"'),
    );
  });

  it('reports an invalid pod with the validation errors, unwrapped, as the kubelet logs them', async () => {
    node = new NodeFixture();
    node.manifest('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: c\n');
    node.manifest('noname.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    await node.start({ watch: false });
    expect(node.errors).toEqual([
      { path: '/etc/kubernetes/manifests/bad.yaml', error: 'invalid pod: [spec.containers[0].image: Required value]' },
      { path: '/etc/kubernetes/manifests/noname.yaml', error: 'invalid pod: name is needed for the pod' },
    ]);
    // A file's error is reported once, however often the folder is listed.
    await node.source!.sync();
    expect(node.errors).toHaveLength(2);
  });

  it('lists the folder every fileCheckFrequency on its clock, seeing changes without a watcher', async () => {
    const clock = new FakeClock('2024-06-01T12:00:00Z');
    node = new NodeFixture(clock, kubeletConfig('/etc/kubernetes/manifests', 'fileCheckFrequency: 20s\n'));
    await node.start({ watch: false, periodFromConfig: true });
    expect(node.sets).toEqual([[]]);
    node.manifest('web.yaml', pod('web'));
    await clock.advanceAsync(19_000);
    expect(node.names).toEqual([]);
    await clock.advanceAsync(1_000);
    await until('the listing finishes', () => node.names.length === 1);
    expect(node.podNamed('web-node01')!.metadata.annotations!['kubernetes.io/config.seen']).toBe('2024-06-01T12:00:20Z');
    await flushMicrotasks();
  });
});
