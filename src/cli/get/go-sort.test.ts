import { readFileSync } from 'node:fs';
import { goSort } from './go-sort.js';

interface GoldenCase {
  name: string;
  /** null: the element has no value, and kubectl's Less calls it less than anything, both ways round. */
  values: Array<number | null> | null;
  /** The original index of each element after Go's sort.Sort. */
  order: number[] | null;
}

/** Written by testdata/go-sort (Go 1.19's sort.Sort, the same pdqsort and xorshift as kubectl 1.32's Go 1.23). */
const cases = JSON.parse(readFileSync(new URL('./testdata/go-sort-cases.json', import.meta.url), 'utf8')) as GoldenCase[];

/** Sorts the values as kubectl's Less does and returns the original positions, as the golden records them. */
function order(values: Array<number | null>): number[] {
  const items = values.map((value, index) => ({ value, index }));
  goSort(items.length, {
    less(i, j) {
      const a = items[i]!.value;
      const b = items[j]!.value;
      if (a === null) return true;
      if (b === null) return false;
      return a < b;
    },
    swap(i, j) {
      [items[i], items[j]] = [items[j]!, items[i]!];
    },
  });
  return items.map((x) => x.index);
}

describe('goSort', () => {
  it('has golden cases of every size and shape, past the insertion-sort threshold and the pattern breaker', () => {
    expect(cases.length).toBe(112);
    expect(Math.max(...cases.map((c) => c.values?.length ?? 0))).toBe(1000);
  });

  it.each(cases.map((c) => [c.name, c] as const))('leaves %s in the order Go leaves it', (_name, c) => {
    expect(order(c.values ?? [])).toEqual(c.order ?? []);
  });

  it.each([
    ['keeps equal elements of a short run in their order (insertion sort)', [2, 1, 2, 1], [1, 3, 0, 2]],
    ['moves every missing element of a short run to the front, reversed', [3, null, 1, null], [3, 1, 2, 0]],
  ])('%s', (_name, values, expected) => {
    expect(order(values)).toEqual(expected);
  });
});
