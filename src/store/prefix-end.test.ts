import { prefixEnd } from './prefix-end.js';

/** Compares as SQLite's BINARY collation does: by UTF-8 bytes. */
const utf8Compare = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('prefixEnd', () => {
  it.each([
    ['a prefix ending in a slash ends just past the slash', '/registry/pods/default/', '/registry/pods/default0'],
    ['a prefix ending in a letter ends at the next letter', '/registry/pods/def', '/registry/pods/deg'],
    ['a prefix ending in a non-ASCII character ends at the next code point', '/x/é', '/x/ê'],
    ['a prefix ending just before the surrogates skips over them', '/x/\u{D7FF}', '/x/\u{E000}'],
    ['a prefix ending in an astral character ends at the next code point', '/x/\u{1F600}', '/x/\u{1F601}'],
    ['a prefix ending in the last code point ends past the character before it', '/x\u{10FFFF}', '/y'],
  ])('%s', (_case, prefix, end) => {
    expect(prefixEnd(prefix)).toBe(end);
  });

  it.each([
    ['the empty prefix', ''],
    ['a prefix made only of the last code point', '\u{10FFFF}\u{10FFFF}'],
  ])('%s has no end', (_case, prefix) => {
    expect(prefixEnd(prefix)).toBeUndefined();
  });

  it('every key with the prefix sorts below the end in UTF-8 byte order, and the keys without it do not fall between', () => {
    const prefix = '/registry/pods/default/';
    const end = prefixEnd(prefix)!;
    const inside = [prefix, `${prefix}a`, `${prefix}\u{10FFFF}\u{10FFFF}`, `${prefix}é/x`];
    const outside = ['/registry/pods/default', '/registry/pods/default0', '/registry/pods/default2/a', '/registry/pods/defaulz'];
    for (const key of inside) expect([utf8Compare(key, prefix) >= 0, utf8Compare(key, end) < 0]).toEqual([true, true]);
    for (const key of outside) expect(utf8Compare(key, prefix) >= 0 && utf8Compare(key, end) < 0).toBe(false);
  });
});
