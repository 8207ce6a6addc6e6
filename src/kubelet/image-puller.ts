/**
 * The node's images and the kubelet's image manager (pkg/kubelet/images/image_manager.go EnsureImageExists): whether an
 * image is present, pull policies, serialized pulls (the kubelet's default), the pull back-off per pod and image, and
 * the events and errors each case gives. Pulled images are remembered in the node's folder, so a restart keeps them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TimerClock } from '../util/clock.js';
import { goDurationMs } from '../util/go-duration.js';
import type { Backoff } from './backoff.js';
import type { ImageCatalog, ResolvedImage } from './runtime/image-catalog.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface PullEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type EnsureResult =
  | { ok: true; image: ResolvedImage }
  /** reason is the container's waiting reason (ErrImagePull, ImagePullBackOff, InvalidImageName, ErrImageNeverPull). */
  | { ok: false; reason: string; message: string };

export interface PullTimes {
  /** How long pulling an image the node does not have takes: base plus size over bandwidth. */
  pullBaseMs: number;
  pullBytesPerSecond: number;
  /** How long a pull of an image the node already has takes (imagePullPolicy Always checks the registry). */
  repullMs: number;
}

export class ImagePuller {
  private readonly present = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly file: string;
  /** The last pull error per back-off key, added to the ImagePullBackOff message. */
  private readonly lastError = new Map<string, string>();

  constructor(
    private readonly catalog: ImageCatalog,
    private readonly clock: TimerClock,
    private readonly backoff: Backoff,
    private readonly times: PullTimes,
    nodeDir: string,
  ) {
    this.file = join(nodeDir, 'var', 'lib', 'containerd', 'kubesim-images.json');
    for (const repo of catalog.preloaded()) this.present.add(`repo:${repo}`);
    if (existsSync(this.file)) {
      try {
        for (const ref of JSON.parse(readFileSync(this.file, 'utf8')) as string[]) this.present.add(ref);
      } catch {
        // A damaged record only means images are pulled again.
      }
    }
  }

  /** The catalog's image, when it exists. */
  resolve(image: string): ResolvedImage | undefined {
    const r = this.catalog.lookup(image);
    return r.ok ? r.image : undefined;
  }

  /** Whether the node has the image (a preloaded repository has every tag). */
  has(image: ResolvedImage): boolean {
    return this.present.has(image.imageRef) || this.present.has(`repo:${image.ref.repository}`);
  }

  /** The images on the node (node.status.images). */
  list(): string[] {
    return [...this.present].filter((r) => !r.startsWith('repo:'));
  }

  /**
   * EnsureImageExists: events go to `record` as they happen; the returned result says whether the container can be
   * created. `signal` aborts a pull in progress (the pod is being deleted).
   */
  async ensure(image: string, policy: PullPolicy, backOffKey: string, record: (e: PullEvent) => void, signal?: AbortSignal): Promise<EnsureResult> {
    const lookup = this.catalog.lookup(image);
    if (!lookup.ok && lookup.reason === 'InvalidImageName') {
      record({ type: 'Warning', reason: 'InspectFailed', message: lookup.message });
      return { ok: false, reason: 'InvalidImageName', message: lookup.message };
    }
    const resolved = lookup.ok ? lookup.image : undefined;
    const present = resolved ? this.has(resolved) : false;
    const shouldPull = policy === 'Always' || (policy === 'IfNotPresent' && !present);
    if (!shouldPull) {
      if (present) {
        record({ type: 'Normal', reason: 'Pulled', message: `Container image "${image}" already present on machine` });
        return { ok: true, image: resolved! };
      }
      const message = `Container image "${image}" is not present with pull policy of Never`;
      record({ type: 'Warning', reason: 'ErrImageNeverPull', message });
      return { ok: false, reason: 'ErrImageNeverPull', message };
    }
    const now = this.clock.now().getTime();
    if (this.backoff.isInBackOffSinceUpdate(backOffKey, now)) {
      let message = `Back-off pulling image "${image}"`;
      record({ type: 'Normal', reason: 'BackOff', message });
      const prev = this.lastError.get(backOffKey);
      if (prev) message = `${message}: ${prev}`;
      return { ok: false, reason: 'ImagePullBackOff', message };
    }
    record({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"` });
    const waitStart = this.clock.now().getTime();
    const outcome = await this.serialized(async () => {
      const pullStart = this.clock.now().getTime();
      // The runtime's pull, when it comes: a pull queued behind another pull of the same image finds its layers
      // there and only checks the registry, as containerd does (the kubelet itself does not look again).
      const ms = resolved ? (this.has(resolved) ? this.times.repullMs : this.times.pullBaseMs + (resolved.size / this.times.pullBytesPerSecond) * 1000) : this.times.repullMs;
      if (Math.round(ms) > 0) await this.clock.sleep(Math.round(ms), signal);
      return this.clock.now().getTime() - pullStart;
    });
    const total = this.clock.now().getTime() - waitStart;
    if (!lookup.ok) {
      record({ type: 'Warning', reason: 'Failed', message: `Failed to pull image "${image}": ${lookup.message}` });
      this.backoff.next(backOffKey, this.clock.now().getTime());
      this.lastError.set(backOffKey, `ErrImagePull: ${lookup.message}`);
      return { ok: false, reason: 'ErrImagePull', message: lookup.message };
    }
    // A pull that found the image already there (queued behind the first pull of it) changes nothing on disk.
    if (!this.present.has(resolved!.imageRef)) {
      this.present.add(resolved!.imageRef);
      this.persist();
    }
    this.lastError.delete(backOffKey);
    record({
      type: 'Normal',
      reason: 'Pulled',
      message: `Successfully pulled image "${image}" in ${goDurationMs(outcome)} (${goDurationMs(total)} including waiting). Image size: ${resolved!.size} bytes.`,
    });
    this.backoff.gc();
    return { ok: true, image: resolved! };
  }

  /** The kubelet pulls one image at a time (serializeImagePulls: true). */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private persist(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.list().sort()));
  }
}
