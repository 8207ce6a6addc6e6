/** kubectl's --append-hash suffix (util/hash): sha256 of the object's data, first ten hex digits with vowels mapped away. */
import { createHash } from 'node:crypto';
import { marshalCompact } from '../typed-json.js';

function encodeHash(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join('');
}

const hashOf = (encoded: string) => encodeHash(createHash('sha256').update(encoded).digest('hex'));

/** ConfigMapHash: kind, name, data (and binaryData when present), as a sorted Go map. */
export function configMapHash(name: string, data: Record<string, string>, binaryData: Record<string, string>): string {
  const m: Record<string, unknown> = { kind: 'ConfigMap', name, data };
  if (Object.keys(binaryData).length) m.binaryData = binaryData;
  return hashOf(marshalCompact(m, { sortAll: true }));
}

/** SecretHash: kind, type, name and the base64 data, as a sorted Go map. */
export function secretHash(name: string, type: string, data: Record<string, string>): string {
  return hashOf(marshalCompact({ kind: 'Secret', type, name, data }, { sortAll: true }));
}
