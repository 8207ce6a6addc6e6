/**
 * The TTL controller (pkg/controller/ttl): annotates every node with `node.alpha.kubernetes.io/ttl`, how long kubelets
 * may cache objects, from the cluster's size (0 seconds below 100 nodes, growing with the cluster, with hysteresis
 * between the steps). It is why `kubectl describe node` shows that annotation on every kubeadm node.
 */
import type { KubeObject } from '../api/object.js';
import { PatchType } from '../api/request-options.js';
import { isNotFound } from '../api/errors.js';
import type { Client } from '../client/client.js';
import type { Informer, InformerFactory } from '../client/informer.js';
import { Nodes } from '../client/resources.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const TTLControllerName = 'ttl-controller';
export const ObjectTTLAnnotation = 'node.alpha.kubernetes.io/ttl';

/** Upstream's ttlBoundaries: the step moves up past sizeMax and down below sizeMin. */
const boundaries = [
  { sizeMin: 0, sizeMax: 100, ttlSeconds: 0 },
  { sizeMin: 90, sizeMax: 500, ttlSeconds: 15 },
  { sizeMin: 450, sizeMax: 1000, ttlSeconds: 30 },
  { sizeMin: 900, sizeMax: 2000, ttlSeconds: 60 },
  { sizeMin: 1800, sizeMax: 10000, ttlSeconds: 300 },
  { sizeMin: 9000, sizeMax: 2 ** 31 - 1, ttlSeconds: 600 },
];

export interface TTLOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
}

export class TTLController {
  readonly name = TTLControllerName;
  private readonly nodes: Informer;
  private readonly queue: WorkQueue<string>;
  private nodeCount = 0;
  private step = 0;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: TTLOptions) {
    this.nodes = opts.informers.forResource(Nodes);
    this.queue = new WorkQueue({ clock: opts.clock, name: 'ttlcontroller' });
    this.nodes.addEventHandler({
      onAdd: (n) => {
        this.nodeCount++;
        if (this.nodeCount > boundaries[this.step]!.sizeMax) {
          this.step++;
          this.enqueueAll();
        } else this.queue.add(n.metadata.name!);
      },
      onUpdate: (_o, n) => this.queue.add(n.metadata.name!),
      onDelete: () => {
        this.nodeCount--;
        if (this.nodeCount < boundaries[this.step]!.sizeMin) {
          this.step--;
          this.enqueueAll();
        }
      },
    });
  }

  start(): void {
    this.workers = runWorkers(this.queue, 1, (name) => this.sync(name), {
      onError: (item, err) => this.opts.log.error('Failed to update the TTL annotation', { node: item, err: String(err) }),
    });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  private enqueueAll(): void {
    for (const n of this.nodes.list()) this.queue.add(n.metadata.name!);
  }

  private async sync(name: string): Promise<void> {
    const node: KubeObject | undefined = this.nodes.get(undefined, name);
    if (!node) return;
    const want = String(boundaries[this.step]!.ttlSeconds);
    if (node.metadata.annotations?.[ObjectTTLAnnotation] === want) return;
    try {
      await this.opts.client.resource(Nodes).patch(name, PatchType.StrategicMerge, { metadata: { annotations: { [ObjectTTLAnnotation]: want } } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
