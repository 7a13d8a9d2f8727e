/** Seeded randomness (mulberry32): the same seed gives the same run — alias weights, jitter, request ids. */
export class Random {
  private state: number;

  public constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  public next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A version 4 UUID drawn from the seeded stream. */
  public uuid(): string {
    const hex = (n: number): string => Math.floor(this.next() * 16 ** n).toString(16).padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${((8 + Math.floor(this.next() * 4)).toString(16))}${hex(3)}-${hex(6)}${hex(6)}`;
  }

  /** `count` hex digits. */
  public hex(count: number): string {
    let s = '';
    while (s.length < count) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
}
