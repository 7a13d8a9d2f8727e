import { MinHeap } from './heap.js';

/**
 * Deadlines of numbered items (a queue's messages by the end of their retention), taken earliest
 * first, ties by number — the order of a MinHeap of `{ time, seq }`, without an object per item
 * in the common case: deadlines that come in order (each at or after the one before, as
 * retention from the time of sending is) are kept in two arrays of numbers, read from the front;
 * one out of order (a message that keeps an earlier send time) goes to a heap, and the earlier of
 * the two fronts comes first. Numbers must be pushed in increasing order.
 */
export class Deadlines {
  private times: number[] = [];
  private ids: number[] = [];
  private head = 0;
  private readonly late = new MinHeap<{ time: number; seq: number }>();

  /** Whether none is left. */
  public get empty(): boolean {
    return this.head === this.times.length && this.late.size === 0;
  }

  public push(time: number, id: number): void {
    const n = this.times.length;
    if (n === this.head || time >= this.times[n - 1]!) {
      this.times.push(time);
      this.ids.push(id);
    } else this.late.push({ time, seq: id });
  }

  /** The earliest deadline (Infinity when none is left). */
  public peekTime(): number {
    const l = this.late.peek();
    const inOrder = this.head < this.times.length;
    if (!l) return inOrder ? this.times[this.head]! : Infinity;
    return inOrder && this.firstIsInOrder(l) ? this.times[this.head]! : l.time;
  }

  /** The number of the earliest deadline's item (-1 when none is left). */
  public peekId(): number {
    const l = this.late.peek();
    const inOrder = this.head < this.times.length;
    if (!l) return inOrder ? this.ids[this.head]! : -1;
    return inOrder && this.firstIsInOrder(l) ? this.ids[this.head]! : l.seq;
  }

  /** Drops the earliest deadline. */
  public pop(): void {
    const l = this.late.peek();
    if (this.head < this.times.length && (!l || this.firstIsInOrder(l))) {
      this.head++;
      if (this.head === this.times.length) {
        this.times = [];
        this.ids = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.times.length) {
        this.times.splice(0, this.head);
        this.ids.splice(0, this.head);
        this.head = 0;
      }
    } else this.late.pop();
  }

  /** Whether the front of the in-order arrays comes before the heap's first (time, then number). */
  private firstIsInOrder(l: { time: number; seq: number }): boolean {
    const t = this.times[this.head]!;
    return t < l.time || (t === l.time && this.ids[this.head]! < l.seq);
  }
}
