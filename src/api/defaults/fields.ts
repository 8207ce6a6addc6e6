/** Small accessors over plain JSON objects that read "unset" the way Go decodes it (absent, null, zero value). */
import { tryParseQuantity } from '../../util/quantity.js';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A nil pointer, map or slice: absent or null. */
export const isUnset = (v: unknown): boolean => v === undefined || v === null;

/** An empty Go string: absent, null or "". */
export const isEmptyString = (v: unknown): boolean => v === undefined || v === null || v === '';

/** A zero Go number: absent, null or 0. */
export const isZeroNumber = (v: unknown): boolean => v === undefined || v === null || v === 0;

/** o[key] as an object, or undefined when it is not one (a nil pointer). */
export const objAt = (o: Obj, key: string): Obj | undefined => (isObj(o[key]) ? (o[key] as Obj) : undefined);

/** o[key] as an object, created when unset: a non-pointer struct, which Go always serializes. */
export function structAt(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key] as Obj;
}

/** The object items of the list at o[key] (other items are left for validation to report). */
export const listAt = (o: Obj, key: string): Obj[] => (Array.isArray(o[key]) ? (o[key] as unknown[]).filter(isObj) : []);

export function defaultUnset(o: Obj, key: string, value: unknown): void {
  if (isUnset(o[key])) o[key] = value;
}

export function defaultString(o: Obj, key: string, value: string): void {
  if (isEmptyString(o[key])) o[key] = value;
}

export function defaultNumber(o: Obj, key: string, value: number): void {
  if (isZeroNumber(o[key])) o[key] = value;
}

/** A non-omitempty scalar or slice: Go writes its zero value (`Port: 0`, `endpoints: null`) when unset. */
export function materialize(o: Obj, key: string, zero: unknown): void {
  if (o[key] === undefined) o[key] = zero;
}

/** A nested ObjectMeta (templates): its zero creationTimestamp serializes as null. */
export function templateMetadata(o: Obj): Obj {
  const meta = structAt(o, 'metadata');
  materialize(meta, 'creationTimestamp', null);
  return meta;
}

/**
 * A ResourceList as the API server writes it back: every value rounded up to milli precision
 * (SetDefaults_ResourceList) in upstream's serialized form. Unparseable values are left for decoding to refuse.
 */
export function canonicalResourceList(o: Obj | undefined, key: string): void {
  if (!o) return;
  const list = objAt(o, key);
  if (!list) return;
  for (const [name, raw] of Object.entries(list)) {
    const q = tryParseQuantity(raw);
    if (q) list[name] = q.roundUp(-3).quantity.toString();
  }
}

/** A single Quantity field in upstream's serialized form. */
export function canonicalQuantity(o: Obj | undefined, key: string): void {
  if (!o || isUnset(o[key])) return;
  const q = tryParseQuantity(o[key]);
  if (q) o[key] = q.toString();
}
