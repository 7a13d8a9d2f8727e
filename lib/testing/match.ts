/** A matcher used inside expected values of `Template` assertions. */
export abstract class Matcher {
  /** Returns undefined when `actual` matches, else a description of the mismatch. */
  public abstract test(actual: unknown, path: string): string | undefined;
}

class Absent extends Matcher {
  public test(actual: unknown, path: string): string | undefined {
    return actual === undefined ? undefined : `${path}: expected absent, got ${JSON.stringify(actual)}`;
  }
}

class AnyValue extends Matcher {
  public test(actual: unknown, path: string): string | undefined {
    return actual === undefined || actual === null ? `${path}: expected a value, got ${actual}` : undefined;
  }
}

class ObjectMatch extends Matcher {
  constructor(
    private readonly expected: Record<string, unknown>,
    private readonly exact: boolean,
  ) {
    super();
  }
  public test(actual: unknown, path: string): string | undefined {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(this.expected)) {
      const problem = matchValue(v, (actual as Record<string, unknown>)[k], `${path}.${k}`);
      if (problem) return problem;
    }
    if (this.exact) {
      const extra = Object.keys(actual).filter((k) => !(k in this.expected));
      if (extra.length) return `${path}: unexpected keys ${extra.join(', ')}`;
    }
    return undefined;
  }
}

class ArrayWith extends Matcher {
  constructor(private readonly expected: readonly unknown[]) {
    super();
  }
  public test(actual: unknown, path: string): string | undefined {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    let from = 0;
    for (const e of this.expected) {
      const i = actual.findIndex((a, idx) => idx >= from && matchValue(e, a, path) === undefined);
      if (i === -1) return `${path}: no element matches ${JSON.stringify(e)} in ${JSON.stringify(actual)}`;
      from = i + 1;
    }
    return undefined;
  }
}

class Regexp extends Matcher {
  constructor(private readonly re: RegExp) {
    super();
  }
  public test(actual: unknown, path: string): string | undefined {
    return typeof actual === 'string' && this.re.test(actual) ? undefined : `${path}: expected a string matching ${this.re}, got ${JSON.stringify(actual)}`;
  }
}

class Exact extends Matcher {
  constructor(private readonly expected: unknown) {
    super();
  }
  public test(actual: unknown, path: string): string | undefined {
    return JSON.stringify(actual) === JSON.stringify(this.expected) ? undefined : `${path}: expected exactly ${JSON.stringify(this.expected)}, got ${JSON.stringify(actual)}`;
  }
}

/** Matchers, as in `aws-cdk-lib/assertions`. */
export const Match = {
  /** The key must not be present. */
  absent: (): Matcher => new Absent(),
  /** Any value but null/undefined. */
  anyValue: (): Matcher => new AnyValue(),
  /** The object has at least these keys with matching values (the default for plain objects). */
  objectLike: (expected: Record<string, unknown>): Matcher => new ObjectMatch(expected, false),
  /** The object has exactly these keys. */
  objectEquals: (expected: Record<string, unknown>): Matcher => new ObjectMatch(expected, true),
  /** The array contains matching elements, in this order (others may lie between). */
  arrayWith: (expected: readonly unknown[]): Matcher => new ArrayWith(expected),
  /** A string matching the regular expression. */
  stringLikeRegexp: (re: RegExp | string): Matcher => new Regexp(typeof re === 'string' ? new RegExp(re) : re),
  /** Deep equality, no partial matching. */
  exact: (expected: unknown): Matcher => new Exact(expected),
};

/** Plain objects match like `objectLike`, arrays element by element, everything else by equality. */
export function matchValue(expected: unknown, actual: unknown, path: string): string | undefined {
  if (expected instanceof Matcher) return expected.test(actual, path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const problem = matchValue(expected[i], actual[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof expected === 'object' && expected !== null) return new ObjectMatch(expected as Record<string, unknown>, false).test(actual, path);
  return expected === actual ? undefined : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
