import { LambdaformError } from './errors.js';
import { captureSource, formatSource } from './source.js';
import { Token } from './tokens.js';

const MS = { milliseconds: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type Unit = keyof typeof MS;

/**
 * A length of time. Use the static factories (`Duration.seconds(30)`); there is no public
 * constructor, so a bare number with an implied unit can never reach a property.
 */
export class Duration {
  /** @param amount milliseconds */
  public static millis(amount: number): Duration {
    return new Duration(amount, 'milliseconds');
  }
  /** @param amount seconds */
  public static seconds(amount: number): Duration {
    return new Duration(amount, 'seconds');
  }
  /** @param amount minutes */
  public static minutes(amount: number): Duration {
    return new Duration(amount, 'minutes');
  }
  /** @param amount hours */
  public static hours(amount: number): Duration {
    return new Duration(amount, 'hours');
  }
  /** @param amount days */
  public static days(amount: number): Duration {
    return new Duration(amount, 'days');
  }

  private constructor(
    private readonly amount: number,
    private readonly unit: Unit,
  ) {
    if (Token.isUnresolved(amount)) {
      const at = captureSource();
      throw new LambdaformError(at ? formatSource(at) : undefined, `a Duration cannot be made of a deploy-time number (a token such as a CfnParameter's valueAsNumber): lambdaform checks durations against AWS's limits and runs them locally before deploy; give a literal number of ${unit}, or set the template property itself with addPropertyOverride`, 'token-not-allowed');
    }
    if (!Number.isFinite(amount) || amount < 0) {
      // No construct yet: the error points at the user's line that made the value.
      const at = captureSource();
      throw new LambdaformError(at ? formatSource(at) : undefined, `a Duration must be a finite, non-negative number of ${unit}, got ${amount}`, 'invalid-duration');
    }
  }

  /** The duration in milliseconds. */
  public toMilliseconds(): number {
    return snap(this.amount * MS[this.unit]);
  }

  /** The duration in seconds (may be fractional unless `integral` is asked for). */
  public toSeconds(opts: { integral?: boolean } = {}): number {
    return this.convert('seconds', opts.integral ?? false);
  }

  /** The duration in minutes. */
  public toMinutes(opts: { integral?: boolean } = {}): number {
    return this.convert('minutes', opts.integral ?? false);
  }

  /** The duration in hours. */
  public toHours(opts: { integral?: boolean } = {}): number {
    return this.convert('hours', opts.integral ?? false);
  }

  /** The duration in days (may be fractional unless `integral` is asked for). */
  public toDays(opts: { integral?: boolean } = {}): number {
    return this.convert('days', opts.integral ?? false);
  }

  /** Human-readable form for messages: "5 minutes", "1.5 seconds". */
  public toHumanString(): string {
    const single = this.unit.slice(0, -1);
    return `${this.amount} ${this.amount === 1 ? single : this.unit}`;
  }

  public toString(): string {
    return this.toHumanString();
  }

  private convert(to: Unit, integral: boolean): number {
    const value = snap((this.amount * MS[this.unit]) / MS[to]);
    if (integral && !Number.isInteger(value)) {
      throw new LambdaformError(undefined, `${this.toHumanString()} cannot be expressed as a whole number of ${to}`);
    }
    return value;
  }
}

/** Removes binary floating-point noise: 245.99999999999997 seconds (4.1 minutes) is 246. */
export function snap(value: number): number {
  const rounded = Math.round(value);
  return Math.abs(value - rounded) <= 1e-9 * Math.max(1, Math.abs(value)) ? rounded : value;
}
