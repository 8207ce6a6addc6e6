/** A registry over a fresh store in a temporary folder, with a fake clock and seeded randomness: for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/sqlite-store.js';
import { FakeClock } from '../util/clock.js';
import { seededRandom } from '../util/random.js';
import { bootstrapCluster } from './bootstrap.js';
import { Registry } from './registry.js';

export interface TestRegistry {
  registry: Registry;
  store: SqliteStore;
  clock: FakeClock;
  dir: string;
  close(): Promise<void>;
}

export async function newTestRegistry(opts: { bootstrap?: boolean } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-registry-'));
  const store = SqliteStore.open(join(dir, 'state.db'));
  const clock = new FakeClock('2024-06-01T12:00:00Z');
  let n = 0;
  const registry = new Registry(store, {
    clock,
    random: seededRandom(42),
    uid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  });
  if (opts.bootstrap !== false) await bootstrapCluster(registry);
  return {
    registry,
    store,
    clock,
    dir,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
