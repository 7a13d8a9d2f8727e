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

  /**
   * A version 4 UUID drawn from the seeded stream (4 words: the first is the first 8 digits, the
   * second the next 4 and, after the version digit 4, its last 3; the third, its variant bits
   * set, the next 8; the fourth the last 8). Written into one buffer of bytes and made
   * a string at once: a string built by concatenation is a tree of pieces, ten times slower to
   * make and several times larger (one per message sent).
   */
  public uuid(): string {
    const a = this.word();
    const b = this.word();
    const c = this.word();
    return uuidOf(a, b, c, this.word());
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

/**
 * The version 4 UUID of four 32-bit words (`a` the first 8 digits; `b` the next 4 and the 3 after
 * the version digit; `c`'s top bits set to the variant 10, then 4 and 4 digits; `d` the last 8),
 * written as bytes (see putUuid) and made a string at once.
 */
export function uuidOf(a: number, b: number, c: number, d: number): string {
  putUuid(UUID_BYTES, 0, a, b, c, d);
  return UUID_BYTES.toString('latin1', 0, 36);
}

/** Writes the UUID of `uuidOf(a, b, c, d)` into `out` at `at`: 36 bytes of ASCII. */
export function putUuid(out: Uint8Array, at: number, a: number, b: number, c: number, d: number): void {
  const v = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  put4(out, at, a >>> 16);
  put4(out, at + 4, a & 0xffff);
  out[at + 8] = 45; // -
  put4(out, at + 9, b >>> 16);
  out[at + 13] = 45;
  out[at + 14] = 52; // the version, 4
  out[at + 15] = HEX_CODES[(b >>> 8) & 15]!;
  out[at + 16] = HEX_CODES[(b >>> 4) & 15]!;
  out[at + 17] = HEX_CODES[b & 15]!;
  out[at + 18] = 45;
  put4(out, at + 19, v >>> 16);
  out[at + 23] = 45;
  put4(out, at + 24, v & 0xffff);
  put4(out, at + 28, d >>> 16);
  put4(out, at + 32, d & 0xffff);
}

/** Writes the 4 hex digits of the 16-bit `x` at `at` (unrolled: written at every message of an event). */
function put4(out: Uint8Array, at: number, x: number): void {
  out[at] = HEX_CODES[(x >>> 12) & 15]!;
  out[at + 1] = HEX_CODES[(x >>> 8) & 15]!;
  out[at + 2] = HEX_CODES[(x >>> 4) & 15]!;
  out[at + 3] = HEX_CODES[x & 15]!;
}

/** The character codes of the hex digits. */
const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** The bytes `uuidOf` writes a UUID into. */
const UUID_BYTES = Buffer.allocUnsafe(36);
