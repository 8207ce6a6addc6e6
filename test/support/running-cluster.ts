/** A cluster started with the compiled `kubesim up` in a temporary KUBESIM_HOME, with fast simulated timings, for CLI end-to-end tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { kubesim, type CliResult } from './cli.js';
import { ensureBuilt } from './compiled.js';

export interface RunningCluster {
  home: string;
  run(args: string[], opts?: { stdin?: string }): CliResult;
  /** Creates objects from YAML (kubesim apply -f -). */
  apply(yaml: string): void;
  /** The pod as `get -o json` shows it. */
  pod(name: string): Pod;
  /** Polls (real time) until the pod satisfies the condition; throws after timeoutMs. */
  waitForPod(name: string, condition: (pod: Pod) => boolean, timeoutMs?: number): Promise<Pod>;
  down(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Overrides of the cluster config, for files that need other periods (e.g. a short crash back-off). */
export interface ClusterOptions {
  /** The simulated runtime's timings (`simulation.kubelet`, src/kubelet/kubelet-config.ts). */
  simulation?: Record<string, unknown>;
  /** The `kubelet` section written into each node's var/lib/kubelet/config.yaml (e.g. fileCheckFrequency). */
  kubelet?: Record<string, unknown>;
}

/** `kubesim up` with one control-plane node and one worker (node01); pulls and sandboxes take no time. */
export function startCluster(options: ClusterOptions = {}): RunningCluster {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  const home = mkdtempSync(join(tmpdir(), 'kubesim-e2e-'));
  writeFileSync(
    join(home, 'cluster.yaml'),
    [
      'apiVersion: kubesim.io/v1alpha1',
      'kind: Cluster',
      'simulation:',
      `  kubelet: ${JSON.stringify({ imagePullBaseMs: 0, imagePullBytesPerSecond: 1e15, imageRepullMs: 0, sandboxCreateMs: 0, relistMs: 200, ...options.simulation })}`,
      ...(options.kubelet ? [`kubelet: ${JSON.stringify(options.kubelet)}`] : []),
      'nodes:',
      '- name: controlplane',
      '- name: node01',
      '',
    ].join('\n'),
  );
  const up = kubesim(home, ['up', '--config', join(home, 'cluster.yaml')]);
  if (up.code !== 0) throw new Error(`kubesim up failed: ${up.stdout}${up.stderr}`);
  const run = (args: string[], opts: { stdin?: string } = {}) => kubesim(home, args, opts);
  const pod = (name: string) => JSON.parse(run(['get', 'pod', name, '-o', 'json']).stdout || '{}') as Pod;
  return {
    home,
    run,
    apply(yaml) {
      const r = run(['apply', '-f', '-'], { stdin: yaml });
      if (r.code !== 0) throw new Error(`apply failed: ${r.stderr}`);
    },
    pod,
    async waitForPod(name, condition, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const p = pod(name);
        if (p.metadata && condition(p)) return p;
        if (Date.now() > deadline) throw new Error(`timed out waiting for pod ${name}: ${JSON.stringify(p.status)}`);
        await sleep(200);
      }
    },
    down() {
      kubesim(home, ['down']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A pod bound to node01 (no scheduler needed), as YAML. */
export function podYaml(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): string {
  return dump({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { nodeName: 'node01', ...spec } });
}
