/**
 * The writing side of the store benchmark's watch-latency measurement, in its own process as the
 * CLI is: each value carries the wall-clock time of its write.
 *   store-bench-child <file> <prefix> <count> <gapMs>   (gapMs 0: a burst, back to back)
 */
import { createInterface } from 'node:readline';
import { openStore } from '../src/store/index.js';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const wallNow = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const [file, prefix, countArg, gapArg] = process.argv.slice(2);
  if (!file || !prefix) throw new Error('usage: store-bench-child <file> <prefix> <count> <gapMs>');
  const count = Number(countArg);
  const gapMs = Number(gapArg);
  const store = await openStore(file);
  const pad = 'x'.repeat(900);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.on('line', (line) => {
      if (line.trim() !== 'go') return;
      rl.close();
      process.stdin.destroy();
      resolve();
    });
  });
  for (let i = 0; i < count; i++) {
    await store.create(`${prefix}${i}`, JSON.stringify({ t: wallNow(), i, pad }));
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  await store.close();
  process.stdout.write('done\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`store-bench-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
