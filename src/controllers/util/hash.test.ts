import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { computeHash, fnv32a, safeEncodeString } from './hash.js';

const template = (image: string): PodTemplateSpec => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });

describe('pod-template-hash', () => {
  it('FNV-32a matches the published test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv32a(enc(''))).toBe(0x811c9dc5);
    expect(fnv32a(enc('a'))).toBe(0xe40c292c);
    expect(fnv32a(enc('foobar'))).toBe(0xbf9cf968);
  });

  it('SafeEncodeString maps each byte into the vowel-free alphabet', () => {
    // '0' is byte 48: 48 % 27 = 21 -> '4'; '6' is 54: 54 % 27 = 0 -> 'b'; '9' is 57 -> 'f'.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('looks like upstream: at most 10 characters of bcdfghjklmnpqrstvwxz2456789', () => {
    for (const image of ['nginx', 'nginx:1.25', 'kiamol/ch02-whoami', 'busybox']) {
      expect(computeHash(template(image))).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    }
  });

  it('is the same for equal templates whatever the key order, and differs when the template changes', () => {
    const a = computeHash({ spec: { containers: [{ name: 'web', image: 'nginx' }] }, metadata: { labels: { app: 'web' } } });
    expect(a).toBe(computeHash(template('nginx')));
    expect(computeHash(template('nginx:1.25'))).not.toBe(a);
  });

  it('differs with the collision count (upstream TestComputeHash)', () => {
    expect(computeHash({}, 1)).not.toBe(computeHash({}, 2));
    expect(computeHash({})).not.toBe(computeHash({}, 2147483647));
  });
});
