import { LambdaformError } from './errors.js';
import { captureSource, formatSource } from './source.js';
import { snap } from './duration.js';
import { Token } from './tokens.js';

const KIB = { bytes: 1 / 1024, kibibytes: 1, mebibytes: 1024, gibibytes: 1024 * 1024 } as const;
type Unit = keyof typeof KIB;

/** An amount of memory or storage: `Size.mebibytes(512)`, `Size.gibibytes(10)`. */
export class Size {
  /** @param amount bytes */
  public static bytes(amount: number): Size {
    return new Size(amount, 'bytes');
  }
  /** @param amount KiB */
  public static kibibytes(amount: number): Size {
    return new Size(amount, 'kibibytes');
  }
  /** @param amount MiB */
  public static mebibytes(amount: number): Size {
    return new Size(amount, 'mebibytes');
  }
  /** @param amount GiB */
  public static gibibytes(amount: number): Size {
    return new Size(amount, 'gibibytes');
  }

  private constructor(
    private readonly amount: number,
    private readonly unit: Unit,
  ) {
    if (Token.isUnresolved(amount)) {
      const at = captureSource();
      throw new LambdaformError(at ? formatSource(at) : undefined, `a Size cannot be made of a deploy-time number (a token such as a CfnParameter's valueAsNumber): lambdaform checks sizes against AWS's limits and runs them locally before deploy; give a literal number of ${unit}, or set the template property itself with addPropertyOverride`, 'token-not-allowed');
    }
    if (!Number.isFinite(amount) || amount < 0) {
      // No construct yet: the error points at the user's line that made the value.
      const at = captureSource();
      throw new LambdaformError(at ? formatSource(at) : undefined, `a Size must be a finite, non-negative number of ${unit}, got ${amount}`, 'invalid-size');
    }
  }

  /** The size in bytes. */
  public toBytes(): number {
    return snap(this.amount * KIB[this.unit] * 1024);
  }

  /** The size in KiB. */
  public toKibibytes(): number {
    return snap(this.amount * KIB[this.unit]);
  }

  /** The size in MiB (may be fractional). */
  public toMebibytes(): number {
    return snap((this.amount * KIB[this.unit]) / 1024);
  }

  /** Human-readable form for messages: "512 mebibytes". */
  public toHumanString(): string {
    return `${this.amount} ${this.amount === 1 ? this.unit.slice(0, -1) : this.unit}`;
  }

  public toString(): string {
    return this.toHumanString();
  }
}
