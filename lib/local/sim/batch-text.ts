/**
 * Strings written as ASCII bytes one after another into one buffer, then made one string at once,
 * each string a slice of it: for what an event needs one of per message (message ids, receipt
 * handles). A string built by concatenation is a tree of pieces, and one made from bytes alone
 * pays a call each; a slice of one string made for the batch costs about half.
 */
export class BatchText {
  private bytes = Buffer.allocUnsafe(1024);
  /** Where each string of the batch ends. */
  private readonly ends: number[] = [];
  private count = 0;

  /** Starts a new batch (the strings of the last one are made already). */
  public begin(): void {
    this.count = 0;
  }

  /** Where the next string starts. */
  public get end(): number {
    return this.count === 0 ? 0 : this.ends[this.count - 1]!;
  }

  /** The buffer, with room for `n` more bytes from `end`: write the next string there, then `close` it. */
  public room(n: number): Uint8Array {
    const at = this.end;
    if (at + n > this.bytes.length) {
      const grown = Buffer.allocUnsafe(2 * (at + n));
      this.bytes.copy(grown, 0, 0, at);
      this.bytes = grown;
    }
    return this.bytes;
  }

  /** The string written from `end` ends at `at`. */
  public close(at: number): void {
    this.ends[this.count++] = at;
  }

  /** How many strings the batch has. */
  public get size(): number {
    return this.count;
  }

  /** The batch's strings, in the order they were written. */
  public strings(): string[] {
    const n = this.count;
    const out = new Array<string>(n);
    if (n === 0) return out;
    const text = this.bytes.toString('latin1', 0, this.ends[n - 1]!);
    let start = 0;
    for (let i = 0; i < n; i++) {
      const end = this.ends[i]!;
      out[i] = text.slice(start, end);
      start = end;
    }
    return out;
  }
}
