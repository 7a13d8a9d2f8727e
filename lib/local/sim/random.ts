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
    const a = this.word();
    const b = this.word();
    const c = this.word();
    const d = this.word();
    const bs = h(b);
    const cs = h(((c & 0x3fffffff) | 0x80000000) >>> 0);
    return `${h(a)}-${bs.slice(0, 4)}-4${bs.slice(5, 8)}-${cs.slice(0, 4)}-${cs.slice(4)}${h(d)}`;
  }

  /** 32 random bits. */
  private word(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** `count` hex digits. */
  public hex(count: number): string {
    let s = '';
    while (s.length < count) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
}

function h(n: number): string {
  return n.toString(16).padStart(8, '0');
}
