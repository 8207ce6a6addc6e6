/**
 * The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher): every namespace gets the
 * `kube-root-ca.crt` ConfigMap with the cluster's CA, which the kubelet projects into every pod's service account
 * volume as ca.crt. A deleted or edited ConfigMap is put back.
 */
import { hasStatusCause, isNotFound } from '../api/errors.js';
import { deepEqual, type KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import type { Informer, InformerFactory } from '../client/informer.js';
import { ConfigMaps, Namespaces } from '../client/resources.js';
import { WorkQueue, runWorkers } from '../client/work-queue.js';
import type { TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export const RootCACertPublisherName = 'root-ca-certificate-publisher-controller';
export const RootCACertConfigMapName = 'kube-root-ca.crt';
export const DescriptionAnnotation = 'kubernetes.io/description';
export const Description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface RootCACertPublisherOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  informers: InformerFactory;
  /** PEM of the cluster's CA (--root-ca-file). */
  rootCA: string;
}

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export class RootCACertPublisher {
  readonly name = RootCACertPublisherName;
  private readonly namespaces: Informer;
  private readonly configMaps: Informer<ConfigMap>;
  private readonly queue: WorkQueue<string>;
  private workers: Promise<void> | undefined;

  constructor(private readonly opts: RootCACertPublisherOptions) {
    this.queue = new WorkQueue({ clock: opts.clock, name: 'root_ca_cert_publisher' });
    this.namespaces = opts.informers.forResource(Namespaces);
    this.configMaps = opts.informers.forResource<ConfigMap>(ConfigMaps);
    this.namespaces.addEventHandler({
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (_old, ns) => this.queue.add(ns.metadata.name!),
    });
    // Only the published ConfigMap matters: deleted or changed, it is written again.
    const onConfigMap = (cm: ConfigMap) => {
      if (cm.metadata.name === RootCACertConfigMapName) this.queue.add(cm.metadata.namespace!);
    };
    this.configMaps.addEventHandler({ onUpdate: (_old, cm) => onConfigMap(cm), onDelete: onConfigMap });
  }

  start(): void {
    this.workers = runWorkers(this.queue, 1, (ns) => this.syncNamespace(ns), {
      onError: (ns, err) => this.opts.log.error('Unable to sync the root CA ConfigMap', { namespace: ns, err: String(err) }),
    });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.workers;
  }

  private async syncNamespace(ns: string): Promise<void> {
    if (!this.namespaces.get(undefined, ns)) return;
    const data = { 'ca.crt': this.opts.rootCA };
    const ops = this.opts.client.resource(ConfigMaps).namespace(ns);
    const cm = this.configMaps.get(ns, RootCACertConfigMapName);
    if (!cm) {
      try {
        await ops.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: RootCACertConfigMapName, annotations: { [DescriptionAnnotation]: Description } }, data } as KubeObject);
      } catch (e) {
        // A namespace that is gone or terminating is not retried.
        if (isNotFound(e) || hasStatusCause(e, 'NamespaceTerminating')) return;
        throw e;
      }
      return;
    }
    if (deepEqual(cm.data, data) && cm.metadata.annotations?.[DescriptionAnnotation]) return;
    await ops.update({ ...cm, metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [DescriptionAnnotation]: Description } }, data } as KubeObject);
  }
}
