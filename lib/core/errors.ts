import type { Duration } from './duration.js';
import type { Size } from './size.js';

/**
 * The one error type lambdaform throws for bad input.
 *
 * The message always starts with the construct path (or template location) it is about, so a
 * user can find the offending line: `MyStack/Resize: timeout must be between 1 and 900 seconds, got 901`.
 */
export class LambdaformError extends Error {
  /** Construct path (or `file:line` of a template) the error is about; undefined for app-wide errors. */
  public readonly path: string | undefined;

  /** The message without the path prefix. */
  public readonly detail: string;

  constructor(path: string | undefined, detail: string) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'LambdaformError';
    this.path = path;
    this.detail = detail;
  }
}

/** Several errors found at once (validation collects them all and throws once). */
export class LambdaformValidationError extends LambdaformError {
  /** The individual errors, each with its own path. */
  public readonly errors: readonly LambdaformError[];

  constructor(errors: readonly LambdaformError[]) {
    const lines = errors.map((e) => `  - ${e.message}`).join('\n');
    super(undefined, `validation failed with ${errors.length} error(s):\n${lines}`);
    this.name = 'LambdaformValidationError';
    this.errors = errors;
  }
}

/** Formats a number range the way every limit message does: "between 1 and 900 seconds". */
export function rangeMessage(property: string, min: number, max: number, unit: string, got: string | number): string {
  const u = unit ? ` ${unit}` : '';
  return `${property} must be between ${min} and ${max}${u}, got ${got}`;
}

/** Throws a LambdaformError when `value` lies outside [min, max]. */
export function checkRange(path: string, property: string, value: number | undefined, min: number, max: number, unit = ''): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new LambdaformError(path, rangeMessage(property, min, max, unit, value));
  }
}

/** Throws when `value` is not an integer. */
export function checkInteger(path: string, property: string, value: number | undefined, unit = ''): void {
  if (value === undefined) return;
  if (!Number.isInteger(value)) {
    const u = unit ? ` ${unit}` : '';
    throw new LambdaformError(path, `${property} must be a whole number of${u || ' units'}, got ${value}`);
  }
}

/** Checks a Size is a whole number of MiB within [min, max]. */
export function checkMb(path: string, property: string, size: Size, min: number, max: number): void {
  const mb = size.toMebibytes();
  if (!Number.isInteger(mb)) throw new LambdaformError(path, `${property} must be a whole number of MiB, got ${size.toHumanString()}`);
  checkRange(path, property, mb, min, max, 'MiB');
}

/** Checks a Duration is a whole number of seconds within [min, max]. */
export function checkSeconds(path: string, property: string, d: Duration, min: number, max: number): void {
  const s = d.toSeconds();
  if (!Number.isInteger(s)) throw new LambdaformError(path, `${property} must be a whole number of seconds, got ${d.toHumanString()}`);
  checkRange(path, property, s, min, max, 'seconds');
}
