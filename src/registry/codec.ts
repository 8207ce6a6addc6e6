/** How objects cross the registry's edges: strict decoding and defaulting on the way in, versions on the way out. */
import type { KindInfo } from '../api/kinds.js';
import { apiVersionOf, type KubeObject } from '../api/object.js';
import { toStored as hpaToStored, toVersion as hpaToVersion } from '../api/conversion/hpa.js';
import type { KeyValue } from '../store/store.js';
import type { FieldsMemo } from './filter.js';

/** The stored form: the object without its resourceVersion (the store's mod revision is the truth). */
export function toStored(obj: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

/** An object read from the store, in the requested version, with its resourceVersion. */
export function fromStored(kv: KeyValue, kind: KindInfo, version: string): KubeObject {
  return fromParsed(JSON.parse(kv.value) as KubeObject, kv.modRevision, kind, version);
}

/**
 * A stored value parsed once for all who read it in this process: the hub hands the same event objects to all of a
 * store's watches, so a change that 200 kubelets' `spec.nodeName` watches test is parsed once, not 200 times; an
 * update's previous value is the value of the key's last event, parsed already; and a write reads back the value
 * its watch events just parsed. Never handed out or changed: whoever needs an object gets a copy (fromShared).
 */
export interface SharedValue {
  /** The stored object, without resourceVersion (the text alone decides it). */
  readonly obj: KubeObject;
  /** Its selectable fields, computed once for every watch that tests them. */
  readonly fields: FieldsMemo;
}

const sharedByKv = new WeakMap<KeyValue, SharedValue>();
/** The last values parsed, by their text, oldest first; big values are parsed each time rather than kept. */
const recentValues = new Map<string, SharedValue>();
const recentValuesMax = 256;
const recentValueMaxLength = 32 * 1024;

export function sharedValue(kv: KeyValue): SharedValue {
  let shared = sharedByKv.get(kv);
  if (shared) return shared;
  shared = recentValues.get(kv.value) ?? remember(kv.value, JSON.parse(kv.value) as KubeObject);
  sharedByKv.set(kv, shared);
  return shared;
}

/**
 * Keeps `obj`, the parse of `text` that a write made, for the watches about to read the written value; the
 * caller gives it up (it must not change it afterwards).
 */
export function rememberParsed(text: string, obj: KubeObject): void {
  if (!recentValues.has(text)) remember(text, obj);
}

function remember(text: string, obj: KubeObject): SharedValue {
  const shared = { obj, fields: new Map() };
  if (text.length <= recentValueMaxLength) {
    recentValues.set(text, shared);
    if (recentValues.size > recentValuesMax) recentValues.delete(recentValues.keys().next().value!);
  }
  return shared;
}

/** As fromStored, from the shared parse: an object of the caller's own, `resourceVersion` set to `revision`. */
export function fromShared(kv: KeyValue, kind: KindInfo, version: string, revision = kv.modRevision): KubeObject {
  return fromParsed(copyParsed(sharedValue(kv).obj), revision, kind, version);
}

/** An object just parsed from a stored value (nobody else holds it), in the requested version, with its resourceVersion. */
export function fromParsed(obj: KubeObject, modRevision: number, kind: KindInfo, version: string): KubeObject {
  obj.metadata.resourceVersion = String(modRevision);
  return version === kind.versions[0] ? obj : toServedVersion(obj, kind, version);
}

/** Kinds served in several versions are converted to their storage version (only HPAs today). */
export function toStoredVersion(obj: KubeObject, kind: KindInfo): KubeObject {
  return kind.kind === 'HorizontalPodAutoscaler' && obj.apiVersion !== apiVersionOf(kind.group, kind.versions[0]!) ? (hpaToStored(obj as never) as KubeObject) : obj;
}

function toServedVersion(obj: KubeObject, kind: KindInfo, version: string): KubeObject {
  return kind.kind === 'HorizontalPodAutoscaler' ? (hpaToVersion(obj as never, version as never) as KubeObject) : obj;
}

/**
 * A deep copy of a value parsed from JSON (plain objects, arrays, strings, numbers, booleans, null), equal to parsing
 * the text again, key order included, at a third of the cost.
 */
export function copyParsed<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyParsed(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = copyParsed((value as Record<string, unknown>)[k]);
    // JSON.parse makes "__proto__" an own key (a ConfigMap may hold one); plain assignment would set the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
    else out[k] = v;
  }
  return out as T;
}
