/**
 * The ServiceAccount controller (pkg/controller/serviceaccount/serviceaccounts_controller.go): every active
 * namespace has a `default` ServiceAccount; one that is deleted is created again.
 */
import { isAlreadyExists, StatusError } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import type { Informer, InformerFactory } from '../client/informer.js';
import { Namespaces, ServiceAccounts } from '../client/resources.js';
import { runWorkers, WorkQueue } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { aggregateError } from './util/controller-ref.js';
import { NamespaceTerminatingCause } from './util/pod-control.js';

export const ServiceAccountControllerName = 'serviceaccount-controller';

/** The ServiceAccounts every namespace gets (DefaultServiceAccountsControllerOptions). */
export const defaultServiceAccountsToEnsure = ['default'];

export interface ServiceAccountControllerOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  serviceAccounts?: string[];
}

export class ServiceAccountController {
  readonly name = ServiceAccountControllerName;
  readonly queue: WorkQueue<string>;
  private readonly serviceAccounts: string[];
  private readonly saInformer: Informer;
  private readonly nsInformer: Informer;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: ServiceAccountControllerOptions) {
    this.serviceAccounts = opts.serviceAccounts ?? defaultServiceAccountsToEnsure;
    this.queue = new WorkQueue({ clock: opts.clock, name: 'serviceaccount' });
    this.saInformer = opts.informers.forResource(ServiceAccounts);
    this.nsInformer = opts.informers.forResource(Namespaces);
    // A deleted ServiceAccount: look at its namespace again.
    this.saInformer.addEventHandler({ onDelete: (sa) => this.queue.add(sa.metadata.namespace ?? '') });
    this.nsInformer.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (_o, ns) => this.queue.add(ns.metadata.name!),
    });
  }

  start(): void {
    this.workers = runWorkers(this.queue, 1, (key) => this.syncNamespace(key), {
      onError: (key, err) => this.opts.log.error('Failed to sync namespace', { namespace: key, err: String(err) }),
    });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  /** syncNamespace: creates the missing ServiceAccounts of an active namespace. */
  async syncNamespace(key: string): Promise<void> {
    const ns = this.nsInformer.get(undefined, key);
    if (!ns) return;
    if ((ns.status as { phase?: string } | undefined)?.phase !== 'Active') {
      // Terminating namespaces get no new ServiceAccounts.
      return;
    }
    const failures: unknown[] = [];
    for (const name of this.serviceAccounts) {
      if (this.saInformer.get(key, name)) continue;
      const sa: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: key } };
      try {
        await this.opts.client.resource(ServiceAccounts).namespace(key).create(sa);
      } catch (err) {
        if (isAlreadyExists(err)) continue;
        // A namespace that just began terminating refuses creations: nothing to do.
        if (err instanceof StatusError && err.status.details?.causes?.some((c) => c.reason === NamespaceTerminatingCause)) continue;
        failures.push(err);
      }
    }
    const err = aggregateError(failures);
    if (err) throw err;
  }
}
