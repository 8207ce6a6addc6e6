/** `kubesim delete` waits as kubectl's --wait=true does: until every deleted object is gone, within --timeout. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubesim, type CliResult } from '../support/cli.js';
import { ensureBuilt, repoRoot } from '../support/compiled.js';
import { podYaml, startCluster, type RunningCluster } from '../support/running-cluster.js';

/** A kubesim command running in the background: its output so far, and its result once it exits. */
interface Background {
  stdout(): string;
  exited(): boolean;
  result: Promise<CliResult>;
  kill(): void;
}

function background(home: string, args: string[]): Background {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'kubesim.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KUBESIM_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      exited = true;
      resolve({ code: code ?? -1, stdout: out, stderr: err });
    }),
  );
  return { stdout: () => out, exited: () => exited, result, kill: () => !exited && child.kill() };
}

/** Waits (real time, bounded) until cond holds. */
async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A background command a test started, killed after it if still running. */
let afterThis: Background | undefined;
afterEach(() => {
  afterThis?.kill();
  afterThis = undefined;
});

const notFound = (name: string) => ({ code: 1, stdout: '', stderr: `Error from server (NotFound): pods "${name}" not found\n` });
const terminating = (r: CliResult) => (JSON.parse(r.stdout || '{}') as { metadata?: { deletionTimestamp?: string } }).metadata?.deletionTimestamp !== undefined;

describe('kubesim delete without a daemon', () => {
  let home: string;
  const run = (args: string[], stdin?: string) => kubesim(home, args, stdin === undefined ? {} : { stdin });
  const apply = (yaml: string) => expect(run(['apply', '-f', '-'], yaml).code).toBe(0);

  beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'kubesim-delete-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('an unscheduled pod is deleted at once, so delete returns and the pod is gone', () => {
    apply(podYaml('idle', { containers: [{ name: 'c', image: 'busybox' }] }).replace('  nodeName: node01\n', ''));
    expect(run(['delete', 'pod', 'idle'])).toEqual({ code: 0, stdout: 'pod "idle" deleted\n', stderr: '' });
    expect(run(['get', 'pod', 'idle'])).toEqual(notFound('idle'));
  });

  it.each([
    ['a bound pod no kubelet will stop', podYaml('bound', { containers: [{ name: 'c', image: 'busybox' }] }), ['pod', 'bound'], 'pod "bound" deleted\n', 'pods/bound'],
    ['a namespace no controller will finalize', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: stuck}\n', ['namespace', 'stuck'], 'namespace "stuck" deleted\n', 'namespaces/stuck'],
    ['a config map with a finalizer', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n', ['configmap', 'held'], 'configmap "held" deleted\n', 'configmaps/held'],
  ])('%s blocks until --timeout, then fails with kubectl\'s message', (_name, yaml, target, stdout, where) => {
    apply(yaml);
    expect(run(['delete', ...target, '--timeout=1s'])).toEqual({ code: 1, stdout, stderr: `error: timed out waiting for the condition on ${where}\n` });
    expect(terminating(run(['get', ...target, '-o', 'json']))).toBe(true);
  });

  it.each([
    ['--wait=false', ['--wait=false'], 'pod "bound" deleted\n'],
    ['--dry-run=server', ['--dry-run=server'], 'pod "bound" deleted (server dry run)\n'],
  ])('%s returns at once', (_name, flags, stdout) => {
    apply(podYaml('bound', { containers: [{ name: 'c', image: 'busybox' }] }));
    expect(run(['delete', 'pod', 'bound', ...flags])).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('--force deletes at once, warns, and does not wait', () => {
    apply(podYaml('bound', { containers: [{ name: 'c', image: 'busybox' }] }));
    expect(run(['delete', 'pod', 'bound', '--force'])).toEqual({
      code: 0,
      stdout: 'pod "bound" force deleted\n',
      stderr: 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    });
    expect(run(['get', 'pod', 'bound'])).toEqual(notFound('bound'));
  });

  it('returns once someone else removes the last finalizer', async () => {
    apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n');
    const del = background(home, ['delete', 'configmap', 'held']);
    afterThis = del;
    await until(() => del.stdout() === 'configmap "held" deleted\n', 'delete printed its line');
    expect(del.exited()).toBe(false);
    apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: []}\n');
    expect(await del.result).toEqual({ code: 0, stdout: 'configmap "held" deleted\n', stderr: '' });
    expect(run(['get', 'configmap', 'held']).stderr).toBe('Error from server (NotFound): configmaps "held" not found\n');
  });

  it('an invalid --timeout is a flag error', () => {
    expect(run(['delete', 'pod', 'x', '--timeout=soon'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\nSee \'kubesim delete --help\' for usage.\n',
    });
  });
});

describe('kubesim delete with a running cluster', () => {
  let c: RunningCluster;
  const sleeper = (name: string, grace: number) =>
    podYaml(name, { terminationGracePeriodSeconds: grace, containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] });
  const running = (p: { status?: { phase?: string } }) => p.status?.phase === 'Running';

  beforeAll(async () => {
    c = startCluster();
    c.apply([sleeper('short', 6), sleeper('nowait', 60), sleeper('long', 60)].join('\n---\n'));
    for (const name of ['short', 'nowait', 'long']) await c.waitForPod(name, running);
  }, 240_000);
  afterAll(() => c?.down());

  it('returns only once the kubelet has stopped the pod and it is gone', async () => {
    const del = background(c.home, ['delete', 'pod', 'short']);
    afterThis = del;
    await until(() => del.stdout() === 'pod "short" deleted\n', 'delete printed its line');
    // While delete still runs, the pod is Terminating: delete had something to wait for.
    expect(del.exited()).toBe(false);
    expect(terminating(c.run(['get', 'pod', 'short', '-o', 'json']))).toBe(true);
    expect(await del.result).toEqual({ code: 0, stdout: 'pod "short" deleted\n', stderr: '' });
    expect(c.run(['get', 'pod', 'short'])).toEqual(notFound('short'));
  });

  it('--wait=false returns while the pod is still Terminating', () => {
    expect(c.run(['delete', 'pod', 'nowait', '--wait=false'])).toEqual({ code: 0, stdout: 'pod "nowait" deleted\n', stderr: '' });
    expect(terminating(c.run(['get', 'pod', 'nowait', '-o', 'json']))).toBe(true);
  });

  it('--timeout shorter than the grace period fails with kubectl\'s message and exit 1', () => {
    expect(c.run(['delete', 'pod', 'long', '--timeout=1s'])).toEqual({ code: 1, stdout: 'pod "long" deleted\n', stderr: 'error: timed out waiting for the condition on pods/long\n' });
    expect(terminating(c.run(['get', 'pod', 'long', '-o', 'json']))).toBe(true);
  });
});
