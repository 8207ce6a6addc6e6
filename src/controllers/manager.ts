/**
 * The controller manager (kube-controller-manager): builds the enabled controllers over one shared informer
 * factory, waits for the caches, and starts them. A controller is one entry in `controllerConstructors`, as
 * upstream's NewControllerDescriptors; later controllers (replicaset, deployment, ...) register here.
 */
import type { Client } from '../client/client.js';
import type { InformerFactory } from '../client/informer.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { NodeIpamController, type NodeIpamConfig } from './node-ipam.js';
import { NodeLifecycleController, type NodeLifecycleConfig } from './node-lifecycle.js';
import { TaintEvictionController } from './taint-eviction.js';
import { TTLController } from './ttl.js';
import { RootCACertPublisher } from './root-ca-cert-publisher.js';
import { ReplicaSetController, type ReplicaSetControllerConfig } from './replicaset.js';
import { NamespaceController } from './namespace.js';
import { ServiceAccountController } from './serviceaccount.js';
import { DeploymentController } from './deployment.js';
import { DaemonSetsController, type DaemonSetControllerConfig } from './daemonset.js';
import { StatefulSetController } from './statefulset.js';
import { GarbageCollector } from './garbage-collector.js';
import { JobController } from './job.js';
import { CronJobController } from './cronjob.js';
import { TTLAfterFinishedController } from './ttl-after-finished.js';
import { PodGCController, type PodGCConfig } from './podgc.js';

/** What every controller offers the manager. */
export interface Controller {
  readonly name: string;
  /** Starts workers and loops; informers are synced by then. */
  start(): void;
  stop(): Promise<void>;
}

export interface ControllerManagerConfig {
  /** Controllers to run: names, `*` for all (the default), `-name` to leave one out (--controllers). */
  controllers?: string[];
  nodeLifecycle?: Partial<NodeLifecycleConfig>;
  nodeIpam?: Partial<NodeIpamConfig>;
  /** PEM of the cluster's CA, published to every namespace as kube-root-ca.crt; without it that controller does not run. */
  rootCA?: string;
  replicaSet?: Partial<ReplicaSetControllerConfig>;
  daemonSet?: Partial<DaemonSetControllerConfig>;
  podGC?: Partial<PodGCConfig>;
}

export interface ControllerContext {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  config: ControllerManagerConfig;
}

/** Name → constructor of every controller, in start order; a constructor answers undefined when its configuration is missing. */
export const controllerConstructors: Record<string, (ctx: ControllerContext) => Controller | undefined> = {
  'node-ipam-controller': (ctx) => new NodeIpamController({ ...ctx, log: ctx.log.withSource('range_allocator.go'), config: ctx.config.nodeIpam }),
  'node-lifecycle-controller': (ctx) =>
    new NodeLifecycleController({ ...ctx, log: ctx.log.withSource('node_lifecycle_controller.go'), config: ctx.config.nodeLifecycle }),
  'taint-eviction-controller': (ctx) => new TaintEvictionController({ ...ctx, log: ctx.log.withSource('taint_eviction.go') }),
  'ttl-controller': (ctx) => new TTLController({ ...ctx, log: ctx.log.withSource('ttl_controller.go') }),
  'root-ca-certificate-publisher-controller': (ctx) =>
    ctx.config.rootCA === undefined ? undefined : new RootCACertPublisher({ ...ctx, log: ctx.log.withSource('publisher.go'), rootCA: ctx.config.rootCA }),
  'namespace-controller': (ctx) => new NamespaceController({ ...ctx, log: ctx.log.withSource('namespace_controller.go') }),
  'serviceaccount-controller': (ctx) => new ServiceAccountController({ ...ctx, log: ctx.log.withSource('serviceaccounts_controller.go') }),
  'garbage-collector-controller': (ctx) => new GarbageCollector({ ...ctx, log: ctx.log.withSource('garbagecollector.go') }),
  'daemonset-controller': (ctx) => new DaemonSetsController({ ...ctx, log: ctx.log.withSource('daemon_controller.go'), config: ctx.config.daemonSet }),
  'job-controller': (ctx) => new JobController({ ...ctx, log: ctx.log.withSource('job_controller.go'), config: {} }),
  'deployment-controller': (ctx) => new DeploymentController({ ...ctx, log: ctx.log.withSource('deployment_controller.go'), config: {} }),
  'replicaset-controller': (ctx) => new ReplicaSetController({ ...ctx, log: ctx.log.withSource('replica_set.go'), config: ctx.config.replicaSet }),
  'statefulset-controller': (ctx) => new StatefulSetController({ ...ctx, log: ctx.log.withSource('stateful_set.go'), config: {} }),
  'cronjob-controller': (ctx) => new CronJobController({ ...ctx, log: ctx.log.withSource('cronjob_controllerv2.go') }),
  'ttl-after-finished-controller': (ctx) => new TTLAfterFinishedController({ ...ctx, log: ctx.log.withSource('ttlafterfinished_controller.go') }),
  'pod-garbage-collector-controller': (ctx) => new PodGCController({ ...ctx, log: ctx.log.withSource('gc_controller.go'), config: ctx.config.podGC }),
};

/** IsControllerEnabled: `*` enables all, `-name` disables one, a bare name enables it. */
export function isControllerEnabled(name: string, controllers: string[] = ['*']): boolean {
  let star = false;
  for (const c of controllers) {
    if (c === name) return true;
    if (c === `-${name}`) return false;
    if (c === '*') star = true;
  }
  return star;
}

export class ControllerManager {
  readonly controllers: Controller[] = [];
  private started = false;

  constructor(private readonly ctx: ControllerContext) {
    for (const [name, make] of Object.entries(controllerConstructors)) {
      if (!isControllerEnabled(name, ctx.config.controllers)) continue;
      const controller = make(ctx);
      if (controller) this.controllers.push(controller);
    }
  }

  /** Starts the shared informers (if not yet), waits for their caches, then starts every controller. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.ctx.informers.start();
    await this.ctx.informers.waitForSync();
    for (const c of this.controllers) {
      this.ctx.log.info('Started controller', { controller: c.name });
      c.start();
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await Promise.all(this.controllers.map((c) => c.stop()));
  }

  get<T extends Controller>(name: string): T | undefined {
    return this.controllers.find((c) => c.name === name) as T | undefined;
  }
}
