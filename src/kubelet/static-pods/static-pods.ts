/**
 * A node's static pods, wired as the kubelet wires them: the file source reads the manifests, each set it produces
 * goes to the Kubelet (which runs the pods) and to the mirror pod upkeep (which shows them in the API), and each
 * manifest it cannot use is logged and recorded as a Warning event on the Node.
 */
import type { KubeObject } from '../../api/object.js';
import type { Client } from '../../client/client.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { TimerClock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { recordManifestError, type EventSink } from './manifest-error-event.js';
import { MirrorPods } from './mirror-pods.js';
import { StaticPodSource, type ManifestError } from './static-pod-source.js';

export interface StaticPodsOptions {
  nodeName: string;
  /** KUBESIM_HOME/nodes/<node>. */
  nodeDir: string;
  client: Client;
  clock: TimerClock;
  log: Logger;
  /** The static pods to run: the full set, after the first listing and after each change. */
  onPods?(pods: KubeObject[]): void;
  /** Also told of each manifest error (after it is logged and recorded as an event). */
  onError?(error: ManifestError): void;
  /** Whether the static pod of this full name (`name_namespace`) is still terminating: its mirror waits for it. */
  isTerminating?(fullName: string): boolean;
  /** The kubelet's event recorder; by default one of its own (component kubelet, host the node). */
  recorder?: EventSink;
  /** See StaticPodSourceOptions and MirrorPodsOptions. */
  debounceMs?: number;
  fileCheckFrequencyMs?: number;
  retryMs?: number;
  resyncMs?: number;
  watch?: boolean;
}

export class StaticPods {
  readonly source: StaticPodSource;
  readonly mirrors: MirrorPods;

  constructor(opts: StaticPodsOptions) {
    const { nodeName, client, clock, log } = opts;
    this.mirrors = new MirrorPods({ client, nodeName, clock, log, resyncMs: opts.resyncMs, isTerminating: opts.isTerminating });
    const recorder = opts.recorder ?? new EventRecorder({ client, clock, component: 'kubelet', host: nodeName, log: log.withSource('event.go:368') });
    this.source = new StaticPodSource({
      nodeName,
      nodeDir: opts.nodeDir,
      clock,
      log,
      debounceMs: opts.debounceMs,
      fileCheckFrequencyMs: opts.fileCheckFrequencyMs,
      retryMs: opts.retryMs,
      watch: opts.watch,
      onPods: (pods) => {
        opts.onPods?.(pods);
        void this.mirrors.setStaticPods(pods);
      },
      onError: (error) => {
        recordManifestError(recorder, nodeName, error);
        opts.onError?.(error);
      },
    });
  }

  /** The static pods last read. */
  get pods(): KubeObject[] {
    return this.source.pods;
  }

  /** Starts the mirror upkeep, then reads the manifests (onPods is called before this resolves). */
  async start(): Promise<void> {
    await this.mirrors.start();
    await this.source.start();
  }

  /** Stops reading and reconciling; pods and mirrors stay as they are, as when a kubelet stops. */
  async stop(): Promise<void> {
    await this.source.stop();
    await this.mirrors.stop();
  }
}
