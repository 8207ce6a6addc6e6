/** A strategy per resource, as Kubernetes' registry: what create and update prepare, and how they validate. */
import type { KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/object.js';
import type { FieldError } from '../api/field-error.js';
import type { DeleteOptions } from '../api/request-options.js';
import type { Clock } from '../util/clock.js';

/** What a strategy may need beyond the object: the time, and lookups of other objects (read-only). */
export interface StrategyContext {
  clock: Clock;
  /** The namespace of the request ('' for cluster-scoped). */
  namespace: string;
}

export interface Strategy {
  readonly kind: KindInfo;
  /** Clears what a client may not set on create (status), sets generation. uid and creationTimestamp are already set. */
  prepareForCreate(obj: KubeObject, ctx: StrategyContext): void;
  /** Keeps what an update of the main resource may not change (status), bumps generation on spec changes. */
  prepareForUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  validate(obj: KubeObject, ctx: StrategyContext): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Whether a PUT of a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** Whether an update without metadata.resourceVersion is accepted. */
  readonly allowUnconditionalUpdate: boolean;
  /**
   * The grace period a delete waits before the object is really removed, or undefined when the
   * resource has no graceful deletion (deleted at once unless finalizers hold it).
   */
  gracePeriod?(obj: KubeObject, opts: DeleteOptions): number | undefined;
  /** The status subresource: an update writes status only. */
  readonly status?: SubresourceStrategy;
}

export interface SubresourceStrategy {
  prepareForUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  validateUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
}
