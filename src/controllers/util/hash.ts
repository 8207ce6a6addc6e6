/**
 * The pod-template-hash (pkg/controller/controller_utils.go ComputeHash): FNV-32a of the template, plus the
 * collision count as 8 little-endian bytes when there is one, printed in decimal and re-encoded with
 * rand.SafeEncodeString, so names look like upstream's (`web-7c5ddbdf54`: at most 10 characters from
 * "bcdfghjklmnpqrstvwxz2456789").
 *
 * Upstream hashes the Go value printed by go-spew (`%#v` of the v1.PodTemplateSpec struct, with every field of
 * every Go type, zero values included). Reproducing that would need Go's struct layout of the whole PodSpec, so
 * this hashes a canonical JSON form instead (object keys sorted, empty values dropped): the same template always
 * gives the same hash, different templates differ, but the value is not byte-equal to a real cluster's.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';

/** The alphabet of rand.SafeEncodeString: no vowels, no confusable 0/1/3. */
export const safeAlphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps each byte of s to safeAlphanums[byte % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += safeAlphanums[s.charCodeAt(i) % safeAlphanums.length];
  return out;
}

/** FNV-1a 32-bit over bytes, continuing from h (the offset basis by default). */
export function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with sorted keys and without null, undefined, empty objects or empty arrays, so equal templates print equally. */
export function canonicalJson(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    return `[${v.map((x) => canonicalJson(x) ?? 'null').join(',')}]`;
  }
  if (typeof v === 'object') {
    const parts: string[] = [];
    for (const k of Object.keys(v as object).sort()) {
      const s = canonicalJson((v as Record<string, unknown>)[k]);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
    }
    return parts.length ? `{${parts.join(',')}}` : undefined;
  }
  return JSON.stringify(v);
}

/** The hash of a pod template (and collisionCount, when set), as the `pod-template-hash` label's value. */
export function computeHash(template: PodTemplateSpec, collisionCount?: number | null): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template) ?? '{}'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}
