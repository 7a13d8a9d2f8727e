import { expect } from 'vitest';
import { LambdaformError } from '../../lib/all.js';

export /** Runs `build`, expecting a LambdaformError about `path` whose detail matches `detail`. */
function expectLambdaformError(build: () => unknown, path: string, detail: RegExp): void {
  let thrown: unknown;
  try {
    build();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(LambdaformError);
  const err = thrown as LambdaformError;
  expect(err.path).toBe(path);
  expect(err.message.startsWith(`${path}: `)).toBe(true);
  expect(err.detail).toMatch(detail);
}

/** Runs `f` and returns what it threw (undefined when it did not throw). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** The message of the LambdaformError `f` throws (failing when it throws nothing, or something else). */
export function errorMessage(f: () => unknown): string {
  const e = thrown(f);
  expect(e).toBeInstanceOf(LambdaformError);
  return (e as LambdaformError).message;
}
