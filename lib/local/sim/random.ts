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
   * set, the next 8; the fourth the last 8). Written into one buffer of character codes and made
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
 * written into one buffer of character codes and made a string at once.
 */
export function uuidOf(a: number, b: number, c: number, d: number): string {
  const v = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  const u = UUID_CODES;
  putHex(u, a, 0, 8);
  putHex(u, b >>> 16, 9, 4);
  putHex(u, b & 0xfff, 15, 3);
  putHex(u, v >>> 16, 19, 4);
  putHex(u, v & 0xffff, 24, 4);
  putHex(u, d, 28, 8);
  return String.fromCharCode.apply(null, u);
}

/** Writes the UUID of `uuidOf(a, b, c, d)` into `out` at `at` (36 bytes of ASCII). */
export function putUuid(out: Uint8Array, at: number, a: number, b: number, c: number, d: number): void {
  const v = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  const h = HEX_CODES;
  // (unrolled: written at every message of an event)
  out[at] = h[a >>> 28]!;
  out[at + 1] = h[(a >>> 24) & 15]!;
  out[at + 2] = h[(a >>> 20) & 15]!;
  out[at + 3] = h[(a >>> 16) & 15]!;
  out[at + 4] = h[(a >>> 12) & 15]!;
  out[at + 5] = h[(a >>> 8) & 15]!;
  out[at + 6] = h[(a >>> 4) & 15]!;
  out[at + 7] = h[a & 15]!;
  out[at + 8] = 45; // -
  out[at + 9] = h[(b >>> 28) & 15]!;
  out[at + 10] = h[(b >>> 24) & 15]!;
  out[at + 11] = h[(b >>> 20) & 15]!;
  out[at + 12] = h[(b >>> 16) & 15]!;
  out[at + 13] = 45;
  out[at + 14] = 52; // the version, 4
  out[at + 15] = h[(b >>> 8) & 15]!;
  out[at + 16] = h[(b >>> 4) & 15]!;
  out[at + 17] = h[b & 15]!;
  out[at + 18] = 45;
  out[at + 19] = h[v >>> 28]!;
  out[at + 20] = h[(v >>> 24) & 15]!;
  out[at + 21] = h[(v >>> 20) & 15]!;
  out[at + 22] = h[(v >>> 16) & 15]!;
  out[at + 23] = 45;
  out[at + 24] = h[(v >>> 12) & 15]!;
  out[at + 25] = h[(v >>> 8) & 15]!;
  out[at + 26] = h[(v >>> 4) & 15]!;
  out[at + 27] = h[v & 15]!;
  out[at + 28] = h[d >>> 28]!;
  out[at + 29] = h[(d >>> 24) & 15]!;
  out[at + 30] = h[(d >>> 20) & 15]!;
  out[at + 31] = h[(d >>> 16) & 15]!;
  out[at + 32] = h[(d >>> 12) & 15]!;
  out[at + 33] = h[(d >>> 8) & 15]!;
  out[at + 34] = h[(d >>> 4) & 15]!;
  out[at + 35] = h[d & 15]!;
}

/** The character codes of the hex digits. */
const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** A UUID's character codes: the dashes and the version digit stay, the digits are written by uuid(). */
const UUID_CODES = Array.from('00000000-0000-4000-0000-000000000000', (ch) => ch.charCodeAt(0));

/** Writes the `count` low hex digits of `n` at `at`. */
function putHex(codes: number[], n: number, at: number, count: number): void {
  for (let i = at + count - 1; i >= at; i--) {
    codes[i] = HEX_CODES[n & 15]!;
    n >>>= 4;
  }
}
