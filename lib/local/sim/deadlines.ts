import { MinHeap } from './heap.js';

/**
 * Deadlines of numbered items (a queue's messages by the end of their retention), taken earliest
 * first, ties by number — the order of a MinHeap of `{ time, seq }`, without an object per item
 * in the common case: deadlines that come in order (each at or after the one before, as
 * retention from the time of sending is) are kept in two typed arrays used as a queue (read from
 * `head`, written at `tail`; outside the JavaScript heap, so the garbage collector neither copies
 * nor scans them); one out of order (a message that keeps an earlier send time) goes to a heap,
 * and the earlier of the two fronts comes first. Numbers must be pushed in increasing order.
 */
export class Deadlines {
  private times = new Float64Array(64);
  private ids = new Float64Array(64);
  private head = 0;
  private tail = 0;
  private readonly late = new MinHeap<{ time: number; seq: number }>();

  /** Whether none is left. */
  public get empty(): boolean {
    return this.head === this.tail && this.late.size === 0;
  }

  public push(time: number, id: number): void {
    const n = this.tail;
    if (n === this.head || time >= this.times[n - 1]!) {
      if (n === this.times.length) this.makeRoom();
      this.times[this.tail] = time;
      this.ids[this.tail] = id;
      this.tail++;
    } else this.late.push({ time, seq: id });
  }

  /** Room for one more at the tail: the live part moved to the front, in arrays twice as long when it fills half of them. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    const size = live * 2 > this.times.length ? this.times.length * 2 : this.times.length;
    const times = size === this.times.length ? this.times : new Float64Array(size);
    const ids = size === this.ids.length ? this.ids : new Float64Array(size);
    times.set(this.times.subarray(this.head, this.tail));
    ids.set(this.ids.subarray(this.head, this.tail));
    this.times = times;
    this.ids = ids;
    this.head = 0;
    this.tail = live;
  }

  /** The earliest deadline (Infinity when none is left). */
  public peekTime(): number {
    const l = this.late.peek();
    const inOrder = this.head < this.tail;
    if (!l) return inOrder ? this.times[this.head]! : Infinity;
    return inOrder && this.firstIsInOrder(l) ? this.times[this.head]! : l.time;
  }

  /** The number of the earliest deadline's item (-1 when none is left). */
  public peekId(): number {
    const l = this.late.peek();
    const inOrder = this.head < this.tail;
    if (!l) return inOrder ? this.ids[this.head]! : -1;
    return inOrder && this.firstIsInOrder(l) ? this.ids[this.head]! : l.seq;
  }

  /** Drops the earliest deadline. */
  public pop(): void {
    const l = this.late.peek();
    if (this.head < this.tail && (!l || this.firstIsInOrder(l))) {
      this.head++;
      if (this.head === this.tail) {
        this.head = 0;
        this.tail = 0;
        // Emptied after a backlog: the memory goes back.
        if (this.times.length > 4096) {
          this.times = new Float64Array(64);
          this.ids = new Float64Array(64);
        }
      }
    } else this.late.pop();
  }

  /** Whether the front of the in-order arrays comes before the heap's first (time, then number). */
  private firstIsInOrder(l: { time: number; seq: number }): boolean {
    const t = this.times[this.head]!;
    return t < l.time || (t === l.time && this.ids[this.head]! < l.seq);
  }
}
