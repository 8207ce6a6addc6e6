/** The end of the key range a prefix covers, so that SQL can use `name >= prefix AND name < end` on an index. */

/**
 * The smallest string greater than every string starting with `prefix`, in the byte order of
 * UTF-8 (SQLite's BINARY collation), or undefined when no such string exists (empty prefix, or
 * a prefix made only of U+10FFFF). UTF-8 byte order is code point order, so incrementing the
 * last code point that can be incremented gives the bound, as etcd's clientv3.GetPrefixRangeEnd
 * does with bytes.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (ch) => ch.codePointAt(0)!);
  while (points.length > 0) {
    let last = points.pop()!;
    if (last < 0x10ffff) {
      last += 1;
      // Surrogate code points are not characters; the next character after U+D7FF is U+E000.
      if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
      points.push(last);
      return String.fromCodePoint(...points);
    }
  }
  return undefined;
}
