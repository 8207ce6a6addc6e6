/**
 * A separate process on a store file, driven by the multi-process tests. It speaks JSON lines on
 * stdout and waits for "go" on stdin where the test needs processes to start together.
 *   write <file> <prefix> <count> [gapMs]    creates, updates every 3rd, deletes every 5th key, pausing
 *                                            gapMs between keys as a real client's writes do
 *   watch <file> <prefix> <afterRev> <n>     prints n events, then exits
 *   bigtxn <file> <prefix> <committed> <n>   commits keys one by one, then starts one txn of n creates
 *   idle-watch <file> <prefix>               starts a watch and leaves it open: the process must still exit
 */
import { createInterface } from 'node:readline';
import { openStore, type Store, type TxnOp } from '../../src/store/index.js';

/** A child must never outlive a broken test. */
const LIFETIME_MS = 60_000;

const print = (msg: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(msg)}\n`);

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      if (line.trim() === 'go') {
        rl.close();
        // An open stdin would keep this process alive after its work is done.
        process.stdin.destroy();
        resolve();
      }
    });
  });
}

async function write(store: Store, prefix: string, count: number, gapMs: number): Promise<void> {
  print({ ready: true });
  await waitForGo();
  for (let i = 0; i < count; i++) {
    const key = `${prefix}${i}`;
    const created = await store.create(key, JSON.stringify({ i, pid: process.pid }));
    print({ type: 'put', key, revision: created.modRevision });
    let rev = created.modRevision;
    if (i % 3 === 0) {
      rev = (await store.update(key, JSON.stringify({ i, pid: process.pid, v: 2 }), rev)).modRevision;
      print({ type: 'put', key, revision: rev });
    }
    if (i % 5 === 0) {
      const deleted = await store.delete(key, rev);
      print({ type: 'delete', key, revision: deleted.modRevision });
    }
    // Back to back, one writer would take the lock again before the other's busy handler retries.
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
}

async function watch(store: Store, prefix: string, afterRevision: number, count: number): Promise<void> {
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    store.watch(
      prefix,
      { afterRevision },
      (events) => {
        for (const e of events) {
          print({ type: e.type, key: e.kv.key, revision: e.revision, prev: e.prevKv?.modRevision ?? null });
          if (++seen === count) resolve();
        }
      },
      (err) => reject(err),
    );
  });
}

async function bigTxn(store: Store, prefix: string, committed: number, count: number): Promise<void> {
  for (let i = 0; i < committed; i++) await store.create(`${prefix}committed-${i}`, 'v');
  print({ committed: await store.currentRevision() });
  const value = JSON.stringify({ pad: 'x'.repeat(200) });
  const ops: TxnOp[] = Array.from({ length: count }, (_, i) => ({ type: 'create', key: `${prefix}big-${i}`, value }));
  print({ txnStarting: true });
  await store.txn(ops);
  print({ txnDone: true });
}

async function main(): Promise<void> {
  const [mode, file, prefix, a, b] = process.argv.slice(2);
  if (!mode || !file || prefix === undefined) throw new Error('usage: store-child <mode> <file> <prefix> ...');
  const lifetime = setTimeout(() => {
    process.stderr.write(`store-child ${mode}: still running after ${LIFETIME_MS} ms\n`);
    process.exit(3);
  }, LIFETIME_MS);
  const store = await openStore(file);
  if (mode === 'idle-watch') {
    // Neither stopped nor closed: only the poller's unref'd timers are left, and they must not hold the process.
    store.watch(prefix, { afterRevision: 0 }, () => {});
    clearTimeout(lifetime);
    print({ watching: true });
    return;
  }
  try {
    if (mode === 'write') await write(store, prefix, Number(a), Number(b ?? 0));
    else if (mode === 'watch') await watch(store, prefix, Number(a), Number(b));
    else if (mode === 'bigtxn') await bigTxn(store, prefix, Number(a), Number(b));
    else throw new Error(`unknown mode ${mode}`);
    print({ done: true });
  } finally {
    await store.close();
    clearTimeout(lifetime);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`store-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
