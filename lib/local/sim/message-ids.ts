import { putUuid, uuidOf } from './random.js';

/**
 * Message ids: version 4 UUIDs made from a number and the run's seed, written only when read.
 * Numbers are in spaces: space 0 numbers the ids handed out one by one (`id`, `next`); each queue
 * has a space of its own (`space`) whose numbers are its messages' sequence numbers, so a message
 * waiting in a queue keeps no id at all. Distinct (space, number) pairs give distinct ids (for
 * numbers below 2^48 and fewer than 65,536 spaces): the first 8 hex digits are a bijection of the
 * number's low 32 bits; the last 8, given the first, a bijection of its high 16 bits beside the
 * space; the digits between are derived from them. The same seed gives the same ids.
 */
export class MessageIds {
  private count = 0;
  private spaces = 0;
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;

  public constructor(seed: number) {
    const s = seed >>> 0;
    this.k0 = mix(s ^ 0x9e3779b9);
    this.k1 = mix(this.k0 ^ 0x7f4a7c15);
    this.k2 = mix(this.k1 ^ 0x94d049bb);
    this.k3 = mix(this.k2 ^ 0xbf58476d);
  }

  /** The number of a new id (1, 2, ...). */
  public next(): number {
    return ++this.count;
  }

  /** A new space of numbers (1, 2, ...). */
  public space(): number {
    return ++this.spaces;
  }

  /** The id of number `n` (a whole number below 2^48) of `space`. */
  public format(n: number, space = 0): string {
    const w = this.words(n, space);
    return uuidOf(w[0]!, w[1]!, w[2]!, w[3]!);
  }

  /** The four words `uuidOf` writes the id of number `n` of `space` from (in `WORDS`, returned). */
  private words(n: number, space: number): Uint32Array {
    const lo = n >>> 0;
    const hi = ((Math.floor(n / 4294967296) & 0xffff) | (space << 16)) >>> 0;
    const a = mix(lo ^ this.k0);
    const d = mix(hi ^ this.k1);
    const b = mix((a + this.k2) ^ d);
    // The last 8 digits: d (one per space and high bits) mixed with a, so that a queue's ids do not
    // share their ending; a is in the id, so d, and the number, still follow from the id.
    WORDS[0] = a;
    WORDS[1] = b;
    WORDS[2] = mix(b ^ this.k3);
    WORDS[3] = d ^ mix(a ^ this.k2);
    return WORDS;
  }

  /** Writes the id of number `n` of `space` (as `format` gives it) into `bytes` at `at`: 36 bytes of ASCII. */
  public put(bytes: Uint8Array, at: number, n: number, space: number): void {
    const w = this.words(n, space);
    putUuid(bytes, at, w[0]!, w[1]!, w[2]!, w[3]!);
  }

  /** A new id. */
  public id(): string {
    return this.format(this.next());
  }
}

/** The words of the id `words` made last (one array for every call: nothing allocated per id). */
const WORDS = new Uint32Array(4);

/** MurmurHash3's 32-bit finalizer: a bijection of 32-bit numbers that spreads every bit. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
