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
    const c = (this.word() & 0x3fffffff) | 0x80000000;
    const d = this.word();
    return `${hex8(a)}-${hex4(b >>> 16)}-4${hex4(b & 0xffff).slice(1)}-${hex4(c >>> 16)}-${hex4(c & 0xffff)}${hex8(d)}`;
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

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex4(n: number): string {
  return BYTE_HEX[(n >>> 8) & 0xff]! + BYTE_HEX[n & 0xff]!;
}

function hex8(n: number): string {
  return hex4(n >>> 16) + hex4(n & 0xffff);
}
