/**
 * `kubesim get -w` on the compiled binary, as a user runs it in one terminal while changing objects from another:
 * the watching process streams rows (headers once, widths remembered), watch events, JSON and YAML documents,
 * and ends on Ctrl-C with kubectl's status 1 and no message. The expected lines were checked against kubectl 1.32
 * watching the same store through a minimal API server; AGE values depend on the clock and are matched loosely.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubesim } from '../support/cli.js';
import { ensureBuilt, repoRoot } from '../support/compiled.js';

const DEADLINE_MS = 20_000;

let home: string;
beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-get-watch-'));
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs kubesim to completion and expects it to succeed. */
function ok(...args: string[]): string {
  const r = kubesim(home, args);
  if (r.code !== 0) throw new Error(`kubesim ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A fresh namespace with the given pods (created in this order), so that tests do not see each other's objects. */
function namespaceWith(ns: string, ...pods: string[]): void {
  ok('create', 'namespace', ns);
  for (const pod of pods) ok('run', pod, '--image=nginx', '-n', ns);
}

/** A `kubesim get ... -w` running in the background, its output collected as it streams. */
class Watcher {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [join(repoRoot, 'bin', 'kubesim.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: home, KUBESIM_HOME: home, NO_COLOR: '1' },
    });
    this.child.stdout.setEncoding('utf8').on('data', (s: string) => (this.stdout += s));
    this.child.stderr.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get lines(): string[] {
    return this.stdout.split('\n').slice(0, -1);
  }

  /** Waits until the output holds n complete lines (or fails at the deadline, showing what came). */
  async waitForLines(n: number): Promise<string[]> {
    const deadline = Date.now() + DEADLINE_MS;
    while (this.lines.length < n) {
      if (Date.now() > deadline) throw new Error(`waited for ${n} lines, got:\n${this.stdout}\nstderr:\n${this.stderr}`);
      if (this.child.exitCode !== null) throw new Error(`exited with ${this.child.exitCode} after:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.lines;
  }

  /** Sends a signal and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    return this.exited;
  }

  /** Waits for the process to end by itself. */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }
}

/** A line of the pod table whose AGE (a clock reading) may be anything; every other space is exact. */
const row = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace('<age>', '\\d+[smh](\\d+[smh])?')}$`);

const watchers: Watcher[] = [];
const watch = (...args: string[]) => {
  const w = new Watcher(args);
  watchers.push(w);
  return w;
};
afterEach(async () => {
  // A failed test must not leave its watcher running.
  await Promise.all(watchers.splice(0).map((w) => (w.child.exitCode === null && w.child.signalCode === null ? w.stop('SIGKILL') : undefined)));
});

describe('kubesim get --watch', () => {
  it('prints the table, then a row per change without headers, widening columns as kubectl does, and ends on Ctrl-C with status 1', async () => {
    namespaceWith('plain', 'web', 'db-primary');
    const w = watch('get', 'pods', '-n', 'plain', '-w');
    await w.waitForLines(3);
    ok('label', 'pod', 'web', 'tier=front', '-n', 'plain');
    await w.waitForLines(4);
    ok('run', 'a-pod-with-a-much-longer-name', '--image=nginx', '-n', 'plain');
    await w.waitForLines(5);
    ok('delete', 'pod', 'a-pod-with-a-much-longer-name', '-n', 'plain');
    const lines = await w.waitForLines(6);
    expect(lines.map((l, i) => [i, l])).toEqual(
      [
        'NAME         READY   STATUS    RESTARTS   AGE',
        'db-primary   0/1     Pending   0          <age>',
        'web          0/1     Pending   0          <age>',
        'web          0/1     Pending   0          <age>',
        // A longer name widens its column from then on; rows already printed stay as they were.
        'a-pod-with-a-much-longer-name   0/1     Pending   0          <age>',
        // The deleted pod, as it last was.
        'a-pod-with-a-much-longer-name   0/1     Pending   0          <age>',
      ].map((l, i) => [i, expect.stringMatching(row(l))]),
    );
    expect(await w.stop('SIGINT')).toEqual({ code: 1, signal: null });
    expect(w.stderr).toBe('');
  });

  it('--output-watch-events puts each row under an EVENT column: ADDED for what was there, then MODIFIED, ADDED, DELETED', async () => {
    namespaceWith('events', 'web');
    const w = watch('get', 'pods', '-n', 'events', '-w', '--output-watch-events', '-L', 'tier');
    await w.waitForLines(2);
    ok('label', 'pod', 'web', 'tier=front', '-n', 'events');
    await w.waitForLines(3);
    ok('run', 'cache', '--image=redis', '-n', 'events', '-l', 'tier=back');
    await w.waitForLines(4);
    ok('delete', 'pod', 'cache', '-n', 'events');
    const lines = await w.waitForLines(5);
    // AGE is not the last column here: its text and the spaces after it depend on the clock.
    expect(lines.map((l) => l.replace(/ \d+s */, ' <age> '))).toEqual([
      'EVENT      NAME   READY   STATUS    RESTARTS   AGE   TIER',
      'ADDED      web    0/1     Pending   0          <age> ',
      'MODIFIED   web    0/1     Pending   0          <age> front',
      // cache is longer than NAME: its column widens from here on.
      'ADDED      cache   0/1     Pending   0          <age> back',
      'DELETED    cache   0/1     Pending   0          <age> back',
    ]);
    expect(await w.stop('SIGTERM')).toEqual({ code: 1, signal: null });
    expect(w.stderr).toBe('');
  });

  it('--watch-only on one named pod prints nothing until it changes, then the header and the changed row', async () => {
    namespaceWith('only', 'web', 'other');
    const w = watch('get', 'pod', 'web', '-n', 'only', '--watch-only');
    // The watch starts at some point after the command does: change the pod until a change is seen.
    for (let n = 1; w.lines.length === 0; n++) {
      if (n > 200) throw new Error(`no change seen; stderr: ${w.stderr}`);
      ok('label', 'pod', 'web', `n=${n}`, '--overwrite', '-n', 'only');
      await new Promise((r) => setTimeout(r, 100));
    }
    const seen = (await w.waitForLines(2)).length;
    ok('label', 'pod', 'other', 'x=y', '-n', 'only');
    ok('label', 'pod', 'web', 'last=yes', '-n', 'only');
    const lines = await w.waitForLines(seen + 1);
    expect(lines[0]).toBe('NAME   READY   STATUS    RESTARTS   AGE');
    // Only web's changes: the watch selects metadata.name=web.
    for (const line of lines.slice(1)) expect(line).toMatch(row('web    0/1     Pending   0          <age>'));
    await w.stop();
  });

  it('-o json --output-watch-events prints one compact {"type","object"} line per event', async () => {
    namespaceWith('json', 'web');
    const w = watch('get', 'pods', '-n', 'json', '-w', '-o', 'json', '--output-watch-events');
    await w.waitForLines(1);
    ok('label', 'pod', 'web', 'tier=front', '-n', 'json');
    const lines = await w.waitForLines(2);
    const events = lines.map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string; labels: Record<string, string> } } });
    expect(events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.labels])).toEqual([
      ['ADDED', 'web', { run: 'web' }],
      ['MODIFIED', 'web', { run: 'web', tier: 'front' }],
    ]);
    expect(lines[0]).toMatch(/^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"Pod","metadata":\{"creationTimestamp":/);
    await w.stop();
  });

  it('-o yaml separates every object it prints with ---', async () => {
    namespaceWith('yaml', 'web');
    const w = watch('get', 'pods', '-n', 'yaml', '-w', '-o', 'yaml');
    await w.waitForLines(3);
    ok('label', 'pod', 'web', 'tier=front', '-n', 'yaml');
    // Each pod document ends with its status.
    const deadline = Date.now() + DEADLINE_MS;
    while (w.stdout.split('  qosClass: BestEffort\n').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const documents = w.stdout.split('---\n');
    expect(documents).toHaveLength(2);
    expect(documents.map((d) => d.slice(0, 'apiVersion: v1\nkind: Pod\n'.length))).toEqual(['apiVersion: v1\nkind: Pod\n', 'apiVersion: v1\nkind: Pod\n']);
    expect(documents[1]).toContain('  labels:\n    run: web\n    tier: front\n  name: web\n');
    await w.stop();
  });

  it('several named pods are printed, then refused: only one object or one type can be watched', async () => {
    namespaceWith('two', 'a', 'b');
    const w = watch('get', 'pod', 'a', 'b', '-n', 'two', '-w');
    expect(await w.exit()).toEqual({ code: 1, signal: null });
    expect(w.lines).toEqual([expect.stringMatching(row('NAME   READY   STATUS    RESTARTS   AGE')), expect.stringMatching(row('a      0/1     Pending   0          <age>')), expect.stringMatching(row('b      0/1     Pending   0          <age>'))]);
    expect(w.stderr).toBe('error: you may only watch a single resource or type of resource at a time\n');
  });

  it.each([
    ['several types', ['get', 'pods,svc', '-w'], '', 'error: you may only specify a single resource type\n'],
    ['the all category', ['get', 'all', '-w'], '', 'error: you may only specify a single resource type\n'],
    [
      'no type at all',
      ['get', '-w'],
      '',
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    ],
    ['watch events without a watch', ['get', 'pods', '--output-watch-events'], '', 'error: --output-watch-events option can only be used with --watch or --watch-only\n'],
    ['a missing object', ['get', 'pod', 'nope', '-w'], '', 'Error from server (NotFound): pods "nope" not found\n'],
  ])('refuses %s as kubectl does', (_name, args, stdout, stderr) => {
    expect(kubesim(home, args)).toEqual({ code: 1, stdout, stderr });
  });

  it('sorts the first listing by --sort-by (with a warning that changes are not sorted), and fails on a field no pod has', async () => {
    namespaceWith('sorted', 'b-web', 'a-db', 'c-cache');
    const w = watch('get', 'pods', '-n', 'sorted', '-w', '--sort-by=.metadata.name', '--no-headers');
    const lines = await w.waitForLines(3);
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['a-db', 'b-web', 'c-cache']);
    await w.stop();
    expect(w.stderr).toBe('warning: --watch requested, --sort-by will be ignored for watch events received\n');
    expect(kubesim(home, ['get', 'pods', '-n', 'sorted', '-w', '--sort-by=.spec.nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'warning: --watch requested, --sort-by will be ignored for watch events received\nerror: unable to output the provided object: couldn\'t find any field with path "{.spec.nope}" in the list of objects\n',
    });
  });
});
