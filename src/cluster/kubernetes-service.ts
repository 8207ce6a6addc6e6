/**
 * The `kubernetes` Service of the default namespace and its Endpoints and EndpointSlice, kept by kube-apiserver's
 * kubernetesservice controller and endpoint reconciler (pkg/controlplane/controller/kubernetesservice): created on
 * start, recreated every interval when deleted, pointing at the control-plane address on port 6443.
 */
import { isAlreadyExists, isNotFound } from '../api/errors.js';
import type { KubeObject } from '../api/object.js';
import type { Client, ResourceOps } from '../client/client.js';
import { EndpointSlices, Endpoints, Services } from '../client/resources.js';
import type { Timer, TimerClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

/** kube-apiserver's --secure-port and the Service's port. */
export const ApiserverPort = 6443;
const ServicePort = 443;
/** upstream's EndpointInterval (--endpoint-reconciler interval): 10 s. */
export const DefaultReconcileIntervalMs = 10_000;

export interface KubernetesServiceOptions {
  client: Client;
  clock: TimerClock;
  log: Logger;
  /** The control-plane address the Endpoints point at (--advertise-address). */
  advertiseAddress: string;
  /** The first address of the service CIDR (10.96.0.1 for 10.96.0.0/12). */
  clusterIP: string;
  intervalMs?: number;
}

/** The objects the reconciler keeps, as kube-apiserver writes them. */
export function kubernetesServiceObjects(advertiseAddress: string, clusterIP: string): { service: KubeObject; endpoints: KubeObject; slice: KubeObject } {
  const meta = (labels: Record<string, string>) => ({ name: 'kubernetes', namespace: 'default', labels });
  const port = { name: 'https', port: ApiserverPort, protocol: 'TCP' };
  return {
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta({ component: 'apiserver', provider: 'kubernetes' }),
      spec: { ports: [{ name: 'https', protocol: 'TCP', port: ServicePort, targetPort: ApiserverPort }], clusterIP, sessionAffinity: 'None', type: 'ClusterIP' },
    },
    endpoints: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta({ 'endpointslice.kubernetes.io/skip-mirror': 'true' }),
      subsets: [{ addresses: [{ ip: advertiseAddress }], ports: [port] }],
    } as KubeObject,
    slice: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta({ 'kubernetes.io/service-name': 'kubernetes' }),
      addressType: 'IPv4',
      endpoints: [{ addresses: [advertiseAddress], conditions: { ready: true } }],
      ports: [port],
    } as KubeObject,
  };
}

/** The first usable address of an IPv4 CIDR: the `kubernetes` Service's cluster IP. */
export function firstServiceIP(cidr: string): string {
  const [base] = cidr.split('/');
  const n = base!.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) + 1;
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export class KubernetesService {
  readonly name = 'kubernetes-service';
  private timer: Timer | undefined;
  private stopped = true;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly opts: KubernetesServiceOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.reconcile();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  /** Creates whichever of the three objects is missing; existing ones are left as they are (upstream updates only the Service's ports). */
  reconcile(): Promise<void> {
    this.running = this.running.then(async () => {
      const { service, endpoints, slice } = kubernetesServiceObjects(this.opts.advertiseAddress, this.opts.clusterIP);
      const pairs: Array<[ResourceOps, KubeObject]> = [
        [this.opts.client.resource(Services).namespace('default'), service],
        [this.opts.client.resource(Endpoints).namespace('default'), endpoints],
        [this.opts.client.resource(EndpointSlices).namespace('default'), slice],
      ];
      for (const [ops, obj] of pairs) {
        try {
          await ops.get('kubernetes');
        } catch (e) {
          if (!isNotFound(e)) {
            this.opts.log.error('Unable to read the kubernetes service objects', { kind: obj.kind, err: String(e) });
            continue;
          }
          try {
            await ops.create(obj);
          } catch (err) {
            if (!isAlreadyExists(err)) this.opts.log.error('Unable to create the kubernetes service objects', { kind: obj.kind, err: String(err) });
          }
        }
      }
      if (!this.stopped) this.timer = this.opts.clock.setTimeout(() => void this.reconcile(), this.opts.intervalMs ?? DefaultReconcileIntervalMs);
    });
    return this.running;
  }
}
