/** A binary min-heap of timed entries, ordered by time and then by insertion (first in, first out at equal times). */
export interface HeapEntry {
  readonly time: number;
  readonly seq: number;
}

export class MinHeap<T extends HeapEntry> {
  private readonly items: T[] = [];

  public get size(): number {
    return this.items.length;
  }

  public peek(): T | undefined {
    return this.items[0];
  }

  public push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      const t = a[i]!;
      a[i] = a[p]!;
      a[p] = t;
      i = p;
    }
  }

  /** Keeps only the entries `keep` accepts (in O(n): the order of the rest is unchanged, it depends only on time and seq). */
  public retain(keep: (item: T) => boolean): void {
    const a = this.items;
    let n = 0;
    for (let i = 0; i < a.length; i++) if (keep(a[i]!)) a[n++] = a[i]!;
    a.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  public pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(from: number): void {
    const a = this.items;
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && less(a[l]!, a[m]!)) m = l;
      if (r < a.length && less(a[r]!, a[m]!)) m = r;
      if (m === i) break;
      const t = a[i]!;
      a[i] = a[m]!;
      a[m] = t;
      i = m;
    }
  }
}

function less(a: HeapEntry, b: HeapEntry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
