import { spawn, type ChildProcess } from 'node:child_process';
import { ensureBuilt } from '../../test/support/compiled.js';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteStore } from './sqlite-store.js';
import { WatchRecorder } from './store.conformance.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const childScript = join(root, 'dist', 'test', 'support', 'store-child.js');
const DEADLINE_MS = 30_000;

/** A line the child printed, parsed. */
type Message = Record<string, unknown>;

/** Children still running; a failed test must not leave them behind. */
const running = new Set<Child>();

/** A running store-child process and what it printed. */
class Child {
  readonly messages: Message[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly proc: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(args: string[]) {
    running.add(this);
    this.proc = spawn(process.execPath, [childScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buffered = '';
    this.proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line) this.messages.push(JSON.parse(line) as Message);
      this.notify();
    });
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => {
        running.delete(this);
        resolve({ code, signal });
        this.notify();
      });
    });
  }

  get exitCode(): number | null {
    return this.proc.exitCode;
  }

  send(line: string): void {
    this.proc.stdin!.write(`${line}\n`);
  }

  kill(signal: NodeJS.Signals): void {
    this.proc.kill(signal);
  }

  /** Resolves with the first message matching `pred`; fails on the deadline or if the child exits first. */
  waitFor(pred: (m: Message) => boolean, what: string, deadlineMs = DEADLINE_MS): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.messages.find(pred);
        if (found) return finish(() => resolve(found));
        if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
          finish(() => reject(new Error(`child exited (${this.proc.exitCode ?? this.proc.signalCode}) before ${what}: ${this.stderr}`)));
        }
      };
      const finish = (then: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        then();
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`waited ${deadlineMs} ms for ${what}; got ${this.messages.length} lines; stderr: ${this.stderr}`))),
        deadlineMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }
}

let dir: string;

beforeAll(() => {
  ensureBuilt('dist/test/support/store-child.js', ['src/store', 'test/support/store-child.ts']);
  dir = mkdtempSync(join(tmpdir(), 'kubesim-multi-process-'));
}, 180_000);

afterEach(async () => {
  const left = [...running];
  for (const child of left) child.kill('SIGKILL');
  await Promise.all(left.map((c) => c.exited));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Reported {
  type: string;
  key: string;
  revision: number;
}

const reported = (child: Child): Reported[] =>
  child.messages.filter((m) => typeof m.revision === 'number').map((m) => ({ type: m.type as string, key: m.key as string, revision: m.revision as number }));

describe('several processes on one store file', () => {
  it('two writers interleave with strictly increasing revisions and a watcher in a third process sees every event once, in order', async () => {
    const file = join(dir, 'interleave.db');
    const perWriter = 400;
    // Each writer's key i: a create, an update when i % 3 == 0, a delete when i % 5 == 0.
    const eventsPerWriter = perWriter + Math.ceil(perWriter / 3) + Math.ceil(perWriter / 5);
    const total = 2 * eventsPerWriter;

    const watcher = new Child(['watch', file, '/mp/', '0', String(total)]);
    const writers = ['/mp/a/', '/mp/b/'].map((prefix) => new Child(['write', file, prefix, String(perWriter), '1']));
    await Promise.all(writers.map((w) => w.waitFor((m) => m.ready === true, 'ready')));
    // This process watches too, through its own poller.
    const here = SqliteStore.open(file);
    const rec = new WatchRecorder();
    const w = here.watch('/mp/', { afterRevision: 0 }, rec.onEvents, rec.onError);
    try {
      for (const writer of writers) writer.send('go');
      await Promise.all(writers.map((c) => c.waitFor((m) => m.done === true, 'writer done')));
      await watcher.waitFor((m) => m.done === true, 'watcher done');
      await rec.waitForEvents(total, DEADLINE_MS);
    } finally {
      w.stop();
      await here.close();
    }
    expect((await Promise.all([watcher, ...writers].map((c) => c.exited))).map((e) => e.code)).toEqual([0, 0, 0]);

    const [a, b] = writers.map(reported) as [Reported[], Reported[]];
    for (const mine of [a, b]) {
      expect(mine).toHaveLength(eventsPerWriter);
      const revisions = mine.map((r) => r.revision);
      expect(revisions.every((rev, i) => i === 0 || rev > revisions[i - 1]!)).toBe(true);
    }
    // Nothing else wrote, so together the two writers used every revision from 1 up, each once.
    const all = [...a, ...b].sort((x, y) => x.revision - y.revision);
    expect(all.map((r) => r.revision)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // The writers really ran at the same time: some of b's writes fall between a's first and last.
    const aSpan = [a[0]!.revision, a[a.length - 1]!.revision];
    expect(b.some((r) => r.revision > aSpan[0]! && r.revision < aSpan[1]!)).toBe(true);

    const watched = reported(watcher);
    expect(watched).toEqual(all);
    expect(rec.events.map((e) => ({ type: e.type, key: e.kv.key, revision: e.revision }))).toEqual(all);
  }, 60_000);

  it('a process whose only activity is an idle watch exits on its own', async () => {
    const file = join(dir, 'idle.db');
    const child = new Child(['idle-watch', file, '/idle/']);
    await child.waitFor((m) => m.watching === true, 'the watch to start');
    const exit = await Promise.race([
      child.exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), DEADLINE_MS).unref()),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('a writer killed with SIGKILL in the middle of a large txn leaves nothing of it', async () => {
    const file = join(dir, 'killed.db');
    const writer = new Child(['bigtxn', file, '/kill/', '5', '250000']);
    const committed = (await writer.waitFor((m) => typeof m.committed === 'number', 'committed')).committed as number;
    await writer.waitFor((m) => m.txnStarting === true, 'txn start');

    // The txn is under way once the write lock is held and its pages spill into the WAL.
    const probe = new Database(file, { timeout: 0 });
    try {
      await waitUntil(() => {
        if (writer.exitCode !== null) throw new Error(`writer exited early: ${writer.stderr}`);
        return isWriteLocked(probe) && walSize(file) > 4 * 1024 * 1024;
      }, 'the txn to hold the write lock with data in the WAL');
    } finally {
      probe.close();
    }
    writer.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');
    expect(writer.messages.some((m) => m.txnDone === true)).toBe(false);

    const store = SqliteStore.open(file);
    try {
      expect(await store.currentRevision()).toBe(committed);
      expect(await store.count('/kill/big-')).toBe(0);
      expect((await store.list('/kill/')).items.map((kv) => kv.key)).toEqual(
        Array.from({ length: 5 }, (_, i) => `/kill/committed-${i}`),
      );
      expect((await store.create('/kill/after', 'v')).modRevision).toBe(committed + 1);
    } finally {
      await store.close();
    }
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      check.close();
    }
  }, 60_000);
});

/** Whether another connection holds the write lock: our BEGIN IMMEDIATE fails at once with SQLITE_BUSY. */
function isWriteLocked(db: Database.Database): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  }
}

function walSize(file: string): number {
  return existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
}

async function waitUntil(condition: () => boolean, what: string, deadlineMs = DEADLINE_MS): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`waited ${deadlineMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
