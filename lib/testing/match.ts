/**
 * Matchers for `Template` assertions, with the names and semantics of `aws-cdk-lib/assertions`:
 *
 * - a plain object in an expected value matches like `Match.objectLike` (the actual object may
 *   have more keys), and so do the objects nested in it;
 * - a plain array matches an array of the same length, element by element, in order;
 * - anything else matches by strict equality (`===`, of the same type);
 * - `Match.exact`, `Match.objectEquals`, `Match.arrayEquals` and `Match.arrayWith` elements,
 *   `Match.not` and `Match.serializedJson` of a plain value compare exactly: nested objects must
 *   have exactly the expected keys too, whatever their order.
 *
 * Matchers nested in an expected value (`{ A: Match.absent() }`) apply at their place.
 */
export abstract class Matcher {
  /** True for matchers (as opposed to plain expected values). */
  public static isMatcher(x: unknown): x is Matcher {
    return x instanceof Matcher;
  }

  /** Returns undefined when `actual` matches, else a description of the mismatch that starts with `path`. */
  public abstract test(actual: unknown, path: string): string | undefined;

  /** How the matcher shows inside an expected value in messages. */
  public toJSON(): string {
    return describe(this);
  }
}

/** A value as shown in messages. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing (undefined)';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  return JSON.stringify(v) ?? String(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Compares `actual` with an expected value: matchers apply, arrays must have the same length and
 * order, objects the expected keys (and, unless `partialObjects`, no others), other values must be `===`.
 */
function literal(expected: unknown, actual: unknown, path: string, partialObjects: boolean): string | undefined {
  if (expected instanceof Matcher) return expected.test(actual, path);
  if (Array.isArray(expected)) return arrayEquals(expected, actual, path, partialObjects);
  if (isPlainObject(expected)) return objectMatch(expected, actual, path, partialObjects);
  if (typeName(expected) !== typeName(actual)) return `${path}: expected ${typeName(expected)} ${show(expected)}, got ${typeName(actual)} ${show(actual)}`;
  return expected === actual ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function arrayEquals(expected: readonly unknown[], actual: unknown, path: string, partialObjects: boolean): string | undefined {
  if (!Array.isArray(actual)) return `${path}: expected an array, got ${typeName(actual)} ${show(actual)}`;
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const problem = literal(expected[i], actual[i], `${path}[${i}]`, partialObjects);
    if (problem) return problem;
  }
  if (expected.length !== actual.length) {
    const what = expected.length > actual.length ? `missing ${show(expected.slice(n))}` : `extra ${show(actual.slice(n))}`;
    return `${path}: expected ${expected.length} element(s), got ${actual.length} (${what})`;
  }
  return undefined;
}

function objectMatch(expected: Record<string, unknown>, actual: unknown, path: string, partial: boolean): string | undefined {
  if (!isPlainObject(actual)) return `${path}: expected an object, got ${typeName(actual)} ${show(actual)}`;
  for (const [k, v] of Object.entries(expected)) {
    const p = `${path}.${k}`;
    if (!Object.hasOwn(actual, k) && !(v instanceof Absent)) return `${p}: missing key '${k}' (expected ${describe(v)})`;
    const problem = literal(v, actual[k], p, partial);
    if (problem) return problem;
  }
  if (!partial) {
    const extra = Object.keys(actual).filter((k) => !Object.hasOwn(expected, k));
    if (extra.length) return `${path}: unexpected key(s) ${extra.map((k) => `'${k}'`).join(', ')} (expected exactly ${show(Object.keys(expected))})`;
  }
  return undefined;
}

/** An expected value (or matcher) in a message. */
function describe(v: unknown): string {
  if (!(v instanceof Matcher)) return show(v);
  const own = v.toString();
  return own === '[object Object]' ? v.constructor.name : own;
}

class Absent extends Matcher {
  public override toString(): string {
    return 'Match.absent()';
  }
  public test(actual: unknown, path: string): string | undefined {
    return actual === undefined ? undefined : `${path}: expected the key to be absent, got ${show(actual)}`;
  }
}

class AnyValue extends Matcher {
  public override toString(): string {
    return 'Match.anyValue()';
  }
  public test(actual: unknown, path: string): string | undefined {
    return actual === undefined || actual === null ? `${path}: expected a value, got ${actual === null ? 'null' : 'nothing (the key is absent)'}` : undefined;
  }
}

class ObjectMatch extends Matcher {
  constructor(
    private readonly expected: Record<string, unknown>,
    private readonly partial: boolean,
  ) {
    super();
  }
  public override toString(): string {
    return `Match.${this.partial ? 'objectLike' : 'objectEquals'}(${show(this.expected)})`;
  }
  public test(actual: unknown, path: string): string | undefined {
    return objectMatch(this.expected, actual, path, this.partial);
  }
}

class ArrayWith extends Matcher {
  constructor(private readonly expected: readonly unknown[]) {
    super();
    for (const e of expected) {
      if (e instanceof Absent || e instanceof AnyValue) throw new Error(`Match.${e instanceof Absent ? 'absent' : 'anyValue'}() cannot be an element of Match.arrayWith()`);
    }
  }
  public override toString(): string {
    return `Match.arrayWith(${show(this.expected)})`;
  }
  public test(actual: unknown, path: string): string | undefined {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${typeName(actual)} ${show(actual)}`;
    // Earliest match first: if the elements can be found in order, this finds them.
    let from = 0;
    for (let p = 0; p < this.expected.length; p++) {
      const e = this.expected[p];
      let i = from;
      while (i < actual.length && attempt(() => literal(e, actual[i], `${path}[${i}]`, false)) !== undefined) i++;
      if (i === actual.length) {
        const after = p > 0 ? ` after element ${from - 1} (which matched the expected element ${p - 1})` : '';
        return `${path}: no element${after} matches ${describe(e)} (expected element ${p}) in ${show(actual)}`;
      }
      from = i + 1;
    }
    return undefined;
  }
}

class ArrayEquals extends Matcher {
  constructor(private readonly expected: readonly unknown[]) {
    super();
  }
  public override toString(): string {
    return `Match.arrayEquals(${show(this.expected)})`;
  }
  public test(actual: unknown, path: string): string | undefined {
    return arrayEquals(this.expected, actual, path, false);
  }
}

class Regexp extends Matcher {
  private readonly re: RegExp;
  constructor(re: RegExp) {
    super();
    // Without the g/y flags, `test` does not depend on the previous call.
    this.re = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  }
  public override toString(): string {
    return `Match.stringLikeRegexp(${this.re})`;
  }
  public test(actual: unknown, path: string): string | undefined {
    if (typeof actual !== 'string') return `${path}: expected a string matching ${this.re}, got ${typeName(actual)} ${show(actual)}`;
    return this.re.test(actual) ? undefined : `${path}: expected a string matching ${this.re}, got ${show(actual)}`;
  }
}

class Exact extends Matcher {
  constructor(private readonly expected: unknown) {
    super();
    if (expected instanceof Matcher) throw new Error('Match.exact() cannot contain a matcher directly; nest it deeper or drop Match.exact()');
  }
  public override toString(): string {
    return `Match.exact(${show(this.expected)})`;
  }
  public test(actual: unknown, path: string): string | undefined {
    return literal(this.expected, actual, path, false);
  }
}

class Not extends Matcher {
  constructor(private readonly pattern: unknown) {
    super();
  }
  public override toString(): string {
    return `Match.not(${describe(this.pattern)})`;
  }
  public test(actual: unknown, path: string): string | undefined {
    return literal(this.pattern, actual, path, false) === undefined ? `${path}: expected no match for ${describe(this.pattern)}, got ${show(actual)}` : undefined;
  }
}

class SerializedJson extends Matcher {
  constructor(private readonly pattern: unknown) {
    super();
  }
  public override toString(): string {
    return `Match.serializedJson(${describe(this.pattern)})`;
  }
  public test(actual: unknown, path: string): string | undefined {
    if (typeof actual !== 'string') return `${path}: expected JSON in a string, got ${typeName(actual)} ${show(actual)}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual);
    } catch {
      return `${path}: expected JSON in a string, got invalid JSON ${show(actual)}`;
    }
    const problem = literal(this.pattern, parsed, `${path}(json)`, false);
    return problem ? `${path}: the encoded JSON does not match: ${problem}` : undefined;
  }
}

/** Matchers, as in `aws-cdk-lib/assertions`. */
export const Match = {
  /** The key must not be present (a key whose value is undefined counts as absent). */
  absent: (): Matcher => new Absent(),
  /** Any value but null/undefined. */
  anyValue: (): Matcher => new AnyValue(),
  /** The object has at least these keys with matching values (the default for plain objects); nested objects match the same way. */
  objectLike: (pattern: Record<string, unknown>): Matcher => new ObjectMatch(pattern, true),
  /** The object has exactly these keys, with values that match exactly (nested objects too). */
  objectEquals: (pattern: Record<string, unknown>): Matcher => new ObjectMatch(pattern, false),
  /**
   * The array contains elements matching these, in this order (others may lie between). Each
   * element is compared exactly, as with `Match.exact`; wrap it in `Match.objectLike` for a partial match.
   */
  arrayWith: (pattern: readonly unknown[]): Matcher => new ArrayWith(pattern),
  /** The array has exactly these elements, in this order, each compared exactly. */
  arrayEquals: (pattern: readonly unknown[]): Matcher => new ArrayEquals(pattern),
  /** A string matching the regular expression (a string pattern is compiled with the `m` flag, as CDK does). */
  stringLikeRegexp: (pattern: RegExp | string): Matcher => new Regexp(typeof pattern === 'string' ? new RegExp(pattern, 'm') : pattern),
  /** Deep equality, no partial matching, whatever the order of keys; matchers nested in `pattern` still apply. */
  exact: (pattern: unknown): Matcher => new Exact(pattern),
  /** Anything that does not match `pattern` (a plain value compared exactly). */
  not: (pattern: unknown): Matcher => new Not(pattern),
  /** A string of JSON whose parsed value matches `pattern` (a plain value compared exactly). */
  serializedJson: (pattern: unknown): Matcher => new SerializedJson(pattern),
};

/** Plain objects match like `objectLike`, arrays element by element, everything else by equality. */
export function matchValue(expected: unknown, actual: unknown, path: string): string | undefined {
  return attempt(() => literal(expected, actual, path, true));
}

/** What `Capture`s took in the attempt under way (a match that may still fail): kept only if it succeeds. */
let pending: Array<readonly [Capture, unknown]> | undefined;

/** Runs a match whose captures count only if it succeeds: a whole match, or one try of `Match.arrayWith` among several. */
function attempt(match: () => string | undefined): string | undefined {
  const outer = pending;
  const mine: Array<readonly [Capture, unknown]> = [];
  pending = mine;
  let problem: string | undefined;
  try {
    problem = match();
  } finally {
    pending = outer;
  }
  if (problem === undefined) {
    if (outer) outer.push(...mine);
    else for (const [c, v] of mine) c._record(v);
  }
  return problem;
}

/**
 * Captures the value at its place, as `aws-cdk-lib/assertions`' `Capture`: give it where a value is
 * expected (`{ Environment: { Variables: { QUEUE_URL: capture } } }`), then read what matched with
 * `asString()` and the others. A pattern given to it must match too (objects like `objectLike`).
 * Several matches (`findResources`, a value in several resources) capture several values:
 * `next()` moves to the next one.
 */
export class Capture extends Matcher {
  private readonly values: unknown[] = [];
  private index = 0;

  constructor(private readonly pattern?: unknown) {
    super();
  }

  public override toString(): string {
    return this.pattern === undefined ? 'Capture()' : `Capture(${describe(this.pattern)})`;
  }

  public test(actual: unknown, path: string): string | undefined {
    if (actual === undefined) return `${path}: expected a value to capture, got nothing (undefined)`;
    if (this.pattern !== undefined) {
      const problem = literal(this.pattern, actual, path, true);
      if (problem) return problem;
    }
    if (pending) pending.push([this, actual]);
    else this._record(actual);
    return undefined;
  }

  /** @internal Keeps a value a successful match captured. */
  public _record(value: unknown): void {
    this.values.push(value);
  }

  /** Moves to the next captured value; false when there is none. */
  public next(): boolean {
    if (this.index + 1 >= this.values.length) return false;
    this.index++;
    return true;
  }

  /** The captured value as a string; throws when none was captured or it is not a string. */
  public asString(): string {
    return this.as('string', (v): v is string => typeof v === 'string');
  }

  /** The captured value as a number. */
  public asNumber(): number {
    return this.as('number', (v): v is number => typeof v === 'number');
  }

  /** The captured value as a boolean. */
  public asBoolean(): boolean {
    return this.as('boolean', (v): v is boolean => typeof v === 'boolean');
  }

  /** The captured value as an array. */
  public asArray(): unknown[] {
    return this.as('array', (v): v is unknown[] => Array.isArray(v));
  }

  /** The captured value as an object. */
  public asObject(): Record<string, unknown> {
    return this.as('object', isPlainObject);
  }

  private as<T>(what: string, is: (v: unknown) => v is T): T {
    if (this.values.length === 0) throw new Error('Capture: no value was captured (no match reached it)');
    const v = this.values[this.index];
    if (!is(v)) throw new Error(`Capture: the captured value is expected to be ${what === 'array' || what === 'object' ? `an ${what}` : `a ${what}`}, but it is ${typeName(v)} ${show(v)}`);
    return v;
  }
}
