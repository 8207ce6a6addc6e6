/** A kubelet for one node over a fresh store, on a FakeClock: create pods, move time, read what the API shows. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../src/api/object.js';
import { InProcessClient } from '../../src/client/in-process-client.js';
import { ConfigMaps, Events, Nodes, Pods } from '../../src/client/resources.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import type { KubeletConfig } from '../../src/kubelet/kubelet-config.js';
import { ImageCatalog } from '../../src/kubelet/runtime/image-catalog.js';
import { newTestRegistry } from '../../src/registry/test-registry.js';
import { flushMicrotasks, type FakeClock } from '../../src/util/clock.js';
import { memoryLogger } from '../../src/util/logger.js';
import { podPrinter } from '../../src/printers/table/pod-printer.js';

export interface HarnessOptions {
  config?: Partial<KubeletConfig>;
  catalogYaml?: string;
  nodeName?: string;
  allocatable?: Record<string, string>;
}

/** Deterministic kubelet timings for tests: pulls take 1 s, no sandbox delay. */
export const testConfig: Partial<KubeletConfig> = {
  imagePullBaseMs: 1000,
  imagePullBytesPerSecond: Number.POSITIVE_INFINITY,
  imageRepullMs: 500,
  sandboxCreateMs: 0,
  staticPods: false,
};

export async function kubeletHarness(opts: HarnessOptions = {}) {
  const t = await newTestRegistry();
  const client = new InProcessClient(t.registry);
  const nodeDir = mkdtempSync(join(tmpdir(), 'kubesim-node-'));
  const nodeName = opts.nodeName ?? 'node01';
  const clock = t.clock;
  await client.resource(Nodes).create({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: nodeName, labels: { 'kubernetes.io/hostname': nodeName } },
    spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
    status: {
      addresses: [
        { type: 'InternalIP', address: '172.18.0.3' },
        { type: 'Hostname', address: nodeName },
      ],
      capacity: { cpu: '2', memory: '8Gi', pods: '110' },
      allocatable: opts.allocatable ?? { cpu: '2', memory: '8Gi', pods: '110' },
    },
  } as unknown as KubeObject);
  // What the root CA publisher gives every namespace; pods' service account volumes need it.
  await client.resource(ConfigMaps).namespace('default').create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt' },
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n' },
  } as unknown as KubeObject);
  const log = memoryLogger(clock);
  const catalog = opts.catalogYaml ? ImageCatalog.fromYaml(opts.catalogYaml) : undefined;
  const newKubelet = () => new Kubelet({ nodeName, client, clock, nodeDir, log, config: { ...testConfig, ...opts.config }, catalog });
  let kubelet = newKubelet();
  await kubelet.start();

  const pods = client.resource(Pods).namespace('default');

  /** The store's revision: it stops moving once watches, workers and event writes have caught up. */
  const revision = async () => (await client.resource(Events).list()).metadata.resourceVersion ?? '';
  /** The newest resourceVersion among the node's pods (what the kubelet's watch must have seen). */
  const podsRevision = async () =>
    Math.max(0, ...(await client.resource(Pods).list({ fieldSelector: `spec.nodeName=${nodeName}` })).items.map((p) => Number(p.metadata.resourceVersion ?? 0)));

  /** Lets watches, workers, processes and event writes catch up (real time), without moving the fake clock. */
  async function settle(): Promise<void> {
    let last = '';
    let quiet = 0;
    for (let i = 0; i < 400 && quiet < 3; i++) {
      for (let j = 0; j < 3; j++) await flushMicrotasks();
      // Timers due now (zero-length waits) fire without moving time.
      await clock.advanceAsync(0);
      await kubelet.flushEvents();
      // Real I/O (container filesystems, log files) completes within a few milliseconds of real time.
      await new Promise((resolve) => setTimeout(resolve, 1));
      const rv = `${await revision()}/${kubelet.activity}`;
      // Not quiet while a worker syncs or the kubelet's watch has not caught up with the store.
      const behind = Number(kubelet.podsResourceVersion || 0) < (await podsRevision()) && kubelet.podsResourceVersion !== '';
      quiet = rv === last && !kubelet.busy && !behind ? quiet + 1 : 0;
      last = rv;
    }
  }

  return {
    client,
    clock,
    get kubelet() {
      return kubelet;
    },
    /** Stops the kubelet (as a killed daemon would) and starts a new one for the same node. */
    async restartKubelet(): Promise<void> {
      await kubelet.stop();
      kubelet = newKubelet();
      await kubelet.start();
      await settle();
    },
    nodeDir,
    nodeName,
    kubeletLog: log,
    settle,
    /** Moves the fake clock forward timer by timer, letting everything settle after each. */
    async advance(ms: number): Promise<void> {
      await settle();
      const end = clock.now().getTime() + ms;
      for (;;) {
        const now = clock.now().getTime();
        const next = nextTimerAt(clock);
        if (next === undefined || next > end) break;
        await clock.advanceAsync(Math.max(0, next - now));
        await settle();
      }
      await clock.advanceAsync(Math.max(0, end - clock.now().getTime()));
      await settle();
    },
    /** Waits (in real time, without moving the clock) until the condition holds; fails after a few seconds. */
    async until(condition: () => Promise<boolean>, what = 'the condition'): Promise<void> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        if (await condition()) return;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await settle();
      }
    },
    /** Moves time in small steps until the condition holds (for watchers that also need real time, like chokidar). */
    async advanceUntil(condition: () => Promise<boolean>, what = 'the condition', stepMs = 200): Promise<void> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        if (await condition()) return;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await clock.advanceAsync(stepMs);
        await settle();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async createPod(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Promise<Pod> {
      const name = (metadata.name as string) ?? 'web';
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata }, spec: { nodeName, ...spec } };
      const created = (await pods.create(pod as unknown as KubeObject)) as unknown as Pod;
      await settle();
      return created;
    },
    async pod(name = 'web'): Promise<Pod> {
      return (await pods.get(name)) as unknown as Pod;
    },
    /** READY, STATUS and RESTARTS as `kubectl get pods` shows them. */
    async row(name = 'web'): Promise<string> {
      const pod = (await pods.get(name)) as KubeObject;
      const cells = podPrinter.cells(pod, clock.now());
      return `${cells[1]} ${cells[2]} ${cells[3]}`;
    },
    /** The container's log file content (CRI lines) for an instance. */
    containerLog(container: string, restart = 0, name = 'web', uid?: string): string {
      const dir = join(nodeDir, 'var', 'log', 'pods');
      const podDir = readdirSync(dir).find((d) => d.startsWith(`default_${name}_`) && (!uid || d.endsWith(uid)));
      if (!podDir) return '';
      const path = join(dir, podDir, container, `${restart}.log`);
      return existsSync(path) ? readFileSync(path, 'utf8') : '';
    },
    /** Events about a pod as `Reason: message` lines, oldest first (with `(xN)` for repeats). */
    async events(name = 'web'): Promise<string[]> {
      await kubelet.flushEvents();
      const list = (await client.resource(Events).namespace('default').list()).items as unknown as Event[];
      return list
        .filter((e) => e.involvedObject.name === name)
        .sort((a, b) => (a.firstTimestamp ?? '').localeCompare(b.firstTimestamp ?? '') || a.metadata!.name!.localeCompare(b.metadata!.name!))
        .map((e) => `${e.reason}: ${e.message}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`);
    },
    async close(): Promise<void> {
      await kubelet.stop();
      await t.close();
      rmSync(nodeDir, { recursive: true, force: true });
    },
  };
}

export type KubeletHarness = Awaited<ReturnType<typeof kubeletHarness>>;

/** When the FakeClock's next timer is due (its timers are private; tests step through them one by one). */
function nextTimerAt(clock: FakeClock): number | undefined {
  const timers = (clock as unknown as { timers: Array<{ at: number; cancelled: boolean }> }).timers;
  let next: number | undefined;
  for (const t of timers) if (!t.cancelled && (next === undefined || t.at < next)) next = t.at;
  return next;
}

/** The waiting/running/terminated summary of a pod's first container, as a test reads it. */
export function stateOf(pod: Pod, container?: string): string {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const s = container ? statuses.find((x) => x.name === container) : pod.status?.containerStatuses?.[0];
  if (!s) return 'none';
  if (s.state?.waiting) return `waiting:${s.state.waiting.reason ?? ''}`;
  if (s.state?.running) return 'running';
  if (s.state?.terminated) return `terminated:${s.state.terminated.reason ?? ''}:${s.state.terminated.exitCode}`;
  return 'unknown';
}
