/** Opens a cluster's store in this process and hands out an in-process Client: what every CLI command starts with. */
import type { Client } from '../client/client.js';
import { InProcessClient } from '../client/in-process-client.js';
import { bootstrapCluster } from '../registry/bootstrap.js';
import { Registry } from '../registry/registry.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { ensureHome, type KubesimHome } from './home.js';

export interface OpenCluster {
  home: KubesimHome;
  client: Client;
  close(): Promise<void>;
}

export async function openCluster(root?: string): Promise<OpenCluster> {
  const home = ensureHome(root);
  const store = SqliteStore.open(home.storePath);
  const registry = new Registry(store);
  await bootstrapCluster(registry, { rbac: true });
  return {
    home,
    client: new InProcessClient(registry),
    close: () => store.close(),
  };
}
