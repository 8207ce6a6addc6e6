/**
 * A binary heap keyed by string with update and delete by key (upstream internal/heap): as upstream, each entry
 * keeps its key and position, so moving an entry costs no key lookup nor map write.
 */
interface Entry<T> {
  obj: T;
  key: string;
  index: number;
}

export class Heap<T> {
  private readonly items: Entry<T>[] = [];
  private readonly byKey = new Map<string, Entry<T>>();

  constructor(
    private readonly keyOf: (t: T) => string,
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get length(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): T | undefined {
    return this.byKey.get(key)?.obj;
  }

  /** Adds, or replaces the item with the same key and re-orders it. */
  addOrUpdate(t: T): void {
    const key = this.keyOf(t);
    const e = this.byKey.get(key);
    if (e) {
      e.obj = t;
      this.fix(e.index);
      return;
    }
    const entry: Entry<T> = { obj: t, key, index: this.items.length };
    this.items.push(entry);
    this.byKey.set(key, entry);
    this.up(entry.index);
  }

  delete(key: string): T | undefined {
    const e = this.byKey.get(key);
    if (!e) return undefined;
    this.removeAt(e.index);
    return e.obj;
  }

  peek(): T | undefined {
    return this.items[0]?.obj;
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0).obj;
  }

  list(): T[] {
    return this.items.map((e) => e.obj);
  }

  private removeAt(i: number): Entry<T> {
    const e = this.items[i]!;
    const last = this.items.length - 1;
    if (i !== last) this.swap(i, last);
    this.items.pop();
    this.byKey.delete(e.key);
    if (i !== last) this.fix(i);
    return e;
  }

  private fix(i: number): void {
    if (!this.down(i)) this.up(i);
  }

  private up(j: number): void {
    while (j > 0) {
      const i = (j - 1) >> 1;
      if (i === j || !this.less(this.items[j]!.obj, this.items[i]!.obj)) break;
      this.swap(i, j);
      j = i;
    }
  }

  private down(i0: number): boolean {
    let i = i0;
    const n = this.items.length;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(this.items[j2]!.obj, this.items[j1]!.obj)) j = j2;
      if (!this.less(this.items[j]!.obj, this.items[i]!.obj)) break;
      this.swap(i, j);
      i = j;
    }
    return i > i0;
  }

  private swap(i: number, j: number): void {
    const a = this.items[i]!;
    const b = this.items[j]!;
    this.items[i] = b;
    this.items[j] = a;
    b.index = i;
    a.index = j;
  }
}
