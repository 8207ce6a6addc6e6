/** Options of API requests, as metav1's ListOptions, CreateOptions, DeleteOptions...; shared by the registry and every Client. */
import type { KubeObject } from './object.js';
import type { Status } from './errors.js';

export interface GetOptions {
  resourceVersion?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** '' or absent: newest; '0': any (newest here); else as of that revision. */
  resourceVersion?: string;
  limit?: number;
  continue?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Absent, '' or '0': synthetic ADDED events for the current state first, then changes. Else: changes after it. */
  resourceVersion?: string;
}

export interface WriteOptions {
  /** 'All' validates and defaults without persisting, as `--dry-run=server`. */
  dryRun?: 'All';
  fieldManager?: string;
}

export type CreateOptions = WriteOptions;
export type UpdateOptions = WriteOptions;

export const PatchType = {
  JSON: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  StrategicMerge: 'application/strategic-merge-patch+json',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

export type PatchOptions = WriteOptions;

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: 'All';
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: KubeObject }
  | { type: 'ERROR'; object: Status };

/** A running watch. */
export interface WatchHandle {
  stop(): void;
}

/** What a delete returns. */
export interface DeleteResult {
  /** The object as deleted, or as it stands while deletion waits for its grace period or finalizers. */
  object: KubeObject;
  /** True when the object is gone from the store. */
  deleted: boolean;
}
